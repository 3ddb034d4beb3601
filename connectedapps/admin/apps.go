package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/service"
	"github.com/anypoint-go/anypoint/scopes"
)

// MaxListLimit is the largest page GET /accounts/api/connectedApplications
// serves; List refuses a larger Limit before sending anything.
const MaxListLimit = 20

// Audience says who may authorize an app that acts on behalf of users.
type Audience string

const (
	// AudienceInternal limits the app to users of the owning organization.
	AudienceInternal Audience = "internal"
	// AudienceEveryone makes a third-party app that users of any
	// organization may authorize.
	AudienceEveryone Audience = "everyone"
)

// App is a connected app as the Connected Apps API describes it.
type App struct {
	// ClientID is the app's client ID, the clientID of the other calls.
	ClientID string `json:"client_id"`
	// OwnerOrgID is the organization that owns the app.
	OwnerOrgID string `json:"owner_org_id"`
	// ClientName is the app's display name.
	ClientName string `json:"client_name"`
	// ClientSecret is redacted when printed; read it with Reveal.
	ClientSecret anypoint.Secret `json:"client_secret"`
	// PublicKeys are the PEM keys that verify JWT bearer assertions.
	PublicKeys []string `json:"public_keys"`
	// RedirectURIs are the URIs the user is sent back to after authorizing
	// the app.
	RedirectURIs []string `json:"redirect_uris"`
	// GrantTypes are the OAuth 2.0 grant types the app may use.
	GrantTypes []connectedapps.GrantType `json:"grant_types"`
	// Scopes are the scopes of an app acting on behalf of users. For a
	// client-credentials app (ClientCredentials) it is empty, as the
	// platform answers it: such an app holds its scopes per organization
	// and environment, and AllScopes (ListScopes) lists them, one more
	// call per app.
	Scopes []scopes.Scope `json:"scopes"`
	// Enabled is false for a disabled app.
	Enabled bool `json:"enabled"`
	// Audience is AudienceInternal or AudienceEveryone, for an app acting
	// on behalf of users.
	Audience Audience `json:"audience"`
	// ClientURI is the URL of the app's homepage, shown on the consent
	// page; empty when unset (the platform answers null).
	ClientURI string `json:"client_uri"`
	// PolicyURI is the URL of the app's privacy policy, shown on the
	// consent page; empty when unset.
	PolicyURI string `json:"policy_uri"`
	// TOSURI is the URL of the app's terms of service, shown on the
	// consent page; empty when unset.
	TOSURI string `json:"tos_uri"`
	// GenerateISSClaimWithoutToken is the platform's
	// generate_iss_claim_without_token flag.
	GenerateISSClaimWithoutToken bool `json:"generate_iss_claim_without_token"`
}

// UnmarshalJSON decodes an app. The published schema types the items of
// scopes and public_keys as objects while every example shows strings; both
// are accepted: a scope object contributes its "scope" member, a key object
// its JSON text.
func (a *App) UnmarshalJSON(data []byte) error {
	type plain App
	var w struct {
		plain
		PublicKeys []json.RawMessage `json:"public_keys"`
		Scopes     []json.RawMessage `json:"scopes"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*a = App(w.plain)
	a.PublicKeys = nil
	for _, raw := range w.PublicKeys {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			a.PublicKeys = append(a.PublicKeys, s)
			continue
		}
		a.PublicKeys = append(a.PublicKeys, string(bytes.TrimSpace(raw)))
	}
	a.Scopes = nil
	for _, raw := range w.Scopes {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			a.Scopes = append(a.Scopes, scopes.Scope(s))
			continue
		}
		var obj struct {
			Scope string `json:"scope"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil || obj.Scope == "" {
			return fmt.Errorf("anypoint: app scope %s is neither a string nor an object with a scope", clipJSON(raw))
		}
		a.Scopes = append(a.Scopes, scopes.Scope(obj.Scope))
	}
	return nil
}

func clipJSON(raw []byte) string {
	const n = 64
	if len(raw) > n {
		return string(raw[:n]) + "…"
	}
	return string(raw)
}

