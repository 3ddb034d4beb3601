package anypointtest_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/scopes"
)

type project struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId"`
	Name           string `json:"name"`
	Type           string `json:"type"`
	CreatedBy      string `json:"createdBy"`
	Description    string `json:"description"`
	VCSType        string `json:"vcsType"`
	CreatedDate    int64  `json:"createdDate"`
}

func TestDesignCenterSeed(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	var ps []project
	dcDo(t, srv, "GET", "/projects", tok, nil).want(t, 200).json(t, &ps)
	if len(ps) != 3 || ps[0].ID != anypointtest.OrdersProjectID || ps[0].Name != "Orders API" || ps[0].Type != "raml" ||
		ps[1].Type != "oas" || ps[2].Type != "raml-fragment" || ps[0].CreatedDate != 1702669593404 || ps[0].VCSType != "GIT" {
		t.Errorf("projects %+v", ps)
	}

	var files []struct{ Path, Type string }
	dcDo(t, srv, "GET", "/projects/"+anypointtest.OrdersProjectID+"/branches/master/files", tok, nil).want(t, 200).json(t, &files)
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path+":"+f.Type)
	}
	if got := strings.Join(paths, " "); got != "examples:FOLDER examples/order.json:FILE exchange.json:FILE orders-api.raml:FILE" {
		t.Errorf("files %s", got)
	}
	var content string
	dcDo(t, srv, "GET", "/projects/"+anypointtest.OrdersProjectID+"/branches/master/files/orders-api.raml", tok, nil).want(t, 200).json(t, &content)
	if !strings.HasPrefix(content, "#%RAML 1.0\ntitle: Orders API") {
		t.Errorf("content %q", content)
	}
	dcDo(t, srv, "GET", "/projects/"+anypointtest.OrdersProjectID+"/branches/master/files/nope.raml", tok, nil).want(t, 404)
}

// The spec's filePath "Must be URI complain [sic] and escape '/' characters": a
// nested file is asked for as one segment, and a raw "/" in it is a path the
// platform does not route.
func TestDesignCenterFilePathIsOneSegment(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	files := "/projects/" + anypointtest.OrdersProjectID + "/branches/master/files/"
	var content string
	dcDo(t, srv, "GET", files+url.PathEscape("examples/order.json"), tok, nil).want(t, 200).json(t, &content)
	if !strings.Contains(content, "ord-10042") {
		t.Errorf("content %q", content)
	}
	var e struct {
		Status  int
		Message string
	}
	dcDo(t, srv, "GET", files+"examples/order.json", tok, nil).want(t, 404).json(t, &e)
	if e.Status != 404 || !strings.HasPrefix(e.Message, "No resource found") {
		t.Errorf("raw slash: %+v, want the router's 404", e)
	}
	if _, routed := anypointtest.RequiredScopes("GET", anypointtest.DesignCenterPath+files+"examples/order.json"); routed {
		t.Error("the fake's scope table routes a file path with a raw slash")
	}
}

// A project carries every field of the platform's Project schema; createdBy
// is the owner's user ID.
func TestDesignCenterProjectFields(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	var p map[string]any
	dcDo(t, srv, "GET", "/projects/"+anypointtest.OrdersProjectID, tok, nil).want(t, 200).json(t, &p)
	want := map[string]any{
		"id": anypointtest.OrdersProjectID, "organizationId": anypointtest.OrgID, "name": "Orders API",
		"type": "raml", "createdBy": anypointtest.UserID, "vcsType": "GIT", "vcsStorageType": "GIT_INTERNAL",
		"defaultBranch": "master", "createdDate": float64(1702669593404), "lastUpdatedDate": float64(1702669593404),
		"deleted": false,
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s = %#v, want %#v", k, p[k], v)
		}
	}
	if d, _ := p["description"].(string); d == "" {
		t.Errorf("description = %#v, want the seed's", p["description"])
	}
	if _, ok := p["updatedDate"]; ok {
		t.Error(`"updatedDate" is not the platform's name: the Project schema says "lastUpdatedDate"`)
	}
}

