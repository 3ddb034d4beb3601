package deployments

import "github.com/anypoint-go/anypoint/internal/endpoint"

// amc names an operation of MuleSoft's Application Manager spec
// (mulesoft-dx, apis/amc-application-manager/api.yaml) in the endpoint
// catalog; ch2 one of the CloudHub 2.0 spec (apis/cloudhub-20/api.yaml).
func amc(id string) *endpoint.Endpoint { return endpoint.Op("amc-application-manager", id) }
func ch2(id string) *endpoint.Endpoint { return endpoint.Op("cloudhub-20", id) }

// The operations this package calls; their routes and scopes are the
// catalog's (package endpoints).
var (
	listDeployments  = amc("getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments")
	createDeployment = amc("createOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments")
	getDeployment    = amc("getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid")
	updateDeployment = amc("patchOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid")
	deleteDeployment = amc("deleteOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid")
	listTargets      = ch2("getOrganizationsByOrganizationidTargets")
)

// endpoints lists every operation above, for the tests.
var endpoints = []*endpoint.Endpoint{listDeployments, createDeployment, getDeployment, updateDeployment, deleteDeployment, listTargets}
