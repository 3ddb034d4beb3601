package scopes

import (
	"slices"
	"strings"
	"sync"
)

// Scope is one scope keyword as it appears in the OAuth 2.0 scope parameter
// and in the Connected Apps API, such as "edit:design_center".
//
// The constants of this package name every scope of the catalog; a Scope may hold any other
// keyword too, since the platform adds scopes over time.
type Scope string

// String returns the keyword, as it goes into the scope parameter.
func (s Scope) String() string { return string(s) }

// Info returns the catalog entry of s; it is the same as Lookup(s).
func (s Scope) Info() (Info, bool) { return Lookup(s) }

// Known reports whether s is in the catalog. A scope that is not known may still be valid on
// the platform, which adds scopes over time.
func (s Scope) Known() bool {
	_, ok := Lookup(s)
	return ok
}

// Info describes one scope of the catalog, as the platform's scope list
// (GET /accounts/api/cs/scopes) and its admin UI describe it.
type Info struct {
	// Scope is the keyword, such as "edit:design_center".
	Scope Scope
	// DisplayName is the name the admin UI shows, such as "Design Center Developer".
	DisplayName string
	// Description says in one sentence what the scope allows.
	Description string
	// Product is the part of the platform the scope belongs to, such as "Design Center".
	Product string
	// NeedsEnvironment reports whether a client-credentials app is granted the scope for an
	// environment of an organization (Grant.EnvID), not only for the organization.
	NeedsEnvironment bool
}

// Lookup returns the catalog entry of the scope s. It reports false for a scope the catalog
// does not know.
func Lookup(s Scope) (Info, bool) {
	i, ok := slices.BinarySearchFunc(catalog, s, func(e Info, s Scope) int {
		return strings.Compare(string(e.Scope), string(s))
	})
	if !ok {
		return Info{}, false
	}
	return catalog[i], true
}

// ByDisplayName returns the catalog entry whose display name, as the admin UI shows it, is
// name: ByDisplayName("Design Center Developer") finds edit:design_center. The match ignores
// case, leading and trailing spaces and repeated spaces inside the name. A few other names
// that the SDK's documentation uses are accepted too, such as "Create BGs" for
// "Create BGs under a given org".
func ByDisplayName(name string) (Info, bool) {
	s, ok := displayNameIndex()[normalizeName(name)]
	if !ok {
		return Info{}, false
	}
	return Lookup(s)
}

// All returns every scope of the catalog, sorted by scope. The slice is a copy that the caller
// may change.
func All() []Info {
	return slices.Clone(catalog)
}

// displayNameIndex maps normalized display names and aliases to their scope.
var displayNameIndex = sync.OnceValue(func() map[string]Scope {
	m := make(map[string]Scope, len(catalog)+len(displayNameAliases))
	for _, e := range catalog {
		m[normalizeName(e.DisplayName)] = e.Scope
	}
	for name, s := range displayNameAliases {
		m[normalizeName(name)] = s
	}
	return m
})

// normalizeName must match codegen.NormalizeName, which checks the catalog for names that
// would collide under it; a test keeps the two in step.
func normalizeName(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}
