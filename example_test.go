package anypoint_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// A connected app that acts on its own behalf lists the Design Center
// projects of its organization. Here the platform is the fake of package
// anypointtest, whose Config points the credential and the client at it;
// against the real one, build the Config with anypoint.NewConfig (a zero
// Config is the US control plane).
func Example() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID) // holds edit:design_center

	cfg := srv.Config()
	ts := connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		log.Fatal(err)
	}

	projects, err := designcenter.New(c).ListProjects(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range projects {
		fmt.Println(p.Name)
	}
	// Output:
	// Orders API
	// Customers API
	// Common Types
}

func ExampleNewClient() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)

	// NewClient makes no network call: the first token is fetched by the
	// first request. One Config names the control plane for the credential
	// and the client.
	cfg := srv.Config()
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(),
		anypoint.WithConfig(cfg),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("token requests before the first call:", srv.TokenRequests())

	me, err := accounts.New(c).Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("app:", me.Client.Name)
	fmt.Println("acting as:", me.User.Username)
	fmt.Println("token requests after it:", srv.TokenRequests())
	// Output:
	// token requests before the first call: 0
	// app: quickstart-app
	// acting as: max.mule
	// token requests after it: 1
}

// NewRequest and Do reach an endpoint the SDK does not wrap, here Design
// Center's POST …/open, which lists a branch's files, with the client's
// authentication, retries and errors. Design Center's own headers are the
// caller's to set.
func ExampleClient_Do() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	branch := "/designcenter/api-designer/projects/" + url.PathEscape(anypointtest.OrdersProjectID) + "/branches/master"
	req, err := c.NewRequest(ctx, "POST", branch+"/open", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("x-organization-id", anypointtest.OrgID)
	req.Header.Set("x-owner-id", anypointtest.UserID)

	var files []struct {
		Path string `json:"path"`
		Type string `json:"type"`
	}
	resp, err := c.Do(req, &files)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, files[len(files)-1].Path)

	// A branch that does not exist is an *anypoint.Error like any other.
	req, _ = c.NewRequest(ctx, "POST", branch+"-nope/open", nil)
	req.Header.Set("x-organization-id", anypointtest.OrgID)
	req.Header.Set("x-owner-id", anypointtest.UserID)
	_, err = c.Do(req, &files)
	fmt.Println(errors.Is(err, anypoint.ErrNotFound))
	// Output:
	// 200 orders-api.raml
	// true
}

// An administrator takes a scope away from a running app: its next call is a
// *ScopeError that names the scopes that would do.
func ExampleScopeError() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	dc := designcenter.New(c)
	ctx := context.Background()

	if _, err := dc.ListProjects(ctx); err != nil {
		log.Fatal(err)
	}
	srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})

	_, err = dc.ListProjects(ctx)
	var denied *anypoint.ScopeError
	if errors.As(err, &denied) {
		fmt.Println("status:", denied.Err.StatusCode)
		fmt.Println("needs one of:", denied.Required)
		fmt.Println("scope denied:", errors.Is(err, anypoint.ErrScopeDenied))
	}
	// Output:
	// status: 401
	// needs one of: [edit:design_center view:design_center]
	// scope denied: true
}

// A wrong or rotated client secret is an invalid_client refusal from the
// token endpoint. The error never holds the secret.
func ExampleTokenError() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: "not-the-secret", Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}

	_, err = designcenter.New(c).ListProjects(context.Background())
	fmt.Println("invalid client:", errors.Is(err, anypoint.ErrInvalidClient))
	var te *anypoint.TokenError
	if errors.As(err, &te) {
		fmt.Println("code:", te.Code)
		fmt.Println("status:", te.StatusCode)
	}
	// Output:
	// invalid client: true
	// code: invalid_client
	// status: 401
}

// A program whose organization lives on the European control plane names the
// region once, in the Config it hands to the credential and to the client.
func ExampleWithRegion() {
	cfg, err := anypoint.NewConfig(anypoint.WithRegion(anypoint.EU))
	if err != nil {
		log.Fatal(err)
	}
	ts := connectedapps.ClientCredentials{ClientID: "my-client-id", ClientSecret: "my-secret", Config: cfg}.TokenSource()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BaseURL())

	// Configuration often names the region as a string.
	r, err := anypoint.ParseRegion("jp1")
	if err != nil {
		log.Fatal(err)
	}
	base, _ := r.BaseURL()
	fmt.Println(base)
	// Output:
	// https://eu1.anypoint.mulesoft.com
	// https://jp1.platform.mulesoft.com
}
