package designcenter

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
)

// publicationJSON is shaped like the spec's PublishResponse example.
const publicationJSON = `{"organizationId":"` + testOrg + `","groupId":"` + testOrg + `","assetId":"orders-api","version":"1.0.0","apiVersion":"v1",` +
	`"dependencies":[],"main":"api.raml","versionGroup":"v1","classifier":"raml","metadata":{"projectId":"p1","branchId":"master"},` +
	`"originalFormatVersion":"1.0","name":"Orders API","type":"rest-api","extra":"ignored"}`

// ordersRequest sets every field the spec requires but GroupID.
func ordersRequest() *PublishToExchangeRequest {
	return &PublishToExchangeRequest{Name: "Orders API", APIVersion: "v1", Version: "1.0.0", Main: "api.raml", AssetID: "orders-api",
		Classifier: ClassifierRAML, Status: AssetStatusPublished, Tags: []string{"orders"}}
}

// The body carries every field the spec's PublishExchange requires, and the
// metadata production deployers send, from the call's project and branch.
func TestPublishToExchange(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/publish/exchange", func(r *http.Request) *http.Response {
		expect(t, r, `{"name":"Orders API","apiVersion":"v1","version":"1.0.0","tags":["orders"],"main":"api.raml","assetId":"orders-api",`+
			`"groupId":"`+testOrg+`","classifier":"raml","isVisual":false,"status":"published","metadata":{"projectId":"p1","branchId":"master"}}`)
		return jsonResponse(200, publicationJSON)
	})
	req := ordersRequest()
	pub, err := e.svc.PublishToExchange(context.Background(), "p1", "master", req)
	if err != nil {
		t.Fatal(err)
	}
	want := Publication{OrganizationID: testOrg, GroupID: testOrg, AssetID: "orders-api", Version: "1.0.0", APIVersion: "v1",
		VersionGroup: "v1", Main: "api.raml", Classifier: "raml", Name: "Orders API", Type: "rest-api", OriginalFormatVersion: "1.0",
		Dependencies: []string{}, Metadata: PublicationMetadata{ProjectID: "p1", BranchID: "master"}}
	if !reflect.DeepEqual(*pub, want) {
		t.Errorf("publication = %+v\nwant          %+v", *pub, want)
	}
	if req.GroupID != "" {
		t.Errorf("the caller's request was changed: GroupID = %q", req.GroupID)
	}
}

// The optional fields go out when set; nil tags go out as [], as the spec
// requires the field.
func TestPublishToExchangeOptionalFields(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/feature%2Fx/publish/exchange", func(r *http.Request) *http.Response {
		expect(t, r, `{"name":"Pets","apiVersion":"1.0","version":"2.0.0-rc.1","tags":[],"main":"pets.yaml","assetId":"pets",`+
			`"groupId":"com.acme","classifier":"oas","isVisual":true,"status":"development","publishList":["pets.yaml","exchange.json"],`+
			`"originalFormatVersion":"3.0","metadata":{"projectId":"p1","branchId":"feature/x"}}`)
		return jsonResponse(200, `{"groupId":"com.acme","assetId":"pets","version":"2.0.0-rc.1"}`)
	})
	pub, err := e.svc.PublishToExchange(context.Background(), "p1", "feature/x", &PublishToExchangeRequest{
		Name: "Pets", APIVersion: "1.0", Version: "2.0.0-rc.1", Main: "pets.yaml", AssetID: "pets", GroupID: "com.acme",
		Classifier: ClassifierOAS, IsVisual: true, Status: AssetStatusDevelopment,
		PublishList: []string{"pets.yaml", "exchange.json"}, OriginalFormatVersion: "3.0",
	})
	if err != nil {
		t.Fatal(err)
	}
	if pub.GroupID != "com.acme" || pub.Version != "2.0.0-rc.1" {
		t.Errorf("publication = %+v", pub)
	}
}

func TestPublishToExchangeGroupFromLookup(t *testing.T) {
	e := newEnvWith(t, staticTokens())
	meCalls := e.onMe(func(int64) *http.Response { return jsonResponse(200, meBody) })
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/publish/exchange", func(r *http.Request) *http.Response {
		checkHeaders(t, r, meOrg, meOwner)
		checkBody(t, r, `{"name":"Orders API","apiVersion":"v1","version":"1.0.0","tags":["orders"],"main":"api.raml","assetId":"orders-api",`+
			`"groupId":"`+meOrg+`","classifier":"raml","isVisual":false,"status":"published","metadata":{"projectId":"p1","branchId":"master"}}`)
		return jsonResponse(200, `{}`)
	})
	if _, err := e.svc.PublishToExchange(context.Background(), "p1", "master", ordersRequest()); err != nil {
		t.Fatal(err)
	}
	if meCalls.Load() != 1 {
		t.Errorf("GET /accounts/api/me sent %d times, want 1", meCalls.Load())
	}
}

func TestPublishToExchangeErrors(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/publish/exchange", func(r *http.Request) *http.Response {
		return jsonResponse(409, `{"message":"Version 1.0.0 already exists"}`)
	})
	_, err := e.svc.PublishToExchange(context.Background(), "p1", "master", ordersRequest())
	if !errors.Is(err, anypoint.ErrConflict) || !strings.Contains(err.Error(), "Version 1.0.0 already exists") {
		t.Errorf("err = %v", err)
	}
}

// A field the spec requires, left empty, is refused before any request.
func TestPublishToExchangeValidation(t *testing.T) {
	with := func(change func(r *PublishToExchangeRequest)) *PublishToExchangeRequest {
		r := ordersRequest()
		change(r)
		return r
	}
	tests := []struct {
		name, project, branch string
		req                   *PublishToExchangeRequest
		field, want           string
	}{
		{"no project", "", "master", ordersRequest(), "projectID", "must not be empty"},
		{"no branch", "p1", "", ordersRequest(), "branch", "must not be empty"},
		{"nil", "p1", "master", nil, "req", "must not be nil"},
		{"no name", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Name = "" }), "Name", "the spec requires it"},
		{"no API version", "p1", "master", with(func(r *PublishToExchangeRequest) { r.APIVersion = " " }), "APIVersion", "the spec requires it"},
		{"no version", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Version = "" }), "Version", "the spec requires it"},
		{"no main", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Main = "" }), "Main", "the spec requires it"},
		{"no asset", "p1", "master", with(func(r *PublishToExchangeRequest) { r.AssetID = "" }), "AssetID", "the spec requires it"},
		{"version not semver", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Version = "1.0" }), "Version", `"1.0" is not a semantic version`},
		{"version with a v", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Version = "v1.0.0" }), "Version", "not a semantic version"},
		{"no classifier", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Classifier = "" }), "Classifier", "must not be empty (want one of oas, raml, raml-fragment)"},
		{"unknown classifier", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Classifier = "json-schema" }), "Classifier", `"json-schema" is not one of oas, raml, raml-fragment`},
		{"no status", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Status = "" }), "Status", "must not be empty (want one of development, published)"},
		{"unknown status", "p1", "master", with(func(r *PublishToExchangeRequest) { r.Status = "deprecated" }), "Status", `"deprecated" is not one of development, published`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.svc.PublishToExchange(context.Background(), tt.project, tt.branch, tt.req)
			wantInvalid(t, err, tt.field, tt.want)
			if e.calls() != 0 {
				t.Errorf("%d requests sent for invalid input", e.calls())
			}
		})
	}
}
