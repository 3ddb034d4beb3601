package admin_test

import (
	"context"
	"slices"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/scopes"
)

// An access review: App.Scopes holds a user app's scopes; a
// client-credentials app's is empty, as the platform answers it, and
// ClientCredentials says to read its grants with AllScopes.
func TestAppScopesOfEachKindOfApp(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	cc := srv.AddApp(anypointtest.AppSpec{Name: "ci-bot"})
	srv.GrantScope(cc.ClientID, scopes.Grant{Scope: scopes.ReadApplications, EnvID: anypointtest.SandboxEnvID})
	user := srv.AddApp(anypointtest.AppSpec{Name: "cli", GrantTypes: []connectedapps.GrantType{connectedapps.GrantAuthorizationCode},
		RedirectURIs: []string{"http://127.0.0.1:8765/callback"}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})
	adminApp, _ := srv.App(anypointtest.AdminAppID)
	c, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: adminApp.ClientID, ClientSecret: adminApp.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	apps := admin.New(c)
	ctx := context.Background()

	got, err := apps.GetApp(ctx, user.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientCredentials() || !slices.Equal(got.Scopes, []scopes.Scope{scopes.ViewEnvironment}) {
		t.Errorf("user app: client credentials %v, scopes %v; want false, [view:environment]", got.ClientCredentials(), got.Scopes)
	}

	got, err = apps.GetApp(ctx, cc.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.ClientCredentials() || len(got.Scopes) != 0 {
		t.Fatalf("client-credentials app: client credentials %v, scopes %v; want true and none", got.ClientCredentials(), got.Scopes)
	}
	var grants []scopes.Grant
	for g, err := range apps.AllScopes(ctx, cc.ClientID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		grants = append(grants, g)
	}
	want := []scopes.Grant{{Scope: scopes.ReadApplications, OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID}}
	if !slices.Equal(grants, want) {
		t.Errorf("AllScopes = %v, want %v", grants, want)
	}
}
