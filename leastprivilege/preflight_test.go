package leastprivilege_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/leastprivilege/appgrants"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// pipelinePlan is the plan of a deployment pipeline's calls: publish to
// Exchange and follow the publication, find a target, deploy and follow
// the deployment.
func pipelinePlan(t *testing.T) *leastprivilege.Plan {
	return leastprivilege.NewPlan([]leastprivilege.Call{
		call(t, "exchange-experience", "createOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersion", "p.go:1"),
		call(t, "exchange-experience", "getOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersionPublicationStatusByRunid", "p.go:1"),
		call(t, "cloudhub-20", "getOrganizationsByOrganizationidTargets", "p.go:2"),
		call(t, "amc-application-manager", "createOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments", "p.go:3"),
		call(t, "amc-application-manager", "getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid", "p.go:4"),
	}, nil)
}

// A removed scope is missing, with the call that would fail; a scope no
// call needs is unused; a scope granted in another environment does not
// count.
func TestCheckFindsMissingAndUnused(t *testing.T) {
	plan := pipelinePlan(t)
	if got := plan.Scopes(); !slices.Equal(got, []scopes.Scope{scopes.CreateApplications, scopes.EditExchange, scopes.ReadApplications, scopes.ReadRuntimeFabrics}) {
		t.Fatalf("plan scopes = %v", got)
	}
	org, env := anypointtest.OrgID, anypointtest.SandboxEnvID
	held := []scopes.Grant{
		{Scope: scopes.EditExchange, OrgID: org},
		{Scope: scopes.ReadExchange, OrgID: org}, // edit:exchange covers the status too
		{Scope: scopes.ReadRuntimeFabrics, OrgID: org},
		{Scope: scopes.ReadApplications, OrgID: org, EnvID: env},
		{Scope: scopes.CreateApplications, OrgID: org, EnvID: anypointtest.ProductionEnvID}, // another environment
		{Scope: "profile", OrgID: org},
	}
	r := leastprivilege.Check(plan, held, &leastprivilege.CheckOptions{OrgID: org, EnvID: env})
	if r.OK() || len(r.Missing) != 1 {
		t.Fatalf("missing = %+v, want create:applications only", r.Missing)
	}
	m := r.Missing[0]
	if m.Grant != (scopes.Grant{Scope: scopes.CreateApplications, OrgID: org, EnvID: env}) || len(m.Calls) != 1 || m.Calls[0].At != "p.go:3" {
		t.Fatalf("missing = %+v", m)
	}
	want := []scopes.Grant{{Scope: scopes.CreateApplications, OrgID: org, EnvID: anypointtest.ProductionEnvID}, {Scope: scopes.ReadExchange, OrgID: org}}
	if !slices.Equal(r.Unused, want) {
		t.Fatalf("unused = %v, want %v", r.Unused, want)
	}

	// Granted in the right environment, nothing is missing.
	held = append(held, scopes.Grant{Scope: scopes.CreateApplications, OrgID: org, EnvID: env})
	if r := leastprivilege.Check(plan, held, &leastprivilege.CheckOptions{OrgID: org, EnvID: env}); !r.OK() {
		t.Fatalf("missing = %+v", r.Missing)
	}
	// A stronger scope than the plan's choice satisfies the call, and is
	// used.
	r = leastprivilege.Check(plan, []scopes.Grant{{Scope: scopes.ManageExchange}}, nil)
	if slices.Contains(r.MissingScopes(), scopes.EditExchange) || slices.ContainsFunc(r.Unused, func(g scopes.Grant) bool { return g.Scope == scopes.ManageExchange }) {
		t.Fatalf("manage:exchange: missing %v, unused %v", r.MissingScopes(), r.Unused)
	}
}

// Preflight reads a client-credentials app's grants from the admin API;
// Require fails fast with every missing scope at once.
func TestPreflightFromTheAdminAPI(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "pipeline", Scopes: []scopes.Scope{scopes.EditExchange, scopes.ReadApplications, scopes.ManageExchange}})
	auditor := srv.AddApp(anypointtest.AppSpec{Name: "auditor", Scopes: []scopes.Scope{scopes.ReadOrgConnApps}})
	cfg := srv.Config()
	c, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: auditor.ClientID, ClientSecret: auditor.ClientSecret, Config: cfg}.TokenSource(), anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	src := appgrants.FromAdmin(admin.New(c), app.ClientID)
	opts := &leastprivilege.CheckOptions{OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID}
	r, err := leastprivilege.Preflight(ctx, pipelinePlan(t), src, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.MissingScopes(); !slices.Equal(got, []scopes.Scope{scopes.CreateApplications, scopes.ReadRuntimeFabrics}) {
		t.Fatalf("missing = %v", got)
	}
	if len(r.Unused) != 1 || r.Unused[0].Scope != scopes.ManageExchange {
		t.Fatalf("unused = %v, want manage:exchange", r.Unused)
	}
	var text strings.Builder
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MISSING: 2 grants", "create:applications in org " + anypointtest.OrgID + ", env " + anypointtest.SandboxEnvID, "p.go:3", "UNUSED: 1 grant", "manage:exchange"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, text.String())
		}
	}

	err = leastprivilege.Require(ctx, pipelinePlan(t), src, opts)
	var missing *leastprivilege.MissingScopesError
	if !errors.As(err, &missing) || len(missing.Missing) != 2 || !errors.Is(err, anypoint.ErrScopeDenied) {
		t.Fatalf("Require: %v", err)
	}
	if !strings.Contains(err.Error(), "create:applications") || !strings.Contains(err.Error(), "read:runtime_fabrics") {
		t.Fatalf("the error names not every missing scope: %v", err)
	}
	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.CreateApplications, OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID},
		scopes.Grant{Scope: scopes.ReadRuntimeFabrics, OrgID: anypointtest.OrgID})
	if err := leastprivilege.Require(ctx, pipelinePlan(t), src, opts); err != nil {
		t.Fatalf("with every scope granted: %v", err)
	}
}

// A user's app: the scopes its token holds.
func TestTokenGrants(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "cli", GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword},
		Scopes: []scopes.Scope{scopes.ViewDesignCenter, scopes.EditDesignCenter}})
	ts := connectedapps.Password{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Username: anypointtest.Username, Password: anypointtest.UserPassword, Config: srv.Config()}.TokenSource()
	plan := leastprivilege.NewPlan([]leastprivilege.Call{call(t, "api-designer-experience", "getProjects", "l.go:1")}, nil)
	r, err := leastprivilege.Preflight(context.Background(), plan, leastprivilege.TokenGrants(ts), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || len(r.Unused) != 1 || r.Unused[0].Scope != scopes.EditDesignCenter {
		t.Fatalf("missing %v, unused %v: want none missing and edit:design_center unused", r.Missing, r.Unused)
	}
	if _, err := leastprivilege.TokenGrants(staticSource{}).Grants(context.Background()); !errors.Is(err, leastprivilege.ErrGrantsUnknown) {
		t.Fatalf("a source that does not report scopes: %v", err)
	}
}

type staticSource struct{}

func (staticSource) Token() (*oauth2.Token, error) { return &oauth2.Token{AccessToken: "t"}, nil }