// PATCH {"createdBy"} hands a project to another user of the organization,
// named by ID.
func TestDesignCenterPatchCreatedBy(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	path := "/projects/" + anypointtest.OrdersProjectID
	var e struct {
		Status  int
		Message string
	}
	for _, bad := range []string{anypointtest.ColleagueUsername, "", "00000000-0000-0000-0000-000000000000"} {
		dcDo(t, srv, "PATCH", path, tok, map[string]string{"createdBy": bad}).want(t, 400).json(t, &e)
		if e.Status != 400 || !strings.Contains(e.Message, "createdBy") {
			t.Errorf("createdBy %q: error %+v", bad, e)
		}
	}
	var p project
	dcDo(t, srv, "GET", path, tok, nil).want(t, 200).json(t, &p)
	if p.CreatedBy != anypointtest.UserID {
		t.Errorf("a refused PATCH changed the project: %+v", p)
	}

	dcDo(t, srv, "PATCH", path, tok, map[string]string{"createdBy": anypointtest.ColleagueID}).want(t, 200).json(t, &p)
	if p.CreatedBy != anypointtest.ColleagueID {
		t.Errorf("createdBy = %q, want %s", p.CreatedBy, anypointtest.ColleagueID)
	}
	dcDo(t, srv, "GET", path, tok, nil).want(t, 200).json(t, &p)
	if p.CreatedBy != anypointtest.ColleagueID {
		t.Errorf("after GET createdBy = %q, want %s", p.CreatedBy, anypointtest.ColleagueID)
	}

	// Neither owner nor administrator: the colleague may not take another
	// user's project.
	other := "/projects/" + anypointtest.CustomersProjectID
	dcDo(t, srv, "PATCH", other, tok, map[string]string{"createdBy": anypointtest.ColleagueID}, "x-owner-id", anypointtest.ColleagueID).want(t, 403)
	// The organization's owner may hand a project back.
	dcDo(t, srv, "PATCH", path, tok, map[string]string{"createdBy": anypointtest.UserID}).want(t, 200).json(t, &p)
	if p.CreatedBy != anypointtest.UserID {
		t.Errorf("createdBy = %q, want %s", p.CreatedBy, anypointtest.UserID)
	}
}

func TestDesignCenterHeaders(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	var e struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	}
	do(t, srv, "GET", anypointtest.DesignCenterPath+"/projects", tok, nil, "x-organization-id", anypointtest.OrgID).want(t, 400).json(t, &e)
	if e.Status != 400 || e.Message != "Missing header x-owner-id" {
		t.Errorf("error %+v", e)
	}
	do(t, srv, "GET", anypointtest.DesignCenterPath+"/projects", tok, nil, "x-owner-id", anypointtest.UserID).want(t, 400).json(t, &e)
	if e.Message != "Missing header x-organization-id" {
		t.Errorf("error %+v", e)
	}
	// The username is not the owner ID.
	do(t, srv, "GET", anypointtest.DesignCenterPath+"/projects", tok, nil, "x-organization-id", anypointtest.OrgID, "x-owner-id", "max.mule").want(t, 400)
}

