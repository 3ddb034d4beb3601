package apimanager

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// MuleSoftGroupID is the Exchange group of MuleSoft's own policies.
const MuleSoftGroupID = "68ef9520-24e9-4cf2-b2f5-620025690913"

// The asset versions the typed configurations apply when their Version is
// empty.
const (
	RateLimitingVersion        = "1.4.0"
	SLARateLimitingVersion     = "1.3.0"
	ClientIDEnforcementVersion = "1.3.2"
	JWTValidationVersion       = "1.3.1"
	IPAllowlistVersion         = "1.1.0"
	IPBlocklistVersion         = "1.1.0"
	HeaderInjectionVersion     = "1.3.0"
	HeaderRemovalVersion       = "1.1.0"
	CORSVersion                = "1.3.0"
	BasicAuthenticationVersion = "1.3.0"
)

// PolicyConfig is a policy and its configuration, as ApplyPolicy sends it.
// The typed configurations of this package implement it, and GenericPolicy
// takes any other policy.
type PolicyConfig interface {
	// PolicyAsset returns the policy's Exchange asset.
	PolicyAsset() AssetRef
	// Check is the configuration's own checks, which apply with or without
	// the template's definition (see Service.ValidatePolicy).
	Check() error
	// Configuration returns the configurationData to send.
	Configuration() (map[string]any, error)
}

// GenericPolicy is any policy: its asset and its configuration as the
// template names the properties. Only the template's definition checks it.
type GenericPolicy struct {
	// Asset is the policy's Exchange asset.
	Asset AssetRef
	// Config is the configuration; nil sends an empty one.
	Config map[string]any
}

// PolicyAsset returns g.Asset.
func (g GenericPolicy) PolicyAsset() AssetRef { return g.Asset }

// Check has nothing to check: the template's definition does.
func (g GenericPolicy) Check() error { return nil }

// Configuration returns g.Config as JSON would carry it.
func (g GenericPolicy) Configuration() (map[string]any, error) {
	if g.Config == nil {
		return map[string]any{}, nil
	}
	return toMap(g.Config)
}

// toMap turns v into the map its JSON form is, so that the template's
// checks see what the platform will.
func toMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, &anypoint.ValidationError{Field: "Config", Reason: "cannot be encoded as JSON: " + err.Error(), Err: err}
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, &anypoint.ValidationError{Field: "Config", Reason: "is not a JSON object", Err: err}
	}
	return m, nil
}

func mulesoft(assetID, version, def string) AssetRef {
	if version == "" {
		version = def
	}
	return AssetRef{GroupID: MuleSoftGroupID, AssetID: assetID, Version: version}
}

func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &anypoint.ValidationError{Field: "Config." + field, Reason: "is required"}
	}
	return nil
}

// RateLimit is one window of a rate limit: at most MaximumRequests in
// TimePeriodInMilliseconds.
type RateLimit struct {
	// MaximumRequests is how many requests the window lets through.
	MaximumRequests int `json:"maximumRequests"`
	// TimePeriodInMilliseconds is the window's length.
	TimePeriodInMilliseconds int `json:"timePeriodInMilliseconds"`
}

func checkLimits(field string, ls []RateLimit) error {
	if len(ls) == 0 {
		return &anypoint.ValidationError{Field: "Config." + field, Reason: "needs at least one limit"}
	}
	for i, l := range ls {
		f := fmt.Sprintf("Config.%s[%d]", field, i)
		if l.MaximumRequests <= 0 {
			return &anypoint.ValidationError{Field: f + ".maximumRequests", Reason: "must be positive"}
		}
		if l.TimePeriodInMilliseconds <= 0 {
			return &anypoint.ValidationError{Field: f + ".timePeriodInMilliseconds", Reason: "must be positive"}
		}
	}
	return nil
}

