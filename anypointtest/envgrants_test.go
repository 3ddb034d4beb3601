package anypointtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/scopes"
)

// envApp adds a client-credentials app that holds grants, and a client for it.
func envApp(t *testing.T, srv *anypointtest.Server, grants ...scopes.Grant) (*anypoint.Client, string) {
	t.Helper()
	app := srv.AddApp(anypointtest.AppSpec{Name: "env-" + t.Name()})
	srv.GrantScope(app.ClientID, grants...)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	return c, app.ClientID
}

// wantEnvDenied checks that err is a ScopeError that names the scope, the
// organization and the environment, in its fields and its text.
func wantEnvDenied(t *testing.T, err error, scope scopes.Scope, envID string) {
	t.Helper()
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a *anypoint.ScopeError", err)
	}
	if se.OrgID != anypointtest.OrgID || se.EnvID != envID {
		t.Errorf("ScopeError in org %q env %q, want %q %q", se.OrgID, se.EnvID, anypointtest.OrgID, envID)
	}
	msg := se.Error()
	if !strings.Contains(msg, string(scope)) || !strings.Contains(msg, "environment "+envID) {
		t.Errorf("ScopeError %q does not name %s and environment %s", msg, scope, envID)
	}
}

// Deployments (Application Manager, simulated): Read Applications granted in
// Sandbox lists Sandbox's deployments and is refused in Production, with a
// ScopeError that names the scope and Production. Granting it in Production
// too lets the same client through there.
func TestEnvironmentGrantDeployments(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	sandbox := scopes.Grant{Scope: scopes.ReadApplications, EnvID: anypointtest.SandboxEnvID}
	c, id := envApp(t, srv, sandbox)
	d := deployments.New(c)
	ctx := context.Background()

	if _, err := d.ListDeployments(ctx, anypointtest.OrgID, anypointtest.SandboxEnvID, nil); err != nil {
		t.Fatalf("Sandbox, where the scope is granted: %v", err)
	}
	_, err := d.ListDeployments(ctx, anypointtest.OrgID, anypointtest.ProductionEnvID, nil)
	wantEnvDenied(t, err, scopes.ReadApplications, anypointtest.ProductionEnvID)

	// One by ID too: the same grant, the same refusal.
	_, err = d.GetDeployment(ctx, anypointtest.OrgID, anypointtest.ProductionEnvID, "0b6c3a52-5d0a-4d7e-9a51-6f1e2d3c4b5a")
	wantEnvDenied(t, err, scopes.ReadApplications, anypointtest.ProductionEnvID)

	srv.GrantScope(id, scopes.Grant{Scope: scopes.ReadApplications, EnvID: anypointtest.ProductionEnvID})
	if _, err := d.ListDeployments(ctx, anypointtest.OrgID, anypointtest.ProductionEnvID, nil); err != nil {
		t.Fatalf("Production, once granted there: %v", err)
	}
}

// An API Manager operation the fake does not simulate (an instance's
// bundle: the fake answers 501 once the scopes pass), by a raw Call: View APIs Configuration granted in Sandbox passes the scope
// check there and is refused in Production with a ScopeError naming it.
func TestEnvironmentGrantAPIManagerRawCall(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	c, _ := envApp(t, srv, scopes.Grant{Scope: scopes.ReadAPIConfiguration, EnvID: anypointtest.SandboxEnvID})
	ctx := context.Background()
	path := func(env string) string {
		return "/apimanager/api/v1/organizations/" + anypointtest.OrgID + "/environments/" + env + "/apis/42/bundle"
	}

	err := c.Call(ctx, "GET", path(anypointtest.SandboxEnvID), nil, nil)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 501 {
		t.Fatalf("Sandbox, where the scope is granted: err = %v, want the fake's 501 (the scope check passed)", err)
	}
	err = c.Call(ctx, "GET", path(anypointtest.ProductionEnvID), nil, nil)
	wantEnvDenied(t, err, scopes.ReadAPIConfiguration, anypointtest.ProductionEnvID)
}

