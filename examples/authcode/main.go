// Command authcode lists an organization's environments as a connected app that
// acts on behalf of a user, who signs in in the browser; the next run resumes
// from the sign-in saved in a file, without a browser.
//
//	ANYPOINT_USER_CLIENT_ID, _SECRET  the app (view:environment, offline_access); unset: the embedded fake platform
//	ANYPOINT_REDIRECT_URL             its redirect URI (default http://127.0.0.1:8765/callback)
//	ANYPOINT_HOST or ANYPOINT_REGION  the control plane (default: US)
//	ANYPOINT_TOKEN_FILE               the saved sign-in (default anypoint-token.json)
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
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

func run(ctx context.Context, out io.Writer) error {
	// The app, its redirect URL and the control plane, from ANYPOINT_USER_CLIENT_ID,
	// ANYPOINT_USER_CLIENT_SECRET, ANYPOINT_REDIRECT_URL and the control-plane variables.
	sc := []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}
	ac, err := connectedapps.AuthorizationCodeFromEnv(sc)
	tokenFile := connectedapps.TokenFileFromEnv()
	// The system browser, with the sign-in page's address also printed.
	browser := []connectedapps.LoginOption{connectedapps.WithPrompt(out)}
	if errors.Is(err, connectedapps.ErrNoUserApp) {
		srv := anypointtest.NewServer() // a fake platform; its seed user signs in, in a browser it plays
		defer srv.Close()
		app, err := srv.AddLoopbackUserApp("env-viewer", sc...)
		if err != nil {
			return err
		}
		ac = connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret,
			RedirectURL: app.RedirectURIs[0], Scopes: sc, Config: srv.Config()}
		fakeBrowser := srv.Browser()
		browser = append(browser, connectedapps.WithOpener(func(ctx context.Context, url string) error {
			fmt.Fprintln(out, "No valid sign-in saved: signing in with the browser")
			return fakeBrowser(ctx, url)
		}))
		dir, err := os.MkdirTemp("", "anypoint-example-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		tokenFile = filepath.Join(dir, "token.json")
		fmt.Fprintln(out, "ANYPOINT_USER_CLIENT_ID is not set: using the embedded fake platform")
	} else if err != nil {
		return err
	}

	// Go on from the sign-in saved in the file; sign in with the browser only when
	// there is none, or the platform refused it.
	fmt.Fprintf(out, "Sign-in kept in %s\n", tokenFile)
	ts, err := ac.SignIn(ctx, connectedapps.NewFileStore(tokenFile), browser...)
	if err != nil {
		return err
	}
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(ac.Config))
	if err != nil {
		return err
	}
	acc := accounts.New(c)
	me, err := acc.Me(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Signed in as %s; the environments of organization %s:\n", me.User.Username, me.OrganizationID())
	for env, err := range acc.AllEnvironments(ctx, me.OrganizationID(), nil) {
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %-12s %s\n", env.Name, env.Type)
	}
	return nil
}