// RateLimiting is MuleSoft's "Rate limiting" policy (asset rate-limiting):
// every client together gets at most the limits' requests.
type RateLimiting struct {
	// Version is the asset version; empty takes RateLimitingVersion.
	Version string `json:"-"`
	// RateLimits are the windows; at least one.
	RateLimits []RateLimit `json:"rateLimits"`
	// ExposeHeaders answers the X-Ratelimit-* headers.
	ExposeHeaders bool `json:"exposeHeaders"`
	// Clusterizable shares the count across a cluster's nodes.
	Clusterizable bool `json:"clusterizable"`
}

// PolicyAsset returns rate-limiting of MuleSoft's group.
func (c RateLimiting) PolicyAsset() AssetRef {
	return mulesoft("rate-limiting", c.Version, RateLimitingVersion)
}

// Check refuses a configuration without a positive limit.
func (c RateLimiting) Check() error { return checkLimits("rateLimits", c.RateLimits) }

// Configuration returns the rate limits and flags.
func (c RateLimiting) Configuration() (map[string]any, error) { return toMap(c) }

// SLARateLimiting is MuleSoft's "Rate limiting - SLA based" policy (asset
// rate-limiting-sla-based): each client application gets the limits of its
// contract's SLA tier.
type SLARateLimiting struct {
	// Version is the asset version; empty takes SLARateLimitingVersion.
	Version string `json:"-"`
	// ClientIDExpression reads the client ID; required
	// ("#[attributes.headers['client_id']]").
	ClientIDExpression string `json:"clientIdExpression"`
	// ClientSecretExpression reads the client secret; optional.
	ClientSecretExpression string `json:"clientSecretExpression,omitempty"`
	// ExposeHeaders answers the X-Ratelimit-* headers.
	ExposeHeaders bool `json:"exposeHeaders"`
	// Clusterizable shares the count across a cluster's nodes.
	Clusterizable bool `json:"clusterizable"`
}

// PolicyAsset returns rate-limiting-sla-based of MuleSoft's group.
func (c SLARateLimiting) PolicyAsset() AssetRef {
	return mulesoft("rate-limiting-sla-based", c.Version, SLARateLimitingVersion)
}

// Check refuses a configuration without a client ID expression.
func (c SLARateLimiting) Check() error { return required("clientIdExpression", c.ClientIDExpression) }

// Configuration returns the expressions and flags.
func (c SLARateLimiting) Configuration() (map[string]any, error) { return toMap(c) }

// Where ClientIDEnforcement reads the credentials.
const (
	// CredentialsFromExpressions reads them with the two expressions.
	CredentialsFromExpressions = "customExpression"
	// CredentialsFromBasicAuth reads them from an HTTP Basic header.
	CredentialsFromBasicAuth = "httpBasicAuthenticationHeader"
)

// ClientIDEnforcement is MuleSoft's "Client ID enforcement" policy (asset
// client-id-enforcement): only client applications with an approved
// contract get through.
type ClientIDEnforcement struct {
	// Version is the asset version; empty takes ClientIDEnforcementVersion.
	Version string `json:"-"`
	// CredentialsOrigin is CredentialsFromExpressions (the default when
	// empty) or CredentialsFromBasicAuth.
	CredentialsOrigin string `json:"credentialsOriginHasHttpBasicAuthenticationHeader"`
	// ClientIDExpression reads the client ID, with
	// CredentialsFromExpressions; empty takes
	// "#[attributes.headers['client_id']]".
	ClientIDExpression string `json:"clientIdExpression,omitempty"`
	// ClientSecretExpression reads the client secret; empty checks the ID
	// alone.
	ClientSecretExpression string `json:"clientSecretExpression,omitempty"`
}

// PolicyAsset returns client-id-enforcement of MuleSoft's group.
func (c ClientIDEnforcement) PolicyAsset() AssetRef {
	return mulesoft("client-id-enforcement", c.Version, ClientIDEnforcementVersion)
}

