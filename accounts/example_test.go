package accounts_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// newClient returns a client for the fake platform's client-credentials
// app, as a program would make one from its configuration.
func newClient(srv *anypointtest.Server) *anypoint.Client {
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// Me needs no scope: any valid token may ask whom it acts for. A
// client-credentials token acts for the app's owner.
func ExampleService_Me() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	acc := accounts.New(newClient(srv))

	me, err := acc.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("app:", me.Client.Name)
	fmt.Println("user:", me.User.Username)
	fmt.Println("root organization:", me.OrganizationID() == anypointtest.OrgID)
	// Output:
	// app: quickstart-app
	// user: max.mule
	// root organization: true
}

// AllEnvironments fetches pages as the loop asks for them; the filter keeps
// the non-production environments only.
func ExampleService_AllEnvironments() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	// An administrator grants the app "View Environment".
	srv.GrantScope(anypointtest.DefaultClientCredentialsAppID, scopes.Grant{Scope: scopes.ViewEnvironment})
	acc := accounts.New(newClient(srv))
	ctx := context.Background()

	me, err := acc.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	notProd := false
	opts := &accounts.ListEnvironmentsOptions{IsProduction: &notProd}
	for env, err := range acc.AllEnvironments(ctx, me.OrganizationID(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(env.Name, env.Type)
	}
	// Output:
	// Sandbox sandbox
	// Design design
}

// Hierarchy returns the tree of business groups below an organization.
func ExampleService_Hierarchy() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	srv.GrantScope(anypointtest.DefaultClientCredentialsAppID, scopes.Grant{Scope: scopes.ReadOrganization})
	acc := accounts.New(newClient(srv))

	root, err := acc.Hierarchy(context.Background(), anypointtest.OrgID)
	if err != nil {
		log.Fatal(err)
	}
	for g := range root.All() {
		fmt.Printf("%s (%d environments)\n", g.Name, g.EnvironmentsCount)
	}
	if team := root.Find(anypointtest.PlatformTeamOrgID); team != nil {
		fmt.Println("found:", team.Name)
	}
	// Output:
	// Acme Corp (3 environments)
	// Acme Engineering (3 environments)
	// Acme Platform Team (2 environments)
	// Acme Sales (2 environments)
	// found: Acme Platform Team
}

// Walk visits a parent before its children; returning SkipChildren prunes
// a subtree.
func ExampleBusinessGroup_Walk() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	srv.GrantScope(anypointtest.DefaultClientCredentialsAppID, scopes.Grant{Scope: scopes.ReadOrganization})
	acc := accounts.New(newClient(srv))

	root, err := acc.Hierarchy(context.Background(), anypointtest.OrgID)
	if err != nil {
		log.Fatal(err)
	}
	err = root.Walk(func(g *accounts.BusinessGroup, depth int) error {
		fmt.Printf("%s%s\n", strings.Repeat("  ", depth), g.Name)
		if g.ID == anypointtest.EngineeringOrgID {
			return accounts.SkipChildren // not the teams below Engineering
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// Acme Corp
	//   Acme Engineering
	//   Acme Sales
}
