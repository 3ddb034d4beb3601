package anypointtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// The fake platform with the SDK. In a test, NewTestServer closes the server
// when the test ends:
//
//	func TestProjects(t *testing.T) {
//		srv := anypointtest.NewTestServer(t)
//		app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
//		c, err := anypoint.NewClient(
//			connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret}.TokenSource(),
//			anypoint.WithBaseURL(srv.URL))
//		if err != nil {
//			t.Fatal(err)
//		}
//		// ... exercise the code under test with c ...
//	}
//
// A program or an example, which has no testing.T, calls NewServer and Close.
func Example_sdk() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)

	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	projects, err := designcenter.New(c).ListProjects(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(projects), "projects")
	fmt.Println(srv.TokenRequests(), "token request")
	fmt.Println(srv.Requests("GET", anypointtest.MePath), "lookup of the caller")
	// Output:
	// 3 projects
	// 1 token request
	// 1 lookup of the caller
}

// With the SDK, a scope removed while the app runs turns its next call into
// an *anypoint.ScopeError. The client first takes the 401 for a stale token,
// fetches a fresh one and replays; the fresh token's refusal is the proof
// that a scope is missing.
func ExampleServer_RemoveScope_sdk() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
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
	fmt.Println("scope denied:", errors.Is(err, anypoint.ErrScopeDenied))
	fmt.Println("token requests:", srv.TokenRequests())
	// Output:
	// scope denied: true
	// token requests: 2
}

// A burst of 503s from a load balancer: the client retries a GET through it.
// Tests shorten the backoff with WithRetry so that they run fast.
func ExampleServer_Fail_sdk() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	projectsPath := anypointtest.DesignCenterPath + "/projects"
	srv.Fail(anypointtest.FaultSpec{Status: http.StatusServiceUnavailable, Count: 2, Path: projectsPath})

	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
		anypoint.WithRetry(anypoint.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond}))
	if err != nil {
		log.Fatal(err)
	}
	projects, err := designcenter.New(c).ListProjects(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(projects), "projects after", srv.Requests("GET", projectsPath), "attempts")
	// Output:
	// 3 projects after 3 attempts
}
