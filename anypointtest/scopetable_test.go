package anypointtest

import (
	"slices"
	"testing"

	"github.com/anypoint-go/anypoint/scopes"
)

// The fake enforces the catalog's scopes, found from the path as the
// platform routes it.
func TestRequiredScopes(t *testing.T) {
	const (
		dc       = "/designcenter/api-designer/projects"
		connApps = "/accounts/api/connectedApplications"
	)
	for _, tc := range []struct {
		method, path string
		want         []scopes.Scope
	}{
		// The seed's two endpoints.
		{"GET", dc, []scopes.Scope{"edit:design_center", "view:design_center"}},
		{"GET", "/accounts/api/organizations/o1/environments", []scopes.Scope{"view:environment"}},
		{"GET", "/accounts/api/organizations/o1/environments/e1", []scopes.Scope{"view:environment"}},
		{"GET", "/accounts/api/organizations/o1/environments?offset=0&limit=500", []scopes.Scope{"view:environment"}},
		{"GET", "/accounts/api/organizations/o1/environments#frag", []scopes.Scope{"view:environment"}},

		{"POST", dc, []scopes.Scope{"edit:design_center", "create:design_center"}},
		{"PATCH", dc + "/p1", []scopes.Scope{"edit:design_center"}},
		{"DELETE", dc + "/p1", []scopes.Scope{"edit:design_center"}},
		{"GET", dc + "/p1/branches/master/files", []scopes.Scope{"edit:design_center", "view:design_center"}},
		{"GET", dc + "/p1/branches/master/files/api.raml", []scopes.Scope{"edit:design_center", "view:design_center"}},
		{"GET", dc + "/p1/branches/master/files/examples%2Fx.json?raw=true", []scopes.Scope{"edit:design_center", "view:design_center"}},
		{"POST", dc + "/p1/branches/master/save", []scopes.Scope{"edit:design_center"}},
		{"POST", dc + "/p1/branches/feature/publish/exchange", []scopes.Scope{"edit:design_center"}},

		{"GET", "/accounts/api/v2/oauth2/userinfo", []scopes.Scope{"openid", "profile"}},
		{"POST", connApps, []scopes.Scope{"create:orgclients", "admin:orgclients"}},
		{"PUT", connApps + "/c1/scopes", []scopes.Scope{"admin:orgclients"}},
		{"DELETE", connApps + "/c1/revoke", []scopes.Scope{"admin:orgclients"}},
		{"GET", "/accounts/api/organizations/o1/connectedApplications/authorizations/a1", []scopes.Scope{"read:orgconnapps", "admin:orgclients"}},

		// From API Manager's own spec, simulated or not.
		{"GET", "/apimanager/api/v1/organizations/o1/environments/e1/apis", []scopes.Scope{"read:api_configuration"}},
		{"POST", "/apimanager/api/v1/organizations/o1/environments/e1/apis", []scopes.Scope{"manage:api_configuration", "read:exchange"}},

		// Any valid token may call it.
		{"GET", "/accounts/api/me", nil},
	} {
		got, ok := RequiredScopes(tc.method, tc.path)
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("RequiredScopes(%s, %q) = %v, %v; want %v", tc.method, tc.path, got, ok, tc.want)
		}
	}

	// Paths no spec publishes.
	for _, tc := range []struct{ method, path string }{
		{"GET", "/"},
		{"GET", ""},
		{"GET", "/designcenter"},
		{"GET", dc + "/p1/branches/master/unknown"},
		{"GET", "/accounts/api/organizations/o1/environments/e1/extra"},
		// A file path is one segment, its "/" escaped: a raw "/" is no route.
		{"GET", dc + "/p1/branches/master/files/examples/deep/nested/x.json"},
		{"PUT", dc},
		{"get", dc},
		{"GET", dc + "//branches"},
		{"GET", "accounts/api/organizations/o1/environments"},
	} {
		if got, ok := RequiredScopes(tc.method, tc.path); ok {
			t.Errorf("RequiredScopes(%s, %q) = %v, want no operation", tc.method, tc.path, got)
		}
	}
}

func TestRequiredScopesReturnsACopy(t *testing.T) {
	got, _ := RequiredScopes("GET", "/designcenter/api-designer/projects")
	got[0] = "tampered"
	if again, _ := RequiredScopes("GET", "/designcenter/api-designer/projects"); again[0] == "tampered" {
		t.Error("changing the returned slice changed the catalog")
	}
}
