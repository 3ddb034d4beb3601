package accounts

import (
	"net/http"

	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// The endpoints this package calls, each with the scopes any one of which
// lets a request through and where that fact comes from. The route shapes
// come from MuleSoft's published Access Management spec (mulesoft-dx,
// apis/access-management/api.yaml); the spec names no scopes, so where the
// docs do not either, the scope is the one Access Management shows for the
// permission, marked "not confirmed".
var (
	meEndpoint = &endpoint.Endpoint{
		Method: http.MethodGet, Pattern: "/accounts/api/me",
		Scopes: nil, // any valid token
		Source: "access-management api.yaml: listMe; any valid token (docs: Connected Apps, /me)",
	}
	getOrganization = &endpoint.Endpoint{
		Method: http.MethodGet, Pattern: "/accounts/api/organizations/{orgId}",
		Scopes: []scopes.Scope{scopes.ReadOrganization, scopes.EditOrganization},
		Source: "access-management api.yaml: getOrganizations; scopes not confirmed",
	}
	getHierarchy = &endpoint.Endpoint{
		Method: http.MethodGet, Pattern: "/accounts/api/organizations/{orgId}/hierarchy",
		Scopes: []scopes.Scope{scopes.ReadOrganization, scopes.EditOrganization},
		Source: "access-management api.yaml: listHierarchy; scopes not confirmed",
	}
	listEnvironments = &endpoint.Endpoint{
		Method: http.MethodGet, Pattern: "/accounts/api/organizations/{orgId}/environments",
		Scopes: []scopes.Scope{scopes.ViewEnvironment},
		Source: "access-management api.yaml: listEnvironments; scope view:environment from the Connected Apps docs",
	}
	getEnvironment = &endpoint.Endpoint{
		Method: http.MethodGet, Pattern: "/accounts/api/organizations/{orgId}/environments/{envId}",
		Scopes: []scopes.Scope{scopes.ViewEnvironment},
		Source: "access-management api.yaml: getOrganizationEnvironment; scope view:environment from the Connected Apps docs",
	}
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{meEndpoint, getOrganization, getHierarchy, listEnvironments, getEnvironment}
