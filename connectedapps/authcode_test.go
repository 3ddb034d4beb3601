package connectedapps_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// signIn runs Begin, the browser's visit to the authorize endpoint and
// Exchange, and returns the token.
func (f *acFixture) signIn(t *testing.T, ac connectedapps.AuthorizationCode) *oauth2.Token {
	t.Helper()
	req, err := ac.Begin()
	if err != nil {
		t.Fatal(err)
	}
	back, err := f.authorize(context.Background(), req.URL)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ac.Exchange(context.Background(), req, back.Query())
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	return tok
}

func expired(tok *oauth2.Token) *oauth2.Token {
	c := *tok
	c.Expiry = time.Now().Add(-time.Minute)
	return &c
}

func TestBeginBuildsTheAuthorizeURL(t *testing.T) {
	ac := connectedapps.AuthorizationCode{ClientID: "cid", ClientSecret: "shh", RedirectURL: "http://127.0.0.1:8765/callback",
		Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}, Config: sdktest.Config(anypoint.WithRegion(anypoint.EU))}
	req, err := ac.Begin()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Scheme + "://" + u.Host + u.Path; got != "https://eu1.anypoint.mulesoft.com/accounts/api/v2/oauth2/authorize" {
		t.Errorf("endpoint = %s", got)
	}
	q := u.Query()
	want := url.Values{
		"client_id": {"cid"}, "response_type": {"code"}, "redirect_uri": {"http://127.0.0.1:8765/callback"},
		"scope": {"view:environment offline_access"}, "state": {req.State}, "nonce": {req.Nonce},
		"code_challenge": {oauth2.S256ChallengeFromVerifier(req.Verifier)}, "code_challenge_method": {"S256"},
		"prompt": {"consent"}, // offline_access is asked for
	}
	if q.Encode() != want.Encode() {
		t.Errorf("query\n got %s\nwant %s", q.Encode(), want.Encode())
	}
	if strings.Contains(req.URL, "shh") {
		t.Error("the secret is in the authorization URL")
	}
	for name, v := range map[string]string{"state": req.State, "nonce": req.Nonce, "verifier": req.Verifier} {
		b, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil || len(b) < 32 {
			t.Errorf("%s %q is not ≥32 random bytes in base64url", name, v)
		}
	}
	again, _ := ac.Begin()
	if again.State == req.State || again.Verifier == req.Verifier || again.Nonce == req.Nonce {
		t.Error("two Begins share a state, nonce or verifier")
	}
}

func TestBeginWithoutPKCEOrScopes(t *testing.T) {
	ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "https://app.example.com/cb", DisablePKCE: true, Config: sdktest.Config(anypoint.WithBaseURL("https://cp.example.com/base/"))}
	req, err := ac.Begin()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(req.URL)
	q := u.Query()
	if u.Path != "/base/accounts/api/v2/oauth2/authorize" || q.Has("code_challenge") || q.Has("code_challenge_method") || q.Has("scope") || req.Verifier != "" {
		t.Errorf("URL %s (verifier %q); want no PKCE and no scope under /base", req.URL, req.Verifier)
	}
}

func TestBeginValidates(t *testing.T) {
	for _, tc := range []struct {
		ac   connectedapps.AuthorizationCode
		want string
	}{
		{connectedapps.AuthorizationCode{RedirectURL: "http://127.0.0.1:1/cb"}, "ClientID is required"},
		{connectedapps.AuthorizationCode{ClientID: "x"}, "RedirectURL is required"},
		{connectedapps.AuthorizationCode{ClientID: "x", RedirectURL: "cb"}, "not an absolute URL"},
		{connectedapps.AuthorizationCode{ClientID: "x", RedirectURL: "http://127.0.0.1:1/cb#frag"}, "fragment"},
	} {
		if _, err := tc.ac.Begin(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v; want %q", tc.ac, err, tc.want)
		}
	}
}

// tokenEndpoint is a token endpoint that records the forms it gets.
type tokenEndpoint struct {
	*httptest.Server
	mu     sync.Mutex
	forms  []url.Values
	answer func(form url.Values) (int, string)
}

