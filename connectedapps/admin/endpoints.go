package admin

import "github.com/anypoint-go/anypoint/internal/endpoint"

// am names an operation of MuleSoft's Access Management spec (mulesoft-dx,
// apis/access-management/api.yaml) in the endpoint catalog.
func am(id string) *endpoint.Endpoint { return endpoint.Op("access-management", id) }

// The operations this package calls; their routes and scopes are the
// catalog's (package endpoints). MuleSoft names no scope for them: only
// organization administrators may call them, and the catalog assumes the
// scopes of Access Management's Connected Applications permission.
var (
	listApps        = am("listConnectedApplications")
	createApp       = am("createConnectedApplications")
	getApp          = am("getConnectedApplications")
	updateApp       = am("updateConnectedApplications")
	deleteApp       = am("deleteConnectedApplications")
	listAppScopes   = am("listConnectedApplicationsScopes")
	setAppScopes    = am("updateConnectedApplicationsScopes")
	addAppScopes    = am("updateConnectedApplicationScopes")
	revokeAppTokens = am("deleteConnectedApplicationsRevoke")
	// Scope removal takes the organization's path, as MuleSoft's Terraform
	// provider does (see RemoveScopes).
	removeAppScopes = am("deleteOrganizationConnectedApplicationScopes")

	listAuthorizations  = am("listConnectedApplicationsAuthorizations")
	revokeAuthorization = am("deleteConnectedApplicationsAuthorizations")
	getAuthorization    = am("getConnectedApplicationsAuthorizations")
	deleteAuthorization = am("deleteOrganizationConnectedApplicationAuthorization")
	getSettings         = am("listConnectedApplicationsSettings")
	updateSettings      = am("updateConnectedApplicationsSettings")
)

// endpoints lists every operation above, for the tests.
var endpoints = []*endpoint.Endpoint{listApps, createApp, getApp, updateApp, deleteApp,
	listAppScopes, setAppScopes, addAppScopes, removeAppScopes, revokeAppTokens,
	listAuthorizations, revokeAuthorization, getAuthorization, deleteAuthorization, getSettings, updateSettings}
