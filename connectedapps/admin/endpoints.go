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

// amSpec is the source of every route here: MuleSoft's published Access
// Management API (mulesoft-dx, apis/access-management/api.yaml).
const amSpec = "access-management api.yaml; scopes not confirmed"

func am(method, pattern string, need []scopes.Scope) *endpoint.Endpoint {
	return &endpoint.Endpoint{Method: method, Pattern: pattern, Scopes: need, Source: amSpec}
}

const (
	appsPattern = "/accounts/api/connectedApplications"
	orgPattern  = "/accounts/api/organizations/{orgId}/connectedApplications"
)

// The endpoints this package calls.
var (
	listApps            = am(http.MethodGet, appsPattern, connAppsRead)
	createApp           = am(http.MethodPost, appsPattern, connAppsNew)
	getApp              = am(http.MethodGet, appsPattern+"/{clientId}", connAppsRead)
	updateApp           = am(http.MethodPatch, appsPattern+"/{clientId}", connAppsWrite)
	deleteApp           = am(http.MethodDelete, appsPattern+"/{clientId}", connAppsWrite)
	listAppScopes       = am(http.MethodGet, appsPattern+"/{clientId}/scopes", connAppsRead)
	setAppScopes        = am(http.MethodPut, appsPattern+"/{clientId}/scopes", connAppsWrite)
	addAppScopes        = am(http.MethodPatch, appsPattern+"/{clientId}/scopes", connAppsWrite)
	removeAppScopes     = am(http.MethodDelete, appsPattern+"/{clientId}/scopes", connAppsWrite)
	revokeAppTokens     = am(http.MethodDelete, appsPattern+"/{clientId}/revoke", connAppsWrite)
	listAuthorizations  = am(http.MethodGet, orgPattern+"/authorizations", connAppsRead)
	revokeAuthorization = am(http.MethodDelete, orgPattern+"/authorizations", connAppsWrite)
	getAuthorization    = am(http.MethodGet, orgPattern+"/authorizations/{authorizationId}", connAppsRead)
	deleteAuthorization = am(http.MethodDelete, orgPattern+"/authorizations/{authorizationId}", connAppsWrite)
	getSettings         = am(http.MethodGet, orgPattern+"/settings", connAppsRead)
	updateSettings      = am(http.MethodPatch, orgPattern+"/settings", connAppsWrite)
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{listApps, createApp, getApp, updateApp, deleteApp,
	listAppScopes, setAppScopes, addAppScopes, removeAppScopes, revokeAppTokens,
	listAuthorizations, revokeAuthorization, getAuthorization, deleteAuthorization, getSettings, updateSettings}
