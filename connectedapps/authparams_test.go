package connectedapps_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

func beginQuery(t *testing.T, ac connectedapps.AuthorizationCode) url.Values {
	t.Helper()
	req, err := ac.Begin()
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// Asking for offline_access asks for consent too (OpenID Connect Core 1.0,
// section 11), unless the caller says otherwise.
func TestOfflineAccessAsksForConsent(t *testing.T) {
	base := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:8765/callback"}
	for _, tc := range []struct {
		name   string
		scopes []scopes.Scope
		params url.Values
		want   []string // the prompt values sent; nil for none
	}{
		{"offline_access", []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}, nil, []string{"consent"}},
		{"no offline_access", []scopes.Scope{scopes.ViewEnvironment}, nil, nil},
		{"no scopes (all the app holds)", nil, nil, nil},
		{"the caller's prompt wins", []scopes.Scope{scopes.OfflineAccess}, url.Values{"prompt": {"login consent"}}, []string{"login consent"}},
		{"the caller's other prompt wins", []scopes.Scope{scopes.OfflineAccess}, url.Values{"prompt": {"login"}}, []string{"login"}},
		{"an empty prompt sends none", []scopes.Scope{scopes.OfflineAccess}, url.Values{"prompt": {""}}, nil},
		{"a prompt without offline_access", []scopes.Scope{scopes.ViewEnvironment}, url.Values{"prompt": {"select_account"}}, []string{"select_account"}},
	} {
		ac := base
		ac.Scopes, ac.AuthParams = tc.scopes, tc.params
		q := beginQuery(t, ac)
		if got := q["prompt"]; strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: prompt = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// AuthParams reach the authorization URL, as x/oauth2's AuthCodeOption
// does, next to what the SDK sets.
func TestAuthParamsAreSent(t *testing.T) {
	ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:8765/callback",
		Scopes:     []scopes.Scope{scopes.ViewEnvironment},
		AuthParams: url.Values{"login_hint": {"max.mule@acme.example"}, "max_age": {"300"}, "ui_locales": {"fr-CA"}, "acr_values": {""}}}
	q := beginQuery(t, ac)
	for k, v := range map[string]string{"login_hint": "max.mule@acme.example", "max_age": "300", "ui_locales": "fr-CA",
		"client_id": "cid", "response_type": "code", "scope": "view:environment"} {
		if got := q[k]; len(got) != 1 || got[0] != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if q.Has("acr_values") || q.Has("prompt") {
		t.Errorf("query %s: an empty parameter or an unasked prompt was sent", q.Encode())
	}
}

// The parameters the SDK owns cannot be overridden, in Begin or in Login,
// and nothing is sent or listened on.
func TestAuthParamsCannotOverrideTheSDKs(t *testing.T) {
	for _, name := range []string{"state", "code_challenge", "code_challenge_method", "redirect_uri", "client_id", "response_type", "nonce", "scope", "STATE", " scope"} {
		ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:1/callback",
			AuthParams: url.Values{name: {"attacker"}}}
		for _, call := range []struct {
			what string
			run  func() error
		}{
			{"Begin", func() error { _, err := ac.Begin(); return err }},
			{"Login", func() error {
				_, err := ac.Login(context.Background(), connectedapps.WithOpener(func(context.Context, string) error {
					t.Errorf("Login with AuthParams[%q] opened a browser", name)
					return nil
				}))
				return err
			}},
		} {
			err := call.run()
			var ve *anypoint.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, connectedapps.ErrReservedAuthParam) {
				t.Errorf("%s with AuthParams[%q]: err = %v (%T), want a ValidationError matching ErrReservedAuthParam", call.what, name, err, err)
				continue
			}
			if !strings.Contains(ve.Field, "AuthParams") || strings.Contains(err.Error(), "attacker") {
				t.Errorf("%s: error %q (field %q)", call.what, err, ve.Field)
			}
		}
	}
	for _, bad := range []url.Values{{"prompt": {"login", "consent"}}, {"": {"x"}}, {"max_age": {}}} {
		ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:1/callback", AuthParams: bad}
		var ve *anypoint.ValidationError
		if _, err := ac.Begin(); !errors.As(err, &ve) || errors.Is(err, connectedapps.ErrReservedAuthParam) {
			t.Errorf("AuthParams %v: err = %v, want a ValidationError", bad, err)
		}
	}
}

