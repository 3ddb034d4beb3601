package story

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// AuthorizationCode tells Method 2: a user signs in in the browser and lets
// the app view environments; the app lists them; a call outside the granted
// scope is a scope denial; the user's grant survives a restart through the
// stored refresh token; an administrator revokes the grant, and the app is
// told to have the user sign in again.
func AuthorizationCode(ctx context.Context, p *Platform) error {
	p.Title("Method 2: an app that acts on behalf of a user (authorization code + PKCE)")
	if !p.UserApp.set() {
		p.Say("skipped: set ANYPOINT_USER_CLIENT_ID and ANYPOINT_USER_CLIENT_SECRET (and ANYPOINT_REDIRECT_URL) to an app that acts on behalf of a user")
		return nil
	}
	dir, err := os.MkdirTemp("", "anypoint-quickstart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store := connectedapps.NewFileStore(filepath.Join(dir, "token.json"))

	ac := connectedapps.AuthorizationCode{
		ClientID:     p.UserApp.ID,
		ClientSecret: p.UserApp.Secret,
		RedirectURL:  p.RedirectURL,
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
		Config:       p.Config,
	}

	p.Step("The user signs in in the browser and consents to %q (%s) and %q (%s)",
		displayName(scopes.ViewEnvironment), scopes.ViewEnvironment, displayName(scopes.OfflineAccess), scopes.OfflineAccess)
	opts := []connectedapps.LoginOption{connectedapps.WithStore(store), connectedapps.WithPrompt(p.Out)}
	if p.Fake != nil {
		p.Say("(the fake platform's consent page answers for user %q; a small HTTP client plays the browser)", anypointtest.Username)
		opts = append(opts, connectedapps.WithOpener(followRedirects))
	} else {
		p.Say("opening your browser; waiting for the redirect to %s", p.RedirectURL)
	}
	userTokens, err := ac.Login(ctx, opts...)
	if err != nil {
		return explain(p, err)
	}
	p.Say("signed in: the code was exchanged (with the PKCE verifier) for an access token and a refresh token")
	p.Say("the token is saved in %s (mode 0600)", filepath.Base(dir)+"/token.json")

	c, err := p.Client(userTokens)
	if err != nil {
		return err
	}
	acc := accounts.New(c)
	me, err := acc.Me(ctx)
	if err != nil {
		return explain(p, err)
	}
	orgID := me.OrganizationID()
	p.Say("the app acts for %s in organization %s", me.User.Username, orgID)

	p.Step("The app lists the organization's environments (GET /accounts/api/organizations/{org}/environments, needs %s)", scopes.ViewEnvironment)
	if err := printEnvironments(ctx, p, acc, orgID); err != nil {
		return explain(p, err)
	}

	p.Step("The app tries a call outside what the user granted: list Design Center projects")
	_, err = designcenter.New(c, designcenter.WithOrganizationID(orgID), designcenter.WithOwnerID(me.User.ID)).ListProjects(ctx)
	if !reportScopeDenied(p, err) {
		return fmt.Errorf("expected a scope denial, got %v", err)
	}

	p.Step("The program restarts: a new token source resumes from the stored token, with no browser")
	if p.Fake != nil {
		p.Fake.ExpireTokens()
		p.Say("(the fake platform expires every access token, so the resumed source must use its refresh token)")
	}
	before, err := store.Load(ctx)
	if err != nil {
		return err
	}
	stored, err := ac.TokenSource(ctx, nil, connectedapps.WithStore(store))
	if err != nil {
		return err
	}
	resumed, err := p.Client(stored)
	if err != nil {
		return err
	}
	if err := printEnvironments(ctx, p, accounts.New(resumed), orgID); err != nil {
		return explain(p, err)
	}
	after, err := store.Load(ctx)
	if err != nil {
		return err
	}
	if after.AccessToken != before.AccessToken {
		p.Say("the new access token was saved to the store for the next restart")
	}
	if after.RefreshToken != before.RefreshToken {
		p.Say("the platform rotated the refresh token; the new one replaced the old one in the store")
	}

	if p.Fake == nil {
		p.Step("An administrator revokes the user's grant")
		p.Say("skipped against the real platform: the story would revoke your own grant")
		return nil
	}
	p.Step("An administrator revokes the user's grant of the app (Access Management → Connected Apps → authorizations)")
	p.Fake.RevokeAuthorization(anypointtest.Username, p.UserApp.ID)
	p.Fake.ExpireTokens()
	_, err = accounts.New(resumed).ListEnvironments(ctx, orgID, nil)
	if !errors.Is(err, anypoint.ErrInvalidGrant) {
		return fmt.Errorf("expected invalid_grant, got %v", err)
	}
	p.Say("the refresh is refused: errors.Is(err, anypoint.ErrInvalidGrant) = true")
	p.Say("error text: %v", err)
	p.Say("the program tells the user to sign in again; it does not retry in a loop")
	return nil
}

func printEnvironments(ctx context.Context, p *Platform, acc *accounts.Service, orgID string) error {
	n := 0
	for env, err := range acc.AllEnvironments(ctx, orgID, nil) {
		if err != nil {
			return err
		}
		n++
		p.Say("  - %-12s %-10s production=%t", env.Name, env.Type, env.IsProduction)
	}
	p.Say("200 OK: %d environments", n)
	return nil
}

// followRedirects plays the browser against the fake platform: it opens the
// authorization URL and follows the redirect to the app's loopback callback.
func followRedirects(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
