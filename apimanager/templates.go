package apimanager

import (
	"context"
	"fmt"
	"math"
	"net"
	"slices"
	"strings"
	"sync"

	anypoint "github.com/anypoint-go/anypoint"
)

// PolicyTemplate is a policy's definition: its asset and the properties
// its configuration takes.
type PolicyTemplate struct {
	// ID is the template's ID (a policy's PolicyTemplateID).
	ID string `json:"id"`
	// GroupID, AssetID and AssetVersion are the policy's Exchange asset.
	GroupID string `json:"groupId"`
	// AssetID is the policy's asset ID.
	AssetID string `json:"assetId"`
	// AssetVersion is the asset version the definition belongs to.
	AssetVersion string `json:"assetVersion"`
	// Name is the policy's display name ("Rate limiting").
	Name string `json:"name"`
	// Description says what the policy does.
	Description string `json:"description"`
	// Category is its category ("Quality of service", "Security").
	Category string `json:"category"`
	// SupportedDirections lists the directions the policy can be applied
	// in; empty when the template states none, and either is let through.
	// (The spec gives the template no schema; this field is what the fake
	// platform answers, unconfirmed on the real one.)
	SupportedDirections []Direction `json:"supportedDirections"`
	// Configuration lists the properties of its configuration, in the
	// detail (GetPolicyTemplate) answer.
	Configuration []TemplateProperty `json:"configuration"`
}

// TemplateProperty is one property of a policy's configuration, as its
// template defines it.
type TemplateProperty struct {
	// PropertyName is the key in the configuration ("rateLimits").
	PropertyName string `json:"propertyName"`
	// Name is its display name.
	Name string `json:"name"`
	// Description says what it is for.
	Description string `json:"description"`
	// Type is its type: "string", "expression", "radio" (one of Options),
	// "int", "double", "boolean", "keyvalues" (objects with key and value),
	// "ipRange" (an IP address or CIDR range), "object" or "array"; other
	// types are not checked.
	Type string `json:"type"`
	// Optional is false for a property the configuration must give (unless
	// DefaultValue is set).
	Optional bool `json:"optional"`
	// AllowMultiple makes the value a list of values of Type.
	AllowMultiple bool `json:"allowMultiple"`
	// DefaultValue is what the platform uses when the property is absent.
	DefaultValue any `json:"defaultValue"`
	// Options are the allowed values of a "radio" property.
	Options []PropertyOption `json:"options"`
}

// PropertyOption is an allowed value of a "radio" property.
type PropertyOption struct {
	// Name is its display name.
	Name string `json:"name"`
	// Value is the value.
	Value string `json:"value"`
}

// ListPolicyTemplatesOptions filter ListPolicyTemplates.
type ListPolicyTemplatesOptions struct {
	// APIInstanceID lists the templates that apply to this instance.
	APIInstanceID int `url:"apiInstanceId,omitempty"`
	// Version is an API version ("v1") the templates must support.
	Version string `url:"version,omitempty"`
}

// ListPolicyTemplates returns the policy templates the organization can
// apply ({"total", "data"} in the spec).
//
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates (api-manager listOrganizationsPolicytemplates): scope read:api_policies (spec).
func (s *Service) ListPolicyTemplates(ctx context.Context, orgID string, opts *ListPolicyTemplatesOptions) ([]PolicyTemplate, error) {
	args, err := orgArgs(orgID)
	if err != nil {
		return nil, err
	}
	if opts != nil && opts.APIInstanceID < 0 {
		return nil, &anypoint.ValidationError{Field: "APIInstanceID", Reason: "must not be negative"}
	}
	var page anypoint.Page[PolicyTemplate]
	if err := s.call(ctx, listTmpl, opts, nil, &page, args...); err != nil {
		return nil, err
	}
	if page.Data == nil {
		page.Data = []PolicyTemplate{}
	}
	return page.Data, nil
}

// GetPolicyTemplate returns a template with its configuration's
// properties.
//
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates/{policyTemplateId} (api-manager getOrganizationsPolicytemplates): scope read:api_policies or manage:api_policies (assumed).
func (s *Service) GetPolicyTemplate(ctx context.Context, orgID, templateID string) (*PolicyTemplate, error) {
	args, err := orgArgs(orgID, "templateID", templateID)
	if err != nil {
		return nil, err
	}
	var t PolicyTemplate
	if err := s.call(ctx, getTmpl, nil, nil, &t, args...); err != nil {
		return nil, err
	}
	return &t, nil
}

// ValidatePolicy checks a policy configuration as ApplyPolicy does, and
// sends nothing but the template requests: the typed configuration's own
// checks, then the template's definition.
//
// The definition is fetched once per organization and template version
// (the template list, then the template) and kept by the Service. Where it
// cannot be had (the platform has no template of these coordinates, or
// refuses to show it: the app lacks "View Policies" or "View APIs
// Configuration"), only the typed configuration's own checks apply, and
// GenericPolicy is sent as given. An error that is not the platform's
// answer (the network, ctx) is returned.
//
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates (api-manager listOrganizationsPolicytemplates): scope read:api_policies (spec).
// GET /apimanager/api/v1/organizations/{organizationId}/policy-templates/{policyTemplateId} (api-manager getOrganizationsPolicytemplates): scope read:api_policies or manage:api_policies (assumed).
func (s *Service) ValidatePolicy(ctx context.Context, orgID string, cfg PolicyConfig, dir Direction) error {
	if _, err := orgArgs(orgID); err != nil {
		return err
	}
	_, err := s.checkConfig(ctx, orgID, cfg, dir)
	return err
}

