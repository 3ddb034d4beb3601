package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

// The list answer of the Access Management spec's example.
const appsListAnswer = `{"data":[
 {"client_id":"0fa2aa2f0aeb4978b96796a0843f898c","owner_org_id":"0eb65884-4f75-48f7-a8bc-4e30b46e721d","client_name":"Client Credz","client_secret":"B0313ad5a6B44f7ebb4Bf482C49327e1","public_keys":[],"redirect_uris":["https://why.net"],"grant_types":["client_credentials"],"scopes":[],"enabled":true,"audience":"internal","client_uri":null,"policy_uri":null,"tos_uri":null,"generate_iss_claim_without_token":true},
 {"client_id":"e8c28f0249a6417bb892ff8d6013d628","owner_org_id":"0eb65884-4f75-48f7-a8bc-4e30b46e721d","client_name":"OpenID Integration","client_secret":"eA0Fa9BaAe454F32A6Ae8ABBc1b730C0","public_keys":[],"redirect_uris":["https://example.com"],"grant_types":["implicit","authorization_code","refresh_token"],"scopes":["full","read:full","openid","profile","email","offline_access"],"enabled":true,"audience":"internal","client_uri":null,"policy_uri":"https://example.com/privacy","tos_uri":null,"generate_iss_claim_without_token":false}
],"total":2}`

const notFoundAnswer = `{"status":404,"message":"Connected application with that clientId could not be found"}`

func TestListSendsEveryOptionAndDecodesApps(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "GET", path: "/accounts/api/connectedApplications",
		query: "ascending=false&hide_managed=false&includeUsage=true&limit=20&offset=20&organizationId=org-1&search=ci+bot&sort=client_name",
		resp:  appsListAnswer,
	})
	page, err := s.ListApps(context.Background(), &admin.ListAppsOptions{
		Search: "ci bot", Sort: admin.SortByClientName, Ascending: mgmtPtr(false), OrgID: "org-1",
		HideManaged: mgmtPtr(false), IncludeUsage: true, ListOptions: anypoint.ListOptions{Offset: 20, Limit: 20},
	})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if page.Total != 2 || len(page.Data) != 2 {
		t.Fatalf("page = total %d, %d apps; want 2, 2", page.Total, len(page.Data))
	}
	cc := page.Data[0]
	want := admin.App{
		ClientID: "0fa2aa2f0aeb4978b96796a0843f898c", OwnerOrgID: "0eb65884-4f75-48f7-a8bc-4e30b46e721d",
		ClientName: "Client Credz", ClientSecret: "B0313ad5a6B44f7ebb4Bf482C49327e1",
		RedirectURIs: []string{"https://why.net"}, GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
		Enabled: true, Audience: admin.AudienceInternal, GenerateISSClaimWithoutToken: true,
	}
	if !reflect.DeepEqual(cc, want) {
		t.Errorf("first app =\n%#v\nwant\n%#v", cc, want)
	}
	if cc.ClientSecret.Reveal() != "B0313ad5a6B44f7ebb4Bf482C49327e1" {
		t.Errorf("Reveal() = %q", cc.ClientSecret.Reveal())
	}
	user := page.Data[1]
	if got := user.Scopes; !reflect.DeepEqual(got, []scopes.Scope{"full", "read:full", "openid", "profile", "email", "offline_access"}) {
		t.Errorf("user app scopes = %v", got)
	}
	if user.PolicyURI != "https://example.com/privacy" || user.ClientURI != "" {
		t.Errorf("user app URIs = client %q policy %q", user.ClientURI, user.PolicyURI)
	}
}

// The spec (listConnectedApplications) marks includeUsage and ascending
// required: they are always sent, with the spec's defaults.
func TestListWithoutOptionsSendsTheRequiredParameters(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "GET", path: "/accounts/api/connectedApplications", query: "ascending=true&includeUsage=false", resp: `{"data":[],"total":0}`})
	page, err := s.ListApps(context.Background(), nil)
	if err != nil || page.Total != 0 || len(page.Data) != 0 {
		t.Fatalf("List(nil) = %+v, %v", page, err)
	}
}

