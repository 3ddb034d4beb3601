package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/jsonlist"
	"github.com/anypoint-go/anypoint/internal/service"
	"github.com/anypoint-go/anypoint/scopes"
)

// MaxScopesLimit is the largest page GET …/connectedApplications/{clientId}/scopes
// serves (its default is 25).
const MaxScopesLimit = 500

// MaxAppScopes is the most scopes the platform lets one app hold; SetScopes,
// AddScopes and RemoveScopes refuse more grants than that in one call.
const MaxAppScopes = 1000

// scopeGrantWire is a scopes.Grant as the Connected Apps API writes it:
// {"scope":"…","context_params":{"org":"…","envId":"…"}}.
type scopeGrantWire struct {
	Scope   scopes.Scope      `json:"scope"`
	Context scopeGrantWireCtx `json:"context_params"`
}

type scopeGrantWireCtx struct {
	Org   string `json:"org"`
	EnvID string `json:"envId,omitempty"`
}

type scopeGrantsBody struct {
	Scopes []scopeGrantWire `json:"scopes"`
}

// scopeGrantPage decodes the answer of GET …/{clientId}/scopes. MuleSoft's
// spec (listConnectedApplicationsScopes) documents {"data":[…],"total":N};
// MuleSoft's Terraform provider decodes {"scopes":[…]}
// (internal/client/accessmanagement/connectedappscopes.go), although its
// own Read notes that "the GET endpoint may return an empty list even when
// scopes exist (e.g., different response envelope)", which is what decoding
// one shape while the other arrives does. Both are read; the second, which
// carries no total, is taken as the rest of the list. Any other answer is
// an error (an *anypoint.DecodeError from the client), never an empty list.
// maxScopesPerApp is the most scopes the platform lets an app hold.
const maxScopesPerApp = 1000

type scopeGrantPage struct {
	data     []scopeGrantWire
	total    int
	hasTotal bool
	max      int // the most grants a page may hold
}

func (p *scopeGrantPage) UnmarshalJSON(b []byte) error {
	// {"scopes":[…]} is the whole list, unpaged: it holds at most what an
	// app may hold.
	data, scopes := jsonlist.List[scopeGrantWire]{Max: p.max}, jsonlist.List[scopeGrantWire]{Max: maxScopesPerApp}
	w := struct {
		Data   *jsonlist.List[scopeGrantWire] `json:"data"`
		Total  *int                           `json:"total"`
		Scopes *jsonlist.List[scopeGrantWire] `json:"scopes"`
	}{Data: &data, Scopes: &scopes}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("anypoint: the scopes of an app: %w", err)
	}
	switch {
	case data.Present:
		*p = scopeGrantPage{data: data.Items}
		if w.Total != nil {
			p.total, p.hasTotal = *w.Total, true
		}
	case scopes.Present:
		*p = scopeGrantPage{data: scopes.Items}
	default:
		return fmt.Errorf("anypoint: the scopes of an app: the answer %s is neither {\"data\":[…],\"total\":N} nor {\"scopes\":[…]}", clipJSON(bytes.TrimSpace(b)))
	}
	return nil
}

// ListScopesOptions page ListScopes and AllScopes.
type ListScopesOptions struct {
	// Offset and Limit page the list; Limit is at most MaxScopesLimit.
	// Zero takes the platform's default (25) for ListScopes and
	// MaxScopesLimit for AllScopes.
	anypoint.ListOptions
}

// ListScopes returns one page of the scopes granted to a client-credentials
// app, each with the organization and environment it is granted in. opts
// may be nil; a Limit above MaxScopesLimit is refused before sending. Other
// context parameters the platform may attach to a grant are dropped. Use
// AllScopes to walk every page.
//
// The answer is read in the spec's shape, {"data":[…],"total":N}, or as
// {"scopes":[…]}, the shape MuleSoft's Terraform provider decodes (taken as
// the whole rest of the list); anything else is an *anypoint.DecodeError,
// never an empty page.
//
// GET /accounts/api/connectedApplications/{clientId}/scopes (access-management listConnectedApplicationsScopes): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) ListScopes(ctx context.Context, clientID string, opts *ListScopesOptions) (*anypoint.Page[scopes.Grant], error) {
	if err := requireID("clientID", clientID); err != nil {
		return nil, err
	}
	var o ListScopesOptions
	if opts != nil {
		o = *opts
	}
	if err := checkListOptions(o.ListOptions, MaxScopesLimit); err != nil {
		return nil, err
	}
	wire := scopeGrantPage{max: service.PageBound(o.Limit, MaxScopesLimit)}
	if err := s.call(ctx, listAppScopes, o, nil, &wire, clientID); err != nil {
		return nil, err
	}
	page := &anypoint.Page[scopes.Grant]{Total: wire.total, Data: make([]scopes.Grant, 0, len(wire.data))}
	if !wire.hasTotal {
		// {"scopes":[…]} pages nothing: what came is all there is from Offset.
		page.Total = o.Offset + len(wire.data)
	}
	for _, w := range wire.data {
		page.Data = append(page.Data, scopes.Grant{Scope: w.Scope, OrgID: w.Context.Org, EnvID: w.Context.EnvID})
	}
	return page, nil
}

