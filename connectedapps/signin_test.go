package connectedapps_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// A program that calls SignIn at every start signs its user in once: the
// first run opens the browser, the next ones go on from the token file,
// and a grant the administrator revoked sends the user to the browser
// again.
func TestSignInOnceThenResumeFromTheStore(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app, err := srv.AddLoopbackUserApp("signin", scopes.ViewEnvironment, scopes.OfflineAccess)
	if err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		RedirectURL: app.RedirectURIs[0], Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}, Config: srv.Config()}
	var opened atomic.Int32
	browser := srv.Browser()
	opener := connectedapps.WithOpener(func(ctx context.Context, url string) error {
		opened.Add(1)
		return browser(ctx, url)
	})
	store := connectedapps.NewFileStore(filepath.Join(t.TempDir(), "token.json"))
	ctx := context.Background()

	run := func() error {
		ts, err := ac.SignIn(ctx, store, opener)
		if err != nil {
			return err
		}
		c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()))
		if err != nil {
			return err
		}
		_, err = accounts.New(c).ListEnvironments(ctx, anypointtest.OrgID, nil)
		return err
	}
	for i := range 3 {
		if err := run(); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	if n := opened.Load(); n != 1 {
		t.Errorf("three runs opened the browser %d times, want 1", n)
	}

	// The program starts again after its access token ended: it refreshes
	// it, no browser.
	endSavedToken := func() {
		tok, err := store.Load(ctx)
		if err != nil || tok == nil {
			t.Fatalf("Load = %v, %v", tok, err)
		}
		tok.Expiry = time.Now().Add(-time.Minute)
		if err := store.Save(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	endSavedToken()
	if err := run(); err != nil {
		t.Fatalf("after the tokens expired: %v", err)
	}
	if n := opened.Load(); n != 1 {
		t.Errorf("a refresh opened the browser: %d opens", n)
	}

	// The administrator revoked the grant: at the next start the refresh
	// token is refused, and the user signs in again.
	if !srv.RevokeAuthorization(anypointtest.Username, app.ClientID) {
		t.Fatal("no authorization to revoke")
	}
	endSavedToken()
	if err := run(); err != nil {
		t.Fatalf("after the grant was revoked: %v", err)
	}
	if n := opened.Load(); n != 2 {
		t.Errorf("after a revoked grant the browser was opened %d times in all, want 2", n)
	}
}

// A token file that cannot be read is an error, never a reason to sign in
// again over it.
func TestSignInDoesNotHideACorruptStore(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	path := filepath.Join(t.TempDir(), "token.json")
	if err := writeFile(path, "{not json"); err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{ClientID: "c", ClientSecret: "s", RedirectURL: "http://127.0.0.1:1/callback", Config: srv.Config()}
	_, err := ac.SignIn(context.Background(), connectedapps.NewFileStore(path), connectedapps.WithOpener(func(context.Context, string) error {
		t.Error("the browser was opened over a corrupt token file")
		return nil
	}))
	if err == nil || errors.Is(err, connectedapps.ErrLoginRequired) {
		t.Errorf("err = %v, want the store's error", err)
	}
}

func TestAuthorizationCodeFromEnv(t *testing.T) {
	for _, k := range []string{"ANYPOINT_BASE_URL", "ANYPOINT_HOST", "ANYPOINT_CPLANE", "ANYPOINT_REGION", connectedapps.EnvRedirectURL, connectedapps.EnvTokenFile} {
		t.Setenv(k, "")
	}
	t.Setenv(connectedapps.EnvUserClientID, "")
	t.Setenv(connectedapps.EnvUserClientSecret, "")
	if _, err := connectedapps.AuthorizationCodeFromEnv(nil); !errors.Is(err, connectedapps.ErrNoUserApp) {
		t.Errorf("unset: err = %v, want ErrNoUserApp", err)
	}
	t.Setenv(connectedapps.EnvUserClientID, "app-1")
	if _, err := connectedapps.AuthorizationCodeFromEnv(nil); err == nil || !strings.Contains(err.Error(), "set both") {
		t.Errorf("id without secret: err = %v", err)
	}
	t.Setenv(connectedapps.EnvUserClientSecret, "s3cret-value")
	t.Setenv("ANYPOINT_CPLANE", "eu")
	ac, err := connectedapps.AuthorizationCodeFromEnv([]scopes.Scope{scopes.ViewEnvironment})
	if err != nil {
		t.Fatal(err)
	}
	if ac.ClientID != "app-1" || ac.ClientSecret != "s3cret-value" || ac.RedirectURL != connectedapps.DefaultRedirectURL ||
		len(ac.Scopes) != 1 || ac.Config.BaseURL().Host != "eu1.anypoint.mulesoft.com" {
		t.Errorf("AuthorizationCode = %+v (base %s)", ac, ac.Config.BaseURL())
	}
	if got := connectedapps.TokenFileFromEnv(); got != connectedapps.DefaultTokenFile {
		t.Errorf("TokenFileFromEnv = %q", got)
	}
	t.Setenv(connectedapps.EnvTokenFile, "/tmp/x.json")
	if got := connectedapps.TokenFileFromEnv(); got != "/tmp/x.json" {
		t.Errorf("TokenFileFromEnv = %q", got)
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }
