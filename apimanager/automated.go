package apimanager

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"

	anypoint "github.com/anypoint-go/anypoint"
)

// AutomatedPolicy is a policy applied to every API instance of an
// environment whose runtime matches its rule.
type AutomatedPolicy struct {
	// ID is its ID.
	ID int `json:"id"`
	// RuleOfApplication says which instances it applies to.
	RuleOfApplication RuleOfApplication `json:"ruleOfApplication"`
	// PolicyTemplateID is its template.
	PolicyTemplateID string `json:"policyTemplateId"`
	// GroupID, AssetID and AssetVersion are the policy's asset.
	GroupID string `json:"groupId"`
	// AssetID is the policy's asset ID.
	AssetID string `json:"assetId"`
	// AssetVersion is the policy's asset version.
	AssetVersion string `json:"assetVersion"`
	// ConfigurationData is its configuration.
	ConfigurationData map[string]any `json:"configurationData"`
	// Order is its place in the chain.
	Order int `json:"order"`
	// Disabled is true when it is not enforced.
	Disabled bool `json:"disabled"`
	// Audit holds its dates.
	Audit Audit `json:"audit"`
}

// RuleOfApplication says which instances an automated policy applies to.
type RuleOfApplication struct {
	// OrganizationID is the business group.
	OrganizationID string `json:"organizationId,omitempty"`
	// EnvironmentID is the environment; required.
	EnvironmentID string `json:"environmentId"`
	// Technologies is one of "mule4" or "flexGateway"; empty for both.
	Technologies []Technology `json:"technologies,omitempty"`
	// Range limits the runtime versions.
	Range *VersionRange `json:"range,omitempty"`
}

// VersionRange is a range of runtime versions.
type VersionRange struct {
	// From is the first version; required.
	From string `json:"from"`
	// To is the last version; empty for no end.
	To string `json:"to,omitempty"`
}

// AutomatedPolicyRequest creates an automated policy (the spec's
// automatedPolicy.json).
type AutomatedPolicyRequest struct {
	// Rule says which instances it applies to; its EnvironmentID is
	// required.
	Rule RuleOfApplication
	// Config is the policy and its configuration, checked as ApplyPolicy
	// checks it.
	Config PolicyConfig
	// Order is its place in the chain; zero lets the platform choose.
	Order int
	// Disabled creates it without enforcing it.
	Disabled bool
}

// oneOrMany reads either one object or a list of them.
type oneOrMany[T any] struct{ items []T }

// UnmarshalJSON reads an object as a list of one.
func (o *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		return json.Unmarshal(t, &o.items)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.items = []T{v}
	return nil
}

func (o *oneOrMany[T]) last() *T {
	if len(o.items) == 0 {
		return new(T)
	}
	return &o.items[len(o.items)-1]
}

// ListAutomatedPolicies returns the automated policies of an environment.
//
// GET /apimanager/api/v1/organizations/{organizationId}/automated-policies (api-manager listOrganizationsAutomatedpolicies): scope read:api_policies (spec).
func (s *Service) ListAutomatedPolicies(ctx context.Context, orgID, envID string) ([]AutomatedPolicy, error) {
	if _, err := envArgs(orgID, envID); err != nil {
		return nil, err
	}
	var v struct {
		AutomatedPolicies []AutomatedPolicy `json:"automatedPolicies"`
	}
	q := struct {
		EnvironmentID string `url:"environmentId"`
	}{envID}
	if err := s.call(ctx, listAuto, q, nil, &v, orgID); err != nil {
		return nil, err
	}
	if v.AutomatedPolicies == nil {
		v.AutomatedPolicies = []AutomatedPolicy{}
	}
	return v.AutomatedPolicies, nil
}

// GetAutomatedPolicy returns one automated policy.
//
// GET /apimanager/api/v1/organizations/{organizationId}/automated-policies/{automatedPolicyId} (api-manager getOrganizationsAutomatedpolicies): scope read:api_policies (spec).
func (s *Service) GetAutomatedPolicy(ctx context.Context, orgID string, automatedPolicyID int) (*AutomatedPolicy, error) {
	args, err := orgArgs(orgID, "automatedPolicyID", automatedPolicyID)
	if err != nil {
		return nil, err
	}
	var p AutomatedPolicy
	if err := s.call(ctx, getAuto, nil, nil, &p, args...); err != nil {
		return nil, err
	}
	return &p, nil
}

// CreateAutomatedPolicy applies a policy to every matching instance of an
// environment, its configuration checked as ApplyPolicy checks it.
//
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates (api-manager listOrganizationsPolicytemplates): scope read:api_policies (spec).
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates/{policyTemplateId} (api-manager getOrganizationsPolicytemplates): scope read:api_policies or manage:api_policies (assumed).
// POST /apimanager/api/v1/organizations/{organizationId}/automated-policies (api-manager createOrganizationsAutomatedpolicies): scope manage:api_policies (spec).
func (s *Service) CreateAutomatedPolicy(ctx context.Context, orgID string, req *AutomatedPolicyRequest) (*AutomatedPolicy, error) {
	args, err := orgArgs(orgID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if req.Rule.EnvironmentID == "" {
		return nil, &anypoint.ValidationError{Field: "Rule.EnvironmentID", Reason: "is required"}
	}
	if len(req.Rule.Technologies) > 1 {
		return nil, &anypoint.ValidationError{Field: "Rule.Technologies", Reason: "may name one technology"}
	}
	for i, t := range req.Rule.Technologies {
		if t != Mule4 && t != FlexGateway {
			return nil, &anypoint.ValidationError{Field: "Rule.Technologies[" + strconv.Itoa(i) + "]", Reason: "must be mule4 or flexGateway"}
		}
	}
	if req.Rule.Range != nil && req.Rule.Range.From == "" {
		return nil, &anypoint.ValidationError{Field: "Rule.Range.From", Reason: "is required"}
	}
	if req.Order < 0 {
		return nil, &anypoint.ValidationError{Field: "Order", Reason: "must not be negative"}
	}
	conf, err := s.checkConfig(ctx, orgID, req.Config, "")
	if err != nil {
		return nil, err
	}
	a := req.Config.PolicyAsset()
	body := map[string]any{"ruleOfApplication": req.Rule, "groupId": a.GroupID, "assetId": a.AssetID,
		"assetVersion": a.Version, "configurationData": conf, "disabled": req.Disabled}
	if req.Order > 0 {
		body["order"] = req.Order
	}
	var p AutomatedPolicy
	if err := s.call(ctx, createAuto, nil, body, &p, args...); err != nil {
		return nil, err
	}
	return &p, nil
}

// DeleteAutomatedPolicy deletes an automated policy: it leaves every
// instance it was applied to.
//
// DELETE /apimanager/api/v1/organizations/{organizationId}/automated-policies/{automatedPolicyId} (api-manager deleteOrganizationsAutomatedpolicies): scope manage:api_policies (spec).
func (s *Service) DeleteAutomatedPolicy(ctx context.Context, orgID string, automatedPolicyID int) error {
	args, err := orgArgs(orgID, "automatedPolicyID", automatedPolicyID)
	if err != nil {
		return err
	}
	return s.call(ctx, deleteAuto, nil, nil, nil, args...)
}