// A scope that does not act in one environment reaches the whole
// organization whatever the grant says, and a scope granted with no
// environment (the fake's shortcut) reaches every environment.
func TestEnvironmentGrantOnlyForEnvironmentScopes(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	c, _ := envApp(t, srv,
		scopes.Grant{Scope: scopes.ViewEnvironment, EnvID: anypointtest.SandboxEnvID},
		scopes.Grant{Scope: scopes.ReadApplications})
	ctx := context.Background()
	if _, err := accounts.New(c).GetEnvironment(ctx, anypointtest.OrgID, anypointtest.ProductionEnvID); err != nil {
		t.Errorf("View Environment is not granted per environment: %v", err)
	}
	for _, env := range []string{anypointtest.SandboxEnvID, anypointtest.ProductionEnvID} {
		if _, err := deployments.New(c).ListDeployments(ctx, anypointtest.OrgID, env, nil); err != nil {
			t.Errorf("Read Applications granted with no environment, in %s: %v", env, err)
		}
	}
}

// The ScopeError names the environment by ID; accounts.GetEnvironment gives
// its name, for a message an administrator acts on.
func TestEnvironmentGrantNameOfTheEnvironment(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	c, _ := envApp(t, srv,
		scopes.Grant{Scope: scopes.ReadApplications, EnvID: anypointtest.SandboxEnvID},
		scopes.Grant{Scope: scopes.ViewEnvironment})
	ctx := context.Background()
	_, err := deployments.New(c).ListDeployments(ctx, anypointtest.OrgID, anypointtest.ProductionEnvID, nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a ScopeError", err)
	}
	env, err := accounts.New(c).GetEnvironment(ctx, se.OrgID, se.EnvID)
	if err != nil {
		t.Fatal(err)
	}
	if env.Name != "Production" {
		t.Errorf("environment %s is named %q, want Production", se.EnvID, env.Name)
	}
}

// Every API area whose operations need an environment-scoped scope, one GET operation each,
// by a raw Call: the scope granted in Sandbox passes the scope check there (the fake's 501
// for an operation it does not simulate), and is refused in Production with a ScopeError
// naming Production. The loop checks the count of areas too.
func TestEnvironmentGrantEveryArea(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	seen := map[string]bool{}
	var areas []*endpoints.Operation
	for o := range endpoints.All() {
		if seen[o.API] || o.Method != "GET" || o.Host != "" || o.UserOnly || len(o.AllOf) > 0 || len(o.AnyOf) == 0 || srv.Simulates(o) {
			continue
		}
		envParam := false
		for _, p := range o.PathParams() {
			switch strings.ToLower(p) {
			case "environmentid", "envid", "environment":
				envParam = true
			}
		}
		info, ok := scopes.Lookup(o.AnyOf[0])
		if !envParam || !ok || !info.NeedsEnvironment {
			continue
		}
		seen[o.API] = true
		areas = append(areas, o)
	}
	if len(areas) < 8 {
		t.Fatalf("%d API areas with environment-scoped operations, want at least 8 (API Manager, Anypoint MQ, Object Store, Secrets Manager, …)", len(areas))
	}
	ctx := context.Background()
	for _, o := range areas {
		t.Run(o.API, func(t *testing.T) {
			c, _ := envApp(t, srv, scopes.Grant{Scope: o.AnyOf[0], EnvID: anypointtest.SandboxEnvID})
			path := func(env string) string {
				var args []string
				for _, p := range o.PathParams() {
					switch l := strings.ToLower(p); {
					case l == "environmentid" || l == "envid" || l == "environment":
						args = append(args, env)
					case strings.Contains(l, "org"):
						args = append(args, anypointtest.OrgID)
					default:
						args = append(args, "x-1")
					}
				}
				return o.Path(args...)
			}
			err := c.Call(ctx, "GET", path(anypointtest.SandboxEnvID), nil, nil)
			var apiErr *anypoint.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 501 {
				t.Fatalf("%s in Sandbox, where %s is granted: err = %v, want the fake's 501", o, o.AnyOf[0], err)
			}
			err = c.Call(ctx, "GET", path(anypointtest.ProductionEnvID), nil, nil)
			wantEnvDenied(t, err, o.AnyOf[0], anypointtest.ProductionEnvID)
		})
	}
	t.Logf("%d API areas", len(areas))
}
