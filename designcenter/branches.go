package designcenter

import (
	"context"

	"github.com/anypoint-go/anypoint/internal/service"
)

// Branch is a branch of a project's Git repository.
type Branch struct {
	// Name is the branch name, such as "master".
	Name string `json:"name"`
	// CommitID is the commit the branch points at.
	CommitID string `json:"commitId,omitempty"`
}

// ListBranches returns the branches of a project.
//
// GET /designcenter/api-designer/projects/{projectId}/branches — scope edit:design_center or view:design_center.
func (s *Service) ListBranches(ctx context.Context, projectID string) ([]Branch, error) {
	if err := service.RequireID("projectID", projectID); err != nil {
		return nil, err
	}
	var branches []Branch
	if err := s.call(ctx, listBranches, nil, &branches, projectID); err != nil {
		return nil, err
	}
	return branches, nil
}

// createBranchBody is the body of POST …/branches. MuleSoft's specification
// names the base either by commit or by branch, the branch winning.
type createBranchBody struct {
	Name       string `json:"name"`
	BaseBranch string `json:"baseBranch,omitempty"`
}

// CreateBranch creates the branch name in a project, starting from the
// branch fromBranch (such as "master"). With an empty fromBranch the
// request names no base and the platform decides; MuleSoft's specification
// asks for one, so pass it.
//
// POST /designcenter/api-designer/projects/{projectId}/branches — scope edit:design_center.
func (s *Service) CreateBranch(ctx context.Context, projectID, name, fromBranch string) (*Branch, error) {
	if err := service.RequireID("projectID", projectID); err != nil {
		return nil, err
	}
	if err := service.RequireID("name", name); err != nil {
		return nil, err
	}
	b := new(Branch)
	body := createBranchBody{Name: name, BaseBranch: fromBranch}
	if err := s.call(ctx, createBranch, body, b, projectID); err != nil {
		return nil, err
	}
	return b, nil
}
