package story

import (
	"context"
	"errors"
	"fmt"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// Admin tells the administrator's story, all from Go: create an app that
// acts on its own behalf, grant it "Design Center Developer", watch it list
// projects, remove the scope and watch it be denied, then revoke its tokens
// and delete it. No password changes hands at any point.
func Admin(ctx context.Context, p *Platform) error {
	p.Title("Administration: create a connected app, grant and remove a scope, revoke, delete")
	if !p.Admin.set() {
		p.Say("skipped: set ANYPOINT_ADMIN_CLIENT_ID and ANYPOINT_ADMIN_CLIENT_SECRET to an app with the Connected Apps admin scopes")
		return nil
	}
	apps, orgID, err := p.adminService(ctx)
	if err != nil {
		return explain(p, err)
	}

	p.Step("The administrator creates an app that acts on its own behalf (POST /accounts/api/connectedApplications)")
	created, err := apps.Create(ctx, &admin.CreateAppRequest{
		ClientName: "sdk-admin-story",
		GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
		Audience:   admin.AudienceInternal,
	})
	if err != nil {
		return explain(p, err)
	}
	p.Say("created %q: client ID %s, secret %v (held in a admin.Secret: it prints as REDACTED)", created.ClientName, created.ClientID, created.ClientSecret)
	defer func() {
		// Whatever happens below, do not leave the app behind.
		if err := apps.Delete(context.WithoutCancel(ctx), created.ClientID); err != nil && !errors.Is(err, anypoint.ErrNotFound) {
			p.Say("cleanup: could not delete the app: %v", err)
		}
	}()

	grant := scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: orgID}
	p.Step("The administrator grants it %q (%s) in organization %s", displayName(grant.Scope), grant.Scope, orgID)
	if err := apps.AddScopes(ctx, created.ClientID, grant); err != nil {
		return explain(p, err)
	}
	for g, err := range apps.AllScopes(ctx, created.ClientID, nil) {
		if err != nil {
			return explain(p, err)
		}
		p.Say("the app now holds %s", g)
	}

	p.Step("The new app gets a token and lists Design Center projects")
	appTokens := connectedapps.ClientCredentials{ClientID: created.ClientID, ClientSecret: created.ClientSecret.Reveal(), BaseURL: p.BaseURL}.TokenSource()
	app, err := p.Client(appTokens)
	if err != nil {
		return err
	}
	projects := designcenter.New(app)
	if err := printProjects(ctx, p, projects); err != nil {
		return explain(p, err)
	}

	p.Step("The administrator removes the scope (DELETE …/scopes)")
	if err := apps.RemoveScopes(ctx, created.OwnerOrgID, created.ClientID, grant); err != nil {
		return explain(p, err)
	}
	_, err = projects.ListProjects(ctx)
	if !reportScopeDenied(p, err) {
		return fmt.Errorf("expected a scope denial, got %v", err)
	}

	p.Step("The administrator revokes every token of the app (DELETE …/revoke)")
	if err := apps.RevokeTokens(ctx, created.ClientID); err != nil {
		return explain(p, err)
	}
	p.Say("done: tokens already handed out stop working at once")

	p.Step("The administrator deletes the app (DELETE /accounts/api/connectedApplications/{id})")
	if err := apps.Delete(ctx, created.ClientID); err != nil {
		return explain(p, err)
	}
	_, err = apps.Get(ctx, created.ClientID)
	if !errors.Is(err, anypoint.ErrNotFound) {
		return fmt.Errorf("expected the app to be gone, got %v", err)
	}
	p.Say("gone: Get answers %v", err)
	_, err = accounts.New(app).Me(ctx)
	if !errors.Is(err, anypoint.ErrInvalidClient) {
		return fmt.Errorf("expected invalid_client for the deleted app, got %v", err)
	}
	p.Say("the app's next call: its token is refused, and no new one can be minted:")
	p.Say("errors.Is(err, anypoint.ErrInvalidClient) = true (%v)", err)
	return nil
}