// SortField is a field List can sort by.
type SortField string

const (
	// SortByClientID sorts apps by client ID.
	SortByClientID SortField = "client_id"
	// SortByClientName sorts apps by name (the platform's default).
	SortByClientName SortField = "client_name"
)

// ListAppsOptions filter and page ListApps and AllApps.
type ListAppsOptions struct {
	// Search matches any property, case-insensitively and in part.
	Search string
	// Sort is the field to sort by; empty takes the platform's default
	// (client_name).
	Sort SortField
	// Ascending sets the sort order; nil means ascending, the spec's
	// default. The spec makes the parameter required, so it is always sent.
	Ascending *bool
	// OrgID lists the apps of this organization (a business group) instead
	// of the caller's. It is sent as organizationId, the only name the spec
	// declares.
	OrgID string
	// HideManaged hides the apps the platform manages; nil takes the
	// platform's default (hidden).
	HideManaged *bool
	// IncludeUsage asks for usage statistics. The spec makes the parameter
	// required, so it is always sent, false unless set.
	IncludeUsage bool
	// Offset and Limit page the list; Limit is at most MaxListLimit (20).
	anypoint.ListOptions
}

// listAppsQuery is the query of GET /accounts/api/connectedApplications as
// MuleSoft's spec (listConnectedApplications) names it: includeUsage and
// ascending are required, and the organization is organizationId, and
// only that: the spec declares no orgId (which the client the community
// Terraform provider is built on, salesforce/anypoint-client-go, sends
// instead).
type listAppsQuery struct {
	IncludeUsage   bool      `url:"includeUsage"`
	OrganizationID string    `url:"organizationId,omitempty"`
	HideManaged    *bool     `url:"hide_managed,omitempty"`
	Search         string    `url:"search,omitempty"`
	Sort           SortField `url:"sort,omitempty"`
	Ascending      bool      `url:"ascending"`
	anypoint.ListOptions
}

func (o ListAppsOptions) query() listAppsQuery {
	return listAppsQuery{
		IncludeUsage:   o.IncludeUsage,
		OrganizationID: o.OrgID,
		HideManaged:    o.HideManaged, Search: o.Search, Sort: o.Sort,
		Ascending:   o.Ascending == nil || *o.Ascending,
		ListOptions: o.ListOptions,
	}
}

// getAppQuery is the query of GET …/connectedApplications/{clientId}: the
// spec (getConnectedApplications) makes includeUsage required.
type getAppQuery struct {
	IncludeUsage bool `url:"includeUsage"`
}

// ListApps returns one page of the connected apps of the caller's organization
// (or of opts.OrgID). A Limit above MaxListLimit is refused before sending.
// The query always carries includeUsage and ascending, which the spec
// requires, and the organization as organizationId, the spec's only name
// for it.
//
// GET /accounts/api/connectedApplications (access-management listConnectedApplications): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) ListApps(ctx context.Context, opts *ListAppsOptions) (*anypoint.Page[App], error) {
	var o ListAppsOptions
	if opts != nil {
		o = *opts
	}
	if err := checkListOptions(o.ListOptions, MaxListLimit); err != nil {
		return nil, err
	}
	if o.Sort != "" && o.Sort != SortByClientID && o.Sort != SortByClientName {
		return nil, &anypoint.ValidationError{Field: "Sort", Reason: fmt.Sprintf("%q is not client_id or client_name", o.Sort)}
	}
	page, err := service.ListPage[App](ctx, s.client, service.Request{Endpoint: listApps, Query: o.query()}, service.DataTotal, service.PageBound(o.Limit, MaxListLimit))
	if err != nil {
		return nil, needsAdmin(err)
	}
	return page, nil
}

// AllApps walks every connected app matching opts, fetching pages of
// opts.Limit apps (MaxListLimit when unset) only as the loop needs them.
// opts.Offset sets where to start.
//
// GET /accounts/api/connectedApplications (access-management listConnectedApplications): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) AllApps(ctx context.Context, opts *ListAppsOptions) iter.Seq2[App, error] {
	return service.All(ctx, opts, MaxListLimit, func(o *ListAppsOptions) *anypoint.ListOptions { return &o.ListOptions }, s.ListApps)
}

