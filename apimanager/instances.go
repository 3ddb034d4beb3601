package apimanager

import (
	"context"
	"encoding/json"
	"iter"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Technology is the runtime that enforces an API instance's policies, as
// the spec's api-oas.json enumerates it.
type Technology string

// The technologies of the spec.
const (
	Mule3       Technology = "mule3"
	Mule4       Technology = "mule4"
	FlexGateway Technology = "flexGateway"
	ServiceMesh Technology = "serviceMesh"
)

// DeploymentType is where a proxy or the implementation runs
// (endpoint.deploymentType in the spec).
type DeploymentType string

// The deployment types of the spec.
const (
	CloudHub       DeploymentType = "CH"
	CloudHub2      DeploymentType = "CH2"
	Hybrid         DeploymentType = "HY"
	RuntimeFabric  DeploymentType = "RF"
	ServiceMeshDep DeploymentType = "SM"
)

// Audit is the created and updated dates the platform keeps on most of
// its objects.
type Audit struct {
	// Created holds the creation date.
	Created AuditDate `json:"created"`
	// Updated holds the date of the last change (zero when never changed).
	Updated AuditDate `json:"updated"`
}

// AuditDate is one date of an Audit.
type AuditDate struct {
	// Date is when it happened.
	Date anypoint.Time `json:"date"`
}

// APIAsset is one entry of ListAPIs' answer: an API (the Exchange asset
// the instances were made from) with its instances in the environment.
type APIAsset struct {
	// ID is the API's ID (the apiId of the contract approval paths).
	ID int `json:"id"`
	// Name is the API's name.
	Name string `json:"name"`
	// GroupID and AssetID are the Exchange asset's coordinates (empty for
	// an API that was not made from Exchange).
	GroupID string `json:"groupId"`
	// AssetID is the asset's ID in its group.
	AssetID string `json:"assetId"`
	// OrganizationID is the business group the API belongs to.
	OrganizationID string `json:"organizationId"`
	// MasterOrganizationID is its root organization.
	MasterOrganizationID string `json:"masterOrganizationId"`
	// APIs are the API's instances that matched the search.
	APIs []APIInstance `json:"apis"`
	// TotalAPIs is how many instances the API has in the environment.
	TotalAPIs int `json:"totalApis"`
	// Audit holds its dates.
	Audit Audit `json:"audit"`
}

// APIInstance is an API instance of an environment: what API Manager
// governs (policies, tiers, contracts, alerts).
type APIInstance struct {
	// ID is the instance's ID (environmentApiId in the spec's paths). The
	// spec's answers to get and create name it apiId; ID reads either.
	ID int `json:"id"`
	// APIID is the ID of the API the instance belongs to, where the answer
	// carries it apart from the instance's own (see APIAsset.ID).
	APIID int `json:"-"`
	// OrganizationID is the business group of the instance.
	OrganizationID string `json:"organizationId"`
	// MasterOrganizationID is its root organization.
	MasterOrganizationID string `json:"masterOrganizationId"`
	// EnvironmentID is its environment.
	EnvironmentID string `json:"environmentId"`
	// InstanceLabel is the label that tells instances of one asset apart.
	InstanceLabel string `json:"instanceLabel"`
	// AutodiscoveryInstanceName is the name a Mule app's autodiscovery
	// element gives, with the ID, to pair with the instance.
	AutodiscoveryInstanceName string `json:"autodiscoveryInstanceName"`
	// GroupID, AssetID and AssetVersion are the Exchange asset's
	// coordinates.
	GroupID string `json:"groupId"`
	// AssetID is the asset's ID in its group.
	AssetID string `json:"assetId"`
	// AssetVersion is the asset version the instance was made from.
	AssetVersion string `json:"assetVersion"`
	// ProductVersion is the API's product version ("v1").
	ProductVersion string `json:"productVersion"`
	// Technology is the runtime that enforces its policies.
	Technology Technology `json:"technology"`
	// Status is the instance's status as the platform reports it
	// ("active", "inactive", "unregistered"), when the answer carries it.
	Status string `json:"status"`
	// Description is the instance's description.
	Description string `json:"description"`
	// Tags are its tags.
	Tags []string `json:"tags"`
	// Order is its place among the API's instances.
	Order int `json:"order"`
	// Deprecated is true for a deprecated instance.
	Deprecated bool `json:"deprecated"`
	// Pinned is true for a pinned instance.
	Pinned bool `json:"pinned"`
	// EndpointURI is the implementation's URI, in search answers.
	EndpointURI string `json:"endpointUri"`
	// Endpoint is the endpoint configuration, in get and update answers.
	Endpoint *Endpoint `json:"endpoint,omitempty"`
	// ActiveContractsCount is how many contracts are approved, in search
	// answers.
	ActiveContractsCount int `json:"activeContractsCount"`
	// LastActiveDate is when a gateway last reported the instance.
	LastActiveDate anypoint.Time `json:"lastActiveDate"`
	// Audit holds its dates.
	Audit Audit `json:"audit"`
}

// UnmarshalJSON reads the instance from any of the spec's answers: the
// instance's ID is "id" in search and update answers, "apiId" in get and
// create answers (where there is no "id").
func (a *APIInstance) UnmarshalJSON(b []byte) error {
	type plain APIInstance
	var v struct {
		plain
		APIID *int `json:"apiId"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*a = APIInstance(v.plain)
	if v.APIID != nil {
		if a.ID == 0 {
			a.ID = *v.APIID
		} else {
			a.APIID = *v.APIID
		}
	}
	return nil
}

// Endpoint is an instance's endpoint configuration: where the
// implementation is, and where a proxy listens.
type Endpoint struct {
	// ID is the endpoint's ID, in answers.
	ID int `json:"id,omitempty"`
	// Type is the endpoint's type ("http", "raml", "wsdl"), in answers.
	Type string `json:"type,omitempty"`
	// URI is the implementation's URL (the upstream a proxy forwards to);
	// the spec's create request requires the field, null allowed.
	URI *string `json:"uri"`
	// ProxyURI is where a proxy listens ("http://0.0.0.0:8081/"); null for
	// a basic endpoint (no proxy).
	ProxyURI *string `json:"proxyUri"`
	// IsCloudHub is true when the proxy runs on CloudHub; null when
	// unknown.
	IsCloudHub *bool `json:"isCloudHub"`
	// DeploymentType is where it runs.
	DeploymentType DeploymentType `json:"deploymentType,omitempty"`
	// ReferencesUserDomain is true when the proxy uses a Mule domain's
	// listener.
	ReferencesUserDomain *bool `json:"referencesUserDomain,omitempty"`
	// ResponseTimeout is the proxy's response timeout in milliseconds.
	ResponseTimeout *int `json:"responseTimeout,omitempty"`
	// MuleVersion4OrAbove is true for a Mule 4 proxy.
	MuleVersion4OrAbove *bool `json:"muleVersion4OrAbove,omitempty"`
	// ProxyTemplate is the Exchange asset of the proxy application.
	ProxyTemplate *ProxyTemplate `json:"proxyTemplate,omitempty"`
	// Validation is the proxy's request validation: "NOT_APPLICABLE",
	// "DISABLED", "ENABLED" or "STRICT_QUERY_PARAMS".
	Validation string `json:"validation,omitempty"`
}

// ProxyTemplate is the Exchange asset of a proxy application.
type ProxyTemplate struct {
	// GroupID is the asset's group.
	GroupID string `json:"groupId,omitempty"`
	// AssetID is the asset's ID.
	AssetID string `json:"assetId,omitempty"`
	// AssetVersion is its version.
	AssetVersion string `json:"assetVersion,omitempty"`
}

// AssetRef names an Exchange asset version (the spec's "spec" object).
type AssetRef struct {
	// GroupID is the asset's group (usually the organization ID).
	GroupID string `json:"groupId"`
	// AssetID is the asset's ID.
	AssetID string `json:"assetId"`
	// Version is the asset version.
	Version string `json:"version"`
}

// CreateAPIRequest makes an API instance from an Exchange asset
// (createOrganizationsEnvironmentsApis with a "spec").
type CreateAPIRequest struct {
	// Spec is the Exchange asset; required.
	Spec AssetRef `json:"spec"`
	// Technology is the runtime that enforces its policies; required.
	Technology Technology `json:"technology"`
	// Endpoint is the endpoint configuration; nil lets the platform choose
	// (a basic endpoint, no proxy).
	Endpoint *Endpoint `json:"endpoint,omitempty"`
	// InstanceLabel tells instances of one asset apart; optional, at most
	// 255 characters.
	InstanceLabel string `json:"instanceLabel,omitempty"`
	// ProviderID is the client provider whose applications may hold
	// contracts; empty takes the organization's default.
	ProviderID string `json:"providerId,omitempty"`
}

// PromoteAPIRequest copies an instance of another environment into this
// one (createOrganizationsEnvironmentsApis with a "promote").
type PromoteAPIRequest struct {
	// OriginAPIID is the instance to copy; required.
	OriginAPIID int
	// Policies, Tiers, Contracts and Alerts copy the origin's ones too.
	Policies bool
	// Tiers copies its SLA tiers.
	Tiers bool
	// Contracts copies its contracts.
	Contracts bool
	// Alerts copies its alerts.
	Alerts bool
	// InstanceLabel labels the copy; optional.
	InstanceLabel string
}

// UpdateAPIRequest changes an instance (patchOrganizationsEnvironmentsApis):
// only the fields set are sent.
type UpdateAPIRequest struct {
	// AssetVersion moves the instance to another version of its asset.
	AssetVersion string `json:"assetVersion,omitempty"`
	// InstanceLabel changes its label.
	InstanceLabel *string `json:"instanceLabel,omitempty"`
	// Description changes its description.
	Description *string `json:"description,omitempty"`
	// Endpoint replaces its endpoint configuration.
	Endpoint *Endpoint `json:"endpoint,omitempty"`
	// Deprecated deprecates the instance, or undoes it.
	Deprecated *bool `json:"deprecated,omitempty"`
}

// ListAPIsOptions are the filters and paging of ListAPIs, as the spec
// declares them. Paging counts APIs (assets), each with all its instances.
type ListAPIsOptions struct {
	anypoint.ListOptions
	// Query matches name, description, label and tags, partly.
	Query string `url:"query,omitempty"`
	// GroupID, AssetID and AssetVersion match the Exchange asset exactly.
	GroupID string `url:"groupId,omitempty"`
	// AssetID matches the asset's ID exactly.
	AssetID string `url:"assetId,omitempty"`
	// AssetVersion matches the asset version exactly.
	AssetVersion string `url:"assetVersion,omitempty"`
	// InstanceLabel matches the label exactly.
	InstanceLabel string `url:"instanceLabel,omitempty"`
	// ProductVersion matches the product version exactly.
	ProductVersion string `url:"productVersion,omitempty"`
	// AutodiscoveryInstanceName matches exactly.
	AutodiscoveryInstanceName string `url:"autodiscoveryInstanceName,omitempty"`
	// AutodiscoveryAPIName matches exactly.
	AutodiscoveryAPIName string `url:"autodiscoveryApiName,omitempty"`
	// Family is "api", "agentic" (MCP servers) or "llm".
	Family string `url:"family,omitempty"`
	// Filters is a comma-separated list of "active" and "pinned".
	Filters string `url:"filters,omitempty"`
	// Sort is "id", "name" (the default), "createdDate" or "updatedDate".
	Sort string `url:"sort,omitempty"`
	// Ascending sorts ascending (the default) or, false, descending.
	Ascending *bool `url:"ascending,omitempty"`
}

// defaultAPIsLimit is the spec's default page size of the API search.
const defaultAPIsLimit = 100

func (o *ListAPIsOptions) check() error {
	if o == nil {
		return nil
	}
	if err := service.CheckOffset(o.ListOptions); err != nil {
		return err
	}
	switch o.Sort {
	case "", "id", "name", "createdDate", "updatedDate":
	default:
		return &anypoint.ValidationError{Field: "Sort", Reason: `must be "id", "name", "createdDate" or "updatedDate"`}
	}
	switch o.Family {
	case "", "api", "agentic", "llm":
	default:
		return &anypoint.ValidationError{Field: "Family", Reason: `must be "api", "agentic" or "llm"`}
	}
	for f := range strings.SplitSeq(o.Filters, ",") {
		if f != "" && f != "active" && f != "pinned" {
			return &anypoint.ValidationError{Field: "Filters", Reason: `may list only "active" and "pinned"`}
		}
	}
	return nil
}

// ListAPIs returns one page of the environment's APIs, each with its
// instances that match opts. The page's Total counts APIs.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis (api-manager listOrganizationsEnvironmentsApis): scope read:api_configuration (spec).
func (s *Service) ListAPIs(ctx context.Context, orgID, envID string, opts *ListAPIsOptions) (*anypoint.Page[APIAsset], error) {
	args, err := envArgs(orgID, envID)
	if err != nil {
		return nil, err
	}
	if err := opts.check(); err != nil {
		return nil, err
	}
	limit := 0
	if opts != nil {
		limit = opts.Limit
	}
	return service.ListMember[APIAsset](ctx, s.client, service.At(listAPIs, args...).WithQuery(opts), "assets", service.PageBound(limit, maxAPIsLimit))
}

// AllAPIs walks every API of the environment that matches opts, fetching
// pages as the loop asks for them.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis (api-manager listOrganizationsEnvironmentsApis): scope read:api_configuration (spec).
func (s *Service) AllAPIs(ctx context.Context, orgID, envID string, opts *ListAPIsOptions) iter.Seq2[APIAsset, error] {
	return service.All(ctx, opts, defaultAPIsLimit, func(o *ListAPIsOptions) *anypoint.ListOptions { return &o.ListOptions },
		func(ctx context.Context, o *ListAPIsOptions) (*anypoint.Page[APIAsset], error) {
			return s.ListAPIs(ctx, orgID, envID, o)
		})
}

// GetAPI returns an instance with its endpoint configuration.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId} (api-manager getOrganizationsEnvironmentsApis): scope read:api_configuration (spec).
func (s *Service) GetAPI(ctx context.Context, orgID, envID string, instanceID int) (*APIInstance, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	var a APIInstance
	if err := s.call(ctx, getAPI, nil, nil, &a, args...); err != nil {
		return nil, err
	}
	return &a, nil
}

func (r *CreateAPIRequest) check() error {
	if r == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	for _, f := range []struct{ name, v string }{{"Spec.GroupID", r.Spec.GroupID}, {"Spec.AssetID", r.Spec.AssetID}, {"Spec.Version", r.Spec.Version}} {
		if strings.TrimSpace(f.v) == "" {
			return &anypoint.ValidationError{Field: f.name, Reason: "is required"}
		}
		if len(f.v) > 256 {
			return &anypoint.ValidationError{Field: f.name, Reason: "must be at most 256 characters"}
		}
	}
	switch r.Technology {
	case Mule3, Mule4, FlexGateway, ServiceMesh:
	case "":
		return &anypoint.ValidationError{Field: "Technology", Reason: "is required (mule4, flexGateway, mule3 or serviceMesh)"}
	default:
		return &anypoint.ValidationError{Field: "Technology", Reason: "must be mule4, flexGateway, mule3 or serviceMesh"}
	}
	if len(r.InstanceLabel) > 255 {
		return &anypoint.ValidationError{Field: "InstanceLabel", Reason: "must be at most 255 characters"}
	}
	return r.Endpoint.check("Endpoint")
}

func (e *Endpoint) check(field string) error {
	if e == nil {
		return nil
	}
	switch e.DeploymentType {
	case "", CloudHub, CloudHub2, Hybrid, RuntimeFabric, ServiceMeshDep:
	default:
		return &anypoint.ValidationError{Field: field + ".DeploymentType", Reason: "must be CH, CH2, HY, RF or SM"}
	}
	switch e.Validation {
	case "", "NOT_APPLICABLE", "DISABLED", "ENABLED", "STRICT_QUERY_PARAMS":
	default:
		return &anypoint.ValidationError{Field: field + ".Validation", Reason: "must be NOT_APPLICABLE, DISABLED, ENABLED or STRICT_QUERY_PARAMS"}
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"URI", e.URI}, {"ProxyURI", e.ProxyURI}} {
		if f.v != nil && (*f.v == "" || len(*f.v) > 256) {
			return &anypoint.ValidationError{Field: field + "." + f.name, Reason: "must be 1 to 256 characters, or nil"}
		}
	}
	return nil
}

// CreateAPI makes an API instance in the environment from an Exchange
// asset. The app needs "Exchange Viewer" besides "Manage APIs
// Configuration": the platform reads the asset.
//
// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis (api-manager createOrganizationsEnvironmentsApis): scopes manage:api_configuration and read:exchange (spec).
func (s *Service) CreateAPI(ctx context.Context, orgID, envID string, req *CreateAPIRequest) (*APIInstance, error) {
	args, err := envArgs(orgID, envID)
	if err != nil {
		return nil, err
	}
	if err := req.check(); err != nil {
		return nil, err
	}
	var a APIInstance
	if err := s.call(ctx, createAPI, nil, req, &a, args...); err != nil {
		return nil, err
	}
	return &a, nil
}

// PromoteAPI copies an instance of another environment of the
// organization into this one, with its policies, tiers, contracts and
// alerts as req asks.
//
// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis (api-manager createOrganizationsEnvironmentsApis): scopes manage:api_configuration and read:exchange (spec).
func (s *Service) PromoteAPI(ctx context.Context, orgID, envID string, req *PromoteAPIRequest) (*APIInstance, error) {
	args, err := envArgs(orgID, envID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if req.OriginAPIID <= 0 {
		return nil, &anypoint.ValidationError{Field: "OriginAPIID", Reason: "must be a positive ID"}
	}
	if len(req.InstanceLabel) > 255 {
		return nil, &anypoint.ValidationError{Field: "InstanceLabel", Reason: "must be at most 255 characters"}
	}
	all := func(b bool) map[string]bool { return map[string]bool{"allEntities": b} }
	body := map[string]any{"promote": map[string]any{
		"originApiId": req.OriginAPIID, "policies": all(req.Policies), "tiers": all(req.Tiers),
		"contracts": all(req.Contracts), "alerts": all(req.Alerts),
	}}
	if req.InstanceLabel != "" {
		body["instanceLabel"] = req.InstanceLabel
	}
	var a APIInstance
	if err := s.call(ctx, createAPI, nil, body, &a, args...); err != nil {
		return nil, err
	}
	return &a, nil
}

// UpdateAPI changes the fields of an instance that req sets and returns
// the instance as the platform answers it.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId} (api-manager patchOrganizationsEnvironmentsApis): scope manage:api_configuration (spec).
func (s *Service) UpdateAPI(ctx context.Context, orgID, envID string, instanceID int, req *UpdateAPIRequest) (*APIInstance, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if *req == (UpdateAPIRequest{}) {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "changes nothing"}
	}
	if err := req.Endpoint.check("Endpoint"); err != nil {
		return nil, err
	}
	var a APIInstance
	if err := s.call(ctx, patchAPI, nil, req, &a, args...); err != nil {
		return nil, err
	}
	return &a, nil
}

// DeleteAPI deletes an instance, with its policies, tiers and contracts.
//
// DELETE /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId} (api-manager deleteOrganizationsEnvironmentsApis): scope manage:api_configuration (spec).
func (s *Service) DeleteAPI(ctx context.Context, orgID, envID string, instanceID int) error {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return err
	}
	return s.call(ctx, deleteAPI, nil, nil, nil, args...)
}
