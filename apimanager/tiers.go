package apimanager

import (
	"context"
	"fmt"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"iter"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Tier is an SLA tier of an API instance: the limits a client
// application's contract grants.
type Tier struct {
	// ID is the tier's ID.
	ID int `json:"id"`
	// Name is its name.
	Name string `json:"name"`
	// Description says what it is for.
	Description string `json:"description"`
	// Status is "ACTIVE" or "DEPRECATED".
	Status string `json:"status"`
	// AutoApprove approves contracts that ask for the tier at once;
	// otherwise they wait for ApproveContract.
	AutoApprove bool `json:"autoApprove"`
	// Limits are its request windows.
	Limits []TierLimit `json:"limits"`
	// APIID is the instance the tier belongs to.
	APIID int `json:"apiId"`
	// OrganizationID is its business group.
	OrganizationID string `json:"organizationId"`
	// MasterOrganizationID is its root organization.
	MasterOrganizationID string `json:"masterOrganizationId"`
	// Audit holds its dates.
	Audit Audit `json:"audit"`
}

// TierLimit is one request window of a tier.
type TierLimit struct {
	// Visible shows the limit to API consumers in Exchange.
	Visible bool `json:"visible"`
	// MaximumRequests is how many requests the window lets through.
	MaximumRequests int `json:"maximumRequests"`
	// TimePeriodInMilliseconds is the window's length.
	TimePeriodInMilliseconds int `json:"timePeriodInMilliseconds"`
}

// TierRequest creates or replaces a tier (the spec's tierPOST and tierPUT).
type TierRequest struct {
	// Name is the tier's name; required.
	Name string `json:"name"`
	// Description says what it is for.
	Description string `json:"description,omitempty"`
	// Status is "ACTIVE" (the default when empty) or "DEPRECATED".
	Status string `json:"status"`
	// AutoApprove approves contracts for the tier at once.
	AutoApprove bool `json:"autoApprove"`
	// Limits are its request windows; at least one.
	Limits []TierLimit `json:"limits"`
}

func (r *TierRequest) body() (*TierRequest, error) {
	if r == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if strings.TrimSpace(r.Name) == "" {
		return nil, &anypoint.ValidationError{Field: "Name", Reason: "is required"}
	}
	b := *r
	switch b.Status {
	case "":
		b.Status = "ACTIVE"
	case "ACTIVE", "DEPRECATED":
	default:
		return nil, &anypoint.ValidationError{Field: "Status", Reason: `must be "ACTIVE" or "DEPRECATED"`}
	}
	if len(b.Limits) == 0 {
		return nil, &anypoint.ValidationError{Field: "Limits", Reason: "needs at least one limit"}
	}
	for i, l := range b.Limits {
		if l.MaximumRequests <= 0 {
			return nil, &anypoint.ValidationError{Field: fmt.Sprintf("Limits[%d].MaximumRequests", i), Reason: "must be positive"}
		}
		if l.TimePeriodInMilliseconds <= 0 {
			return nil, &anypoint.ValidationError{Field: fmt.Sprintf("Limits[%d].TimePeriodInMilliseconds", i), Reason: "must be positive"}
		}
	}
	return &b, nil
}

// ListTiersOptions filter and page ListTiers.
type ListTiersOptions struct {
	anypoint.ListOptions
	// Active lists only the active tiers.
	Active bool `url:"active,omitempty"`
	// Query is a search text.
	Query string `url:"query,omitempty"`
	// Sort is the property to sort by.
	Sort string `url:"sort,omitempty"`
	// Ascending is the sort order.
	Ascending *bool `url:"ascending,omitempty"`
}

// maxTiersLimit is the spec's largest page of tiers and contracts.
const maxTiersLimit = 250

// ListTiers returns one page of an instance's SLA tiers (at most 250).
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/tiers (api-manager listOrganizationsEnvironmentsApisTiers): scope read:api_contracts (spec).
func (s *Service) ListTiers(ctx context.Context, orgID, envID string, instanceID int, opts *ListTiersOptions) (*anypoint.Page[Tier], error) {
	var lo anypoint.ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	return instanceList[Tier](ctx, s, listTiers, "tiers", orgID, envID, instanceID, lo, opts)
}

// instanceList returns one page of an instance's list that the answer
// holds under member (its tiers, its contracts), as the page options lo
// ask, at most maxTiersLimit items.
func instanceList[T any](ctx context.Context, s *Service, ep *endpoint.Endpoint, member, orgID, envID string, instanceID int, lo anypoint.ListOptions, query any) (*anypoint.Page[T], error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	if err := service.CheckPage(lo, maxTiersLimit); err != nil {
		return nil, err
	}
	return service.ListMember[T](ctx, s.client, service.At(ep, args...).WithQuery(query), member, service.PageBound(lo.Limit, maxTiersLimit))
}

// AllTiers walks every tier of an instance, fetching pages as the loop
// asks for them.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/tiers (api-manager listOrganizationsEnvironmentsApisTiers): scope read:api_contracts (spec).
func (s *Service) AllTiers(ctx context.Context, orgID, envID string, instanceID int, opts *ListTiersOptions) iter.Seq2[Tier, error] {
	return service.All(ctx, opts, 100, func(o *ListTiersOptions) *anypoint.ListOptions { return &o.ListOptions },
		func(ctx context.Context, o *ListTiersOptions) (*anypoint.Page[Tier], error) {
			return s.ListTiers(ctx, orgID, envID, instanceID, o)
		})
}

// CreateTier adds an SLA tier to an instance.
//
// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/tiers (api-manager createOrganizationsEnvironmentsApisTiers): scope manage:api_contracts (spec).
func (s *Service) CreateTier(ctx context.Context, orgID, envID string, instanceID int, req *TierRequest) (*Tier, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	body, err := req.body()
	if err != nil {
		return nil, err
	}
	var t Tier
	if err := s.call(ctx, createTier, nil, body, &t, args...); err != nil {
		return nil, err
	}
	return &t, nil
}

// UpdateTier replaces a tier's settings.
//
// PUT /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/tiers/{tierId} (api-manager updateOrganizationsEnvironmentsApisTiers): scope manage:api_contracts (spec).
func (s *Service) UpdateTier(ctx context.Context, orgID, envID string, instanceID, tierID int, req *TierRequest) (*Tier, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "tierID", tierID)
	if err != nil {
		return nil, err
	}
	body, err := req.body()
	if err != nil {
		return nil, err
	}
	var t Tier
	if err := s.call(ctx, updateTier, nil, body, &t, args...); err != nil {
		return nil, err
	}
	return &t, nil
}

// DeleteTier deletes a tier.
//
// DELETE /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/tiers/{tierId} (api-manager deleteOrganizationsEnvironmentsApisTiers): scope manage:api_contracts (spec).
func (s *Service) DeleteTier(ctx context.Context, orgID, envID string, instanceID, tierID int) error {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "tierID", tierID)
	if err != nil {
		return err
	}
	return s.call(ctx, deleteTier, nil, nil, nil, args...)
}
