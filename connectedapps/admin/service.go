package admin

import (
	"context"
	"errors"
	"fmt"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
	"github.com/anypoint-go/anypoint/scopes"
)

// Service is the client of the Connected Apps management API: the apps of
// an organization, the scopes granted to client-credentials apps, the grants
// users gave to apps acting on their behalf, and the organization's connected
// apps policy. Make one with New; it is safe for concurrent use.
//
// The client must send an organization administrator's token: on the real
// platform, that of an org administrator signed in through a connected app
// that acts on behalf of a user (authorization code, or the password grant
// as MuleSoft's Terraform provider does it), since only org
// administrators may view or manage connected apps. A connected app's own
// client credentials do not have sufficient privileges there, and changing
// an app's scopes takes an Org Admin of the master organization. The fake
// platform (anypointtest) also accepts the client credentials of its seed
// administration app. See the package documentation.
//
// Which scope each endpoint takes is not documented by MuleSoft; the SDK
// assumes the scopes Access Management shows for the permission, each
// method names them, and a refusal comes back as an *anypoint.ScopeError
// naming them.
type Service struct {
	client *anypoint.Client
}

// New returns the Connected Apps management client that sends its requests
// through c.
func New(c *anypoint.Client) *Service {
	return &Service{client: c}
}

// API lists the methods of Service, so callers can swap in a fake in their
// tests.
type API interface {
	ListApps(ctx context.Context, opts *ListAppsOptions) (*anypoint.Page[App], error)
	AllApps(ctx context.Context, opts *ListAppsOptions) iter.Seq2[App, error]
	GetApp(ctx context.Context, clientID string) (*App, error)
	CreateApp(ctx context.Context, req *CreateAppRequest) (*App, error)
	UpdateApp(ctx context.Context, clientID string, req *UpdateAppRequest) (*App, error)
	DeleteApp(ctx context.Context, clientID string) error
	ResetSecret(ctx context.Context, clientID string) (anypoint.Secret, error)
	SetPublicKeys(ctx context.Context, clientID string, keys ...string) (*App, error)
	SetGrantTypes(ctx context.Context, clientID string, grants ...connectedapps.GrantType) (*App, error)

	ListScopes(ctx context.Context, clientID string, opts *ListScopesOptions) (*anypoint.Page[scopes.Grant], error)
	AllScopes(ctx context.Context, clientID string, opts *ListScopesOptions) iter.Seq2[scopes.Grant, error]
	SetScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error
	AddScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error
	RemoveScopes(ctx context.Context, orgID, clientID string, grants ...scopes.Grant) error

	RevokeTokens(ctx context.Context, clientID string) error
	ListAuthorizations(ctx context.Context, orgID string, opts *ListAuthorizationsOptions) (*anypoint.Page[Authorization], error)
	AllAuthorizations(ctx context.Context, orgID string, opts *ListAuthorizationsOptions) iter.Seq2[Authorization, error]
	GetAuthorization(ctx context.Context, orgID, authorizationID string) (*Authorization, error)
	RevokeAuthorization(ctx context.Context, orgID, authorizationID string) error
	RevokeUserAuthorizations(ctx context.Context, orgID, userID string) error

	GetSettings(ctx context.Context, orgID string) (*Settings, error)
	UpdateSettings(ctx context.Context, orgID string, req *UpdateSettingsRequest) (*Settings, error)
}

var _ API = (*Service)(nil)

// call sends one request of ep, with args filling its path parameters,
// query as its query string and body as its body, and decodes the answer
// into v (nil drops it). A refusal of the credential is annotated by
// needsAdmin.
func (s *Service) call(ctx context.Context, ep *endpoint.Endpoint, query, body, v any, args ...string) error {
	r := service.At(ep, args...)
	r.Query, r.Body = query, body
	return needsAdmin(service.Call(ctx, s.client, r, v))
}

// credentialHint is what an error of Service adds when the platform refused
// the credential: administering connected apps takes an organization
// administrator's user token, and an app's own client credentials are the
// usual reason for the refusal (MuleSoft's Terraform provider signs an
// administrator in for Access Management because connected-app credentials
// "do not have sufficient privileges").
const credentialHint = "administering connected apps needs an organization administrator's user token " +
	"(authorization code or password grant); a connected app's client credentials do not have sufficient privileges"

// needsAdmin adds credentialHint to a refusal of the request's credential:
// a *anypoint.ScopeError, or any 401 or 403. The error is wrapped, so
// errors.Is and errors.As find the *anypoint.ScopeError, the *anypoint.Error
// and their sentinels as before. A failure to get a token at all (the token
// endpoint refusing the app, ErrNoToken) is left as it is: it is not about
// the privileges of the credential. This is the one place the hint is made.
func needsAdmin(err error) error {
	if err == nil || errors.Is(err, anypoint.ErrNoToken) {
		return err
	}
	if errors.Is(err, anypoint.ErrScopeDenied) || errors.Is(err, anypoint.ErrUnauthorized) || errors.Is(err, anypoint.ErrForbidden) {
		return fmt.Errorf("%w; %s", err, credentialHint)
	}
	return err
}

// resetSecretQuery is the query of PATCH …/{clientId}?resetSecret=true.
type resetSecretQuery struct {
	ResetSecret bool `url:"resetSecret"`
}

// userQuery is the query of DELETE …/authorizations?user_id=….
type userQuery struct {
	UserID string `url:"user_id"`
}

func requireID(field, v string) error { return service.RequireID(field, v) }

func checkListOptions(o anypoint.ListOptions, maxLimit int) error {
	return service.CheckPage(o, maxLimit)
}
