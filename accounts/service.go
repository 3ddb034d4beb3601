package accounts

import (
	"context"
	"errors"
	"iter"
	"net/http"

	anypoint "github.com/anypoint-go/anypoint"
)

// API is the set of Accounts API calls Service makes. Code that depends on
// API instead of *Service can swap in a fake in its tests.
type API interface {
	Me(ctx context.Context) (*Me, error)
	GetOrganization(ctx context.Context, orgID string) (*Organization, error)
	ListEnvironments(ctx context.Context, orgID string, opts *ListEnvironmentsOptions) (*anypoint.Page[Environment], error)
	AllEnvironments(ctx context.Context, orgID string, opts *ListEnvironmentsOptions) iter.Seq2[Environment, error]
	GetEnvironment(ctx context.Context, orgID, envID string) (*Environment, error)
	Hierarchy(ctx context.Context, orgID string) (*BusinessGroup, error)
}

var _ API = (*Service)(nil)

// Service is the client of the Accounts API. Make one with New; it is safe
// for concurrent use.
type Service struct {
	client *anypoint.Client
}

// New returns the Accounts API client that sends its requests through c.
func New(c *anypoint.Client) *Service {
	return &Service{client: c}
}

// get sends a GET to path and decodes the answer into v.
func (s *Service) get(ctx context.Context, path string, v any) error {
	return s.client.Call(ctx, http.MethodGet, path, nil, v)
}

// Errors for input refused before any request is sent.
var (
	errNoOrgID = errors.New("accounts: organization ID is empty")
	errNoEnvID = errors.New("accounts: environment ID is empty")
)
