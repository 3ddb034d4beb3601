package connectedapps_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// exBrowser plays the user's browser against the fake platform, whose
// consent page answers at once: it opens the authorization URL and follows
// the redirect to the app's loopback callback.
func exBrowser(ctx context.Context, authURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// exLoopbackURL returns a redirect URL on a free loopback port, so that the
// examples never collide with another program on a fixed one.
func exLoopbackURL() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return "http://" + l.Addr().String() + "/callback"
}

// exUserApp registers, on the fake platform, an app that acts on behalf of a
// user and may view environments, with a redirect URL on a free loopback port.
func exUserApp(srv *anypointtest.Server) connectedapps.AuthorizationCode {
	app := srv.AddApp(anypointtest.AppSpec{
		Name:         "env-viewer-cli",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken},
		RedirectURIs: []string{exLoopbackURL()},
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
	})
	return connectedapps.AuthorizationCode{
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		RedirectURL:  app.RedirectURIs[0],
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
		Config:       srv.Config(),
	}
}

// An app that acts on its own behalf. The credential never prints its
// secret, and its token source fetches the first token on first use.
func ExampleClientCredentials() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)

	cc := connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}
	fmt.Printf("%+v\n", cc)

	c, err := anypoint.NewClient(cc.TokenSource(), anypoint.WithConfig(cc.Config))
	if err != nil {
		log.Fatal(err)
	}
	dc := designcenter.New(c)
	ctx := context.Background()
	for range 3 {
		if _, err := dc.ListProjects(ctx); err != nil {
			log.Fatal(err)
		}
	}
	// One token serves every call until it nears its end.
	fmt.Println("token requests:", srv.TokenRequests(connectedapps.GrantClientCredentials))
	// Output:
	// connectedapps.ClientCredentials{ClientID: "3f9a1c7e5b2d4806a1e3c5f7b9d0e2a4", ClientSecret: REDACTED}
	// token requests: 1
}

// A command-line tool signs its user in with the browser. WithOpener
// replaces the system browser here, so that the example runs unattended;
// a real program leaves it out.
func ExampleAuthorizationCode_Login() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	ac := exUserApp(srv) // RedirectURL: http://127.0.0.1:<port>/callback, registered with the app

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ts, err := ac.Login(ctx, connectedapps.WithOpener(exBrowser))
	if err != nil {
		log.Fatal(err)
	}

	c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	acc := accounts.New(c)
	me, err := acc.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", me.User.Username)
	for env, err := range acc.AllEnvironments(ctx, me.OrganizationID(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(env.Name)
	}
	// Output:
	// signed in as max.mule
	// Production
	// Sandbox
	// Design
}

// A web application signs users in from its own handlers: Begin when the
// user clicks "sign in" (keep the AuthRequest in the session, send the
// browser to its URL), Exchange in the handler of the redirect URL.
//
// Here an HTTP client that does not follow redirects stands in for the
// browser, and the Location the platform sends it to is the request the
// redirect handler would receive.
func ExampleAuthorizationCode_Begin() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app := srv.AddApp(anypointtest.AppSpec{
		Name:         "env-dashboard",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken},
		RedirectURIs: []string{"https://dashboard.example.com/oauth/callback"},
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
	})
	ac := connectedapps.AuthorizationCode{
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		RedirectURL:  "https://dashboard.example.com/oauth/callback",
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
		Config:       srv.Config(),
	}
	ctx := context.Background()

	// The "sign in" handler.
	authReq, err := ac.Begin()
	if err != nil {
		log.Fatal(err)
	}

	// The browser: it signs in, consents, and is sent back.
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(authReq.URL)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	callback, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("back at", callback.Host+callback.Path)

	// The redirect handler: r.URL.Query() is callback.Query().
	tok, err := ac.Exchange(ctx, authReq, callback.Query())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("refresh token:", tok.RefreshToken != "")

	// A forged or replayed redirect is refused before anything is sent.
	_, err = ac.Exchange(ctx, authReq, url.Values{"code": {"stolen"}, "state": {"guessed"}})
	fmt.Println("state mismatch:", errors.Is(err, connectedapps.ErrStateMismatch))

	ts, err := ac.TokenSource(ctx, tok)
	if err != nil {
		log.Fatal(err)
	}
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	env, err := accounts.New(c).GetEnvironment(ctx, anypointtest.OrgID, anypointtest.SandboxEnvID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(env.Name)
	// Output:
	// back at dashboard.example.com/oauth/callback
	// refresh token: true
	// state mismatch: true
	// Sandbox
}

