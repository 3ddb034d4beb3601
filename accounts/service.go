package accounts

import (
	"context"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
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

// call sends one request of ep, with args filling its path parameters and
// query as its query string, and decodes the answer into v.
func (s *Service) call(ctx context.Context, ep *endpoint.Endpoint, query, v any, args ...string) error {
	r := service.At(ep, args...)
	r.Query = query
	return service.Call(ctx, s.client, r, v)
}
