package apimanager_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/apimanager"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

func ptr[T any](v T) *T { return &v }

// newInstance publishes an API asset and makes an instance of it.
func newInstance(t *testing.T, srv *anypointtest.Server, am *apimanager.Service, assetID string) *apimanager.APIInstance {
	t.Helper()
	a := srv.AddAPIAsset(org, assetID, "1.0.0")
	in, err := am.CreateAPI(context.Background(), org, env, &apimanager.CreateAPIRequest{
		Spec:       apimanager.AssetRef{GroupID: a.GroupID, AssetID: a.AssetID, Version: a.Version},
		Technology: apimanager.Mule4,
		Endpoint:   &apimanager.Endpoint{URI: ptr("https://orders.internal"), ProxyURI: nil, IsCloudHub: nil, DeploymentType: apimanager.CloudHub2},
	})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// The instances of an environment: made from an Exchange asset, found by
// the spec's filters, read, changed, promoted and deleted.
func TestInstances(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()

	orders := newInstance(t, srv, am, "orders-api")
	if orders.ID == 0 || orders.APIID == 0 || orders.AssetID != "orders-api" || orders.AssetVersion != "1.0.0" ||
		orders.Technology != apimanager.Mule4 || orders.Endpoint == nil || *orders.Endpoint.URI != "https://orders.internal" {
		t.Fatalf("created %+v", orders)
	}
	newInstance(t, srv, am, "billing-api")

	page, err := am.ListAPIs(ctx, org, env, &apimanager.ListAPIsOptions{AssetID: "orders-api"})
	if err != nil || page.Total != 1 || len(page.Data) != 1 || len(page.Data[0].APIs) != 1 || page.Data[0].APIs[0].ID != orders.ID || page.Data[0].ID != orders.APIID {
		t.Fatalf("ListAPIs(orders-api) = %+v, %v", page, err)
	}
	var names []string
	for a, err := range am.AllAPIs(ctx, org, env, &apimanager.ListAPIsOptions{ListOptions: anypoint.ListOptions{Limit: 1}}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, a.Name)
	}
	if !slices.Equal(names, []string{"billing-api", "orders-api"}) {
		t.Errorf("AllAPIs one a page = %v", names)
	}

	got, err := am.GetAPI(ctx, org, env, orders.ID)
	if err != nil || got.ID != orders.ID || got.APIID != orders.APIID || got.Endpoint.DeploymentType != apimanager.CloudHub2 {
		t.Fatalf("GetAPI = %+v, %v", got, err)
	}
	upd, err := am.UpdateAPI(ctx, org, env, orders.ID, &apimanager.UpdateAPIRequest{InstanceLabel: ptr("blue"), Description: ptr("the orders")})
	if err != nil || upd.InstanceLabel != "blue" || upd.Description != "the orders" {
		t.Fatalf("UpdateAPI = %+v, %v", upd, err)
	}
	_, err = am.UpdateAPI(ctx, org, env, orders.ID, &apimanager.UpdateAPIRequest{AssetVersion: "9.9.9"})
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("UpdateAPI to a version Exchange lacks: %v, want a 404", err)
	}

	// Promotion copies the instance, its tiers and policies into production.
	if _, err := am.CreateTier(ctx, org, env, orders.ID, &apimanager.TierRequest{Name: "Gold", Limits: []apimanager.TierLimit{{MaximumRequests: 10, TimePeriodInMilliseconds: 1000}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := am.ApplyPolicy(ctx, org, env, orders.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.ClientIDEnforcement{}}); err != nil {
		t.Fatal(err)
	}
	prod := anypointtest.ProductionEnvID
	promoted, err := am.PromoteAPI(ctx, org, prod, &apimanager.PromoteAPIRequest{OriginAPIID: orders.ID, Policies: true, Tiers: true})
	if err != nil || promoted.ID == orders.ID || promoted.EnvironmentID != prod || promoted.AssetID != "orders-api" {
		t.Fatalf("PromoteAPI = %+v, %v", promoted, err)
	}
	pols, err := am.ListPolicies(ctx, org, prod, promoted.ID)
	if err != nil || len(pols) != 1 || pols[0].AssetID != "client-id-enforcement" {
		t.Errorf("promoted policies = %+v, %v", pols, err)
	}
	tiers, err := am.ListTiers(ctx, org, prod, promoted.ID, nil)
	if err != nil || tiers.Total != 1 || tiers.Data[0].Name != "Gold" {
		t.Errorf("promoted tiers = %+v, %v", tiers, err)
	}

	if err := am.DeleteAPI(ctx, org, env, orders.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := am.GetAPI(ctx, org, env, orders.ID); !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("GetAPI after delete: %v, want a 404", err)
	}
}

// Bad input is refused before any request, naming the field.
func TestInstanceInputs(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	spec := apimanager.AssetRef{GroupID: org, AssetID: "a", Version: "1.0.0"}
	for _, tc := range []struct {
		field string
		err   error
	}{
		{"orgID", func() error { _, err := am.GetAPI(ctx, " ", env, 1); return err }()},
		{"envID", func() error { _, err := am.GetAPI(ctx, org, "", 1); return err }()},
		{"instanceID", func() error { _, err := am.GetAPI(ctx, org, env, 0); return err }()},
		{"Spec.AssetID", func() error {
			_, err := am.CreateAPI(ctx, org, env, &apimanager.CreateAPIRequest{Spec: apimanager.AssetRef{GroupID: org, Version: "1"}, Technology: apimanager.Mule4})
			return err
		}()},
		{"Technology", func() error {
			_, err := am.CreateAPI(ctx, org, env, &apimanager.CreateAPIRequest{Spec: spec})
			return err
		}()},
		{"Technology", func() error {
			_, err := am.CreateAPI(ctx, org, env, &apimanager.CreateAPIRequest{Spec: spec, Technology: "mule5"})
			return err
		}()},
		{"Endpoint.DeploymentType", func() error {
			_, err := am.CreateAPI(ctx, org, env, &apimanager.CreateAPIRequest{Spec: spec, Technology: apimanager.FlexGateway, Endpoint: &apimanager.Endpoint{DeploymentType: "XX"}})
			return err
		}()},
		{"Sort", func() error {
			_, err := am.ListAPIs(ctx, org, env, &apimanager.ListAPIsOptions{Sort: "size"})
			return err
		}()},
		{"Filters", func() error {
			_, err := am.ListAPIs(ctx, org, env, &apimanager.ListAPIsOptions{Filters: "active,old"})
			return err
		}()},
		{"OriginAPIID", func() error { _, err := am.PromoteAPI(ctx, org, env, &apimanager.PromoteAPIRequest{}); return err }()},
		{"req", func() error { _, err := am.UpdateAPI(ctx, org, env, 5, &apimanager.UpdateAPIRequest{}); return err }()},
		{"Limit", func() error {
			_, err := am.ListTiers(ctx, org, env, 5, &apimanager.ListTiersOptions{ListOptions: anypoint.ListOptions{Limit: 251}})
			return err
		}()},
		{"policyIDs[1]", am.ReorderPolicies(ctx, org, env, 5, []int{3, 3})},
		{"ClientID", func() error {
			_, err := am.ImportClientApplication(ctx, org, &apimanager.ImportApplicationRequest{ClientID: "a/b", ProviderID: "4f1d2c3b-1a2b-4c3d-8e9f-0a1b2c3d4e5f"})
			return err
		}()},
	} {
		wantInvalid(t, tc.err, tc.field)
	}
	if n := len(srv.RequestLog()); n != 0 {
		t.Errorf("%d requests reached the platform", n)
	}
}

// Creating an instance needs Exchange Viewer besides Manage APIs
// Configuration; the ScopeError names both.
func TestCreateNeedsExchangeViewer(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "no-exchange", scopes.ManageAPIConfiguration)
	a := srv.AddAPIAsset(org, "orders-api", "1.0.0")
	_, err := am.CreateAPI(context.Background(), org, env, &apimanager.CreateAPIRequest{
		Spec: apimanager.AssetRef{GroupID: a.GroupID, AssetID: a.AssetID, Version: a.Version}, Technology: apimanager.FlexGateway})
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !slices.Contains(se.AlsoRequired, scopes.ReadExchange) {
		t.Fatalf("err = %v, want a ScopeError needing Exchange Viewer", err)
	}
}

