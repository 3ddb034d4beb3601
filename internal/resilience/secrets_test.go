package resilience_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/internal/testsupport/watch"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// syncBuffer is a bytes.Buffer for a logger that background refreshes may
// write to while the test reads it.
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

// hygiene is the setting of TestErrorsShowNoSecrets: the SDK talks to the
// fake through a recording proxy, logs at Debug into logs, and every error
// the test provokes is printed into printed in every form.
type hygiene struct {
	t       *testing.T
	srv     *anypointtest.Server
	rec     *watch.Recorder
	hc      *http.Client
	logger  *slog.Logger
	cfg     anypoint.Config
	logs    syncBuffer
	printed bytes.Buffer
	seen    []string
}

func (h *hygiene) client(ts oauth2.TokenSource) *anypoint.Client {
	h.t.Helper()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(h.cfg))
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// expect prints err, and every error it wraps, with %v, %+v, %#v, %s, %q
// and Error(), logs it, and checks that it is the error the case provokes.
func (h *hygiene) expect(name string, err error, want func(error) bool) {
	h.t.Helper()
	if err == nil || !want(err) {
		h.t.Errorf("%s: err = %T %v; not the error the case provokes", name, err, err)
	}
	h.seen = append(h.seen, name)
	for e := err; e != nil; e = errors.Unwrap(e) {
		fmt.Fprintf(&h.printed, "%s: %v | %+v | %#v | %s | %q | %s\n", name, e, e, e, e, e, e.Error())
	}
	h.logger.Error(name, "err", err)
	h.logger.Error(name, slog.Any("err", err), slog.String("text", fmt.Sprintf("%+v", err)))
}

// show prints values that hold secrets (credentials, token sources,
// authorization requests, apps) in every form, encodes them as JSON, and
// logs them.
func (h *hygiene) show(name string, v any) {
	fmt.Fprintf(&h.printed, "%s: %v | %+v | %#v | %s\n", name, v, v, v, v)
	if b, err := json.Marshal(v); err == nil {
		fmt.Fprintf(&h.printed, "%s as JSON: %s\n", name, b)
	}
	h.logger.Info(name, "value", v)
}

