package admin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// walkCredentials are the credentials the walk runs with: the token of an
// organization administrator signed in through an app that acts on behalf
// of users (what the real platform wants), and the client credentials of
// the fake's seed administration app (which only the fake accepts).
var walkCredentials = map[string]func(t *testing.T, srv *anypointtest.Server) oauth2.TokenSource{
	"org administrator's user token": func(t *testing.T, srv *anypointtest.Server) oauth2.TokenSource {
		sc := []scopes.Scope{scopes.ReadOrgConnApps, scopes.CreateOrgClients, scopes.AdminOrgClients}
		app, err := srv.AddLoopbackUserApp("admin-cli", sc...)
		if err != nil {
			t.Fatal(err)
		}
		ac := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret,
			RedirectURL: app.RedirectURIs[0], Scopes: sc, Config: srv.Config()}
		ts, err := ac.Login(context.Background(), connectedapps.WithOpener(srv.Browser()))
		if err != nil {
			t.Fatalf("Login: %v", err)
		}
		return ts
	},
	"the fake's administration app": func(t *testing.T, srv *anypointtest.Server) oauth2.TokenSource {
		app, _ := srv.App(anypointtest.AdminAppID)
		return connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource()
	},
}

// Every method of admin.Service, with every option it sends, against the
// fake platform, which follows MuleSoft's published spec (the query
// parameters it requires and names, the bodies it allows, the routes it
// has): the test fails on any request the fake refuses, and when a method
// of admin.API is not walked.
func TestEveryMethodAgainstTheFakePlatform(t *testing.T) {
	for name, credential := range walkCredentials {
		t.Run(name, func(t *testing.T) {
			srv := anypointtest.NewTestServer(t)
			c, err := anypoint.NewClient(credential(t, srv), anypoint.WithConfig(srv.Config()))
			if err != nil {
				t.Fatal(err)
			}
			walkEveryMethod(t, srv, admin.New(c))
			for _, rec := range srv.RequestLog() {
				if rec.Status >= 400 {
					t.Errorf("the fake refused %s %s?%s: %d", rec.Method, rec.Path, rec.Query.Encode(), rec.Status)
				}
			}
		})
	}
}