func TestListRefusesBadOptionsWithoutSending(t *testing.T) {
	s := mgmtService(t)
	for _, tc := range []struct {
		name  string
		opts  admin.ListAppsOptions
		field string
	}{
		{"limit over 20", admin.ListAppsOptions{ListOptions: anypoint.ListOptions{Limit: 21}}, "Limit"},
		{"negative limit", admin.ListAppsOptions{ListOptions: anypoint.ListOptions{Limit: -1}}, "Limit"},
		{"negative offset", admin.ListAppsOptions{ListOptions: anypoint.ListOptions{Offset: -5}}, "Offset"},
		{"unknown sort", admin.ListAppsOptions{Sort: "created_at"}, "Sort"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.ListApps(context.Background(), &tc.opts)
			mgmtWantInvalid(t, err, tc.field)
		})
	}
}

func TestAllWalksPagesOfTwenty(t *testing.T) {
	page := func(from, to int) string {
		var items []string
		for i := from; i < to; i++ {
			items = append(items, fmt.Sprintf(`{"client_id":"app-%02d","client_name":"App %d","client_secret":"s-%d"}`, i, i, i))
		}
		return `{"data":[` + strings.Join(items, ",") + `],"total":45}`
	}
	s := mgmtService(t,
		mgmtCall{method: "GET", path: "/accounts/api/connectedApplications", query: "ascending=true&includeUsage=false&limit=20&search=app", resp: page(0, 20)},
		mgmtCall{method: "GET", path: "/accounts/api/connectedApplications", query: "ascending=true&includeUsage=false&limit=20&offset=20&search=app", resp: page(20, 40)},
		mgmtCall{method: "GET", path: "/accounts/api/connectedApplications", query: "ascending=true&includeUsage=false&limit=20&offset=40&search=app", resp: page(40, 45)},
	)
	var ids []string
	for app, err := range s.AllApps(context.Background(), &admin.ListAppsOptions{Search: "app"}) {
		if err != nil {
			t.Fatalf("All: %v", err)
		}
		ids = append(ids, app.ClientID)
	}
	if len(ids) != 45 || ids[0] != "app-00" || ids[44] != "app-44" {
		t.Errorf("All gave %d apps: first %v last %v", len(ids), ids[:min(1, len(ids))], ids[max(0, len(ids)-1):])
	}
}

func TestAllStopsAtTheFirstError(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "GET", path: "/accounts/api/connectedApplications", query: "ascending=true&includeUsage=false&limit=5", resp: `{"data":[{"client_id":"a"},{"client_id":"b"},{"client_id":"c"},{"client_id":"d"},{"client_id":"e"}],"total":9}`},
		mgmtCall{method: "GET", path: "/accounts/api/connectedApplications", query: "ascending=true&includeUsage=false&limit=5&offset=5", status: 500, resp: `{"message":"boom"}`},
	)
	var n int
	var gotErr error
	for _, err := range s.AllApps(context.Background(), &admin.ListAppsOptions{ListOptions: anypoint.ListOptions{Limit: 5}}) {
		if err != nil {
			gotErr = err
			continue
		}
		n++
	}
	if n != 5 {
		t.Errorf("got %d apps before the error, want 5", n)
	}
	var apiErr *anypoint.Error
	if !errors.As(gotErr, &apiErr) || apiErr.StatusCode != 500 {
		t.Errorf("error = %v, want the 500", gotErr)
	}
}

func TestAllRefusesLimitOverTwenty(t *testing.T) {
	s := mgmtService(t)
	sdktest.WantInvalidWalk(t, s.AllApps(context.Background(), &admin.ListAppsOptions{ListOptions: anypoint.ListOptions{Limit: 50}}), "Limit")
}

func TestGet(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/0fa2aa2f", query: "includeUsage=false", resp: `{"client_id":"0fa2aa2f","client_name":"SampleClient","client_secret":"B031","grant_types":["client_credentials"],"enabled":true,"audience":"internal"}`})
	app, err := s.GetApp(context.Background(), "0fa2aa2f")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if app.ClientID != "0fa2aa2f" || app.ClientName != "SampleClient" || app.ClientSecret.Reveal() != "B031" || !app.Enabled {
		t.Errorf("Get = %+v", app)
	}
}

func TestGetEscapesTheClientID(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/a%2Fb%20c%3Fd", query: "includeUsage=false", resp: `{"client_id":"a/b c?d"}`})
	if _, err := s.GetApp(context.Background(), "a/b c?d"); err != nil {
		t.Fatalf("Get: %v", err)
	}
}

func TestGetMissingAppIsNotFound(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/gone", query: "includeUsage=false", status: 404, resp: notFoundAnswer})
	_, err := s.GetApp(context.Background(), "gone")
	if !errors.Is(err, anypoint.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.Message != "Connected application with that clientId could not be found" {
		t.Errorf("error message = %v", err)
	}
}

func TestGetBadJSONIsDecodeError(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/x", query: "includeUsage=false", resp: `<html>proxy</html>`, respCT: "text/html"})
	_, err := s.GetApp(context.Background(), "x")
	var de *anypoint.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v (%T), want *anypoint.DecodeError", err, err)
	}
}