// Check refuses an unknown credentials origin.
func (c ClientIDEnforcement) Check() error {
	switch c.CredentialsOrigin {
	case "", CredentialsFromExpressions, CredentialsFromBasicAuth:
		return nil
	}
	return &anypoint.ValidationError{Field: "Config.credentialsOriginHasHttpBasicAuthenticationHeader", Reason: `must be "customExpression" or "httpBasicAuthenticationHeader"`}
}

// Configuration fills in the defaults and returns the settings.
func (c ClientIDEnforcement) Configuration() (map[string]any, error) {
	if c.CredentialsOrigin == "" {
		c.CredentialsOrigin = CredentialsFromExpressions
	}
	if c.CredentialsOrigin == CredentialsFromExpressions && c.ClientIDExpression == "" {
		c.ClientIDExpression = "#[attributes.headers['client_id']]"
	}
	return toMap(c)
}

// JWTValidation is MuleSoft's "JWT validation" policy (asset
// jwt-validation).
type JWTValidation struct {
	// Version is the asset version; empty takes JWTValidationVersion.
	Version string `json:"-"`
	// JWTOrigin is "httpBearerAuthenticationHeader" (the default when
	// empty) or "customExpression".
	JWTOrigin string `json:"jwtOrigin"`
	// JWTExpression reads the token with "customExpression".
	JWTExpression string `json:"jwtExpression,omitempty"`
	// SigningMethod is "rsa", "hmac", "es" or "none"; required.
	SigningMethod string `json:"signingMethod"`
	// SigningKeyLength is 256, 384 or 512; zero takes 256.
	SigningKeyLength int `json:"signingKeyLength,omitempty"`
	// JWTKeyOrigin is "jwks" or "text"; required unless SigningMethod is
	// "none".
	JWTKeyOrigin string `json:"jwtKeyOrigin,omitempty"`
	// TextKey is the key with "text" (a public key is no secret; an HMAC
	// key is: prefer "jwks").
	TextKey string `json:"textKey,omitempty"`
	// JWKSURL is the key set's URL with "jwks".
	JWKSURL string `json:"jwksUrl,omitempty"`
	// JWKSServiceTimeToLive is how long the key set is kept, in minutes.
	JWKSServiceTimeToLive int `json:"jwksServiceTimeToLive,omitempty"`
	// SkipClientIDValidation lets tokens through without checking their
	// client ID against contracts.
	SkipClientIDValidation bool `json:"skipClientIdValidation"`
	// ClientIDExpression reads the client ID from the token.
	ClientIDExpression string `json:"clientIdExpression,omitempty"`
	// ValidateAudClaim checks the aud claim against SupportedAudiences.
	ValidateAudClaim bool `json:"validateAudClaim"`
	// MandatoryAudClaim refuses tokens without aud.
	MandatoryAudClaim bool `json:"mandatoryAudClaim"`
	// SupportedAudiences is a comma-separated list of audiences.
	SupportedAudiences string `json:"supportedAudiences,omitempty"`
	// MandatoryExpClaim refuses tokens without exp.
	MandatoryExpClaim bool `json:"mandatoryExpClaim"`
	// MandatoryNbfClaim refuses tokens without nbf.
	MandatoryNbfClaim bool `json:"mandatoryNbfClaim"`
	// ValidateCustomClaim checks the custom claims the policy is given.
	ValidateCustomClaim bool `json:"validateCustomClaim"`
}

// PolicyAsset returns jwt-validation of MuleSoft's group.
func (c JWTValidation) PolicyAsset() AssetRef {
	return mulesoft("jwt-validation", c.Version, JWTValidationVersion)
}

