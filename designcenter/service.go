package designcenter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// basePath is where the Design Center API lives on every control plane.
const basePath = "/designcenter/api-designer"

// API lists the methods of Service, so that callers can substitute a fake in
// their own tests.
type API interface {
	ListProjects(ctx context.Context) ([]Project, error)
	GetProject(ctx context.Context, projectID string) (*Project, error)
	CreateProject(ctx context.Context, req *CreateProjectRequest) (*Project, error)
	TransferProject(ctx context.Context, projectID, ownerID string) (*Project, error)
	DeleteProject(ctx context.Context, projectID string) error

	ListBranches(ctx context.Context, projectID string) ([]Branch, error)
	CreateBranch(ctx context.Context, projectID, name, commitID string) (*Branch, error)
	CreateBranchFrom(ctx context.Context, projectID, name, fromBranch string) (*Branch, error)

	ListFiles(ctx context.Context, projectID, branch string) ([]File, error)
	GetFile(ctx context.Context, projectID, branch, path string) ([]byte, error)
	SaveFiles(ctx context.Context, projectID, branch string, files []FileChange, opts *SaveOptions) error

	AcquireLock(ctx context.Context, projectID, branch string) (*Lock, error)
	ReleaseLock(ctx context.Context, projectID, branch string) error

	PublishToExchange(ctx context.Context, projectID, branch string, req *PublishToExchangeRequest) (*Publication, error)
}

var _ API = (*Service)(nil)

// Service is the client of the Design Center API. Make one with New and
// share it: it is safe for concurrent use, and it looks the caller's
// organization and user up at most once (see the package documentation).
type Service struct {
	client *anypoint.Client

	// orgID and ownerID are what the options gave; empty means "ask
	// /accounts/api/me".
	orgID, ownerID string

	// lookup is a one-slot semaphore held while /accounts/api/me is asked,
	// so that concurrent first calls make one request between them. A
	// channel rather than a sync.Mutex so that a caller waiting for someone
	// else's lookup can give up when its own context ends.
	lookup chan struct{}

	mu  sync.Mutex // guards ids
	ids *identity  // nil until a lookup succeeds; a failure is never kept
}

// identity is the pair of headers every project call carries.
type identity struct {
	orgID, ownerID string
}

// Option configures a Service.
type Option func(*Service)

// WithOrganizationID sets the organization (business group) the service
// works in, sent as the x-organization-id header. Without it the service uses
// the organization of the token, from GET /accounts/api/me. An empty id
// leaves the default in place.
func WithOrganizationID(id string) Option {
	return func(s *Service) { s.orgID = id }
}

// WithOwnerID sets the user the service acts as, sent as the x-owner-id
// header: the user's UUID, not the username. Without it the service uses
// the user behind the token (for a client-credentials app, the app's owner),
// from GET /accounts/api/me. An empty id leaves the default in place.
func WithOwnerID(id string) Option {
	return func(s *Service) { s.ownerID = id }
}

// New returns the Design Center API client that sends its requests through
// c. It makes no network call.
func New(c *anypoint.Client, opts ...Option) *Service {
	s := &Service{client: c, lookup: make(chan struct{}, 1)}
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	return s
}

// identity returns the organization and owner IDs the service's requests
// carry, asking /accounts/api/me the first time one of them was not given.
func (s *Service) identity(ctx context.Context) (identity, error) {
	if s.orgID != "" && s.ownerID != "" {
		return identity{orgID: s.orgID, ownerID: s.ownerID}, nil
	}
	if id, ok := s.cached(); ok {
		return id, nil
	}
	select {
	case s.lookup <- struct{}{}:
	case <-ctx.Done():
		return identity{}, fmt.Errorf("anypoint: waiting for the lookup of the Design Center organization and owner: %w", ctx.Err())
	}
	defer func() { <-s.lookup }()
	// Another caller may have finished the lookup while this one waited.
	if id, ok := s.cached(); ok {
		return id, nil
	}
	me, err := accounts.New(s.client).Me(ctx)
	if err != nil {
		if errors.Is(err, anypoint.ErrNoToken) {
			// No token could be had: the lookup never reached /me, and
			// naming it would send the reader to the wrong place.
			return identity{}, err
		}
		return identity{}, fmt.Errorf("anypoint: look up the Design Center organization and owner (GET %s): %w", mePath, err)
	}
	id := identity{orgID: s.orgID, ownerID: s.ownerID}
	if id.orgID == "" {
		id.orgID = me.OrganizationID()
	}
	if id.ownerID == "" {
		id.ownerID = me.User.ID
	}
	switch {
	case id.orgID == "":
		return identity{}, errors.New("anypoint: GET /accounts/api/me named no organization for Design Center; use designcenter.WithOrganizationID")
	case id.ownerID == "":
		return identity{}, errors.New("anypoint: GET /accounts/api/me named no user for Design Center; use designcenter.WithOwnerID")
	}
	s.mu.Lock()
	s.ids = &id
	s.mu.Unlock()
	return id, nil
}

// mePath is the endpoint of the one-time lookup.
const mePath = "/accounts/api/me"

func (s *Service) cached() (identity, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		return identity{}, false
	}
	return *s.ids, true
}

// NewRequest builds a request for path under the Design Center base path
// (/designcenter/api-designer), with the x-organization-id and x-owner-id
// headers every Design Center call needs, for endpoints the SDK does not wrap
// yet. Send it with the anypoint.Client's Do. It may send the one-time
// GET /accounts/api/me lookup of the organization and owner.
func (s *Service) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	id, err := s.identity(ctx)
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, method, basePath+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-organization-id", id.orgID)
	req.Header.Set("x-owner-id", id.ownerID)
	return req, nil
}

// call sends one request of ep with body, args filling its path
// parameters, and decodes the answer into v.
func (s *Service) call(ctx context.Context, ep *endpoint.Endpoint, body, v any, args ...string) error {
	r := service.At(ep, args...)
	r.Body = body
	return s.send(ctx, r, v)
}

// send adds the organization and owner headers to r, sends it and decodes
// the answer into v.
func (s *Service) send(ctx context.Context, r service.Request, v any) error {
	id, err := s.identity(ctx)
	if err != nil {
		return err
	}
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set("x-organization-id", id.orgID)
	r.Header.Set("x-owner-id", id.ownerID)
	return service.Call(ctx, s.client, r, v)
}