func TestEmptyClientIDIsRefusedWithoutSending(t *testing.T) {
	s := mgmtService(t)
	ctx := context.Background()
	_, err := s.GetApp(ctx, "")
	mgmtWantInvalid(t, err, "clientID")
	_, err = s.UpdateApp(ctx, " ", &admin.UpdateAppRequest{Enabled: mgmtPtr(true)})
	mgmtWantInvalid(t, err, "clientID")
	mgmtWantInvalid(t, s.DeleteApp(ctx, ""), "clientID")
	_, err = s.ResetSecret(ctx, "")
	mgmtWantInvalid(t, err, "clientID")
}

func TestAppDecodesScopeAndKeyObjects(t *testing.T) {
	var app admin.App
	err := json.Unmarshal([]byte(`{"client_id":"x","scopes":[{"scope":"read:organization"},"openid"],"public_keys":["-----BEGIN PUBLIC KEY-----",{"kid":"k1"}]}`), &app)
	if err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if !reflect.DeepEqual(app.Scopes, []scopes.Scope{"read:organization", "openid"}) {
		t.Errorf("Scopes = %v", app.Scopes)
	}
	if !reflect.DeepEqual(app.PublicKeys, []string{"-----BEGIN PUBLIC KEY-----", `{"kid":"k1"}`}) {
		t.Errorf("PublicKeys = %q", app.PublicKeys)
	}
	if err := json.Unmarshal([]byte(`{"scopes":[42]}`), &app); err == nil {
		t.Error("a scope that is a number decoded without error")
	} else if !strings.HasPrefix(err.Error(), "anypoint: app scope 42 ") {
		t.Errorf("err = %q, want the SDK's prefix", err)
	}
}

func TestCreateClientCredentialsApp(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "POST", path: "/accounts/api/connectedApplications",
		body: `{"client_name":"CI bot","grant_types":["client_credentials"],"redirect_uris":[]}`,
		resp: `{"client_id":"new-id","owner_org_id":"org-1","client_name":"CI bot","client_secret":"fresh-secret","public_keys":[],"redirect_uris":[],"grant_types":["client_credentials"],"scopes":[],"enabled":true,"audience":"internal","generate_iss_claim_without_token":true}`,
	})
	app, err := s.CreateApp(context.Background(), &admin.CreateAppRequest{
		ClientName: "CI bot", GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if app.ClientID != "new-id" || app.ClientSecret.Reveal() != "fresh-secret" {
		t.Errorf("Create = %+v (secret %q)", app, app.ClientSecret.Reveal())
	}
}

func TestCreateUserAppSendsEveryField(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "POST", path: "/accounts/api/connectedApplications",
		body: `{"client_name":"Portal","grant_types":["authorization_code","refresh_token","urn:ietf:params:oauth:grant-type:jwt-bearer"],` +
			`"redirect_uris":["http://127.0.0.1:8765/callback","com.example.app:/cb"],"scopes":["openid","offline_access"],"public_keys":[` + testPublicKeyJSON + `],` +
			`"client_uri":"https://example.com","audience":"everyone","owner_org_id":"org-2","owner_user_id":"user-1","enabled":false,` +
			`"policy_uri":"https://example.com/p","tos_uri":"https://example.com/t"}`,
		resp: `{"client_id":"c2","client_secret":"s2"}`,
	})
	_, err := s.CreateApp(context.Background(), &admin.CreateAppRequest{
		ClientName:   "Portal",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken, connectedapps.GrantJWTBearer},
		RedirectURIs: []string{"http://127.0.0.1:8765/callback", "com.example.app:/cb"},
		Scopes:       []scopes.Scope{"openid", "offline_access"},
		PublicKeys:   []string{testPublicKey},
		ClientURI:    "https://example.com", Audience: admin.AudienceEveryone,
		OwnerOrgID: "org-2", OwnerUserID: "user-1", Enabled: mgmtPtr(false),
		PolicyURI: "https://example.com/p", TOSURI: "https://example.com/t",
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
}