// GetApp returns one connected app, secret included. A missing app gives an
// error matching anypoint.ErrNotFound.
//
// GET /accounts/api/connectedApplications/{clientId} (access-management getConnectedApplications): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) GetApp(ctx context.Context, clientID string) (*App, error) {
	if err := requireID("clientID", clientID); err != nil {
		return nil, err
	}
	app := new(App)
	if err := s.call(ctx, getApp, getAppQuery{}, nil, app, clientID); err != nil {
		return nil, err
	}
	return app, nil
}

// CreateAppRequest describes a new connected app.
type CreateAppRequest struct {
	// ClientName is the app's name; required.
	ClientName string `json:"client_name"`
	// GrantTypes are required: either connectedapps.GrantClientCredentials alone (the app
	// acts on its own behalf) or any of the user grants.
	GrantTypes []connectedapps.GrantType `json:"grant_types"`
	// RedirectURIs are absolute URLs; an app with connectedapps.GrantAuthorizationCode or
	// connectedapps.GrantImplicit needs at least one. Always sent (the platform requires
	// the field), as [] when empty.
	RedirectURIs []string `json:"redirect_uris"`
	// Scopes are the scopes of an app acting on behalf of users. Grant a
	// client-credentials app its scopes with SetScopes after creating it.
	Scopes []scopes.Scope `json:"scopes,omitempty"`
	// PublicKeys are the PEM public keys that verify the app's JWT bearer assertions
	// (connectedapps.PublicKeyPEM makes one); connectedapps.GrantJWTBearer needs at
	// least one. A private key is refused before anything is sent.
	PublicKeys []string `json:"public_keys,omitempty"`
	// ClientURI is the URL of the app's homepage, shown on the consent
	// page; empty leaves it unset.
	ClientURI string `json:"client_uri,omitempty"`
	// Audience is AudienceInternal or AudienceEveryone; empty takes the
	// platform's default.
	Audience Audience `json:"audience,omitempty"`
	// OwnerOrgID creates the app in another organization; empty means the
	// caller's.
	OwnerOrgID string `json:"owner_org_id,omitempty"`
	// OwnerUserID sets the owner; empty means the caller.
	OwnerUserID string `json:"owner_user_id,omitempty"`
	// Enabled nil takes the platform's default.
	Enabled *bool `json:"enabled,omitempty"`
	// PolicyURI is the URL of the app's privacy policy, shown on the
	// consent page; empty leaves it unset.
	PolicyURI string `json:"policy_uri,omitempty"`
	// TOSURI is the URL of the app's terms of service, shown on the
	// consent page; empty leaves it unset.
	TOSURI string `json:"tos_uri,omitempty"`
}

// Validate checks req as Create does, without sending anything. The error
// is an *anypoint.ValidationError.
func (req *CreateAppRequest) Validate() error {
	if req == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if strings.TrimSpace(req.ClientName) == "" {
		return &anypoint.ValidationError{Field: "ClientName", Reason: "must not be empty"}
	}
	if len(req.GrantTypes) == 0 {
		return &anypoint.ValidationError{Field: "GrantTypes", Reason: "at least one grant type is needed"}
	}
	if err := checkGrantTypes(req.GrantTypes); err != nil {
		return err
	}
	if err := checkRedirectURIs(req.RedirectURIs); err != nil {
		return err
	}
	if len(req.RedirectURIs) == 0 {
		for _, g := range req.GrantTypes {
			if g == connectedapps.GrantAuthorizationCode || g == connectedapps.GrantImplicit {
				return &anypoint.ValidationError{Field: "RedirectURIs", Reason: fmt.Sprintf("an app with the %s grant needs at least one redirect URI", g)}
			}
		}
	}
	if err := checkAudience(req.Audience); err != nil {
		return err
	}
	if err := checkPublicKeys(req.PublicKeys); err != nil {
		return err
	}
	if len(req.PublicKeys) == 0 && containsGrant(req.GrantTypes, connectedapps.GrantJWTBearer) {
		return &anypoint.ValidationError{Field: "PublicKeys", Reason: "the JWT bearer grant needs at least one public key"}
	}
	for i, sc := range req.Scopes {
		if strings.TrimSpace(string(sc)) == "" {
			return &anypoint.ValidationError{Field: fmt.Sprintf("Scopes[%d]", i), Reason: "must not be empty"}
		}
	}
	return nil
}

