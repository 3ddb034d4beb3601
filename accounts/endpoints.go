package accounts

import "github.com/anypoint-go/anypoint/internal/endpoint"

// am names an operation of MuleSoft's Access Management spec
// (mulesoft-dx, apis/access-management/api.yaml) in the endpoint catalog.
func am(id string) *endpoint.Endpoint { return endpoint.Op("access-management", id) }

// The operations this package calls; their routes and scopes are the
// catalog's (package endpoints).
var (
	meEndpoint       = am("listMe")
	getOrganization  = am("getOrganizations")
	getHierarchy     = am("listHierarchy")
	listEnvironments = am("listEnvironments")
	getEnvironment   = am("getOrganizationEnvironment")
)

// endpoints lists every operation above, for the tests.
var endpoints = []*endpoint.Endpoint{meEndpoint, getOrganization, getHierarchy, listEnvironments, getEnvironment}
