package connectedapps_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
	"go.uber.org/goleak"
	"golang.org/x/oauth2"
)

// acNoLeaks fails the test if it leaves a goroutine behind. Call it first,
// so that its check runs after every other cleanup (servers, transports).
func acNoLeaks(t *testing.T) {
	t.Helper()
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}

// acFreePort returns a loopback port that was free a moment ago.
func acFreePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// acFixture is a fake platform with a user-delegated app whose redirect URI
// is a free loopback port.
type acFixture struct {
	srv *anypointtest.Server
	ac  connectedapps.AuthorizationCode
	app anypointtest.App
	// browser plays the user's browser: no keep-alive, no redirect following.
	browser *http.Client
}

func newACFixture(t *testing.T, opts ...anypointtest.Option) *acFixture {
	t.Helper()
	srv := anypointtest.NewTestServer(t, opts...)
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", acFreePort(t))
	app := srv.AddApp(anypointtest.AppSpec{
		Name:         "login-test",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken},
		RedirectURIs: []string{redirect},
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess, scopes.OpenID, scopes.Profile},
	})
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	btr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(btr.CloseIdleConnections)
	return &acFixture{
		srv: srv, app: app,
		ac: connectedapps.AuthorizationCode{
			ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: redirect,
			Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
			Config: sdktest.Config(anypoint.WithConfig(srv.Config()), anypoint.WithHTTPClient(&http.Client{Transport: tr})),
		},
		browser: &http.Client{Transport: btr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
}

// authorize does what the browser does at the authorize endpoint and
// returns where the platform sends it back.
func (f *acFixture) authorize(ctx context.Context, authURL string) (*url.URL, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := f.browser.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("authorize answered %d", resp.StatusCode)
	}
	return url.Parse(resp.Header.Get("Location"))
}

// visit makes a browser request to u, with host as the Host header when it
// is not empty, and returns the status and page.
func (f *acFixture) visit(ctx context.Context, u *url.URL, host string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, "", err
	}
	if host != "" {
		req.Host = host
	}
	resp, err := f.browser.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// withQuery returns u with one query parameter changed ("" deletes it).
func withQuery(u *url.URL, name, value string) *url.URL {
	c := *u
	q := c.Query()
	if value == "" {
		q.Del(name)
	} else {
		q.Set(name, value)
	}
	c.RawQuery = q.Encode()
	return &c
}

// pageLog records what the fake browser saw.
type pageLog struct {
	mu     sync.Mutex
	status []int
	pages  []string
}

func (p *pageLog) add(status int, page string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = append(p.status, status)
	p.pages = append(p.pages, page)
}

func (p *pageLog) get() ([]int, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int(nil), p.status...), append([]string(nil), p.pages...)
}

// opener plays the browser: it authorizes, then makes the visits that steps
// derive from the redirect back; each step returns the URL and Host header
// to visit.
func (f *acFixture) opener(t *testing.T, log *pageLog, steps ...func(back *url.URL) (*url.URL, string)) func(context.Context, string) error {
	return func(ctx context.Context, authURL string) error {
		back, err := f.authorize(ctx, authURL)
		if err != nil {
			t.Errorf("authorize: %v", err)
			return err
		}
		for _, step := range steps {
			u, host := step(back)
			status, page, err := f.visit(ctx, u, host)
			if err != nil {
				t.Errorf("visit: %v", err)
				return err
			}
			log.add(status, page)
		}
		return nil
	}
}

func asIs(back *url.URL) (*url.URL, string) { return back, "" }

// listEnvironments calls an endpoint that needs view:environment.
func listEnvironments(t *testing.T, ts *connectedapps.TokenSource, f *acFixture) (*anypoint.Page[map[string]any], error) {
	t.Helper()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(f.ac.Config), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	req, err := c.NewRequest(context.Background(), http.MethodGet, "/accounts/api/organizations/"+anypointtest.OrgID+"/environments", nil)
	if err != nil {
		t.Fatal(err)
	}
	var page anypoint.Page[map[string]any]
	if _, err := c.Do(req, &page); err != nil {
		return nil, err
	}
	return &page, nil
}

func loginCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestLoginHappyPath(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var log pageLog
	store := &connectedapps.MemoryStore{}
	ts, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, asIs)), connectedapps.WithStore(store))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	status, pages := log.get()
	if len(status) != 1 || status[0] != http.StatusOK || !strings.Contains(pages[0], "Signed in") {
		t.Fatalf("browser saw %v %q; want one 200 success page", status, pages)
	}
	page, err := listEnvironments(t, ts, f)
	if err != nil {
		t.Fatalf("list environments: %v", err)
	}
	if page.Total != 3 || len(page.Data) != 3 {
		t.Errorf("listed %d of %d environments; want 3", len(page.Data), page.Total)
	}
	saved, _ := store.Load(context.Background())
	if saved == nil || saved.RefreshToken == "" || saved.AccessToken == "" {
		t.Errorf("store holds %v; want the new token with its refresh token", saved != nil)
	}
	if got := ts.GrantedScopes(); !equalScopes(got, []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}) {
		t.Errorf("GrantedScopes = %v", got)
	}

	// What went to the authorize and token endpoints.
	var authQ, tokenForm url.Values
	for _, r := range f.srv.RequestLog() {
		switch r.Path {
		case anypointtest.AuthorizePath:
			authQ = r.Query
		case anypointtest.TokenPath:
			tokenForm, _ = url.ParseQuery(string(r.Body))
		}
	}
	for k, want := range map[string]string{
		"client_id": f.app.ClientID, "response_type": "code", "redirect_uri": f.ac.RedirectURL,
		"scope": "view:environment offline_access", "code_challenge_method": "S256",
	} {
		if got := authQ.Get(k); got != want {
			t.Errorf("authorize %s = %q; want %q", k, got, want)
		}
	}
	if len(authQ.Get("state")) < 43 || len(authQ.Get("nonce")) < 43 || len(authQ.Get("code_challenge")) != 43 {
		t.Errorf("authorize state/nonce/challenge too short: %d/%d/%d", len(authQ.Get("state")), len(authQ.Get("nonce")), len(authQ.Get("code_challenge")))
	}
	if tokenForm.Get("grant_type") != "authorization_code" || tokenForm.Get("code_verifier") == "" ||
		tokenForm.Get("redirect_uri") != f.ac.RedirectURL || tokenForm.Get("client_secret") != f.app.ClientSecret {
		t.Errorf("token request form has grant_type=%q, verifier set=%v, redirect_uri=%q, secret right=%v",
			tokenForm.Get("grant_type"), tokenForm.Get("code_verifier") != "", tokenForm.Get("redirect_uri"), tokenForm.Get("client_secret") == f.app.ClientSecret)
	}
	for _, p := range pages {
		if strings.Contains(p, tokenForm.Get("code")) || strings.Contains(p, authQ.Get("state")) {
			t.Error("the browser page shows the code or the state")
		}
	}
}

func equalScopes(a, b []scopes.Scope) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLoginIgnoresWrongStateThenAcceptsTheRightOne(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var log pageLog
	wrong := func(back *url.URL) (*url.URL, string) { return withQuery(back, "state", "forged-state"), "" }
	missing := func(back *url.URL) (*url.URL, string) { return withQuery(back, "state", ""), "" }
	ts, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, wrong, missing, asIs)))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if status, _ := log.get(); fmt.Sprint(status) != "[400 400 200]" {
		t.Errorf("browser saw %v; want [400 400 200]", status)
	}
	if _, err := listEnvironments(t, ts, f); err != nil {
		t.Errorf("list: %v", err)
	}
	if n := f.srv.TokenRequests(connectedapps.GrantAuthorizationCode); n != 1 {
		t.Errorf("%d code exchanges; want 1", n)
	}
}

