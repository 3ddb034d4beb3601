package endpoints_test

import (
	"fmt"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/scopes"
)

// Lookup finds the operation a request is, from its method and path.
func ExampleLookup() {
	op, ok := endpoints.Lookup("GET", "/apimanager/api/v1/organizations/o-1/environments/e-1/apis")
	if !ok {
		fmt.Println("not a published operation")
		return
	}
	fmt.Println(op.API, op.ID)
	fmt.Println(op.ScopeLine())
	// Output:
	// api-manager listOrganizationsEnvironmentsApis
	// scope read:api_configuration (spec)
}

// Get finds an operation by its spec's operation ID; Satisfied says whether
// a set of scopes lets a call through.
func ExampleGet() {
	op, _ := endpoints.Get("api-manager", "createOrganizationsEnvironmentsApis")
	fmt.Println(op.Method, op.Pattern)
	fmt.Println(op.ScopeLine())
	fmt.Println(op.Satisfied([]scopes.Scope{scopes.ManageAPIConfiguration}))
	// Output:
	// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis
	// scopes manage:api_configuration and read:exchange (spec)
	// false
}

// All walks every operation: here, the ones whose own spec names their
// scopes, counted by API.
func ExampleAll() {
	bySpec := map[string]int{}
	for op := range endpoints.All() {
		if op.Source == endpoints.FromSpec {
			bySpec[op.API]++
		}
	}
	fmt.Println(bySpec["api-manager"], bySpec["object-store-v2"])
	// Output: 76 19
}
