package accounts_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/scopes"
)

const orgBody = `{
  "id": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13",
  "name": "Acme Corp",
  "createdAt": "2024-01-15T09:30:00.000Z",
  "updatedAt": "2025-03-02T17:45:12.518Z",
  "ownerId": "b234a51a-0b87-4874-8ce4-cafdd67f30f1",
  "clientId": "fa1b3622a58d4fd298e9a20ff942fd32",
  "idprovider_id": "mulesoft",
  "domain": "acme-corp",
  "isFederated": true,
  "isRoot": true,
  "isMaster": true,
  "parentOrganizationIds": [],
  "subOrganizationIds": ["2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24", "4f8a2d6c-1e95-4b37-a0c8-3e7b5d9f2a46"],
  "tenantOrganizationIds": [],
  "mfaRequired": "mandatory",
  "subscription": {"category": "Enterprise", "type": "Platinum", "expiration": "2026-12-31T00:00:00.000Z"},
  "entitlements": {"createEnvironments": true, "createSubOrgs": true, "hybrid": {"enabled": true}, "vCoresProduction": {"assigned": 4, "reassigned": 0}},
  "environments": [
    {"id": "e1", "organizationId": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", "name": "Production", "isProduction": true, "type": "production", "clientId": "c1"},
    {"id": "e2", "organizationId": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", "name": "Sandbox", "isProduction": false, "type": "sandbox", "clientId": "c2"}
  ],
  "owner": {"id": "b234a51a-0b87-4874-8ce4-cafdd67f30f1", "username": "acme-admin", "firstName": "Ada", "lastName": "Lovelace", "email": "ada@acme.test", "organizationId": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13"}
}`

func TestGetOrganization(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", "", http.StatusOK, orgBody)

	org, err := f.svc.GetOrganization(context.Background(), "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13")
	if err != nil {
		t.Fatal(err)
	}
	want := accounts.Organization{
		ID:                    "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13",
		Name:                  "Acme Corp",
		CreatedAt:             anypoint.Time{Time: mustTime(t, "2024-01-15T09:30:00Z")},
		UpdatedAt:             anypoint.Time{Time: mustTime(t, "2025-03-02T17:45:12.518Z")},
		OwnerID:               "b234a51a-0b87-4874-8ce4-cafdd67f30f1",
		ClientID:              "fa1b3622a58d4fd298e9a20ff942fd32",
		Domain:                "acme-corp",
		IsFederated:           true,
		IsRoot:                true,
		IsMaster:              true,
		ParentOrganizationIDs: []string{},
		SubOrganizationIDs:    []string{"2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24", "4f8a2d6c-1e95-4b37-a0c8-3e7b5d9f2a46"},
		TenantOrganizationIDs: []string{},
		Environments: []accounts.Environment{
			{ID: "e1", OrganizationID: "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", Name: "Production", IsProduction: true, Type: accounts.Production, ClientID: "c1"},
			{ID: "e2", OrganizationID: "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", Name: "Sandbox", Type: accounts.Sandbox, ClientID: "c2"},
		},
		Owner: accounts.User{ID: "b234a51a-0b87-4874-8ce4-cafdd67f30f1", Username: "acme-admin", FirstName: "Ada",
			LastName: "Lovelace", Email: "ada@acme.test", OrganizationID: "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13"},
	}
	ent := org.Entitlements
	org.Entitlements = nil
	if !reflect.DeepEqual(*org, want) {
		t.Errorf("organization =\n%+v\nwant\n%+v", *org, want)
	}
	var e struct {
		CreateSubOrgs    bool `json:"createSubOrgs"`
		VCoresProduction struct {
			Assigned float64 `json:"assigned"`
		} `json:"vCoresProduction"`
	}
	if err := json.Unmarshal(ent, &e); err != nil || !e.CreateSubOrgs || e.VCoresProduction.Assigned != 4 {
		t.Errorf("entitlements %s decoded to %+v, %v", ent, e, err)
	}
}

