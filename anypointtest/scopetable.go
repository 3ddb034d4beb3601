package anypointtest

import (
	"net/http"
	"slices"
	"strings"

	"github.com/anypoint-go/anypoint/scopes"
)

// The fake's own table of which scopes let a request through each route it
// serves, any one of them enough. It is written from MuleSoft's
// documentation, not taken from the SDK: the SDK's service packages declare
// their endpoints' scopes themselves, and a test in each compares the two
// (RequiredScopes), so a wrong entry on either side fails loudly.
//
// Sources: the Connected Apps documentation lists Design Center Developer
// (edit:design_center) for reading and writing projects, Viewer
// (view:design_center) for reading, Creator (create:design_center) for
// creating; View Environment (view:environment) for the environments of an
// organization; /me answers any valid token. For the organization,
// hierarchy and Connected Apps management routes MuleSoft names no scope
// (only organization administrators may call the latter): the fake takes
// the permission's scope from Access Management's catalog. Exchange, deployments and the
// audit log: see their rows below.
var routeScopes = []struct {
	method, pattern string
	anyOf           []scopes.Scope
}{
	{http.MethodGet, MePath, nil},
	{http.MethodGet, UserinfoPath, []scopes.Scope{scopes.OpenID, scopes.Profile}},
	{http.MethodPost, UserinfoPath, []scopes.Scope{scopes.OpenID, scopes.Profile}},

	{http.MethodGet, "/accounts/api/organizations/{orgId}", []scopes.Scope{scopes.ReadOrganization, scopes.EditOrganization}},
	{http.MethodGet, "/accounts/api/organizations/{orgId}/hierarchy", []scopes.Scope{scopes.ReadOrganization, scopes.EditOrganization}},
	{http.MethodGet, "/accounts/api/organizations/{orgId}/environments", []scopes.Scope{scopes.ViewEnvironment}},
	{http.MethodGet, "/accounts/api/organizations/{orgId}/environments/{envId}", []scopes.Scope{scopes.ViewEnvironment}},

	{http.MethodGet, "/designcenter/api-designer/projects", dcReaders},
	{http.MethodPost, "/designcenter/api-designer/projects", []scopes.Scope{scopes.EditDesignCenter, scopes.CreateDesignCenter}},
	{http.MethodGet, "/designcenter/api-designer/projects/{id}", dcReaders},
	{http.MethodPatch, "/designcenter/api-designer/projects/{id}", dcWriters},
	{http.MethodDelete, "/designcenter/api-designer/projects/{id}", dcWriters},
	{http.MethodGet, "/designcenter/api-designer/projects/{id}/branches", dcReaders},
	{http.MethodPost, "/designcenter/api-designer/projects/{id}/branches", dcWriters},
	{http.MethodGet, "/designcenter/api-designer/projects/{id}/branches/{branch}", dcReaders},
	{http.MethodGet, "/designcenter/api-designer/projects/{id}/branches/{branch}/files", dcReaders},
	{http.MethodPost, "/designcenter/api-designer/projects/{id}/branches/{branch}/open", dcWriters},
	{http.MethodGet, "/designcenter/api-designer/projects/{id}/branches/{branch}/files/{filePath}", dcReaders},
	{http.MethodPost, "/designcenter/api-designer/projects/{id}/branches/{branch}/save", dcWriters},
	{http.MethodPost, "/designcenter/api-designer/projects/{id}/branches/{branch}/acquireLock", dcWriters},
	{http.MethodPost, "/designcenter/api-designer/projects/{id}/branches/{branch}/releaseLock", dcWriters},
	{http.MethodPost, "/designcenter/api-designer/projects/{id}/branches/{branch}/publish/exchange", dcWriters},

	// The Connected Apps routes of MuleSoft's Access Management spec (mulesoft-dx,
	// apis/access-management/api.yaml), by operationId. The spec names no scopes.
	{http.MethodGet, "/accounts/api/connectedApplications", appsReaders},                     // listConnectedApplications
	{http.MethodPost, "/accounts/api/connectedApplications", appsCreators},                   // createConnectedApplications
	{http.MethodGet, "/accounts/api/connectedApplications/{clientId}", appsReaders},          // getConnectedApplications
	{http.MethodPatch, "/accounts/api/connectedApplications/{clientId}", appsAdmins},         // updateConnectedApplications
	{http.MethodDelete, "/accounts/api/connectedApplications/{clientId}", appsAdmins},        // deleteConnectedApplications
	{http.MethodGet, "/accounts/api/connectedApplications/{clientId}/scopes", appsReaders},   // listConnectedApplicationsScopes
	{http.MethodPut, "/accounts/api/connectedApplications/{clientId}/scopes", appsAdmins},    // updateConnectedApplicationsScopes
	{http.MethodPatch, "/accounts/api/connectedApplications/{clientId}/scopes", appsAdmins},  // updateConnectedApplicationScopes
	{http.MethodDelete, "/accounts/api/connectedApplications/{clientId}/scopes", appsAdmins}, // deleteConnectedApplicationsScopes
	{http.MethodDelete, "/accounts/api/connectedApplications/{clientId}/revoke", appsAdmins}, // deleteConnectedApplicationsRevoke
	{http.MethodGet, orgAppsPath + "/authorizations", appsReaders},                           // listConnectedApplicationsAuthorizations
	{http.MethodDelete, orgAppsPath + "/authorizations", appsAdmins},                         // deleteConnectedApplicationsAuthorizations
	{http.MethodGet, orgAppsPath + "/authorizations/{authorizationId}", appsReaders},         // getConnectedApplicationsAuthorizations
	{http.MethodDelete, orgAppsPath + "/authorizations/{authorizationId}", appsAdmins},       // deleteOrganizationConnectedApplicationAuthorization
	{http.MethodGet, orgAppsPath + "/settings", appsReaders},                                 // listConnectedApplicationsSettings
	{http.MethodPatch, orgAppsPath + "/settings", appsAdmins},                                // updateConnectedApplicationsSettings
	// The organization's own family; after the literal rows above, as the first match wins.
	{http.MethodGet, orgAppsPath, appsReaders},                          // listOrganizationConnectedApplications
	{http.MethodPost, orgAppsPath, appsCreators},                        // createOrganizationConnectedApplication
	{http.MethodGet, orgAppsPath + "/{clientId}", appsReaders},          // getOrganizationConnectedApplication
	{http.MethodPatch, orgAppsPath + "/{clientId}", appsAdmins},         // updateOrganizationConnectedApplication
	{http.MethodDelete, orgAppsPath + "/{clientId}", appsAdmins},        // deleteOrganizationConnectedApplication
	{http.MethodGet, orgAppsPath + "/{clientId}/scopes", appsReaders},   // listOrganizationConnectedApplicationScopes
	{http.MethodPut, orgAppsPath + "/{clientId}/scopes", appsAdmins},    // updateOrganizationConnectedApplicationScopes
	{http.MethodPatch, orgAppsPath + "/{clientId}/scopes", appsAdmins},  // replaceOrganizationConnectedApplicationScopes
	{http.MethodDelete, orgAppsPath + "/{clientId}/scopes", appsAdmins}, // deleteOrganizationConnectedApplicationScopes
	{http.MethodDelete, orgAppsPath + "/{clientId}/revoke", appsAdmins}, // revokeOrganizationConnectedApplication

	// Exchange (exchange.go). Exchange's connected-app docs: Viewer (read:exchange) reads,
	// Contributor (edit:exchange) or Administrator (manage:exchange) read and write.
	{http.MethodGet, "/exchange/api/v2/assets/search", exchangeReaders},
	{http.MethodGet, "/exchange/api/v2/assets/{groupId}/{assetId}/asset", exchangeReaders},
	{http.MethodGet, "/exchange/api/v2/assets/{groupId}/{assetId}/{version}", exchangeReaders},
	{http.MethodPost, "/exchange/api/v2/organizations/{organizationId}/assets/{groupId}/{assetId}/{version}", exchangeWriters},
	{http.MethodGet, "/exchange/api/v2/organizations/{organizationId}/assets/{groupId}/{assetId}/{version}/publication/status/{runId}", exchangeReaders},

	// CloudHub 2.0 and Runtime Fabric deployments (deployments.go). The docs name Read
	// Applications to view and Create Applications to deploy; Delete Applications is the
	// catalog's scope for deleting; the targets take Read Runtime Fabrics, which the docs
	// require at the business group to see CloudHub 2.0 and Runtime Fabric applications.
	{http.MethodGet, "/amc/application-manager/api/v2/organizations/{orgId}/environments/{envId}/deployments", []scopes.Scope{"read:applications"}},
	{http.MethodPost, "/amc/application-manager/api/v2/organizations/{orgId}/environments/{envId}/deployments", []scopes.Scope{"create:applications"}},
	{http.MethodGet, "/amc/application-manager/api/v2/organizations/{orgId}/environments/{envId}/deployments/{deploymentId}", []scopes.Scope{"read:applications"}},
	{http.MethodPatch, "/amc/application-manager/api/v2/organizations/{orgId}/environments/{envId}/deployments/{deploymentId}", []scopes.Scope{"create:applications"}},
	{http.MethodDelete, "/amc/application-manager/api/v2/organizations/{orgId}/environments/{envId}/deployments/{deploymentId}", []scopes.Scope{"delete:applications"}},
	{http.MethodGet, "/runtimefabric/api/organizations/{orgId}/targets", []scopes.Scope{"read:runtime_fabrics"}},

	// The audit log (auditlog.go): the docs give the Query API to Audit Log Viewer.
	{http.MethodPost, "/audit/v2/organizations/{orgId}/query", auditViewers},
	{http.MethodPost, "/audit/v2/organizations/{orgId}/query.csv", auditViewers},
	{http.MethodGet, "/audit/v2/organizations/{orgId}/platforms", auditViewers},
	{http.MethodGet, "/audit/v2/organizations/{orgId}/objectTypes", auditViewers},
	{http.MethodGet, "/audit/v2/organizations/{orgId}/actions", auditViewers},
}

