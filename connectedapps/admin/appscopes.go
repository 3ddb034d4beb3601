package admin

import (
	"context"
	"fmt"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
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

// ListScopes returns one page of the scopes granted to a client-credentials
// app, each with the organization and environment it is granted in.
// opts.Limit is at most MaxScopesLimit; zero takes the platform's default
// (25). Other context parameters the platform may attach to a grant are
// dropped.
//
// GET /accounts/api/connectedApplications/{clientId}/scopes — scope read:orgconnapps or admin:orgclients.
func (s *Service) ListScopes(ctx context.Context, clientID string, opts *anypoint.ListOptions) (*anypoint.Page[scopes.Grant], error) {
	if err := requireID("clientID", clientID); err != nil {
		return nil, err
	}
	var o anypoint.ListOptions
	if opts != nil {
		o = *opts
	}
	if err := checkListOptions(o, MaxScopesLimit); err != nil {
		return nil, err
	}
	var wire anypoint.Page[scopeGrantWire]
	if err := s.call(ctx, listAppScopes, o, nil, &wire, clientID); err != nil {
		return nil, err
	}
	page := &anypoint.Page[scopes.Grant]{Total: wire.Total, Data: make([]scopes.Grant, 0, len(wire.Data))}
	for _, w := range wire.Data {
		page.Data = append(page.Data, scopes.Grant{Scope: w.Scope, OrgID: w.Context.Org, EnvID: w.Context.EnvID})
	}
	return page, nil
}

// AllScopes walks every scope granted to a client-credentials app, in pages
// of MaxScopesLimit.
//
// GET /accounts/api/connectedApplications/{clientId}/scopes — scope read:orgconnapps or admin:orgclients.
func (s *Service) AllScopes(ctx context.Context, clientID string) iter.Seq2[scopes.Grant, error] {
	return anypoint.Paginate(ctx, anypoint.ListOptions{Limit: MaxScopesLimit}, func(ctx context.Context, page anypoint.ListOptions) (*anypoint.Page[scopes.Grant], error) {
		return s.ListScopes(ctx, clientID, &page)
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
// PUT /accounts/api/connectedApplications/{clientId}/scopes — scope admin:orgclients.
func (s *Service) SetScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error {
	return s.writeScopes(ctx, setAppScopes, clientID, grants)
}

// AddScopes grants a client-credentials app more scopes, keeping the ones
// it has; grants it already holds are ignored by the platform. The grants
// are checked as SetScopes checks them.
//
// PATCH /accounts/api/connectedApplications/{clientId}/scopes — scope admin:orgclients.
func (s *Service) AddScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error {
	return s.writeScopes(ctx, addAppScopes, clientID, grants)
}

// RemoveScopes takes scopes away from a client-credentials app. Only grants
// that match exactly (scope, organization and environment) are removed;
// others are ignored. The grants are checked as SetScopes checks them.
//
// DELETE /accounts/api/connectedApplications/{clientId}/scopes — scope admin:orgclients.
func (s *Service) RemoveScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error {
	return s.writeScopes(ctx, removeAppScopes, clientID, grants)
}

func (s *Service) writeScopes(ctx context.Context, ep *endpoint.Endpoint, clientID string, grants []scopes.Grant) error {
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
			return &anypoint.ValidationError{Field: fmt.Sprintf("grants[%d]", i), Reason: err.Error(), Err: err}
		}
		body.Scopes[i] = scopeGrantWire{Scope: g.Scope, Context: scopeGrantWireCtx{Org: g.OrgID, EnvID: g.EnvID}}
	}
	return s.call(ctx, ep, nil, body, nil, clientID)
}