func walkEveryMethod(t *testing.T, srv *anypointtest.Server, s *admin.Service) {
	ctx := context.Background()
	walked := map[string]bool{}
	step := func(method string, err error) {
		t.Helper()
		walked[method] = true
		if err != nil {
			t.Errorf("%s: %v", method, err)
		}
	}
	ptr := func(b bool) *bool { return &b }
	orgID := anypointtest.OrgID

	page, err := s.ListApps(ctx, &admin.ListAppsOptions{Search: "app", Sort: admin.SortByClientID, Ascending: ptr(false), OrgID: orgID,
		HideManaged: ptr(true), IncludeUsage: true, ListOptions: anypoint.ListOptions{Offset: 0, Limit: 20}})
	step("ListApps", err)
	if err == nil && page.Total == 0 {
		t.Errorf("List found no app: %+v", page)
	}
	_, err = s.ListApps(ctx, nil)
	step("ListApps", err)
	n := 0
	for _, err := range s.AllApps(ctx, &admin.ListAppsOptions{ListOptions: anypoint.ListOptions{Limit: 2}}) {
		step("AllApps", err)
		n++
	}
	if n < 3 {
		t.Errorf("All gave %d apps", n)
	}

	app, err := s.CreateApp(ctx, &admin.CreateAppRequest{ClientName: "walk-bot", GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
		Audience: admin.AudienceInternal, Enabled: ptr(true), ClientURI: "https://walk.example", PolicyURI: "https://walk.example/p", TOSURI: "https://walk.example/t"})
	step("CreateApp", err)
	if err != nil {
		t.FailNow()
	}
	user, err := s.CreateApp(ctx, &admin.CreateAppRequest{ClientName: "walk-portal",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken, connectedapps.GrantJWTBearer},
		RedirectURIs: []string{"https://walk.example/cb"}, Scopes: []scopes.Scope{scopes.OpenID, scopes.ViewEnvironment},
		PublicKeys: []string{walkPublicKey(t)}, Audience: admin.AudienceEveryone, OwnerOrgID: orgID, OwnerUserID: anypointtest.UserID})
	step("CreateApp", err)
	if err != nil {
		t.FailNow()
	}
	_, err = s.GetApp(ctx, app.ClientID)
	step("GetApp", err)
	_, err = s.UpdateApp(ctx, user.ClientID, &admin.UpdateAppRequest{ClientName: ptr2("walk-portal-2"), RedirectURIs: &[]string{"https://walk.example/cb2"},
		GrantTypes: &[]connectedapps.GrantType{connectedapps.GrantAuthorizationCode}, Scopes: &[]scopes.Scope{scopes.OpenID},
		Enabled: ptr(false), Audience: ptr2(admin.AudienceInternal), ClientURI: ptr2("https://walk.example/2"), PolicyURI: ptr2(""),
		TOSURI: ptr2(""), PublicKeys: &[]string{}})
	step("UpdateApp", err)
	_, err = s.ResetSecret(ctx, app.ClientID)
	step("ResetSecret", err)
	_, err = s.SetPublicKeys(ctx, user.ClientID, walkPublicKey(t))
	step("SetPublicKeys", err)
	_, err = s.SetGrantTypes(ctx, user.ClientID, connectedapps.GrantAuthorizationCode, connectedapps.GrantJWTBearer)
	step("SetGrantTypes", err)

	grants := []scopes.Grant{{Scope: scopes.EditDesignCenter, OrgID: orgID}, {Scope: scopes.ReadApplications, OrgID: orgID, EnvID: anypointtest.SandboxEnvID}}
	step("SetScopes", s.SetScopes(ctx, app.ClientID, grants[0]))
	step("AddScopes", s.AddScopes(ctx, app.ClientID, grants...))
	sp, err := s.ListScopes(ctx, app.ClientID, &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Offset: 0, Limit: 10}})
	step("ListScopes", err)
	if err == nil && sp.Total != 2 {
		t.Errorf("ListScopes = %+v", sp)
	}
	for _, err := range s.AllScopes(ctx, app.ClientID, &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Limit: 1}}) {
		step("AllScopes", err)
	}
	step("RemoveScopes", s.RemoveScopes(ctx, app.OwnerOrgID, app.ClientID, grants...))
	if sp, err := s.ListScopes(ctx, app.ClientID, nil); err != nil || sp.Total != 0 {
		t.Errorf("after RemoveScopes: %+v, %v", sp, err)
	}
	step("RevokeTokens", s.RevokeTokens(ctx, app.ClientID))

	// Users' authorizations: the seed user signs in to an app of its own. (The walk revokes
	// only that authorization, and a colleague's: the seed user is also the administrator
	// of the first credential, whose own authorization must survive.)
	sc := []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}
	ua, err := srv.AddLoopbackUserApp("walk-cli", sc...)
	if err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{ClientID: ua.ClientID, ClientSecret: ua.ClientSecret, RedirectURL: ua.RedirectURIs[0], Scopes: sc, Config: srv.Config()}
	if _, err := ac.Login(ctx, connectedapps.WithOpener(srv.Browser())); err != nil {
		t.Fatalf("Login: %v", err)
	}
	ap, err := s.ListAuthorizations(ctx, orgID, &admin.ListAuthorizationsOptions{UserID: anypointtest.UserID, ListOptions: anypoint.ListOptions{Limit: 10}})
	step("ListAuthorizations", err)
	for _, err := range s.AllAuthorizations(ctx, orgID, &admin.ListAuthorizationsOptions{ListOptions: anypoint.ListOptions{Limit: 1}}) {
		step("AllAuthorizations", err)
	}
	if err != nil {
		t.FailNow()
	}
	i := slices.IndexFunc(ap.Data, func(a admin.Authorization) bool { return a.ClientID == ua.ClientID })
	if i < 0 {
		t.Fatalf("ListAuthorizations = %+v: no authorization of %s", ap, ua.ClientID)
	}
	_, err = s.GetAuthorization(ctx, orgID, ap.Data[i].ID)
	step("GetAuthorization", err)
	step("RevokeAuthorization", s.RevokeAuthorization(ctx, orgID, ap.Data[i].ID))
	step("RevokeUserAuthorizations", s.RevokeUserAuthorizations(ctx, orgID, anypointtest.ColleagueID))

	st, err := s.GetSettings(ctx, orgID)
	step("GetSettings", err)
	if err == nil {
		_, err = s.UpdateSettings(ctx, orgID, &admin.UpdateSettingsRequest{
			ApplicationsEnabled: &st.ApplicationsEnabled, GrantTypesAllowed: &st.GrantTypesAllowed,
			AllowlistEnabled: ptr(false), AllowlistInternalApplications: ptr(true),
			Allowlist:                    []admin.AllowlistEntry{{ClientID: user.ClientID, AuthorizedScopes: []scopes.Scope{scopes.OpenID}}},
			ImportExistingAuthorizations: ptr(false),
		})
		step("UpdateSettings", err)
	}

	step("DeleteApp", s.DeleteApp(ctx, user.ClientID))
	step("DeleteApp", s.DeleteApp(ctx, app.ClientID))

	// Every method of the API was walked.
	var want, got []string
	api := reflect.TypeFor[admin.API]()
	for i := range api.NumMethod() {
		want = append(want, api.Method(i).Name)
	}
	for m := range walked {
		got = append(got, m)
	}
	sort.Strings(got)
	if !slices.Equal(want, got) {
		t.Errorf("walked %s\n  want %s", strings.Join(got, " "), strings.Join(want, " "))
	}
	if svc := reflect.TypeFor[*admin.Service](); svc.NumMethod() != api.NumMethod() {
		t.Errorf("*admin.Service has %d methods, admin.API %d: the walk misses some", svc.NumMethod(), api.NumMethod())
	}
}

func ptr2[T any](v T) *T { return &v }

// walkPublicKey returns the PEM of a fresh ECDSA public key.
func walkPublicKey(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pem, err := connectedapps.PublicKeyPEM(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	return pem
}
