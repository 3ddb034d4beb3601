package connectedapps_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

// userGrantFixture is the fake platform with one app of a user grant that
// holds view:environment (and not Design Center).
type userGrantFixture struct {
	srv *anypointtest.Server
	app anypointtest.App
}

func newUserGrantFixture(t *testing.T, spec anypointtest.AppSpec, opts ...anypointtest.Option) *userGrantFixture {
	t.Helper()
	srv := anypointtest.NewTestServer(t, opts...)
	if spec.Scopes == nil {
		spec.Scopes = []scopes.Scope{scopes.ViewEnvironment}
	}
	return &userGrantFixture{srv: srv, app: srv.AddApp(spec)}
}

func (f *userGrantFixture) client(t *testing.T, ts *connectedapps.TokenSource) *anypoint.Client {
	t.Helper()
	c, err := anypoint.NewClient(ts, anypoint.WithBaseURL(f.srv.URL), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// listAndDeny lists the environments (the app's scope) and then Design
// Center projects (not its scope): nil and a *ScopeError are what a working
// user grant gives.
func listAndDeny(ctx context.Context, t *testing.T, c *anypoint.Client) {
	t.Helper()
	if _, err := accounts.New(c).ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatalf("ListEnvironments: %v", err)
	}
	_, err := designcenter.New(c, designcenter.WithOrganizationID(anypointtest.OrgID), designcenter.WithOwnerID(anypointtest.UserID)).ListProjects(ctx)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !errors.Is(err, anypoint.ErrScopeDenied) {
		t.Fatalf("ListProjects outside the grant: %v; want a *ScopeError", err)
	}
	if !strings.Contains(strings.Join(scopeStrings(se.Granted), " "), "view:environment") {
		t.Errorf("ScopeError.Granted = %v; want the token's view:environment", se.Granted)
	}
}

func scopeStrings(ss []scopes.Scope) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func passwordApp() anypointtest.AppSpec {
	return anypointtest.AppSpec{Name: "terraform-like", GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword}}
}

func passwordCreds(f *userGrantFixture) connectedapps.Password {
	return connectedapps.Password{ClientID: f.app.ClientID, ClientSecret: f.app.ClientSecret,
		Username: anypointtest.Username, Password: anypointtest.UserPassword, Config: f.srv.Config()}
}

// tokenForms returns the forms of the token requests in the fake's log.
func tokenForms(srv *anypointtest.Server) []url.Values {
	var out []url.Values
	for _, r := range srv.RequestLog() {
		if r.Method == http.MethodPost && r.Path == anypointtest.TokenPath {
			f, _ := url.ParseQuery(string(r.Body))
			out = append(out, f)
		}
	}
	return out
}

func TestPasswordGrantEndToEnd(t *testing.T) {
	acNoLeaks(t)
	f := newUserGrantFixture(t, passwordApp())
	ts := passwordCreds(f).TokenSource()
	c := f.client(t, ts)
	ctx := context.Background()
	listAndDeny(ctx, t, c)

	// One token for the environments; the denied call finds it rejected,
	// mints a second (the 401 rule) and is refused again: a scope denial.
	forms := tokenForms(f.srv)
	if len(forms) != 2 {
		t.Fatalf("%d token requests; want 2", len(forms))
	}
	want := url.Values{"grant_type": {"password"}, "client_id": {f.app.ClientID}, "client_secret": {f.app.ClientSecret},
		"username": {anypointtest.Username}, "password": {anypointtest.UserPassword}}
	if forms[0].Encode() != want.Encode() {
		t.Errorf("token request form has fields %v; want grant_type, client_id, client_secret, username, password", keys(forms[0]))
	}
	me, err := accounts.New(c).Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.User.Username != anypointtest.Username {
		t.Errorf("the token acts for %q; want the user", me.User.Username)
	}
}

func keys(v url.Values) []string {
	var out []string
	for k := range v {
		out = append(out, k)
	}
	return out
}