// templateEntry is the cached definition of one template version.
type templateEntry struct {
	mu   sync.Mutex
	done bool
	def  *PolicyTemplate // nil: the platform has none
}

// definition returns the template of asset in orgID, fetching it once, or
// nil where it cannot be had.
func (s *Service) definition(ctx context.Context, orgID string, a AssetRef) (*PolicyTemplate, error) {
	key := orgID + "|" + a.GroupID + "|" + a.AssetID + "|" + a.Version
	s.mu.Lock()
	e := s.templates[key]
	if e == nil {
		e = &templateEntry{}
		s.templates[key] = e
	}
	s.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done {
		return e.def, nil
	}
	list, err := s.ListPolicyTemplates(ctx, orgID, nil)
	if err != nil {
		if isAPIError(err) {
			return nil, nil // refused or unknown: the typed checks apply, next time we ask again
		}
		return nil, err
	}
	i := slices.IndexFunc(list, func(t PolicyTemplate) bool {
		return t.GroupID == a.GroupID && t.AssetID == a.AssetID && t.AssetVersion == a.Version
	})
	if i < 0 {
		e.done = true // the platform has no such template version
		return nil, nil
	}
	def, err := s.GetPolicyTemplate(ctx, orgID, list[i].ID)
	switch {
	case err == nil:
		if def.SupportedDirections == nil {
			def.SupportedDirections = list[i].SupportedDirections
		}
		e.def, e.done = def, true
		return def, nil
	case isNotFound(err):
		e.done = true
		return nil, nil
	case isAPIError(err):
		return nil, nil
	}
	return nil, err
}

// Validate checks a configuration against the template: every required
// property is there, each value has the property's type, and no key is
// unknown to the template. A refusal is an *anypoint.ValidationError whose
// Field is "Config." and the property's name. dir, when not empty, must be
// one of the template's SupportedDirections (when it states any).
func (t *PolicyTemplate) Validate(conf map[string]any, dir Direction) error {
	if dir == "" {
		dir = Inbound
	}
	if len(t.SupportedDirections) > 0 && !slices.Contains(t.SupportedDirections, dir) {
		return &anypoint.ValidationError{Field: "Direction", Reason: fmt.Sprintf("%s %s can not be applied as %s (it supports %v)", t.AssetID, t.AssetVersion, dir, t.SupportedDirections)}
	}
	known := map[string]bool{}
	for _, p := range t.Configuration {
		known[p.PropertyName] = true
		field := "Config." + p.PropertyName
		v, ok := conf[p.PropertyName]
		if !ok || v == nil {
			if !p.Optional && p.DefaultValue == nil {
				return &anypoint.ValidationError{Field: field, Reason: "is required by " + t.AssetID + " " + t.AssetVersion}
			}
			continue
		}
		if p.AllowMultiple {
			list, ok := v.([]any)
			if !ok {
				return &anypoint.ValidationError{Field: field, Reason: "must be a list (of " + p.Type + " values), not " + jsonType(v)}
			}
			if !p.Optional && len(list) == 0 {
				return &anypoint.ValidationError{Field: field, Reason: "must not be empty"}
			}
			for i, x := range list {
				if err := p.check(fmt.Sprintf("%s[%d]", field, i), x); err != nil {
					return err
				}
			}
			continue
		}
		if err := p.check(field, v); err != nil {
			return err
		}
	}
	if len(t.Configuration) > 0 {
		keys := make([]string, 0, len(conf))
		for k := range conf {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !known[k] {
				return &anypoint.ValidationError{Field: "Config." + k, Reason: "is not a property of " + t.AssetID + " " + t.AssetVersion}
			}
		}
	}
	return nil
}

// check checks one value against the property's type.
func (p *TemplateProperty) check(field string, v any) error {
	bad := func(want string) error {
		return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("must be %s, not %s", want, jsonType(v))}
	}
	switch p.Type {
	case "string", "expression", "radio", "ipRange":
		sv, ok := v.(string)
		if !ok {
			return bad("a string")
		}
		if !p.Optional && strings.TrimSpace(sv) == "" {
			return &anypoint.ValidationError{Field: field, Reason: "must not be empty"}
		}
		if p.Type == "radio" && len(p.Options) > 0 && !slices.ContainsFunc(p.Options, func(o PropertyOption) bool { return o.Value == sv }) {
			var vals []string
			for _, o := range p.Options {
				vals = append(vals, o.Value)
			}
			return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("must be one of %q", vals)}
		}
		if p.Type == "ipRange" && net.ParseIP(sv) == nil {
			if _, _, err := net.ParseCIDR(sv); err != nil {
				return &anypoint.ValidationError{Field: field, Reason: "must be an IP address or a CIDR range"}
			}
		}
	case "int":
		f, ok := number(v)
		if !ok || f != math.Trunc(f) {
			return bad("an integer")
		}
	case "double":
		if _, ok := number(v); !ok {
			return bad("a number")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return bad("a boolean")
		}
	case "keyvalues":
		m, ok := v.(map[string]any)
		if !ok {
			return bad("an object with key and value")
		}
		if k, _ := m["key"].(string); strings.TrimSpace(k) == "" {
			return &anypoint.ValidationError{Field: field + ".key", Reason: "is required"}
		}
	case "object":
		if _, ok := v.(map[string]any); !ok {
			return bad("an object")
		}
	case "array":
		if _, ok := v.([]any); !ok {
			return bad("a list")
		}
	}
	return nil
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int, int64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