// AllScopes walks every scope granted to a client-credentials app, fetching
// pages of opts.Limit grants (MaxScopesLimit when unset) only as the loop
// needs them. opts.Offset sets where to start; opts may be nil. An error
// (a refused opts, a failed page) is yielded once, with a zero Grant, and
// ends the walk.
//
// GET /accounts/api/connectedApplications/{clientId}/scopes (access-management listConnectedApplicationsScopes): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) AllScopes(ctx context.Context, clientID string, opts *ListScopesOptions) iter.Seq2[scopes.Grant, error] {
	return service.All(ctx, opts, MaxScopesLimit, func(o *ListScopesOptions) *anypoint.ListOptions { return &o.ListOptions },
		func(ctx context.Context, o *ListScopesOptions) (*anypoint.Page[scopes.Grant], error) {
			return s.ListScopes(ctx, clientID, o)
		})
}

// SetScopes replaces every scope of a client-credentials app with grants.
// The platform wants at least one grant; to take every scope away, pass the
// current ones (AllScopes) to RemoveScopes.
//
// Each grant is checked with scopes.Grant.Validate before anything is sent:
// the scope and OrgID must be set, and EnvID too for the scopes granted per
// environment (scopes.Info.NeedsEnvironment, such as read:applications).
//
// PUT /accounts/api/connectedApplications/{clientId}/scopes (access-management updateConnectedApplicationsScopes): scope admin:orgclients (assumed).
func (s *Service) SetScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error {
	return s.writeScopes(ctx, setAppScopes, clientID, grants)
}

// AddScopes grants a client-credentials app more scopes, keeping the ones
// it has; grants it already holds are ignored by the platform. The grants
// are checked as SetScopes checks them.
//
// PATCH /accounts/api/connectedApplications/{clientId}/scopes (access-management updateConnectedApplicationScopes): scope admin:orgclients (assumed).
func (s *Service) AddScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error {
	return s.writeScopes(ctx, addAppScopes, clientID, grants)
}

// RemoveScopes takes scopes away from a client-credentials app. Only grants
// that match exactly (scope, organization and environment) are removed;
// others are ignored. The grants are checked as SetScopes checks them.
//
// orgID is the organization that owns the app (App.OwnerOrgID), for the
// request goes to the organization's route: MuleSoft's Terraform provider
// removes scopes there, noting that "The API endpoint requires the org ID
// in the path" (its fix "scope removal not taking effect", commit 14dfcc4,
// replaced an empty PATCH, which only adds, with this DELETE). The spec has
// an org-less DELETE …/connectedApplications/{clientId}/scopes as well, which
// no MuleSoft client is known to use.
//
// DELETE /accounts/api/organizations/{organizationId}/connectedApplications/{clientId}/scopes (access-management deleteOrganizationConnectedApplicationScopes): scope admin:orgclients (assumed).
func (s *Service) RemoveScopes(ctx context.Context, orgID, clientID string, grants ...scopes.Grant) error {
	if err := requireID("orgID", orgID); err != nil {
		return err
	}
	return s.writeScopes(ctx, removeAppScopes, clientID, grants, orgID, clientID)
}

// writeScopes sends grants to ep, whose path parameters are args (the
// clientID alone, unless the route names the organization too).
func (s *Service) writeScopes(ctx context.Context, ep *endpoint.Endpoint, clientID string, grants []scopes.Grant, args ...string) error {
	if err := requireID("clientID", clientID); err != nil {
		return err
	}
	if len(grants) == 0 {
		return &anypoint.ValidationError{Field: "grants", Reason: "at least one grant is needed"}
	}
	if len(grants) > MaxAppScopes {
		return &anypoint.ValidationError{Field: "grants", Reason: fmt.Sprintf("%d grants; an app holds at most %d scopes", len(grants), MaxAppScopes)}
	}
	body := scopeGrantsBody{Scopes: make([]scopeGrantWire, len(grants))}
	for i, g := range grants {
		if err := g.Validate(); err != nil {
			// The reason without the sentinel's own prefix, which Err keeps.
			reason := strings.TrimPrefix(err.Error(), scopes.ErrIncompleteGrant.Error()+": ")
			return &anypoint.ValidationError{Field: fmt.Sprintf("grants[%d]", i), Reason: reason, Err: err}
		}
		body.Scopes[i] = scopeGrantWire{Scope: g.Scope, Context: scopeGrantWireCtx{Org: g.OrgID, EnvID: g.EnvID}}
	}
	if len(args) == 0 {
		args = []string{clientID}
	}
	return s.call(ctx, ep, nil, body, nil, args...)
}
