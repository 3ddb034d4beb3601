package apimanager

import (
	"context"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// Upstream is a service a Flex Gateway instance routes requests to.
type Upstream struct {
	// ID is the upstream's ID (a UUID).
	ID string `json:"id"`
	// Label names it; empty when it has none.
	Label string `json:"label"`
	// URI is the service's URL.
	URI string `json:"uri"`
}

// UpstreamRequest creates or changes an upstream (the spec's upstreamPOST
// and upstreamPATCH); empty fields are not sent.
type UpstreamRequest struct {
	// URI is the service's URL; required to create one.
	URI string `json:"uri,omitempty"`
	// Label names it.
	Label string `json:"label,omitempty"`
}

// ListUpstreams returns the upstreams of a Flex Gateway instance.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/upstreams (api-manager listOrganizationsEnvironmentsApisUpstreams): scope read:api_configuration (spec).
func (s *Service) ListUpstreams(ctx context.Context, orgID, envID string, instanceID int) ([]Upstream, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	var v struct {
		Upstreams []Upstream `json:"upstreams"`
	}
	if err := s.call(ctx, listUps, nil, nil, &v, args...); err != nil {
		return nil, err
	}
	if v.Upstreams == nil {
		v.Upstreams = []Upstream{}
	}
	return v.Upstreams, nil
}

// GetUpstream returns one upstream of an instance.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/upstreams/{upstreamId} (api-manager getOrganizationsEnvironmentsApisUpstreams): scope read:api_configuration (spec).
func (s *Service) GetUpstream(ctx context.Context, orgID, envID string, instanceID int, upstreamID string) (*Upstream, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "upstreamID", upstreamID)
	if err != nil {
		return nil, err
	}
	var u Upstream
	if err := s.call(ctx, getUps, nil, nil, &u, args...); err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUpstream adds an upstream to a Flex Gateway instance.
//
// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/upstreams (api-manager createOrganizationsEnvironmentsApisUpstreams): scope manage:api_configuration (spec).
func (s *Service) CreateUpstream(ctx context.Context, orgID, envID string, instanceID int, req *UpstreamRequest) (*Upstream, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if strings.TrimSpace(req.URI) == "" {
		return nil, &anypoint.ValidationError{Field: "URI", Reason: "is required"}
	}
	var u Upstream
	if err := s.call(ctx, createUps, nil, req, &u, args...); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUpstream changes the URI or label of an upstream.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/upstreams/{upstreamId} (api-manager updateOrganizationsEnvironmentsApisUpstreams): scope manage:api_configuration (spec).
func (s *Service) UpdateUpstream(ctx context.Context, orgID, envID string, instanceID int, upstreamID string, req *UpstreamRequest) (*Upstream, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "upstreamID", upstreamID)
	if err != nil {
		return nil, err
	}
	if req == nil || *req == (UpstreamRequest{}) {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "changes nothing"}
	}
	var u Upstream
	if err := s.call(ctx, patchUps, nil, req, &u, args...); err != nil {
		return nil, err
	}
	return &u, nil
}

// DeleteUpstream removes an upstream from an instance.
//
// DELETE /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/upstreams/{upstreamId} (api-manager deleteOrganizationsEnvironmentsApisUpstreams): scope manage:api_configuration (spec).
func (s *Service) DeleteUpstream(ctx context.Context, orgID, envID string, instanceID int, upstreamID string) error {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "upstreamID", upstreamID)
	if err != nil {
		return err
	}
	return s.call(ctx, deleteUps, nil, nil, nil, args...)
}
