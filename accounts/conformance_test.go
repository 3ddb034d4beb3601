package accounts_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/endpoint/endpointtest"
)

// TestEveryMethodAgainstTheFake walks every method of Service against the
// fake platform, which follows MuleSoft's Access Management spec rather
// than the SDK: it answers 400 for a query parameter the spec does not
// name and 404 for a path it does not route, and writes dates as the spec's
// examples do ("2015-03-13 18:03:23.869000+00:00"). Any refusal, or a date
// that does not decode, fails the test; so does a method added to Service
// without a step here.
func TestEveryMethodAgainstTheFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	// "platform-admin" holds read:organization and view:environment.
	app, _ := srv.App(anypointtest.AdminAppID)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	acc := accounts.New(c)
	ctx := context.Background()
	orgID := anypointtest.OrgID
	isProd := false

	steps := []struct {
		method string
		call   func() error
	}{
		{"Me", func() error {
			me, err := acc.Me(ctx)
			if err == nil && me.OrganizationID() != orgID {
				t.Errorf("Me: organization %q, want %s", me.OrganizationID(), orgID)
			}
			return err
		}},
		{"GetOrganization", func() error {
			org, err := acc.GetOrganization(ctx, orgID)
			if err == nil && (org.CreatedAt.IsZero() || org.UpdatedAt.IsZero() || len(org.Environments) == 0) {
				t.Errorf("GetOrganization: %+v, want its dates and environments", org)
			}
			return err
		}},
		{"ListEnvironments", func() error {
			_, err := acc.ListEnvironments(ctx, orgID, &accounts.ListEnvironmentsOptions{
				Name: "Sandbox", Type: accounts.Sandbox, IsProduction: &isProd, Search: "sand",
				ListOptions: anypoint.ListOptions{Offset: 0, Limit: accounts.MaxEnvironmentsLimit},
			})
			return err
		}},
		{"AllEnvironments", func() error {
			n := 0
			for _, err := range acc.AllEnvironments(ctx, orgID, &accounts.ListEnvironmentsOptions{ListOptions: anypoint.ListOptions{Limit: 1}}) {
				if err != nil {
					return err
				}
				n++
			}
			if n != 3 {
				t.Errorf("AllEnvironments: %d environments, want 3", n)
			}
			return nil
		}},
		{"GetEnvironment", func() error { _, err := acc.GetEnvironment(ctx, orgID, anypointtest.ProductionEnvID); return err }},
		{"Hierarchy", func() error {
			root, err := acc.Hierarchy(ctx, orgID)
			if err != nil {
				return err
			}
			for g := range root.All() {
				if g.CreatedAt.IsZero() || g.UpdatedAt.IsZero() {
					t.Errorf("Hierarchy: %s has no dates", g.Name)
				}
			}
			if g := root.Find(anypointtest.PlatformTeamOrgID); g == nil || g.ParentID != anypointtest.EngineeringOrgID {
				t.Errorf("Hierarchy: Platform Team = %+v, want it below Engineering", g)
			}
			return nil
		}},
	}

	var walked []string
	for _, s := range steps {
		walked = append(walked, s.method)
		if err := s.call(); err != nil {
			t.Fatalf("%s: %v", s.method, err)
		}
	}
	typ := reflect.TypeFor[*accounts.Service]()
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; !slices.Contains(walked, name) {
			t.Errorf("Service.%s is not walked against the fake", name)
		}
	}
	endpointtest.CheckAccepted(t, srv)
}
