package exchange

import "github.com/anypoint-go/anypoint/internal/endpoint"

// ex names an operation of MuleSoft's Exchange Experience spec
// (mulesoft-dx, apis/exchange-experience/api.yaml) in the endpoint catalog.
func ex(id string) *endpoint.Endpoint { return endpoint.Op("exchange-experience", id) }

// The operations this package calls; their routes and scopes are the
// catalog's (package endpoints).
var (
	searchAssets      = ex("getAssetsSearch")
	getAsset          = ex("getAssetsByGroupidByAssetidAsset")
	getAssetVersion   = ex("getAssetsByGroupidByAssetidByVersion")
	publishAsset      = ex("createOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersion")
	publicationStatus = ex("getOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersionPublicationStatusByRunid")
)

// endpoints lists every operation above, for the tests.
var endpoints = []*endpoint.Endpoint{searchAssets, getAsset, getAssetVersion, publishAsset, publicationStatus}
