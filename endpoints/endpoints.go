package endpoints

import (
	"iter"
	"net/url"
	"slices"
	"strings"

	"github.com/anypoint-go/anypoint/scopes"
)

// Source says where an operation's scopes come from.
type Source string

// The sources of a scope fact, from the strongest.
const (
	// FromSpec: the operation's own text in its published spec.
	FromSpec Source = "spec"
	// FromDocs: a MuleSoft documentation page, named by the Cite.
	FromDocs Source = "docs"
	// Assumed: nothing MuleSoft publishes says; the Cite says what is
	// assumed and why.
	Assumed Source = "assumed"
)

// API is one of MuleSoft's published specs.
type API struct {
	// Name is the spec's directory in mulesoft-dx: "api-manager".
	Name string
	// Title is the spec's own title.
	Title string
	// Server is the spec's first server URL, as the spec writes it.
	Server string
	// Host is the host the API is served on when it is not the control
	// plane ("object-store-us-east-1.anypoint.mulesoft.com"); empty for the
	// control plane's APIs.
	Host string
	// Unread says why the spec's operations are not in the catalog; empty
	// when they are.
	Unread string
	// Operations is the number of the spec's operations in the catalog.
	Operations int
}

// Operation is one published operation. The catalog's operations are
// shared: treat them, and their slices, as read-only.
type Operation struct {
	// API is the name of the spec the operation belongs to: "api-manager".
	API string
	// ID is the spec's operationId: "listOrganizationsEnvironmentsApis".
	ID string
	// Method is the HTTP method.
	Method string
	// Pattern is the path relative to the API's host (the control plane
	// unless Host says otherwise): the spec's server path and the
	// operation's path, with "{name}" for each parameter, as the spec names
	// it. A parameter is most often a whole path segment; a few fill part
	// of one ("query{mediaTypeExtension}").
	Pattern string
	// Host is set for the operations of an API that is not served by the
	// control plane (see API.Host).
	Host string
	// RequiredQuery lists the query parameters the spec marks required.
	RequiredQuery []string
	// AnyOf lists scopes any one of which lets a request through (with
	// every scope of AllOf). Empty with an empty AllOf: see AnyToken.
	AnyOf []scopes.Scope
	// AllOf lists scopes that are all needed ("Manage APIs Configuration"
	// and "Exchange Viewer" to create an API from an Exchange asset).
	AllOf []scopes.Scope
	// AnyToken reports that any valid token may call the operation: no
	// scope is needed. An operation with no scopes that is not AnyToken
	// has a scope nobody has published (Source is Assumed).
	AnyToken bool
	// UserOnly reports that the spec says connected apps cannot call the
	// operation: it needs a user's session.
	UserOnly bool
	// Source says where the scope facts come from; Cite names the page or
	// says what is assumed.
	Source Source
	Cite   string
}

// String names the operation: "GET /apimanager/api/v1/… (api-manager
// listOrganizationsEnvironmentsApis)".
func (o *Operation) String() string {
	return o.Method + " " + o.Pattern + " (" + o.API + " " + o.ID + ")"
}

// Scopes returns every scope the operation names, AnyOf then AllOf.
func (o *Operation) Scopes() []scopes.Scope {
	return append(slices.Clone(o.AnyOf), o.AllOf...)
}

// Satisfied reports whether a token holding granted may call the
// operation, as far as the catalog knows: one scope of AnyOf (when there
// are any) and every scope of AllOf. An operation whose scope is unknown
// is never satisfied, except by any token when AnyToken is set.
func (o *Operation) Satisfied(granted []scopes.Scope) bool {
	if o.AnyToken {
		return true
	}
	if len(o.AnyOf) == 0 && len(o.AllOf) == 0 {
		return false
	}
	if len(o.AnyOf) > 0 && !slices.ContainsFunc(o.AnyOf, func(s scopes.Scope) bool { return slices.Contains(granted, s) }) {
		return false
	}
	for _, s := range o.AllOf {
		if !slices.Contains(granted, s) {
			return false
		}
	}
	return true
}

