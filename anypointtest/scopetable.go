package anypointtest

import (
	"net/http"
	"slices"
	"strings"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/scopes"
)

// The fake enforces the scopes of the endpoint catalog (package endpoints):
// MuleSoft's published specs where they name an operation's connected-app
// scopes, else the MuleSoft documentation page the catalog cites, else the
// catalog's stated assumption. The SDK's services and the fake thus follow
// one table, and the outside judge of both is the spec.

// RequiredScopes returns the scopes the fake platform demands of a request
// with this method and escaped path (relative to the control plane), any
// one of them enough, and whether the path is a published operation at
// all. A published operation with no scopes takes any valid token, or
// needs a scope nobody has published (see endpoints.Operation); an
// operation that needs several scopes together (endpoints.Operation.AllOf)
// lists those after the any-of ones.
func RequiredScopes(method, path string) ([]scopes.Scope, bool) {
	o, ok := endpoints.Lookup(method, path)
	if !ok {
		return nil, false
	}
	return o.Scopes(), true
}

// required returns the scopes that let r through, any one of them enough:
// the any-of scopes of its operation. The simulated operations need no
// scopes together.
func required(r *http.Request) []scopes.Scope {
	o, ok := endpoints.Lookup(r.Method, r.URL.EscapedPath())
	if !ok {
		return nil
	}
	return slices.Clone(o.AnyOf)
}

// envOf returns the environment r acts in, where its operation's path names
// one (a parameter environmentId, envId or environment), else "". Scopes
// that act in one environment are checked against it.
func envOf(r *http.Request) string {
	o, ok := endpoints.Lookup(r.Method, r.URL.EscapedPath())
	if !ok {
		return ""
	}
	vals, ok := o.Match(r.URL.EscapedPath())
	if !ok {
		return ""
	}
	for i, name := range o.PathParams() {
		switch strings.ToLower(name) {
		case "environmentid", "envid", "environment":
			return vals[i]
		}
	}
	return ""
}
