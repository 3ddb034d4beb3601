package anypointtest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// adminUserToken signs the seed user in, as an organization administrator
// would, through an app that acts on behalf of users and holds the Connected
// Apps scopes; it returns the access token.
func adminUserToken(t *testing.T, srv *anypointtest.Server) string {
	t.Helper()
	sc := []scopes.Scope{scopes.ReadOrgConnApps, scopes.AdminOrgClients, scopes.CreateOrgClients}
	app, err := srv.AddLoopbackUserApp("admin-cli", sc...)
	if err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: app.RedirectURIs[0], Scopes: sc, Config: srv.Config()}
	ts, err := ac.Login(context.Background(), connectedapps.WithOpener(srv.Browser()))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ts.TokenContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

// wantSpecError checks a refusal in the platform's JSON error shape.
func wantSpecError(t *testing.T, a answer, status int) {
	t.Helper()
	a.want(t, status)
	var e struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(a.body, &e); err != nil || e.Status != status || e.Message == "" {
		t.Errorf("%s %s: body %s, want {\"status\":%d,\"message\":…}", a.Request.Method, a.Request.URL, a.body, status)
	}
}

// The Connected Apps routes follow MuleSoft's published spec: the query
// parameters it requires and names, the bodies it allows, both families of
// routes, and 404 for what it does not route.
func TestConnectedAppsFollowTheSpec(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := adminToken(t, srv)
	const base = anypointtest.ConnectedAppsPath
	org := "/accounts/api/organizations/" + anypointtest.OrgID + "/connectedApplications"
	cc := anypointtest.DefaultClientCredentialsAppID

	// listConnectedApplications: includeUsage and ascending are required booleans.
	for _, q := range []string{"", "?ascending=true", "?includeUsage=false", "?includeUsage=maybe&ascending=true", "?includeUsage=false&ascending=1",
		"?includeUsage=false&ascending=true&hide_managed=yes", "?includeUsage=false&ascending=true&sort=created"} {
		wantSpecError(t, do(t, srv, "GET", base+q, tok, nil), 400)
		wantSpecError(t, do(t, srv, "GET", org+q, tok, nil), 400)
	}
	var page appPage
	do(t, srv, "GET", org+"?includeUsage=false&ascending=true&hide_managed=true", tok, nil).want(t, 200).json(t, &page)
	if page.Total != 3 {
		t.Errorf("the organization's list: %+v", page)
	}
	// The organization is organizationId; orgId, which the spec does not have, is ignored.
	do(t, srv, "GET", base+"?includeUsage=false&ascending=true&orgId="+anypointtest.SalesOrgID, tok, nil).want(t, 200).json(t, &page)
	if page.Total != 3 {
		t.Errorf("orgId was read: %+v", page)
	}

	// getConnectedApplications: includeUsage is required.
	wantSpecError(t, do(t, srv, "GET", base+"/"+cc, tok, nil), 400)
	wantSpecError(t, do(t, srv, "GET", org+"/"+cc, tok, nil), 400)
	do(t, srv, "GET", base+"/"+cc+"?includeUsage=true", tok, nil).want(t, 200)
	do(t, srv, "GET", org+"/"+cc+"?includeUsage=false", tok, nil).want(t, 200)
	wantSpecError(t, do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.EngineeringOrgID+"/connectedApplications/"+cc+"?includeUsage=false", adminUserToken(t, srv), nil), 404)

	// ConnectedApplicationCreate and …Update allow no other property, and need redirect_uris.
	for _, bad := range []map[string]any{
		{"client_name": "x", "grant_types": []string{"client_credentials"}},
		{"client_name": "x", "grant_types": []string{"client_credentials"}, "redirect_uris": []string{}, "colour": "blue"},
		{"client_name": "x", "grant_types": []string{"client_credentials"}, "redirect_uris": []string{}, "scopes": []string{""}},
		{"client_name": "x", "grant_types": []string{"client_credentials"}, "redirect_uris": []string{}, "public_keys": []string{""}},
	} {
		wantSpecError(t, do(t, srv, "POST", base, tok, bad), 400)
		wantSpecError(t, do(t, srv, "POST", org, tok, bad), 400)
	}
	var created appWire
	do(t, srv, "POST", org, tok, map[string]any{"client_name": "org-bot", "grant_types": []string{"client_credentials"}, "redirect_uris": []string{}}).
		want(t, 201).json(t, &created)
	wantSpecError(t, do(t, srv, "PATCH", base+"/"+created.ClientID, tok, map[string]any{"client_name": "y", "colour": "blue"}), 400)
	wantSpecError(t, do(t, srv, "PATCH", base+"/"+created.ClientID+"?resetSecret=maybe", tok, map[string]any{}), 400)
	do(t, srv, "PATCH", org+"/"+created.ClientID, tok, map[string]any{"client_name": "org-robot", "generate_iss_claim_without_token": true}).want(t, 200)

	// The scopes bodies: scopes with at least one item, each with scope and context_params
	// and nothing else; scopesToDelete only on PATCH.
	grant := map[string]any{"scope": "read:organization", "context_params": map[string]string{"org": anypointtest.OrgID}}
	for _, path := range []string{base + "/" + created.ClientID + "/scopes", org + "/" + created.ClientID + "/scopes"} {
		for _, method := range []string{"PUT", "PATCH", "DELETE"} {
			for _, bad := range []any{
				map[string]any{},
				map[string]any{"scopes": []any{}},
				map[string]any{"scopes": []any{map[string]any{"scope": "read:organization"}}},
				map[string]any{"scopes": []any{map[string]any{"context_params": map[string]string{"org": anypointtest.OrgID}}}},
				map[string]any{"scopes": []any{map[string]any{"scope": "read:organization", "context_params": map[string]string{"org": anypointtest.OrgID}, "x": 1}}},
				map[string]any{"scopes": []any{grant}, "extra": true},
				map[string]any{"scopes": []any{map[string]any{"scope": "read:organization", "context_params": map[string]string{"org": anypointtest.OrgID, "envId": anypointtest.SandboxEnvID, "a": "b", "c": "d", "e": "f", "g": "h", "i": "j", "k": "l"}}}},
			} {
				wantSpecError(t, do(t, srv, method, path, tok, bad), 400)
			}
		}
		wantSpecError(t, do(t, srv, "PUT", path, tok, map[string]any{"scopes": []any{grant}, "scopesToDelete": []any{grant}}), 400)
	}
	do(t, srv, "PUT", org+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": []any{grant}}).want(t, 204)
	edit := map[string]any{"scope": "edit:design_center", "context_params": map[string]string{"org": anypointtest.OrgID}}
	do(t, srv, "PATCH", base+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": []any{edit}, "scopesToDelete": []any{grant}}).want(t, 204)
	var sp struct {
		Data []struct {
			Scope string `json:"scope"`
		} `json:"data"`
		Total int `json:"total"`
	}
	do(t, srv, "GET", org+"/"+created.ClientID+"/scopes", tok, nil).want(t, 200).json(t, &sp)
	if sp.Total != 1 || sp.Data[0].Scope != "edit:design_center" {
		t.Errorf("after PATCH with scopesToDelete: %+v", sp)
	}
	do(t, srv, "DELETE", org+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": []any{edit}}).want(t, 204)
	do(t, srv, "GET", base+"/"+created.ClientID+"/scopes", tok, nil).want(t, 200).json(t, &sp)
	if sp.Total != 0 {
		t.Errorf("after the organization's DELETE: %+v", sp)
	}
	do(t, srv, "DELETE", org+"/"+created.ClientID+"/revoke", tok, nil).want(t, 204)
	do(t, srv, "DELETE", org+"/"+created.ClientID, tok, nil).want(t, 204)
	wantSpecError(t, do(t, srv, "GET", org+"/"+created.ClientID+"?includeUsage=false", tok, nil), 404)

	// Routes the spec does not have.
	for _, path := range []string{base + "/" + cc + "/secret", base + "/" + cc + "/scopes/extra", org + "/" + cc + "/usage", "/accounts/api/connectedApplication"} {
		wantSpecError(t, do(t, srv, "GET", path, tok, nil), 404)
	}

	// Users' authorizations: user_id is required to revoke them all; a business group
	// answers 405, to a user who may act there.
	wantSpecError(t, do(t, srv, "DELETE", org+"/authorizations", tok, nil), 400)
	user := adminUserToken(t, srv)
	sales := "/accounts/api/organizations/" + anypointtest.SalesOrgID + "/connectedApplications"
	wantSpecError(t, do(t, srv, "DELETE", sales+"/authorizations?user_id="+anypointtest.UserID, user, nil), 405)
	wantSpecError(t, do(t, srv, "DELETE", sales+"/authorizations/some-id", user, nil), 405)

	// ConnectedApplicationSettingsUpdate requires applications_enabled and
	// grant_types_allowed; the deprecated whitelist_enabled still counts.
	settings := org + "/settings"
	wantSpecError(t, do(t, srv, "PATCH", settings, tok, map[string]any{"allowlist_enabled": true}), 400)
	wantSpecError(t, do(t, srv, "PATCH", settings, tok, map[string]any{"applications_enabled": "all"}), 400)
	var st struct {
		AllowlistEnabled bool `json:"allowlist_enabled"`
	}
	do(t, srv, "PATCH", settings, tok, map[string]any{"applications_enabled": "all", "grant_types_allowed": []string{"client_credentials"}, "whitelist_enabled": true}).
		want(t, 200).json(t, &st)
	if !st.AllowlistEnabled {
		t.Error("whitelist_enabled was not taken as allowlist_enabled")
	}
}
