package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/jsonlist"
	"github.com/anypoint-go/anypoint/internal/service"
	"github.com/anypoint-go/anypoint/scopes"
)

// MaxAuthorizationsLimit is the largest page ListAuthorizations serves (its
// default is 25).
const MaxAuthorizationsLimit = 500

// RevokeTokens revokes every access and refresh token the platform issued
// to the app, for itself and for every user. The app keeps its credentials:
// a client-credentials app can mint a new token at once, while users of an
// app acting on their behalf must sign in again.
//
// DELETE /accounts/api/connectedApplications/{clientId}/revoke (access-management deleteConnectedApplicationsRevoke): scope admin:orgclients (assumed).
func (s *Service) RevokeTokens(ctx context.Context, clientID string) error {
	if err := requireID("clientID", clientID); err != nil {
		return err
	}
	return s.call(ctx, revokeAppTokens, nil, nil, nil, clientID)
}

// Authorization is the consent a user gave a connected app to act on their
// behalf, with the scopes it covers.
type Authorization struct {
	// ID identifies the authorization (authorization_id).
	ID string `json:"authorization_id"`
	// ClientID is the app the user authorized.
	ClientID string `json:"client_id"`
	// UserID is the user who gave the consent.
	UserID string `json:"user_id"`
	// Scopes are the scopes the user granted.
	Scopes []scopes.Scope `json:"scopes"`
	// AuthorizationServerID is the platform's as_id, "anypoint" in its
	// examples.
	AuthorizationServerID string `json:"as_id,omitempty"`
	// CreatedAt is when the authorization was created. It, UpdatedAt and
	// LastUsed are zero when the platform sent no time. The spec documents
	// them as date-time strings, its examples show
	// "2018-01-26 22:39:02.312000+00:00": anypoint.Time reads both, and
	// epoch milliseconds.
	CreatedAt anypoint.Time `json:"created_at"`
	// UpdatedAt is when the authorization was last modified.
	UpdatedAt anypoint.Time `json:"updated_at"`
	// LastUsed is when the authorization was last used in an OAuth 2.0
	// flow.
	LastUsed anypoint.Time `json:"last_used"`
}

