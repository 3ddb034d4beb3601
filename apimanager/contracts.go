package apimanager

import (
	"context"
	"iter"
	"regexp"

	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Contract is a client application's contract with an API instance: what
// lets the application through client ID enforcement, within its tier.
type Contract struct {
	// ID is the contract's ID.
	ID int `json:"id"`
	// Status is "APPROVED", "PENDING", "REJECTED" or "REVOKED".
	Status string `json:"status"`
	// ApplicationID is the client application's ID.
	ApplicationID int `json:"applicationId"`
	// Application is the client application, in answers that include it.
	Application *ClientApplication `json:"application,omitempty"`
	// TierID is the contract's SLA tier, if any.
	TierID int `json:"tierId"`
	// Tier is the tier, in answers that include it.
	Tier *Tier `json:"tier,omitempty"`
	// RequestedTierID is a tier the application asked to move to, pending.
	RequestedTierID int `json:"requestedTierId"`
	// APIID is the instance the contract is with.
	APIID int `json:"apiId"`
	// ApprovedDate, RejectedDate and RevokedDate say when its status
	// changed (zero when it did not).
	ApprovedDate anypoint.Time `json:"approvedDate"`
	// RejectedDate is when it was rejected.
	RejectedDate anypoint.Time `json:"rejectedDate"`
	// RevokedDate is when it was revoked.
	RevokedDate anypoint.Time `json:"revokedDate"`
	// PartyID and PartyName identify a partner, for Partner Manager.
	PartyID string `json:"partyId"`
	// PartyName is the partner's name.
	PartyName string `json:"partyName"`
	// OrganizationID is its business group.
	OrganizationID string `json:"organizationId"`
	// MasterOrganizationID is its root organization.
	MasterOrganizationID string `json:"masterOrganizationId"`
	// Audit holds its dates.
	Audit Audit `json:"audit"`
}

// ClientApplication is an application that calls APIs with a client ID
// and secret, through contracts.
type ClientApplication struct {
	// ID is the application's ID (a contract's ApplicationID).
	ID int `json:"id"`
	// Name is its name.
	Name string `json:"name"`
	// Description says what it is.
	Description string `json:"description"`
	// URL is its home page.
	URL string `json:"url"`
	// ClientID is its OAuth client ID (also coreServicesId).
	ClientID string `json:"clientId"`
	// ClientSecret is its client secret, where the answer carries it; it
	// prints as REDACTED.
	ClientSecret anypoint.Secret `json:"clientSecret"`
	// CoreServicesID is its ID in Access Management.
	CoreServicesID string `json:"coreServicesId"`
	// RedirectURI lists its OAuth redirect URIs.
	RedirectURI []string `json:"redirectUri"`
	// GrantTypes lists its OAuth grant types.
	GrantTypes []string `json:"grantTypes"`
}

// ContractRequest asks for a contract (the spec's contractPOST).
type ContractRequest struct {
	// ApplicationID is the client application; required.
	ApplicationID int `json:"applicationId"`
	// RequestedTierID is the SLA tier asked for; zero for none (an
	// instance with tiers needs one).
	RequestedTierID int `json:"requestedTierId,omitempty"`
	// Reason says why the access is asked for; optional, at most 500
	// characters.
	Reason string `json:"-"`
}

// ListContractsOptions filter and page ListContracts.
type ListContractsOptions struct {
	anypoint.ListOptions
	// Status lists the contracts of one status ("APPROVED", "PENDING", …).
	Status string `url:"status,omitempty"`
	// CoreServicesID lists the contracts of one client application.
	CoreServicesID string `url:"coreServicesId,omitempty"`
	// Query is a search text.
	Query string `url:"query,omitempty"`
	// Sort is the property to sort by.
	Sort string `url:"sort,omitempty"`
	// Ascending is the sort order.
	Ascending *bool `url:"ascending,omitempty"`
	// IncludeExtraApplicationData adds details of the applications.
	IncludeExtraApplicationData bool `url:"includeExtraApplicationData,omitempty"`
}

// ListContracts returns one page of an instance's contracts (at most 250).
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/contracts (api-manager listOrganizationsEnvironmentsApisContracts): scope read:api_contracts (spec).
func (s *Service) ListContracts(ctx context.Context, orgID, envID string, instanceID int, opts *ListContractsOptions) (*anypoint.Page[Contract], error) {
	var lo anypoint.ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	return instanceList[Contract](ctx, s, listContr, "contracts", orgID, envID, instanceID, lo, opts)
}

// AllContracts walks every contract of an instance, fetching pages as the
// loop asks for them.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/contracts (api-manager listOrganizationsEnvironmentsApisContracts): scope read:api_contracts (spec).
func (s *Service) AllContracts(ctx context.Context, orgID, envID string, instanceID int, opts *ListContractsOptions) iter.Seq2[Contract, error] {
	return service.All(ctx, opts, 100, func(o *ListContractsOptions) *anypoint.ListOptions { return &o.ListOptions },
		func(ctx context.Context, o *ListContractsOptions) (*anypoint.Page[Contract], error) {
			return s.ListContracts(ctx, orgID, envID, instanceID, o)
		})
}

// GetContract returns one contract of an instance.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/contracts/{contractId} (api-manager getOrganizationsEnvironmentsApisContracts): scope read:api_contracts (spec).
func (s *Service) GetContract(ctx context.Context, orgID, envID string, instanceID, contractID int) (*Contract, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "contractID", contractID)
	if err != nil {
		return nil, err
	}
	var c Contract
	if err := s.call(ctx, getContr, nil, nil, &c, args...); err != nil {
		return nil, err
	}
	return &c, nil
}

// CreateContract asks for a contract between a client application and an
// instance. It is APPROVED at once when the tier approves automatically,
// PENDING otherwise (see ApproveContract).
//
// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/contracts (api-manager createOrganizationsEnvironmentsApisContracts): scopes manage:api_contracts and read:exchange (spec).
func (s *Service) CreateContract(ctx context.Context, orgID, envID string, instanceID int, req *ContractRequest) (*Contract, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if req.ApplicationID <= 0 {
		return nil, &anypoint.ValidationError{Field: "ApplicationID", Reason: "must be a positive ID"}
	}
	if req.RequestedTierID < 0 {
		return nil, &anypoint.ValidationError{Field: "RequestedTierID", Reason: "must not be negative"}
	}
	body := map[string]any{"applicationId": req.ApplicationID}
	if req.RequestedTierID > 0 {
		body["requestedTierId"] = req.RequestedTierID
	}
	if req.Reason != "" {
		if len(req.Reason) > 500 {
			return nil, &anypoint.ValidationError{Field: "Reason", Reason: "must be at most 500 characters"}
		}
		body["requestAccessInfo"] = map[string]string{"reason": req.Reason}
	}
	var c Contract
	if err := s.call(ctx, createCont, nil, body, &c, args...); err != nil {
		return nil, err
	}
	return &c, nil
}

// ChangeContractTier moves a contract to another SLA tier of the instance.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/contracts/{contractId} (api-manager updateOrganizationsEnvironmentsApisContracts): scopes manage:api_contracts and read:exchange (spec).
func (s *Service) ChangeContractTier(ctx context.Context, orgID, envID string, instanceID, contractID, tierID int) (*Contract, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "contractID", contractID, "tierID", tierID)
	if err != nil {
		return nil, err
	}
	var c Contract
	if err := s.call(ctx, patchContr, nil, map[string]int{"tierId": tierID}, &c, args[:len(args)-1]...); err != nil {
		return nil, err
	}
	return &c, nil
}

// DeleteContract deletes a contract (the platform lets only a revoked or
// rejected one go).
//
// DELETE /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/contracts/{contractId} (api-manager deleteOrganizationsEnvironmentsApisContracts): scope manage:api_contracts (spec).
func (s *Service) DeleteContract(ctx context.Context, orgID, envID string, instanceID, contractID int) error {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "contractID", contractID)
	if err != nil {
		return err
	}
	return s.call(ctx, deleteCont, nil, nil, nil, args...)
}

// ContractRef names a contract on the API Platform paths that change its
// status: the API, the instance (a version of the API, there) and the
// contract.
type ContractRef struct {
	// APIID is the API the instance belongs to (APIAsset.ID of ListAPIs).
	APIID int
	// InstanceID is the API instance.
	InstanceID int
	// ContractID is the contract.
	ContractID int
}

