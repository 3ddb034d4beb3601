package anypointtest_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/scopes"
)

type appWire struct {
	ClientID     string   `json:"client_id"`
	OwnerOrgID   string   `json:"owner_org_id"`
	ClientName   string   `json:"client_name"`
	ClientSecret string   `json:"client_secret"`
	GrantTypes   []string `json:"grant_types"`
	RedirectURIs []string `json:"redirect_uris"`
	Scopes       []string `json:"scopes"`
	Enabled      bool     `json:"enabled"`
	Audience     string   `json:"audience"`
}

type appPage struct {
	Data  []appWire `json:"data"`
	Total int       `json:"total"`
}

func TestConnectedAppsCRUD(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := adminToken(t, srv)
	const base = anypointtest.ConnectedAppsPath

	var page appPage
	do(t, srv, "GET", base+"?includeUsage=false&ascending=true", tok, nil).want(t, 200).json(t, &page)
	if page.Total != 3 || len(page.Data) != 3 || page.Data[0].ClientName != "cli-login" || page.Data[2].ClientName != "quickstart-app" {
		t.Fatalf("list %+v", page)
	}
	do(t, srv, "GET", base+"?includeUsage=false&ascending=true&limit=21", tok, nil).want(t, 400)
	do(t, srv, "GET", base+"?includeUsage=false&sort=client_id&ascending=false&limit=1&offset=1", tok, nil).want(t, 200).json(t, &page)
	if page.Total != 3 || len(page.Data) != 1 || page.Data[0].ClientID != anypointtest.DefaultUserAppID {
		t.Errorf("sorted page %+v", page)
	}
	do(t, srv, "GET", base+"?includeUsage=true&ascending=true&search=quick", tok, nil).want(t, 200).json(t, &page)
	if page.Total != 1 || page.Data[0].ClientID != anypointtest.DefaultClientCredentialsAppID {
		t.Errorf("search %+v", page)
	}

	// Create, validate.
	var created appWire
	do(t, srv, "POST", base, tok, map[string]any{
		"client_name": "ci-bot", "grant_types": []string{"client_credentials"}, "redirect_uris": []string{},
	}).want(t, 201).json(t, &created)
	if created.ClientID == "" || created.ClientSecret == "" || created.OwnerOrgID != anypointtest.OrgID || !created.Enabled || created.Audience != "internal" {
		t.Errorf("created %+v", created)
	}
	for _, bad := range []map[string]any{
		{"grant_types": []string{"client_credentials"}, "redirect_uris": []string{}},
		{"client_name": "x", "grant_types": []string{}, "redirect_uris": []string{}},
		{"client_name": "x", "grant_types": []string{"client_credentials", "refresh_token"}, "redirect_uris": []string{}},
		{"client_name": "x", "grant_types": []string{"authorization_code"}, "redirect_uris": []string{}},
		{"client_name": "x", "grant_types": []string{"magic"}, "redirect_uris": []string{}},
		{"client_name": "x", "grant_types": []string{"authorization_code"}, "redirect_uris": []string{"not a url"}},
	} {
		do(t, srv, "POST", base, tok, bad).want(t, 400)
	}

	// The new app works at once, and gets its scopes through the scopes API.
	app, ok := srv.App(created.ClientID)
	if !ok || app.ClientSecret != created.ClientSecret {
		t.Fatalf("App(%s) = %+v, %v", created.ClientID, app, ok)
	}
	botTok := clientToken(t, srv, app)
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", botTok, nil))
	do(t, srv, "PUT", base+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": []map[string]any{
		{"scope": "edit:design_center", "context_params": map[string]string{"org": anypointtest.OrgID}},
		{"scope": "view:environment", "context_params": map[string]string{"org": anypointtest.OrgID, "envId": anypointtest.SandboxEnvID}},
	}}).want(t, 204)
	dcDo(t, srv, "GET", "/projects", botTok, nil).want(t, 200)

	var sp struct {
		Data []struct {
			Scope   string `json:"scope"`
			Context struct {
				Org   string `json:"org"`
				EnvID string `json:"envId"`
			} `json:"context_params"`
		} `json:"data"`
		Total int `json:"total"`
	}
	do(t, srv, "GET", base+"/"+created.ClientID+"/scopes", tok, nil).want(t, 200).json(t, &sp)
	if sp.Total != 2 || sp.Data[1].Scope != "view:environment" || sp.Data[1].Context.EnvID != anypointtest.SandboxEnvID {
		t.Errorf("scopes %+v", sp)
	}
	do(t, srv, "PATCH", base+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": []map[string]any{
		{"scope": "edit:design_center", "context_params": map[string]string{"org": anypointtest.OrgID}},
		{"scope": "read:organization", "context_params": map[string]string{"org": anypointtest.OrgID}},
	}}).want(t, 204)
	do(t, srv, "GET", base+"/"+created.ClientID+"/scopes?limit=1", tok, nil).want(t, 200).json(t, &sp)
	if sp.Total != 3 || len(sp.Data) != 1 {
		t.Errorf("scopes after PATCH %+v", sp)
	}
	do(t, srv, "GET", base+"/"+created.ClientID+"/scopes?limit=501", tok, nil).want(t, 400)
	do(t, srv, "DELETE", base+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": []map[string]any{
		{"scope": "edit:design_center", "context_params": map[string]string{"org": anypointtest.OrgID}},
	}}).want(t, 204)
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", botTok, nil))
	do(t, srv, "PUT", base+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": []map[string]any{
		{"scope": "edit:design_center", "context_params": map[string]string{"org": "not-an-org"}},
	}}).want(t, 400)
	many := make([]map[string]any, 1001)
	for i := range many {
		many[i] = map[string]any{"scope": fmt.Sprintf("s:%d", i), "context_params": map[string]string{"org": anypointtest.OrgID}}
	}
	do(t, srv, "PUT", base+"/"+created.ClientID+"/scopes", tok, map[string]any{"scopes": many}).want(t, 400)

	// Update, reset the secret.
	var patched appWire
	do(t, srv, "PATCH", base+"/"+created.ClientID, tok, map[string]any{"client_name": "ci-robot"}).want(t, 200).json(t, &patched)
	if patched.ClientName != "ci-robot" || patched.ClientSecret != created.ClientSecret {
		t.Errorf("patched %+v", patched)
	}
	do(t, srv, "PATCH", base+"/"+created.ClientID+"?resetSecret=true", tok, map[string]any{}).want(t, 200).json(t, &patched)
	if patched.ClientSecret == created.ClientSecret || patched.ClientSecret == "" {
		t.Errorf("secret not reset: %+v", patched)
	}
	var e struct{ Error string }
	do(t, srv, "POST", anypointtest.TokenPath, "", url.Values{"grant_type": {"client_credentials"},
		"client_id": {created.ClientID}, "client_secret": {created.ClientSecret}}).want(t, 401).json(t, &e)
	if e.Error != "invalid_client" {
		t.Errorf("old secret: %q", e.Error)
	}

	// Revoke every token, then delete.
	do(t, srv, "DELETE", base+"/"+created.ClientID+"/revoke", tok, nil).want(t, 204)
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, botTok, nil))
	do(t, srv, "DELETE", base+"/"+created.ClientID, tok, nil).want(t, 204)
	var nf struct{ Message string }
	do(t, srv, "GET", base+"/"+created.ClientID+"?includeUsage=false", tok, nil).want(t, 404).json(t, &nf)
	if nf.Message != "Connected application with that clientId could not be found" {
		t.Errorf("404 %+v", nf)
	}
	if _, ok := srv.App(created.ClientID); ok {
		t.Error("App still exists")
	}
}

