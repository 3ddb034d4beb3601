package connectedapps

import (
	"context"
	"iter"
	"net/url"
	"strconv"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// Service is the client of the Connected Apps management API: the apps of
// an organization, the scopes granted to client-credentials apps, the grants
// users gave to apps acting on their behalf, and the organization's connected
// apps policy. Make one with New; it is safe for concurrent use.
//
// The token the client sends must belong to an org administrator, or to an
// app holding the scopes each method names. Which scope each endpoint takes
// is not documented by MuleSoft; the SDK assumes the scopes Access Management
// shows for the permission, and a refusal comes back as *anypoint.ScopeError
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
	List(ctx context.Context, opts *ListOptions) (*anypoint.Page[App], error)
	All(ctx context.Context, opts *ListOptions) iter.Seq2[App, error]
	Get(ctx context.Context, clientID string) (*App, error)
	Create(ctx context.Context, req *CreateAppRequest) (*App, error)
	Update(ctx context.Context, clientID string, req *UpdateAppRequest) (*App, error)
	Delete(ctx context.Context, clientID string) error
	ResetSecret(ctx context.Context, clientID string) (Secret, error)

	ListScopes(ctx context.Context, clientID string, opts *anypoint.ListOptions) (*anypoint.Page[scopes.Grant], error)
	AllScopes(ctx context.Context, clientID string) iter.Seq2[scopes.Grant, error]
	SetScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error
	AddScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error
	RemoveScopes(ctx context.Context, clientID string, grants ...scopes.Grant) error

	RevokeTokens(ctx context.Context, clientID string) error
	ListAuthorizations(ctx context.Context, orgID string, opts *ListAuthorizationsOptions) (*anypoint.Page[Authorization], error)
	GetAuthorization(ctx context.Context, orgID, authorizationID string) (*Authorization, error)
	RevokeAuthorization(ctx context.Context, orgID, authorizationID string) error
	RevokeUserAuthorizations(ctx context.Context, orgID, userID string) error

	GetSettings(ctx context.Context, orgID string) (*Settings, error)
	UpdateSettings(ctx context.Context, orgID string, req *UpdateSettingsRequest) (*Settings, error)
}

var _ API = (*Service)(nil)

// ValidationError says that a method's input was refused before any request
// was sent.
type ValidationError struct {
	// Field names the input at fault, such as "ClientName" or "grants[2]".
	Field string
	// Reason says what is wrong with it.
	Reason string
	// Err is the underlying error, when there is one (such as
	// scopes.ErrIncompleteGrant for a grant that Grant.Validate refused).
	Err error
}

// Error names the field and why it was refused.
func (e *ValidationError) Error() string {
	return "connectedapps: invalid " + e.Field + ": " + e.Reason
}

// Unwrap returns the underlying error, if any.
func (e *ValidationError) Unwrap() error { return e.Err }

const (
	appsPath = "/accounts/api/connectedApplications"
	orgsPath = "/accounts/api/organizations"
)

// requireID refuses an empty or blank path parameter: the request would
// reach a different endpoint (the collection) instead of failing.
func requireID(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &ValidationError{Field: field, Reason: "must not be empty"}
	}
	return nil
}

// appPath returns the path of one app, with the client ID escaped.
func appPath(clientID string, rest ...string) string {
	p := appsPath + "/" + url.PathEscape(clientID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// orgConnAppsPath returns the path of an organization's connected apps
// resources, with the org ID escaped.
func orgConnAppsPath(orgID string, rest ...string) string {
	p := orgsPath + "/" + url.PathEscape(orgID) + "/connectedApplications"
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// send builds and sends one request and decodes the answer into v (nil
// drops it).
func (s *Service) send(ctx context.Context, method, path string, body, v any) error {
	return s.client.Call(ctx, method, path, body, v)
}

// checkListOptions refuses negative paging values and a limit above the
// endpoint's maximum, which the platform would answer with a 400.
func checkListOptions(o anypoint.ListOptions, maxLimit int) error {
	if o.Offset < 0 {
		return &ValidationError{Field: "Offset", Reason: "must not be negative"}
	}
	if o.Limit < 0 {
		return &ValidationError{Field: "Limit", Reason: "must not be negative"}
	}
	if o.Limit > maxLimit {
		return &ValidationError{Field: "Limit", Reason: "must be at most " + strconv.Itoa(maxLimit) + " for this endpoint"}
	}
	return nil
}