// Policies: applied (typed and generic), listed in order, reordered,
// disabled, enabled, changed and removed.
func TestPolicies(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")

	apply := func(cfg apimanager.PolicyConfig, order int) *apimanager.Policy {
		t.Helper()
		p, err := am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: cfg, Order: order})
		if err != nil {
			t.Fatalf("ApplyPolicy(%T): %v", cfg, err)
		}
		return p
	}
	cid := apply(apimanager.ClientIDEnforcement{}, 0)
	if cid.AssetID != "client-id-enforcement" || cid.ConfigurationData["clientIdExpression"] != "#[attributes.headers['client_id']]" || cid.Order != 1 {
		t.Errorf("client ID enforcement = %+v", cid)
	}
	rl := apply(apimanager.RateLimiting{RateLimits: []apimanager.RateLimit{{MaximumRequests: 100, TimePeriodInMilliseconds: 60000}}, ExposeHeaders: true}, 0)
	hi := apply(apimanager.HeaderInjection{OutboundHeaders: []apimanager.Header{{Key: "x-served-by", Value: "gateway"}}}, 1)
	generic := apply(apimanager.GenericPolicy{
		Asset:  apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "ip-blocklist", Version: "1.1.0"},
		Config: map[string]any{"ipExpression": "#[attributes.remoteAddress]", "ips": []string{"10.0.0.0/8"}},
	}, 0)

	order := func() []int {
		t.Helper()
		ps, err := am.ListPolicies(ctx, org, env, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int
		for i, p := range ps {
			if p.Order != i+1 {
				t.Errorf("policy %d has order %d at place %d", p.ID, p.Order, i+1)
			}
			ids = append(ids, p.ID)
		}
		return ids
	}
	if got, want := order(), []int{hi.ID, cid.ID, rl.ID, generic.ID}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v (header injection inserted first)", got, want)
	}
	if err := am.ReorderPolicies(ctx, org, env, in.ID, []int{rl.ID, cid.ID, hi.ID, generic.ID}); err != nil {
		t.Fatal(err)
	}
	if got, want := order(), []int{rl.ID, cid.ID, hi.ID, generic.ID}; !slices.Equal(got, want) {
		t.Errorf("after reorder = %v, want %v", got, want)
	}

	p, err := am.DisablePolicy(ctx, org, env, in.ID, rl.ID)
	if err != nil || !p.Disabled {
		t.Fatalf("DisablePolicy = %+v, %v", p, err)
	}
	if p, err = am.GetPolicy(ctx, org, env, in.ID, rl.ID); err != nil || !p.Disabled {
		t.Fatalf("GetPolicy after disable = %+v, %v", p, err)
	}
	if p, err = am.EnablePolicy(ctx, org, env, in.ID, rl.ID); err != nil || p.Disabled {
		t.Fatalf("EnablePolicy = %+v, %v", p, err)
	}
	p, err = am.UpdatePolicy(ctx, org, env, in.ID, rl.ID, &apimanager.UpdatePolicyRequest{
		Config:    apimanager.RateLimiting{RateLimits: []apimanager.RateLimit{{MaximumRequests: 5, TimePeriodInMilliseconds: 1000}}},
		Pointcuts: []apimanager.Pointcut{{MethodRegex: "POST", URITemplateRegex: "/orders"}},
	})
	if err != nil || fmt.Sprint(p.ConfigurationData["rateLimits"]) != "[map[maximumRequests:5 timePeriodInMilliseconds:1000]]" ||
		len(p.PointcutData) != 1 || p.PointcutData[0].MethodRegex != "POST" {
		t.Fatalf("UpdatePolicy = %+v, %v", p, err)
	}
	if err := am.RemovePolicy(ctx, org, env, in.ID, cid.ID); err != nil {
		t.Fatal(err)
	}
	if got, want := order(), []int{rl.ID, hi.ID, generic.ID}; !slices.Equal(got, want) {
		t.Errorf("after remove = %v, want %v", got, want)
	}
}