// authorize plays the browser up to the redirect: it opens the
// authorization URL (through the proxy) and returns the query the platform
// sent the browser back with.
func (h *hygiene) authorize(req *connectedapps.AuthRequest) url.Values {
	h.t.Helper()
	c := &http.Client{Transport: h.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(req.URL)
	if err != nil {
		h.t.Fatal(err)
	}
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		h.t.Fatalf("authorize: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query()
}

func is(target error) func(error) bool { return func(err error) bool { return errors.Is(err, target) } }

func as[T error]() func(error) bool {
	return func(err error) bool {
		var target T
		return errors.As(err, &target)
	}
}

// TestErrorsShowNoSecrets provokes every error the SDK reports (wrong
// secret, scope denial, rate limit, 5xx, undecodable answers, a token
// endpoint that is down or cut off, a revoked token, a revoked grant,
// state mismatch, a wrong PKCE verifier, a reused code, access_denied,
// Login failures, a wrong password, an unregistered JWT signing key, a
// private key PEM that does not parse, scope denials of the password and
// JWT bearer grants) and administration calls that handle secrets, prints
// each error and credential in every form, logs them as text and as JSON,
// and checks that no secret that crossed the wire (passwords and
// assertions included), no private key and no username of the password
// grant appears in what was printed or logged.
func TestErrorsShowNoSecrets(t *testing.T) {
	leaks := watch.NoLeaks(t)
	h := &hygiene{t: t, srv: anypointtest.NewTestServer(t)}
	h.rec = watch.NewRecorder(t, h.srv.URL)
	tr := &http.Transport{}
	leaks.Track(tr)
	h.hc = &http.Client{Transport: tr}
	// Every line is logged twice, as text and as JSON: each handler prints
	// values its own way.
	debug := &slog.HandlerOptions{Level: slog.LevelDebug}
	h.logger = slog.New(slog.NewMultiHandler(slog.NewTextHandler(&h.logs, debug), slog.NewJSONHandler(&h.logs, debug)))
	// One Config for every credential and client: the recorder's address,
	// the tracked transport, the logger that must never print a secret.
	h.cfg = sdktest.Config(anypoint.WithBaseURL(h.rec.URL), anypoint.WithHTTPClient(h.hc), anypoint.WithLogger(h.logger), anypoint.WithRetry(fastRetry))
	ctx := ctxFor(t, 20*time.Second)
	srv := h.srv

	cc, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	adminApp, _ := srv.App(anypointtest.AdminAppID)
	ccCreds := connectedapps.ClientCredentials{ClientID: cc.ClientID, ClientSecret: cc.ClientSecret, Config: h.cfg}
	h.show("client credentials", ccCreds)
	dcOf := func(c *anypoint.Client) *designcenter.Service {
		return designcenter.New(c, designcenter.WithOrganizationID(anypointtest.OrgID), designcenter.WithOwnerID(anypointtest.UserID))
	}

	// Method 1 and the HTTP core.
	_, err := dcOf(h.client(connectedapps.ClientCredentials{ClientID: cc.ClientID, ClientSecret: "not-the-secret-5f1e2d3c4b5a6978", Config: h.cfg}.TokenSource())).ListProjects(ctx)
	h.expect("wrong secret", err, is(anypoint.ErrInvalidClient))

	ccTokens := ccCreds.TokenSource()
	app := h.client(ccTokens)
	dc := dcOf(app)
	if _, err := dc.ListProjects(ctx); err != nil {
		t.Fatalf("ListProjects: %v", err)
	}
	h.show("token source", ccTokens)

	_, err = accounts.New(app).ListEnvironments(ctx, anypointtest.OrgID, nil)
	h.expect("scope denial", err, is(anypoint.ErrScopeDenied))

	srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, Count: fastRetry.MaxRetries + 1, Path: projectsPath})
	_, err = dc.ListProjects(ctx)
	h.expect("rate limit", err, is(anypoint.ErrRateLimited))

	srv.Fail(anypointtest.FaultSpec{Status: http.StatusBadGateway, Count: fastRetry.MaxRetries + 1, Path: projectsPath})
	_, err = dc.ListProjects(ctx)
	h.expect("5xx", err, as[*anypoint.Error]())

	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultTruncate, Path: projectsPath})
	_, err = dc.ListProjects(ctx)
	h.expect("truncated answer", err, as[*anypoint.DecodeError]())

	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Path: projectsPath})
	_, err = dc.ListProjects(ctx)
	h.expect("cut answer", err, is(io.ErrUnexpectedEOF))

	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: 10 * time.Second, Path: projectsPath})
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err = dc.ListProjects(short)
	cancel()
	h.expect("deadline", err, is(context.DeadlineExceeded))

	req, err := app.NewRequest(ctx, http.MethodGet, "/accounts/api/nowhere?access_token=query-token-0a1b2c3d4e5f&client_secret=query-secret-9f8e7d6c5b4a", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = app.Do(req, nil)
	h.expect("secrets in the query of a 404", err, is(anypoint.ErrNotFound))

	// The token endpoint.
	srv.Fail(anypointtest.FaultSpec{Status: http.StatusServiceUnavailable, Path: anypointtest.TokenPath, For: time.Hour})
	_, err = dcOf(h.client(ccCreds.TokenSource())).ListProjects(ctx)
	h.expect("token endpoint down", err, as[*anypoint.Error]())
	srv.ClearFaults()
	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultTruncate, Path: anypointtest.TokenPath})
	_, err = dcOf(h.client(ccCreds.TokenSource())).ListProjects(ctx)
	h.expect("truncated token answer", err, as[*anypoint.DecodeError]())
	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Count: fastRetry.MaxRetries + 1, Path: anypointtest.TokenPath})
	_, err = dcOf(h.client(ccCreds.TokenSource())).ListProjects(ctx)
	h.expect("cut token answer", err, is(io.ErrUnexpectedEOF))
	srv.Fail(anypointtest.FaultSpec{Status: http.StatusBadRequest, Path: anypointtest.TokenPath})
	_, err = dcOf(h.client(ccCreds.TokenSource())).ListProjects(ctx)
	h.expect("token endpoint 400", err, as[*anypoint.TokenError]())

	// A token that the platform revoked, in a source that cannot refresh.
	adminTokens := connectedapps.ClientCredentials{ClientID: adminApp.ClientID, ClientSecret: adminApp.ClientSecret, Config: h.cfg}.TokenSource()
	adminClient := h.client(adminTokens)
	tok, err := adminTokens.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stale := h.client(oauth2.StaticTokenSource(tok))
	srv.RevokeTokens(adminApp.ClientID)
	_, err = accounts.New(stale).Me(ctx)
	h.expect("revoked token", err, is(anypoint.ErrUnauthorized))

	// Administration: answers that carry secrets, and a refusal.
	apps := admin.New(adminClient)
	created, err := apps.CreateApp(ctx, &admin.CreateAppRequest{ClientName: "hygiene-test", GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials}})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	h.show("created app", created)
	h.show("created app (value)", *created)
	newSecret, err := apps.ResetSecret(ctx, created.ClientID)
	if err != nil {
		t.Fatalf("ResetSecret: %v", err)
	}
	h.show("reset secret", newSecret)
	_, err = admin.New(app).CreateApp(ctx, &admin.CreateAppRequest{ClientName: "refused", GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials}})
	h.expect("admin call without the scope", err, is(anypoint.ErrScopeDenied))

	// Method 2.
	redirect := freeRedirect(t)
	user := srv.AddApp(anypointtest.AppSpec{
		Name:         "hygiene-cli",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken},
		RedirectURIs: []string{redirect},
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
	})
	ac := connectedapps.AuthorizationCode{
		ClientID: user.ClientID, ClientSecret: user.ClientSecret, RedirectURL: redirect,
		Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
		Config: h.cfg,
	}
	h.show("authorization code credential", ac)
	ar, err := ac.Begin()
	if err != nil {
		t.Fatal(err)
	}
	h.show("authorization request", ar)
	h.show("authorization request (value)", *ar)
	cb := h.authorize(ar)

	forged := url.Values{"code": cb["code"], "state": {"forged-state-value"}}
	_, err = ac.Exchange(ctx, ar, forged)
	h.expect("state mismatch", err, is(connectedapps.ErrStateMismatch))

	wrong := *ar
	wrong.Verifier = "wrong-verifier-" + strings.Repeat("x", 43)
	_, err = ac.Exchange(ctx, &wrong, cb)
	h.expect("wrong PKCE verifier", err, is(anypoint.ErrInvalidGrant))

	userTok, err := ac.Exchange(ctx, ar, cb)
	if err != nil {
		t.Fatalf("Exchange with the right verifier after a wrong one: %v", err)
	}
	_, err = ac.Exchange(ctx, ar, url.Values{"state": {ar.State}})
	h.expect("no code", err, is(connectedapps.ErrMissingCode))

	userTokens, err := ac.TokenSource(ctx, userTok)
	if err != nil {
		t.Fatal(err)
	}
	h.show("user token source", userTokens)
	userAccounts := accounts.New(h.client(userTokens))
	if _, err := userAccounts.ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatalf("ListEnvironments as the user: %v", err)
	}
	srv.ExpireTokens()
	if _, err := userAccounts.ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatalf("ListEnvironments after a refresh: %v", err)
	}
	srv.RevokeAuthorization(anypointtest.Username, user.ClientID)
	srv.ExpireTokens()
	_, err = userAccounts.ListEnvironments(ctx, anypointtest.OrgID, nil)
	h.expect("revoked grant", err, is(anypoint.ErrInvalidGrant))

	// Last of this grant: a reused code also revokes what it was exchanged for.
	_, err = ac.Exchange(ctx, ar, cb)
	h.expect("code used twice", err, is(anypoint.ErrInvalidGrant))

	srv.SetConsent(false)
	ar2, _ := ac.Begin()
	_, err = ac.Exchange(ctx, ar2, h.authorize(ar2))
	h.expect("access denied", err, is(connectedapps.ErrAccessDenied))

	browser := func(ctx context.Context, u string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		resp, err := h.hc.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	_, err = ac.Login(ctx, connectedapps.WithOpener(browser), connectedapps.WithPrompt(&h.printed), connectedapps.WithLogger(h.logger))
	h.expect("Login: access denied", err, is(connectedapps.ErrAccessDenied))
	srv.SetConsent(true)

	short, cancel = context.WithTimeout(ctx, 200*time.Millisecond)
	_, err = ac.Login(short, connectedapps.WithOpener(func(context.Context, string) error { return nil }), connectedapps.WithPrompt(&h.printed), connectedapps.WithLogger(h.logger))
	cancel()
	h.expect("Login: timeout", err, is(context.DeadlineExceeded))

	srv.Fail(anypointtest.FaultSpec{Status: http.StatusInternalServerError, Path: anypointtest.TokenPath})
	_, err = ac.Login(ctx, connectedapps.WithOpener(browser), connectedapps.WithPrompt(&h.printed), connectedapps.WithLogger(h.logger),
		connectedapps.WithStore(failingStore{}))
	h.expect("Login: token endpoint 500, then a store that cannot save", err, func(err error) bool { return strings.Contains(err.Error(), "could not be saved") })

	// The grants without a browser: a user's password, and a JWT bearer
	// assertion signed with a private key read from PEM.
	keySecrets := h.userGrants(ctx, dcOf)

	// Every secret of every app, as the fake holds them now.
	for _, id := range append([]string{cc.ClientID, adminApp.ClientID, user.ClientID, created.ClientID}, keySecrets.apps...) {
		a, ok := srv.App(id)
		if !ok {
			t.Fatalf("no app %s", id)
		}
		h.rec.Add("client secret", a.ClientSecret)
	}
	h.rec.Add("client secret", newSecret.Reveal())
	h.rec.Add("client secret", created.ClientSecret.Reveal())
	for _, s := range []string{ar.State, ar.Verifier, ar.Nonce, ar2.State, ar2.Verifier, cb.Get("code"), userTok.AccessToken, userTok.RefreshToken, tok.AccessToken} {
		h.rec.Add("session secret", s)
	}

	for _, s := range keySecrets.private {
		h.rec.Add("private key", s)
	}
	h.rec.Add("username", anypointtest.ColleagueUsername)

	kinds := h.rec.Kinds()
	for _, k := range []string{"client secret", "access token", "refresh token", "authorization code", "PKCE verifier", "state",
		"password (request form)", "assertion (request form)", "private key", "username"} {
		if kinds[k] == 0 {
			t.Errorf("the proxy saw no %s (saw %v)", k, kinds)
		}
	}
	h.rec.AssertAbsent(t, "the printed errors", h.printed.String())
	h.rec.AssertAbsent(t, "the SDK's log", h.logs.String())
	if t.Failed() {
		t.Logf("cases: %s\nprinted:\n%s\nlog:\n%s", strings.Join(h.seen, ", "), h.printed.String(), h.logs.String())
	}
}

