package anypointtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/scopes"
)

type envPage struct {
	Data []struct {
		ID             string `json:"id"`
		OrganizationID string `json:"organizationId"`
		Name           string `json:"name"`
		IsProduction   bool   `json:"isProduction"`
		Type           string `json:"type"`
		ClientID       string `json:"clientId"`
	} `json:"data"`
	Total int `json:"total"`
}

func adminToken(t *testing.T, srv *anypointtest.Server) string {
	t.Helper()
	return clientToken(t, srv, mustApp(t, srv, anypointtest.AdminAppID))
}

func TestEnvironmentsSeed(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := adminToken(t, srv)
	base := "/accounts/api/organizations/" + anypointtest.OrgID + "/environments"
	var p envPage
	do(t, srv, "GET", base, tok, nil).want(t, 200).json(t, &p)
	if p.Total != 3 || len(p.Data) != 3 || p.Data[0].ID != anypointtest.ProductionEnvID || !p.Data[0].IsProduction ||
		p.Data[1].Type != "sandbox" || p.Data[2].Name != "Design" || p.Data[0].ClientID == "" {
		t.Errorf("environments %+v", p)
	}
	do(t, srv, "GET", base+"?isProduction=false", tok, nil).want(t, 200).json(t, &p)
	if p.Total != 2 {
		t.Errorf("isProduction=false total %d", p.Total)
	}
	do(t, srv, "GET", base+"?type=design", tok, nil).want(t, 200).json(t, &p)
	if p.Total != 1 || p.Data[0].ID != anypointtest.DesignEnvID {
		t.Errorf("type=design %+v", p)
	}
	do(t, srv, "GET", base+"?name=Sandbox", tok, nil).want(t, 200).json(t, &p)
	if p.Total != 1 || p.Data[0].ID != anypointtest.SandboxEnvID {
		t.Errorf("name=Sandbox %+v", p)
	}

	do(t, srv, "GET", base+"/"+anypointtest.SandboxEnvID, tok, nil).want(t, 200)
	do(t, srv, "GET", base+"/nope", tok, nil).want(t, 404)
	do(t, srv, "GET", "/accounts/api/organizations/nope/environments", tok, nil).want(t, 401) // no scope in that org

	env := srv.AddEnvironment(anypointtest.OrgID, "QA", anypointtest.EnvSandbox)
	do(t, srv, "GET", base+"/"+env.ID, tok, nil).want(t, 200)
	if n := len(srv.Environments(anypointtest.OrgID)); n != 4 {
		t.Errorf("Environments = %d", n)
	}
}

func TestEnvironmentsPaging(t *testing.T) {
	srv := anypointtest.NewTestServer(t, anypointtest.WithEnvironments(1234))
	tok := adminToken(t, srv)
	base := "/accounts/api/organizations/" + anypointtest.OrgID + "/environments"

	var p envPage
	do(t, srv, "GET", base, tok, nil).want(t, 200).json(t, &p)
	if p.Total != 1234 || len(p.Data) != 25 || p.Data[0].Name != "env-0001" || p.Data[24].Name != "env-0025" {
		t.Fatalf("default page: total %d, %d items", p.Total, len(p.Data))
	}
	seen := map[string]bool{}
	for offset := 0; ; offset += 500 {
		var pg envPage
		do(t, srv, "GET", fmt.Sprintf("%s?offset=%d&limit=500", base, offset), tok, nil).want(t, 200).json(t, &pg)
		if pg.Total != 1234 {
			t.Fatalf("total %d", pg.Total)
		}
		for i, e := range pg.Data {
			if want := fmt.Sprintf("env-%04d", offset+i+1); e.Name != want {
				t.Fatalf("item %d is %s, want %s", offset+i, e.Name, want)
			}
			seen[e.ID] = true
		}
		if len(pg.Data) < 500 {
			break
		}
	}
	if len(seen) != 1234 {
		t.Errorf("%d distinct environments", len(seen))
	}
	do(t, srv, "GET", base+"?limit=501", tok, nil).want(t, 400)
	do(t, srv, "GET", base+"?offset=-1", tok, nil).want(t, 400)
	do(t, srv, "GET", base+"?offset=5000", tok, nil).want(t, 200).json(t, &p)
	if p.Total != 1234 || len(p.Data) != 0 {
		t.Errorf("past the end: %+v", p)
	}
	do(t, srv, "GET", base+"?type=production&limit=500", tok, nil).want(t, 200).json(t, &p)
	if p.Total != 412 {
		t.Errorf("production total %d, want 412", p.Total)
	}
	do(t, srv, "GET", base+"?search=env-12", tok, nil).want(t, 200).json(t, &p)
	if p.Total != 35 { // env-0120..0129 and env-1200..1234
		t.Errorf("search total %d", p.Total)
	}

	// Stable IDs from run to run.
	other := anypointtest.NewTestServer(t, anypointtest.WithEnvironments(3))
	if srv.Environments(anypointtest.OrgID)[2].ID != other.Environments(anypointtest.OrgID)[2].ID {
		t.Error("environment IDs differ between servers")
	}
}