func newTokenEndpoint(t *testing.T, answer func(form url.Values) (int, string)) *tokenEndpoint {
	te := &tokenEndpoint{answer: answer}
	te.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || (r.URL.Path != anypointtest.TokenPath && r.URL.Path != anypointtest.RevokePath) {
			t.Errorf("unexpected request %s %s", r.Method, r.URL)
			w.WriteHeader(599)
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type = %q", ct)
		}
		_ = r.ParseForm()
		form := r.PostForm
		form.Set("_path", r.URL.Path)
		te.mu.Lock()
		te.forms = append(te.forms, form)
		te.mu.Unlock()
		status, body := te.answer(form)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(te.Close)
	return te
}

func (te *tokenEndpoint) got() []url.Values {
	te.mu.Lock()
	defer te.mu.Unlock()
	return append([]url.Values(nil), te.forms...)
}

func TestExchangeSendsTheCodeAndVerifier(t *testing.T) {
	te := newTokenEndpoint(t, func(url.Values) (int, string) {
		return 200, `{"access_token":"at-1","token_type":"bearer","refresh_token":"rt-1","expires_in":3600,"scope":"view:environment offline_access"}`
	})
	for _, secret := range []string{"the-secret", ""} {
		ac := connectedapps.AuthorizationCode{ClientID: "cid", ClientSecret: secret, RedirectURL: "http://127.0.0.1:8765/callback", Config: sdktest.Config(anypoint.WithBaseURL(te.URL))}
		req, _ := ac.Begin()
		before := time.Now()
		tok, err := ac.Exchange(context.Background(), req, url.Values{"code": {"the-code"}, "state": {req.State}})
		if err != nil {
			t.Fatalf("Exchange: %v", err)
		}
		if tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || tok.Expiry.Before(before.Add(59*time.Minute)) {
			t.Errorf("token %q %q %v", tok.AccessToken, tok.RefreshToken, tok.Expiry)
		}
		forms := te.got()
		form := forms[len(forms)-1]
		want := url.Values{
			"_path": {anypointtest.TokenPath}, "grant_type": {"authorization_code"}, "code": {"the-code"},
			"redirect_uri": {"http://127.0.0.1:8765/callback"}, "client_id": {"cid"}, "code_verifier": {req.Verifier},
		}
		if secret != "" {
			want.Set("client_secret", secret)
		}
		if form.Encode() != want.Encode() {
			t.Errorf("form\n got %s\nwant %s", form.Encode(), want.Encode())
		}
	}
}

func TestExchangeRefusesBadCallbacksWithoutARequest(t *testing.T) {
	te := newTokenEndpoint(t, func(url.Values) (int, string) { return 200, `{"access_token":"x"}` })
	ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:8765/callback", Config: sdktest.Config(anypoint.WithBaseURL(te.URL))}
	req, _ := ac.Begin()
	s := req.State
	other := "x"
	if s[0] == 'x' {
		other = "y"
	}
	for _, tc := range []struct {
		name string
		q    url.Values
		is   error
		code string
	}{
		{"wrong state", url.Values{"code": {"c0de-value"}, "state": {other + s[1:]}}, connectedapps.ErrStateMismatch, ""},
		{"no state", url.Values{"code": {"c0de-value"}}, connectedapps.ErrStateMismatch, ""},
		{"two states", url.Values{"code": {"c0de-value"}, "state": {s, s}}, connectedapps.ErrStateMismatch, ""},
		{"prefix of the state", url.Values{"code": {"c0de-value"}, "state": {s[:20]}}, connectedapps.ErrStateMismatch, ""},
		{"error with a forged state", url.Values{"error": {"access_denied"}, "state": {"forged"}}, connectedapps.ErrStateMismatch, ""},
		{"denied", url.Values{"error": {"access_denied"}, "error_description": {"The user\ndenied"}, "state": {s}}, connectedapps.ErrAccessDenied, "access_denied"},
		{"invalid scope", url.Values{"error": {"invalid_scope"}, "state": {s}}, nil, "invalid_scope"},
		{"no code", url.Values{"state": {s}}, connectedapps.ErrMissingCode, ""},
		{"empty code", url.Values{"state": {s}, "code": {""}}, connectedapps.ErrMissingCode, ""},
		{"two codes", url.Values{"state": {s}, "code": {"a", "b"}}, connectedapps.ErrMissingCode, ""},
	} {
		_, err := ac.Exchange(context.Background(), req, tc.q)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: err = %v; want %v", tc.name, err, tc.is)
		}
		var ae *connectedapps.AuthorizationError
		if tc.code != "" && (!errors.As(err, &ae) || ae.Code != tc.code) {
			t.Errorf("%s: err = %#v; want *connectedapps.AuthorizationError %s", tc.name, err, tc.code)
		}
		if tc.code == "invalid_scope" && errors.Is(err, connectedapps.ErrAccessDenied) {
			t.Errorf("%s: matches ErrAccessDenied", tc.name)
		}
		if strings.Contains(err.Error(), s) || strings.Contains(err.Error(), "c0de-value") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %q quotes the state or code, or has a line break", tc.name, err)
		}
	}
	if _, err := ac.Exchange(context.Background(), nil, url.Values{}); err == nil || !strings.Contains(err.Error(), "Begin") {
		t.Errorf("nil request: err = %v", err)
	}
	if n := len(te.got()); n != 0 {
		t.Errorf("%d token requests; want 0", n)
	}
}