func containsGrant(gs []connectedapps.GrantType, g connectedapps.GrantType) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

// checkGrantTypes refuses unknown grant types and client_credentials mixed
// with the grants of an app acting on behalf of users: the platform makes an
// app one or the other.
func checkGrantTypes(gs []connectedapps.GrantType) error {
	for i, g := range gs {
		if !g.Known() {
			return &anypoint.ValidationError{Field: fmt.Sprintf("GrantTypes[%d]", i), Reason: fmt.Sprintf("unknown grant type %q", g)}
		}
	}
	if containsGrant(gs, connectedapps.GrantClientCredentials) {
		for _, g := range gs {
			if g != connectedapps.GrantClientCredentials {
				return &anypoint.ValidationError{Field: "GrantTypes", Reason: fmt.Sprintf("client_credentials (the app acts on its own behalf) cannot be combined with %s (the app acts on behalf of a user)", g)}
			}
		}
	}
	return nil
}

// checkRedirectURIs requires absolute URLs: a scheme, and a host for http
// and https (custom schemes of native apps may have none).
func checkRedirectURIs(uris []string) error {
	for i, raw := range uris {
		field := fmt.Sprintf("RedirectURIs[%d]", i)
		u, err := url.Parse(raw)
		if err != nil {
			return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("%q is not a URL", raw), Err: err}
		}
		if !u.IsAbs() {
			return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("%q is not an absolute URL", raw)}
		}
		if (u.Scheme == "http" || u.Scheme == "https") && u.Host == "" {
			return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("%q has no host", raw)}
		}
		if u.Fragment != "" {
			return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("%q has a fragment, which OAuth 2.0 forbids in redirect URIs", raw)}
		}
	}
	return nil
}

func checkAudience(a Audience) error {
	if a != "" && a != AudienceInternal && a != AudienceEveryone {
		return &anypoint.ValidationError{Field: "Audience", Reason: fmt.Sprintf("%q is not internal or everyone", a)}
	}
	return nil
}

// CreateApp makes a connected app and returns it with its client ID and
// secret. The request is checked first (see CreateAppRequest.Validate);
// nothing is sent when it is invalid.
//
// POST /accounts/api/connectedApplications (access-management createConnectedApplications): scope create:orgclients or admin:orgclients (assumed).
func (s *Service) CreateApp(ctx context.Context, req *CreateAppRequest) (*App, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	body := *req
	if body.RedirectURIs == nil {
		body.RedirectURIs = []string{}
	}
	app := new(App)
	if err := s.call(ctx, createApp, nil, &body, app); err != nil {
		return nil, err
	}
	return app, nil
}

// UpdateAppRequest changes an app: only the fields that are set are sent,
// and the platform leaves the others as they are. Set a list to a pointer to
// an empty slice to clear it.
type UpdateAppRequest struct {
	// ClientName renames the app; it must not be blank.
	ClientName *string `json:"client_name,omitempty"`
	// RedirectURIs replaces the redirect URIs; each must be an absolute
	// URL.
	RedirectURIs *[]string `json:"redirect_uris,omitempty"`
	// GrantTypes replaces the grant types; at least one, each a known
	// connectedapps.GrantType.
	GrantTypes *[]connectedapps.GrantType `json:"grant_types,omitempty"`
	// Scopes replaces the scopes of an app acting on behalf of users.
	Scopes *[]scopes.Scope `json:"scopes,omitempty"`
	// Enabled enables (true) or disables (false) the app.
	Enabled *bool `json:"enabled,omitempty"`
	// Audience is AudienceInternal or AudienceEveryone; empty is refused.
	Audience *Audience `json:"audience,omitempty"`
	// ClientURI is the URL of the app's homepage.
	ClientURI *string `json:"client_uri,omitempty"`
	// PolicyURI is the URL of the app's privacy policy.
	PolicyURI *string `json:"policy_uri,omitempty"`
	// TOSURI is the URL of the app's terms of service.
	TOSURI *string `json:"tos_uri,omitempty"`
	// PublicKeys replaces the PEM public keys that verify JWT bearer
	// assertions; a private key is refused before anything is sent.
	PublicKeys *[]string `json:"public_keys,omitempty"`
}

