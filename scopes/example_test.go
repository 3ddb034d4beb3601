package scopes_test

import (
	"errors"
	"fmt"

	"github.com/anypoint-go/anypoint/scopes"
)

func ExampleByDisplayName() {
	// An administrator names a scope as the admin UI shows it.
	info, ok := scopes.ByDisplayName("Design Center Developer")
	if !ok {
		fmt.Println("no such scope")
		return
	}
	fmt.Println(info.Scope)
	fmt.Println(info.Product)
	fmt.Println(info.Scope == scopes.EditDesignCenter)
	// Output:
	// edit:design_center
	// Design Center
	// true
}

func ExampleLookup() {
	info, _ := scopes.Lookup(scopes.OfflineAccess)
	fmt.Printf("%s is %q: %s\n", info.Scope, info.DisplayName, info.Description)
	// Output:
	// offline_access is "Background Access": Keep access while the user is away: the token endpoint issues a refresh token.
}

func ExampleParse() {
	// The scope field of a token response, with a repeat and a scope the catalog lacks.
	granted, err := scopes.Parse("openid  view:environment offline_access openid read:brand_new")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range granted {
		fmt.Println(s, s.Known())
	}
	fmt.Println(scopes.Contains(granted, scopes.OfflineAccess))

	_, err = scopes.Parse(`openid "profile"`)
	var pe *scopes.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Pos, pe.Reason)
	}
	// Output:
	// openid true
	// view:environment true
	// offline_access true
	// read:brand_new false
	// true
	// 7 character '"' is not allowed in a scope (RFC 6749, section 3.3)
}

func ExampleJoin() {
	fmt.Println(scopes.Join(scopes.OpenID, scopes.ViewEnvironment, scopes.OfflineAccess))
	// Output:
	// openid view:environment offline_access
}

func ExampleGrant() {
	// Scopes of a client-credentials app are granted in an organization and, for many,
	// in an environment.
	grants := []scopes.Grant{
		{Scope: scopes.ViewEnvironment, OrgID: "org-1"},
		{Scope: scopes.ReadApplications, OrgID: "org-1", EnvID: "env-prod"},
		{Scope: scopes.ReadApplications, OrgID: "org-1"},
	}
	for _, g := range grants {
		if err := g.Validate(); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(g)
	}
	// Output:
	// view:environment@org-1
	// read:applications@org-1/env-prod
	// scopes: incomplete grant: read:applications (Read Applications) needs an environment ID: it is granted per environment
}