// A configuration with a missing required field, a wrong type or an
// unknown key is refused before any request, naming the field; the
// template is fetched once per version.
func TestBadConfigurationNeverReachesThePlatform(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")
	rateLimiting := apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "rate-limiting", Version: "1.4.0"}
	limits := []any{map[string]any{"maximumRequests": 1, "timePeriodInMilliseconds": 1000}}

	for _, tc := range []struct {
		cfg   apimanager.PolicyConfig
		field string
	}{
		{apimanager.GenericPolicy{Asset: rateLimiting, Config: map[string]any{"exposeHeaders": true}}, "Config.rateLimits"},
		{apimanager.GenericPolicy{Asset: rateLimiting, Config: map[string]any{"rateLimits": limits, "exposeHeaders": "yes"}}, "Config.exposeHeaders"},
		{apimanager.GenericPolicy{Asset: rateLimiting, Config: map[string]any{"rateLimits": limits, "clusterisable": true}}, "Config.clusterisable"},
		{apimanager.GenericPolicy{Asset: rateLimiting, Config: map[string]any{"rateLimits": "100 a minute"}}, "Config.rateLimits"},
		{apimanager.GenericPolicy{Asset: apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "client-id-enforcement", Version: "1.3.2"},
			Config: map[string]any{"credentialsOriginHasHttpBasicAuthenticationHeader": "header"}}, "Config.credentialsOriginHasHttpBasicAuthenticationHeader"},
		{apimanager.GenericPolicy{Asset: apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "ip-allowlist", Version: "1.1.0"},
			Config: map[string]any{"ipExpression": "#[x]", "ips": []any{"10.0.0.300"}}}, "Config.ips[0]"},
		{apimanager.GenericPolicy{Asset: apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "jwt-validation", Version: "1.3.1"},
			Config: map[string]any{"jwtOrigin": "httpBearerAuthenticationHeader", "signingMethod": "rsa", "signingKeyLength": 256.5}}, "Config.signingKeyLength"},
		{apimanager.GenericPolicy{Asset: apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "header-injection", Version: "1.3.0"},
			Config: map[string]any{"inboundHeaders": []any{map[string]any{"value": "v"}}}}, "Config.inboundHeaders[0].key"},
		// The typed configurations' own checks.
		{apimanager.RateLimiting{}, "Config.rateLimits"},
		{apimanager.RateLimiting{RateLimits: []apimanager.RateLimit{{MaximumRequests: 1}}}, "Config.rateLimits[0].timePeriodInMilliseconds"},
		{apimanager.SLARateLimiting{}, "Config.clientIdExpression"},
		{apimanager.JWTValidation{SigningMethod: "rsa"}, "Config.jwtKeyOrigin"},
		{apimanager.JWTValidation{SigningMethod: "rsa", JWTKeyOrigin: "jwks"}, "Config.jwksUrl"},
		{apimanager.IPAllowlist{IPs: []string{"example.com"}}, "Config.ips[0]"},
		{apimanager.IPBlocklist{}, "Config.ips"},
		{apimanager.HeaderRemoval{InboundHeaders: []string{""}}, "Config.inboundHeaders[0]"},
		{apimanager.CORS{}, "Config.originGroups"},
		{apimanager.CORS{PublicResource: true, SupportCredentials: true}, "Config.supportCredentials"},
		{apimanager.BasicAuthentication{Username: "ci"}, "Config.password"},
		{nil, "Config"},
	} {
		_, err := am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: tc.cfg})
		wantInvalid(t, err, tc.field)
	}
	if n := requests(srv, "POST", "/policies"); n != 0 {
		t.Errorf("%d policies were sent to the platform", n)
	}
	// A list and a detail for each of the 5 template versions the checks needed.
	if n := requests(srv, "GET", "/policy-templates"); n != 10 {
		t.Errorf("%d template requests, want 10", n)
	}
	srv.ResetRequestLog()
	_, err := am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.GenericPolicy{Asset: rateLimiting, Config: map[string]any{"rateLimits": limits}}})
	if err != nil {
		t.Fatal(err)
	}
	if n := requests(srv, "GET", "/policy-templates"); n != 0 {
		t.Errorf("a known template was fetched again (%d requests)", n)
	}
}