// conformantProvider is an OpenID provider that follows OpenID Connect Core
// 1.0, section 11, to the letter: it honours offline_access only when the
// authorization request also carries prompt=consent, and otherwise issues
// no refresh token.
func conformantProvider(t *testing.T) *httptest.Server {
	t.Helper()
	var mu sync.Mutex
	offline := map[string]bool{} // code → refresh token granted
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/accounts/api/v2/oauth2/authorize":
			q := r.URL.Query()
			code := "code-" + q.Get("state")[:8]
			mu.Lock()
			defer mu.Unlock()
			offline[code] = strings.Contains(" "+q.Get("scope")+" ", " offline_access ") &&
				strings.Contains(" "+q.Get("prompt")+" ", " consent ")
			back, _ := url.Parse(q.Get("redirect_uri"))
			back.RawQuery = url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
			http.Redirect(w, r, back.String(), http.StatusFound)
		case "/accounts/api/v2/oauth2/token":
			_ = r.ParseForm()
			mu.Lock()
			defer mu.Unlock()
			ans := map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600}
			if offline[r.PostForm.Get("code")] {
				ans["refresh_token"] = "rt"
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(ans)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Asking for offline_access gets a refresh token from a standards-following
// provider, which honours it only with prompt=consent, and from the fake
// Anypoint, which honours it either way; the caller's own prompt is kept.
func TestOfflineAccessGetsARefreshTokenFromAConformantProvider(t *testing.T) {
	op := conformantProvider(t)
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		name        string
		params      url.Values
		wantRefresh bool
	}{
		{"SDK's prompt=consent", nil, true},
		{"caller opts out of prompt", url.Values{"prompt": {""}}, false},
		{"caller's prompt=login consent", url.Values{"prompt": {"login consent"}}, true},
	} {
		ac := connectedapps.AuthorizationCode{ClientID: "cid", ClientSecret: "s", RedirectURL: "http://127.0.0.1:8765/callback",
			Scopes: []scopes.Scope{scopes.OpenID, scopes.OfflineAccess}, Config: sdktest.Config(anypoint.WithBaseURL(op.URL)), AuthParams: tc.params}
		req, err := ac.Begin()
		if err != nil {
			t.Fatal(err)
		}
		res, err := noRedirects.Get(req.URL)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		back, err := url.Parse(res.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := ac.Exchange(context.Background(), req, back.Query())
		if err != nil {
			t.Fatalf("%s: Exchange: %v", tc.name, err)
		}
		if got := tok.RefreshToken != ""; got != tc.wantRefresh {
			t.Errorf("%s: refresh token issued = %v, want %v", tc.name, got, tc.wantRefresh)
		}
	}

	// The fake Anypoint takes prompt=consent harmlessly and issues the
	// refresh token as before.
	srv := anypointtest.NewTestServer(t)
	app, err := srv.AddLoopbackUserApp("offline-cli", scopes.ViewEnvironment, scopes.OfflineAccess)
	if err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: app.RedirectURIs[0],
		Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}, Config: srv.Config()}
	ts, err := ac.Login(context.Background(), connectedapps.WithOpener(srv.Browser()))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	tok, err := ts.TokenContext(context.Background())
	if err != nil || tok.RefreshToken == "" {
		t.Fatalf("token %v, err %v: want a refresh token", tok != nil, err)
	}
	var sawConsent bool
	for _, rec := range srv.RequestLog() {
		if rec.Path == anypointtest.AuthorizePath && rec.Query.Get("prompt") == "consent" {
			sawConsent = true
		}
	}
	if !sawConsent {
		t.Error("the fake's authorize endpoint did not get prompt=consent")
	}
}