func TestDesignCenterCRUD(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))

	var p project
	dcDo(t, srv, "POST", "/projects", tok, map[string]string{"name": "Payments API", "type": "raml", "description": "Pay."}).want(t, 201).json(t, &p)
	if p.ID == "" || p.Name != "Payments API" || p.OrganizationID != anypointtest.OrgID || p.CreatedBy != anypointtest.UserID {
		t.Errorf("created %+v", p)
	}
	var e struct {
		Status  int
		Message string
	}
	dcDo(t, srv, "POST", "/projects", tok, map[string]string{"name": "Orders API", "type": "raml"}).want(t, 409).json(t, &e)
	if e.Message != "Project raml-Orders API already exists" {
		t.Errorf("409 %+v", e)
	}
	dcDo(t, srv, "POST", "/projects", tok, map[string]string{"type": "raml"}).want(t, 400)

	// The spec's PATCH takes only createdBy: a name or description alone is a 400, and
	// beside createdBy they change nothing.
	var got project
	dcDo(t, srv, "PATCH", "/projects/"+p.ID, tok, map[string]string{"description": "Take payments."}).want(t, 400).json(t, &e)
	if e.Message != "createdBy is required" {
		t.Errorf("PATCH without createdBy: %+v", e)
	}
	dcDo(t, srv, "PATCH", "/projects/"+p.ID, tok, map[string]string{"createdBy": anypointtest.UserID, "name": "Renamed"}).want(t, 200).json(t, &got)
	if got.Name != "Payments API" || got.Description != "Pay." {
		t.Errorf("patched %+v", got)
	}
	dcDo(t, srv, "PUT", "/projects/"+p.ID+"/rename", tok, map[string]string{"name": "Renamed"}).want(t, 404)

	var ps []project
	dcDo(t, srv, "GET", "/projects", tok, nil).want(t, 200).json(t, &ps)
	if len(ps) != 4 || ps[3].ID != p.ID {
		t.Errorf("list %+v", ps)
	}

	// Branches.
	var brs []struct{ Name, CommitID string }
	dcDo(t, srv, "GET", "/projects/"+p.ID+"/branches", tok, nil).want(t, 200).json(t, &brs)
	if len(brs) != 1 || brs[0].Name != "master" || brs[0].CommitID == "" {
		t.Fatalf("branches %+v", brs)
	}
	var br struct{ Name, CommitID string }
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches", tok, map[string]string{"name": "develop", "commitId": brs[0].CommitID}).want(t, 201).json(t, &br)
	if br.Name != "develop" || br.CommitID != brs[0].CommitID {
		t.Errorf("created branch %+v", br)
	}
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches", tok, map[string]string{"name": "develop", "commitId": brs[0].CommitID}).want(t, 409)
	dcDo(t, srv, "GET", "/projects/"+p.ID+"/branches", tok, nil).want(t, 200).json(t, &brs)
	if len(brs) != 2 || brs[0].Name != "master" || brs[1].Name != "develop" {
		t.Errorf("branches %+v", brs)
	}

	// Saving needs the lock.
	save := []map[string]string{{"path": "payments-api.raml", "content": "#%RAML 1.0\ntitle: Payments API\n/payments:\n", "type": "FILE"}}
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/save", tok, save).want(t, 409)
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/acquireLock", tok, nil).want(t, 200)
	// Someone else cannot take it, nor save.
	colleague := []string{"x-owner-id", anypointtest.ColleagueID}
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/acquireLock", tok, nil, colleague...).want(t, 409)
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/save", tok, save, colleague...).want(t, 409)

	// The answer is the spec's Files: the branch's tree.
	var tree []struct{ Path, Type string }
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/save?commit=true&message=Add+payments", tok, save).want(t, 200).json(t, &tree)
	if len(tree) != 2 || tree[1].Path != "payments-api.raml" || tree[1].Type != "FILE" {
		t.Errorf("saved: tree %+v", tree)
	}
	if c, ok := srv.File(p.ID, "master", "payments-api.raml"); !ok || !strings.Contains(c, "/payments:") {
		t.Errorf("File = %q, %v", c, ok)
	}
	var content string
	dcDo(t, srv, "GET", "/projects/"+p.ID+"/branches/master/files/payments-api.raml", tok, nil).want(t, 200).json(t, &content)
	if content != save[0]["content"] {
		t.Errorf("content %q", content)
	}
	if cs := srv.Commits(p.ID, "master"); len(cs) != 2 || cs[1].ID == "" || cs[1].Message != "Add payments" || cs[1].Author != "max.mule" {
		t.Errorf("commits %+v", cs)
	}
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/releaseLock", tok, nil, colleague...).want(t, 409)
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/releaseLock", tok, nil).want(t, 200)
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/acquireLock", tok, nil, colleague...).want(t, 200)

	// Publish.
	var asset map[string]any
	pub := publishBody(p.ID, "payments-api.raml")
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/publish/exchange", tok, pub).want(t, 200).json(t, &asset)
	if asset["organizationId"] != anypointtest.OrgID || asset["groupId"] != anypointtest.OrgID || asset["assetId"] != "payments-api" ||
		asset["version"] != "1.0.0" || asset["main"] != "payments-api.raml" || asset["classifier"] != "raml" || asset["type"] != "rest-api" {
		t.Errorf("asset %v", asset)
	}
	if m, _ := asset["metadata"].(map[string]any); m["projectId"] != p.ID || m["branchId"] != "master" {
		t.Errorf("asset metadata %v", asset["metadata"])
	}
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/publish/exchange", tok, pub).want(t, 409)
	pub["version"] = "one"
	dcDo(t, srv, "POST", "/projects/"+p.ID+"/branches/master/publish/exchange", tok, pub).want(t, 400)

	dcDo(t, srv, "DELETE", "/projects/"+p.ID, tok, nil).want(t, 204)
	dcDo(t, srv, "GET", "/projects/"+p.ID, tok, nil).want(t, 404).json(t, &e)
	if e.Status != 404 {
		t.Errorf("404 %+v", e)
	}
	dcDo(t, srv, "DELETE", "/projects/"+p.ID, tok, nil).want(t, 404)
}