// Check refuses an unknown signing method or key origin, and a key origin
// without its key.
func (c JWTValidation) Check() error {
	switch c.JWTOrigin {
	case "", "httpBearerAuthenticationHeader":
	case "customExpression":
		if err := required("jwtExpression", c.JWTExpression); err != nil {
			return err
		}
	default:
		return &anypoint.ValidationError{Field: "Config.jwtOrigin", Reason: `must be "httpBearerAuthenticationHeader" or "customExpression"`}
	}
	switch c.SigningMethod {
	case "none":
		return nil
	case "rsa", "hmac", "es":
	case "":
		return &anypoint.ValidationError{Field: "Config.signingMethod", Reason: `is required ("rsa", "hmac", "es" or "none")`}
	default:
		return &anypoint.ValidationError{Field: "Config.signingMethod", Reason: `must be "rsa", "hmac", "es" or "none"`}
	}
	switch c.SigningKeyLength {
	case 0, 256, 384, 512:
	default:
		return &anypoint.ValidationError{Field: "Config.signingKeyLength", Reason: "must be 256, 384 or 512"}
	}
	switch c.JWTKeyOrigin {
	case "jwks":
		return required("jwksUrl", c.JWKSURL)
	case "text":
		return required("textKey", c.TextKey)
	case "":
		return &anypoint.ValidationError{Field: "Config.jwtKeyOrigin", Reason: `is required ("jwks" or "text")`}
	}
	return &anypoint.ValidationError{Field: "Config.jwtKeyOrigin", Reason: `must be "jwks" or "text"`}
}

// Configuration fills in the defaults and returns the settings.
func (c JWTValidation) Configuration() (map[string]any, error) {
	if c.JWTOrigin == "" {
		c.JWTOrigin = "httpBearerAuthenticationHeader"
	}
	if c.SigningKeyLength == 0 && c.SigningMethod != "none" {
		c.SigningKeyLength = 256
	}
	return toMap(c)
}

// IPAllowlist is MuleSoft's "IP allowlist" policy (asset ip-allowlist):
// only requests from the listed addresses get through.
type IPAllowlist struct {
	// Version is the asset version; empty takes IPAllowlistVersion.
	Version string `json:"-"`
	// IPExpression reads the client's address; empty takes
	// "#[attributes.headers['x-forwarded-for']]".
	IPExpression string `json:"ipExpression"`
	// IPs are the addresses and CIDR ranges; at least one.
	IPs []string `json:"ips"`
}

// PolicyAsset returns ip-allowlist of MuleSoft's group.
func (c IPAllowlist) PolicyAsset() AssetRef {
	return mulesoft("ip-allowlist", c.Version, IPAllowlistVersion)
}

// Check refuses an empty list and an entry that is no address or range.
func (c IPAllowlist) Check() error { return checkIPs(c.IPs) }

// Configuration fills in the default expression and returns the list.
func (c IPAllowlist) Configuration() (map[string]any, error) {
	if c.IPExpression == "" {
		c.IPExpression = "#[attributes.headers['x-forwarded-for']]"
	}
	return toMap(c)
}

// IPBlocklist is MuleSoft's "IP blocklist" policy (asset ip-blocklist):
// requests from the listed addresses are refused.
type IPBlocklist struct {
	// Version is the asset version; empty takes IPBlocklistVersion.
	Version string `json:"-"`
	// IPExpression reads the client's address; empty takes
	// "#[attributes.headers['x-forwarded-for']]".
	IPExpression string `json:"ipExpression"`
	// IPs are the addresses and CIDR ranges; at least one.
	IPs []string `json:"ips"`
}

// PolicyAsset returns ip-blocklist of MuleSoft's group.
func (c IPBlocklist) PolicyAsset() AssetRef {
	return mulesoft("ip-blocklist", c.Version, IPBlocklistVersion)
}

// Check refuses an empty list and an entry that is no address or range.
func (c IPBlocklist) Check() error { return checkIPs(c.IPs) }

// Configuration fills in the default expression and returns the list.
func (c IPBlocklist) Configuration() (map[string]any, error) {
	if c.IPExpression == "" {
		c.IPExpression = "#[attributes.headers['x-forwarded-for']]"
	}
	return toMap(c)
}

func checkIPs(ips []string) error {
	if len(ips) == 0 {
		return &anypoint.ValidationError{Field: "Config.ips", Reason: "needs at least one address or range"}
	}
	for i, ip := range ips {
		if net.ParseIP(ip) != nil {
			continue
		}
		if _, _, err := net.ParseCIDR(ip); err != nil {
			return &anypoint.ValidationError{Field: fmt.Sprintf("Config.ips[%d]", i), Reason: "must be an IP address or a CIDR range"}
		}
	}
	return nil
}

