package designcenter

import (
	"context"
	"fmt"
	"slices"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Project is a Design Center project: an API specification or fragment
// with its own Git repository of files and branches.
//
// The fields up to CreatedDate are the spec's Project schema (all of them
// required there but Description); the others are not in the spec and are
// filled when the platform sends them (not confirmed).
type Project struct {
	// ID is the project's UUID, the projectID of every other method.
	ID string `json:"id"`
	// OrganizationID is the business group the project belongs to.
	OrganizationID string `json:"organizationId"`
	// Name is the project's display name.
	Name string `json:"name"`
	// Type is the project's type. Projects are created as ProjectTypeRAML
	// or ProjectTypeRAMLFragment; the spec's Project says only "Project
	// type", so other values may come back.
	Type string `json:"type"`
	// CreatedBy is the project's owner: the user ID (UUID), not the
	// username. It is the value TransferProject takes and WithOwnerID
	// sends. MuleSoft's API specification describes the field
	// as the "name of the user that created the project", but its own
	// example holds a user ID and its PATCH takes the "new project owner
	// id"; the SDK follows the values, not the wording.
	CreatedBy string `json:"createdBy"`
	// Description is the project's free-text description.
	Description string `json:"description"`
	// VCSType is the project's version control system, "GIT" in the
	// spec's example.
	VCSType string `json:"vcsType"`
	// CreatedDate is when the project was created (epoch milliseconds in
	// the spec).
	CreatedDate anypoint.Time `json:"createdDate"`

	// VCSStorageType is where the repository lives: "GIT_INTERNAL" (in
	// Design Center) or "GIT_EXTERNAL" (synced with GitHub). Not in the
	// spec.
	VCSStorageType string `json:"vcsStorageType,omitempty"`
	// DefaultBranch is the branch the project opens on, usually "master".
	// Not in the spec.
	DefaultBranch string `json:"defaultBranch,omitempty"`
	// LastUpdatedDate is when the project last changed. Not in the spec.
	LastUpdatedDate anypoint.Time `json:"lastUpdatedDate"`
	// Deleted is true for a project in the bin. Not in the spec.
	Deleted bool `json:"deleted,omitempty"`
}

// ListProjects returns every project the owner can see in the organization.
// The endpoint answers them all at once, as a bare array with no paging, so
// the method takes no options and returns a slice (as ListBranches and
// ListFiles do); range over it.
//
// Spec: api-designer-experience api.yaml, getProjects (200, an array of
// Project).
//
// GET /designcenter/api-designer/projects (api-designer-experience getProjects): scope edit:design_center or view:design_center (docs).
func (s *Service) ListProjects(ctx context.Context) ([]Project, error) {
	projects := service.UnpagedList[Project]()
	if err := s.call(ctx, listProjects, nil, projects); err != nil {
		return nil, err
	}
	return projects.Items, nil
}

// GetProject returns one project. An unknown ID gives an error matching
// anypoint.ErrNotFound.
//
// GET /designcenter/api-designer/projects/{projectId} (api-designer-experience getProjectsByProjectid): scope edit:design_center or view:design_center (docs).
func (s *Service) GetProject(ctx context.Context, projectID string) (*Project, error) {
	if err := service.RequireID("projectID", projectID); err != nil {
		return nil, err
	}
	p := new(Project)
	if err := s.call(ctx, getProject, nil, p, projectID); err != nil {
		return nil, err
	}
	return p, nil
}

// The types of a new project, the enum of the spec's ProjectCreate.type:
// an API specification or a fragment. They are the only two; an OAS
// specification is a project of type ProjectTypeRAML with ClassifierOAS,
// and every fragment takes ProjectTypeRAMLFragment (the Anypoint CLI:
// "Always use with --type raml-fragment, even for OAS 3.0 and JSON schema
// fragments").
const (
	ProjectTypeRAML         = "raml"
	ProjectTypeRAMLFragment = "raml-fragment"
)

// The classifiers of a new project, the enum of the spec's
// ProjectCreate.classifier: the language of its specification. The CLI's
// other kinds (its fragment types trait, resource-type, library, type,
// user-documentation, oas-components, json-schema) have no field in the
// spec's ProjectCreate, so CreateProject cannot send them.
const (
	ClassifierRAML         = "raml"
	ClassifierRAMLFragment = "raml-fragment"
	ClassifierOAS          = "oas"
)

// The file formats of a project's specification, the enum of the spec's
// ProjectCreate.format.
const (
	FormatYAML = "yaml"
	FormatJSON = "json"
)

var (
	projectTypes = []string{ProjectTypeRAML, ProjectTypeRAMLFragment}
	classifiers  = []string{ClassifierRAML, ClassifierRAMLFragment, ClassifierOAS}
	formats      = []string{FormatYAML, FormatJSON}
)

// CreateProjectRequest describes a new project: the fields of the spec's
// ProjectCreate schema, no others.
type CreateProjectRequest struct {
	// Name is required. Names are unique per type: a taken one gives an
	// error matching anypoint.ErrConflict.
	Name string `json:"name"`
	// Type is required: ProjectTypeRAML for an API specification (OAS
	// ones too) or ProjectTypeRAMLFragment for a fragment.
	Type string `json:"type"`
	// Description is optional free text.
	Description string `json:"description,omitempty"`
	// Format is FormatYAML or FormatJSON; optional. (The CLI offers it for
	// OAS only; RAML is YAML.)
	Format string `json:"format,omitempty"`
	// Classifier is the specification's language: ClassifierRAML,
	// ClassifierRAMLFragment or ClassifierOAS; optional.
	Classifier string `json:"classifier,omitempty"`
}

func (r *CreateProjectRequest) validate() error {
	if r == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if err := checkProjectName(r.Name); err != nil {
		return err
	}
	if err := oneOf("Type", r.Type, projectTypes, true); err != nil {
		return err
	}
	if err := oneOf("Classifier", r.Classifier, classifiers, false); err != nil {
		return err
	}
	return oneOf("Format", r.Format, formats, false)
}

// oneOf refuses a value outside the spec's enum, and an empty one when the
// field is required.
func oneOf(field, v string, enum []string, required bool) error {
	switch {
	case v == "" && required:
		return &anypoint.ValidationError{Field: field, Reason: "must not be empty (want one of " + strings.Join(enum, ", ") + ")"}
	case v != "" && !slices.Contains(enum, v):
		return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("%q is not one of %s", v, strings.Join(enum, ", "))}
	}
	return nil
}

