package admin_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/scopes"
)

func TestGetSettings(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "GET", path: "/accounts/api/organizations/org-1/connectedApplications/settings",
			resp: `{"applications_enabled":"partial","grant_types_allowed":["implicit","client_credentials","refresh_token"],"allowlist_enabled":true,"whitelist_enabled":false,"allowlist_internal_applications":false,"whitelist_internal_applications":true}`},
		// The spec's example: only the deprecated whitelist_* members.
		mgmtCall{method: "GET", path: "/accounts/api/organizations/org-2/connectedApplications/settings",
			resp: `{"whitelist_enabled":true,"applications_enabled":"all","grant_types_allowed":[],"whitelist_internal_applications":true}`},
		mgmtCall{method: "GET", path: "/accounts/api/organizations/gone/connectedApplications/settings", status: 404, resp: `{"message":"The organization does not exist"}`},
	)
	ctx := context.Background()
	st, err := s.GetSettings(ctx, "org-1")
	if err != nil {
		t.Fatalf("GetSettings: %v", err)
	}
	want := &admin.Settings{
		ApplicationsEnabled: admin.ApplicationsPartial,
		GrantTypesAllowed:   []connectedapps.GrantType{connectedapps.GrantImplicit, connectedapps.GrantClientCredentials, connectedapps.GrantRefreshToken},
		AllowlistEnabled:    true, AllowlistInternalApplications: false,
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("GetSettings = %+v, want %+v (allowlist_* wins over whitelist_*)", st, want)
	}
	st, err = s.GetSettings(ctx, "org-2")
	if err != nil {
		t.Fatalf("GetSettings: %v", err)
	}
	if !st.AllowlistEnabled || !st.AllowlistInternalApplications || st.ApplicationsEnabled != admin.ApplicationsAll {
		t.Errorf("GetSettings from whitelist_* members = %+v", st)
	}
	if _, err := s.GetSettings(ctx, "gone"); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("GetSettings(gone) = %v, want ErrNotFound", err)
	}
	_, err = s.GetSettings(ctx, "")
	mgmtWantInvalid(t, err, "orgID")
}

func TestUpdateSettingsSendsOnlySetFields(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "PATCH", path: "/accounts/api/organizations/org-1/connectedApplications/settings",
			body: `{"applications_enabled":"partial","grant_types_allowed":["client_credentials"],"allowlist_enabled":true}`,
			resp: `{"applications_enabled":"partial","grant_types_allowed":["client_credentials"],"allowlist_enabled":true}`},
		mgmtCall{method: "PATCH", path: "/accounts/api/organizations/org-1/connectedApplications/settings",
			body: `{"applications_enabled":"all","grant_types_allowed":[],"allowlist_internal_applications":false,"whitelist":[{"client_id":"c1","authorized_scopes":["openid"]},{"client_id":"c2"}],"import_existing_authorizations":true}`,
			resp: `{"applications_enabled":"all","grant_types_allowed":[]}`},
	)
	ctx := context.Background()
	st, err := s.UpdateSettings(ctx, "org-1", &admin.UpdateSettingsRequest{
		ApplicationsEnabled: mgmtPtr(admin.ApplicationsPartial),
		GrantTypesAllowed:   &[]connectedapps.GrantType{connectedapps.GrantClientCredentials},
		AllowlistEnabled:    mgmtPtr(true),
	})
	if err != nil {
		t.Fatalf("UpdateSettings: %v", err)
	}
	if !st.AllowlistEnabled || st.ApplicationsEnabled != admin.ApplicationsPartial {
		t.Errorf("UpdateSettings = %+v", st)
	}
	if _, err := s.UpdateSettings(ctx, "org-1", &admin.UpdateSettingsRequest{
		ApplicationsEnabled:           mgmtPtr(admin.ApplicationsAll),
		GrantTypesAllowed:             &[]connectedapps.GrantType{},
		AllowlistInternalApplications: mgmtPtr(false),
		Allowlist:                     []admin.AllowlistEntry{{ClientID: "c1", AuthorizedScopes: []scopes.Scope{"openid"}}, {ClientID: "c2"}},
		ImportExistingAuthorizations:  mgmtPtr(true),
	}); err != nil {
		t.Fatalf("UpdateSettings: %v", err)
	}
}

func TestUpdateSettingsValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		orgID string
		req   *admin.UpdateSettingsRequest
		field string
	}{
		{"empty org", "", &admin.UpdateSettingsRequest{AllowlistEnabled: mgmtPtr(true)}, "orgID"},
		{"nil", "org-1", nil, "req"},
		{"nothing set", "org-1", &admin.UpdateSettingsRequest{}, "req"},
		{"bad applications_enabled", "org-1", &admin.UpdateSettingsRequest{ApplicationsEnabled: mgmtPtr(admin.ApplicationsEnabled("some"))}, "ApplicationsEnabled"},
		{"unknown grant", "org-1", &admin.UpdateSettingsRequest{GrantTypesAllowed: &[]connectedapps.GrantType{"client_credentials", "x"}}, "GrantTypesAllowed[1]"},
		{"allowlist entry without client", "org-1", &admin.UpdateSettingsRequest{Allowlist: []admin.AllowlistEntry{{}}}, "Allowlist[0].ClientID"},
		// The spec's ConnectedApplicationSettingsUpdate requires both.
		{"no applications_enabled", "org-1", &admin.UpdateSettingsRequest{GrantTypesAllowed: &[]connectedapps.GrantType{}, AllowlistEnabled: mgmtPtr(true)}, "ApplicationsEnabled"},
		{"no grant_types_allowed", "org-1", &admin.UpdateSettingsRequest{ApplicationsEnabled: mgmtPtr(admin.ApplicationsAll)}, "GrantTypesAllowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mgmtService(t)
			_, err := s.UpdateSettings(context.Background(), tc.orgID, tc.req)
			mgmtWantInvalid(t, err, tc.field)
		})
	}
}
