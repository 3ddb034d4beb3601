package deployments

import (
	"net/http"

	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// Where the routes and scopes come from. The routes are MuleSoft's
// published specs: the Application Manager API (mulesoft-dx,
// apis/amc-application-manager/api.yaml) for deployments and the CloudHub
// 2.0 API (apis/cloudhub-20/api.yaml, the same base path as
// apis/runtime-fabric) for targets. The specs name no scopes. MuleSoft's
// documentation names the permissions: "To deploy applications in Runtime
// Manager, you need the Create Applications permission" (create:applications)
// and Read Applications (read:applications) to view them, plus Read Runtime
// Fabrics (read:runtime_fabrics) at the business group to see CloudHub 2.0
// and Runtime Fabric applications; the connected-app scope list describes
// delete:applications as "Delete the applications in a specific
// environment". Which scope the platform checks for an update and a delete
// of a deployment, and for the target list, is not confirmed.
const (
	amcSpec     = "amc-application-manager api.yaml: "
	confirmed   = "; scope from the docs (CloudHub 2.0 permissions, connected-app scopes)"
	unconfirmed = "; scope not confirmed"
)

func amc(method, pattern string, need []scopes.Scope, source string) *endpoint.Endpoint {
	return &endpoint.Endpoint{Method: method, Pattern: basePath + pattern, Scopes: need, Source: source}
}

const deploymentsPattern = "/organizations/{organizationId}/environments/{environmentId}/deployments"

// The endpoints this package calls.
var (
	listDeployments  = amc(http.MethodGet, deploymentsPattern, []scopes.Scope{scopes.ReadApplications}, amcSpec+"getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments"+confirmed)
	createDeployment = amc(http.MethodPost, deploymentsPattern, []scopes.Scope{scopes.CreateApplications}, amcSpec+"createOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments"+confirmed)
	getDeployment    = amc(http.MethodGet, deploymentsPattern+"/{deploymentId}", []scopes.Scope{scopes.ReadApplications}, amcSpec+"getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid"+confirmed)
	// A redeploy, a scale or a change of properties is a deployment:
	// Create Applications is assumed (not confirmed).
	updateDeployment = amc(http.MethodPatch, deploymentsPattern+"/{deploymentId}", []scopes.Scope{scopes.CreateApplications}, amcSpec+"patchOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid"+unconfirmed)
	deleteDeployment = amc(http.MethodDelete, deploymentsPattern+"/{deploymentId}", []scopes.Scope{scopes.DeleteApplications}, amcSpec+"deleteOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid"+unconfirmed+" (the scope list's delete:applications)")
	listTargets      = &endpoint.Endpoint{
		Method: http.MethodGet, Pattern: targetsBasePath + "/organizations/{organizationId}/targets",
		Scopes: []scopes.Scope{scopes.ReadRuntimeFabrics},
		Source: "cloudhub-20 api.yaml: getOrganizationsByOrganizationidTargets; scope not confirmed (the docs ask Read Runtime Fabrics at the business group to see CloudHub 2.0 and Runtime Fabric applications)",
	}
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{listDeployments, createDeployment, getDeployment, updateDeployment, deleteDeployment, listTargets}
