package apimanager

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/anypoint-go/anypoint/internal/service"
	"net/http"
	"slices"
	"strconv"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// Direction is the way of the traffic a policy acts on: the requests that
// come in to the API (inbound, every policy of a Mule 4 API) or the calls
// the gateway makes to upstream services (outbound, Flex Gateway).
type Direction string

// The directions.
const (
	Inbound  Direction = "inbound"
	Outbound Direction = "outbound"
)

// Policy is a policy applied to an API instance, as the spec's
// policies.yaml describes it.
type Policy struct {
	// ID is the policy's ID.
	ID int `json:"id"`
	// PolicyTemplateID is the ID of its template.
	PolicyTemplateID string `json:"policyTemplateId"`
	// GroupID, AssetID and AssetVersion are its Exchange asset.
	GroupID string `json:"groupId"`
	// AssetID is the policy's asset ID ("rate-limiting").
	AssetID string `json:"assetId"`
	// AssetVersion is the policy's asset version.
	AssetVersion string `json:"assetVersion"`
	// ConfigurationData is its configuration, as the template defines it.
	ConfigurationData map[string]any `json:"configurationData"`
	// Order is its place in the chain: 1 runs first.
	Order int `json:"order"`
	// Disabled is true for a policy that is not enforced.
	Disabled bool `json:"disabled"`
	// PointcutData limits the policy to some methods and resources; empty
	// applies it to every request.
	PointcutData []Pointcut `json:"pointcutData"`
	// ImplementationAsset is the asset that implements the policy on the
	// instance's runtime.
	ImplementationAsset *ImplementationAsset `json:"implementationAsset,omitempty"`
	// Type is "system" for MuleSoft's policies, "custom" for an
	// organization's own.
	Type string `json:"type"`
	// APIID is the instance the policy is applied to.
	APIID int `json:"apiId"`
	// OrganizationID is the business group it belongs to.
	OrganizationID string `json:"organizationId"`
	// MasterOrganizationID is its root organization.
	MasterOrganizationID string `json:"masterOrganizationId"`
	// Audit holds its dates.
	Audit Audit `json:"audit"`
}

// Pointcut limits a policy to the requests whose method and resource match
// both regular expressions.
type Pointcut struct {
	// MethodRegex matches the HTTP method ("GET|POST").
	MethodRegex string `json:"methodRegex"`
	// URITemplateRegex matches the resource path ("/orders/.*").
	URITemplateRegex string `json:"uriTemplateRegex"`
}

// ImplementationAsset is the asset that implements a policy on a runtime.
type ImplementationAsset struct {
	// GroupID is its group.
	GroupID string `json:"groupId"`
	// AssetID is its ID.
	AssetID string `json:"assetId"`
	// Version is its version.
	Version string `json:"version"`
	// Technology is the runtime it is for ("mule4", "flexGateway").
	Technology string `json:"technology"`
	// MinRuntimeVersion is the oldest runtime it runs on.
	MinRuntimeVersion string `json:"minRuntimeVersion"`
	// SupportedJavaVersions lists the Java versions it runs on.
	SupportedJavaVersions []string `json:"supportedJavaVersions"`
}

// ApplyPolicyRequest applies a policy to an instance.
type ApplyPolicyRequest struct {
	// Config is the policy and its configuration: one of the typed
	// configurations (RateLimiting, ClientIDEnforcement, …) or
	// GenericPolicy for any other; required.
	Config PolicyConfig
	// Direction is Inbound, the default when empty: a policy whose
	// template supports only outbound traffic is refused before any
	// request (the platform answers "can not be applied as inbound"). The
	// published spec has no operation that applies an outbound policy, so
	// Outbound is refused too, naming Direction; ValidatePolicy checks an
	// outbound configuration.
	Direction Direction
	// Order is the policy's place in the chain; zero appends it.
	Order int
	// Disabled applies the policy without enforcing it.
	Disabled bool
	// Pointcuts limits it to some requests; nil applies it to all.
	Pointcuts []Pointcut
}

// UpdatePolicyRequest changes an applied policy; nil fields keep theirs.
type UpdatePolicyRequest struct {
	// Config replaces the configuration. It is checked against the
	// template of its own asset, which must be the policy's (the platform
	// checks it against the policy's template).
	Config PolicyConfig
	// Pointcuts replaces the pointcuts; a non-nil empty slice removes them.
	Pointcuts []Pointcut
	// Disabled disables (true) or enables (false) the policy.
	Disabled *bool
}

