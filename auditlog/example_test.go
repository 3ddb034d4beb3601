package auditlog_test

import (
	"context"
	"fmt"
	"log"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/auditlog"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

func client(app anypointtest.App, srv *anypointtest.Server) *anypoint.Client {
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// An administrator lists what one connected app did in the last hour.
func ExampleService_AllEntries() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	worker := srv.AddApp(anypointtest.AppSpec{Name: "env-reader", Scopes: []scopes.Scope{scopes.ViewEnvironment}})
	admin := srv.AddApp(anypointtest.AppSpec{Name: "auditor", Scopes: []scopes.Scope{scopes.ReadAuditLogs}})
	ctx := context.Background()

	// The app at work.
	if _, err := accounts.New(client(worker, srv)).GetEnvironment(ctx, anypointtest.OrgID, anypointtest.ProductionEnvID); err != nil {
		log.Fatal(err)
	}

	al := auditlog.New(client(admin, srv))
	q := &auditlog.Query{Start: time.Now().Add(-time.Hour), ClientIDs: []string{worker.ClientID}}
	for e, err := range al.AllEntries(ctx, anypointtest.OrgID, q) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(e.Platform, e.Action, e.Objects[0].Type, e.Objects[0].ID, "failed:", e.Failed)
	}
	// Output:
	// coreservices view environment b1c4e7f0-2a5d-4e83-9b16-7c0f3a6d9e57 failed: false
}
