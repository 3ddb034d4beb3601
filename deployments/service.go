package deployments

import (
	"context"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// API is the set of calls Service makes. Code that depends on API instead
// of *Service can swap in a fake in its tests.
type API interface {
	ListDeployments(ctx context.Context, orgID, envID string, opts *ListDeploymentsOptions) (*anypoint.Page[DeploymentSummary], error)
	AllDeployments(ctx context.Context, orgID, envID string, opts *ListDeploymentsOptions) iter.Seq2[DeploymentSummary, error]
	GetDeployment(ctx context.Context, orgID, envID, deploymentID string) (*Deployment, error)
	CreateDeployment(ctx context.Context, orgID, envID string, req *CreateDeploymentRequest) (*Deployment, error)
	UpdateDeployment(ctx context.Context, orgID, envID, deploymentID string, req *UpdateDeploymentRequest) (*Deployment, error)
	DeleteDeployment(ctx context.Context, orgID, envID, deploymentID string) error
	WatchDeployment(ctx context.Context, orgID, envID, deploymentID string, opts *WaitOptions) iter.Seq2[*Deployment, error]
	WaitForDeployment(ctx context.Context, orgID, envID, deploymentID string, opts *WaitOptions) (*Deployment, error)
	ListTargets(ctx context.Context, orgID string) ([]Target, error)
}

var _ API = (*Service)(nil)

// Service is the client of the Application Manager API for CloudHub 2.0
// and Runtime Fabric. Make one with New; it is safe for concurrent use.
type Service struct {
	client *anypoint.Client
}

// New returns the client that sends its requests through c. It makes no
// network call.
func New(c *anypoint.Client) *Service {
	return &Service{client: c}
}

// call sends one request of ep and decodes the answer into v.
func (s *Service) call(ctx context.Context, ep *endpoint.Endpoint, query, body, v any, args ...string) error {
	r := service.At(ep, args...)
	r.Query, r.Body = query, body
	return service.Call(ctx, s.client, r, v)
}