func TestLoginWithOnlyWrongStatesTimesOut(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var log pageLog
	wrong := func(back *url.URL) (*url.URL, string) { return withQuery(back, "state", "forged-state"), "" }
	_, err := f.ac.Login(loginCtx(t, 500*time.Millisecond), connectedapps.WithOpener(f.opener(t, &log, wrong)))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v; want a timeout wrapping context.DeadlineExceeded", err)
	}
	if status, _ := log.get(); fmt.Sprint(status) != "[400]" {
		t.Errorf("browser saw %v; want [400]", status)
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests; want 0", n)
	}
}

func TestLoginWrongPathIs404AndKeepsWaiting(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var log pageLog
	other := func(back *url.URL) (*url.URL, string) { c := *back; c.Path = "/favicon.ico"; return &c, "" }
	if _, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, other, asIs))); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if status, _ := log.get(); fmt.Sprint(status) != "[404 200]" {
		t.Errorf("browser saw %v; want [404 200]", status)
	}
}

func TestLoginHostHeaderGuard(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var log pageLog
	rebound := func(back *url.URL) (*url.URL, string) { return back, "attacker.example:" + back.Port() }
	if _, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, rebound, asIs))); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if status, _ := log.get(); fmt.Sprint(status) != "[400 200]" {
		t.Errorf("browser saw %v; want [400 200]", status)
	}
	if n := f.srv.TokenRequests(connectedapps.GrantAuthorizationCode); n != 1 {
		t.Errorf("%d code exchanges; want 1", n)
	}
}

func TestLoginRefusesASecondCallback(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var log pageLog
	if _, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, asIs, asIs))); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if status, _ := log.get(); fmt.Sprint(status) != "[200 410]" {
		t.Errorf("browser saw %v; want [200 410]", status)
	}
	if n := f.srv.TokenRequests(connectedapps.GrantAuthorizationCode); n != 1 {
		t.Errorf("%d code exchanges; want 1", n)
	}
}

func TestLoginAccessDenied(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	f.srv.SetConsent(false)
	var log pageLog
	_, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, asIs)))
	if !errors.Is(err, connectedapps.ErrAccessDenied) {
		t.Fatalf("err = %v; want ErrAccessDenied", err)
	}
	var ae *connectedapps.AuthorizationError
	if !errors.As(err, &ae) || ae.Code != "access_denied" {
		t.Errorf("err = %#v; want *connectedapps.AuthorizationError access_denied", err)
	}
	status, pages := log.get()
	if fmt.Sprint(status) != "[200]" || !strings.Contains(pages[0], "Sign-in failed") || !strings.Contains(pages[0], "not allowed") {
		t.Errorf("browser saw %v %q; want the failure page", status, pages)
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests; want 0", n)
	}
}

func TestLoginTimeoutClosesTheListener(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	opened := false
	_, err := f.ac.Login(loginCtx(t, 200*time.Millisecond), connectedapps.WithOpener(func(context.Context, string) error { opened = true; return nil }))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "login timed out") {
		t.Fatalf("err = %v; want login timed out / DeadlineExceeded", err)
	}
	if !opened {
		t.Error("the opener was not called")
	}
	u, _ := url.Parse(f.ac.RedirectURL)
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatalf("the redirect port is still taken after Login returned: %v", err)
	}
	ln.Close()

	// A cancelled context says so.
	ctx, cancel := context.WithCancel(context.Background())
	_, err = f.ac.Login(ctx, connectedapps.WithOpener(func(context.Context, string) error { cancel(); return nil }))
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("err = %v; want login cancelled / context.Canceled", err)
	}
}

