package designcenter_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
)

// newClient returns a client for the fake platform's client-credentials
// app, which holds "Design Center Developer" (edit:design_center).
func newClient(srv *anypointtest.Server) *anypoint.Client {
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()),
	)
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// Without WithOrganizationID and WithOwnerID the service works in the
// token's organization, as its user (for client credentials, the app's
// owner), looked up once with GET /accounts/api/me.
func ExampleService_ListProjects() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	dc := designcenter.New(newClient(srv))

	projects, err := dc.ListProjects(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range projects {
		fmt.Printf("%-14s %s\n", p.Name, p.Type)
	}
	// Output:
	// Orders API     raml
	// Customers API  oas
	// Common Types   raml-fragment
}

// A save takes the branch's lock first and gives it back when done, so that
// colleagues can edit at once rather than after the lock lapses.
func ExampleService_SaveFiles() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	dc := designcenter.New(newClient(srv))
	ctx := context.Background()
	project, branch := anypointtest.OrdersProjectID, "master"

	lock, err := dc.AcquireLock(ctx, project, branch)
	if err != nil {
		log.Fatal(err) // errors.Is(err, designcenter.ErrLocked): someone else is editing
	}
	fmt.Println("locked:", lock.Locked)

	err = dc.SaveFiles(ctx, project, branch, []designcenter.FileChange{
		{Path: "examples/shipped-order.json", Content: []byte(`{"id": "ord-10043", "status": "shipped"}` + "\n")},
	}, &designcenter.SaveOptions{CommitMessage: "Add a shipped order example"})
	if err != nil {
		log.Fatal(err)
	}
	if err := dc.ReleaseLock(ctx, project, branch); err != nil {
		log.Fatal(err)
	}

	commits := srv.Commits(project, branch)
	fmt.Println("commits:", len(commits))
	fmt.Println("last message:", commits[len(commits)-1].Message)
	content, err := dc.GetFile(ctx, project, branch, "examples/shipped-order.json")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(content))
	// Output:
	// locked: true
	// commits: 2
	// last message: Add a shipped order example
	// {"id": "ord-10043", "status": "shipped"}
}

// GetFile returns a file's bytes; paths may name nested files.
func ExampleService_GetFile() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	dc := designcenter.New(newClient(srv))

	spec, err := dc.GetFile(context.Background(), anypointtest.OrdersProjectID, "master", "orders-api.raml")
	if err != nil {
		log.Fatal(err)
	}
	first, _, _ := bufio.NewReader(bytes.NewReader(spec)).ReadLine()
	fmt.Println(string(first))
	// Output:
	// #%RAML 1.0
}
