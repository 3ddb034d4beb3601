package apimanager_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/apimanager"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// newClient returns a client for an app of the fake platform holding sc.
func newClient(srv *anypointtest.Server, sc ...scopes.Scope) *anypoint.Client {
	app := srv.AddApp(anypointtest.AppSpec{Name: "api-governor", Scopes: sc})
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// CreateAPI puts an API published to Exchange under management in an
// environment, behind a proxy on CloudHub 2.0.
func ExampleService_CreateAPI() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	asset := srv.AddAPIAsset(anypointtest.OrgID, "orders-api", "1.0.0")
	am := apimanager.New(newClient(srv, scopes.ManageAPIConfiguration, scopes.ReadExchange))

	upstream, listen := "https://orders.internal.example.com", "http://0.0.0.0:8081/"
	in, err := am.CreateAPI(context.Background(), anypointtest.OrgID, anypointtest.SandboxEnvID, &apimanager.CreateAPIRequest{
		Spec:       apimanager.AssetRef{GroupID: asset.GroupID, AssetID: asset.AssetID, Version: asset.Version},
		Technology: apimanager.Mule4,
		Endpoint:   &apimanager.Endpoint{URI: &upstream, ProxyURI: &listen, DeploymentType: apimanager.CloudHub2},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(in.AssetID, in.AssetVersion, in.Technology, *in.Endpoint.URI)
	// Output:
	// orders-api 1.0.0 mule4 https://orders.internal.example.com
}

// ApplyPolicy checks a configuration against the policy's template before
// sending it: a rate-limiting policy without its limits never reaches the
// platform.
func ExampleService_ApplyPolicy() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	asset := srv.AddAPIAsset(anypointtest.OrgID, "orders-api", "1.0.0")
	am := apimanager.New(newClient(srv, scopes.ManageAPIConfiguration, scopes.ReadExchange,
		scopes.ReadAPIPolicies, scopes.ManageAPIPolicies, scopes.ReadAPIConfiguration))
	ctx := context.Background()
	org, env := anypointtest.OrgID, anypointtest.SandboxEnvID
	in, err := am.CreateAPI(ctx, org, env, &apimanager.CreateAPIRequest{
		Spec: apimanager.AssetRef{GroupID: asset.GroupID, AssetID: asset.AssetID, Version: asset.Version}, Technology: apimanager.FlexGateway})
	if err != nil {
		log.Fatal(err)
	}

	_, err = am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.GenericPolicy{
		Asset:  apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "rate-limiting", Version: apimanager.RateLimitingVersion},
		Config: map[string]any{"exposeHeaders": true},
	}})
	var invalid *anypoint.ValidationError
	if errors.As(err, &invalid) {
		fmt.Println("refused:", invalid.Field)
	}

	for _, cfg := range []apimanager.PolicyConfig{
		apimanager.ClientIDEnforcement{},
		apimanager.RateLimiting{RateLimits: []apimanager.RateLimit{{MaximumRequests: 100, TimePeriodInMilliseconds: 60_000}}},
	} {
		if _, err := am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: cfg}); err != nil {
			log.Fatal(err)
		}
	}
	policies, err := am.ListPolicies(ctx, org, env, in.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range policies {
		fmt.Println(p.Order, p.AssetID)
	}
	// Output:
	// refused: Config.rateLimits
	// 1 client-id-enforcement
	// 2 rate-limiting
}
