package designcenter

import (
	"context"
	"fmt"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Branch is a branch of a project's Git repository, as the spec's Branch
// schema has it.
type Branch struct {
	// Name is the branch name, such as "master".
	Name string `json:"name"`
	// CommitID is the commit the branch points at: what CreateBranch
	// takes to start a branch there.
	CommitID string `json:"commitId,omitempty"`
}

// ListBranches returns the branches of a project, each with the commit it
// points at.
//
// GET /designcenter/api-designer/projects/{projectId}/branches (api-designer-experience getProjectsByProjectidBranches): scope edit:design_center or view:design_center (docs).
func (s *Service) ListBranches(ctx context.Context, projectID string) ([]Branch, error) {
	if err := service.RequireID("projectID", projectID); err != nil {
		return nil, err
	}
	branches := service.UnpagedList[Branch]()
	if err := s.call(ctx, listBranches, nil, branches, projectID); err != nil {
		return nil, err
	}
	return branches.Items, nil
}

// createBranchBody is the body of POST …/branches: the spec's two fields,
// both required.
type createBranchBody struct {
	Name     string `json:"name"`
	CommitID string `json:"commitId"`
}

// CreateBranch creates the branch name in a project, pointing at the commit
// commitID, and returns it. The platform takes a commit, not a branch, to
// start from: a branch's head is its Branch.CommitID (ListBranches), and
// CreateBranchFrom looks it up for you. A name that is taken gives an error
// from the platform.
//
// Spec: api-designer-experience api.yaml, createProjectsByProjectidBranches
// (body {name, commitId}, both required).
//
// POST /designcenter/api-designer/projects/{projectId}/branches (api-designer-experience createProjectsByProjectidBranches): scope edit:design_center (docs).
func (s *Service) CreateBranch(ctx context.Context, projectID, name, commitID string) (*Branch, error) {
	if err := service.RequireID("projectID", projectID); err != nil {
		return nil, err
	}
	if err := service.RequireID("name", name); err != nil {
		return nil, err
	}
	if err := service.RequireID("commitID", commitID); err != nil {
		return nil, err
	}
	b := new(Branch)
	if err := s.call(ctx, createBranch, createBranchBody{Name: name, CommitID: commitID}, b, projectID); err != nil {
		return nil, err
	}
	return b, nil
}

// CreateBranchFrom creates the branch name at the head of the branch
// fromBranch (such as "master"): it lists the project's branches for
// fromBranch's commit, then calls CreateBranch with it. The two requests are
// not atomic: a save to fromBranch in between is not on the new branch. A
// fromBranch the project does not have gives an error matching
// anypoint.ErrNotFound, and nothing is created.
//
// Spec: api-designer-experience api.yaml, getProjectsByProjectidBranches then
// createProjectsByProjectidBranches.
//
// GET /designcenter/api-designer/projects/{projectId}/branches (api-designer-experience getProjectsByProjectidBranches): scope edit:design_center or view:design_center (docs).
// POST /designcenter/api-designer/projects/{projectId}/branches (api-designer-experience createProjectsByProjectidBranches): scope edit:design_center (docs).
func (s *Service) CreateBranchFrom(ctx context.Context, projectID, name, fromBranch string) (*Branch, error) {
	if err := service.RequireID("projectID", projectID); err != nil {
		return nil, err
	}
	if err := service.RequireID("name", name); err != nil {
		return nil, err
	}
	if err := service.RequireID("fromBranch", fromBranch); err != nil {
		return nil, err
	}
	branches, err := s.ListBranches(ctx, projectID)
	if err != nil {
		return nil, err
	}
	for _, b := range branches {
		if b.Name != fromBranch {
			continue
		}
		if b.CommitID == "" {
			return nil, fmt.Errorf("anypoint: branch %q of project %s has no commit to branch from", fromBranch, projectID)
		}
		return s.CreateBranch(ctx, projectID, name, b.CommitID)
	}
	return nil, fmt.Errorf("anypoint: project %s has no branch %q to branch from: %w", projectID, fromBranch, anypoint.ErrNotFound)
}