// A command-line tool keeps the user's tokens in a file, so that the next run
// resumes the sign-in without a browser: the refresh token renews the access
// token, and each rotated refresh token replaces the old one in the file.
func ExampleNewFileStore() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	ac := exUserApp(srv)
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "token.json") // say, os.UserConfigDir()/mytool/token.json
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// First run: nothing stored yet, so the user signs in.
	ts, err := ac.TokenSource(ctx, nil, connectedapps.WithStore(connectedapps.NewFileStore(path)))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := ts.TokenContext(ctx); errors.Is(err, connectedapps.ErrLoginRequired) {
		fmt.Println("first run: sign-in required")
		if _, err := ac.Login(ctx, connectedapps.WithStore(connectedapps.NewFileStore(path)), connectedapps.WithOpener(exBrowser)); err != nil {
			log.Fatal(err)
		}
	}

	// The next run, an hour later: the access token has expired.
	srv.ExpireTokens()
	ts, err = ac.TokenSource(ctx, nil, connectedapps.WithStore(connectedapps.NewFileStore(path)))
	if err != nil {
		log.Fatal(err)
	}
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	env, err := accounts.New(c).GetEnvironment(ctx, anypointtest.OrgID, anypointtest.ProductionEnvID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("second run:", env.Name)
	fmt.Println("sign-ins:", srv.TokenRequests(connectedapps.GrantAuthorizationCode))
	fmt.Println("refreshes:", srv.TokenRequests(connectedapps.GrantRefreshToken))
	// Output:
	// first run: sign-in required
	// second run: Production
	// sign-ins: 1
	// refreshes: 1
}

// When the user signs out, Revoke ends the grant on the platform, forgets
// the tokens and clears the store; the source answers ErrRevoked from then on.
func ExampleTokenSource_Revoke() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	ac := exUserApp(srv)
	store := new(connectedapps.MemoryStore)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	ts, err := ac.Login(ctx, connectedapps.WithStore(store), connectedapps.WithOpener(exBrowser))
	if err != nil {
		log.Fatal(err)
	}
	stored, _ := store.Load(ctx)
	fmt.Println("stored:", stored != nil)

	if err := ts.Revoke(ctx); err != nil {
		log.Fatal(err)
	}
	stored, _ = store.Load(ctx)
	fmt.Println("stored after sign-out:", stored != nil)
	_, err = ts.TokenContext(ctx)
	fmt.Println("revoked:", errors.Is(err, connectedapps.ErrRevoked))
	// Output:
	// stored: true
	// stored after sign-out: false
	// revoked: true
}

// Automation signs a user in with their password, as MuleSoft's Terraform
// provider signs an administrator in. The credential prints neither the
// username nor the password; a wrong password is a typed refusal, which the
// source does not send again.
func ExamplePassword() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app := srv.AddApp(anypointtest.AppSpec{Name: "automation",
		GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})

	pw := connectedapps.Password{ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		Username: anypointtest.Username, Password: anypointtest.UserPassword, Config: srv.Config()}
	fmt.Printf("%v\n", pw)
	ctx := context.Background()
	me, err := accounts.New(exClient(srv, pw.TokenSource())).Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", me.User.Username)

	pw.Password = "not-the-password"
	_, err = accounts.New(exClient(srv, pw.TokenSource())).Me(ctx)
	fmt.Println("refused:", errors.Is(err, anypoint.ErrInvalidGrant))
	// Output:
	// connectedapps.Password{ClientID: "3b3e91abd20d6d685e1d0f99a30aeced", ClientSecret: REDACTED, Username: REDACTED, Password: REDACTED, Scopes: ""}
	// signed in as max.mule
	// refused: true
}

// A server acts as a user of the organization's identity provider with no
// password: the app registers a public key, and the source signs a
// short-lived assertion with the private key for every token it needs.
func ExampleJWTBearer() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader) // or ParsePrivateKeyPEM, or an HSM's crypto.Signer
	if err != nil {
		log.Fatal(err)
	}
	pub, err := connectedapps.PublicKeyPEM(key.Public())
	if err != nil {
		log.Fatal(err)
	}
	// An administrator registers the key (admin.CreateAppRequest's PublicKeys on the real platform).
	app := srv.AddApp(anypointtest.AppSpec{Name: "jwt-server", GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer},
		PublicKeys: []string{pub}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})

	jb := connectedapps.JWTBearer{
		ClientID: app.ClientID,
		Signer:   key,
		Subject:  connectedapps.Subject{IdentityProviderID: anypointtest.IdentityProviderID, Username: anypointtest.Username},
		Config:   srv.Config(),
	}
	fmt.Printf("%v\n", jb)
	me, err := accounts.New(exClient(srv, jb.TokenSource())).Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("acting as", me.User.Username)
	// Output:
	// connectedapps.JWTBearer{ClientID: "773557841faeb29795f5a05bdd1d92f3", ClientSecret: REDACTED, Signer: REDACTED, KeyID: "", Subject: REDACTED, Scopes: ""}
	// acting as max.mule
}

// exClient is a client of the fake platform.
func exClient(srv *anypointtest.Server, ts *connectedapps.TokenSource) *anypoint.Client {
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	return c
}
