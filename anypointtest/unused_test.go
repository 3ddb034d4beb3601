package anypointtest_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// The fake reports the grants no call needed: the Developer scope where
// the Viewer's did, and scopes of APIs never called; an app that made no
// call is left out of the report.
func TestUnusedScopes(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	srv.ReportUnusedScopes(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "lister", Scopes: []scopes.Scope{
		scopes.ViewDesignCenter, scopes.EditDesignCenter, scopes.ManageExchange}})
	srv.AddApp(anypointtest.AppSpec{Name: "idle", Scopes: []scopes.Scope{scopes.ReadAuditLogs}})
	cfg := srv.Config()
	c, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(), anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := designcenter.New(c).ListProjects(context.Background()); err != nil {
		t.Fatal(err)
	}
	var got []scopes.Scope
	for _, g := range srv.UnusedScopes(app.ClientID) {
		got = append(got, g.Scope)
		if g.OrgID != anypointtest.OrgID {
			t.Errorf("%v: want the grant's organization", g)
		}
	}
	if !slices.Equal(got, []scopes.Scope{scopes.EditDesignCenter, scopes.ManageExchange}) {
		t.Fatalf("unused = %v, want edit:design_center and manage:exchange", got)
	}
	report := srv.UnusedReport()
	if len(report) != 1 || !strings.Contains(report[0], "app lister") || !strings.Contains(report[0], "edit:design_center@") || strings.Contains(report[0], "view:design_center") {
		t.Fatalf("report = %q", report)
	}

	// Once the Viewer's scope is taken away, the Developer's is needed.
	srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.ViewDesignCenter})
	if _, err := designcenter.New(c).ListProjects(context.Background()); err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, g := range srv.UnusedScopes(app.ClientID) {
		got = append(got, g.Scope)
	}
	if !slices.Equal(got, []scopes.Scope{scopes.ManageExchange}) {
		t.Fatalf("unused after the removal = %v, want manage:exchange", got)
	}
}
