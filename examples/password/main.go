// Command password signs a user in with the password grant, as MuleSoft's
// Terraform provider signs an administrator in for Access Management. The
// app lists the organization's environments as that user; a call outside
// its scopes is a typed scope denial; a wrong password is a typed refusal.
//
//	go run ./examples/password
//
// It runs against the embedded fake platform unless ANYPOINT_CLIENT_ID is
// set; then ANYPOINT_CLIENT_SECRET, ANYPOINT_USERNAME and ANYPOINT_PASSWORD
// name the app (with the password grant) and the user, and ANYPOINT_HOST or
// ANYPOINT_REGION the control plane.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

func main() {
	ctx := context.Background()
	pw := connectedapps.Password{ClientID: os.Getenv("ANYPOINT_CLIENT_ID"), ClientSecret: os.Getenv("ANYPOINT_CLIENT_SECRET"),
		Username: os.Getenv("ANYPOINT_USERNAME"), Password: os.Getenv("ANYPOINT_PASSWORD")}
	cfg, err := connectedapps.ConfigFromEnv() // the control plane, named once for the credential and the client
	check(err)
	fake := pw.ClientID == ""
	if fake { // an app with the password grant and "View Environment"; the seed user
		srv := anypointtest.NewServer()
		defer srv.Close()
		app := srv.AddApp(anypointtest.AppSpec{Name: "automation",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})
		pw.ClientID, pw.ClientSecret, pw.Username, pw.Password = app.ClientID, app.ClientSecret, anypointtest.Username, anypointtest.UserPassword
		cfg = srv.Config()
	}
	pw.Config = cfg
	fmt.Printf("credential: %v\n", pw) // the username and the password print as REDACTED
	c, err := anypoint.NewClient(pw.TokenSource(), anypoint.WithConfig(cfg))
	check(err)
	acc := accounts.New(c)
	me, err := acc.Me(ctx)
	check(err)
	fmt.Printf("signed in as %s, organization %s\n", me.User.Username, me.OrganizationID())
	for env, err := range acc.AllEnvironments(ctx, me.OrganizationID(), nil) {
		check(err)
		fmt.Printf("  environment %s (%s)\n", env.Name, env.Type)
	}

	_, err = designcenter.New(c, designcenter.WithOrganizationID(me.OrganizationID()), designcenter.WithOwnerID(me.User.ID)).ListProjects(ctx)
	var denied *anypoint.ScopeError
	if errors.As(err, &denied) {
		fmt.Printf("Design Center: scope denied, the app needs one of %v\n", denied.Required)
	} else if fake || err != nil {
		log.Fatalf("expected a scope denial, got %v", err)
	}

	if fake { // never against a real account: failed sign-ins can lock it
		pw.Password = "not-the-password"
		_, err = pw.TokenSource().TokenContext(ctx)
		var refused *anypoint.TokenError
		if !errors.As(err, &refused) || !errors.Is(err, anypoint.ErrInvalidGrant) {
			log.Fatalf("expected invalid_grant, got %v", err)
		}
		fmt.Printf("a wrong password: %s (%s)\n", refused.Code, refused.Description)
	}
	fmt.Println("Done: every step ran as told.")
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
