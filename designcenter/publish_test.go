package designcenter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
)

const publicationJSON = `{"organizationId":"` + testOrg + `","groupId":"` + testOrg + `","assetId":"orders-api","version":"1.0.0","apiVersion":"v1","main":"api.raml","classifier":"raml","extra":"ignored"}`

func TestPublishToExchange(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/publish/exchange", func(r *http.Request) *http.Response {
		expect(t, r, `{"name":"Orders API","apiVersion":"v1","version":"1.0.0","main":"api.raml","assetId":"orders-api","groupId":"`+testOrg+`","classifier":"raml","tags":["orders"]}`)
		return jsonResponse(200, publicationJSON)
	})
	req := &PublishRequest{Name: "Orders API", APIVersion: "v1", Version: "1.0.0", Main: "api.raml", AssetID: "orders-api", Classifier: ClassifierRAML, Tags: []string{"orders"}}
	pub, err := e.svc.PublishToExchange(context.Background(), "p1", "master", req)
	if err != nil {
		t.Fatal(err)
	}
	want := Publication{OrganizationID: testOrg, GroupID: testOrg, AssetID: "orders-api", Version: "1.0.0", APIVersion: "v1", Main: "api.raml", Classifier: "raml"}
	if *pub != want {
		t.Errorf("publication = %+v\nwant          %+v", *pub, want)
	}
	if req.GroupID != "" {
		t.Errorf("the caller's request was changed: GroupID = %q", req.GroupID)
	}
}

func TestPublishToExchangeExplicitGroup(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/publish/exchange", func(r *http.Request) *http.Response {
		expect(t, r, `{"name":"","version":"2.0.0","assetId":"orders-api","groupId":"com.acme"}`)
		return jsonResponse(201, `{"groupId":"com.acme","assetId":"orders-api","version":"2.0.0"}`)
	})
	pub, err := e.svc.PublishToExchange(context.Background(), "p1", "master", &PublishRequest{Version: "2.0.0", AssetID: "orders-api", GroupID: "com.acme"})
	if err != nil {
		t.Fatal(err)
	}
	if pub.GroupID != "com.acme" || pub.Version != "2.0.0" {
		t.Errorf("publication = %+v", pub)
	}
}

func TestPublishToExchangeGroupFromLookup(t *testing.T) {
	e := newEnvWith(t, staticTokens())
	meCalls := e.onMe(func(int64) *http.Response { return jsonResponse(200, meBody) })
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/publish/exchange", func(r *http.Request) *http.Response {
		checkHeaders(t, r, meOrg, meOwner)
		checkBody(t, r, `{"name":"Orders","version":"1.0.0","assetId":"orders-api","groupId":"`+meOrg+`"}`)
		return jsonResponse(200, `{}`)
	})
	if _, err := e.svc.PublishToExchange(context.Background(), "p1", "master", &PublishRequest{Name: "Orders", Version: "1.0.0", AssetID: "orders-api"}); err != nil {
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
	_, err := e.svc.PublishToExchange(context.Background(), "p1", "master", &PublishRequest{AssetID: "a", Version: "1.0.0"})
	if !errors.Is(err, anypoint.ErrConflict) || !strings.Contains(err.Error(), "Version 1.0.0 already exists") {
		t.Errorf("err = %v", err)
	}
}

func TestPublishToExchangeValidation(t *testing.T) {
	tests := []struct {
		name, project, branch string
		req                   *PublishRequest
		field, want           string
	}{
		{"no project", "", "master", &PublishRequest{AssetID: "a", Version: "1"}, "projectID", "must not be empty"},
		{"no branch", "p1", "", &PublishRequest{AssetID: "a", Version: "1"}, "branch", "must not be empty"},
		{"nil", "p1", "master", nil, "req", "must not be nil"},
		{"no asset", "p1", "master", &PublishRequest{Version: "1"}, "AssetID", "must not be empty"},
		{"no version", "p1", "master", &PublishRequest{AssetID: "a"}, "Version", "must not be empty"},
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