// ListPolicies returns the policies applied to an instance, in order.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies (api-manager listOrganizationsEnvironmentsApisPolicies): scope read:api_policies (spec).
func (s *Service) ListPolicies(ctx context.Context, orgID, envID string, instanceID int) ([]Policy, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	list := service.UnpagedList[Policy]()
	if err := s.call(ctx, listPolicy, nil, nil, list, args...); err != nil {
		return nil, err
	}
	out := list.Items
	if out == nil {
		out = []Policy{}
	}
	slices.SortStableFunc(out, func(a, b Policy) int { return a.Order - b.Order })
	return out, nil
}

// GetPolicy returns one policy of an instance. The spec describes the
// answer as a list of policies; GetPolicy reads the policy from either a
// list or an object.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies/{policyId} (api-manager getOrganizationsEnvironmentsApisPolicies): scope read:api_policies (spec).
func (s *Service) GetPolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) (*Policy, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "policyID", policyID)
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := s.call(ctx, getPol, nil, nil, &raw, args...); err != nil {
		return nil, err
	}
	return decodePolicy(raw, policyID)
}

// decodePolicy reads a policy from an object, or the one of id from a list.
func decodePolicy(raw json.RawMessage, id int) (*Policy, error) {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		var list []Policy
		if err := json.Unmarshal(t, &list); err != nil {
			return nil, &anypoint.DecodeError{Err: err}
		}
		for i := range list {
			if list[i].ID == id || len(list) == 1 {
				return &list[i], nil
			}
		}
		return nil, &anypoint.DecodeError{Err: errors.New("the answer lists no policy " + strconv.Itoa(id))}
	}
	var p Policy
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, &anypoint.DecodeError{Err: err}
	}
	return &p, nil
}

// ApplyPolicy applies a policy to an instance and returns it.
//
// A bad configuration never reaches the platform: the typed
// configuration's own checks run first, then the configuration is checked
// against its template's definition (see ValidatePolicy), and either
// refusal is an *anypoint.ValidationError naming the field ("Config.rateLimits").
//
// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies (api-manager createOrganizationsEnvironmentsApisPolicies): scope manage:api_policies (spec).
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates (api-manager listOrganizationsPolicytemplates): scope read:api_policies (spec).
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates/{policyTemplateId} (api-manager getOrganizationsPolicytemplates): scope read:api_policies or manage:api_policies (assumed).
func (s *Service) ApplyPolicy(ctx context.Context, orgID, envID string, instanceID int, req *ApplyPolicyRequest) (*Policy, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if req.Order < 0 {
		return nil, &anypoint.ValidationError{Field: "Order", Reason: "must not be negative"}
	}
	if req.Direction == Outbound {
		return nil, &anypoint.ValidationError{Field: "Direction", Reason: "outbound policies are applied by an operation the published API Manager spec does not have (Flex Gateway's outbound-policies)"}
	}
	conf, err := s.checkConfig(ctx, orgID, req.Config, req.Direction)
	if err != nil {
		return nil, err
	}
	asset := req.Config.PolicyAsset()
	body := map[string]any{
		"groupId": asset.GroupID, "assetId": asset.AssetID, "assetVersion": asset.Version,
		"configurationData": conf, "pointcutData": req.Pointcuts,
	}
	if req.Order > 0 {
		body["order"] = req.Order
	}
	if req.Disabled {
		body["disabled"] = true
	}
	var raw json.RawMessage
	if err := s.call(ctx, applyPol, nil, body, &raw, args...); err != nil {
		return nil, err
	}
	return decodePolicy(raw, 0)
}

// UpdatePolicy changes an applied policy, its configuration checked as
// ApplyPolicy checks it, and returns it.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies/{policyId} (api-manager patchOrganizationsEnvironmentsApisPolicy): scope manage:api_policies (spec).
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates (api-manager listOrganizationsPolicytemplates): scope read:api_policies (spec).
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates/{policyTemplateId} (api-manager getOrganizationsPolicytemplates): scope read:api_policies or manage:api_policies (assumed).
func (s *Service) UpdatePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int, req *UpdatePolicyRequest) (*Policy, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "policyID", policyID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	body := map[string]any{}
	if req.Config != nil {
		conf, err := s.checkConfig(ctx, orgID, req.Config, "")
		if err != nil {
			return nil, err
		}
		body["configurationData"] = conf
	}
	if req.Pointcuts != nil {
		body["pointcutData"] = req.Pointcuts
	}
	if req.Disabled != nil {
		body["disabled"] = *req.Disabled
	}
	if len(body) == 0 {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "changes nothing"}
	}
	return s.patchPolicy(ctx, body, policyID, args)
}

