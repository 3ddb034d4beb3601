package story

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// ClientCredentials tells Method 1: an app that acts on its own behalf gets
// a token and lists Design Center projects; an administrator removes its
// "Design Center Developer" scope; the same call is now a scope denial; the
// administrator gives the scope back.
func ClientCredentials(ctx context.Context, p *Platform) error {
	p.Title("Method 1: an app that acts on its own behalf (client credentials)")

	p.Step("The app asks the token endpoint for a token (grant_type=client_credentials)")
	// One Config names the control plane for the credential and the
	// client alike, so the region is set once.
	appTokens := connectedapps.ClientCredentials{ClientID: p.App.ID, ClientSecret: p.App.Secret, Config: p.Config}.TokenSource()
	app, err := p.Client(appTokens)
	if err != nil {
		return err
	}
	tok, err := appTokens.TokenContext(ctx)
	if err != nil {
		return explain(p, err)
	}
	p.Say("got a %s token (%d characters; tokens are never printed)", tok.Type(), len(tok.AccessToken))
	p.Say("the platform does not say how long it lives: the SDK assumes %s and refreshes ahead of that", connectedapps.DefaultAssumedLifetime)
	p.Say("the app: %v", connectedapps.ClientCredentials{ClientID: p.App.ID, ClientSecret: p.App.Secret})
	projects := designcenter.New(app)

	p.Step("The app lists Design Center projects (GET /designcenter/api-designer/projects, needs %q = %s)", displayName(scopes.EditDesignCenter), scopes.EditDesignCenter)
	if err := printProjects(ctx, p, projects); err != nil {
		return explain(p, err)
	}

	if !p.Admin.set() {
		p.Step("An administrator removes the scope")
		p.Say("skipped: set ANYPOINT_ADMIN_CLIENT_ID and ANYPOINT_ADMIN_CLIENT_SECRET to an app acting on behalf of users, with %s, that an organization administrator signs in through, to run the rest of the story", scopes.Join(AdminScopes...))
		return nil
	}
	p.Step("An organization administrator signs in (only org administrators may manage connected apps)")
	admin, orgID, err := p.adminService(ctx)
	if err != nil {
		return explain(p, err)
	}
	grant := scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: orgID}

	p.Step("An administrator removes %q from the app (DELETE /accounts/api/organizations/{orgId}/connectedApplications/{id}/scopes)", displayName(scopes.EditDesignCenter))
	if err := admin.RemoveScopes(ctx, orgID, p.App.ID, grant); err != nil {
		return explain(p, err)
	}
	p.Say("done: the app now lacks %s in organization %s", grant.Scope, orgID)

	p.Step("The app makes the same call again")
	_, err = projects.ListProjects(ctx)
	if !reportScopeDenied(p, err) {
		return fmt.Errorf("expected a scope denial, got %v", err)
	}

	p.Step("The administrator gives the scope back (PATCH …/scopes)")
	if err := admin.AddScopes(ctx, p.App.ID, grant); err != nil {
		return explain(p, err)
	}
	if err := printProjects(ctx, p, projects); err != nil {
		return explain(p, err)
	}
	return nil
}

// AdminScopes are what the administrator's sign-in asks for: the scopes
// Access Management shows for viewing and managing connected apps.
var AdminScopes = []scopes.Scope{scopes.ReadOrgConnApps, scopes.CreateOrgClients, scopes.AdminOrgClients}

// adminService signs an organization administrator in (authorization code,
// in the browser: on the fake platform a stand-in plays the browser and the
// seed user consents) and returns the Connected Apps administration client
// and the organization the administrator manages. The real platform lets
// only organization administrators manage connected apps, with their own
// user token: an app's client credentials do not have the privileges.
func (p *Platform) adminService(ctx context.Context) (*admin.Service, string, error) {
	ac := connectedapps.AuthorizationCode{
		ClientID: p.Admin.ID, ClientSecret: p.Admin.Secret,
		RedirectURL: p.AdminRedirectURL,
		Scopes:      AdminScopes,
		Config:      p.Config,
	}
	opts := []connectedapps.LoginOption{connectedapps.WithPrompt(p.Out)}
	if p.Fake != nil {
		opts = append(opts, connectedapps.WithOpener(p.Fake.Browser()))
	}
	ts, err := ac.Login(ctx, opts...)
	if err != nil {
		return nil, "", err
	}
	c, err := p.Client(ts)
	if err != nil {
		return nil, "", err
	}
	me, err := accounts.New(c).Me(ctx)
	if err != nil {
		return nil, "", err
	}
	return admin.New(c), me.OrganizationID(), nil
}

func printProjects(ctx context.Context, p *Platform, svc *designcenter.Service) error {
	list, err := svc.ListProjects(ctx)
	if err != nil {
		return err
	}
	p.Say("200 OK: %d projects", len(list))
	for _, pr := range list {
		p.Say("  - %-16s %-14s created %s", pr.Name, pr.Type, pr.CreatedDate.Format(time.DateOnly))
	}
	return nil
}

// reportScopeDenied prints what the SDK says about a scope denial and
// reports whether err was one.
func reportScopeDenied(p *Platform, err error) bool {
	var denied *anypoint.ScopeError
	if !errors.As(err, &denied) {
		return false
	}
	p.Say("%d %s: the SDK returns *anypoint.ScopeError", denied.Err.StatusCode, denied.Err.Message)
	p.Say("errors.Is(err, anypoint.ErrScopeDenied) = %t", errors.Is(err, anypoint.ErrScopeDenied))
	var need []string
	for _, s := range denied.Required {
		need = append(need, fmt.Sprintf("%s (%q)", s, displayName(s)))
	}
	p.Say("the endpoint needs one of: %s", strings.Join(need, ", "))
	if denied.Granted != nil {
		p.Say("the token holds: %v", denied.Granted)
	}
	p.Say("error text: %v", err)
	return true
}

// explain prints what kind of error err is, as a program would tell its
// user, and returns it.
func explain(p *Platform, err error) error {
	switch {
	case errors.Is(err, anypoint.ErrInvalidClient):
		p.Say("the token endpoint refused the app's credentials (invalid_client): check the ID and secret")
	case errors.Is(err, anypoint.ErrInvalidGrant):
		p.Say("the user's grant is gone (invalid_grant): the user must sign in again")
	case errors.Is(err, anypoint.ErrScopeDenied):
		reportScopeDenied(p, err)
	}
	return err
}

func displayName(s scopes.Scope) string {
	if info, ok := scopes.Lookup(s); ok {
		return info.DisplayName
	}
	return string(s)
}
