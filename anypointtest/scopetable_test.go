package anypointtest

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/scopes"
)

// The fake's own table matches paths as the platform routes them.
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
		{"GET", "accounts/api/organizations/o1/environments/", []scopes.Scope{"view:environment"}},

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

		// Any valid token may call these, or the SDK does not know them.
		{"GET", "/accounts/api/me", nil},
		{"GET", "/accounts/api/cs/scopes", nil},
		{"GET", "/", nil},
		{"GET", "", nil},
		{"GET", "/designcenter", nil},
		{"GET", dc + "/p1/branches/master/unknown", nil},
		{"GET", dc + "/p1/extra/segments/here", nil},
		{"GET", "/accounts/api/organizations/o1/environments/e1/extra", nil},
		// A file path is one segment, its "/" escaped: a raw "/" is no route.
		{"GET", dc + "/p1/branches/master/files/examples/deep/nested/x.json", nil},

		// The wrong method matches nothing.
		{"PUT", dc, nil},
		{"DELETE", "/accounts/api/organizations/o1/environments", nil},
		{"get", dc, nil},

		// An empty segment is not an ID.
		{"GET", dc + "//branches", nil},
		{"GET", dc + "/p1/branches/master/files/", []scopes.Scope{"edit:design_center", "view:design_center"}}, // same as …/files
	} {
		got, _ := RequiredScopes(tc.method, tc.path)
		if !slices.Equal(got, tc.want) {
			t.Errorf("RequiredScopes(%s, %q) = %v, want %v", tc.method, tc.path, got, tc.want)
		}
	}
}

func TestRequiredScopesReturnsACopy(t *testing.T) {
	got, _ := RequiredScopes("GET", "/designcenter/api-designer/projects")
	got[0] = "tampered"
	if again, _ := RequiredScopes("GET", "/designcenter/api-designer/projects"); again[0] == "tampered" {
		t.Error("changing the returned slice changed the endpoint table")
	}
}

func TestMatchPattern(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/a/b", "/a/b", true},
		{"/a/b", "/a/b/c", false},
		{"/a/b/c", "/a/b", false},
		{"/a/{id}", "/a/x", true},
		{"/a/{id}", "/a/", false},
		{"/a/{id}/c", "/a//c", false},
		{"/a/{id}/c", "/a/x/d", false},
		{"/a/{path...}", "/a/x", true},
		{"/a/{path...}", "/a/x/y/z.raml", true},
		{"/a/{path...}", "/a", false},
		{"/a/b/{path...}", "/a/c/x", false},
		{"/a", "/A", false},
	} {
		if got := matchSegs(splitPath(tc.pattern), splitPath(tc.path)); got != tc.want {
			t.Errorf("matchSegs(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}

// Every row of the table is well formed: a known method, a path from the
// root, at least one scope (but for the endpoints any valid token may call),
// and no two rows for the same endpoint.
func TestEndpointTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range routeScopes {
		switch e.method {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			t.Errorf("%s %s: unexpected method", e.method, e.pattern)
		}
		if !strings.HasPrefix(e.pattern, "/") || strings.HasSuffix(e.pattern, "/") {
			t.Errorf("%s %s: pattern must start and not end with /", e.method, e.pattern)
		}
		if i := strings.Index(e.pattern, "...}"); i >= 0 && i+4 != len(e.pattern) {
			t.Errorf("%s %s: {x...} must be the last segment", e.method, e.pattern)
		}
		if len(e.anyOf) == 0 && e.pattern != MePath {
			t.Errorf("%s %s: no scopes", e.method, e.pattern)
		}
		for _, s := range e.anyOf {
			if s == "" || strings.ContainsAny(string(s), " \t") {
				t.Errorf("%s %s: bad scope %q", e.method, e.pattern, s)
			}
		}
		key := e.method + " " + e.pattern
		if seen[key] {
			t.Errorf("%s: listed twice", key)
		}
		seen[key] = true
	}
}