// contractStatus posts to one of the status paths of the API Platform.
func (s *Service) contractStatus(ctx context.Context, orgID string, ref ContractRef, ep *endpoint.Endpoint) (*Contract, error) {
	args, err := orgArgs(orgID, "APIID", ref.APIID, "InstanceID", ref.InstanceID, "ContractID", ref.ContractID)
	if err != nil {
		return nil, err
	}
	var c Contract
	if err := service.Call(ctx, s.client, service.Request{Endpoint: ep, Args: append([]string{platformVersion}, args...)}, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// platformVersion is the {version} of the API Platform's paths.
const platformVersion = "v2"

// ApproveContract approves a PENDING contract.
//
// POST /apiplatform/repository/{version}/organizations/{organizationId}/apis/{apiId}/versions/{apiVersionId}/contracts/{contractId}/approve (api-platform createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidApprove): scope manage:api_contracts (assumed).
func (s *Service) ApproveContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error) {
	return s.contractStatus(ctx, orgID, ref, approveCon)
}

// RejectContract rejects a PENDING contract.
//
// POST /apiplatform/repository/{version}/organizations/{organizationId}/apis/{apiId}/versions/{apiVersionId}/contracts/{contractId}/reject (api-platform createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidReject): scope manage:api_contracts (assumed).
func (s *Service) RejectContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error) {
	return s.contractStatus(ctx, orgID, ref, rejectCon)
}

// RevokeContract revokes an APPROVED contract: the application is refused
// from then on.
//
// POST /apiplatform/repository/{version}/organizations/{organizationId}/apis/{apiId}/versions/{apiVersionId}/contracts/{contractId}/revoke (api-platform createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidRevoke): scope manage:api_contracts (assumed).
func (s *Service) RevokeContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error) {
	return s.contractStatus(ctx, orgID, ref, revokeCon)
}

// RestoreContract approves a REVOKED contract again.
//
// POST /apiplatform/repository/{version}/organizations/{organizationId}/apis/{apiId}/versions/{apiVersionId}/contracts/{contractId}/restore (api-platform createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractidRestore): scope manage:api_contracts (assumed).
func (s *Service) RestoreContract(ctx context.Context, orgID string, ref ContractRef) (*Contract, error) {
	return s.contractStatus(ctx, orgID, ref, restoreCon)
}

// ImportApplicationRequest imports a client application from an external
// client provider (the spec's application-import).
type ImportApplicationRequest struct {
	// ClientID is the client's ID in the provider; required, 1 to 20
	// characters of letters, digits, "-", "_", "." and "~".
	ClientID string `json:"clientId"`
	// ProviderID is the client provider's ID in Access Management (a
	// UUID); required.
	ProviderID string `json:"providerId"`
	// Description says what the application is.
	Description string `json:"description,omitempty"`
	// URL is its home page.
	URL string `json:"url,omitempty"`
}

var (
	importClientID = regexp.MustCompile(`^[a-zA-Z0-9._~-]{1,20}$`)
	uuidPattern    = regexp.MustCompile(`^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$`)
)

// ImportClientApplication imports a client application from an external
// client provider, so that it can hold contracts. The app needs "Manage
// Client Applications" of the organization.
//
// POST /apimanager/api/v1/organizations/{organizationId}/applications (api-manager createOrganizationsApplications): scope manage:org_client_applications (spec).
func (s *Service) ImportClientApplication(ctx context.Context, orgID string, req *ImportApplicationRequest) (*ClientApplication, error) {
	args, err := orgArgs(orgID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if !importClientID.MatchString(req.ClientID) {
		return nil, &anypoint.ValidationError{Field: "ClientID", Reason: `must be 1 to 20 letters, digits, "-", "_", "." or "~"`}
	}
	if !uuidPattern.MatchString(strings.TrimSpace(req.ProviderID)) {
		return nil, &anypoint.ValidationError{Field: "ProviderID", Reason: "must be the client provider's UUID"}
	}
	var a ClientApplication
	if err := s.call(ctx, importApp, nil, req, &a, args...); err != nil {
		return nil, err
	}
	return &a, nil
}
