package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// ApplicationsEnabled says which connected apps may reach an organization.
type ApplicationsEnabled string

const (
	// ApplicationsAll lets apps use any grant type.
	ApplicationsAll ApplicationsEnabled = "all"
	// ApplicationsPartial lets apps use only Settings.GrantTypesAllowed.
	ApplicationsPartial ApplicationsEnabled = "partial"
	// ApplicationsNone turns connected apps off for the organization.
	ApplicationsNone ApplicationsEnabled = "none"
)

// Settings is an organization's connected apps policy. A business group
// answers with its root organization's settings.
type Settings struct {
	// ApplicationsEnabled is all, partial or none.
	ApplicationsEnabled ApplicationsEnabled `json:"applications_enabled"`
	// GrantTypesAllowed are the grant types apps may use when
	// ApplicationsEnabled is partial.
	GrantTypesAllowed []connectedapps.GrantType `json:"grant_types_allowed"`
	// AllowlistEnabled, when true, lets only the apps on the organization's
	// allowlist ask users for consent and receive tokens.
	AllowlistEnabled bool `json:"allowlist_enabled"`
	// AllowlistInternalApplications, when true, puts every internal app on
	// the allowlist without listing it.
	AllowlistInternalApplications bool `json:"allowlist_internal_applications"`
}

// UnmarshalJSON reads the allowlist_* members, falling back to the
// deprecated whitelist_* members that older answers carry instead.
func (st *Settings) UnmarshalJSON(data []byte) error {
	type plain Settings
	var w struct {
		plain
		AllowlistEnabled              *bool `json:"allowlist_enabled"`
		AllowlistInternalApplications *bool `json:"allowlist_internal_applications"`
		WhitelistEnabled              *bool `json:"whitelist_enabled"`
		WhitelistInternalApplications *bool `json:"whitelist_internal_applications"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*st = Settings(w.plain)
	st.AllowlistEnabled = firstBool(w.AllowlistEnabled, w.WhitelistEnabled)
	st.AllowlistInternalApplications = firstBool(w.AllowlistInternalApplications, w.WhitelistInternalApplications)
	return nil
}

func firstBool(bs ...*bool) bool {
	for _, b := range bs {
		if b != nil {
			return *b
		}
	}
	return false
}

// AllowlistEntry puts an app on the organization's allowlist.
type AllowlistEntry struct {
	// ClientID is the app's client ID; required.
	ClientID string `json:"client_id"`
	// AuthorizedScopes limits the scopes the app may ask for; empty allows
	// every scope it is registered for.
	AuthorizedScopes []scopes.Scope `json:"authorized_scopes,omitempty"`
}

// UpdateSettingsRequest changes an organization's connected apps policy:
// only the fields that are set are sent.
//
// ApplicationsEnabled and GrantTypesAllowed are required: the published spec
// (ConnectedApplicationSettingsUpdate) marks both required in this PATCH
// body, so UpdateSettings refuses a request without them before sending
// anything. Start from GetSettings to keep what is not meant to change.
type UpdateSettingsRequest struct {
	// ApplicationsEnabled is ApplicationsAll, ApplicationsPartial or
	// ApplicationsNone; required.
	ApplicationsEnabled *ApplicationsEnabled `json:"applications_enabled,omitempty"`
	// GrantTypesAllowed are the grant types apps may use when
	// ApplicationsEnabled is partial, each a known connectedapps.GrantType;
	// required.
	GrantTypesAllowed *[]connectedapps.GrantType `json:"grant_types_allowed,omitempty"`
	// AllowlistEnabled turns the allowlist on (true) or off (false); see
	// Settings.AllowlistEnabled.
	AllowlistEnabled *bool `json:"allowlist_enabled,omitempty"`
	// AllowlistInternalApplications, when true, puts every internal app
	// on the allowlist without listing it.
	AllowlistInternalApplications *bool `json:"allowlist_internal_applications,omitempty"`
	// Allowlist entries are added to the allowlist, or replace the entry of
	// the same app (sent as the platform's "whitelist" member).
	Allowlist []AllowlistEntry `json:"whitelist,omitempty"`
	// ImportExistingAuthorizations, when true, puts every app users have
	// already authorized on the allowlist, with its registered scopes.
	ImportExistingAuthorizations *bool `json:"import_existing_authorizations,omitempty"`
}

func (req *UpdateSettingsRequest) validate() error {
	if req == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if req.ApplicationsEnabled == nil && req.GrantTypesAllowed == nil && req.AllowlistEnabled == nil &&
		req.AllowlistInternalApplications == nil && len(req.Allowlist) == 0 && req.ImportExistingAuthorizations == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "sets no field: nothing to update"}
	}
	if a := req.ApplicationsEnabled; a != nil && *a != ApplicationsAll && *a != ApplicationsPartial && *a != ApplicationsNone {
		return &anypoint.ValidationError{Field: "ApplicationsEnabled", Reason: fmt.Sprintf("%q is not all, partial or none", *a)}
	}
	if req.GrantTypesAllowed != nil {
		for i, g := range *req.GrantTypesAllowed {
			if !g.Known() {
				return &anypoint.ValidationError{Field: fmt.Sprintf("GrantTypesAllowed[%d]", i), Reason: fmt.Sprintf("unknown grant type %q", g)}
			}
		}
	}
	for i, e := range req.Allowlist {
		if strings.TrimSpace(e.ClientID) == "" {
			return &anypoint.ValidationError{Field: fmt.Sprintf("Allowlist[%d].ClientID", i), Reason: "must not be empty"}
		}
	}
	if req.ApplicationsEnabled == nil {
		return &anypoint.ValidationError{Field: "ApplicationsEnabled", Reason: "is required by the spec; start from GetSettings"}
	}
	if req.GrantTypesAllowed == nil {
		return &anypoint.ValidationError{Field: "GrantTypesAllowed", Reason: "is required by the spec; start from GetSettings"}
	}
	return nil
}

// GetSettings returns the organization's connected apps policy.
//
// GET /accounts/api/organizations/{organizationId}/connectedApplications/settings (access-management listConnectedApplicationsSettings): scope read:orgconnapps or admin:orgclients (assumed).
func (s *Service) GetSettings(ctx context.Context, orgID string) (*Settings, error) {
	if err := requireID("orgID", orgID); err != nil {
		return nil, err
	}
	st := new(Settings)
	if err := s.call(ctx, getSettings, nil, nil, st, orgID); err != nil {
		return nil, err
	}
	return st, nil
}

// UpdateSettings changes the organization's connected apps policy and
// returns it as it is now. Only a root organization's settings can be
// changed; a business group answers 405.
//
// PATCH /accounts/api/organizations/{organizationId}/connectedApplications/settings (access-management updateConnectedApplicationsSettings): scope admin:orgclients (assumed).
func (s *Service) UpdateSettings(ctx context.Context, orgID string, req *UpdateSettingsRequest) (*Settings, error) {
	if err := requireID("orgID", orgID); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	st := new(Settings)
	if err := s.call(ctx, updateSettings, nil, req, st, orgID); err != nil {
		return nil, err
	}
	return st, nil
}