// UnmarshalJSON decodes an authorization; an "id" member is read when
// "authorization_id" is missing.
func (a *Authorization) UnmarshalJSON(data []byte) error {
	type plain Authorization
	var w struct {
		plain
		AltID string `json:"id"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*a = Authorization(w.plain)
	if a.ID == "" {
		a.ID = w.AltID
	}
	return nil
}

// authorizationPage decodes the list answer: {"data":[…],"total":N} as
// documented, or a plain array, of at most max items (a page of more is
// refused before any is decoded).
type authorizationPage struct {
	Data  []Authorization
	Total int
	max   int
}

func (p *authorizationPage) UnmarshalJSON(data []byte) error {
	list := jsonlist.List[Authorization]{Max: p.max}
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &list); err != nil {
			return err
		}
		p.Data, p.Total = list.Items, len(list.Items)
		return nil
	}
	page := struct {
		Data  *jsonlist.List[Authorization] `json:"data"`
		Total int                           `json:"total"`
	}{Data: &list}
	if err := json.Unmarshal(data, &page); err != nil {
		return err
	}
	p.Data, p.Total = list.Items, page.Total
	return nil
}

// ListAuthorizationsOptions filter and page ListAuthorizations and
// AllAuthorizations.
type ListAuthorizationsOptions struct {
	// UserID lists only the authorizations that user gave.
	UserID string `url:"user_id,omitempty"`
	// Offset and Limit page the list; Limit is at most
	// MaxAuthorizationsLimit. Zero takes the platform's default (25) for
	// ListAuthorizations and MaxAuthorizationsLimit for AllAuthorizations.
	anypoint.ListOptions
}

// ListAuthorizations returns one page of the authorizations users gave to
// connected apps that reach resources of the organization. opts may be nil;
// a Limit above MaxAuthorizationsLimit is refused before sending. Use
// AllAuthorizations to walk every page.
//
// GET /accounts/api/organizations/{organizationId}/connectedApplications/authorizations (access-management listConnectedApplicationsAuthorizations): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) ListAuthorizations(ctx context.Context, orgID string, opts *ListAuthorizationsOptions) (*anypoint.Page[Authorization], error) {
	if err := requireID("orgID", orgID); err != nil {
		return nil, err
	}
	var o ListAuthorizationsOptions
	if opts != nil {
		o = *opts
	}
	if err := checkListOptions(o.ListOptions, MaxAuthorizationsLimit); err != nil {
		return nil, err
	}
	page := authorizationPage{max: service.PageBound(o.Limit, MaxAuthorizationsLimit)}
	if err := s.call(ctx, listAuthorizations, o, nil, &page, orgID); err != nil {
		return nil, err
	}
	return &anypoint.Page[Authorization]{Data: page.Data, Total: page.Total}, nil
}

// AllAuthorizations walks every authorization matching opts, fetching pages
// of opts.Limit authorizations (MaxAuthorizationsLimit when unset) only as
// the loop needs them. opts.Offset sets where to start; opts may be nil. An
// error (a refused opts, a failed page) is yielded once, with a zero
// Authorization, and ends the walk. An answer that is a plain array rather
// than the documented {"data","total"} is taken as the whole list.
//
// GET /accounts/api/organizations/{organizationId}/connectedApplications/authorizations (access-management listConnectedApplicationsAuthorizations): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) AllAuthorizations(ctx context.Context, orgID string, opts *ListAuthorizationsOptions) iter.Seq2[Authorization, error] {
	return service.All(ctx, opts, MaxAuthorizationsLimit, func(o *ListAuthorizationsOptions) *anypoint.ListOptions { return &o.ListOptions },
		func(ctx context.Context, o *ListAuthorizationsOptions) (*anypoint.Page[Authorization], error) {
			return s.ListAuthorizations(ctx, orgID, o)
		})
}

// GetAuthorization returns one authorization.
//
// GET /accounts/api/organizations/{organizationId}/connectedApplications/authorizations/{authorizationId} (access-management getConnectedApplicationsAuthorizations): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) GetAuthorization(ctx context.Context, orgID, authorizationID string) (*Authorization, error) {
	if err := requireID("orgID", orgID); err != nil {
		return nil, err
	}
	if err := requireID("authorizationID", authorizationID); err != nil {
		return nil, err
	}
	a := new(Authorization)
	if err := s.call(ctx, getAuthorization, nil, nil, a, orgID, authorizationID); err != nil {
		return nil, err
	}
	return a, nil
}

// RevokeAuthorization revokes one authorization: the app's tokens for that
// user stop working, and the user must consent again. Only the root
// organization may revoke; a business group answers 405.
//
// DELETE /accounts/api/organizations/{organizationId}/connectedApplications/authorizations/{authorizationId} (access-management deleteOrganizationConnectedApplicationAuthorization): scope admin:orgclients (assumed).
func (s *Service) RevokeAuthorization(ctx context.Context, orgID, authorizationID string) error {
	if err := requireID("orgID", orgID); err != nil {
		return err
	}
	if err := requireID("authorizationID", authorizationID); err != nil {
		return err
	}
	return s.call(ctx, deleteAuthorization, nil, nil, nil, orgID, authorizationID)
}

// RevokeUserAuthorizations revokes every authorization the user gave to any
// connected app in the organization, such as when the user leaves. userID
// is required: the platform needs it, and without it the call would read as
// "revoke everyone's". Only the root organization may revoke; a business
// group answers 405.
//
// DELETE /accounts/api/organizations/{organizationId}/connectedApplications/authorizations (access-management deleteConnectedApplicationsAuthorizations): scope admin:orgclients (assumed).
func (s *Service) RevokeUserAuthorizations(ctx context.Context, orgID, userID string) error {
	if err := requireID("orgID", orgID); err != nil {
		return err
	}
	if err := requireID("userID", userID); err != nil {
		return err
	}
	return s.call(ctx, revokeAuthorization, userQuery{UserID: userID}, nil, nil, orgID)
}