func TestLoginPortInUse(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	u, _ := url.Parse(f.ac.RedirectURL)
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = f.ac.Login(loginCtx(t, 5*time.Second), connectedapps.WithOpener(func(context.Context, string) error {
		t.Error("the browser was opened although Login cannot listen")
		return nil
	}))
	var le *connectedapps.ListenError
	if !errors.As(err, &le) || le.Addr != u.Host {
		t.Fatalf("err = %v; want *connectedapps.ListenError for %s", err, u.Host)
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("err = %v; want it to match syscall.EADDRINUSE", err)
	}
	if !strings.Contains(err.Error(), u.Host) || !strings.Contains(err.Error(), "another program") {
		t.Errorf("message %q does not name the address and the cause", err)
	}
}

func TestLoginRefusesRedirectsItCannotServe(t *testing.T) {
	acNoLeaks(t)
	for _, tc := range []struct{ redirect, want string }{
		{"https://app.example.com/callback", "Begin and Exchange"},
		{"http://app.example.com:8765/callback", "Begin and Exchange"},
		{"http://10.0.0.5:8765/callback", "loopback"},
		{"http://127.0.0.1:0/callback", "explicit port"},
		{"http://127.0.0.1/callback", "explicit port"},
		{"https://127.0.0.1:8765/callback", "http://"},
		{"/callback", "absolute"},
		{"", "required"},
	} {
		ac := connectedapps.AuthorizationCode{ClientID: "id", RedirectURL: tc.redirect, Config: sdktest.Config(anypoint.WithBaseURL("http://127.0.0.1:1"))}
		_, err := ac.Login(context.Background(), connectedapps.WithOpener(func(context.Context, string) error {
			t.Errorf("%s: the browser was opened", tc.redirect)
			return nil
		}), connectedapps.WithoutBrowser(strings.NewReader(""), io.Discard))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v; want one mentioning %q", tc.redirect, err, tc.want)
		}
	}
}

// syncBuffer is a bytes.Buffer for concurrent writers and readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// When the system browser cannot be opened, Login prints the URL for the
// user to open by hand and keeps waiting (an opener given with WithOpener
// ends Login instead: see TestLoginEndsWhenTheOpenerFails).
func TestLoginPrintsTheURLWhenTheBrowserCannotOpen(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var prompt syncBuffer
	var wg sync.WaitGroup
	defer wg.Wait()
	var log pageLog
	play := f.opener(t, &log, asIs)
	open := func(_ context.Context, authURL string) error {
		wg.Add(1)
		go func() { // the user copies the URL into a browser, later
			defer wg.Done()
			time.Sleep(50 * time.Millisecond)
			_ = play(context.Background(), authURL)
		}()
		return errors.New("no display")
	}
	defer connectedapps.SetSystemBrowser(open)()
	ts, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithPrompt(&prompt))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := listEnvironments(t, ts, f); err != nil {
		t.Errorf("list: %v", err)
	}
	out := prompt.String()
	if !strings.Contains(out, "no display") || !strings.Contains(out, f.srv.URL+anypointtest.AuthorizePath+"?") {
		t.Errorf("prompt = %q; want the opener's error and the authorization URL", out)
	}
}

// pasteBrowser is the user at another machine: it reads the URL Login
// prints, authorizes, and pastes lines back.
type pasteBrowser struct {
	t     *testing.T
	f     *acFixture
	w     *io.PipeWriter
	lines func(back *url.URL) []string
	mu    sync.Mutex
	out   strings.Builder
	once  sync.Once
	wg    sync.WaitGroup
}

func (p *pasteBrowser) Write(b []byte) (int, error) {
	p.mu.Lock()
	p.out.Write(b)
	text := p.out.String()
	p.mu.Unlock()
	i := strings.Index(text, p.f.srv.URL+anypointtest.AuthorizePath)
	if i < 0 {
		return len(b), nil
	}
	authURL, _, _ := strings.Cut(text[i:], "\n")
	p.once.Do(func() {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			back, err := p.f.authorize(context.Background(), strings.TrimSpace(authURL))
			if err != nil {
				p.t.Errorf("authorize: %v", err)
				p.w.Close()
				return
			}
			for _, l := range p.lines(back) {
				if _, err := io.WriteString(p.w, l+"\n"); err != nil {
					return
				}
			}
			p.w.Close()
		}()
	})
	return len(b), nil
}