// failingStore cannot save, so that Login's "signed in but not saved" error
// is printed too.
type failingStore struct{}

func (failingStore) Load(context.Context) (*oauth2.Token, error) { return nil, nil }
func (failingStore) Save(context.Context, *oauth2.Token) error {
	return errors.New("disk full")
}
func (failingStore) Clear(context.Context) error { return nil }

// freeRedirect returns a loopback redirect URL on a port that was free a
// moment ago.
func freeRedirect(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String() + "/callback"
}

// userGrantSecrets are what the password and JWT bearer cases leave for the
// final check: the apps they made, and the private key in the forms a
// program might print it (its PEM, its numbers).
type userGrantSecrets struct {
	apps    []string
	private []string
}

// userGrants provokes the errors of the password and JWT bearer grants
// (scope denials, a wrong password, an unregistered key, a private key PEM
// that does not parse) and shows their credentials and token sources.
func (h *hygiene) userGrants(ctx context.Context, dcOf func(*anypoint.Client) *designcenter.Service) userGrantSecrets {
	t, srv := h.t, h.srv
	var out userGrantSecrets

	pwApp := srv.AddApp(anypointtest.AppSpec{Name: "hygiene-password",
		GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})
	out.apps = append(out.apps, pwApp.ClientID)
	pw := connectedapps.Password{ClientID: pwApp.ClientID, ClientSecret: pwApp.ClientSecret,
		Username: anypointtest.ColleagueUsername, Password: anypointtest.ColleaguePassword, Config: h.cfg}
	h.show("password credential", pw)
	pwTokens := pw.TokenSource()
	pwClient := h.client(pwTokens)
	if _, err := accounts.New(pwClient).ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatalf("ListEnvironments with the password grant: %v", err)
	}
	h.show("password token source", pwTokens)
	_, err := dcOf(pwClient).ListProjects(ctx)
	h.expect("password grant: scope denial", err, is(anypoint.ErrScopeDenied))
	wrong := pw
	wrong.Password = "wrong-password-6d2c8e4a"
	_, err = accounts.New(h.client(wrong.TokenSource())).Me(ctx)
	h.expect("password grant: wrong password", err, is(anypoint.ErrInvalidGrant))

	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	pemText := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	for line := range strings.SplitSeq(string(pemText), "\n") {
		if !strings.HasPrefix(line, "-----") {
			out.private = append(out.private, line)
		}
	}
	out.private = append(out.private, rsaKey.D.String(), fmt.Sprintf("%x", rsaKey.D), rsaKey.Primes[0].String(), rsaKey.Primes[1].String())
	signer, err := connectedapps.ParsePrivateKeyPEM(pemText)
	if err != nil {
		t.Fatal(err)
	}
	broken := append([]byte{}, pemText[:len(pemText)/2]...)
	broken = append(broken, "\n-----END PRIVATE KEY-----\n"...)
	_, err = connectedapps.ParsePrivateKeyPEM(broken)
	h.expect("private key PEM that does not parse", err, func(err error) bool { return err != nil })

	pub, err := connectedapps.PublicKeyPEM(signer.Public())
	if err != nil {
		t.Fatal(err)
	}
	jwtApp := srv.AddApp(anypointtest.AppSpec{Name: "hygiene-jwt", GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer},
		PublicKeys: []string{pub}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})
	out.apps = append(out.apps, jwtApp.ClientID)
	jb := connectedapps.JWTBearer{
		ClientID: jwtApp.ClientID, ClientSecret: jwtApp.ClientSecret, Signer: signer,
		Subject: connectedapps.Subject{IdentityProviderID: anypointtest.IdentityProviderID, Username: anypointtest.ColleagueUsername},
		// The proxy stands between the SDK and the fake: name the fake's
		// token endpoint, as a program behind a proxy would name the
		// platform's.
		Audience: srv.URL + anypointtest.TokenPath,
		Config:   h.cfg,
	}
	h.show("JWT bearer credential", jb)
	jbTokens := jb.TokenSource()
	jbClient := h.client(jbTokens)
	if _, err := accounts.New(jbClient).ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatalf("ListEnvironments with the JWT bearer grant: %v", err)
	}
	h.show("JWT bearer token source", jbTokens)
	_, err = dcOf(jbClient).ListProjects(ctx)
	h.expect("JWT bearer: scope denial", err, is(anypoint.ErrScopeDenied))
	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	unregistered := jb
	unregistered.Signer = other
	_, err = accounts.New(h.client(unregistered.TokenSource())).Me(ctx)
	h.expect("JWT bearer: unregistered key", err, is(anypoint.ErrInvalidGrant))
	return out
}
