package leastprivilege_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/scopes"
)

// The runtime record of a program that lists Design Center projects: the
// Viewer scope in the organization it listed them in, the caller lookup
// that any token may make, and a raw call of an unpublished path, listed
// as unresolved.
func TestRecorderGivesThePlan(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "lister", Scopes: []scopes.Scope{scopes.EditDesignCenter}})
	rec := leastprivilege.NewRecorder()
	cfg := srv.Config()
	c, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(),
		anypoint.WithConfig(cfg), anypoint.WithCallRecorder(rec))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dc := designcenter.New(c)
	for range 3 {
		if _, err := dc.ListProjects(ctx); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.Call(ctx, "GET", "/not/published/x", nil, nil)

	p := rec.Plan()
	if got := p.Scopes(); !slices.Equal(got, []scopes.Scope{scopes.ViewDesignCenter}) {
		t.Fatalf("scopes = %v, want [view:design_center]", got)
	}
	g := p.Grants[0]
	if g.OrgID != anypointtest.OrgID || len(g.Calls) != 1 || g.Calls[0].Count != 3 {
		t.Fatalf("grant = %+v, want org %s and one call made 3 times", g, anypointtest.OrgID)
	}
	if len(p.AnyToken) != 1 || p.AnyToken[0].Operation.ID != "listMe" {
		t.Fatalf("any-token calls = %+v, want the caller lookup", p.AnyToken)
	}
	if len(p.Unresolved) != 1 || !strings.Contains(p.Unresolved[0].Via, "/not/published/x") {
		t.Fatalf("unresolved = %+v", p.Unresolved)
	}
	rec.Reset()
	if n := len(rec.Plan().Grants); n != 0 {
		t.Fatalf("after Reset: %d grants", n)
	}
	if _, err := anypoint.NewClient(c.TokenSource(), anypoint.WithCallRecorder(nil)); err == nil {
		t.Fatal("a nil recorder is accepted")
	}
}