// validate checks the fields that are set. Rules that span fields (redirect
// URIs for the grants, public keys for JWT bearer) depend on the app's
// current state, which the request does not carry; the platform checks
// those.
func (req *UpdateAppRequest) validate() error {
	if req == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if *req == (UpdateAppRequest{}) {
		return &anypoint.ValidationError{Field: "req", Reason: "sets no field: nothing to update"}
	}
	if req.ClientName != nil && strings.TrimSpace(*req.ClientName) == "" {
		return &anypoint.ValidationError{Field: "ClientName", Reason: "must not be empty"}
	}
	if req.GrantTypes != nil {
		if len(*req.GrantTypes) == 0 {
			return &anypoint.ValidationError{Field: "GrantTypes", Reason: "at least one grant type is needed"}
		}
		if err := checkGrantTypes(*req.GrantTypes); err != nil {
			return err
		}
	}
	if req.RedirectURIs != nil {
		if err := checkRedirectURIs(*req.RedirectURIs); err != nil {
			return err
		}
	}
	if req.Audience != nil {
		if *req.Audience == "" {
			return &anypoint.ValidationError{Field: "Audience", Reason: "must be internal or everyone"}
		}
		if err := checkAudience(*req.Audience); err != nil {
			return err
		}
	}
	if req.PublicKeys != nil {
		if err := checkPublicKeys(*req.PublicKeys); err != nil {
			return err
		}
	}
	if req.GrantTypes != nil && req.PublicKeys != nil && len(*req.PublicKeys) == 0 && containsGrant(*req.GrantTypes, connectedapps.GrantJWTBearer) {
		return &anypoint.ValidationError{Field: "PublicKeys", Reason: "the JWT bearer grant needs at least one public key"}
	}
	return nil
}

// UpdateApp changes the fields of the app that req sets and returns the app as
// it is now.
//
// PATCH /accounts/api/connectedApplications/{clientId} (access-management updateConnectedApplications): scope admin:orgclients (assumed).
func (s *Service) UpdateApp(ctx context.Context, clientID string, req *UpdateAppRequest) (*App, error) {
	if err := requireID("clientID", clientID); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	app := new(App)
	if err := s.call(ctx, updateApp, nil, req, app, clientID); err != nil {
		return nil, err
	}
	return app, nil
}

// DeleteApp deletes a connected app; tokens it holds stop working.
//
// DELETE /accounts/api/connectedApplications/{clientId} (access-management deleteConnectedApplications): scope admin:orgclients (assumed).
func (s *Service) DeleteApp(ctx context.Context, clientID string) error {
	if err := requireID("clientID", clientID); err != nil {
		return err
	}
	return s.call(ctx, deleteApp, nil, nil, nil, clientID)
}

// ResetSecret gives the app a new client secret and returns it; the old
// secret stops working at once, so update whatever uses it.
//
// PATCH /accounts/api/connectedApplications/{clientId} (access-management updateConnectedApplications): scope admin:orgclients (assumed).
func (s *Service) ResetSecret(ctx context.Context, clientID string) (anypoint.Secret, error) {
	if err := requireID("clientID", clientID); err != nil {
		return "", err
	}
	var app App
	if err := s.call(ctx, updateApp, resetSecretQuery{ResetSecret: true}, struct{}{}, &app, clientID); err != nil {
		return "", err
	}
	if app.ClientSecret == "" {
		return "", errors.New("anypoint: reset secret: the answer carried no client_secret")
	}
	return app.ClientSecret, nil
}
