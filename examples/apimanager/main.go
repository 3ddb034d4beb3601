// Command apimanager goes on where examples/pipeline stops: the orders
// service is deployed, and its API now goes under management in API
// Manager. The pipeline publishes the API's specification to Exchange,
// makes an API instance of it in the environment, applies client ID
// enforcement and rate limiting (each configuration checked against the
// policy's template before it is sent), adds an SLA tier that approves by
// hand, and approves a client application's contract for it; then an app
// that holds "View Policies" but not "Manage Policies" tries to remove a
// policy and is told, by a *anypoint.ScopeError, which scope it lacks.
//
//	go run ./examples/apimanager
//
// With nothing set it runs against the embedded fake platform. For the real
// control plane set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (an app
// with edit:exchange, read:exchange, manage:api_configuration,
// read:api_policies, manage:api_policies, read:api_contracts,
// manage:api_contracts), ANYPOINT_ORG and ANYPOINT_ENV, and optionally
// ANYPOINT_HOST or ANYPOINT_REGION. The scope denial is shown on the fake
// only.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/apimanager"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/scopes"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "apimanager:", err)
		os.Exit(1)
	}
}

// setup is where the example runs.
type setup struct {
	fake         *anypointtest.Server
	cfg          anypoint.Config // the control plane, named once for every credential and client
	app, viewer  [2]string       // client ID and secret
	orgID, envID string
	version      string
}

const ramlSpec = `#%RAML 1.0
title: Orders API
version: v1
/orders:
  get:
    description: The orders of the day.
`

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := configure()
	if err != nil {
		return err
	}
	if s.fake != nil {
		defer s.fake.Close()
	}
	c, err := client(s.cfg, s.app)
	if err != nil {
		return err
	}
	am := apimanager.New(c)

	// 1. Publish the API's specification to Exchange.
	fmt.Printf("1. Publishing the orders-api %s specification to Exchange\n", s.version)
	pub, err := exchange.New(c).Publish(ctx, s.orgID, &exchange.PublishRequest{
		AssetID: "orders-api", Version: s.version, Name: "Orders API", Type: exchange.RESTAPI,
		Properties: map[string]string{"apiVersion": "v1", "mainFile": "orders-api.raml"},
		Files:      []exchange.File{{Classifier: "raml", Packaging: "raml", Name: "orders-api.raml", Content: strings.NewReader(ramlSpec)}},
	})
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}

	// 2. An API instance of it, proxying the deployed application.
	upstream := "https://orders-sync.us-e2.cloudhub.io/api"
	in, err := am.CreateAPI(ctx, s.orgID, s.envID, &apimanager.CreateAPIRequest{
		Spec:       apimanager.AssetRef{GroupID: pub.GroupID, AssetID: pub.AssetID, Version: pub.Version},
		Technology: apimanager.Mule4, InstanceLabel: "orders-sync",
		Endpoint: &apimanager.Endpoint{URI: &upstream, DeploymentType: apimanager.CloudHub2},
	})
	if err != nil {
		return fmt.Errorf("create the API instance: %w", err)
	}
	fmt.Printf("2. API instance %d of %s:%s in environment %s (autodiscovery %q)\n", in.ID, in.AssetID, in.AssetVersion, s.envID, in.AutodiscoveryInstanceName)

	// 3. Policies. A configuration the template refuses never leaves the program.
	_, err = am.ApplyPolicy(ctx, s.orgID, s.envID, in.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.GenericPolicy{
		Asset:  apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "rate-limiting", Version: apimanager.RateLimitingVersion},
		Config: map[string]any{"rateLimits": "100 a minute"},
	}})
	var invalid *anypoint.ValidationError
	if !errors.As(err, &invalid) {
		return fmt.Errorf("a rate limit given as text: err = %v, want a ValidationError", err)
	}
	fmt.Printf("3. Refused before sending: %v\n", invalid)
	var policyIDs []int
	for _, cfg := range []apimanager.PolicyConfig{
		apimanager.ClientIDEnforcement{ClientSecretExpression: "#[attributes.headers['client_secret']]"},
		apimanager.RateLimiting{RateLimits: []apimanager.RateLimit{{MaximumRequests: 100, TimePeriodInMilliseconds: 60_000}}, ExposeHeaders: true},
	} {
		p, err := am.ApplyPolicy(ctx, s.orgID, s.envID, in.ID, &apimanager.ApplyPolicyRequest{Config: cfg})
		if err != nil {
			return fmt.Errorf("apply %s: %w", cfg.PolicyAsset().AssetID, err)
		}
		fmt.Printf("   policy %d: %s %s, order %d\n", p.ID, p.AssetID, p.AssetVersion, p.Order)
		policyIDs = append(policyIDs, p.ID)
	}

	// 4. An SLA tier whose contracts wait for approval.
	tier, err := am.CreateTier(ctx, s.orgID, s.envID, in.ID, &apimanager.TierRequest{
		Name: "Gold", Description: "partners", Limits: []apimanager.TierLimit{{Visible: true, MaximumRequests: 1000, TimePeriodInMilliseconds: 60_000}},
	})
	if err != nil {
		return fmt.Errorf("create the tier: %w", err)
	}
	fmt.Printf("4. SLA tier %q: %d requests a minute, approved by hand\n", tier.Name, tier.Limits[0].MaximumRequests)

	// 5. A client application asks for a contract, and is approved.
	app, err := am.CreateClientApplication(ctx, s.orgID, &apimanager.ClientApplicationRequest{Name: "orders-portal", Description: "the orders portal"})
	if err != nil {
		return fmt.Errorf("create the client application: %w", err)
	}
	fmt.Printf("5. Client application %s: client ID %s, secret %v\n", app.Name, app.ClientID, app.ClientSecret)
	contract, err := am.CreateContract(ctx, s.orgID, s.envID, in.ID, &apimanager.ContractRequest{ApplicationID: app.ID, RequestedTierID: tier.ID, Reason: "shows the orders of the day"})
	if err != nil {
		return fmt.Errorf("ask for a contract: %w", err)
	}
	fmt.Printf("   it asks for %s: contract %d is %s\n", tier.Name, contract.ID, contract.Status)
	if contract.Status == "PENDING" {
		contract, err = am.ApproveContract(ctx, s.orgID, apimanager.ContractRef{APIID: in.APIID, InstanceID: in.ID, ContractID: contract.ID})
		if err != nil {
			return fmt.Errorf("approve the contract: %w", err)
		}
	}
	fmt.Printf("   approved: contract %d is %s on tier %d\n", contract.ID, contract.Status, contract.TierID)

	// 6. An app without "Manage Policies" is told so.
	if s.fake == nil {
		fmt.Println("6. (the scope denial is shown on the fake platform)")
		return nil
	}
	vc, err := client(s.cfg, s.viewer)
	if err != nil {
		return err
	}
	viewer := apimanager.New(vc)
	policies, err := viewer.ListPolicies(ctx, s.orgID, s.envID, in.ID)
	if err != nil {
		return fmt.Errorf("the viewer lists policies: %w", err)
	}
	fmt.Printf("6. The dashboard app sees %d policies, and tries to remove one\n", len(policies))
	err = viewer.RemovePolicy(ctx, s.orgID, s.envID, in.ID, policyIDs[1])
	var denied *anypoint.ScopeError
	if !errors.As(err, &denied) {
		return fmt.Errorf("removing a policy without Manage Policies: err = %v, want a ScopeError", err)
	}
	fmt.Printf("   denied, as expected: the app needs one of %v\n", denied.Required)
	fmt.Println("Done: the API is under management.")
	return nil
}

