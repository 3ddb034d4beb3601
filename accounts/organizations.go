package accounts

import (
	"context"
	"encoding/json"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Organization is an Anypoint organization: the root organization of an
// account or one of its business groups.
//
// CreatedAt and UpdatedAt are read from any date form MuleSoft's specs show:
// the access-management spec's examples write them as
// "2015-03-13 18:03:23.869000+00:00" (getOrganizations), elsewhere as RFC
// 3339; epoch milliseconds are read too. Another form fails the call with an
// *anypoint.DecodeError.
type Organization struct {
	// ID is the organization's UUID, the orgID of the other calls.
	ID string `json:"id"`
	// Name is the organization's display name.
	Name string `json:"name"`
	// CreatedAt is when the organization was created.
	CreatedAt anypoint.Time `json:"createdAt"`
	// UpdatedAt is when the organization last changed.
	UpdatedAt anypoint.Time `json:"updatedAt"`
	// OwnerID is the ID of the user who owns the organization.
	OwnerID string `json:"ownerId"`
	// ClientID is the organization's client ID.
	ClientID string `json:"clientId"`
	// Domain is the organization's domain name, such as "mordues-sundays"
	// in the spec's example.
	Domain string `json:"domain"`
	// IsFederated is true when the organization signs its users in through
	// a federated identity provider.
	IsFederated bool `json:"isFederated"`
	// IsRoot is true for the root organization of the hierarchy, false for
	// a business group.
	IsRoot bool `json:"isRoot"`
	// IsMaster is true for the master organization; the spec says no more
	// than that.
	IsMaster bool `json:"isMaster"`
	// ParentOrganizationIDs are the IDs of the organizations above this
	// one in the hierarchy; empty for the root.
	ParentOrganizationIDs []string `json:"parentOrganizationIds"`
	// SubOrganizationIDs are the IDs of the business groups directly below
	// this one.
	SubOrganizationIDs []string `json:"subOrganizationIds"`
	// TenantOrganizationIDs are the IDs of the tenant organizations
	// associated with this one (empty in the spec's examples).
	TenantOrganizationIDs []string `json:"tenantOrganizationIds"`
	// Environments are the environments of the organization or business
	// group.
	Environments []Environment `json:"environments"`
	// Owner is the user who owns the organization.
	Owner User `json:"owner"`
	// Entitlements is the organization's subscription (vCores, features,
	// limits) as the platform sends it. Its shape is undocumented and
	// varies between subscriptions, so it is kept raw: decode the parts you
	// need yourself.
	Entitlements json.RawMessage `json:"entitlements,omitempty"`
}

// GetOrganization returns the organization or business group orgID, with its
// environments.
//
// The scope is not documented by the platform; the SDK assumes View
// Organization or Edit Organization (not confirmed).
//
// GET /accounts/api/organizations/{organizationId} (access-management getOrganizations): scope read:organization or edit:organization (assumed).
func (s *Service) GetOrganization(ctx context.Context, orgID string) (*Organization, error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	org := new(Organization)
	if err := s.call(ctx, getOrganization, nil, org, orgID); err != nil {
		return nil, err
	}
	return org, nil
}
