// Command clientcredentials lists Design Center projects as a connected app
// that acts on its own behalf (the client_credentials grant).
//
//	go run ./examples/clientcredentials
//
// It reads its configuration from the environment:
//
//	ANYPOINT_CLIENT_ID, ANYPOINT_CLIENT_SECRET  the app; it needs "Design Center Developer"
//	ANYPOINT_HOST or ANYPOINT_REGION            the control plane (default: US)
//
// With neither ANYPOINT_CLIENT_ID nor ANYPOINT_CLIENT_SECRET set it starts
// the embedded fake platform (package anypointtest) and uses its seed app.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	err := run(ctx, os.Stdout)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	id, secret := os.Getenv("ANYPOINT_CLIENT_ID"), os.Getenv("ANYPOINT_CLIENT_SECRET")
	cfg, err := connectedapps.ConfigFromEnv()
	if err != nil {
		return err
	}
	if id == "" && secret == "" {
		srv := anypointtest.NewServer() // a fake control plane in this process
		defer srv.Close()
		app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
		id, secret, cfg = app.ClientID, app.ClientSecret, srv.Config()
		fmt.Fprintln(out, "ANYPOINT_CLIENT_ID is not set: using the embedded fake platform")
	}

	// One Config names the control plane, once, for the credential and the
	// client alike.
	ts := connectedapps.ClientCredentials{ClientID: id, ClientSecret: secret, Config: cfg}.TokenSource()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Listing Design Center projects at %s as app %s\n", cfg.BaseURL(), id)
	projects, err := designcenter.New(c).ListProjects(ctx)
	var denied *anypoint.ScopeError
	switch {
	case errors.As(err, &denied):
		fmt.Fprintf(out, "The app lacks a scope: ask an administrator to grant it one of %v\n", denied.Required)
		return err
	case errors.Is(err, anypoint.ErrInvalidClient):
		fmt.Fprintln(out, "The platform refused the app: check the client ID and secret (rotated? app deleted?)")
		return err
	case err != nil:
		return err
	}
	for _, p := range projects {
		fmt.Fprintf(out, "  %-16s %-14s created %s\n", p.Name, p.Type, p.CreatedDate.Format(time.DateOnly))
	}
	fmt.Fprintf(out, "%d projects\n", len(projects))
	return nil
}