func client(cfg anypoint.Config, app [2]string) (*anypoint.Client, error) {
	ts := connectedapps.ClientCredentials{ClientID: app[0], ClientSecret: app[1], Config: cfg}.TokenSource()
	return anypoint.NewClient(ts, anypoint.WithConfig(cfg))
}

// configure reads the environment, or starts the fake platform with the
// pipeline's app and a dashboard app that may only view.
func configure() (*setup, error) {
	id, secret := os.Getenv("ANYPOINT_CLIENT_ID"), os.Getenv("ANYPOINT_CLIENT_SECRET")
	if id == "" && secret == "" {
		srv := anypointtest.NewServer()
		app := srv.AddApp(anypointtest.AppSpec{Name: "ci-pipeline", Scopes: []scopes.Scope{
			scopes.EditExchange, scopes.ReadExchange, scopes.ManageAPIConfiguration, scopes.ReadAPIPolicies,
			scopes.ManageAPIPolicies, scopes.ReadAPIContracts, scopes.ManageAPIContracts, scopes.CreateClientApplications}})
		viewer := srv.AddApp(anypointtest.AppSpec{Name: "api-dashboard", Scopes: []scopes.Scope{scopes.ReadAPIConfiguration, scopes.ReadAPIPolicies}})
		fmt.Printf("Using the embedded fake Anypoint Platform at %s\n(set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET for the real one)\n", srv.URL)
		return &setup{
			fake: srv, cfg: srv.Config(), app: [2]string{app.ClientID, app.ClientSecret}, viewer: [2]string{viewer.ClientID, viewer.ClientSecret},
			orgID: anypointtest.OrgID, envID: anypointtest.SandboxEnvID, version: "1.0.0",
		}, nil
	}
	if id == "" || secret == "" {
		return nil, errors.New("set both ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (or neither, for the fake platform)")
	}
	cfg, err := connectedapps.ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	s := &setup{
		cfg: cfg, app: [2]string{id, secret},
		orgID: os.Getenv("ANYPOINT_ORG"), envID: os.Getenv("ANYPOINT_ENV"),
		version: "1.0." + time.Now().UTC().Format("20060102150405"),
	}
	if s.orgID == "" || s.envID == "" {
		return nil, errors.New("set ANYPOINT_ORG and ANYPOINT_ENV")
	}
	fmt.Printf("Using the real control plane %s\n", cfg.BaseURL())
	return s, nil
}