func TestGetOrganizationEscapesID(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/a%2Fb%20c%3Fd", "", http.StatusOK, `{"id":"a/b c?d"}`)

	org, err := f.svc.GetOrganization(context.Background(), "a/b c?d")
	if err != nil {
		t.Fatal(err)
	}
	if org.ID != "a/b c?d" {
		t.Errorf("ID = %q", org.ID)
	}
}

func TestGetOrganizationEmptyID(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.GetOrganization(context.Background(), "")
	wantInvalid(t, err, "orgID")
	if n := f.calls(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestGetOrganizationNotFound(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/nope", "", http.StatusNotFound, `{"name":"NotFoundError","message":"Organization nope not found"}`)

	org, err := f.svc.GetOrganization(context.Background(), "nope")
	if org != nil {
		t.Errorf("organization = %+v, want nil", org)
	}
	if !errors.Is(err, anypoint.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.Message != "Organization nope not found" {
		t.Errorf("err = %v, want the platform's message", err)
	}
}

// MuleSoft's access-management spec shows an organization's dates as
// "2015-03-13 18:03:23.869000+00:00" (getOrganizations' example); its other
// examples use RFC 3339, and Design Center writes epoch milliseconds. Every
// form decodes.
func TestGetOrganizationDateForms(t *testing.T) {
	want := time.Date(2015, 3, 13, 18, 3, 23, 869e6, time.UTC)
	for _, tt := range []struct{ name, created, updated string }{
		{"the spec's example", `"2015-03-13 18:03:23.869000+00:00"`, `"2015-03-13 18:03:24.207000+00:00"`},
		{"RFC 3339", `"2015-03-13T18:03:23.869Z"`, `"2015-03-13T18:03:24.207+00:00"`},
		{"no colon in the offset", `"2015-03-13T18:03:23.869+0000"`, `"2015-03-13T18:03:24.207+0000"`},
		{"epoch milliseconds", `1426269803869`, `"1426269804207"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.expectGET("/accounts/api/organizations/o1", "", http.StatusOK,
				`{"id": "o1", "name": "MuleSoft Inc", "createdAt": `+tt.created+`, "updatedAt": `+tt.updated+`, "owner": {"id": "u1", "createdAt": `+tt.created+`}}`)
			org, err := f.svc.GetOrganization(context.Background(), "o1")
			if err != nil {
				t.Fatal(err)
			}
			if !org.CreatedAt.Equal(want) || !org.UpdatedAt.Equal(want.Add(338*time.Millisecond)) {
				t.Errorf("dates = %v, %v; want %v and 338ms later", org.CreatedAt, org.UpdatedAt, want)
			}
			if org.ID != "o1" || org.Name != "MuleSoft Inc" || org.Owner.ID != "u1" {
				t.Errorf("the other fields were lost: %+v", org)
			}
		})
	}
}

func TestGetOrganizationDecodeError(t *testing.T) {
	for _, created := range []string{`"yesterday"`, `"13/03/2015"`, `true`, `{}`} {
		f := newFixture(t)
		f.expectGET("/accounts/api/organizations/o1", "", http.StatusOK, `{"id": "o1", "createdAt": `+created+`}`)

		_, err := f.svc.GetOrganization(context.Background(), "o1")
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("createdAt %s: err = %v, want *anypoint.DecodeError", created, err)
		}
	}
}

// A fresh token refused with 403 is a scope denial that names the scopes the
// method's documentation promises.
func TestGetOrganizationScopeDenied(t *testing.T) {
	f := newFixtureWith(t, freshTokens{})
	f.expectGET("/accounts/api/organizations/o1", "", http.StatusForbidden, `Forbidden`)

	_, err := f.svc.GetOrganization(context.Background(), "o1")
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *anypoint.ScopeError", err)
	}
	want := []scopes.Scope{"read:organization", "edit:organization"}
	if !reflect.DeepEqual(se.Required, want) {
		t.Errorf("Required = %v, want %v", se.Required, want)
	}
}
