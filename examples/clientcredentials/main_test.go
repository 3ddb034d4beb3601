package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/internal/testsupport/watch"
	"github.com/anypoint-go/anypoint/scopes"
)

// clearEnv leaves the example nothing to read from the environment, as on a
// clean machine, whatever the developer running the tests has set.
func clearEnv(t *testing.T) {
	for _, k := range []string{"ANYPOINT_CLIENT_ID", "ANYPOINT_CLIENT_SECRET", "ANYPOINT_ACCESS_TOKEN", "ANYPOINT_HOST", "ANYPOINT_REGION"} {
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

// With nothing set, the example starts the fake platform and lists the seed
// projects with the seed app.
func TestRunOnTheFake(t *testing.T) {
	watch.NoLeaks(t)
	clearEnv(t)
	out, err := runExample(t)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	for _, want := range []string{"embedded fake platform", "Orders API", "Customers API", "Common Types", "3 projects"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, anypointtest.DefaultClientCredentialsAppSecret) {
		t.Errorf("the output shows the app's secret:\n%s", out)
	}
}

// configure points the example at srv, through a proxy that records every
// secret on the wire, with the credentials of the seed app.
func configure(t *testing.T, srv *anypointtest.Server, secret string) *watch.Recorder {
	clearEnv(t)
	rec := watch.NewRecorder(t, srv.URL)
	t.Setenv("ANYPOINT_HOST", rec.URL)
	t.Setenv("ANYPOINT_CLIENT_ID", anypointtest.DefaultClientCredentialsAppID)
	t.Setenv("ANYPOINT_CLIENT_SECRET", secret)
	rec.Add("client secret", anypointtest.DefaultClientCredentialsAppSecret)
	return rec
}

// Configured from the environment, the example uses the control plane
// ANYPOINT_HOST names, and prints no secret.
func TestRunFromTheEnvironment(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	rec := configure(t, srv, anypointtest.DefaultClientCredentialsAppSecret)
	out, err := runExample(t)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if strings.Contains(out, "fake") || !strings.Contains(out, rec.URL) || !strings.Contains(out, "3 projects") {
		t.Errorf("the example did not list the projects at ANYPOINT_HOST:\n%s", out)
	}
	if n := srv.TokenRequests(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
	rec.AssertAbsent(t, "the output", out)
}

// An app without the scope is told which scopes would do.
func TestRunTellsAScopeDenial(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	srv.RemoveScope(anypointtest.DefaultClientCredentialsAppID, scopes.Grant{Scope: scopes.EditDesignCenter})
	rec := configure(t, srv, anypointtest.DefaultClientCredentialsAppSecret)
	out, err := runExample(t)
	var denied *anypoint.ScopeError
	if !errors.As(err, &denied) {
		t.Fatalf("run: %v, want a *anypoint.ScopeError\n%s", err, out)
	}
	if !strings.Contains(out, "ask an administrator to grant it one of") || !strings.Contains(out, string(scopes.EditDesignCenter)) {
		t.Errorf("the output does not say which scopes would do:\n%s", out)
	}
	rec.AssertAbsent(t, "the output", out)
}

// A wrong secret is told apart from a missing scope.
func TestRunTellsABadSecret(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	rec := configure(t, srv, "not-the-secret")
	rec.Add("client secret", "not-the-secret")
	out, err := runExample(t)
	if !errors.Is(err, anypoint.ErrInvalidClient) {
		t.Fatalf("run: %v, want anypoint.ErrInvalidClient\n%s", err, out)
	}
	if !strings.Contains(out, "check the client ID and secret") {
		t.Errorf("the output does not say what to check:\n%s", out)
	}
	rec.AssertAbsent(t, "the output", out)
	rec.AssertAbsent(t, "the error", err.Error())
}
