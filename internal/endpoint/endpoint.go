// Package endpoint lets a service package say which API endpoint a request
// is for. Each service declares its endpoints next to its methods: method,
// path pattern, the scopes any one of which lets a request through, and
// where that fact comes from. The request carries its endpoint in its
// context, so the client's 401 rule and ScopeError.Required need no URL
// matching in the root package, and a new service never edits the root.
package endpoint

import (
	"context"
	"net/url"
	"strings"

	"github.com/anypoint-go/anypoint/scopes"
)

// Endpoint is one operation of an Anypoint API.
type Endpoint struct {
	// Method is the HTTP method.
	Method string
	// Pattern is the path relative to the control plane, with "{name}" for
	// each path parameter: "/accounts/api/organizations/{orgId}".
	Pattern string
	// Scopes lets a request through, any one of them; empty means any
	// valid token (a 401 there is never a scope denial).
	Scopes []scopes.Scope
	// Source says where the scopes and the route come from: MuleSoft's
	// published spec, the docs, or "not confirmed".
	Source string
}

// Key identifies the endpoint in the client's denial memory: the same for
// every ID the pattern's parameters take.
func (e Endpoint) Key() string { return e.Method + " " + e.Pattern }

// Path fills the pattern's parameters, in order, with args, each escaped
// as one path segment ("/" inside an ID becomes %2F). It panics when the
// count differs: that is a mistake in the service's code, not in input.
//
// It is on every call's path, so it allocates once at most: the pattern
// itself when there is nothing to fill, else one buffer sized for the
// pattern and the arguments (more only when an argument needs escaping).
func (e Endpoint) Path(args ...string) string {
	if len(args) == 0 {
		if strings.IndexByte(e.Pattern, '{') >= 0 {
			panic("endpoint: " + e.Key() + ": fewer arguments than parameters")
		}
		return e.Pattern
	}
	n := len(e.Pattern)
	for _, a := range args {
		n += len(a)
	}
	var b strings.Builder
	b.Grow(n)
	rest := e.Pattern
	for _, a := range args {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			panic("endpoint: " + e.Key() + ": more arguments than parameters")
		}
		b.WriteString(rest[:i])
		b.WriteString(url.PathEscape(a))
		rest = rest[j+1:]
	}
	if strings.IndexByte(rest, '{') >= 0 {
		panic("endpoint: " + e.Key() + ": fewer arguments than parameters")
	}
	b.WriteString(rest)
	return b.String()
}

type key struct{}

// With returns ctx carrying e; the client reads it from the request.
func With(ctx context.Context, e *Endpoint) context.Context {
	return context.WithValue(ctx, key{}, e)
}

// From returns the endpoint ctx carries, or nil.
func From(ctx context.Context) *Endpoint {
	e, _ := ctx.Value(key{}).(*Endpoint)
	return e
}

// Match matches an escaped path (a link the platform handed out, such as a
// status link, with its scheme and host dropped) against the pattern and
// returns the values of its parameters, unescaped, in order. It reports
// false for a path of another shape, so that a service never sends its
// token to a path it did not declare.
func (e Endpoint) Match(escapedPath string) ([]string, bool) {
	pat := strings.Split(strings.Trim(e.Pattern, "/"), "/")
	segs := strings.Split(strings.Trim(escapedPath, "/"), "/")
	if len(pat) != len(segs) {
		return nil, false
	}
	var args []string
	for i, p := range pat {
		if strings.HasPrefix(p, "{") {
			v, err := url.PathUnescape(segs[i])
			if err != nil || v == "" {
				return nil, false
			}
			args = append(args, v)
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return args, true
}
