package anypointtest

import (
	"net/http"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// required returns the scopes that let r through, any one of them enough.
// The fake enforces the SDK's own endpoint table (anypoint.RequiredScopes),
// so the scopes a ScopeError names are the ones the fake checked, and the
// table lives in one place.
func required(r *http.Request) []scopes.Scope {
	return anypoint.RequiredScopes(r.Method, r.URL.EscapedPath())
}