func TestDesignCenterReadOnlyScope(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "viewer", Scopes: []scopes.Scope{"view:design_center"}})
	tok := clientToken(t, srv, app)
	dcDo(t, srv, "GET", "/projects", tok, nil).want(t, 200)
	wantUnauthorized(t, dcDo(t, srv, "POST", "/projects", tok, map[string]string{"name": "X"}))
}

// The spec's branch body is {name, commitId}, both required: the fake
// refuses either missing with the platform's 400 shape, and an unknown
// commit too. A branch made at an older commit holds that commit's files.
func TestDesignCenterCreateBranchNeedsACommit(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	branches := "/projects/" + anypointtest.OrdersProjectID + "/branches"
	head := srv.Commits(anypointtest.OrdersProjectID, "master")[0].ID
	var e struct {
		Status  int
		Message string
	}
	for _, tc := range []struct {
		body any
		want string
	}{
		{map[string]string{"name": "develop"}, "commitId is required"},
		{map[string]string{"name": "develop", "baseBranch": "master"}, "commitId is required"},
		{map[string]any{"name": "develop", "commitId": nil}, "commitId is required"},
		{map[string]string{"commitId": head}, "name is required"},
		{map[string]any{"name": 7, "commitId": head}, "name must be a string"},
		{map[string]string{"name": "develop", "commitId": "0000000"}, "Commit 0000000 not found"},
		{[]string{"develop"}, "cannot unmarshal array"},
	} {
		dcDo(t, srv, "POST", branches, tok, tc.body).want(t, 400).json(t, &e)
		if e.Status != 400 || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%v: %+v, want 400 %q", tc.body, e, tc.want)
		}
	}
	dcDo(t, srv, "POST", branches, tok, map[string]string{"name": "develop", "commitId": head}).want(t, 201)
	if cs := srv.Commits(anypointtest.OrdersProjectID, "develop"); len(cs) != 1 || cs[0].ID != head {
		t.Errorf("develop's history %+v, want master's first commit", cs)
	}
	if _, ok := srv.File(anypointtest.OrdersProjectID, "develop", "orders-api.raml"); !ok {
		t.Error("develop lacks the files of the commit it was made at")
	}
}

// The spec's ProjectCreate requires name and type and lists the values of
// type, classifier and format: the fake refuses anything else with 400.
func TestDesignCenterCreateProjectFollowsTheSpec(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	var e struct {
		Status  int
		Message string
	}
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"name": "Pets", "classifier": "oas"}, "type is required"},
		{map[string]any{"type": "raml"}, "name is required"},
		{map[string]any{"name": "Pets", "type": nil}, "type is required"},
		{map[string]any{"name": "Pets", "type": "oas"}, "type must be one of raml, raml-fragment"},
		{map[string]any{"name": "Pets", "type": "raml", "classifier": "json-schema"}, "classifier must be one of raml, raml-fragment, oas"},
		{map[string]any{"name": "Pets", "type": "raml", "format": "yml"}, "format must be one of json, yaml"},
		{map[string]any{"name": " ", "type": "raml"}, "name must not be blank"},
	} {
		dcDo(t, srv, "POST", "/projects", tok, tc.body).want(t, 400).json(t, &e)
		if e.Status != 400 || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%v: %+v, want 400 %q", tc.body, e, tc.want)
		}
	}
	var p project
	dcDo(t, srv, "POST", "/projects", tok, map[string]any{"name": "Pets", "type": "raml", "classifier": "oas", "format": "json"}).want(t, 201).json(t, &p)
	if p.Type != "raml" {
		t.Errorf("created %+v", p)
	}
	if _, ok := srv.File(p.ID, "master", "pets.json"); !ok {
		t.Error("an OAS project in JSON has no pets.json")
	}
}

