// Command admin manages connected apps as an organization administrator, who
// signs in in the browser: on Anypoint only organization administrators may
// manage connected apps, and an app's own client credentials may not. It
// creates an app that acts on its own behalf, grants it "Design Center
// Developer", lets it list projects, removes the scope, shows that the app's
// next call is denied, and deletes the app.
//
//	ANYPOINT_USER_CLIENT_ID, _SECRET  the app the administrator signs in through, acting on behalf of users,
//	                                  with read:orgconnapps, create:orgclients, admin:orgclients;
//	                                  unset: the embedded fake platform, where the seed user is the administrator
//	ANYPOINT_REDIRECT_URL             its redirect URI (default http://127.0.0.1:8765/callback)
//	ANYPOINT_HOST or ANYPOINT_REGION  the control plane (default: US)
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // time to sign in
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) (err error) {
	cfg, err := connectedapps.ConfigFromEnv() // the control plane, named once for the sign-in and every client
	if err != nil {
		return err
	}
	ac := connectedapps.AuthorizationCode{
		ClientID: os.Getenv("ANYPOINT_USER_CLIENT_ID"), ClientSecret: os.Getenv("ANYPOINT_USER_CLIENT_SECRET"),
		RedirectURL: cmp.Or(os.Getenv("ANYPOINT_REDIRECT_URL"), "http://127.0.0.1:8765/callback"),
		Scopes:      []scopes.Scope{scopes.ReadOrgConnApps, scopes.CreateOrgClients, scopes.AdminOrgClients},
	}
	var login []connectedapps.LoginOption // none: the system browser
	if ac.ClientID == "" {
		srv := anypointtest.NewServer() // a fake platform; its seed user signs in, in a browser it plays
		defer srv.Close()
		app, err := srv.AddLoopbackUserApp("apps-admin", ac.Scopes...)
		if err != nil {
			return err
		}
		ac.ClientID, ac.ClientSecret, ac.RedirectURL, cfg = app.ClientID, app.ClientSecret, app.RedirectURIs[0], srv.Config()
		login = append(login, connectedapps.WithOpener(srv.Browser()))
		fmt.Fprintln(out, "ANYPOINT_USER_CLIENT_ID is not set: using the embedded fake platform")
	}
	ac.Config = cfg
	ts, err := ac.Login(ctx, login...)
	if err != nil {
		return err
	}
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		return err
	}
	me, err := accounts.New(c).Me(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Signed in as %s, administrator of organization %s\n", me.User.Username, me.OrganizationID())

	apps := admin.New(c)
	app, err := apps.CreateApp(ctx, &admin.CreateAppRequest{
		ClientName: "anypoint-go-example", GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Created the app %q, client ID %s\n", app.ClientName, app.ClientID)
	defer func() { // whatever happens below, do not leave the app behind
		if derr := apps.DeleteApp(context.WithoutCancel(ctx), app.ClientID); derr != nil {
			err = errors.Join(err, fmt.Errorf("delete the app %s: %w", app.ClientID, derr))
			return
		}
		fmt.Fprintln(out, "Deleted the app")
	}()
	grant := scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: me.OrganizationID()}
	if err := apps.AddScopes(ctx, app.ClientID, grant); err != nil {
		return err
	}
	appTokens := connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret.Reveal(), Config: cfg}.TokenSource()
	appClient, err := anypoint.NewClient(appTokens, anypoint.WithConfig(cfg))
	if err != nil {
		return err
	}
	dc := designcenter.New(appClient)
	projects, err := dc.ListProjects(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Granted it %s; as itself, it lists %d Design Center projects\n", grant.Scope, len(projects))

	if err := apps.RemoveScopes(ctx, grant.OrgID, app.ClientID, grant); err != nil {
		return err
	}
	_, err = dc.ListProjects(ctx)
	var denied *anypoint.ScopeError
	if !errors.As(err, &denied) {
		return fmt.Errorf("expected a scope denial, got %v", err)
	}
	fmt.Fprintf(out, "Removed the scope; the app's next call is a scope denial (it needs one of %v)\n", denied.Required)
	return nil
}