// Header is a header a policy adds.
type Header struct {
	// Key is the header's name.
	Key string `json:"key"`
	// Value is its value (a DataWeave expression allowed).
	Value string `json:"value"`
}

// HeaderInjection is MuleSoft's "Header injection" policy (asset
// header-injection): inbound headers are added to the request the API
// receives, outbound ones to the response it sends.
type HeaderInjection struct {
	// Version is the asset version; empty takes HeaderInjectionVersion.
	Version string `json:"-"`
	// InboundHeaders are added to requests.
	InboundHeaders []Header `json:"inboundHeaders"`
	// OutboundHeaders are added to responses.
	OutboundHeaders []Header `json:"outboundHeaders"`
}

// PolicyAsset returns header-injection of MuleSoft's group.
func (c HeaderInjection) PolicyAsset() AssetRef {
	return mulesoft("header-injection", c.Version, HeaderInjectionVersion)
}

// Check refuses a configuration with no header, and a header without a
// name.
func (c HeaderInjection) Check() error {
	if len(c.InboundHeaders)+len(c.OutboundHeaders) == 0 {
		return &anypoint.ValidationError{Field: "Config.inboundHeaders", Reason: "needs a header, inbound or outbound"}
	}
	for _, hs := range []struct {
		field string
		list  []Header
	}{{"inboundHeaders", c.InboundHeaders}, {"outboundHeaders", c.OutboundHeaders}} {
		for i, h := range hs.list {
			if strings.TrimSpace(h.Key) == "" {
				return &anypoint.ValidationError{Field: fmt.Sprintf("Config.%s[%d].key", hs.field, i), Reason: "is required"}
			}
		}
	}
	return nil
}

// Configuration returns both lists (an empty list, not null, for none).
func (c HeaderInjection) Configuration() (map[string]any, error) {
	if c.InboundHeaders == nil {
		c.InboundHeaders = []Header{}
	}
	if c.OutboundHeaders == nil {
		c.OutboundHeaders = []Header{}
	}
	return toMap(c)
}

// HeaderRemoval is MuleSoft's "Header removal" policy (asset
// header-removal): inbound headers are removed from requests, outbound ones
// from responses.
type HeaderRemoval struct {
	// Version is the asset version; empty takes HeaderRemovalVersion.
	Version string `json:"-"`
	// InboundHeaders are removed from requests.
	InboundHeaders []string `json:"inboundHeaders"`
	// OutboundHeaders are removed from responses.
	OutboundHeaders []string `json:"outboundHeaders"`
}

// PolicyAsset returns header-removal of MuleSoft's group.
func (c HeaderRemoval) PolicyAsset() AssetRef {
	return mulesoft("header-removal", c.Version, HeaderRemovalVersion)
}

// Check refuses a configuration with no header, and an empty name.
func (c HeaderRemoval) Check() error {
	if len(c.InboundHeaders)+len(c.OutboundHeaders) == 0 {
		return &anypoint.ValidationError{Field: "Config.inboundHeaders", Reason: "needs a header, inbound or outbound"}
	}
	for _, hs := range []struct {
		field string
		list  []string
	}{{"inboundHeaders", c.InboundHeaders}, {"outboundHeaders", c.OutboundHeaders}} {
		for i, h := range hs.list {
			if strings.TrimSpace(h) == "" {
				return &anypoint.ValidationError{Field: fmt.Sprintf("Config.%s[%d]", hs.field, i), Reason: "must not be empty"}
			}
		}
	}
	return nil
}

// Configuration returns both lists (an empty list, not null, for none).
func (c HeaderRemoval) Configuration() (map[string]any, error) {
	if c.InboundHeaders == nil {
		c.InboundHeaders = []string{}
	}
	if c.OutboundHeaders == nil {
		c.OutboundHeaders = []string{}
	}
	return toMap(c)
}