func TestLoginWithoutBrowser(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	// Hold the redirect port: WithoutBrowser must not need it.
	u, _ := url.Parse(f.ac.RedirectURL)
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()

	r, w := io.Pipe()
	p := &pasteBrowser{t: t, f: f, w: w, lines: func(back *url.URL) []string {
		return []string{"", "not a url at all", withQuery(back, "state", "other-login").String(), "  " + back.String() + "  "}
	}}
	store := &connectedapps.MemoryStore{}
	ts, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithoutBrowser(r, p), connectedapps.WithStore(store),
		connectedapps.WithOpener(func(context.Context, string) error { t.Error("a browser was opened"); return nil }))
	p.wg.Wait()
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := listEnvironments(t, ts, f); err != nil {
		t.Errorf("list: %v", err)
	}
	p.mu.Lock()
	out := p.out.String()
	p.mu.Unlock()
	if !strings.Contains(out, "Paste it again") || !strings.Contains(out, "another sign-in") {
		t.Errorf("prompt = %q; want it to ask again after the bad lines", out)
	}
	if tok, _ := store.Load(context.Background()); tok == nil {
		t.Error("the token was not saved")
	}
}

func TestLoginWithoutBrowserPastedInput(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	// Nothing pasted.
	var out bytes.Buffer
	_, err := f.ac.Login(loginCtx(t, 5*time.Second), connectedapps.WithoutBrowser(strings.NewReader(""), &out))
	if err == nil || !strings.Contains(err.Error(), "no redirect address was pasted") {
		t.Errorf("err = %v; want no address pasted", err)
	}
	if !strings.Contains(out.String(), f.srv.URL+anypointtest.AuthorizePath+"?") {
		t.Errorf("out = %q; want the authorization URL", out.String())
	}
	// An address from another sign-in (a strings.Reader cannot know this
	// login's state): refused, and the code in it is not redeemed.
	stale := f.ac.RedirectURL + "?code=stale-code&state=stale-state\n"
	out.Reset()
	_, err = f.ac.Login(loginCtx(t, 5*time.Second), connectedapps.WithoutBrowser(strings.NewReader(stale), &out))
	if err == nil || !strings.Contains(out.String(), "another sign-in") {
		t.Errorf("err = %v, out = %q; want the stale address refused", err, out.String())
	}
	// The user pasted the error redirect of a denied consent for this very
	// login: reported as such.
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests; want 0", n)
	}
}

func TestLoginWithoutBrowserAccessDenied(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	f.srv.SetConsent(false)
	r, w := io.Pipe()
	p := &pasteBrowser{t: t, f: f, w: w, lines: func(back *url.URL) []string { return []string{back.String()} }}
	_, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithoutBrowser(r, p))
	p.wg.Wait()
	if !errors.Is(err, connectedapps.ErrAccessDenied) {
		t.Fatalf("err = %v; want ErrAccessDenied", err)
	}
}

func TestLoginSaveFailureIsReported(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	var log pageLog
	_, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithOpener(f.opener(t, &log, asIs)), connectedapps.WithStore(failingStore{}))
	if err == nil || !strings.Contains(err.Error(), "could not be saved") {
		t.Errorf("err = %v; want the save failure", err)
	}
}

type failingStore struct{}

func (failingStore) Load(context.Context) (*oauth2.Token, error) { return nil, nil }
func (failingStore) Save(context.Context, *oauth2.Token) error   { return errors.New("disk full") }
func (failingStore) Clear(context.Context) error                 { return errors.New("disk full") }