func TestPasswordGrantRemintsWithThePassword(t *testing.T) {
	f := newUserGrantFixture(t, passwordApp())
	ts := passwordCreds(f).TokenSource()
	c := f.client(t, ts)
	ctx := context.Background()
	acc := accounts.New(c)
	if _, err := acc.ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatal(err)
	}
	// The platform ends the token early (a session timeout): the client's
	// 401 invalidates it, and the source signs in again with the password.
	f.srv.ExpireTokens()
	if _, err := acc.ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatalf("after the token expired: %v", err)
	}
	if n := f.srv.TokenRequests(connectedapps.GrantPassword); n != 2 {
		t.Errorf("%d password token requests; want 2", n)
	}
	if n := f.srv.TokenRequests(connectedapps.GrantRefreshToken); n != 0 {
		t.Errorf("%d refresh requests; the password grant re-mints with the password", n)
	}
}

func TestPasswordGrantCallersShareOneRequest(t *testing.T) {
	f := newUserGrantFixture(t, passwordApp(), anypointtest.WithTokenLatency(50*time.Millisecond))
	ts := passwordCreds(f).TokenSource()
	c := f.client(t, ts)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, err := accounts.New(c).ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := f.srv.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for 50 callers; want 1", n)
	}
}

func TestPasswordGrantWrongPasswordIsNotSentAgain(t *testing.T) {
	f := newUserGrantFixture(t, passwordApp())
	creds := passwordCreds(f)
	creds.Password = "not-the-password-3e1f"
	ts := creds.TokenSource()
	c := f.client(t, ts)
	ctx := context.Background()
	for range 3 {
		_, err := accounts.New(c).ListEnvironments(ctx, anypointtest.OrgID, nil)
		var te *anypoint.TokenError
		if !errors.As(err, &te) || te.Code != "invalid_grant" || !errors.Is(err, anypoint.ErrInvalidGrant) {
			t.Fatalf("err = %v; want a *TokenError invalid_grant", err)
		}
		for _, s := range []string{creds.Password, creds.Username, creds.ClientSecret} {
			if strings.Contains(err.Error(), s) {
				t.Fatalf("the error shows a secret: %v", err)
			}
		}
	}
	if n := f.srv.TokenRequests(); n != 1 {
		t.Errorf("%d token requests; a refused password must be sent once (a lockout risk otherwise)", n)
	}
}

func TestPasswordGrantRefusals(t *testing.T) {
	f := newUserGrantFixture(t, passwordApp())
	ctx := context.Background()
	for name, tc := range map[string]struct {
		creds func(connectedapps.Password) connectedapps.Password
		want  error
	}{
		"wrong secret": {func(p connectedapps.Password) connectedapps.Password { p.ClientSecret = "wrong-secret-0000"; return p }, anypoint.ErrInvalidClient},
		"unknown user": {func(p connectedapps.Password) connectedapps.Password { p.Username = "nobody.here"; return p }, anypoint.ErrInvalidGrant},
		"scope not held": {func(p connectedapps.Password) connectedapps.Password {
			p.Scopes = []scopes.Scope{scopes.EditDesignCenter}
			return p
		}, anypoint.ErrInvalidScope},
	} {
		t.Run(name, func(t *testing.T) {
			c := f.client(t, tc.creds(passwordCreds(f)).TokenSource())
			_, err := accounts.New(c).Me(ctx)
			var te *anypoint.TokenError
			if !errors.As(err, &te) || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v; want a *TokenError matching %v", err, tc.want)
			}
		})
	}
	// An app without the password grant.
	cc, _ := f.srv.App(anypointtest.DefaultUserAppID)
	_, err := connectedapps.Password{ClientID: cc.ClientID, ClientSecret: cc.ClientSecret, Username: anypointtest.Username,
		Password: anypointtest.UserPassword, Config: f.srv.Config()}.TokenSource().TokenContext(ctx)
	var te *anypoint.TokenError
	if !errors.As(err, &te) || te.Code != "unauthorized_client" {
		t.Errorf("an app without the grant: %v; want unauthorized_client", err)
	}
}

func TestPasswordGrantChecksItsFieldsBeforeSending(t *testing.T) {
	f := newUserGrantFixture(t, passwordApp())
	for field, p := range map[string]connectedapps.Password{
		"Password.ClientID": {Username: "u", Password: "p"},
		"Password.Username": {ClientID: "id", Password: "p"},
		"Password.Password": {ClientID: "id", Username: "u"},
	} {
		p.Config = f.srv.Config()
		_, err := p.TokenSource().Token()
		var ve *anypoint.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s empty: err = %v; want a ValidationError for it", field, err)
		}
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests for incomplete credentials", n)
	}
}