func TestOrganizationAndHierarchy(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := adminToken(t, srv)
	var o struct {
		ID, Name           string
		IsMaster           bool     `json:"isMaster"`
		SubOrganizationIDs []string `json:"subOrganizationIds"`
		Environments       []any    `json:"environments"`
	}
	do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID, tok, nil).want(t, 200).json(t, &o)
	if o.Name != "Acme Corp" || !o.IsMaster || len(o.SubOrganizationIDs) != 3 || len(o.Environments) != 3 {
		t.Errorf("org %+v", o)
	}
	// No scope is held in an organization that does not exist: 401, as for environments.
	do(t, srv, "GET", "/accounts/api/organizations/00000000-0000-4000-8000-000000000000", tok, nil).want(t, 401)

	type node struct {
		ID                string `json:"id"`
		Name              string `json:"name"`
		IsRoot            bool   `json:"isRoot"`
		EnvironmentsCount int    `json:"environmentsCount"`
		SubOrganizations  []node `json:"subOrganizations"`
	}
	var h node
	do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID+"/hierarchy", tok, nil).want(t, 200).json(t, &h)
	if !h.IsRoot || len(h.SubOrganizations) != 2 || h.EnvironmentsCount != 3 ||
		h.SubOrganizations[0].ID != anypointtest.EngineeringOrgID || h.SubOrganizations[0].IsRoot ||
		len(h.SubOrganizations[0].SubOrganizations) != 1 || h.SubOrganizations[0].SubOrganizations[0].ID != anypointtest.PlatformTeamOrgID ||
		h.SubOrganizations[1].Name != "Acme Sales" {
		t.Errorf("hierarchy %+v", h)
	}

	// The quickstart app has neither read:organization nor view:environment.
	wantUnauthorized(t, do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID+"/hierarchy", clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)), nil))
}

func TestRoutingErrors(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	var e struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	}
	do(t, srv, "GET", "/no/such/path", "", nil).want(t, 404).json(t, &e)
	if e.Status != 404 || e.Message == "" {
		t.Errorf("404 %+v", e)
	}
	a := do(t, srv, "DELETE", anypointtest.MePath, "", nil).want(t, 405)
	if a.Header.Get("Allow") != "GET" {
		t.Errorf("Allow %q", a.Header.Get("Allow"))
	}
	if srv.Requests("DELETE", anypointtest.MePath) != 1 || srv.Requests("GET", "/no/such/path") != 1 {
		t.Error("Requests counters")
	}
	if srv.Connections() < 1 {
		t.Error("Connections")
	}
	srv.ResetRequestLog()
	if len(srv.RequestLog()) != 0 || srv.Requests("GET", "/no/such/path") != 0 {
		t.Error("ResetRequestLog")
	}
}

// Each Accounts route takes the query parameters the Access Management spec
// names for it, and refuses any other with 400, so that a misspelt filter
// fails rather than being ignored.
func TestAccountsQueryNamesFollowTheSpec(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.AdminAppID))
	envs := "/accounts/api/organizations/" + anypointtest.OrgID + "/environments"
	var e struct {
		Status  int
		Message string
	}
	do(t, srv, "GET", envs+"?name=Production&isProduction=true&type=production&search=prod&offset=0&limit=500&expandAll=false", tok, nil).want(t, 200)
	for _, path := range []string{
		envs + "?production=true",
		envs + "?orgId=" + anypointtest.OrgID,
		envs + "?Limit=5",
		"/accounts/api/organizations/" + anypointtest.OrgID + "?expand=true",
		"/accounts/api/organizations/" + anypointtest.OrgID + "/hierarchy?depth=1",
		"/accounts/api/organizations/" + anypointtest.OrgID + "/environments/" + anypointtest.ProductionEnvID + "?verbose=1",
		anypointtest.MePath + "?fields=user",
	} {
		do(t, srv, "GET", path, tok, nil).want(t, 400).json(t, &e)
		if e.Status != 400 || !strings.HasPrefix(e.Message, "Unknown query parameter") {
			t.Errorf("GET %s: %+v", path, e)
		}
	}
	// expandAll lists every environment below the root organization.
	var page struct {
		Data  []struct{ OrganizationID string }
		Total int
	}
	do(t, srv, "GET", envs+"?expandAll=true&limit=500", tok, nil).want(t, 200).json(t, &page)
	orgs := map[string]bool{}
	for _, env := range page.Data {
		orgs[env.OrganizationID] = true
	}
	if page.Total != 10 || len(orgs) != 4 {
		t.Errorf("expandAll: %d environments in %d organizations, want 10 in 4", page.Total, len(orgs))
	}
	srv.GrantScope(anypointtest.AdminAppID, scopes.Grant{Scope: scopes.ViewEnvironment, OrgID: anypointtest.EngineeringOrgID})
	tok = clientToken(t, srv, mustApp(t, srv, anypointtest.AdminAppID))
	do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.EngineeringOrgID+"/environments?expandAll=true", tok, nil).want(t, 400).json(t, &e)
	if !strings.Contains(e.Message, "root organization") {
		t.Errorf("expandAll on a business group: %+v", e)
	}
}
