// Package endpoints is the catalog of every operation MuleSoft publishes for
// Anypoint Platform: the 1,453 operations of the specs in
// github.com/mulesoft/mulesoft-dx (apis/<name>/api.yaml, at Commit), each
// with the connected-app scopes that satisfy it and where that fact comes
// from.
//
// Find the operation a request is, from its method and path:
//
//	op, ok := endpoints.Lookup("GET", "/apimanager/api/v1/organizations/o-1/environments/e-1/apis")
//	// op.API == "api-manager", op.ID == "listOrganizationsEnvironmentsApis",
//	// op.AnyOf == []scopes.Scope{scopes.ReadAPIConfiguration}, op.Source == endpoints.FromSpec
//
// or by its spec's operation ID with Get, or walk them all with All.
//
// # Where the scopes come from
//
// Every operation says where its scopes come from (Source and Cite):
//
//   - FromSpec: the operation's own description in its spec names its
//     connected-app scopes ("Connected Apps require the following scopes:
//     View APIs Configuration"), says none is needed, or says connected apps
//     cannot call it (UserOnly). API Manager, Anypoint MQ and Object Store
//     name theirs.
//   - FromDocs: a MuleSoft documentation page states the rule for the API;
//     Cite names the page.
//   - Assumed: nothing MuleSoft publishes says; Cite says what is assumed
//     and why (most often the scope of the product's matching permission).
//     An assumed operation with no scopes at all is one whose scope is
//     unknown.
//
// The SDK uses the catalog everywhere an operation's facts are needed: the
// service packages declare their endpoints by operation ID, the client
// finds the operation of any request it sends (a raw Client.Call too), so a
// refusal names the scopes that would satisfy it in a *anypoint.ScopeError,
// and the fake platform (package anypointtest) enforces the same scopes.
//
// # How the catalog is made
//
// The catalog is data: catalog.json in this directory, written by
// internal/specgen from a checkout of mulesoft-dx (facts only: no
// descriptions or examples) and from internal/specgen/rules.json, the
// docs and assumed rules, each with its citation. go generate writes
// catalog_gen.go from the data, and a test checks that it is current:
//
//	go generate ./endpoints
package endpoints

//go:generate go run ./internal/gen