func TestPasswordGrantStoreNeverSeesThePassword(t *testing.T) {
	f := newUserGrantFixture(t, passwordApp())
	path := filepath.Join(t.TempDir(), "token.json")
	store := connectedapps.NewFileStore(path)
	ctx := context.Background()
	if _, err := passwordCreds(f).TokenSource(connectedapps.WithStore(store)).TokenContext(ctx); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{anypointtest.UserPassword, anypointtest.Username, f.app.ClientSecret} {
		if strings.Contains(string(data), s) {
			t.Errorf("the store's file holds a secret of the credential")
		}
	}
	// A new source (a restart) starts from the stored token: no password
	// is sent while it is good.
	f.srv.ResetRequestLog()
	if _, err := passwordCreds(f).TokenSource(connectedapps.WithStore(store)).TokenContext(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests after a restart with a good stored token; want 0", n)
	}
}

func TestPasswordGrantRevoke(t *testing.T) {
	f := newUserGrantFixture(t, passwordApp())
	ts := passwordCreds(f).TokenSource()
	c := f.client(t, ts)
	ctx := context.Background()
	tok, err := ts.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Revoke(ctx); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if _, err := accounts.New(c).Me(ctx); !errors.Is(err, connectedapps.ErrRevoked) {
		t.Errorf("after Revoke: %v; want ErrRevoked", err)
	}
	forms := revokeForms(f.srv)
	if len(forms) != 1 || forms[0].Get("token") != tok.AccessToken || forms[0].Get("client_secret") != f.app.ClientSecret {
		t.Errorf("revocation forms %d; want one with the access token and the client's credentials", len(forms))
	}
}

// Any refusal of the credentials, whatever its status and body, ends the
// source: concurrent callers share the one refusal and the password is
// sent once. A transient answer (503) is tried again.
func TestPasswordGrantAnyRefusalIsNotSentAgain(t *testing.T) {
	for name, tc := range map[string]struct {
		status      int
		contentType string
		body        string
		wantSends   int32
	}{
		"plain 401":           {401, "text/plain", "Unauthorized", 1},
		"json unauthorized":   {401, "application/json", `{"error":"unauthorized"}`, 1},
		"400 bad credentials": {400, "application/json", `{"error":"invalid_request","error_description":"Bad credentials"}`, 1},
		"invalid_client":      {401, "application/json", `{"error":"invalid_client"}`, 1},
		"plain 403":           {403, "text/plain", "Forbidden", 1},
		"400 without a body":  {400, "", "", 1},
		"503 is tried again":  {503, "text/plain", "Service Unavailable", 24},
		"429 is tried again":  {429, "text/plain", "Too Many Requests", 24},
	} {
		t.Run(name, func(t *testing.T) {
			var sends atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != anypointtest.TokenPath {
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
					return
				}
				_ = r.ParseForm()
				if r.PostForm.Get("password") == "not-the-password-3e1f" {
					sends.Add(1)
				}
				time.Sleep(20 * time.Millisecond)
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			t.Cleanup(srv.Close)
			cfg := sdktest.Config(anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()))
			ts := connectedapps.Password{ClientID: "app", ClientSecret: "secret-1", Username: "max", Password: "not-the-password-3e1f", Config: cfg}.TokenSource()
			c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var failed atomic.Int32
			for i := range 8 {
				wg.Go(func() {
					for range 3 {
						if i%2 == 0 {
							err := c.Call(context.Background(), http.MethodGet, "/accounts/api/me", nil, nil)
							if !errors.Is(err, anypoint.ErrNoToken) {
								t.Errorf("API call: err = %v, want one from the token source", err)
							}
						} else if _, err := ts.TokenContext(context.Background()); err == nil {
							t.Error("TokenContext gave a token")
						}
						failed.Add(1)
					}
				})
			}
			wg.Wait()
			if n := failed.Load(); n != 24 {
				t.Fatalf("%d calls failed, want all 24", n)
			}
			if tc.wantSends == 1 {
				if n := sends.Load(); n != 1 {
					t.Errorf("the password was sent %d times, want once (an account lockout otherwise)", n)
				}
			} else if n := sends.Load(); n < 2 {
				t.Errorf("the password was sent %d times after a transient answer, want it tried again", n)
			}
		})
	}
}
