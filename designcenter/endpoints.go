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

// spec is the source of every route here: MuleSoft's published API Designer
// Experience API (mulesoft-dx, apis/api-designer-experience/api.yaml).
const spec = "api-designer-experience api.yaml"

func dc(method, pattern string, need []scopes.Scope, source string) *endpoint.Endpoint {
	return &endpoint.Endpoint{Method: method, Pattern: basePath + pattern, Scopes: need, Source: source}
}

// The endpoints this package calls.
var (
	listProjects    = dc(http.MethodGet, "/projects", dcRead, spec)
	createProject   = dc(http.MethodPost, "/projects", dcCreate, spec)
	getProject      = dc(http.MethodGet, "/projects/{projectId}", dcRead, spec)
	transferProject = dc(http.MethodPatch, "/projects/{projectId}", dcWrite, spec)
	deleteProject   = dc(http.MethodDelete, "/projects/{projectId}", dcWrite, spec)
	listBranches    = dc(http.MethodGet, "/projects/{projectId}/branches", dcRead, spec)
	createBranch    = dc(http.MethodPost, "/projects/{projectId}/branches", dcWrite, spec)
	listFiles       = dc(http.MethodGet, "/projects/{projectId}/branches/{branch}/files", dcRead, spec)
	getFile         = dc(http.MethodGet, "/projects/{projectId}/branches/{branch}/files/{filePath}", dcRead, spec)
	saveFiles       = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/save", dcWrite, spec)
	acquireLock     = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/acquireLock", dcWrite, spec)
	releaseLock     = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/releaseLock", dcWrite, spec)
	publish         = dc(http.MethodPost, "/projects/{projectId}/branches/{branch}/publish/exchange", dcWrite, spec)
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{listProjects, createProject, getProject, transferProject, deleteProject,
	listBranches, createBranch, listFiles, getFile, saveFiles, acquireLock, releaseLock, publish}