func TestExchangeInvalidGrant(t *testing.T) {
	te := newTokenEndpoint(t, func(url.Values) (int, string) {
		return 400, `{"error":"invalid_grant","error_description":"the authorization code has already been used"}`
	})
	ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:8765/callback", Config: sdktest.Config(anypoint.WithBaseURL(te.URL))}
	req, _ := ac.Begin()
	_, err := ac.Exchange(context.Background(), req, url.Values{"code": {"used-code"}, "state": {req.State}})
	if !errors.Is(err, anypoint.ErrInvalidGrant) || strings.Contains(err.Error(), "used-code") || strings.Contains(err.Error(), req.Verifier) {
		t.Errorf("err = %v; want ErrInvalidGrant without the code or verifier", err)
	}
}

func TestRefreshRotatesUnderConcurrentCallers(t *testing.T) {
	acNoLeaks(t)
	// A slow token endpoint, so that the callers pile up behind the first refresh.
	f := newACFixture(t, anypointtest.WithTokenLatency(50*time.Millisecond))
	tok := f.signIn(t, f.ac)
	if tok.RefreshToken == "" {
		t.Fatal("no refresh token despite offline_access")
	}
	store := &connectedapps.MemoryStore{}
	ts := source(t, f.ac, expired(tok), connectedapps.WithStore(store))
	f.srv.ResetRequestLog()

	const callers = 100
	var wg sync.WaitGroup
	got := make([]*oauth2.Token, callers)
	errs := make([]error, callers)
	start := make(chan struct{})
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i], errs[i] = ts.Token()
		}()
	}
	close(start)
	wg.Wait()
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if got[i].AccessToken != got[0].AccessToken {
			t.Fatalf("callers got different tokens")
		}
	}
	if n := f.srv.TokenRequests(connectedapps.GrantRefreshToken); n != 1 {
		t.Errorf("%d refresh requests for %d callers; want 1", n, callers)
	}
	if got[0].AccessToken == tok.AccessToken {
		t.Error("the access token was not refreshed")
	}
	saved, _ := store.Load(context.Background())
	if saved == nil || saved.RefreshToken == "" || saved.RefreshToken == tok.RefreshToken || saved.AccessToken != got[0].AccessToken {
		t.Errorf("store holds refresh token rotated=%v, access current=%v; want the rotated refresh token and the new access token",
			saved != nil && saved.RefreshToken != tok.RefreshToken, saved != nil && saved.AccessToken == got[0].AccessToken)
	}
	if _, err := listEnvironments(t, ts, f); err != nil {
		t.Errorf("list with the refreshed token: %v", err)
	}
	// The old refresh token was rotated away: a source still holding it is refused.
	old := source(t, f.ac, expired(tok))
	if _, err := old.Token(); !errors.Is(err, anypoint.ErrInvalidGrant) {
		t.Errorf("refresh with the rotated-away token: %v; want ErrInvalidGrant", err)
	}
}

func TestRevokedGrantStopsRefreshing(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	tok := f.signIn(t, f.ac)
	if !f.srv.RevokeAuthorization(anypointtest.Username, f.app.ClientID) {
		t.Fatal("no grant to revoke")
	}
	ts := source(t, f.ac, expired(tok))
	f.srv.ResetRequestLog()
	for i := range 11 {
		_, err := ts.Token()
		if !errors.Is(err, anypoint.ErrInvalidGrant) {
			t.Fatalf("call %d: err = %v; want ErrInvalidGrant", i, err)
		}
	}
	if n := f.srv.TokenRequests(connectedapps.GrantRefreshToken); n != 1 {
		t.Errorf("%d refresh requests; want exactly 1", n)
	}
	// Through a client: the same error, no more token requests.
	if _, err := listEnvironments(t, ts, f); !errors.Is(err, anypoint.ErrInvalidGrant) {
		t.Errorf("list: %v; want ErrInvalidGrant", err)
	}
	if n := f.srv.TokenRequests(); n != 1 {
		t.Errorf("%d token requests; want 1", n)
	}
}

