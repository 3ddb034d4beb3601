package anypoint

import (
	"net/http"
	"strings"

	"github.com/anypoint-go/anypoint/scopes"
)

// endpointScope says which scopes let a request through one endpoint: any
// one of them is enough. Path segments in braces match any one segment;
// "{path...}" matches the rest of the path.
type endpointScope struct {
	method  string
	pattern string
	scopes  []scopes.Scope
}

// Scopes as the endpoint table names them. Where the platform documents no
// scope for an endpoint, the table holds the scope Access Management shows
// for that permission; these choices are marked "not confirmed" and are kept
// here, in one place.
var (
	dcRead        = []scopes.Scope{scopes.EditDesignCenter, scopes.ViewDesignCenter}
	dcWrite       = []scopes.Scope{scopes.EditDesignCenter}
	dcCreate      = []scopes.Scope{scopes.EditDesignCenter, scopes.CreateDesignCenter}
	envRead       = []scopes.Scope{scopes.ViewEnvironment}
	orgRead       = []scopes.Scope{scopes.ReadOrganization, scopes.EditOrganization} // not confirmed
	connAppsRead  = []scopes.Scope{scopes.ReadOrgConnApps, scopes.AdminOrgClients}   // not confirmed
	connAppsWrite = []scopes.Scope{scopes.AdminOrgClients}                           // not confirmed
	connAppsNew   = []scopes.Scope{scopes.CreateOrgClients, scopes.AdminOrgClients}  // not confirmed
	userInfo      = []scopes.Scope{scopes.OpenID, scopes.Profile}
)

// endpointScopes is the SDK's endpoint→scope table. Service methods document
// the same scopes; a test checks that every wrapped endpoint is here.
var endpointScopes = []endpointScope{
	// Any valid token: a 401 here is never a scope denial.
	{http.MethodGet, "/accounts/api/me", nil},

	// Accounts.
	{http.MethodGet, "/accounts/api/organizations/{org}", orgRead},
	{http.MethodGet, "/accounts/api/organizations/{org}/hierarchy", orgRead},
	{http.MethodGet, "/accounts/api/organizations/{org}/environments", envRead},
	{http.MethodGet, "/accounts/api/organizations/{org}/environments/{env}", envRead},
	{http.MethodGet, "/accounts/api/v2/oauth2/userinfo", userInfo},

	// Design Center.
	{http.MethodGet, "/designcenter/api-designer/projects", dcRead},
	{http.MethodPost, "/designcenter/api-designer/projects", dcCreate},
	{http.MethodGet, "/designcenter/api-designer/projects/{project}", dcRead},
	{http.MethodPatch, "/designcenter/api-designer/projects/{project}", dcWrite},
	{http.MethodDelete, "/designcenter/api-designer/projects/{project}", dcWrite},
	{http.MethodPut, "/designcenter/api-designer/projects/{project}/rename", dcWrite},
	{http.MethodGet, "/designcenter/api-designer/projects/{project}/branches", dcRead},
	{http.MethodGet, "/designcenter/api-designer/projects/{project}/branches/{branch}", dcRead},
	{http.MethodPost, "/designcenter/api-designer/projects/{project}/branches", dcWrite},
	{http.MethodGet, "/designcenter/api-designer/projects/{project}/branches/{branch}/files", dcRead},
	{http.MethodGet, "/designcenter/api-designer/projects/{project}/branches/{branch}/files/{path...}", dcRead},
	{http.MethodPost, "/designcenter/api-designer/projects/{project}/branches/{branch}/save", dcWrite},
	{http.MethodPost, "/designcenter/api-designer/projects/{project}/branches/{branch}/acquireLock", dcWrite},
	{http.MethodPost, "/designcenter/api-designer/projects/{project}/branches/{branch}/releaseLock", dcWrite},
	{http.MethodPost, "/designcenter/api-designer/projects/{project}/branches/{branch}/keepAlive", dcWrite},
	{http.MethodPost, "/designcenter/api-designer/projects/{project}/branches/{branch}/publish/exchange", dcWrite},

	// Connected Apps administration.
	{http.MethodGet, "/accounts/api/connectedApplications", connAppsRead},
	{http.MethodPost, "/accounts/api/connectedApplications", connAppsNew},
	{http.MethodGet, "/accounts/api/connectedApplications/{client}", connAppsRead},
	{http.MethodPatch, "/accounts/api/connectedApplications/{client}", connAppsWrite},
	{http.MethodDelete, "/accounts/api/connectedApplications/{client}", connAppsWrite},
	{http.MethodGet, "/accounts/api/connectedApplications/{client}/scopes", connAppsRead},
	{http.MethodPut, "/accounts/api/connectedApplications/{client}/scopes", connAppsWrite},
	{http.MethodPatch, "/accounts/api/connectedApplications/{client}/scopes", connAppsWrite},
	{http.MethodDelete, "/accounts/api/connectedApplications/{client}/scopes", connAppsWrite},
	{http.MethodDelete, "/accounts/api/connectedApplications/{client}/revoke", connAppsWrite},
	{http.MethodGet, "/accounts/api/organizations/{org}/connectedApplications/authorizations", connAppsRead},
	{http.MethodDelete, "/accounts/api/organizations/{org}/connectedApplications/authorizations", connAppsWrite},
	{http.MethodGet, "/accounts/api/organizations/{org}/connectedApplications/authorizations/{auth}", connAppsRead},
	{http.MethodDelete, "/accounts/api/organizations/{org}/connectedApplications/authorizations/{auth}", connAppsWrite},
	{http.MethodGet, "/accounts/api/organizations/{org}/connectedApplications/settings", connAppsRead},
	{http.MethodPatch, "/accounts/api/organizations/{org}/connectedApplications/settings", connAppsWrite},
}

// RequiredScopes returns the scopes that let a request through the endpoint
// at method and path (relative to the control plane, such as
// "/designcenter/api-designer/projects"): any one of them is enough. It
// returns nil for endpoints the SDK does not know and for endpoints any valid
// token may call (GET /accounts/api/me). ScopeError.Required comes from here.
func RequiredScopes(method, path string) []scopes.Scope {
	need, _ := lookupEndpoint(method, path)
	return need
}

// lookupEndpoint returns the scopes of an endpoint and whether the table
// knows it at all: a known endpoint with no scopes takes any valid token.
func lookupEndpoint(method, path string) ([]scopes.Scope, bool) {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := splitPath(path)
	for _, e := range endpointScopes {
		if e.method == method && matchPattern(splitPath(e.pattern), segs) {
			if len(e.scopes) == 0 {
				return nil, true
			}
			return append([]scopes.Scope(nil), e.scopes...), true
		}
	}
	return nil, false
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

func matchPattern(pattern, segs []string) bool {
	for i, p := range pattern {
		if strings.HasSuffix(p, "...}") {
			return len(segs) > i
		}
		if i >= len(segs) {
			return false
		}
		if strings.HasPrefix(p, "{") {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if p != segs[i] {
			return false
		}
	}
	return len(pattern) == len(segs)
}
