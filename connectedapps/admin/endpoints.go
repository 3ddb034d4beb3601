package admin

import (
	"net/http"

	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// The scopes of the Connected Apps management API. MuleSoft documents none
// for these endpoints: only organization administrators may view or manage
// connected apps. The scopes below are the ones Access Management shows for
// the permission ("View Connected Applications", "Manage Connected
// Applications"), not confirmed.
var (
	connAppsRead  = []scopes.Scope{scopes.ReadOrgConnApps, scopes.AdminOrgClients}
	connAppsWrite = []scopes.Scope{scopes.AdminOrgClients}
	connAppsNew   = []scopes.Scope{scopes.CreateOrgClients, scopes.AdminOrgClients}
)

// amSpec is where every route here comes from: MuleSoft's published Access
// Management API (mulesoft/mulesoft-dx, apis/access-management/api.yaml),
// by the operation's operationId. The spec names no scopes.
const amSpec = "MuleSoft's Access Management spec (mulesoft-dx apis/access-management/api.yaml), operation "

// notConfirmedScopes ends every Source: the route is the spec's, its scopes
// are the SDK's assumption.
const notConfirmedScopes = "; scopes not confirmed"

func am(method, pattern, operation string, need []scopes.Scope) *endpoint.Endpoint {
	return &endpoint.Endpoint{Method: method, Pattern: pattern, Scopes: need, Source: amSpec + operation + notConfirmedScopes}
}

const (
	appsPattern = "/accounts/api/connectedApplications"
	orgPattern  = "/accounts/api/organizations/{orgId}/connectedApplications"
)

// The endpoints this package calls.
var (
	listApps        = am(http.MethodGet, appsPattern, "listConnectedApplications", connAppsRead)
	createApp       = am(http.MethodPost, appsPattern, "createConnectedApplications", connAppsNew)
	getApp          = am(http.MethodGet, appsPattern+"/{clientId}", "getConnectedApplications", connAppsRead)
	updateApp       = am(http.MethodPatch, appsPattern+"/{clientId}", "updateConnectedApplications", connAppsWrite)
	deleteApp       = am(http.MethodDelete, appsPattern+"/{clientId}", "deleteConnectedApplications", connAppsWrite)
	listAppScopes   = am(http.MethodGet, appsPattern+"/{clientId}/scopes", "listConnectedApplicationsScopes", connAppsRead)
	setAppScopes    = am(http.MethodPut, appsPattern+"/{clientId}/scopes", "updateConnectedApplicationsScopes", connAppsWrite)
	addAppScopes    = am(http.MethodPatch, appsPattern+"/{clientId}/scopes", "updateConnectedApplicationScopes", connAppsWrite)
	revokeAppTokens = am(http.MethodDelete, appsPattern+"/{clientId}/revoke", "deleteConnectedApplicationsRevoke", connAppsWrite)

	// removeAppScopes is the organization's route, not the org-less DELETE
	// …/connectedApplications/{clientId}/scopes (deleteConnectedApplicationsScopes)
	// that the spec also has: MuleSoft's Terraform provider removes scopes
	// there ("The API endpoint requires the org ID in the path",
	// internal/client/accessmanagement/connectedappscopes.go, since commit
	// 14dfcc4 "Fix connected_app_scopes scope removal not taking effect"),
	// and it is the only removal route a MuleSoft client is known to use.
	removeAppScopes = am(http.MethodDelete, orgPattern+"/{clientId}/scopes", "deleteOrganizationConnectedApplicationScopes", connAppsWrite)

	listAuthorizations  = am(http.MethodGet, orgPattern+"/authorizations", "listConnectedApplicationsAuthorizations", connAppsRead)
	revokeAuthorization = am(http.MethodDelete, orgPattern+"/authorizations", "deleteConnectedApplicationsAuthorizations", connAppsWrite)
	getAuthorization    = am(http.MethodGet, orgPattern+"/authorizations/{authorizationId}", "getConnectedApplicationsAuthorizations", connAppsRead)
	deleteAuthorization = am(http.MethodDelete, orgPattern+"/authorizations/{authorizationId}", "deleteOrganizationConnectedApplicationAuthorization", connAppsWrite)
	getSettings         = am(http.MethodGet, orgPattern+"/settings", "listConnectedApplicationsSettings", connAppsRead)
	updateSettings      = am(http.MethodPatch, orgPattern+"/settings", "updateConnectedApplicationsSettings", connAppsWrite)
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{listApps, createApp, getApp, updateApp, deleteApp,
	listAppScopes, setAppScopes, addAppScopes, removeAppScopes, revokeAppTokens,
	listAuthorizations, revokeAuthorization, getAuthorization, deleteAuthorization, getSettings, updateSettings}
