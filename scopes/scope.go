// Package scopes names the OAuth 2.0 scopes of Anypoint Platform connected apps.
package scopes

// Scope is one scope keyword as it appears in the OAuth 2.0 scope parameter
// and in the Connected Apps API, such as "edit:design_center".
type Scope string

// Temporary seed constants; the generated catalog replaces them.
const (
	// EditDesignCenter is "Design Center Developer".
	EditDesignCenter Scope = "edit:design_center"
	// ViewEnvironment is "View Environment".
	ViewEnvironment Scope = "view:environment"
	// OfflineAccess is "Background Access": it makes the token endpoint issue a refresh token.
	OfflineAccess Scope = "offline_access"
)

// Grant is a scope given to a client-credentials app in a context: an organization and,
// for scopes that act on one environment, an environment.
type Grant struct {
	Scope Scope
	OrgID string
	EnvID string
}