func TestConnectedAppsUserApp(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := adminToken(t, srv)
	var a appWire
	do(t, srv, "POST", anypointtest.ConnectedAppsPath, tok, map[string]any{
		"client_name": "web-portal", "grant_types": []string{"authorization_code", "refresh_token"},
		"redirect_uris": []string{"https://portal.acme.example/cb"}, "scopes": []string{"view:environment", "offline_access"},
		"audience": "everyone",
	}).want(t, 201).json(t, &a)
	if len(a.Scopes) != 2 || a.Audience != "everyone" {
		t.Errorf("created %+v", a)
	}
	do(t, srv, "GET", anypointtest.ConnectedAppsPath+"/"+anypointtest.DefaultUserAppID+"?includeUsage=false", tok, nil).want(t, 200).json(t, &a)
	if a.ClientSecret != anypointtest.DefaultUserAppSecret || len(a.Scopes) != 4 || a.RedirectURIs[0] != anypointtest.DefaultUserAppRedirectURI {
		t.Errorf("seed user app %+v", a)
	}
}

func TestConnectedAppsScopes(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	// The quickstart app lacks the admin scopes.
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.ConnectedAppsPath+"?includeUsage=false&ascending=true", clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)), nil))

	// A read-only admin can list but not create.
	ro := srv.AddApp(anypointtest.AppSpec{Name: "auditor", Scopes: []scopes.Scope{"read:orgconnapps"}})
	rt := clientToken(t, srv, ro)
	do(t, srv, "GET", anypointtest.ConnectedAppsPath+"?includeUsage=false&ascending=true", rt, nil).want(t, 200)
	wantUnauthorized(t, do(t, srv, "POST", anypointtest.ConnectedAppsPath, rt, map[string]any{"client_name": "x", "grant_types": []string{"client_credentials"}, "redirect_uris": []string{}}))

	// A client-credentials app cannot manage a business group, even with the scopes there.
	tok := adminToken(t, srv)
	srv.GrantScope(anypointtest.AdminAppID, scopes.Grant{Scope: "read:orgconnapps", OrgID: anypointtest.SalesOrgID})
	a := do(t, srv, "GET", anypointtest.ConnectedAppsPath+"?includeUsage=false&ascending=true&organizationId="+anypointtest.SalesOrgID, tok, nil).want(t, 403)
	if string(a.body) != "Forbidden" {
		t.Errorf("403 body %q", a.body)
	}
}