// publishBody is a publish body with every field the spec's PublishExchange
// requires.
func publishBody(projectID, main string) map[string]any {
	return map[string]any{
		"name": "Payments API", "apiVersion": "v1", "version": "1.0.0", "tags": []string{}, "main": main,
		"assetId": "payments-api", "groupId": anypointtest.OrgID, "classifier": "raml", "isVisual": false,
		"status": "published", "metadata": map[string]string{"projectId": projectID, "branchId": "master"},
	}
}

// The spec's PublishExchange requires ten fields; the fake refuses a body
// without any one of them, and metadata without its projectId or branchId.
func TestDesignCenterPublishFollowsTheSpec(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	path := "/projects/" + anypointtest.OrdersProjectID + "/branches/master/publish/exchange"
	var e struct {
		Status  int
		Message string
	}
	for _, field := range []string{"name", "apiVersion", "version", "tags", "main", "assetId", "groupId", "classifier", "isVisual", "status"} {
		body := publishBody(anypointtest.OrdersProjectID, "orders-api.raml")
		delete(body, field)
		dcDo(t, srv, "POST", path, tok, body).want(t, 400).json(t, &e)
		if e.Status != 400 || e.Message != field+" is required" {
			t.Errorf("without %s: %+v", field, e)
		}
	}
	for _, tc := range []struct {
		change func(map[string]any)
		want   string
	}{
		{func(b map[string]any) { b["metadata"] = map[string]string{"projectId": "p"} }, "metadata.branchId is required"},
		{func(b map[string]any) { b["metadata"] = map[string]string{"branchId": "master"} }, "metadata.projectId is required"},
		{func(b map[string]any) { b["classifier"] = "json-schema" }, "classifier must be one of oas, raml, raml-fragment"},
		{func(b map[string]any) { b["status"] = "deprecated" }, "status must be one of development, published"},
		{func(b map[string]any) { b["tags"] = "orders" }, "tags must be an array"},
		{func(b map[string]any) { b["isVisual"] = "no" }, "isVisual must be a boolean"},
		{func(b map[string]any) { b["main"] = "nope.raml" }, `main file "nope.raml" not found`},
	} {
		body := publishBody(anypointtest.OrdersProjectID, "orders-api.raml")
		tc.change(body)
		dcDo(t, srv, "POST", path, tok, body).want(t, 400).json(t, &e)
		if !strings.Contains(e.Message, tc.want) {
			t.Errorf("%+v, want %q", e, tc.want)
		}
	}
	// metadata is optional.
	body := publishBody(anypointtest.OrdersProjectID, "orders-api.raml")
	delete(body, "metadata")
	dcDo(t, srv, "POST", path, tok, body).want(t, 200)
}