func TestWithoutRefreshTokenAnExpiredTokenAsksToSignInAgain(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	ac := f.ac
	ac.Scopes = []scopes.Scope{scopes.ViewEnvironment}
	tok := f.signIn(t, ac)
	if tok.RefreshToken != "" {
		t.Fatal("a refresh token without offline_access")
	}
	ts := source(t, ac, tok)
	if _, err := listEnvironments(t, ts, f); err != nil {
		t.Fatalf("list with the fresh token: %v", err)
	}
	ts = source(t, ac, expired(tok))
	f.srv.ResetRequestLog()
	_, err := ts.Token()
	if !errors.Is(err, connectedapps.ErrLoginRequired) || !strings.Contains(err.Error(), "offline_access") || !strings.Contains(err.Error(), "sign in again") {
		t.Errorf("err = %v; want connectedapps.ErrLoginRequired naming offline_access", err)
	}
	// A call the token lacks the scope for is refused with the same 401 as
	// a dead token; nothing could replace the token, so it is kept, and it
	// goes on working where its scopes reach.
	ts = source(t, ac, tok)
	c, err := anypoint.NewClient(ts, anypoint.WithBaseURL(f.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Call(context.Background(), http.MethodGet, "/accounts/api/organizations/"+anypointtest.OrgID+"/hierarchy", nil, nil)
	if !errors.Is(err, anypoint.ErrUnauthorized) || !strings.Contains(err.Error(), "lacks a scope") {
		t.Errorf("a call outside the token's scopes: %v", err)
	}
	if _, err := listEnvironments(t, ts, f); err != nil {
		t.Errorf("the token stopped working after one refused call: %v", err)
	}
	// The platform rejects the token (say, the session ended early): the
	// error says to sign in again.
	f.srv.ExpireTokens()
	if _, err := listEnvironments(t, ts, f); !errors.Is(err, anypoint.ErrUnauthorized) || !strings.Contains(err.Error(), "sign in again") {
		t.Errorf("list after expiry: %v; want a 401 that says to sign in again", err)
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests; want 0", n)
	}
	if _, err := source(t, ac, nil).Token(); !errors.Is(err, connectedapps.ErrLoginRequired) || !strings.Contains(err.Error(), "no token yet") {
		t.Errorf("no token, no store: %v", err)
	}
}

func TestResumeFromFileStoreWithoutBrowser(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	path := filepath.Join(t.TempDir(), "cfg", "anypoint", "token.json")

	// First run: sign in, save.
	var log pageLog
	ts1, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, asIs)), connectedapps.WithStore(connectedapps.NewFileStore(path)))
	if err != nil {
		t.Fatal(err)
	}
	first, _ := ts1.Token()

	// "Next run": a new source on the same file, no opener at all.
	f.srv.ResetRequestLog()
	ts2 := source(t, f.ac, nil, connectedapps.WithStore(connectedapps.NewFileStore(path)))
	if _, err := listEnvironments(t, ts2, f); err != nil {
		t.Fatalf("list after restart: %v", err)
	}
	if n := f.srv.Requests(http.MethodGet, anypointtest.AuthorizePath) + f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d authorize/token requests after restart; want 0", n)
	}
	if got := ts2.GrantedScopes(); len(got) == 0 {
		t.Error("no scopes after restart")
	}

	// A run after the access token expired: refreshes and saves the rotated refresh token.
	f.srv.ExpireTokens()
	ts3 := source(t, f.ac, nil, connectedapps.WithStore(connectedapps.NewFileStore(path)))
	if _, err := listEnvironments(t, ts3, f); err != nil {
		t.Fatalf("list after expiry: %v", err)
	}
	if n := f.srv.TokenRequests(connectedapps.GrantRefreshToken); n != 1 {
		t.Errorf("%d refresh requests; want 1", n)
	}
	onDisk, err := connectedapps.NewFileStore(path).Load(context.Background())
	if err != nil || onDisk.RefreshToken == first.RefreshToken || onDisk.AccessToken == first.AccessToken {
		t.Errorf("file after refresh: err %v, rotated %v", err, onDisk != nil && onDisk.RefreshToken != first.RefreshToken)
	}
}

