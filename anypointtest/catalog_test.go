package anypointtest_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/scopes"
)

// A raw call to an API Manager operation, which the fake does not simulate,
// is refused for a token without the spec's scope exactly as the platform
// refuses it; the SDK finds the operation in the catalog and names the
// scope in a ScopeError. Once the scope is granted, the fake says which
// operation it does not simulate.
func TestRawCallToAnUnsimulatedOperation(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	cfg := srv.Config(anypoint.WithRetry(anypoint.NoRetry()))
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(),
		anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	path := "/apimanager/api/v1/organizations/" + anypointtest.OrgID + "/environments/" + anypointtest.SandboxEnvID + "/apis/42/bundle"
	ctx := context.Background()

	err = c.Call(ctx, http.MethodGet, path, nil, nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a ScopeError", err)
	}
	if !slices.Equal(se.Required, []scopes.Scope{scopes.ReadAPIConfiguration}) || se.Operation == nil ||
		se.Operation.ID != "listOrganizationsEnvironmentsApisBundle" || se.Operation.Source != endpoints.FromSpec {
		t.Errorf("ScopeError = %+v, want View APIs Configuration from the spec's listOrganizationsEnvironmentsApisBundle", se)
	}
	if se.EnvID != anypointtest.SandboxEnvID || se.OrgID != anypointtest.OrgID {
		t.Errorf("ScopeError context org %q env %q", se.OrgID, se.EnvID)
	}
	if msg := err.Error(); !strings.Contains(msg, `read:api_configuration ("View APIs Configuration")`) {
		t.Errorf("message %q does not name the scope", msg)
	}

	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.ReadAPIConfiguration, OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID})
	err = c.Call(ctx, http.MethodGet, path, nil, nil)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotImplemented || !strings.Contains(apiErr.Message, "listOrganizationsEnvironmentsApisBundle") {
		t.Errorf("with the scope: err = %v, want 501 naming the operation", err)
	}
	if errors.As(err, &se) {
		t.Errorf("with the scope: a ScopeError %v", se)
	}
}

// Every simulated operation is one of the catalog's; an operation that
// needs two scopes together is refused with one of them.
func TestFakeFollowsTheCatalog(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	n := 0
	for op := range endpoints.All() {
		if srv.Simulates(op) {
			n++
		}
	}
	if n != 110 {
		t.Errorf("the fake simulates %d operations, want 110", n)
	}
	create, _ := endpoints.Get("api-manager", "createOrganizationsEnvironmentsGroupinstancesContracts")
	if srv.Simulates(create) {
		t.Fatal("createOrganizationsEnvironmentsGroupinstancesContracts is simulated: pick another unsimulated operation")
	}
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.ManageAPIGroups, OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID})
	cfg := srv.Config(anypoint.WithRetry(anypoint.NoRetry()))
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(),
		anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	path := create.Path(anypointtest.OrgID, anypointtest.SandboxEnvID, "7")
	err = c.Call(context.Background(), http.MethodPost, path, map[string]any{}, nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !slices.Equal(se.AlsoRequired, []scopes.Scope{scopes.ManageAPIGroups, scopes.ReadExchange}) {
		t.Fatalf("err = %v, want a ScopeError needing API Group Administrator and Exchange Viewer", err)
	}
	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.ReadExchange, OrgID: anypointtest.OrgID})
	err = c.Call(context.Background(), http.MethodPost, path, map[string]any{}, nil)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotImplemented {
		t.Errorf("with both scopes: err = %v, want 501", err)
	}
}
