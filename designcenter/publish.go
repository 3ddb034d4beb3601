package designcenter

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// The lifecycle states of a published asset, the enum of the spec's
// PublishExchange.status.
const (
	AssetStatusPublished   = "published"
	AssetStatusDevelopment = "development"
)

// The classifiers an asset can be published as, the enum of the spec's
// PublishExchange.classifier: the same three values as a project's.
var publishClassifiers = []string{ClassifierOAS, ClassifierRAML, ClassifierRAMLFragment}

var assetStatuses = []string{AssetStatusDevelopment, AssetStatusPublished}

// semver is the shape of PublishExchange.version, which the spec says "must
// follow Semver syntax".
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// PublishToExchangeRequest describes the Exchange asset a branch is published as: the
// fields of the spec's PublishExchange schema. Every field the spec
// requires is sent; PublishToExchange refuses an empty one before any
// request (GroupID aside, which it fills in).
type PublishToExchangeRequest struct {
	// Name is the asset's display name in Exchange. Required.
	Name string `json:"name"`
	// APIVersion is the API's version as the specification states it, such
	// as "v1". Required.
	APIVersion string `json:"apiVersion"`
	// Version is the asset's semantic version, such as "1.0.0". Required,
	// and it must be a semantic version.
	Version string `json:"version"`
	// Tags are Exchange tags for the asset. The spec requires the field; nil
	// is sent as an empty list.
	Tags []string `json:"tags"`
	// Main is the root file of the specification, such as "api.raml".
	// Required.
	Main string `json:"main"`
	// AssetID identifies the asset within its group, such as
	// "orders-api". Required.
	AssetID string `json:"assetId"`
	// GroupID is the business group the asset is published to (the spec
	// requires it). When empty, PublishToExchange fills in the organization
	// the service works in.
	GroupID string `json:"groupId"`
	// Classifier is the asset's language: ClassifierRAML, ClassifierOAS or
	// ClassifierRAMLFragment. Required.
	Classifier string `json:"classifier"`
	// IsVisual is true for a project made in the visual editor. The spec
	// requires the field; it is always sent.
	IsVisual bool `json:"isVisual"`
	// Status is the asset's lifecycle state: AssetStatusPublished or
	// AssetStatusDevelopment. Required.
	Status string `json:"status"`
	// PublishList names project files that the root file does not
	// reference but the asset should include, such as "exchange.json".
	// Optional.
	PublishList []string `json:"publishList,omitempty"`
	// OriginalFormatVersion is the version of the specification's format,
	// such as "1.0" for RAML 1.0. Optional.
	OriginalFormatVersion string `json:"originalFormatVersion,omitempty"`
}

// PublicationMetadata names the project and branch an asset was published
// from.
type PublicationMetadata struct {
	// ProjectID is the Design Center project's ID; PublishToExchange
	// fills it from the call's project.
	ProjectID string `json:"projectId"`
	// BranchID is the branch published from, such as "master";
	// PublishToExchange fills it from the call's branch.
	BranchID string `json:"branchId"`
}

// publishBody is the body PublishToExchange sends: the caller's fields, and
// the spec's optional metadata, which the SDK fills from the call's project
// and branch as production deployers send it (avioconsulting/mule-deploy-library,
// DesignCenterDeployer.pushToExchange).
type publishBody struct {
	PublishToExchangeRequest
	Metadata PublicationMetadata `json:"metadata"`
}

// Publication is the Exchange asset a publish created: the spec's
// PublishResponse.
type Publication struct {
	// OrganizationID is the organization the asset was published to.
	OrganizationID string `json:"organizationId"`
	// GroupID, AssetID and Version are the asset's coordinates in Exchange.
	GroupID string `json:"groupId"`
	// AssetID identifies the asset within its group.
	AssetID string `json:"assetId"`
	// Version is the asset version published, such as "1.0.0".
	Version string `json:"version"`
	// APIVersion is the API's version, such as "v1".
	APIVersion string `json:"apiVersion"`
	// VersionGroup is the asset's version group in Exchange, such as "v1".
	VersionGroup string `json:"versionGroup"`
	// Main is the specification's root file.
	Main string `json:"main"`
	// Classifier is the asset's language, such as "raml".
	Classifier string `json:"classifier"`
	// Name is the asset's display name.
	Name string `json:"name"`
	// Type is the kind of asset Exchange made, such as "rest-api".
	Type string `json:"type"`
	// OriginalFormatVersion is the version of the specification's format.
	OriginalFormatVersion string `json:"originalFormatVersion"`
	// Dependencies are the project's dependencies included in the asset.
	Dependencies []string `json:"dependencies"`
	// Metadata names the project and branch published.
	Metadata PublicationMetadata `json:"metadata"`
}

func (r *PublishToExchangeRequest) validate() error {
	if r == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	for _, f := range []struct{ name, v string }{
		{"Name", r.Name}, {"APIVersion", r.APIVersion}, {"Version", r.Version},
		{"Main", r.Main}, {"AssetID", r.AssetID},
	} {
		if strings.TrimSpace(f.v) == "" {
			return &anypoint.ValidationError{Field: f.name, Reason: "must not be empty (the spec requires it)"}
		}
	}
	if !semver.MatchString(r.Version) {
		return &anypoint.ValidationError{Field: "Version", Reason: fmt.Sprintf("%q is not a semantic version such as 1.0.0 (the spec: \"must follow Semver syntax\")", r.Version)}
	}
	if err := oneOf("Classifier", r.Classifier, publishClassifiers, true); err != nil {
		return err
	}
	return oneOf("Status", r.Status, assetStatuses, true)
}

// PublishToExchange publishes the committed state of a branch to Exchange
// as a new asset version. Every field the spec requires is checked before
// anything is sent; the body also carries metadata {projectId, branchId}
// from projectID and branch. Publishing a version that exists gives an error
// from the platform.
//
// Spec: api-designer-experience api.yaml,
// createProjectsByProjectidBranchesByBranchPublishExchange (PublishExchange:
// name, apiVersion, version, tags, main, assetId, groupId, classifier,
// isVisual, status required; 200 PublishResponse).
//
// POST /designcenter/api-designer/projects/{projectId}/branches/{branch}/publish/exchange (api-designer-experience createProjectsByProjectidBranchesByBranchPublishExchange): scope edit:design_center (docs).
func (s *Service) PublishToExchange(ctx context.Context, projectID, branch string, req *PublishToExchangeRequest) (*Publication, error) {
	if err := checkBranch(projectID, branch); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	body := publishBody{PublishToExchangeRequest: *req, Metadata: PublicationMetadata{ProjectID: projectID, BranchID: branch}}
	if body.Tags == nil {
		body.Tags = []string{}
	}
	if body.GroupID == "" {
		id, err := s.identity(ctx)
		if err != nil {
			return nil, err
		}
		body.GroupID = id.orgID
	}
	pub := new(Publication)
	if err := s.call(ctx, publish, &body, pub, projectID, branch); err != nil {
		return nil, err
	}
	return pub, nil
}
