package accounts

import (
	"context"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// EnvironmentType is the kind of an environment.
type EnvironmentType string

// The environment types the platform knows.
const (
	// Production environments run live applications; IsProduction is true
	// for them.
	Production EnvironmentType = "production"
	// Sandbox environments are for development and testing.
	Sandbox EnvironmentType = "sandbox"
	// Design is the environment Design Center and Flow Designer run
	// applications in while they are being built.
	Design EnvironmentType = "design"
)

// Environment is an environment of an organization or business group.
type Environment struct {
	// ID is the environment's UUID, the envID of GetEnvironment and of
	// other packages' calls.
	ID string `json:"id"`
	// OrganizationID is the organization or business group the
	// environment belongs to.
	OrganizationID string `json:"organizationId"`
	// Name is the environment's display name, such as "Development".
	Name string `json:"name"`
	// IsProduction is true for a production environment.
	IsProduction bool `json:"isProduction"`
	// Type is Production, Sandbox or Design. The spec types it as a plain
	// string, so other values may come back.
	Type EnvironmentType `json:"type"`
	// ClientID is the environment's own client ID, which Mule runtimes use
	// to reach the platform on the environment's behalf.
	ClientID string `json:"clientId"`
}

// Page sizes of the environments endpoint.
const (
	// MaxEnvironmentsLimit is the largest page ListEnvironments may ask for;
	// the platform refuses more.
	MaxEnvironmentsLimit = 500
	// DefaultAllEnvironmentsLimit is the page size AllEnvironments asks for
	// when opts.Limit is zero. It is larger than the platform's default of
	// 25 so that walking an organization takes fewer round trips, while a
	// page stays small enough to answer quickly.
	DefaultAllEnvironmentsLimit = 100
)

// ListEnvironmentsOptions filters and pages ListEnvironments and
// AllEnvironments. The zero value lists every environment.
type ListEnvironmentsOptions struct {
	// Name keeps the environments with this name.
	Name string `url:"name,omitempty"`
	// Type keeps the environments of one type.
	Type EnvironmentType `url:"type,omitempty"`
	// IsProduction, when set, keeps only production (true) or only
	// non-production (false) environments. It is a pointer because false
	// is a filter of its own, different from no filter.
	IsProduction *bool `url:"isProduction,omitempty"`
	// Search is a free-text filter. The platform documents the parameter
	// but not how it matches (presumably part of the name: not confirmed).
	Search string `url:"search,omitempty"`

	// ListOptions pages the list. Limit is at most MaxEnvironmentsLimit;
	// zero takes the platform's default of 25 for ListEnvironments and
	// DefaultAllEnvironmentsLimit for AllEnvironments.
	anypoint.ListOptions
}

func (o *ListEnvironmentsOptions) validate() error {
	if o == nil {
		return nil
	}
	return service.CheckPage(o.ListOptions, MaxEnvironmentsLimit)
}

// ListEnvironments returns one page of the environments of organization or
// business group orgID. opts may be nil. A Limit over MaxEnvironmentsLimit
// is refused before any request is sent. Use AllEnvironments to walk every
// page.
//
// Spec: access-management api.yaml, listEnvironments (query name,
// isProduction, type, search, offset, limit: at most 500, default 25).
//
// GET /accounts/api/organizations/{organizationId}/environments (access-management listEnvironments): scope view:environment (docs).
func (s *Service) ListEnvironments(ctx context.Context, orgID string, opts *ListEnvironmentsOptions) (*anypoint.Page[Environment], error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var limit int
	if opts != nil {
		limit = opts.Limit
	}
	// A page of more environments than asked for is refused unread.
	return service.ListPage[Environment](ctx, s.client, service.At(listEnvironments, orgID).WithQuery(opts), service.DataTotal, service.PageBound(limit, MaxEnvironmentsLimit))
}

// AllEnvironments walks every environment of organization or business group
// orgID that matches opts' filters, fetching a page only when the loop gets
// to it. It starts at opts.Offset and asks for opts.Limit environments a
// page (DefaultAllEnvironmentsLimit when zero). opts may be nil; it is read
// once, when AllEnvironments is called, and never modified, so the caller
// may reuse it while the walk runs.
//
// An error (a refused opts, a failed page) is yielded once, with a zero
// Environment, and ends the walk; items of earlier pages have already been
// yielded by then.
//
// Spec: access-management api.yaml, listEnvironments, page after page.
//
// GET /accounts/api/organizations/{organizationId}/environments (access-management listEnvironments): scope view:environment (docs).
func (s *Service) AllEnvironments(ctx context.Context, orgID string, opts *ListEnvironmentsOptions) iter.Seq2[Environment, error] {
	var filters ListEnvironmentsOptions
	if opts != nil {
		filters = *opts
		if opts.IsProduction != nil {
			// Take the filter's value now, so the walk does not change
			// if the caller reuses opts while it runs.
			isProd := *opts.IsProduction
			filters.IsProduction = &isProd
		}
	}
	return service.All(ctx, &filters, DefaultAllEnvironmentsLimit, func(o *ListEnvironmentsOptions) *anypoint.ListOptions { return &o.ListOptions },
		func(ctx context.Context, o *ListEnvironmentsOptions) (*anypoint.Page[Environment], error) {
			return s.ListEnvironments(ctx, orgID, o)
		})
}

// GetEnvironment returns environment envID of organization or business group
// orgID.
//
// GET /accounts/api/organizations/{organizationId}/environments/{environmentId} (access-management getOrganizationEnvironment): scope view:environment (docs).
func (s *Service) GetEnvironment(ctx context.Context, orgID, envID string) (*Environment, error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	if err := service.RequireID("envID", envID); err != nil {
		return nil, err
	}
	env := new(Environment)
	if err := s.call(ctx, getEnvironment, nil, env, orgID, envID); err != nil {
		return nil, err
	}
	return env, nil
}
