// Command jwtbearer acts as a user of a federated identity provider with no
// password and no browser (the JWT bearer grant): it signs a short-lived
// assertion for each token, lists environments as the user, is denied a
// call outside the app's scopes, and sees a key the app never registered
// refused. On the fake platform it first creates the app, with its public
// key, through the admin API.
//
//	go run ./examples/jwtbearer
//
// The fake runs unless ANYPOINT_CLIENT_ID is set; then ANYPOINT_JWT_KEY_FILE
// (a PEM private key), ANYPOINT_IDP_ID, ANYPOINT_USERNAME and, if the app
// wants it, ANYPOINT_CLIENT_SECRET; ANYPOINT_HOST or ANYPOINT_REGION.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"os"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

func main() {
	ctx := context.Background()
	cfg := must(connectedapps.ConfigFromEnv()) // the control plane, named once for the credential and the client
	jb := connectedapps.JWTBearer{ClientID: os.Getenv("ANYPOINT_CLIENT_ID"), ClientSecret: os.Getenv("ANYPOINT_CLIENT_SECRET"),
		Subject: connectedapps.Subject{IdentityProviderID: os.Getenv("ANYPOINT_IDP_ID"), Username: os.Getenv("ANYPOINT_USERNAME")}}
	if jb.ClientID != "" {
		jb.Signer = must(connectedapps.ParsePrivateKeyPEM(must(os.ReadFile(os.Getenv("ANYPOINT_JWT_KEY_FILE")))))
	} else { // the fake: its seed admin app plays the administrator (a signed-in org admin on the real platform)
		srv := anypointtest.NewServer()
		defer srv.Close()
		cfg = srv.Config()
		a, _ := srv.App(anypointtest.AdminAppID)
		ac := must(anypoint.NewClient(connectedapps.ClientCredentials{ClientID: a.ClientID, ClientSecret: a.ClientSecret, Config: cfg}.TokenSource(), anypoint.WithConfig(cfg)))
		key := must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
		pub := must(connectedapps.PublicKeyPEM(key.Public())) // the PEM the app registers; the private key stays here
		app := must(admin.New(ac).CreateApp(ctx, &admin.CreateAppRequest{ClientName: "jwt-server", PublicKeys: []string{pub},
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer}, Scopes: []scopes.Scope{scopes.ViewEnvironment}}))
		jb.ClientID, jb.Signer = app.ClientID, key
		jb.Subject = connectedapps.Subject{IdentityProviderID: anypointtest.IdentityProviderID, Username: anypointtest.Username}
	}
	jb.Config = cfg
	fmt.Printf("credential: %v\n", jb) // the key and the subject print as REDACTED
	c := must(anypoint.NewClient(jb.TokenSource(), anypoint.WithConfig(cfg)))
	me := must(accounts.New(c).Me(ctx))
	envs := must(accounts.New(c).ListEnvironments(ctx, me.OrganizationID(), nil))
	fmt.Printf("acting as %s: %d environments in organization %s\n", me.User.Username, envs.Total, me.OrganizationID())
	_, err := designcenter.New(c, designcenter.WithOrganizationID(me.OrganizationID()), designcenter.WithOwnerID(me.User.ID)).ListProjects(ctx)
	var denied *anypoint.ScopeError
	if errors.As(err, &denied) {
		fmt.Printf("Design Center: scope denied, the app needs one of %v\n", denied.Required)
	}
	jb.Signer = must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)) // a key the app never registered
	_, err = jb.TokenSource().TokenContext(ctx)
	var refused *anypoint.TokenError
	if !errors.As(err, &refused) || !errors.Is(err, anypoint.ErrInvalidGrant) {
		log.Fatalf("expected invalid_grant, got %v", err)
	}
	fmt.Printf("an unregistered key: %s (%s)\n", refused.Code, refused.Description)
	fmt.Println("Done: every step ran as told.")
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}
