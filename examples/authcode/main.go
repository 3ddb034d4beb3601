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
	"cmp"
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
	cfg, err := connectedapps.ConfigFromEnv() // the control plane, named once for the sign-in and the client
	if err != nil {
		return err
	}
	ac := connectedapps.AuthorizationCode{
		ClientID: os.Getenv("ANYPOINT_USER_CLIENT_ID"), ClientSecret: os.Getenv("ANYPOINT_USER_CLIENT_SECRET"),
		RedirectURL: cmp.Or(os.Getenv("ANYPOINT_REDIRECT_URL"), "http://127.0.0.1:8765/callback"),
		Scopes:      []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
	}
	tokenFile := cmp.Or(os.Getenv("ANYPOINT_TOKEN_FILE"), "anypoint-token.json")
	var browser []connectedapps.LoginOption // the system browser
	if ac.ClientID == "" {
		srv := anypointtest.NewServer() // a fake platform; its seed user signs in, in a browser it plays
		defer srv.Close()
		app, err := srv.AddLoopbackUserApp("env-viewer", ac.Scopes...)
		if err != nil {
			return err
		}
		ac.ClientID, ac.ClientSecret, ac.RedirectURL, cfg = app.ClientID, app.ClientSecret, app.RedirectURIs[0], srv.Config()
		browser = append(browser, connectedapps.WithOpener(srv.Browser()))
		dir, err := os.MkdirTemp("", "anypoint-example-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		tokenFile = filepath.Join(dir, "token.json")
		fmt.Fprintln(out, "ANYPOINT_USER_CLIENT_ID is not set: using the embedded fake platform")
	}
	ac.Config = cfg
	store := connectedapps.WithStore(connectedapps.NewFileStore(tokenFile))

	ts, err := ac.TokenSource(ctx, nil, store) // nil: start from the sign-in saved in the file, if any
	if err == nil {
		_, err = ts.TokenContext(ctx) // refreshes it when it has expired
	}
	if errors.Is(err, connectedapps.ErrLoginRequired) || errors.Is(err, anypoint.ErrInvalidGrant) {
		fmt.Fprintf(out, "No valid sign-in in %s: signing in with the browser\n", tokenFile)
		ts, err = ac.Login(ctx, append(browser, store)...)
	}
	if err != nil {
		return err
	}
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
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
