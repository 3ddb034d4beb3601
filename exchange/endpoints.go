package exchange

import (
	"net/http"

	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// The scopes of Exchange, from MuleSoft's documentation of connected-app
// authentication for Exchange (docs.mulesoft.com/exchange/connected-app-
// authentication, also in the spec repository's "Anypoint Platform Token"
// page): Exchange Viewer (read:exchange) gives read-only access; Exchange
// Contributor (edit:exchange) or Exchange Administrator (manage:exchange)
// give read and write access. Exchange Creator (create:exchange) is in the
// scope catalog, but no document says it lets a connected app publish, so
// it is not declared here (not confirmed).
var (
	readers    = []scopes.Scope{scopes.ReadExchange, scopes.EditExchange, scopes.ManageExchange}
	publishers = []scopes.Scope{scopes.EditExchange, scopes.ManageExchange}
)

// spec is where every route here comes from: MuleSoft's published Exchange
// Experience API (mulesoft-dx, apis/exchange-experience/api.yaml).
const (
	spec       = "exchange-experience api.yaml"
	scopesNote = "; scopes from docs.mulesoft.com/exchange/connected-app-authentication"
)

func ex(method, pattern string, need []scopes.Scope, source string) *endpoint.Endpoint {
	return &endpoint.Endpoint{Method: method, Pattern: basePath + pattern, Scopes: need, Source: source}
}

// The endpoints this package calls.
var (
	searchAssets    = ex(http.MethodGet, "/assets/search", readers, spec+": getAssetsSearch"+scopesNote+"; the search and organizationId parameters are not in the spec (public clients send them)")
	getAsset        = ex(http.MethodGet, "/assets/{groupId}/{assetId}/asset", readers, spec+": getAssetsByGroupidByAssetidAsset"+scopesNote)
	getAssetVersion = ex(http.MethodGet, "/assets/{groupId}/{assetId}/{version}", readers, spec+": getAssetsByGroupidByAssetidByVersion"+scopesNote)
	publishAsset    = ex(http.MethodPost, "/organizations/{organizationId}/assets/{groupId}/{assetId}/{version}", publishers, spec+": createOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersion"+scopesNote)
	// The status a publication's link points to. A publisher holds edit or
	// manage, which read as well; reading the status with read:exchange
	// alone is what "read-only access" suggests (not confirmed).
	publicationStatus = ex(http.MethodGet, "/organizations/{organizationId}/assets/{groupId}/{assetId}/{version}/publication/status/{runId}", readers, spec+": getOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersionPublicationStatusByRunid"+scopesNote)
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{searchAssets, getAsset, getAssetVersion, publishAsset, publicationStatus}
