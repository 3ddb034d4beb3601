package accounts_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/jarcoal/httpmock"
)

const meBody = `{
  "client": {
    "client_id": "3f0c2a9e7b1d4c58a6e2f9b0d1c3e5a7",
    "name": "ci-pipeline",
    "redirect_uris": [],
    "grant_types": ["client_credentials"]
  },
  "user": {
    "id": "b234a51a-0b87-4874-8ce4-cafdd67f30f1",
    "username": "acme-admin",
    "firstName": "Ada",
    "lastName": "Lovelace",
    "email": "ada@acme.test",
    "organizationId": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13",
    "enabled": true,
    "organization": {
      "id": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13",
      "name": "Acme Corp",
      "ownerId": "b234a51a-0b87-4874-8ce4-cafdd67f30f1",
      "clientId": "fa1b3622a58d4fd298e9a20ff942fd32",
      "domain": "acme-corp",
      "isFederated": false,
      "parentOrganizationIds": [],
      "subOrganizationIds": ["2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24"],
      "tenantOrganizationIds": [],
      "properties": {"cs_auth": {"session_timeout": 1200000}}
    },
    "memberOfOrganizations": [
      {"id": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", "name": "Acme Corp", "isRoot": true, "isMaster": true},
      {"id": "2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24", "name": "Acme Engineering", "isRoot": false, "isMaster": false,
       "parentId": "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", "parentName": "Acme Corp"}
    ],
    "contributorOfOrganizations": [],
    "properties": {"cs_auth": {"activeOrganizationId": "2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24"}}
  }
}`

func TestMe(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/me", "", http.StatusOK, meBody)

	me, err := f.svc.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.Client.ClientID != "3f0c2a9e7b1d4c58a6e2f9b0d1c3e5a7" || me.Client.Name != "ci-pipeline" ||
		!reflect.DeepEqual(me.Client.GrantTypes, []string{"client_credentials"}) {
		t.Errorf("Client = %+v", me.Client)
	}
	u := me.User
	if u.ID != "b234a51a-0b87-4874-8ce4-cafdd67f30f1" || u.Username != "acme-admin" || u.FirstName != "Ada" ||
		u.LastName != "Lovelace" || u.Email != "ada@acme.test" {
		t.Errorf("User = %+v", u)
	}
	wantOrg := accounts.UserOrganization{
		ID: "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", Name: "Acme Corp",
		OwnerID: "b234a51a-0b87-4874-8ce4-cafdd67f30f1", ClientID: "fa1b3622a58d4fd298e9a20ff942fd32",
		Domain: "acme-corp", ParentOrganizationIDs: []string{},
		SubOrganizationIDs: []string{"2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24"}, TenantOrganizationIDs: []string{},
	}
	if !reflect.DeepEqual(u.Organization, wantOrg) {
		t.Errorf("Organization = %+v\nwant %+v", u.Organization, wantOrg)
	}
	wantMember := []accounts.OrganizationRef{
		{ID: "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", Name: "Acme Corp", IsRoot: true, IsMaster: true},
		{ID: "2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24", Name: "Acme Engineering",
			ParentID: "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13", ParentName: "Acme Corp"},
	}
	if !reflect.DeepEqual(u.MemberOfOrganizations, wantMember) {
		t.Errorf("MemberOfOrganizations = %+v", u.MemberOfOrganizations)
	}
	if got := u.Properties.CSAuth.ActiveOrganizationID; got != "2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24" {
		t.Errorf("active organization = %q", got)
	}
	if got := me.OrganizationID(); got != "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13" {
		t.Errorf("OrganizationID() = %q, want the user's organization", got)
	}
}

func TestMeOrganizationIDOrder(t *testing.T) {
	full := func() *accounts.Me {
		m := &accounts.Me{}
		m.Client.OrgID = "client-org"
		m.User.Organization.ID = "user-org"
		m.User.OrganizationID = "user-org-id"
		m.User.Properties.CSAuth.ActiveOrganizationID = "active-org"
		return m
	}
	tests := []struct {
		name string
		edit func(*accounts.Me)
		want string
	}{
		{"app org first", func(*accounts.Me) {}, "client-org"},
		{"then user's organization", func(m *accounts.Me) { m.Client.OrgID = "" }, "user-org"},
		{"then organizationId", func(m *accounts.Me) { m.Client.OrgID, m.User.Organization.ID = "", "" }, "user-org-id"},
		{"then active organization", func(m *accounts.Me) {
			m.Client.OrgID, m.User.Organization.ID, m.User.OrganizationID = "", "", ""
		}, "active-org"},
		{"none", func(m *accounts.Me) { *m = accounts.Me{} }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := full()
			tt.edit(m)
			if got := m.OrganizationID(); got != tt.want {
				t.Errorf("OrganizationID() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMeUnauthorized(t *testing.T) {
	f := newFixture(t)
	f.mt.RegisterResponder(http.MethodGet, baseURL+"/accounts/api/me",
		httpmock.NewStringResponder(http.StatusUnauthorized, "Unauthorized"))

	me, err := f.svc.Me(context.Background())
	if me != nil {
		t.Errorf("Me = %+v, want nil on error", me)
	}
	if !errors.Is(err, anypoint.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	// Me needs no scope, so even a fresh token's 401 is no scope denial.
	if errors.Is(err, anypoint.ErrScopeDenied) {
		t.Errorf("err = %v, want no scope denial", err)
	}
}

func TestMeDecodeError(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/me", "", http.StatusOK, `<html>login</html>`)

	_, err := f.svc.Me(context.Background())
	var de *anypoint.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want *anypoint.DecodeError", err)
	}
}