// With a store it cannot read, Login fails before it listens or opens a
// browser: the user does not sign in for nothing.
func TestLoginChecksTheStoreFirst(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	path := filepath.Join(t.TempDir(), "token.json")
	if err := os.WriteFile(path, []byte(`{"format":`), 0o600); err != nil {
		t.Fatal(err)
	}
	opened := false
	_, err := f.ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithStore(connectedapps.NewFileStore(path)),
		connectedapps.WithOpener(func(context.Context, string) error { opened = true; return nil }))
	var se *connectedapps.StoreError
	if !errors.As(err, &se) || se.Op != "load" || !errors.Is(err, connectedapps.ErrStoreCorrupt) {
		t.Fatalf("err = %v; want the store's *connectedapps.StoreError (load, corrupt)", err)
	}
	if opened {
		t.Error("the browser was opened")
	}
	if n := f.srv.Requests(http.MethodGet, anypointtest.AuthorizePath) + f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d requests to the platform; want none", n)
	}
	redirect, _ := url.Parse(f.ac.RedirectURL)
	ln, err := net.Listen("tcp", redirect.Host)
	if err != nil {
		t.Fatalf("the redirect port is taken after the failed Login: %v", err)
	}
	ln.Close()
	if raw, _ := os.ReadFile(path); string(raw) != `{"format":` {
		t.Errorf("the store file was changed to %q", raw)
	}
}

// A store holding an earlier token is fine: Login signs in and replaces it.
// The test uses anypointtest's helpers for the app and the browser.
func TestLoginReplacesAStoredToken(t *testing.T) {
	acNoLeaks(t)
	srv := anypointtest.NewTestServer(t)
	app, err := srv.AddLoopbackUserApp("login-store-test", scopes.ViewEnvironment, scopes.OfflineAccess)
	if err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{
		ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: app.RedirectURIs[0],
		Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}, Config: sdktest.Config(anypoint.WithConfig(srv.Config()), anypoint.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}})),
	}
	store := connectedapps.NewFileStore(filepath.Join(t.TempDir(), "token.json"))
	if err := store.Save(context.Background(), &oauth2.Token{AccessToken: "access-1-SECRET", TokenType: "Bearer", RefreshToken: "refresh-1-SECRET", Expiry: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	ts, err := ac.Login(loginCtx(t, 10*time.Second), connectedapps.WithStore(store), connectedapps.WithOpener(srv.Browser()))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	tok, err := ts.TokenContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	saved, err := store.Load(context.Background())
	if err != nil || saved == nil || saved.AccessToken != tok.AccessToken || saved.RefreshToken == "refresh-1-SECRET" {
		t.Errorf("store holds another token than the new one (err %v)", err)
	}
}

// Two sources sharing one token file (two runs of a CLI, say): when one
// rotates the refresh token, the other finds the new one in the store
// instead of declaring the sign-in dead.
func TestSourcesSharingAStoreSurviveRotation(t *testing.T) {
	f := newACFixture(t)
	store := connectedapps.NewFileStore(filepath.Join(t.TempDir(), "token.json"))
	tok := f.signIn(t, f.ac)
	first := source(t, f.ac, tok, connectedapps.WithStore(store))
	second := source(t, f.ac, nil, connectedapps.WithStore(store))
	if _, err := second.Token(); err != nil { // second now holds the first refresh token
		t.Fatal(err)
	}

	// The first source refreshes: the platform rotates the refresh token,
	// and the new one is saved.
	first.Invalidate(tok)
	if _, err := first.TokenContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The second source must refresh too; its refresh token is spent.
	current, _ := second.Token()
	second.Invalidate(current)
	if _, err := second.TokenContext(context.Background()); err != nil {
		t.Fatalf("the second source did not take the rotated refresh token from the store: %v", err)
	}
	second.Invalidate(current)
	if _, err := second.TokenContext(context.Background()); err != nil {
		t.Fatalf("the second source died after the rotation: %v", err)
	}
}

// A connection to the callback port that never sends a request does not
// hold Login up once the caller gives up.
func TestLoginReturnsAtOnceDespiteAnIdleConnection(t *testing.T) {
	f := newACFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	u, _ := url.Parse(f.ac.RedirectURL)
	opener := func(context.Context, string) error {
		conn, err := net.Dial("tcp", u.Host) // connects, says nothing
		if err != nil {
			return err
		}
		t.Cleanup(func() { conn.Close() })
		cancel()
		return nil
	}
	start := time.Now()
	_, err := f.ac.Login(ctx, connectedapps.WithOpener(opener), connectedapps.WithPrompt(io.Discard))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Login took %v to return after cancellation", d)
	}
}