func TestAuthorizationsAPI(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := adminToken(t, srv)
	base := "/accounts/api/organizations/" + anypointtest.OrgID + "/connectedApplications/authorizations"

	user := login(t, srv)
	login(t, srv) // a second grant of the same user and app is the same authorization

	type authz struct {
		ID       string   `json:"authorization_id"`
		ClientID string   `json:"client_id"`
		UserID   string   `json:"user_id"`
		Scopes   []string `json:"scopes"`
	}
	var page struct {
		Data  []authz `json:"data"`
		Total int     `json:"total"`
	}
	do(t, srv, "GET", base, tok, nil).want(t, 200).json(t, &page)
	if page.Total != 1 || page.Data[0].ClientID != anypointtest.DefaultUserAppID || page.Data[0].UserID != anypointtest.UserID || len(page.Data[0].Scopes) != 3 {
		t.Fatalf("authorizations %+v", page)
	}
	do(t, srv, "GET", base+"?user_id="+anypointtest.ColleagueID, tok, nil).want(t, 200).json(t, &page)
	if page.Total != 0 {
		t.Errorf("colleague's %+v", page)
	}
	do(t, srv, "GET", base+"?user_id="+anypointtest.UserID, tok, nil).want(t, 200).json(t, &page)
	id := page.Data[0].ID
	var one authz
	do(t, srv, "GET", base+"/"+id, tok, nil).want(t, 200).json(t, &one)
	if one.ID != id {
		t.Errorf("one %+v", one)
	}

	// A client-credentials app cannot act in a business group (403); a user can, but
	// revoking there is a 405 (TestConnectedAppsFollowTheSpec).
	srv.GrantScope(anypointtest.AdminAppID, scopes.Grant{Scope: "admin:orgclients", OrgID: anypointtest.SalesOrgID})
	do(t, srv, "DELETE", "/accounts/api/organizations/"+anypointtest.SalesOrgID+"/connectedApplications/authorizations/"+id, tok, nil).want(t, 403)

	do(t, srv, "DELETE", base+"/"+id, tok, nil).want(t, 204)
	do(t, srv, "GET", base+"/"+id, tok, nil).want(t, 404)
	if a, e := refresh(t, srv, user.RefreshToken); a.StatusCode != 400 || e.Error != "invalid_grant" {
		t.Errorf("refresh after the admin's delete: %d %s", a.StatusCode, a.body)
	}

	login(t, srv)
	do(t, srv, "DELETE", base+"?user_id="+anypointtest.UserID, tok, nil).want(t, 204)
	do(t, srv, "GET", base, tok, nil).want(t, 200).json(t, &page)
	if page.Total != 0 {
		t.Errorf("after DELETE ?user_id: %+v", page)
	}
}

func TestConnectedAppsSettings(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := adminToken(t, srv)
	base := "/accounts/api/organizations/" + anypointtest.OrgID + "/connectedApplications/settings"
	var st struct {
		ApplicationsEnabled string   `json:"applications_enabled"`
		GrantTypesAllowed   []string `json:"grant_types_allowed"`
		AllowlistEnabled    bool     `json:"allowlist_enabled"`
	}
	do(t, srv, "GET", base, tok, nil).want(t, 200).json(t, &st)
	if st.ApplicationsEnabled != "all" || st.AllowlistEnabled {
		t.Errorf("settings %+v", st)
	}
	do(t, srv, "PATCH", base, tok, map[string]any{"applications_enabled": "partial", "grant_types_allowed": []string{"client_credentials"}, "allowlist_enabled": true}).want(t, 200).json(t, &st)
	if st.ApplicationsEnabled != "partial" || !st.AllowlistEnabled || len(st.GrantTypesAllowed) != 1 {
		t.Errorf("patched %+v", st)
	}
	do(t, srv, "PATCH", base, tok, map[string]any{"applications_enabled": "some"}).want(t, 400)
	do(t, srv, "GET", base, tok, nil).want(t, 200).json(t, &st)
	if st.ApplicationsEnabled != "partial" {
		t.Errorf("after GET %+v", st)
	}
}
