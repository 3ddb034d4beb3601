// Package story tells the Connected Apps stories that the quickstart
// (go run ./examples/quickstart) prints, step by step, against the embedded
// fake platform (package anypointtest) or, when credentials are in the
// environment, against the real Anypoint Platform. The other examples are
// self-contained programs that do not use it.
package story

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// Platform is where a story runs, and with which credentials.
type Platform struct {
	// Out receives the story.
	Out io.Writer
	// Fake is the embedded fake platform; nil against the real one.
	Fake *anypointtest.Server
	// Config names the control plane, once, for every credential and
	// every client of the story.
	Config anypoint.Config

	// App is the app that acts on its own behalf (Method 1).
	App Credentials
	// Admin is the app, acting on behalf of users, that an organization
	// administrator signs in through for the administration steps
	// (only org administrators may manage connected apps; an app's own
	// client credentials may not), with its redirect URL; empty when not
	// configured (the admin steps are then skipped).
	Admin            Credentials
	AdminRedirectURL string
	// UserApp is the app that acts on behalf of a user (Method 2), with the
	// redirect URL registered for it.
	UserApp     Credentials
	RedirectURL string

	step int
}

// Credentials are a connected app's client ID and secret.
type Credentials struct {
	ID, Secret string
}

func (c Credentials) set() bool { return c.ID != "" && c.Secret != "" }

// Open returns the platform the environment asks for, and a function that
// releases it. Without ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET it
// starts the fake platform; with them it uses the real control plane that
// connectedapps.ConfigFromEnv reads (ANYPOINT_BASE_URL, ANYPOINT_HOST,
// ANYPOINT_CPLANE or ANYPOINT_REGION).
// Optional: ANYPOINT_ADMIN_CLIENT_ID/SECRET (and ANYPOINT_ADMIN_REDIRECT_URL)
// for the administrator's steps: an app acting on behalf of users with the
// AdminScopes, that an organization administrator signs in through;
// ANYPOINT_USER_CLIENT_ID/SECRET and ANYPOINT_REDIRECT_URL for Method 2.
func Open(out io.Writer) (*Platform, func(), error) {
	id, secret := os.Getenv("ANYPOINT_CLIENT_ID"), os.Getenv("ANYPOINT_CLIENT_SECRET")
	if id == "" && secret == "" {
		return openFake(out)
	}
	if id == "" || secret == "" {
		return nil, nil, errors.New("set both ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (or neither, for the fake platform)")
	}
	p := &Platform{
		Out:              out,
		App:              Credentials{id, secret},
		Admin:            Credentials{os.Getenv("ANYPOINT_ADMIN_CLIENT_ID"), os.Getenv("ANYPOINT_ADMIN_CLIENT_SECRET")},
		AdminRedirectURL: cmp.Or(os.Getenv("ANYPOINT_ADMIN_REDIRECT_URL"), os.Getenv("ANYPOINT_REDIRECT_URL"), "http://127.0.0.1:8765/callback"),
		UserApp:          Credentials{os.Getenv("ANYPOINT_USER_CLIENT_ID"), os.Getenv("ANYPOINT_USER_CLIENT_SECRET")},
		RedirectURL:      os.Getenv("ANYPOINT_REDIRECT_URL"),
	}
	if p.RedirectURL == "" {
		p.RedirectURL = "http://127.0.0.1:8765/callback"
	}
	cfg, err := connectedapps.ConfigFromEnv()
	if err != nil {
		return nil, nil, err
	}
	p.Config = cfg
	fmt.Fprintf(out, "Using the real control plane %s\n", cfg.BaseURL())
	return p, func() {}, nil
}

func openFake(out io.Writer) (*Platform, func(), error) {
	// The user app's redirect URI gets a free loopback port, so that the
	// story never collides with another program on a fixed port.
	redirect, err := freeLoopbackURL("/callback")
	if err != nil {
		return nil, nil, err
	}
	srv := anypointtest.NewServer()
	user := srv.AddApp(anypointtest.AppSpec{
		Name:         "env-viewer-cli",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken},
		RedirectURIs: []string{redirect},
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess, scopes.OpenID, scopes.Profile},
	})
	cc, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	// The administrator (the seed user, who owns the organization) signs
	// in through an app acting on behalf of users.
	admin, err := srv.AddLoopbackUserApp("admin-console", AdminScopes...)
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	p := &Platform{
		Out:              out,
		Fake:             srv,
		Config:           srv.Config(),
		App:              Credentials{cc.ClientID, cc.ClientSecret},
		Admin:            Credentials{admin.ClientID, admin.ClientSecret},
		AdminRedirectURL: admin.RedirectURIs[0],
		UserApp:          Credentials{user.ClientID, user.ClientSecret},
		RedirectURL:      redirect,
	}
	fmt.Fprintf(out, "Using the embedded fake Anypoint Platform at %s\n", srv.URL)
	fmt.Fprintln(out, "(set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET to run against the real one)")
	return p, srv.Close, nil
}

func freeLoopbackURL(path string) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr + path, nil
}

// Client makes an anypoint.Client for a token source on this platform.
func (p *Platform) Client(ts oauth2.TokenSource) (*anypoint.Client, error) {
	return anypoint.NewClient(ts, anypoint.WithConfig(p.Config))
}

// Title prints a story's heading.
func (p *Platform) Title(s string) {
	p.step = 0
	fmt.Fprintf(p.Out, "\n== %s\n", s)
}

// Step prints the next numbered step.
func (p *Platform) Step(format string, args ...any) {
	p.step++
	fmt.Fprintf(p.Out, "\n[%d] %s\n", p.step, fmt.Sprintf(format, args...))
}

// Say prints a line under the current step.
func (p *Platform) Say(format string, args ...any) {
	fmt.Fprintf(p.Out, "    %s\n", fmt.Sprintf(format, args...))
}
