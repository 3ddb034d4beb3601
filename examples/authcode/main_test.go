package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/internal/testsupport/watch"
	"github.com/anypoint-go/anypoint/scopes"
)

// clearEnv leaves the example nothing to read from the environment, as on a
// clean machine, whatever the developer running the tests has set.
func clearEnv(t *testing.T) {
	for _, k := range []string{"ANYPOINT_USER_CLIENT_ID", "ANYPOINT_USER_CLIENT_SECRET", "ANYPOINT_REDIRECT_URL",
		"ANYPOINT_TOKEN_FILE", "ANYPOINT_HOST", "ANYPOINT_REGION"} {
		t.Setenv(k, "")
	}
}

func runExample(t *testing.T) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out strings.Builder
	err := run(ctx, &out)
	return out.String(), err
}

// With nothing set, the example starts the fake platform, signs its seed
// user in through a browser the fake plays, and lists the environments.
func TestRunOnTheFake(t *testing.T) {
	watch.NoLeaks(t)
	clearEnv(t)
	out, err := runExample(t)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	for _, want := range []string{"embedded fake platform", "signing in with the browser", "Signed in as " + anypointtest.Username,
		anypointtest.OrgID, "Production", "Sandbox", "Design"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
}

// The next run resumes from the saved sign-in without a browser: after the
// access token has expired, with one refresh and no new authorization.
func TestRunResumesFromTheSavedSignIn(t *testing.T) {
	clearEnv(t)
	srv := anypointtest.NewTestServer(t)
	rec := watch.NewRecorder(t, srv.URL)
	app, err := srv.AddLoopbackUserApp("env-viewer", scopes.ViewEnvironment, scopes.OfflineAccess)
	if err != nil {
		t.Fatal(err)
	}
	rec.Add("client secret", app.ClientSecret)
	tokenFile := filepath.Join(t.TempDir(), "token.json")

	// An earlier run: the user signed in, and the token was saved.
	ac := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: app.RedirectURIs[0],
		Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}, Config: sdktest.Config(anypoint.WithBaseURL(rec.URL))}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := ac.Login(ctx, connectedapps.WithOpener(srv.Browser()), connectedapps.WithStore(connectedapps.NewFileStore(tokenFile))); err != nil {
		t.Fatal(err)
	}
	srv.ExpireTokens()

	t.Setenv("ANYPOINT_USER_CLIENT_ID", app.ClientID)
	t.Setenv("ANYPOINT_USER_CLIENT_SECRET", app.ClientSecret)
	t.Setenv("ANYPOINT_REDIRECT_URL", app.RedirectURIs[0])
	t.Setenv("ANYPOINT_HOST", rec.URL)
	t.Setenv("ANYPOINT_TOKEN_FILE", tokenFile)
	out, err := runExample(t)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if strings.Contains(out, "signing in") || strings.Contains(out, "fake") || !strings.Contains(out, "Production") {
		t.Errorf("the example did not resume from %s:\n%s", tokenFile, out)
	}
	if n := srv.TokenRequests(connectedapps.GrantAuthorizationCode); n != 1 {
		t.Errorf("%d authorization codes redeemed, want 1 (the earlier run's)", n)
	}
	if n := srv.TokenRequests(connectedapps.GrantRefreshToken); n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
	rec.AssertAbsent(t, "the output", out)
}
