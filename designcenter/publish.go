package designcenter

import (
	"context"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// PublishRequest describes the Exchange asset a branch is published as.
type PublishRequest struct {
	// Name is the asset's display name in Exchange.
	Name string `json:"name"`
	// APIVersion is the API's major version, such as "v1".
	APIVersion string `json:"apiVersion,omitempty"`
	// Version is the asset's semantic version, such as "1.0.0". Required.
	Version string `json:"version"`
	// Main is the root file of the specification, such as "api.raml".
	Main string `json:"main,omitempty"`
	// AssetID identifies the asset within its group, such as
	// "orders-api". Required.
	AssetID string `json:"assetId"`
	// GroupID is the Exchange group: the ID of the business group the asset
	// belongs to. When empty, PublishToExchange fills in the organization
	// the service works in.
	GroupID string `json:"groupId"`
	// Classifier is the kind of asset: ClassifierRAML, ClassifierOAS, …
	Classifier string `json:"classifier,omitempty"`
	// Tags are Exchange tags for the asset.
	Tags []string `json:"tags,omitempty"`
}

// Publication is the Exchange asset a publish created.
type Publication struct {
	// OrganizationID is the organization that owns the asset.
	OrganizationID string `json:"organizationId"`
	// GroupID, AssetID and Version are the asset's coordinates in Exchange.
	GroupID string `json:"groupId"`
	AssetID string `json:"assetId"`
	Version string `json:"version"`
	// APIVersion is the API's major version, such as "v1".
	APIVersion string `json:"apiVersion"`
	// Main is the specification's root file.
	Main string `json:"main"`
	// Classifier is the kind of asset, such as "raml".
	Classifier string `json:"classifier"`
}

// PublishToExchange publishes the committed state of a branch to Exchange
// as a new asset version. Publishing a version that exists gives an error
// from the platform.
//
// POST /designcenter/api-designer/projects/{projectId}/branches/{branch}/publish/exchange — scope edit:design_center.
func (s *Service) PublishToExchange(ctx context.Context, projectID, branch string, req *PublishRequest) (*Publication, error) {
	if err := checkBranch(projectID, branch); err != nil {
		return nil, err
	}
	switch {
	case req == nil:
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	case strings.TrimSpace(req.AssetID) == "":
		return nil, &anypoint.ValidationError{Field: "AssetID", Reason: "must not be empty"}
	case strings.TrimSpace(req.Version) == "":
		return nil, &anypoint.ValidationError{Field: "Version", Reason: "must not be empty"}
	}
	body := *req
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