func TestTokenSourceSavesTheGivenToken(t *testing.T) {
	store := &connectedapps.MemoryStore{}
	ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:8765/cb"}
	tok := &oauth2.Token{AccessToken: "given", RefreshToken: "rt", Expiry: time.Now().Add(time.Hour)}
	ts := source(t, ac, tok, connectedapps.WithStore(store))
	if saved, _ := store.Load(context.Background()); saved == nil || saved.AccessToken != "given" {
		t.Errorf("store holds %v; want the given token", saved)
	}
	if got, err := ts.Token(); err != nil || got.AccessToken != "given" {
		t.Errorf("Token = %v, %v", got, err)
	}
}

func TestAuthorizationCodeSecretsNeverPrint(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	ac := f.ac
	ac.ClientSecret = f.app.ClientSecret
	req, err := ac.Begin()
	if err != nil {
		t.Fatal(err)
	}
	back, err := f.authorize(context.Background(), req.URL)
	if err != nil {
		t.Fatal(err)
	}
	code := back.Query().Get("code")
	tok, err := ac.Exchange(context.Background(), req, back.Query())
	if err != nil {
		t.Fatal(err)
	}
	ts := source(t, ac, tok)
	secrets := map[string]string{
		"secret": ac.ClientSecret, "state": req.State, "verifier": req.Verifier, "nonce": req.Nonce,
		"code": code, "access token": tok.AccessToken, "refresh token": tok.RefreshToken,
		"challenge": oauth2.S256ChallengeFromVerifier(req.Verifier),
	}
	var out bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&out, nil))
	for _, v := range []any{ac, &ac, *req, req, ts} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			fmt.Fprintf(&out, verb+"\n", v)
		}
		logger.Info("value", "v", v)
		fmt.Fprintln(&out, v)
	}
	if b, err := json.Marshal(ac); err == nil {
		out.Write(b)
	}
	for name, s := range secrets {
		if s == "" {
			t.Fatalf("%s is empty", name)
		}
		if strings.Contains(out.String(), s) {
			t.Errorf("the %s shows in printed output", name)
		}
	}
	if !strings.Contains(out.String(), ac.ClientID) {
		t.Error("the client ID does not show; the check would pass on empty output")
	}
}

// TestRefreshAnswerWithoutRefreshTokenKeepsTheOldOne: a refresh answer may
// leave the refresh token out (no rotation).
func TestRefreshAnswerWithoutRefreshTokenKeepsTheOldOne(t *testing.T) {
	var n atomic.Int32
	te := newTokenEndpoint(t, func(form url.Values) (int, string) {
		n.Add(1)
		if form.Get("grant_type") != "refresh_token" || form.Get("refresh_token") != "rt-keep" || form.Get("client_id") != "cid" || form.Has("client_secret") {
			t.Errorf("refresh form %v", form)
		}
		return 200, fmt.Sprintf(`{"access_token":"at-%d","token_type":"bearer","expires_in":3600}`, n.Load())
	})
	store := &connectedapps.MemoryStore{}
	ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:8765/cb", Config: sdktest.Config(anypoint.WithBaseURL(te.URL))}
	ts := source(t, ac, &oauth2.Token{AccessToken: "old", RefreshToken: "rt-keep", Expiry: time.Now().Add(-time.Second)}, connectedapps.WithStore(store))
	tok, err := ts.Token()
	if err != nil || tok.AccessToken != "at-1" || tok.RefreshToken != "rt-keep" {
		t.Fatalf("Token = %+v, %v", tok, err)
	}
	if saved, _ := store.Load(context.Background()); saved.RefreshToken != "rt-keep" {
		t.Error("the stored token lost its refresh token")
	}
}

// source is ac.TokenSource for a test: it fails t when the token cannot be
// saved.
func source(t *testing.T, ac connectedapps.AuthorizationCode, tok *oauth2.Token, opts ...connectedapps.Option) *connectedapps.TokenSource {
	t.Helper()
	ts, err := ac.TokenSource(context.Background(), tok, opts...)
	if err != nil {
		t.Fatalf("TokenSource: %v", err)
	}
	return ts
}