func TestCreateValidation(t *testing.T) {
	cc := []connectedapps.GrantType{connectedapps.GrantClientCredentials}
	for _, tc := range []struct {
		name  string
		req   *admin.CreateAppRequest
		field string
	}{
		{"nil request", nil, "req"},
		{"empty name", &admin.CreateAppRequest{ClientName: "  ", GrantTypes: cc}, "ClientName"},
		{"no grant type", &admin.CreateAppRequest{ClientName: "a"}, "GrantTypes"},
		{"unknown grant type", &admin.CreateAppRequest{ClientName: "a", GrantTypes: []connectedapps.GrantType{"device_code"}}, "GrantTypes[0]"},
		{"client credentials with authorization code", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials, connectedapps.GrantAuthorizationCode}, RedirectURIs: []string{"https://x.test/cb"}}, "GrantTypes"},
		{"client credentials with implicit", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantImplicit, connectedapps.GrantClientCredentials}, RedirectURIs: []string{"https://x.test/cb"}}, "GrantTypes"},
		{"authorization code without redirect URI", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantAuthorizationCode}}, "RedirectURIs"},
		{"implicit without redirect URI", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantImplicit}}, "RedirectURIs"},
		{"relative redirect URI", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantAuthorizationCode}, RedirectURIs: []string{"https://ok.test/cb", "/callback"}}, "RedirectURIs[1]"},
		{"redirect URI without host", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantAuthorizationCode}, RedirectURIs: []string{"https:///cb"}}, "RedirectURIs[0]"},
		{"unparsable redirect URI", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantAuthorizationCode}, RedirectURIs: []string{"http://[::1"}}, "RedirectURIs[0]"},
		{"bad audience", &admin.CreateAppRequest{ClientName: "a", GrantTypes: cc, Audience: "public"}, "Audience"},
		{"JWT bearer without public key", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer}}, "PublicKeys"},
		{"blank public key", &admin.CreateAppRequest{ClientName: "a",
			GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer}, PublicKeys: []string{" "}}, "PublicKeys[0]"},
		{"blank scope", &admin.CreateAppRequest{ClientName: "a", GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword}, Scopes: []scopes.Scope{""}}, "Scopes[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mgmtService(t) // any request fails the test
			_, err := s.CreateApp(context.Background(), tc.req)
			ve := mgmtWantInvalid(t, err, tc.field)
			if ve.Reason == "" || !strings.HasPrefix(err.Error(), "anypoint: invalid "+tc.field+": ") {
				t.Errorf("error text = %q", err)
			}
		})
	}
}

func TestUpdateSendsOnlySetFields(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "PATCH", path: "/accounts/api/connectedApplications/c1",
			body: `{"client_name":"Renamed","enabled":false}`,
			resp: `{"client_id":"c1","client_name":"Renamed","enabled":false}`},
		mgmtCall{method: "PATCH", path: "/accounts/api/connectedApplications/c1",
			body: `{"redirect_uris":[],"scopes":["openid"],"audience":"everyone","tos_uri":""}`,
			resp: `{"client_id":"c1"}`},
		mgmtCall{method: "PATCH", path: "/accounts/api/connectedApplications/c1",
			body: `{"grant_types":["password","refresh_token"],"client_uri":"https://a.test","policy_uri":"https://a.test/p","public_keys":[` + testPublicKeyJSON + `]}`,
			resp: `{"client_id":"c1"}`},
	)
	ctx := context.Background()
	app, err := s.UpdateApp(ctx, "c1", &admin.UpdateAppRequest{ClientName: mgmtPtr("Renamed"), Enabled: mgmtPtr(false)})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if app.ClientName != "Renamed" || app.Enabled {
		t.Errorf("Update = %+v", app)
	}
	if _, err := s.UpdateApp(ctx, "c1", &admin.UpdateAppRequest{
		RedirectURIs: &[]string{}, Scopes: &[]scopes.Scope{"openid"}, Audience: mgmtPtr(admin.AudienceEveryone), TOSURI: mgmtPtr(""),
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if _, err := s.UpdateApp(ctx, "c1", &admin.UpdateAppRequest{
		GrantTypes: &[]connectedapps.GrantType{connectedapps.GrantPassword, connectedapps.GrantRefreshToken},
		ClientURI:  mgmtPtr("https://a.test"), PolicyURI: mgmtPtr("https://a.test/p"), PublicKeys: &[]string{testPublicKey},
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func TestUpdateValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		req   *admin.UpdateAppRequest
		field string
	}{
		{"nil", nil, "req"},
		{"nothing set", &admin.UpdateAppRequest{}, "req"},
		{"blank name", &admin.UpdateAppRequest{ClientName: mgmtPtr("")}, "ClientName"},
		{"no grant types", &admin.UpdateAppRequest{GrantTypes: &[]connectedapps.GrantType{}}, "GrantTypes"},
		{"unknown grant type", &admin.UpdateAppRequest{GrantTypes: &[]connectedapps.GrantType{"magic"}}, "GrantTypes[0]"},
		{"mixed grants", &admin.UpdateAppRequest{GrantTypes: &[]connectedapps.GrantType{connectedapps.GrantClientCredentials, connectedapps.GrantPassword}}, "GrantTypes"},
		{"relative redirect", &admin.UpdateAppRequest{RedirectURIs: &[]string{"cb"}}, "RedirectURIs[0]"},
		{"bad audience", &admin.UpdateAppRequest{Audience: mgmtPtr(admin.Audience("all"))}, "Audience"},
		{"empty audience", &admin.UpdateAppRequest{Audience: mgmtPtr(admin.Audience(""))}, "Audience"},
		{"blank key", &admin.UpdateAppRequest{PublicKeys: &[]string{""}}, "PublicKeys[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mgmtService(t)
			_, err := s.UpdateApp(context.Background(), "c1", tc.req)
			mgmtWantInvalid(t, err, tc.field)
		})
	}
}

func TestDelete(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "DELETE", path: "/accounts/api/connectedApplications/c1", status: 204},
		mgmtCall{method: "DELETE", path: "/accounts/api/connectedApplications/gone", status: 404, resp: notFoundAnswer},
	)
	if err := s.DeleteApp(context.Background(), "c1"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := s.DeleteApp(context.Background(), "gone"); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("Delete(gone) = %v, want ErrNotFound", err)
	}
}