// The spec's save item is {path, content}, both required. A save as the
// spec has it (no query, as MuleSoft's api-vcs-client sends it) commits;
// commit=false (a deployers' extension) writes the files without a commit;
// message names the commit; a header commits nothing special.
func TestDesignCenterSaveFollowsTheSpec(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	branch := "/projects/" + anypointtest.OrdersProjectID + "/branches/master"
	dcDo(t, srv, "POST", branch+"/acquireLock", tok, struct{}{}).want(t, 200)
	var e struct {
		Status  int
		Message string
	}
	for _, tc := range []struct {
		body any
		want string
	}{
		{[]map[string]string{{"path": "a.raml"}}, "[0].content is required"},
		{[]map[string]string{{"path": "a.raml", "content": "x"}, {"content": "y"}}, "[1].path is required"},
		{[]map[string]any{{"path": "a.raml", "content": 1}}, "content must be a string"},
		{[]any{}, "at least one file"},
		{map[string]string{"path": "a.raml", "content": "x"}, "cannot unmarshal object"},
	} {
		dcDo(t, srv, "POST", branch+"/save?commit=true&message=x", tok, tc.body).want(t, 400).json(t, &e)
		if e.Status != 400 || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%v: %+v, want 400 %q", tc.body, e, tc.want)
		}
	}
	dcDo(t, srv, "POST", branch+"/save?commit=maybe", tok, []map[string]string{{"path": "a.raml", "content": "x"}}).want(t, 400)

	before := len(srv.Commits(anypointtest.OrdersProjectID, "master"))
	save := []map[string]string{{"path": "/notes.md", "content": "# Notes\n", "type": "FILE"}}
	dcDo(t, srv, "POST", branch+"/save?commit=false", tok, save).want(t, 200)
	if got := len(srv.Commits(anypointtest.OrdersProjectID, "master")); got != before {
		t.Errorf("a save with commit=false made a commit (%d, was %d)", got, before)
	}
	if c, ok := srv.File(anypointtest.OrdersProjectID, "master", "notes.md"); !ok || c != "# Notes\n" {
		t.Errorf("notes.md = %q, %v: the save wrote nothing", c, ok)
	}
	dcDo(t, srv, "POST", branch+"/save", tok, save, "x-commit-message", "ignored").want(t, 200)
	cs := srv.Commits(anypointtest.OrdersProjectID, "master")
	if len(cs) != before+1 || cs[len(cs)-1].Message != "" || !slices.Equal(cs[len(cs)-1].Files, []string{"notes.md"}) {
		t.Errorf("the spec's save: commits %+v, want one more, with no message", cs)
	}
	dcDo(t, srv, "POST", branch+"/save?commit=true&message=Add+notes", tok, save).want(t, 200)
	cs = srv.Commits(anypointtest.OrdersProjectID, "master")
	if len(cs) != before+2 || cs[len(cs)-1].Message != "Add notes" || !slices.Equal(cs[len(cs)-1].Files, []string{"notes.md"}) {
		t.Errorf("commits %+v", cs)
	}
}

// The Design Center spec lists no query parameter for these routes; the
// save takes commit and message, as production deployers send them. Any
// other is a 400. A route the spec does not have is a 404.
func TestDesignCenterRoutesFollowTheSpec(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	project := "/projects/" + anypointtest.OrdersProjectID
	var e struct {
		Status  int
		Message string
	}
	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/projects?offset=0&limit=10", nil},
		{"GET", project + "/branches?name=master", nil},
		{"GET", project + "/branches/master/files/orders-api.raml?raw=true", nil},
		{"POST", project + "/branches/master/save?commit=true&message=x&force=true", []map[string]string{{"path": "a", "content": "b"}}},
	} {
		dcDo(t, srv, tc.method, tc.path, tok, tc.body).want(t, 400).json(t, &e)
		if !strings.HasPrefix(e.Message, "Unknown query parameter") {
			t.Errorf("%s %s: %+v", tc.method, tc.path, e)
		}
	}
	// A branch by name has DELETE in the spec, not GET: 405, naming what is allowed.
	if resp := dcDo(t, srv, "GET", project+"/branches/master", tok, struct{}{}).want(t, 405); resp.Header.Get("Allow") != "DELETE" {
		t.Errorf("GET branch: Allow %q, want DELETE", resp.Header.Get("Allow"))
	}
	// Routes no source has: a rename, a lock keep-alive, a file path with a raw slash.
	for _, tc := range []struct{ method, path string }{
		{"PUT", project + "/rename"},
		{"POST", project + "/branches/master/keepAlive"},
		{"GET", project + "/branches/master/files/examples/order.json"},
	} {
		dcDo(t, srv, tc.method, tc.path, tok, struct{}{}).want(t, 404)
	}
}
