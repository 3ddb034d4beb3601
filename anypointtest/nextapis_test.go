package anypointtest_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/scopes"
)

// The fake refuses what the specs say the platform refuses, in the new areas.

func multipartBody(t *testing.T, fields map[string]string, files map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for k, v := range files {
		w, _ := mw.CreateFormFile(k, "f")
		_, _ = io.WriteString(w, v)
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

func post(t *testing.T, srv *anypointtest.Server, path, token, contentType string, body io.Reader, hdr ...string) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res, b}
}

func TestExchangePublicationRules(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "p", Scopes: []scopes.Scope{scopes.EditExchange}})
	tok := clientToken(t, srv, app)
	path := anypointtest.ExchangePath + "/organizations/" + anypointtest.OrgID + "/assets/" + anypointtest.OrgID + "/app/1.0.0"

	post(t, srv, path, tok, "application/json", strings.NewReader(`{}`)).want(t, 400)
	body, ct := multipartBody(t, map[string]string{"type": "custom"}, nil)
	post(t, srv, path, tok, ct, body).want(t, 400) // no name
	body, ct = multipartBody(t, map[string]string{"name": "A"}, nil)
	post(t, srv, path, tok, ct, body).want(t, 400) // no type, and no file to tell it

	// A POM holds the asset's properties: not beside the form's, and its
	// coordinates must be the path's (docs/v2/Asset Creation.md).
	pom := func(version string) string {
		return `<project><groupId>` + anypointtest.OrgID + `</groupId><artifactId>pom-app</artifactId><version>` + version +
			`</version><name>From the POM</name></project>`
	}
	pomPath := anypointtest.ExchangePath + "/organizations/" + anypointtest.OrgID + "/assets/" + anypointtest.OrgID + "/pom-app/1.0.0"
	for name, tc := range map[string]struct {
		fields map[string]string
		pom    string
	}{
		"name beside a POM":        {map[string]string{"name": "A"}, pom("1.0.0")},
		"a property beside a POM":  {map[string]string{"properties.mainFile": "x"}, pom("1.0.0")},
		"keywords beside a POM":    {map[string]string{"keywords": "x"}, pom("1.0.0")},
		"a POM of another version": {nil, pom("9.9.9")},
		"a POM without a name":     {nil, strings.ReplaceAll(pom("1.0.0"), "<name>From the POM</name>", "")},
		"a POM that is not XML":    {nil, "{}"},
	} {
		body, ct = multipartBody(t, tc.fields, map[string]string{"files.mule-application.jar": "jar", "files.pom": tc.pom})
		if a := post(t, srv, pomPath, tok, ct, body); a.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", name, a.StatusCode)
		}
	}
	body, ct = multipartBody(t, nil, map[string]string{"files.mule-application.jar": "jar", "files.pom.xml": pom("1.0.0")})
	post(t, srv, pomPath, tok, ct, body, "x-sync-publication", "true").want(t, 201)
	if a, ok := srv.Asset(anypointtest.OrgID, "pom-app", "1.0.0"); !ok || a.Name != "From the POM" {
		t.Fatalf("asset %+v, %v: want its name from the POM", a, ok)
	}
	body, ct = multipartBody(t, map[string]string{"name": "A"}, map[string]string{"files.mule-application.jar": "jar"})
	post(t, srv, anypointtest.ExchangePath+"/organizations/"+anypointtest.OrgID+"/assets/other-group/app/1.0.0", tok, ct, body).want(t, 400)

	body, ct = multipartBody(t, map[string]string{"name": "A"}, map[string]string{"files.mule-application.jar": "jar"})
	var async struct {
		Link string `json:"publicationStatusLink"`
	}
	post(t, srv, path, tok, ct, body).want(t, 202).json(t, &async)
	if !strings.HasPrefix(async.Link, srv.URL+path+"/publication/status/") {
		t.Fatalf("link %q", async.Link)
	}
	if _, ok := srv.Asset(anypointtest.OrgID, "app", "1.0.0"); ok {
		t.Error("the asset is visible before its publication completed")
	}
	statusPath := strings.TrimPrefix(async.Link, srv.URL)
	var st struct{ Status string }
	do(t, srv, "GET", statusPath, tok, nil).want(t, 200).json(t, &st)
	if st.Status != "running" {
		t.Errorf("first status %q", st.Status)
	}
	do(t, srv, "GET", statusPath, tok, nil).want(t, 200).json(t, &st)
	if st.Status != "completed" {
		t.Errorf("second status %q", st.Status)
	}
	if a, ok := srv.Asset(anypointtest.OrgID, "app", "1.0.0"); !ok || a.Type != "app" || a.Files[0].Size != 3 {
		t.Errorf("asset = %+v", a)
	}
	body, ct = multipartBody(t, map[string]string{"name": "A"}, map[string]string{"files.mule-application.jar": "jar"})
	post(t, srv, path, tok, ct, body, "x-sync-publication", "true").want(t, 409)

	// Reading takes a reader scope; publishing does not reach a reader.
	reader := srv.AddApp(anypointtest.AppSpec{Name: "r", Scopes: []scopes.Scope{scopes.ReadExchange}})
	rtok := clientToken(t, srv, reader)
	do(t, srv, "GET", anypointtest.ExchangePath+"/assets/"+anypointtest.OrgID+"/app/1.0.0", rtok, nil).want(t, 200)
	body, ct = multipartBody(t, map[string]string{"name": "A"}, map[string]string{"files.mule-application.jar": "jar"})
	wantUnauthorized(t, post(t, srv, anypointtest.ExchangePath+"/organizations/"+anypointtest.OrgID+"/assets/"+anypointtest.OrgID+"/app/2.0.0", rtok, ct, body))
	do(t, srv, "GET", anypointtest.ExchangePath+"/assets/search?limit=251", rtok, nil).want(t, 400)

	// The spec's types is one value of its enum: repeated, listed or
	// unknown, it is refused; once, it filters.
	search := anypointtest.ExchangePath + "/assets/search"
	do(t, srv, "GET", search+"?types=app&types=custom", rtok, nil).want(t, 400)
	do(t, srv, "GET", search+"?types=custom,rest-api", rtok, nil).want(t, 400)
	do(t, srv, "GET", search+"?types=policy", rtok, nil).want(t, 400)
	var found []struct{ AssetID string }
	do(t, srv, "GET", search+"?types=custom", rtok, nil).want(t, 200).json(t, &found)
	if len(found) != 0 {
		t.Errorf("types=custom found %+v; the assets are apps", found)
	}
	// organizationId is not the spec's: the fake does not filter by it.
	do(t, srv, "GET", search+"?organizationId=no-such-org", rtok, nil).want(t, 200).json(t, &found)
	if len(found) != 2 {
		t.Errorf("organizationId filtered the search: %+v, want both assets", found)
	}
}