// Cancelled while the code is being exchanged, Login says so, not that it
// was still waiting for the browser.
func TestLoginCancelledDuringTheExchangeSaysSo(t *testing.T) {
	f := newACFixture(t, anypointtest.WithTokenLatency(5*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opener := func(octx context.Context, authURL string) error {
		go func() {
			back, err := f.authorize(octx, authURL)
			if err != nil {
				return
			}
			go func() { _, _ = f.browser.Get(back.String()) }() // the redirect reaches Login, which starts the exchange
			// Cancel once the exchange has reached the token endpoint (which
			// takes 5 s to answer), not after a guess at how long that takes.
			for deadline := time.Now().Add(10 * time.Second); f.srv.TokenRequests() == 0 && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
		}()
		return nil
	}
	_, err := f.ac.Login(ctx, connectedapps.WithOpener(opener), connectedapps.WithPrompt(io.Discard))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if strings.Contains(err.Error(), "waiting for the browser") || !strings.Contains(err.Error(), "exchange") {
		t.Errorf("err = %v, want it to say the code was being exchanged", err)
	}
}

// A redirect URL with a user name or password is refused before anything
// is sent or served, without printing the password.
func TestRedirectURLWithUserInfoIsRefused(t *testing.T) {
	ac := connectedapps.AuthorizationCode{ClientID: "app", ClientSecret: "s", RedirectURL: "http://user:pw-SECRET@127.0.0.1:8765/cb"}
	if _, err := ac.Begin(); err == nil || strings.Contains(err.Error(), "pw-SECRET") {
		t.Errorf("Begin: %v", err)
	}
	if _, err := ac.Login(context.Background(), connectedapps.WithPrompt(io.Discard)); err == nil || strings.Contains(err.Error(), "pw-SECRET") {
		t.Errorf("Login: %v", err)
	}
}

// An opener given with WithOpener is the browser: when it fails, Login ends
// at once, with no deadline, and its error carries the opener's.
func TestLoginEndsWhenTheOpenerFails(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	cause := errors.New("lookup anypoint.example: no such host")
	var prompt syncBuffer
	_, err := f.ac.Login(context.Background(), connectedapps.WithPrompt(&prompt),
		connectedapps.WithOpener(func(context.Context, string) error { return cause }))
	var be *connectedapps.BrowserError
	if !errors.As(err, &be) || !errors.Is(err, cause) {
		t.Fatalf("err = %v, want a *BrowserError that wraps the opener's error", err)
	}
	if be.URL != f.srv.URL+anypointtest.AuthorizePath || !strings.Contains(err.Error(), cause.Error()) {
		t.Errorf("err = %q (URL %q), want the authorize URL without its query and the cause", err, be.URL)
	}
}

// When the system browser cannot be opened and nobody opens the URL by hand,
// the error when ctx ends carries the cause and the control plane the URL
// was on, not only "timed out".
func TestLoginTimeoutCarriesTheBrowsersError(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	cause := errors.New("xdg-open: no method available")
	defer connectedapps.SetSystemBrowser(func(context.Context, string) error { return cause })()
	var prompt syncBuffer
	_, err := f.ac.Login(loginCtx(t, 100*time.Millisecond), connectedapps.WithPrompt(&prompt))
	if !errors.Is(err, cause) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline and the browser's error", err)
	}
	if !strings.Contains(err.Error(), "the browser was sent to "+f.srv.URL+anypointtest.AuthorizePath+";") {
		t.Errorf("err = %q, want the authorize URL's control plane", err)
	}
}
