package leastprivilege_test

import (
	"fmt"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/scopes"
)

// The plan of a program that lists Design Center projects and publishes to
// Exchange: of the scopes that would do, the least privilege.
func ExampleNewPlan() {
	list, _ := endpoints.Get("api-designer-experience", "getProjects")
	publish, _ := endpoints.Lookup("POST", "/exchange/api/v2/organizations/o-1/assets/g/a/1.0.0")
	plan := leastprivilege.NewPlan([]leastprivilege.Call{
		{Operation: list, At: "main.go:12"},
		{Operation: publish, At: "main.go:20", OrgID: "o-1"},
	}, nil)
	for _, g := range plan.Grants {
		fmt.Printf("%s (any of %v) for %s\n", g.Grant, g.Calls[0].Operation.AnyOf, g.Calls[0].At)
	}
	// Output:
	// edit:exchange@o-1 (any of [edit:exchange manage:exchange]) for main.go:20
	// view:design_center (any of [edit:design_center view:design_center]) for main.go:12
}

// Check after a plan: the grants an app lacks, and those it holds that no
// call needs.
func ExampleCheck() {
	list, _ := endpoints.Get("api-designer-experience", "getProjects")
	plan := leastprivilege.NewPlan([]leastprivilege.Call{{Operation: list, At: "main.go:12"}}, nil)
	r := leastprivilege.Check(plan, []scopes.Grant{{Scope: scopes.ReadExchange, OrgID: "o-1"}}, nil)
	fmt.Println("missing:", r.MissingScopes(), "unused:", r.Unused)
	// Output:
	// missing: [view:design_center] unused: [read:exchange@o-1]
}
