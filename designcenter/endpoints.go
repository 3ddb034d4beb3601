package designcenter

import (
	"net/http"

	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// The scopes of Design Center's endpoints, from MuleSoft's Connected Apps
// documentation: Design Center Developer (edit:design_center) reads and
// writes; Design Center Viewer (view:design_center) reads; Design Center
// Creator (create:design_center) creates projects.
var (
	dcRead   = []scopes.Scope{scopes.EditDesignCenter, scopes.ViewDesignCenter}
	dcWrite  = []scopes.Scope{scopes.EditDesignCenter}
	dcCreate = []scopes.Scope{scopes.EditDesignCenter, scopes.CreateDesignCenter}
)

// op names the source of a route: its operation in MuleSoft's published API
// Designer Experience spec (mulesoft-dx, apis/api-designer-experience/api.yaml).
// The spec names no scopes; they come from the Connected Apps documentation
// (above).
func op(operationID string) string {
	return "api-designer-experience api.yaml: " + operationID + "; scopes from the Connected Apps docs"
}

func dc(method, pattern string, need []scopes.Scope, source string) *endpoint.Endpoint {
	return &endpoint.Endpoint{Method: method, Pattern: basePath + pattern, Scopes: need, Source: source}
}

// The endpoints this package calls, each with the spec operation it is.
var (
	listProjects    = dc(http.MethodGet, "/projects", dcRead, op("getProjects"))
	createProject   = dc(http.MethodPost, "/projects", dcCreate, op("createProjects"))
	getProject      = dc(http.MethodGet, "/projects/{projectId}", dcRead, op("getProjectsByProjectid"))
	transferProject = dc(http.MethodPatch, "/projects/{projectId}", dcWrite, op("patchProjectsByProjectid"))
	deleteProject   = dc(http.MethodDelete, "/projects/{projectId}", dcWrite, op("deleteProjectsByProjectid"))
	listBranches    = dc(http.MethodGet, "/projects/{projectId}/branches", dcRead, op("getProjectsByProjectidBranches"))
	createBranch    = dc(http.MethodPost, "/projects/{projectId}/branches", dcWrite, op("createProjectsByProjectidBranches"))
	listFiles       = dc(http.MethodGet, "/projects/{projectId}/branches/{branch}/files", dcRead, op("getProjectsByProjectidBranchesByBranchFiles"))
	getFile         = dc(http.MethodGet, "/projects/{projectId}/branches/{branch}/files/{filePath}", dcRead, op("getProjectsByProjectidBranchesByBranchFilesByFilepath"))
	saveFiles       = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/save", dcWrite,
		op("createProjectsByProjectidBranchesByBranchSave")+"; its commit=true&message= query is not in the spec: production deployers send it")
	acquireLock = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/acquireLock", dcWrite, op("createProjectsByProjectidBranchesByBranchAcquirelock"))
	releaseLock = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/releaseLock", dcWrite, op("createProjectsByProjectidBranchesByBranchReleaselock"))
	publish     = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/publish/exchange", dcWrite, op("createProjectsByProjectidBranchesByBranchPublishExchange"))
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{listProjects, createProject, getProject, transferProject, deleteProject,
	listBranches, createBranch, listFiles, getFile, saveFiles, acquireLock, releaseLock, publish}
