package accounts

import (
	"context"
	"errors"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// BusinessGroup is one node of an organization's hierarchy: the root
// organization or a business group, with the business groups below it.
//
// CreatedAt and UpdatedAt are read from any date form MuleSoft's specs show
// (the access-management spec's listHierarchy example writes
// "2015-03-13 18:03:23.869000+00:00"; RFC 3339 and epoch milliseconds are
// read too).
type BusinessGroup struct {
	// ID is the organization's or business group's UUID.
	ID string `json:"id"`
	// Name is its display name.
	Name string `json:"name"`
	// ParentID is the business group directly above this one; empty for
	// the root. When the platform leaves it out of a nested group,
	// Hierarchy fills it in from the tree.
	ParentID string `json:"parentId,omitempty"`
	// IsRoot is true for the root organization of the hierarchy.
	IsRoot bool `json:"isRoot"`
	// IsMaster is true for the master organization; the spec says no
	// more than that.
	IsMaster bool `json:"isMaster"`
	// OwnerID is the ID of the user who owns the business group.
	OwnerID string `json:"ownerId"`
	// ClientID is the business group's client ID.
	ClientID string `json:"clientId"`
	// Domain is the organization's domain name, such as "mordues-sundays"
	// in the spec's example; empty when the platform leaves it out.
	Domain string `json:"domain,omitempty"`
	// CreatedAt is when the business group was created.
	CreatedAt anypoint.Time `json:"createdAt"`
	// UpdatedAt is when the business group last changed.
	UpdatedAt anypoint.Time `json:"updatedAt"`
	// ParentOrganizationIDs are the IDs of the business groups above this
	// one, its ancestors in the hierarchy; empty for the root.
	ParentOrganizationIDs []string `json:"parentOrganizationIds"`
	// SubOrganizationIDs are the IDs of the business groups directly below
	// this one.
	SubOrganizationIDs []string `json:"subOrganizationIds"`
	// TenantOrganizationIDs are the IDs of the tenant organizations
	// associated with this one (empty in the spec's examples).
	TenantOrganizationIDs []string `json:"tenantOrganizationIds"`
	// EnvironmentsCount is how many environments the business group has.
	EnvironmentsCount int `json:"environmentsCount"`
	// SubOrganizations are the business groups directly below this one.
	SubOrganizations []*BusinessGroup `json:"subOrganizations"`
}

// Hierarchy returns the tree of business groups rooted at organization or
// business group orgID. Walk, All and Find traverse it.
//
// The scope is not documented by the platform; the SDK assumes View
// Organization or Edit Organization (not confirmed).
//
// GET /accounts/api/organizations/{organizationId}/hierarchy (access-management listHierarchy): scope read:organization or edit:organization (assumed).
func (s *Service) Hierarchy(ctx context.Context, orgID string) (*BusinessGroup, error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	root := new(BusinessGroup)
	if err := s.call(ctx, getHierarchy, nil, root, orgID); err != nil {
		return nil, err
	}
	_ = root.Walk(func(g *BusinessGroup, _ int) error {
		for _, sub := range g.SubOrganizations {
			if sub != nil && sub.ParentID == "" {
				sub.ParentID = g.ID
			}
		}
		return nil
	})
	return root, nil
}

// SkipChildren is returned by a Walk callback to skip the business groups
// below the one just visited; the walk goes on with the next one. It is
// never returned by Walk.
//
//lint:ignore ST1012 a control-flow sentinel, named like fs.SkipDir.
var SkipChildren = errors.New("skip the business groups below this one")

// Walk calls fn for g and every business group below it, depth first, a
// parent before its children, children in the platform's order. depth is 0
// for g, 1 for its direct children, and so on.
//
// If fn returns SkipChildren, Walk does not descend below that group. If fn
// returns any other error, Walk stops and returns it. Walk on a nil
// *BusinessGroup does nothing.
func (g *BusinessGroup) Walk(fn func(g *BusinessGroup, depth int) error) error {
	return g.walk(fn, 0)
}

func (g *BusinessGroup) walk(fn func(*BusinessGroup, int) error, depth int) error {
	if g == nil {
		return nil
	}
	if err := fn(g, depth); err != nil {
		if err == SkipChildren {
			return nil
		}
		return err
	}
	for _, sub := range g.SubOrganizations {
		if err := sub.walk(fn, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// All returns an iterator over g and every business group below it, in the
// order Walk visits them.
func (g *BusinessGroup) All() iter.Seq[*BusinessGroup] {
	return func(yield func(*BusinessGroup) bool) {
		stop := errors.New("stop")
		_ = g.Walk(func(g *BusinessGroup, _ int) error {
			if !yield(g) {
				return stop
			}
			return nil
		})
	}
}

// Find returns the business group with ID id, g itself or one below it, or
// nil when the tree holds none.
func (g *BusinessGroup) Find(id string) *BusinessGroup {
	for bg := range g.All() {
		if bg.ID == id {
			return bg
		}
	}
	return nil
}