func (s *Service) patchPolicy(ctx context.Context, body map[string]any, policyID int, args []string) (*Policy, error) {
	var raw json.RawMessage
	if err := s.call(ctx, patchPol, nil, body, &raw, args...); err != nil {
		return nil, err
	}
	return decodePolicy(raw, policyID)
}

// EnablePolicy enforces a disabled policy again.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies/{policyId} (api-manager patchOrganizationsEnvironmentsApisPolicy): scope manage:api_policies (spec).
func (s *Service) EnablePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) (*Policy, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "policyID", policyID)
	if err != nil {
		return nil, err
	}
	return s.patchPolicy(ctx, map[string]any{"disabled": false}, policyID, args)
}

// DisablePolicy keeps a policy applied but stops enforcing it.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies/{policyId} (api-manager patchOrganizationsEnvironmentsApisPolicy): scope manage:api_policies (spec).
func (s *Service) DisablePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) (*Policy, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "policyID", policyID)
	if err != nil {
		return nil, err
	}
	return s.patchPolicy(ctx, map[string]any{"disabled": true}, policyID, args)
}

// RemovePolicy removes a policy from an instance.
//
// DELETE /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies/{policyId} (api-manager deleteOrganizationsEnvironmentsApisPolicies): scope manage:api_policies (spec).
func (s *Service) RemovePolicy(ctx context.Context, orgID, envID string, instanceID, policyID int) error {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "policyID", policyID)
	if err != nil {
		return err
	}
	return s.call(ctx, deletePol, nil, nil, nil, args...)
}

// ReorderPolicies puts the instance's policies in the order of policyIDs,
// the first to run first. The spec's bulk update changes only the order.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/policies (api-manager updateOrganizationsEnvironmentsApisPoliciesBulk): scope manage:api_policies (spec).
func (s *Service) ReorderPolicies(ctx context.Context, orgID, envID string, instanceID int, policyIDs []int) error {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return err
	}
	if len(policyIDs) == 0 {
		return &anypoint.ValidationError{Field: "policyIDs", Reason: "must not be empty"}
	}
	body := make([]map[string]int, len(policyIDs))
	seen := map[int]bool{}
	for i, id := range policyIDs {
		field := "policyIDs[" + strconv.Itoa(i) + "]"
		if id <= 0 {
			return &anypoint.ValidationError{Field: field, Reason: "must be a positive ID"}
		}
		if seen[id] {
			return &anypoint.ValidationError{Field: field, Reason: "repeats policy " + strconv.Itoa(id)}
		}
		seen[id] = true
		body[i] = map[string]int{"id": id, "order": i + 1}
	}
	return s.call(ctx, orderPol, nil, body, nil, args...)
}

// checkConfig runs the typed checks of cfg, then the template's, and
// returns the configuration to send.
func (s *Service) checkConfig(ctx context.Context, orgID string, cfg PolicyConfig, dir Direction) (map[string]any, error) {
	if cfg == nil {
		return nil, &anypoint.ValidationError{Field: "Config", Reason: "must not be nil"}
	}
	switch dir {
	case "", Inbound, Outbound:
	default:
		return nil, &anypoint.ValidationError{Field: "Direction", Reason: `must be "inbound" or "outbound"`}
	}
	a := cfg.PolicyAsset()
	for _, f := range []struct{ name, v string }{{"GroupID", a.GroupID}, {"AssetID", a.AssetID}, {"Version", a.Version}} {
		if strings.TrimSpace(f.v) == "" {
			return nil, &anypoint.ValidationError{Field: "Config.Asset." + f.name, Reason: "is required"}
		}
	}
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	conf, err := cfg.Configuration()
	if err != nil {
		return nil, err
	}
	def, err := s.definition(ctx, orgID, a)
	if err != nil {
		return nil, err
	}
	if def != nil {
		if err := def.Validate(conf, dir); err != nil {
			return nil, err
		}
	}
	return conf, nil
}

// isAPIError reports whether err is the platform's answer (any status),
// rather than a failure to get one.
func isAPIError(err error) bool {
	var e *anypoint.Error
	return errors.As(err, &e)
}

// isNotFound reports whether err is a 404 answer.
func isNotFound(err error) bool {
	var e *anypoint.Error
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}
