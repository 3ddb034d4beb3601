package endpoints_test

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/endpoints/internal/codegen"
	"github.com/anypoint-go/anypoint/scopes"
)

func TestGeneratedFileIsCurrent(t *testing.T) {
	data, err := os.ReadFile("catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := os.ReadFile("../scopes/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := codegen.Generate(data, sc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("catalog_gen.go is out of date with catalog.json: run go generate ./endpoints")
	}
}

// TestCatalogHoldsEveryPublishedOperation states the counts of the specs at
// the pinned commit: 1,453 operations, 1,428 distinct operation IDs, and
// the 144 whose scopes their own spec names.
func TestCatalogHoldsEveryPublishedOperation(t *testing.T) {
	if endpoints.Commit != "32e2b5877742a40b0a238333dea120ec4e49b29f" {
		t.Errorf("Commit = %s", endpoints.Commit)
	}
	n, ids := 0, map[string]bool{}
	bySource := map[endpoints.Source]int{}
	perAPI := map[string]int{}
	for op := range endpoints.All() {
		n++
		ids[op.ID] = true
		bySource[op.Source]++
		perAPI[op.API]++
		if op.Cite == "" {
			t.Errorf("%s: no citation", op)
		}
		switch op.Source {
		case endpoints.FromSpec, endpoints.FromDocs, endpoints.Assumed:
		default:
			t.Errorf("%s: source %q", op, op.Source)
		}
		for _, s := range op.Scopes() {
			if _, ok := scopes.Lookup(s); !ok {
				t.Errorf("%s: scope %s is not in the scope catalog", op, s)
			}
		}
		if got, ok := endpoints.Get(op.API, op.ID); !ok || got != op {
			t.Errorf("Get(%s, %s) does not find it", op.API, op.ID)
		}
	}
	if n != 1453 || len(ids) != 1428 {
		t.Errorf("%d operations with %d distinct IDs, want 1453 and 1428", n, len(ids))
	}
	if bySource[endpoints.FromSpec] != 144 {
		t.Errorf("%d operations take their scopes from their spec, want 144", bySource[endpoints.FromSpec])
	}
	if perAPI["api-manager"] != 118 || perAPI["access-management"] != 267 {
		t.Errorf("api-manager %d, access-management %d operations", perAPI["api-manager"], perAPI["access-management"])
	}
	apis, unread, sum := 0, 0, 0
	for a := range endpoints.APIs() {
		apis++
		sum += a.Operations
		if a.Unread != "" {
			unread++
		}
		if perAPI[a.Name] != a.Operations {
			t.Errorf("%s: %d operations listed, %d counted", a.Name, a.Operations, perAPI[a.Name])
		}
	}
	if apis != 36 || unread != 1 || sum != n {
		t.Errorf("%d APIs (%d unread) holding %d operations", apis, unread, sum)
	}
}

func TestLookup(t *testing.T) {
	for _, c := range []struct {
		method, path, api, id string
	}{
		{"GET", "/apimanager/api/v1/organizations/o-1/environments/e-1/apis", "api-manager", "listOrganizationsEnvironmentsApis"},
		{"GET", "/apimanager/api/v1/organizations/o-1/environments/e-1/apis?limit=5", "api-manager", "listOrganizationsEnvironmentsApis"},
		{"GET", "/accounts/api/organizations/o%2D1/environments", "access-management", "listEnvironments"},
		{"GET", "/accounts/api/me", "access-management", "listMe"},
		// A literal segment wins over a parameter in the same place.
		{"GET", "/accounts/api/organizations/o-1/connectedApplications/settings", "access-management", "listConnectedApplicationsSettings"},
		{"GET", "/accounts/api/organizations/o-1/connectedApplications/some-client", "access-management", "getOrganizationConnectedApplication"},
		// A parameter's segment may hold an escaped slash.
		{"GET", "/designcenter/api-designer/projects/p/branches/master/files/types%2Forder.raml", "api-designer-experience", "getProjectsByProjectidBranchesByBranchFilesByFilepath"},
		// A parameter that fills part of a segment.
		{"POST", "/audit/v2/organizations/o-1/query", "audit-log-query", "createOrganizationsByIdQueryMediatypeextension"},
		{"POST", "/audit/v2/organizations/o-1/query.csv", "audit-log-query", "createOrganizationsByIdQueryMediatypeextension"},
		{"GET", "/exchange/api/v2/assets/g/a/asset", "exchange-experience", "getAssetsByGroupidByAssetidAsset"},
	} {
		op, ok := endpoints.Lookup(c.method, c.path)
		if !ok {
			t.Errorf("Lookup(%s %s): not found", c.method, c.path)
			continue
		}
		if op.API != c.api || op.ID != c.id {
			t.Errorf("Lookup(%s %s) = %s, want %s %s", c.method, c.path, op, c.api, c.id)
		}
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/apimanager/api/v1/organizations/o-1/environments/e-1/apis/"},
		{"DELETE", "/accounts/api/me"},
		{"GET", "/accounts/api/organizations//environments"},
		{"GET", "accounts/api/me"},
		{"GET", "/nothing/here"},
		// Object Store is not served by the control plane.
		{"GET", "/api/v1/organizations/o/environments/e/stores"},
	} {
		if op, ok := endpoints.Lookup(c.method, c.path); ok {
			t.Errorf("Lookup(%s %s) = %s, want none", c.method, c.path, op)
		}
	}
}

func TestLookupAllocatesNothing(t *testing.T) {
	n := testing.AllocsPerRun(100, func() {
		if _, ok := endpoints.Lookup("GET", "/apimanager/api/v1/organizations/o-1/environments/e-1/apis/123/policies"); !ok {
			t.Fatal("not found")
		}
	})
	if n != 0 {
		t.Errorf("Lookup allocates %v times a call", n)
	}
}

// TestEveryPatternFindsItself checks that each control-plane operation is
// what Lookup finds for its own pattern filled with IDs, unless a more
// specific pattern of the same shape takes the path (then that one must be
// of the same method and more literal).
func TestEveryPatternFindsItself(t *testing.T) {
	n := 0
	for op := range endpoints.All() {
		if op.Host != "" {
			continue
		}
		args := make([]string, len(op.PathParams()))
		for i := range args {
			args[i] = "x" + string(rune('a'+i%26)) + "-1"
		}
		got, ok := endpoints.Lookup(op.Method, op.Path(args...))
		if !ok {
			t.Errorf("%s: Lookup of its own path finds nothing", op)
			continue
		}
		if got != op {
			if got.Method != op.Method {
				t.Errorf("%s: Lookup found %s", op, got)
			}
			continue
		}
		n++
		vals, ok := op.Match(op.Path(args...))
		if !ok || !slices.Equal(vals, args) {
			t.Errorf("%s: Match = %q, %v", op, vals, ok)
		}
	}
	if n < 1300 {
		t.Errorf("only %d operations find themselves", n)
	}
}

func TestSatisfiedAndScopeLine(t *testing.T) {
	create, ok := endpoints.Get("api-manager", "createOrganizationsEnvironmentsApis")
	if !ok {
		t.Fatal("createOrganizationsEnvironmentsApis missing")
	}
	if want := []scopes.Scope{scopes.ManageAPIConfiguration, scopes.ReadExchange}; !slices.Equal(create.AllOf, want) || len(create.AnyOf) != 0 {
		t.Errorf("AnyOf %v AllOf %v, want all of %v", create.AnyOf, create.AllOf, want)
	}
	if create.Satisfied([]scopes.Scope{scopes.ManageAPIConfiguration}) {
		t.Error("satisfied without Exchange Viewer")
	}
	if !create.Satisfied([]scopes.Scope{scopes.ReadExchange, scopes.ManageAPIConfiguration}) {
		t.Error("not satisfied by both")
	}
	if got, want := create.ScopeLine(), "scopes manage:api_configuration and read:exchange (spec)"; got != want {
		t.Errorf("ScopeLine = %q, want %q", got, want)
	}
	list, _ := endpoints.Get("api-designer-experience", "getProjects")
	if got, want := list.DocLine(), "GET /designcenter/api-designer/projects (api-designer-experience getProjects): scope edit:design_center or view:design_center (docs)."; got != want {
		t.Errorf("DocLine = %q, want %q", got, want)
	}
	if !list.Satisfied([]scopes.Scope{scopes.ViewDesignCenter}) || list.Satisfied([]scopes.Scope{scopes.CreateDesignCenter}) {
		t.Error("getProjects: any of edit or view")
	}
	me, _ := endpoints.Get("access-management", "listMe")
	if !me.AnyToken || !me.Satisfied(nil) || me.ScopeLine() != "any valid token (docs)" {
		t.Errorf("listMe: %+v", me)
	}
}
