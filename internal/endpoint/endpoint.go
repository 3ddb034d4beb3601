// Package endpoint lets a service package declare the operations it calls
// by their place in the catalog (package endpoints): the API's name and the
// spec's operation ID. Everything else (method, path pattern, scopes and
// their source) is the catalog's, so a service states no fact of its own
// that could disagree with it.
package endpoint

import "github.com/anypoint-go/anypoint/endpoints"

// Endpoint is one operation of the catalog, as a service calls it.
type Endpoint = endpoints.Operation

// Op returns the catalog's operation id of api. It panics when the catalog
// has no such operation: a service's declarations run at package
// initialization, so a misspelt ID fails every test of the package.
func Op(api, id string) *Endpoint {
	op, ok := endpoints.Get(api, id)
	if !ok {
		panic("endpoint: the catalog has no operation " + id + " in " + api)
	}
	if op.Host != "" {
		panic("endpoint: " + op.String() + " is not served by the control plane")
	}
	return op
}