// OriginGroup is a set of origins a CORS policy lets in, with what they
// may do.
type OriginGroup struct {
	// OriginGroupName names the group.
	OriginGroupName string `json:"originGroupName"`
	// Origins are the allowed origins ("https://app.example.com").
	Origins []string `json:"origins"`
	// AccessControlMaxAge is how long a browser keeps a preflight, in
	// seconds.
	AccessControlMaxAge int `json:"accessControlMaxAge"`
	// AllowedMethods are the methods the origins may use.
	AllowedMethods []AllowedMethod `json:"allowedMethods"`
	// Headers are the request headers they may send.
	Headers []string `json:"headers"`
	// ExposedHeaders are the response headers they may read.
	ExposedHeaders []string `json:"exposedHeaders"`
}

// AllowedMethod is a method of an OriginGroup.
type AllowedMethod struct {
	// MethodName is the method ("GET").
	MethodName string `json:"methodName"`
	// IsAllowed lets it through.
	IsAllowed bool `json:"isAllowed"`
}

// CORS is MuleSoft's "Cross-Origin resource sharing" policy (asset cors).
type CORS struct {
	// Version is the asset version; empty takes CORSVersion.
	Version string `json:"-"`
	// PublicResource lets every origin in (OriginGroups is then ignored).
	PublicResource bool `json:"publicResource"`
	// SupportCredentials lets browsers send credentials.
	SupportCredentials bool `json:"supportCredentials"`
	// OriginGroups are the origins let in; at least one unless
	// PublicResource.
	OriginGroups []OriginGroup `json:"originGroups"`
}

// PolicyAsset returns cors of MuleSoft's group.
func (c CORS) PolicyAsset() AssetRef { return mulesoft("cors", c.Version, CORSVersion) }

// Check refuses a private resource without origins, and a public one that
// allows credentials (browsers refuse that pair).
func (c CORS) Check() error {
	if c.PublicResource {
		if c.SupportCredentials {
			return &anypoint.ValidationError{Field: "Config.supportCredentials", Reason: "cannot be true for a public resource"}
		}
		return nil
	}
	if len(c.OriginGroups) == 0 {
		return &anypoint.ValidationError{Field: "Config.originGroups", Reason: "needs an origin group unless the resource is public"}
	}
	for i, g := range c.OriginGroups {
		if len(g.Origins) == 0 {
			return &anypoint.ValidationError{Field: fmt.Sprintf("Config.originGroups[%d].origins", i), Reason: "needs at least one origin"}
		}
	}
	return nil
}

// Configuration returns the settings (an empty list for no groups).
func (c CORS) Configuration() (map[string]any, error) {
	if c.OriginGroups == nil {
		c.OriginGroups = []OriginGroup{}
	}
	return toMap(c)
}

// BasicAuthentication is MuleSoft's "Basic authentication - Simple" policy
// (asset http-basic-authentication): one username and password. The
// password is an anypoint.Secret: it prints as REDACTED, and only
// Configuration reveals it, for the request.
type BasicAuthentication struct {
	// Version is the asset version; empty takes BasicAuthenticationVersion.
	Version string
	// Username is the user's name; required.
	Username string
	// Password is the user's password; required.
	Password anypoint.Secret
}

// PolicyAsset returns http-basic-authentication of MuleSoft's group.
func (c BasicAuthentication) PolicyAsset() AssetRef {
	return mulesoft("http-basic-authentication", c.Version, BasicAuthenticationVersion)
}

// Check refuses an empty username or password.
func (c BasicAuthentication) Check() error {
	if err := required("username", c.Username); err != nil {
		return err
	}
	return required("password", c.Password.Reveal())
}

// Configuration returns the username and the revealed password.
func (c BasicAuthentication) Configuration() (map[string]any, error) {
	return map[string]any{"username": c.Username, "password": c.Password.Reveal()}, nil
}