var (
	dcReaders    = []scopes.Scope{scopes.EditDesignCenter, scopes.ViewDesignCenter}
	dcWriters    = []scopes.Scope{scopes.EditDesignCenter}
	appsReaders  = []scopes.Scope{scopes.ReadOrgConnApps, scopes.AdminOrgClients}
	appsCreators = []scopes.Scope{scopes.CreateOrgClients, scopes.AdminOrgClients}
	appsAdmins   = []scopes.Scope{scopes.AdminOrgClients}

	exchangeReaders = []scopes.Scope{"read:exchange", "edit:exchange", "manage:exchange"}
	exchangeWriters = []scopes.Scope{"edit:exchange", "manage:exchange"}
	auditViewers    = []scopes.Scope{"read:audit_logs"}
)

// RequiredScopes returns the scopes the fake platform demands of a request
// with this method and escaped path (relative to the control plane), any
// one of them enough, and whether the fake serves that route at all. A
// served route with no scopes takes any valid token.
//
// It is the fake's own table, written from MuleSoft's documentation; an SDK
// (this one, or a package of your own that wraps more endpoints) tests its
// declared scopes against it.
func RequiredScopes(method, path string) ([]scopes.Scope, bool) {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	segs := splitPath(path)
	for _, rt := range routeScopes {
		if rt.method == method && matchSegs(splitPath(rt.pattern), segs) {
			return slices.Clone(rt.anyOf), true
		}
	}
	return nil, false
}

// required returns the scopes that let r through, any one of them enough.
func required(r *http.Request) []scopes.Scope {
	need, _ := RequiredScopes(r.Method, r.URL.EscapedPath())
	return need
}

func splitPath(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

// matchSegs matches escaped path segments against a pattern: "{x}" takes
// one non-empty segment, "{x...}" the rest of the path.
func matchSegs(pattern, segs []string) bool {
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