func TestResetSecret(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "PATCH", path: "/accounts/api/connectedApplications/c1", query: "resetSecret=true", body: `{}`,
		resp: `{"client_id":"c1","client_secret":"rotated-secret"}`,
	})
	sec, err := s.ResetSecret(context.Background(), "c1")
	if err != nil {
		t.Fatalf("ResetSecret: %v", err)
	}
	if sec.Reveal() != "rotated-secret" {
		t.Errorf("ResetSecret = %q", sec.Reveal())
	}
	if got := fmt.Sprint(sec); got != "REDACTED" {
		t.Errorf("printed secret = %q", got)
	}
}

func TestResetSecretWithoutSecretInAnswer(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "PATCH", path: "/accounts/api/connectedApplications/c1", query: "resetSecret=true", body: `{}`, resp: `{"client_id":"c1"}`})
	_, err := s.ResetSecret(context.Background(), "c1")
	if err == nil {
		t.Fatal("ResetSecret accepted an answer without a secret")
	}
	if !strings.HasPrefix(err.Error(), "anypoint: reset secret: ") {
		t.Errorf("err = %q, want the SDK's prefix", err)
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	const value = "s3cr3t-VALUE-do-not-print"
	app := admin.App{ClientID: "c1", ClientName: "bot", ClientSecret: value}
	var printed []string
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s"} {
		printed = append(printed, fmt.Sprintf(f, app), fmt.Sprintf(f, &app), fmt.Sprintf(f, app.ClientSecret))
	}
	js, err := json.Marshal(app)
	if err != nil {
		t.Fatal(err)
	}
	printed = append(printed, string(js))
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("app", "app", app, "ptr", &app, "secret", app.ClientSecret)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("app", "app", app, "ptr", &app, "secret", app.ClientSecret)
	printed = append(printed, buf.String())
	for _, p := range printed {
		if strings.Contains(p, value) || strings.Contains(p, fmt.Sprintf("%x", value)) || strings.Contains(p, "s3cr3t") {
			t.Errorf("secret printed: %s", p)
		}
	}
	if !strings.Contains(fmt.Sprintf("%+v", app), "ClientSecret:REDACTED") {
		t.Errorf("%%+v = %+v, want the secret shown as REDACTED", app)
	}
	if !strings.Contains(fmt.Sprintf("%#v", app), `ClientSecret:"REDACTED"`) {
		t.Errorf("%%#v = %#v", app)
	}
	if !strings.Contains(string(js), `"client_secret":"REDACTED"`) {
		t.Errorf("JSON = %s", js)
	}
	if app.ClientSecret.Reveal() != value {
		t.Errorf("Reveal() = %q", app.ClientSecret.Reveal())
	}
	if got := fmt.Sprint(anypoint.Secret("")); got != "" {
		t.Errorf("empty secret prints as %q", got)
	}
}