func TestDeploymentRules(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "d", Scopes: []scopes.Scope{scopes.CreateApplications, scopes.ReadApplications}})
	tok := clientToken(t, srv, app)
	base := anypointtest.DeploymentsPath + "/organizations/" + anypointtest.OrgID + "/environments/"
	ok := map[string]any{
		"name":        "orders",
		"target":      map[string]any{"provider": "MC", "targetId": anypointtest.SharedSpaceTargetID},
		"application": map[string]any{"ref": map[string]string{"groupId": anypointtest.OrgID, "artifactId": "orders", "version": "1.0.0", "packaging": "jar"}},
	}
	do(t, srv, "GET", base+"no-such-env/deployments", tok, nil).want(t, 404)
	// The asset is not in Exchange.
	do(t, srv, "POST", base+anypointtest.SandboxEnvID+"/deployments", tok, ok).want(t, 400)
	bad := map[string]any{"name": "Not A Name", "target": ok["target"], "application": ok["application"]}
	do(t, srv, "POST", base+anypointtest.SandboxEnvID+"/deployments", tok, bad).want(t, 400)
	var list struct {
		Total int
		Items []any
	}
	do(t, srv, "GET", base+anypointtest.SandboxEnvID+"/deployments", tok, nil).want(t, 200).json(t, &list)
	if list.Total != 0 || list.Items == nil {
		t.Errorf("list = %+v, want {total: 0, items: []}", list)
	}
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.TargetsPath+"/organizations/"+anypointtest.OrgID+"/targets", tok, nil))
}

func TestAuditQueryRules(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "a", Scopes: []scopes.Scope{scopes.ReadAuditLogs}})
	tok := clientToken(t, srv, app)
	q := anypointtest.AuditPath + "/organizations/" + anypointtest.OrgID + "/query"
	do(t, srv, "POST", q, tok, map[string]any{}).want(t, 400)                                                       // no startDate
	do(t, srv, "POST", q, tok, map[string]any{"startDate": "yesterday"}).want(t, 400)                               // not a date
	do(t, srv, "POST", q, tok, map[string]any{"startDate": 0, "limit": 201}).want(t, 400)                           // over 200
	do(t, srv, "POST", q+".csv", tok, map[string]any{"startDate": "2020-01-01", "limit": 201}).want(t, 200)         // CSV takes more
	do(t, srv, "POST", q+"?cursorPagination=true", tok, map[string]any{"startDate": 0, "cursor": "x"}).want(t, 400) // unknown cursor
	var page struct {
		Data   []map[string]any
		Cursor *string
		Total  *int
	}
	do(t, srv, "POST", q+"?cursorPagination=true", tok, map[string]any{"startDate": 0}).want(t, 200).json(t, &page)
	if page.Cursor != nil || page.Total != nil {
		t.Errorf("an empty cursor page = %+v, want no cursor and no total", page)
	}
	// The audit API's own calls are not in the trail.
	if trail := srv.AuditTrail(); len(trail) != 0 {
		t.Errorf("trail = %+v", trail)
	}
}
