package leastprivilege_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/scopes"
)

func op(t *testing.T, api, id string) *endpoints.Operation {
	t.Helper()
	o, ok := endpoints.Get(api, id)
	if !ok {
		t.Fatalf("no operation %s %s", api, id)
	}
	return o
}

func call(t *testing.T, api, id, at string) leastprivilege.Call {
	return leastprivilege.Call{Operation: op(t, api, id), At: at, Via: "test"}
}

// A program that only lists Design Center projects needs the Viewer scope,
// not the Developer one, though either would do.
func TestListingProjectsNeedsTheViewer(t *testing.T) {
	list := call(t, "api-designer-experience", "getProjects", "main.go:1")
	if !slices.Contains(list.Operation.AnyOf, scopes.EditDesignCenter) || !slices.Contains(list.Operation.AnyOf, scopes.ViewDesignCenter) {
		t.Fatalf("the catalog's getProjects takes %v: the test needs both scopes", list.Operation.AnyOf)
	}
	p := leastprivilege.NewPlan([]leastprivilege.Call{list}, nil)
	if got := p.Scopes(); !slices.Equal(got, []scopes.Scope{scopes.ViewDesignCenter}) {
		t.Fatalf("scopes = %v, want [view:design_center]", got)
	}
	if len(p.Grants) != 1 || len(p.Grants[0].Calls) != 1 || p.Grants[0].Calls[0].At != "main.go:1" || p.Grants[0].Source != endpoints.FromDocs {
		t.Fatalf("grants = %+v", p.Grants)
	}
}

// Publishing to Exchange and reading the publication's status: one scope
// (Contributor) satisfies both, lighter than adding the Viewer for the
// status.
func TestOneScopeCoversSeveralCalls(t *testing.T) {
	p := leastprivilege.NewPlan([]leastprivilege.Call{
		call(t, "exchange-experience", "createOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersion", "a.go:1"),
		call(t, "exchange-experience", "getOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersionPublicationStatusByRunid", "a.go:2"),
	}, nil)
	if got := p.Scopes(); !slices.Equal(got, []scopes.Scope{scopes.EditExchange}) {
		t.Fatalf("scopes = %v, want [edit:exchange]", got)
	}
	if n := len(p.Grants[0].Calls); n != 2 {
		t.Fatalf("edit:exchange covers %d calls, want 2", n)
	}
}

// Every scope of AllOf is granted; calls any token may make need none; a
// scope granted per environment is granted in each environment called.
func TestAllOfAnyTokenAndContexts(t *testing.T) {
	var allOf *endpoints.Operation
	for o := range endpoints.All() {
		if len(o.AllOf) > 0 && len(o.AnyOf) == 0 && o.Host == "" {
			allOf = o
			break
		}
	}
	if allOf == nil {
		t.Fatal("the catalog has no operation with AllOf scopes only")
	}
	deploy := op(t, "amc-application-manager", "createOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments")
	if !slices.Equal(deploy.AnyOf, []scopes.Scope{scopes.CreateApplications}) {
		t.Fatalf("createDeployment takes %v", deploy.AnyOf)
	}
	calls := []leastprivilege.Call{
		{Operation: allOf, At: "x.go:1"},
		{Operation: op(t, "access-management", "listMe"), At: "x.go:2"},
		{Operation: deploy, At: "x.go:3", OrgID: "o1", EnvID: "sandbox"},
		{Operation: deploy, At: "x.go:4", OrgID: "o1", EnvID: "prod"},
		{Operation: deploy, At: "x.go:4", OrgID: "o1", EnvID: "prod"}, // merged
	}
	p := leastprivilege.NewPlan(calls, []leastprivilege.Unresolved{{At: "x.go:9", Via: "(*anypoint.Client).Call", Reason: "the path is built at run time"}})
	for _, s := range allOf.AllOf {
		if !slices.Contains(p.Scopes(), s) {
			t.Errorf("scopes %v lack %s of AllOf", p.Scopes(), s)
		}
	}
	if len(p.AnyToken) != 1 || p.AnyToken[0].At != "x.go:2" {
		t.Errorf("any-token calls = %+v", p.AnyToken)
	}
	var envs []string
	for _, g := range p.Grants {
		if g.Scope == scopes.CreateApplications {
			envs = append(envs, g.OrgID+"/"+g.EnvID)
			if g.EnvID == "prod" && (len(g.Calls) != 1 || g.Calls[0].Count != 2) {
				t.Errorf("prod calls = %+v, want one call made twice", g.Calls)
			}
		}
	}
	if !slices.Equal(envs, []string{"o1/prod", "o1/sandbox"}) {
		t.Errorf("create:applications granted in %v, want o1/prod and o1/sandbox", envs)
	}
	if len(p.Unresolved) != 1 {
		t.Errorf("unresolved = %+v", p.Unresolved)
	}
	var text bytes.Buffer
	if err := p.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"create:applications", "org o1", "env prod", "x.go:3", "could not be resolved", "the path is built at run time", "any valid token"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text report lacks %q:\n%s", want, text.String())
		}
	}

	// JSON for CI, read back to the same plan.
	js, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := leastprivilege.ReadPlan(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	js2, _ := json.Marshal(back)
	if !bytes.Equal(js, js2) {
		t.Fatalf("read back differs:\n%s\n%s", js, js2)
	}
	if _, err := leastprivilege.ReadPlan(strings.NewReader(`{"grants":[{"scope":"x","calls":[{"operation":"nope nope"}]}]}`)); !errors.Is(err, leastprivilege.ErrBadPlan) {
		t.Fatalf("a plan naming an unknown operation: err = %v", err)
	}
}

// Filter keeps the calls of one app.
func TestFilter(t *testing.T) {
	p := leastprivilege.NewPlan([]leastprivilege.Call{
		call(t, "api-designer-experience", "getProjects", "a.go:1"),
		call(t, "audit-log-query", "createOrganizationsByIdQueryMediatypeextension", "a.go:2"),
	}, nil)
	got := p.Filter(func(c leastprivilege.Call) bool { return c.Operation.API != "audit-log-query" }).Scopes()
	if !slices.Equal(got, []scopes.Scope{scopes.ViewDesignCenter}) {
		t.Fatalf("filtered scopes = %v", got)
	}
}