// Inbound and outbound are told apart: an outbound-only policy applied as
// inbound is refused before any request, with Direction named; the
// configuration of an outbound policy can still be checked.
func TestDirections(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")
	signing := apimanager.GenericPolicy{Asset: apimanager.AssetRef{GroupID: org, AssetID: anypointtest.OutboundPolicyAssetID, Version: "1.0.0"},
		Config: map[string]any{"keyId": "k1"}}

	_, err := am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: signing})
	wantInvalid(t, err, "Direction")
	if err == nil || !strings.Contains(err.Error(), "can not be applied as inbound") {
		t.Errorf("err = %v", err)
	}
	if err := am.ValidatePolicy(ctx, org, signing, apimanager.Outbound); err != nil {
		t.Errorf("ValidatePolicy(outbound) = %v", err)
	}
	wantInvalid(t, am.ValidatePolicy(ctx, org, apimanager.GenericPolicy{Asset: signing.Asset}, apimanager.Outbound), "Config.keyId")
	wantInvalid(t, am.ValidatePolicy(ctx, org, apimanager.ClientIDEnforcement{}, apimanager.Outbound), "Direction")
	_, err = am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: signing, Direction: apimanager.Outbound})
	wantInvalid(t, err, "Direction")
	if n := requests(srv, "POST", "/policies"); n != 0 {
		t.Errorf("%d policies were sent", n)
	}
}

// Where the template cannot be had (the app may not read it), the typed
// configuration's own checks still refuse a bad one; a GenericPolicy goes
// as given and the platform refuses it.
func TestFallbackWithoutTheTemplate(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "policies-only", scopes.ReadAPIConfiguration, scopes.ManageAPIConfiguration, scopes.ReadExchange, scopes.ManageAPIPolicies)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")

	_, err := am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.RateLimiting{}})
	wantInvalid(t, err, "Config.rateLimits")
	if n := requests(srv, "POST", "/policies"); n != 0 {
		t.Errorf("%d policies were sent", n)
	}
	_, err = am.ApplyPolicy(ctx, org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.GenericPolicy{
		Asset: apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "rate-limiting", Version: "1.4.0"}}})
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Message, "rateLimits") {
		t.Errorf("a generic policy without its template: %v, want the platform's 400", err)
	}
}

