package designcenter

import "github.com/anypoint-go/anypoint/internal/endpoint"

// dx names an operation of MuleSoft's API Designer Experience spec
// (mulesoft-dx, apis/api-designer-experience/api.yaml) in the endpoint
// catalog.
func dx(id string) *endpoint.Endpoint { return endpoint.Op("api-designer-experience", id) }

// The operations this package calls; their routes and scopes are the
// catalog's (package endpoints).
var (
	listProjects    = dx("getProjects")
	createProject   = dx("createProjects")
	getProject      = dx("getProjectsByProjectid")
	transferProject = dx("patchProjectsByProjectid")
	deleteProject   = dx("deleteProjectsByProjectid")
	listBranches    = dx("getProjectsByProjectidBranches")
	createBranch    = dx("createProjectsByProjectidBranches")
	listFiles       = dx("getProjectsByProjectidBranchesByBranchFiles")
	getFile         = dx("getProjectsByProjectidBranchesByBranchFilesByFilepath")
	saveFiles       = dx("createProjectsByProjectidBranchesByBranchSave")
	acquireLock     = dx("createProjectsByProjectidBranchesByBranchAcquirelock")
	releaseLock     = dx("createProjectsByProjectidBranchesByBranchReleaselock")
	publish         = dx("createProjectsByProjectidBranchesByBranchPublishExchange")
)

// endpoints lists every operation above, for the tests.
var endpoints = []*endpoint.Endpoint{listProjects, createProject, getProject, transferProject, deleteProject,
	listBranches, createBranch, listFiles, getFile, saveFiles, acquireLock, releaseLock, publish}
