package apimanager

import "github.com/anypoint-go/anypoint/internal/endpoint"

// apim names an operation of MuleSoft's API Manager spec (mulesoft-dx,
// apis/api-manager/api.yaml) in the endpoint catalog; platform one of the
// API Platform spec (apis/api-platform/api.yaml), which alone publishes the
// approval, rejection, revocation and restoration of a contract and the
// creation of a client application.
func apim(id string) *endpoint.Endpoint     { return endpoint.Op("api-manager", id) }
func platform(id string) *endpoint.Endpoint { return endpoint.Op("api-platform", id) }

// The operations this package calls; their routes and scopes are the
// catalog's (package endpoints).
var (
	listAPIs   = apim("listOrganizationsEnvironmentsApis")
	createAPI  = apim("createOrganizationsEnvironmentsApis")
	getAPI     = apim("getOrganizationsEnvironmentsApis")
	patchAPI   = apim("patchOrganizationsEnvironmentsApis")
	deleteAPI  = apim("deleteOrganizationsEnvironmentsApis")
	listUps    = apim("listOrganizationsEnvironmentsApisUpstreams")
	createUps  = apim("createOrganizationsEnvironmentsApisUpstreams")
	getUps     = apim("getOrganizationsEnvironmentsApisUpstreams")
	patchUps   = apim("updateOrganizationsEnvironmentsApisUpstreams")
	deleteUps  = apim("deleteOrganizationsEnvironmentsApisUpstreams")
	listPolicy = apim("listOrganizationsEnvironmentsApisPolicies")
	applyPol   = apim("createOrganizationsEnvironmentsApisPolicies")
	orderPol   = apim("updateOrganizationsEnvironmentsApisPoliciesBulk")
	getPol     = apim("getOrganizationsEnvironmentsApisPolicies")
	patchPol   = apim("patchOrganizationsEnvironmentsApisPolicy")
	deletePol  = apim("deleteOrganizationsEnvironmentsApisPolicies")
	listTmpl   = apim("listOrganizationsPolicytemplates")
	getTmpl    = apim("getOrganizationsPolicytemplates")
	listTiers  = apim("listOrganizationsEnvironmentsApisTiers")
	createTier = apim("createOrganizationsEnvironmentsApisTiers")
	updateTier = apim("updateOrganizationsEnvironmentsApisTiers")
	deleteTier = apim("deleteOrganizationsEnvironmentsApisTiers")
	listContr  = apim("listOrganizationsEnvironmentsApisContracts")
	createCont = apim("createOrganizationsEnvironmentsApisContracts")
	getContr   = apim("getOrganizationsEnvironmentsApisContracts")
	patchContr = apim("updateOrganizationsEnvironmentsApisContracts")
	deleteCont = apim("deleteOrganizationsEnvironmentsApisContracts")
	approveCon = platform("createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidApprove")
	rejectCon  = platform("createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidReject")
	revokeCon  = platform("createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidRevoke")
	restoreCon = platform("createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidRestore")
	importApp  = apim("createOrganizationsApplications")
	createApp  = platform("createOrganizationsByOrganizationidApplications")
	getApp     = platform("getOrganizationsByOrganizationidApplicationsByApplicationid")
	deleteApp  = platform("deleteOrganizationsByOrganizationidApplicationsByApplicationid")
	listAlerts = apim("listOrganizationsEnvironmentsApisAlerts")
	createAlrt = apim("createOrganizationsEnvironmentsApisAlerts")
	getAlert   = apim("getOrganizationsEnvironmentsApisAlerts")
	patchAlert = apim("updateOrganizationsEnvironmentsApisAlerts")
	deleteAlrt = apim("deleteOrganizationsEnvironmentsApisAlerts")
	listAuto   = apim("listOrganizationsAutomatedpolicies")
	createAuto = apim("createOrganizationsAutomatedpolicies")
	getAuto    = apim("getOrganizationsAutomatedpolicies")
	deleteAuto = apim("deleteOrganizationsAutomatedpolicies")
)

// endpoints lists every operation above, for the tests.
var endpoints = []*endpoint.Endpoint{
	listAPIs, createAPI, getAPI, patchAPI, deleteAPI, listUps, createUps, getUps, patchUps, deleteUps,
	listPolicy, applyPol, orderPol, getPol, patchPol, deletePol, listTmpl, getTmpl,
	listTiers, createTier, updateTier, deleteTier,
	listContr, createCont, getContr, patchContr, deleteCont, approveCon, rejectCon, revokeCon, restoreCon, importApp, createApp, getApp, deleteApp,
	listAlerts, createAlrt, getAlert, patchAlert, deleteAlrt,
	listAuto, createAuto, getAuto, deleteAuto,
}