// CreateProject creates a project and returns it. A name that is taken
// gives an error matching anypoint.ErrConflict ("Project raml-Orders API
// already exists"). Name and Type (the spec's required fields) and the
// values of Type, Classifier and Format are checked before anything is
// sent: an unknown one is an *anypoint.ValidationError.
//
// Spec: api-designer-experience api.yaml, createProjects (ProjectCreate:
// name and type required); 201 with the project.
//
// POST /designcenter/api-designer/projects (api-designer-experience createProjects): scope edit:design_center or create:design_center (docs).
func (s *Service) CreateProject(ctx context.Context, req *CreateProjectRequest) (*Project, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	p := new(Project)
	if err := s.call(ctx, createProject, req, p); err != nil {
		return nil, err
	}
	return p, nil
}

// transferBody is the body of PATCH /projects/{projectId}: the spec's
// ProjectPatch, whose one field, createdBy, is required.
type transferBody struct {
	CreatedBy string `json:"createdBy"`
}

// TransferProject hands a project to another user of the organization and
// returns the project as it now is. ownerID is the new owner's user ID
// (UUID), not the username: the same kind of value as Project.CreatedBy and
// WithOwnerID. Only the project's owner or an organization administrator may
// do it (the spec: "CreatedBy is only editable by the Project Owner or
// Organization Admins").
//
// This is all the spec's PATCH offers: its body, ProjectPatch, has the one
// field createdBy. The spec has no call that renames a project or changes
// its description, so the SDK offers none.
//
// Spec: api-designer-experience api.yaml, patchProjectsByProjectid
// (ProjectPatch: createdBy required).
//
// PATCH /designcenter/api-designer/projects/{projectId} (api-designer-experience patchProjectsByProjectid): scope edit:design_center (docs).
func (s *Service) TransferProject(ctx context.Context, projectID, ownerID string) (*Project, error) {
	if err := service.RequireID("projectID", projectID); err != nil {
		return nil, err
	}
	if err := service.RequireID("ownerID", ownerID); err != nil {
		return nil, err
	}
	p := new(Project)
	if err := s.call(ctx, transferProject, transferBody{CreatedBy: ownerID}, p, projectID); err != nil {
		return nil, err
	}
	return p, nil
}

// DeleteProject deletes a project with all its branches and files.
//
// Spec: api-designer-experience api.yaml, deleteProjectsByProjectid (204).
//
// DELETE /designcenter/api-designer/projects/{projectId} (api-designer-experience deleteProjectsByProjectid): scope edit:design_center (docs).
func (s *Service) DeleteProject(ctx context.Context, projectID string) error {
	if err := service.RequireID("projectID", projectID); err != nil {
		return err
	}
	return s.call(ctx, deleteProject, nil, nil, projectID)
}

// checkProjectName refuses a blank name: the spec requires one. (It sets
// no length limit, so none is checked here.)
func checkProjectName(name string) error {
	if strings.TrimSpace(name) == "" {
		return &anypoint.ValidationError{Field: "Name", Reason: "must not be empty"}
	}
	return nil
}