// ScopeLine says in words which scopes the operation needs, as the SDK's
// documentation writes it: "scope read:api_configuration (spec)",
// "scope edit:design_center or view:design_center (docs)", "scopes
// manage:api_configuration and read:exchange (spec)", "any valid token
// (docs)", "scope not published (assumed)".
func (o *Operation) ScopeLine() string {
	src := " (" + string(o.Source) + ")"
	var b strings.Builder
	switch {
	case o.UserOnly:
		b.WriteString("a user's token: connected apps cannot call it")
	case o.AnyToken:
		b.WriteString("any valid token")
	case len(o.AnyOf) == 0 && len(o.AllOf) == 0:
		b.WriteString("scope not published")
	default:
		n := len(o.AllOf)
		if len(o.AnyOf) > 0 {
			n++
		}
		if n > 1 {
			b.WriteString("scopes ")
		} else {
			b.WriteString("scope ")
		}
		for i, s := range o.AnyOf {
			if i > 0 {
				b.WriteString(" or ")
			}
			b.WriteString(string(s))
		}
		for i, s := range o.AllOf {
			if i > 0 || len(o.AnyOf) > 0 {
				b.WriteString(" and ")
			}
			b.WriteString(string(s))
		}
	}
	return b.String() + src
}

// DocLine is the line that ends the documentation of every SDK method that
// calls the operation: "GET /accounts/api/organizations/{organizationId}/environments
// (access-management listEnvironments): scope view:environment (docs)."
func (o *Operation) DocLine() string {
	return o.Method + " " + o.Pattern + " (" + o.API + " " + o.ID + "): " + o.ScopeLine() + "."
}

// Path fills the pattern's parameters, in order, with args, each escaped as
// one path segment ("/" inside an ID becomes %2F). It panics when the count
// of args differs from the pattern's parameters: that is a mistake in the
// caller's code, not in its input.
func (o *Operation) Path(args ...string) string {
	if len(args) == 0 {
		if strings.IndexByte(o.Pattern, '{') >= 0 {
			panic("endpoints: " + o.String() + ": fewer arguments than parameters")
		}
		return o.Pattern
	}
	n := len(o.Pattern)
	for _, a := range args {
		n += len(a)
	}
	var b strings.Builder
	b.Grow(n)
	rest := o.Pattern
	for _, a := range args {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			panic("endpoints: " + o.String() + ": more arguments than parameters")
		}
		b.WriteString(rest[:i])
		b.WriteString(url.PathEscape(a))
		rest = rest[j+1:]
	}
	if strings.IndexByte(rest, '{') >= 0 {
		panic("endpoints: " + o.String() + ": fewer arguments than parameters")
	}
	b.WriteString(rest)
	return b.String()
}

// PathParams returns the names of the pattern's parameters, in order.
func (o *Operation) PathParams() []string {
	var names []string
	rest := o.Pattern
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return names
		}
		names = append(names, rest[i+1:i+j])
		rest = rest[i+j+1:]
	}
}

// Match matches an escaped path against the pattern and returns the values
// of its parameters, unescaped, in order. It reports false for a path of
// another shape.
func (o *Operation) Match(escapedPath string) ([]string, bool) {
	var vals []string
	ok := o.match(escapedPath, func(v string) { vals = append(vals, v) })
	if !ok {
		return nil, false
	}
	for i, v := range vals {
		u, err := url.PathUnescape(v)
		if err != nil {
			return nil, false
		}
		vals[i] = u
	}
	return vals, true
}

// Get returns the operation with the spec's operation ID id in the API
// named api ("api-manager").
func Get(api, id string) (*Operation, bool) {
	i, ok := index().byID[api+" "+id]
	if !ok {
		return nil, false
	}
	return &operations[i], true
}

// All walks every operation of the catalog, API by API (by name), each in
// the order of its spec.
func All() iter.Seq[*Operation] {
	return func(yield func(*Operation) bool) {
		for i := range operations {
			if !yield(&operations[i]) {
				return
			}
		}
	}
}

// APIs walks the published specs, by name, those whose operations could
// not be read included (API.Unread says why).
func APIs() iter.Seq[API] {
	return slices.Values(apis)
}