// An app without "Manage Policies" is told so by a ScopeError naming it.
func TestApplyNeedsManagePolicies(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	admin := service(t, srv, "governor", governor...)
	in := newInstance(t, srv, admin, "orders-api")
	viewer := service(t, srv, "viewer", scopes.ReadAPIConfiguration, scopes.ReadAPIPolicies)
	_, err := viewer.ApplyPolicy(context.Background(), org, env, in.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.ClientIDEnforcement{}})
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !slices.Equal(se.Required, []scopes.Scope{scopes.ManageAPIPolicies}) || se.Operation.ID != "createOrganizationsEnvironmentsApisPolicies" {
		t.Fatalf("err = %v, want a ScopeError naming manage:api_policies", err)
	}
	if !strings.Contains(err.Error(), "Manage Policies") {
		t.Errorf("message %q does not name Manage Policies", err)
	}
}

// Tiers, client applications and contracts: a contract for a tier that
// approves by hand waits, is approved, revoked, restored; another is
// rejected and deleted.
func TestTiersAndContracts(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")

	gold, err := am.CreateTier(ctx, org, env, in.ID, &apimanager.TierRequest{Name: "Gold", Limits: []apimanager.TierLimit{{Visible: true, MaximumRequests: 100, TimePeriodInMilliseconds: 60000}}})
	if err != nil || gold.Status != "ACTIVE" || gold.AutoApprove || len(gold.Limits) != 1 || gold.APIID != in.ID {
		t.Fatalf("CreateTier = %+v, %v", gold, err)
	}
	free, err := am.CreateTier(ctx, org, env, in.ID, &apimanager.TierRequest{Name: "Free", AutoApprove: true, Limits: []apimanager.TierLimit{{MaximumRequests: 1, TimePeriodInMilliseconds: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	free, err = am.UpdateTier(ctx, org, env, in.ID, free.ID, &apimanager.TierRequest{Name: "Free", AutoApprove: true, Description: "try it", Limits: []apimanager.TierLimit{{MaximumRequests: 2, TimePeriodInMilliseconds: 1000}}})
	if err != nil || free.Description != "try it" || free.Limits[0].MaximumRequests != 2 {
		t.Fatalf("UpdateTier = %+v, %v", free, err)
	}
	var tierNames []string
	for tier, err := range am.AllTiers(ctx, org, env, in.ID, &apimanager.ListTiersOptions{ListOptions: anypoint.ListOptions{Limit: 1}}) {
		if err != nil {
			t.Fatal(err)
		}
		tierNames = append(tierNames, tier.Name)
	}
	if !slices.Equal(tierNames, []string{"Gold", "Free"}) {
		t.Errorf("AllTiers = %v", tierNames)
	}

	portal, err := am.ImportClientApplication(ctx, org, &apimanager.ImportApplicationRequest{ClientID: "orders-portal", ProviderID: "4f1d2c3b-1a2b-4c3d-8e9f-0a1b2c3d4e5f"})
	if err != nil || portal.ID == 0 || portal.ClientID != "orders-portal" {
		t.Fatalf("ImportClientApplication = %+v, %v", portal, err)
	}
	mobile, err := am.ImportClientApplication(ctx, org, &apimanager.ImportApplicationRequest{ClientID: "orders-mobile", ProviderID: "4f1d2c3b-1a2b-4c3d-8e9f-0a1b2c3d4e5f"})
	if err != nil {
		t.Fatal(err)
	}

	c, err := am.CreateContract(ctx, org, env, in.ID, &apimanager.ContractRequest{ApplicationID: portal.ID, RequestedTierID: gold.ID, Reason: "the portal shows orders"})
	if err != nil || c.Status != "PENDING" || c.RequestedTierID != gold.ID || c.Application == nil || c.Application.ClientID != "orders-portal" {
		t.Fatalf("CreateContract = %+v, %v", c, err)
	}
	ref := apimanager.ContractRef{APIID: in.APIID, InstanceID: in.ID, ContractID: c.ID}
	steps := []struct {
		name string
		do   func(context.Context, string, apimanager.ContractRef) (*apimanager.Contract, error)
		want string
	}{
		{"approve", am.ApproveContract, "APPROVED"}, {"revoke", am.RevokeContract, "REVOKED"}, {"restore", am.RestoreContract, "APPROVED"},
	}
	for _, st := range steps {
		got, err := st.do(ctx, org, ref)
		if err != nil || got.Status != st.want {
			t.Fatalf("%s = %+v, %v; want %s", st.name, got, err, st.want)
		}
	}
	got, err := am.GetContract(ctx, org, env, in.ID, c.ID)
	if err != nil || got.Status != "APPROVED" || got.TierID != gold.ID || got.ApprovedDate.IsZero() {
		t.Fatalf("GetContract = %+v, %v", got, err)
	}
	if got, err = am.ChangeContractTier(ctx, org, env, in.ID, c.ID, free.ID); err != nil || got.TierID != free.ID {
		t.Fatalf("ChangeContractTier = %+v, %v", got, err)
	}
	// Approving twice is the platform's 409.
	var apiErr *anypoint.Error
	if _, err := am.ApproveContract(ctx, org, ref); !errors.As(err, &apiErr) || apiErr.StatusCode != 409 {
		t.Errorf("approving an approved contract: %v, want a 409", err)
	}

	m, err := am.CreateContract(ctx, org, env, in.ID, &apimanager.ContractRequest{ApplicationID: mobile.ID, RequestedTierID: gold.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := am.DeleteContract(ctx, org, env, in.ID, m.ID); !errors.As(err, &apiErr) || apiErr.StatusCode != 409 {
		t.Errorf("deleting a pending contract: %v, want a 409", err)
	}
	if got, err := am.RejectContract(ctx, org, apimanager.ContractRef{APIID: in.APIID, InstanceID: in.ID, ContractID: m.ID}); err != nil || got.Status != "REJECTED" {
		t.Fatalf("RejectContract = %+v, %v", got, err)
	}
	if err := am.DeleteContract(ctx, org, env, in.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	page, err := am.ListContracts(ctx, org, env, in.ID, &apimanager.ListContractsOptions{Status: "APPROVED"})
	if err != nil || page.Total != 1 || len(page.Data) != 1 || page.Data[0].ID != c.ID {
		t.Fatalf("ListContracts(APPROVED) = %+v, %v", page, err)
	}
	n := 0
	for _, err := range am.AllContracts(ctx, org, env, in.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("AllContracts walked %d, want 1", n)
	}
	if err := am.DeleteTier(ctx, org, env, in.ID, gold.ID); err != nil {
		t.Fatal(err)
	}
	tiers, err := am.ListTiers(ctx, org, env, in.ID, nil)
	if err != nil || tiers.Total != 1 || tiers.Data[0].ID != free.ID {
		t.Errorf("ListTiers after delete = %+v, %v", tiers, err)
	}
}

// The basic authentication password never prints.
func TestBasicAuthenticationPasswordIsSecret(t *testing.T) {
	cfg := apimanager.BasicAuthentication{Username: "ci", Password: "hunter2-s3cret"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
		if strings.Contains(s, "hunter2") {
			t.Errorf("printed %q", s)
		}
	}
	conf, err := cfg.Configuration()
	if err != nil || conf["password"] != "hunter2-s3cret" {
		t.Errorf("Configuration() = %v, %v; the request needs the password", conf, err)
	}
}

// Alerts of an instance: created, read, changed, listed and deleted.
func TestAlerts(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", append(governor, scopes.ManageAPIAlerts)...)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")
	req := &apimanager.AlertRequest{
		Name: "too many requests", Type: "api-request-count", Severity: "CRITICAL", Enabled: true,
		Condition:  apimanager.AlertCondition{Aggregate: "COUNT", Operator: "GREATER_THAN", Value: 90, ResourceType: "api"},
		Period:     apimanager.AlertPeriod{Repeat: 5, Duration: apimanager.AlertDuration{Count: 5, Weight: "MINUTES"}},
		Recipients: []apimanager.AlertRecipient{{Type: "email", Value: "ops@example.com"}},
	}
	first, err := am.CreateAlert(ctx, org, env, in.ID, req)
	if err != nil || first.ID == "" || first.Name != "too many requests" || first.APIAlertsVersion != "1.0.0" || first.Condition.Value != 90 {
		t.Fatalf("CreateAlert = %+v, %v", first, err)
	}
	req.Name = "slow"
	second, err := am.CreateAlert(ctx, org, env, in.ID, req)
	if err != nil || second.Name != "slow" || second.ID == first.ID {
		t.Fatalf("second CreateAlert = %+v, %v (the answer lists every alert: the new one is the last)", second, err)
	}
	req.Severity = "WARNING"
	upd, err := am.UpdateAlert(ctx, org, env, in.ID, first.ID, req)
	if err != nil || upd.Severity != "WARNING" || upd.ID != first.ID {
		t.Fatalf("UpdateAlert = %+v, %v", upd, err)
	}
	if got, err := am.GetAlert(ctx, org, env, in.ID, first.ID); err != nil || got.Severity != "WARNING" {
		t.Fatalf("GetAlert = %+v, %v", got, err)
	}
	if err := am.DeleteAlert(ctx, org, env, in.ID, second.ID); err != nil {
		t.Fatal(err)
	}
	list, err := am.ListAlerts(ctx, org, env, in.ID)
	if err != nil || len(list) != 1 || list[0].ID != first.ID {
		t.Fatalf("ListAlerts = %+v, %v", list, err)
	}
	_, err = am.CreateAlert(ctx, org, env, in.ID, &apimanager.AlertRequest{Name: "x", Type: "api-request-count", Severity: "LOUD"})
	wantInvalid(t, err, "Severity")
}

// Automated policies of an environment, their configuration checked as
// ApplyPolicy checks it.
func TestAutomatedPolicies(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	rule := apimanager.RuleOfApplication{EnvironmentID: env, Technologies: []apimanager.Technology{apimanager.Mule4}, Range: &apimanager.VersionRange{From: "4.1.1"}}
	p, err := am.CreateAutomatedPolicy(ctx, org, &apimanager.AutomatedPolicyRequest{Rule: rule, Config: apimanager.IPBlocklist{IPs: []string{"192.0.2.0/24"}}})
	if err != nil || p.ID == 0 || p.AssetID != "ip-blocklist" || p.RuleOfApplication.EnvironmentID != env || p.PolicyTemplateID == "" {
		t.Fatalf("CreateAutomatedPolicy = %+v, %v", p, err)
	}
	_, err = am.CreateAutomatedPolicy(ctx, org, &apimanager.AutomatedPolicyRequest{Rule: rule, Config: apimanager.GenericPolicy{
		Asset: apimanager.AssetRef{GroupID: apimanager.MuleSoftGroupID, AssetID: "ip-blocklist", Version: "1.1.0"}, Config: map[string]any{"ips": []any{"192.0.2.1"}}}})
	wantInvalid(t, err, "Config.ipExpression")
	_, err = am.CreateAutomatedPolicy(ctx, org, &apimanager.AutomatedPolicyRequest{Config: apimanager.IPBlocklist{IPs: []string{"192.0.2.1"}}})
	wantInvalid(t, err, "Rule.EnvironmentID")

	list, err := am.ListAutomatedPolicies(ctx, org, env)
	if err != nil || len(list) != 1 || list[0].ID != p.ID {
		t.Fatalf("ListAutomatedPolicies = %+v, %v", list, err)
	}
	if other, err := am.ListAutomatedPolicies(ctx, org, anypointtest.ProductionEnvID); err != nil || len(other) != 0 {
		t.Errorf("production's automated policies = %+v, %v", other, err)
	}
	if got, err := am.GetAutomatedPolicy(ctx, org, p.ID); err != nil || got.AssetID != "ip-blocklist" {
		t.Fatalf("GetAutomatedPolicy = %+v, %v", got, err)
	}
	if err := am.DeleteAutomatedPolicy(ctx, org, p.ID); err != nil {
		t.Fatal(err)
	}
	if list, err := am.ListAutomatedPolicies(ctx, org, env); err != nil || len(list) != 0 {
		t.Errorf("after delete: %+v, %v", list, err)
	}
}

// The upstreams a Flex Gateway instance routes to.
func TestUpstreams(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")
	a, err := am.CreateUpstream(ctx, org, env, in.ID, &apimanager.UpstreamRequest{URI: "https://orders-a.internal", Label: "a"})
	if err != nil || a.ID == "" || a.URI != "https://orders-a.internal" || a.Label != "a" {
		t.Fatalf("CreateUpstream = %+v, %v", a, err)
	}
	b, err := am.CreateUpstream(ctx, org, env, in.ID, &apimanager.UpstreamRequest{URI: "https://orders-b.internal"})
	if err != nil || b.Label != "" {
		t.Fatalf("CreateUpstream without a label = %+v, %v", b, err)
	}
	if u, err := am.UpdateUpstream(ctx, org, env, in.ID, b.ID, &apimanager.UpstreamRequest{Label: "b"}); err != nil || u.Label != "b" || u.URI != b.URI {
		t.Fatalf("UpdateUpstream = %+v, %v", u, err)
	}
	if u, err := am.GetUpstream(ctx, org, env, in.ID, b.ID); err != nil || u.Label != "b" {
		t.Fatalf("GetUpstream = %+v, %v", u, err)
	}
	if err := am.DeleteUpstream(ctx, org, env, in.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	list, err := am.ListUpstreams(ctx, org, env, in.ID)
	if err != nil || len(list) != 1 || list[0].ID != b.ID {
		t.Fatalf("ListUpstreams = %+v, %v", list, err)
	}
	_, err = am.CreateUpstream(ctx, org, env, in.ID, &apimanager.UpstreamRequest{Label: "no uri"})
	wantInvalid(t, err, "URI")
	_, err = am.UpdateUpstream(ctx, org, env, in.ID, b.ID, &apimanager.UpstreamRequest{})
	wantInvalid(t, err, "req")
	_, err = am.GetUpstream(ctx, org, env, in.ID, " ")
	wantInvalid(t, err, "upstreamID")
}

// Concurrent checks of one template version fetch its definition once.
func TestTemplateFetchedOnceUnderConcurrency(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	cfg := apimanager.RateLimiting{RateLimits: []apimanager.RateLimit{{MaximumRequests: 1, TimePeriodInMilliseconds: 1000}}}
	errs := make(chan error, 16)
	for range 16 {
		go func() { errs <- am.ValidatePolicy(ctx, org, cfg, "") }()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := requests(srv, "GET", "/policy-templates"); n != 2 {
		t.Errorf("%d template requests for 16 concurrent checks, want 2 (the list and the template)", n)
	}
}

// A client application made on the API Platform paths: its secret comes
// back once and never prints; deleting it ends its contracts.
func TestClientApplications(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	am := service(t, srv, "governor", governor...)
	ctx := context.Background()
	in := newInstance(t, srv, am, "orders-api")

	app, err := am.CreateClientApplication(ctx, org, &apimanager.ClientApplicationRequest{Name: "orders-portal", URL: "https://portal.example.com", RedirectURI: []string{"https://portal.example.com/cb"}})
	if err != nil || app.ID == 0 || app.ClientID == "" || app.ClientSecret.Reveal() == "" || len(app.RedirectURI) != 1 {
		t.Fatalf("CreateClientApplication = %+v, %v", app, err)
	}
	if s := fmt.Sprintf("%v %+v", app, *app); strings.Contains(s, app.ClientSecret.Reveal()) {
		t.Errorf("the client secret printed: %s", s)
	}
	got, err := am.GetClientApplication(ctx, org, app.ID)
	if err != nil || got.Name != "orders-portal" || got.ClientID != app.ClientID {
		t.Fatalf("GetClientApplication = %+v, %v", got, err)
	}
	if _, err := am.CreateContract(ctx, org, env, in.ID, &apimanager.ContractRequest{ApplicationID: app.ID}); err != nil {
		t.Fatal(err)
	}
	if err := am.DeleteClientApplication(ctx, org, app.ID); err != nil {
		t.Fatal(err)
	}
	page, err := am.ListContracts(ctx, org, env, in.ID, nil)
	if err != nil || page.Total != 0 {
		t.Errorf("contracts after the application's deletion = %+v, %v", page, err)
	}
	_, err = am.CreateClientApplication(ctx, org, &apimanager.ClientApplicationRequest{Name: " "})
	wantInvalid(t, err, "Name")
	_, err = am.CreateClientApplication(ctx, org, &apimanager.ClientApplicationRequest{Name: "x", RedirectURI: []string{"/cb"}})
	wantInvalid(t, err, "RedirectURI[0]")
}

// "Manage Policies" granted in Sandbox does not reach Production: the
// ScopeError names the scope and the environment.
func TestManagePoliciesIsPerEnvironment(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	admin := service(t, srv, "governor", governor...)
	ctx := context.Background()
	a := srv.AddAPIAsset(org, "orders-api", "1.0.0")
	spec := apimanager.AssetRef{GroupID: a.GroupID, AssetID: a.AssetID, Version: a.Version}
	sandbox, err := admin.CreateAPI(ctx, org, env, &apimanager.CreateAPIRequest{Spec: spec, Technology: apimanager.Mule4})
	if err != nil {
		t.Fatal(err)
	}
	prod, err := admin.CreateAPI(ctx, org, anypointtest.ProductionEnvID, &apimanager.CreateAPIRequest{Spec: spec, Technology: apimanager.Mule4})
	if err != nil {
		t.Fatal(err)
	}
	app := srv.AddApp(anypointtest.AppSpec{Name: "sandbox-governor"})
	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.ManageAPIPolicies, OrgID: org, EnvID: env})
	cfg := srv.Config(anypoint.WithRetry(anypoint.NoRetry()))
	c, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(), anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	am := apimanager.New(c)
	if _, err := am.ApplyPolicy(ctx, org, env, sandbox.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.ClientIDEnforcement{}}); err != nil {
		t.Fatalf("Sandbox: %v", err)
	}
	_, err = am.ApplyPolicy(ctx, org, anypointtest.ProductionEnvID, prod.ID, &apimanager.ApplyPolicyRequest{Config: apimanager.ClientIDEnforcement{}})
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !slices.Equal(se.Required, []scopes.Scope{scopes.ManageAPIPolicies}) || se.EnvID != anypointtest.ProductionEnvID {
		t.Fatalf("Production: err = %v, want a ScopeError naming manage:api_policies in Production", err)
	}
}
