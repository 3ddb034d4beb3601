package admin_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// An organization administrator signs in through a connected app that acts
// on behalf of a user, and the management API runs with that token: the
// credential the real platform asks for. Against the fake platform the
// browser is played by srv.Browser(); a real program leaves WithOpener out.
func Example() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, err := srv.AddLoopbackUserApp("connected-apps-admin", scopes.ReadOrgConnApps, scopes.AdminOrgClients)
	if err != nil {
		log.Fatal(err)
	}
	cfg := srv.Config() // the control plane, for the sign-in and the client alike
	ac := connectedapps.AuthorizationCode{
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		RedirectURL:  app.RedirectURIs[0],
		Scopes:       []scopes.Scope{scopes.ReadOrgConnApps, scopes.AdminOrgClients},
		Config:       cfg,
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ts, err := ac.Login(ctx, connectedapps.WithOpener(srv.Browser()))
	if err != nil {
		log.Fatal(err)
	}
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		log.Fatal(err)
	}
	apps := admin.New(c)

	quickstart := mustApp(srv, anypointtest.DefaultClientCredentialsAppID)
	for g, err := range apps.AllScopes(ctx, quickstart.ClientID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(g.Scope)
	}
	// Output:
	// edit:design_center
}

// exAdmin returns the Connected Apps management client of the fake
// platform's administration app, "platform-admin". Only the fake lets an
// app's client credentials administer connected apps: on the real platform
// an org administrator signs in instead (see the package Example).
func exAdmin(srv *anypointtest.Server) *admin.Service {
	adminApp := mustApp(srv, anypointtest.AdminAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: adminApp.ClientID, ClientSecret: adminApp.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	return admin.New(c)
}

// An administrator creates an app that acts on its own behalf and grants it
// a scope; the app can then work. The secret prints as REDACTED: Reveal it
// only to hand it over.
func ExampleService_CreateApp() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	apps := exAdmin(srv)
	ctx := context.Background()

	app, err := apps.CreateApp(ctx, &admin.CreateAppRequest{
		ClientName: "ci-pipeline",
		GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(app.ClientName, app.ClientSecret)

	err = apps.AddScopes(ctx, app.ClientID, scopes.Grant{Scope: scopes.ViewDesignCenter, OrgID: anypointtest.OrgID})
	if err != nil {
		log.Fatal(err)
	}

	// The new app at work, with its own credentials.
	ci, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret.Reveal(), Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	projects, err := designcenter.New(ci).ListProjects(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("projects:", len(projects))
	// Output:
	// ci-pipeline REDACTED
	// projects: 3
}

// Removing a scope takes effect at once: the app's very next call that
// needs it is a scope denial, with no token to wait out.
func ExampleService_RemoveScopes() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	apps := exAdmin(srv)
	ctx := context.Background()

	// The app lists Design Center projects.
	app := mustApp(srv, anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	dc := designcenter.New(c)
	projects, err := dc.ListProjects(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("projects:", len(projects))

	// The administrator removes "Design Center Developer", through the
	// organization that owns the app.
	err = apps.RemoveScopes(ctx, anypointtest.OrgID, app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: anypointtest.OrgID})
	if err != nil {
		log.Fatal(err)
	}

	_, err = dc.ListProjects(ctx)
	var denied *anypoint.ScopeError
	if errors.As(err, &denied) {
		fmt.Println("scope denied; needs one of", denied.Required)
	}
	// Output:
	// projects: 3
	// scope denied; needs one of [edit:design_center view:design_center]
}

// Revoking an app's tokens ends every token it holds. An app that acts on
// its own behalf keeps its credentials: the SDK mints a new token and
// replays the call, so the program goes on.
func ExampleService_RevokeTokens() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	apps := exAdmin(srv)
	ctx := context.Background()

	app := mustApp(srv, anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	dc := designcenter.New(c)
	if _, err := dc.ListProjects(ctx); err != nil {
		log.Fatal(err)
	}

	if err := apps.RevokeTokens(ctx, app.ClientID); err != nil {
		log.Fatal(err)
	}
	before := srv.TokenRequests()

	projects, err := dc.ListProjects(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("projects:", len(projects))
	fmt.Println("new tokens:", srv.TokenRequests()-before)
	// Output:
	// projects: 3
	// new tokens: 1
}

// mustApp returns one of the fake platform's seed apps.
func mustApp(srv *anypointtest.Server, clientID string) anypointtest.App {
	app, ok := srv.App(clientID)
	if !ok {
		log.Fatalf("no app %s", clientID)
	}
	return app
}
