package scopes

import (
	"errors"
	"fmt"
	"strings"
)

// ErrIncompleteGrant is the error that Grant.Validate wraps; test for it with
// errors.Is. (It is not anypoint.ErrInvalidGrant, the OAuth invalid_grant.)
var ErrIncompleteGrant = errors.New("scopes: incomplete grant")

// Grant is a scope given to a client-credentials app in a context: an organization and,
// for scopes that act on one environment, an environment.
//
// In the Connected Apps API a Grant is
// {"scope":"read:applications","context_params":{"org":"<OrgID>","envId":"<EnvID>"}}.
type Grant struct {
	// Scope is the scope granted.
	Scope Scope
	// OrgID is the ID of the organization or business group the scope is granted in.
	OrgID string
	// EnvID is the ID of the environment the scope is granted in; empty for scopes that act on
	// the organization as a whole.
	EnvID string
}

// Validate checks that g can be sent to the platform: its scope is one valid scope token,
// OrgID is set, and EnvID is set when the catalog says the scope is granted per environment
// (Info.NeedsEnvironment). A scope the catalog does not know needs only an organization.
// The error wraps ErrIncompleteGrant and names the scope.
func (g Grant) Validate() error {
	if g.Scope == "" {
		return fmt.Errorf("%w: no scope", ErrIncompleteGrant)
	}
	if perr := checkToken(string(g.Scope)); perr != nil {
		return fmt.Errorf("%w: scope %q: %s", ErrIncompleteGrant, perr.Input, perr.Reason)
	}
	if strings.TrimSpace(g.OrgID) == "" {
		return fmt.Errorf("%w: %s needs an organization ID", ErrIncompleteGrant, g.Scope)
	}
	if info, ok := Lookup(g.Scope); ok && info.NeedsEnvironment && strings.TrimSpace(g.EnvID) == "" {
		return fmt.Errorf("%w: %s (%s) needs an environment ID: it is granted per environment", ErrIncompleteGrant, g.Scope, info.DisplayName)
	}
	return nil
}

// String returns the grant as scope@org/env, such as "read:applications@org/env", or
// scope@org for a grant without an environment, or the bare scope when neither ID is set.
func (g Grant) String() string {
	switch {
	case g.OrgID == "" && g.EnvID == "":
		return string(g.Scope)
	case g.EnvID == "":
		return string(g.Scope) + "@" + g.OrgID
	default:
		return string(g.Scope) + "@" + g.OrgID + "/" + g.EnvID
	}
}
