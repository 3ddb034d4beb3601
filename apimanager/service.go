package apimanager

import (
	"context"
	"iter"
	"strconv"
	"sync"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// API is the set of calls Service makes. Code that depends on API instead
// of *Service can swap in a fake in its tests.
type API interface {
	ListAPIs(ctx context.Context, orgID, envID string, opts *ListAPIsOptions) (*anypoint.Page[APIAsset], error)
	AllAPIs(ctx context.Context, orgID, envID string, opts *ListAPIsOptions) iter.Seq2[APIAsset, error]
	GetAPI(ctx context.Context, orgID, envID string, instanceID int) (*APIInstance, error)
	CreateAPI(ctx context.Context, orgID, envID string, req *CreateAPIRequest) (*APIInstance, error)
	PromoteAPI(ctx context.Context, orgID, envID string, req *PromoteAPIRequest) (*APIInstance, error)
	UpdateAPI(ctx context.Context, orgID, envID string, instanceID int, req *UpdateAPIRequest) (*APIInstance, error)
	DeleteAPI(ctx context.Context, orgID, envID string, instanceID int) error
	ListUpstreams(ctx context.Context, orgID, envID string, instanceID int) ([]Upstream, error)
	GetUpstream(ctx context.Context, orgID, envID string, instanceID int, upstreamID string) (*Upstream, error)
	CreateUpstream(ctx context.Context, orgID, envID string, instanceID int, req *UpstreamRequest) (*Upstream, error)
	UpdateUpstream(ctx context.Context, orgID, envID string, instanceID int, upstreamID string, req *UpstreamRequest) (*Upstream, error)
	DeleteUpstream(ctx context.Context, orgID, envID string, instanceID int, upstreamID string) error

	ListPolicies(ctx context.Context, orgID, envID string, instanceID int) ([]Policy, error)
	GetPolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) (*Policy, error)
	ApplyPolicy(ctx context.Context, orgID, envID string, instanceID int, req *ApplyPolicyRequest) (*Policy, error)
	UpdatePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int, req *UpdatePolicyRequest) (*Policy, error)
	EnablePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) (*Policy, error)
	DisablePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) (*Policy, error)
	RemovePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) error
	ReorderPolicies(ctx context.Context, orgID, envID string, instanceID int, policyIDs []int) error
	ListPolicyTemplates(ctx context.Context, orgID string, opts *ListPolicyTemplatesOptions) ([]PolicyTemplate, error)
	GetPolicyTemplate(ctx context.Context, orgID, templateID string) (*PolicyTemplate, error)
	ValidatePolicy(ctx context.Context, orgID string, cfg PolicyConfig, dir Direction) error

	ListTiers(ctx context.Context, orgID, envID string, instanceID int, opts *ListTiersOptions) (*anypoint.Page[Tier], error)
	AllTiers(ctx context.Context, orgID, envID string, instanceID int, opts *ListTiersOptions) iter.Seq2[Tier, error]
	CreateTier(ctx context.Context, orgID, envID string, instanceID int, req *TierRequest) (*Tier, error)
	UpdateTier(ctx context.Context, orgID, envID string, instanceID, tierID int, req *TierRequest) (*Tier, error)
	DeleteTier(ctx context.Context, orgID, envID string, instanceID, tierID int) error

	ListContracts(ctx context.Context, orgID, envID string, instanceID int, opts *ListContractsOptions) (*anypoint.Page[Contract], error)
	AllContracts(ctx context.Context, orgID, envID string, instanceID int, opts *ListContractsOptions) iter.Seq2[Contract, error]
	GetContract(ctx context.Context, orgID, envID string, instanceID, contractID int) (*Contract, error)
	CreateContract(ctx context.Context, orgID, envID string, instanceID int, req *ContractRequest) (*Contract, error)
	ChangeContractTier(ctx context.Context, orgID, envID string, instanceID, contractID, tierID int) (*Contract, error)
	DeleteContract(ctx context.Context, orgID, envID string, instanceID, contractID int) error
	ApproveContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error)
	RejectContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error)
	RevokeContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error)
	RestoreContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error)
	ImportClientApplication(ctx context.Context, orgID string, req *ImportApplicationRequest) (*ClientApplication, error)
	CreateClientApplication(ctx context.Context, orgID string, req *ClientApplicationRequest) (*ClientApplication, error)
	GetClientApplication(ctx context.Context, orgID string, applicationID int) (*ClientApplication, error)
	DeleteClientApplication(ctx context.Context, orgID string, applicationID int) error

	ListAlerts(ctx context.Context, orgID, envID string, instanceID int) ([]Alert, error)
	GetAlert(ctx context.Context, orgID, envID string, instanceID int, alertID string) (*Alert, error)
	CreateAlert(ctx context.Context, orgID, envID string, instanceID int, req *AlertRequest) (*Alert, error)
	UpdateAlert(ctx context.Context, orgID, envID string, instanceID int, alertID string, req *AlertRequest) (*Alert, error)
	DeleteAlert(ctx context.Context, orgID, envID string, instanceID int, alertID string) error

	ListAutomatedPolicies(ctx context.Context, orgID, envID string) ([]AutomatedPolicy, error)
	GetAutomatedPolicy(ctx context.Context, orgID string, automatedPolicyID int) (*AutomatedPolicy, error)
	CreateAutomatedPolicy(ctx context.Context, orgID string, req *AutomatedPolicyRequest) (*AutomatedPolicy, error)
	DeleteAutomatedPolicy(ctx context.Context, orgID string, automatedPolicyID int) error
}

var _ API = (*Service)(nil)

// Service is the client of the API Manager API. Make one with New; it is
// safe for concurrent use. It keeps the policy templates it has fetched
// (see ValidatePolicy) for its lifetime.
type Service struct {
	client *anypoint.Client

	mu        sync.Mutex
	templates map[string]*templateEntry // by organization and asset coordinates
}

// New returns the API Manager client that sends its requests through c. It
// makes no network call.
func New(c *anypoint.Client) *Service {
	return &Service{client: c, templates: map[string]*templateEntry{}}
}

// call sends one request of ep and decodes the answer into v.
func (s *Service) call(ctx context.Context, ep *endpoint.Endpoint, query, body, v any, args ...string) error {
	return service.Call(ctx, s.client, service.Request{Endpoint: ep, Args: args, Query: query, Body: body}, v)
}

// orgArgs checks the organization ID and the IDs named in nums (pairs of
// a Go name and an int, which must be positive, or a string, which must not
// be blank) and returns them as path arguments, in order.
func orgArgs(orgID string, nums ...any) ([]string, error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	args := []string{orgID}
	for i := 0; i+1 < len(nums); i += 2 {
		name, _ := nums[i].(string)
		switch v := nums[i+1].(type) {
		case int:
			if v <= 0 {
				return nil, &anypoint.ValidationError{Field: name, Reason: "must be a positive ID"}
			}
			args = append(args, strconv.Itoa(v))
		case string:
			if err := service.RequireID(name, v); err != nil {
				return nil, err
			}
			args = append(args, v)
		}
	}
	return args, nil
}

func itoa(i int) string { return strconv.Itoa(i) }

// envArgs is orgArgs for a path below an environment.
func envArgs(orgID, envID string, nums ...any) ([]string, error) {
	if err := service.RequireID("envID", envID); err != nil {
		return nil, err
	}
	return orgArgs(orgID, append([]any{"envID", envID}, nums...)...)
}

// maxAPIsLimit bounds a page of APIs asked for without a limit: the spec
// states no maximum, and a page of more is refused before it is decoded.
const maxAPIsLimit = 5000
