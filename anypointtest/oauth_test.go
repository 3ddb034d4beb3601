package anypointtest_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

type tokenAnswer struct {
	AccessToken      string `json:"access_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        *int   `json:"expires_in"`
	RefreshToken     string `json:"refresh_token"`
	Scope            string `json:"scope"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

func TestClientCredentialsToken(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	if app.ClientID != anypointtest.DefaultClientCredentialsAppID || app.ClientSecret != anypointtest.DefaultClientCredentialsAppSecret {
		t.Fatalf("app = %+v", app)
	}

	var tok tokenAnswer
	a := do(t, srv, "POST", anypointtest.TokenPath, "", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret},
	}).want(t, 200)
	a.json(t, &tok)
	if tok.AccessToken == "" || tok.TokenType != "bearer" || tok.ExpiresIn != nil || tok.RefreshToken != "" {
		t.Errorf("answer %s", a.body)
	}
	if a.Header.Get("X-Request-Id") == "" || a.Header.Get("X-RateLimit-Limit") == "" {
		t.Errorf("headers %v", a.Header)
	}

	// A JSON body works too.
	do(t, srv, "POST", anypointtest.TokenPath, "", map[string]string{
		"grant_type": "client_credentials", "client_id": app.ClientID, "client_secret": app.ClientSecret,
	}).want(t, 200)

	// And HTTP Basic.
	req, _ := http.NewRequest("POST", srv.URL+anypointtest.TokenPath, strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(app.ClientID, app.ClientSecret)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("basic: %d", res.StatusCode)
	}

	// Errors are RFC 6749 §5.2.
	for _, c := range []struct {
		form   url.Values
		status int
		code   string
	}{
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {"wrong"}}, 401, "invalid_client"},
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {"nobody"}, "client_secret": {"x"}}, 401, "invalid_client"},
		{url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}, 400, "unsupported_grant_type"},
		{url.Values{"grant_type": {"password"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}, 400, "unauthorized_client"},
		{url.Values{"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}, 400, "invalid_request"},
		{url.Values{"grant_type": {"authorization_code"}, "code": {"x"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}, 400, "unauthorized_client"},
		{url.Values{"grant_type": {"client_credentials"}, "scope": {"admin:cloudhub"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}, 400, "invalid_scope"},
	} {
		var e tokenAnswer
		do(t, srv, "POST", anypointtest.TokenPath, "", c.form).want(t, c.status).json(t, &e)
		if e.Error != c.code || e.ErrorDescription == "" {
			t.Errorf("%v: error %q (%q), want %q", c.form, e.Error, e.ErrorDescription, c.code)
		}
	}

	if got := srv.TokenRequests(); got != 10 {
		t.Errorf("TokenRequests = %d, want 10", got)
	}
	if got := srv.TokenRequests(connectedapps.GrantClientCredentials); got != 6 {
		t.Errorf("TokenRequests(client_credentials) = %d, want 6", got)
	}
	if got := srv.TokenRequests(connectedapps.GrantClientCredentials, connectedapps.GrantAuthorizationCode, connectedapps.GrantClientCredentials); got != 7 {
		t.Errorf("TokenRequests(client_credentials, authorization_code) = %d, want 7", got)
	}
	for _, rec := range srv.RequestLog() {
		if strings.Contains(rec.Header.Get("Authorization"), app.ClientSecret) ||
			(rec.Header.Get("Authorization") != "" && rec.Header.Get("Authorization") != "Basic [REDACTED]") {
			t.Errorf("log holds Authorization %q", rec.Header.Get("Authorization"))
		}
	}
}

func TestExpiresInOption(t *testing.T) {
	srv := anypointtest.NewTestServer(t, anypointtest.WithExpiresIn(true), anypointtest.WithTokenLifetime(20*time.Minute))
	var tok tokenAnswer
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	do(t, srv, "POST", anypointtest.TokenPath, "", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret},
	}).want(t, 200).json(t, &tok)
	if tok.ExpiresIn == nil || *tok.ExpiresIn != 1200 {
		t.Errorf("expires_in = %v, want 1200", tok.ExpiresIn)
	}
}

func TestScopeEnforcement(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	tok := clientToken(t, srv, app)

	dcDo(t, srv, "GET", "/projects", tok, nil).want(t, 200)

	srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", tok, nil))
	// A fresh token does not help: the app lacks the scope.
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", clientToken(t, srv, app), nil))

	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})
	dcDo(t, srv, "GET", "/projects", tok, nil).want(t, 200)

	// The app holds the scope in the root organization only.
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", tok, nil, "x-organization-id", anypointtest.SalesOrgID))
	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: anypointtest.SalesOrgID})
	dcDo(t, srv, "GET", "/projects", tok, nil, "x-organization-id", anypointtest.SalesOrgID).want(t, 200)

	// Without view:environment, environments are a 401.
	wantUnauthorized(t, do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID+"/environments", tok, nil))

	// No token, a made-up token, an expired token, a revoked token.
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", "", nil))
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", "made-up", nil))
	srv.ExpireTokens()
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", tok, nil))
	tok = clientToken(t, srv, app)
	srv.RevokeTokens(app.ClientID)
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", tok, nil))
}

func TestTokenLifetime(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(clock), anypointtest.WithTokenLifetime(15*time.Minute))
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	advance(14 * time.Minute)
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	advance(time.Minute)
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, tok, nil))
}

func TestRotateSecret(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	tok := clientToken(t, srv, app)
	secret := srv.RotateSecret(app.ClientID)
	if secret == app.ClientSecret {
		t.Fatal("same secret")
	}
	var e tokenAnswer
	do(t, srv, "POST", anypointtest.TokenPath, "", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret},
	}).want(t, 401).json(t, &e)
	if e.Error != "invalid_client" {
		t.Errorf("error %q", e.Error)
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200) // tokens survive
	if got := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID).ClientSecret; got != secret {
		t.Errorf("App secret %q, want %q", got, secret)
	}
	clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
}

func TestMe(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	var me struct {
		Client struct {
			ClientID string `json:"client_id"`
			Name     string `json:"name"`
		} `json:"client"`
		User struct {
			ID             string `json:"id"`
			Username       string `json:"username"`
			OrganizationID string `json:"organizationId"`
			Organization   struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"organization"`
			MemberOf []struct {
				ID     string `json:"id"`
				IsRoot bool   `json:"isRoot"`
			} `json:"memberOfOrganizations"`
		} `json:"user"`
	}
	a := do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	a.json(t, &me)
	if me.Client.ClientID != anypointtest.DefaultClientCredentialsAppID || me.Client.Name != "quickstart-app" {
		t.Errorf("client %+v", me.Client)
	}
	if me.User.ID != srv.User.ID || me.User.Username != "max.mule" || me.User.OrganizationID != srv.OrgID ||
		me.User.Organization.Name != "Acme Corp" || len(me.User.MemberOf) != 4 || !me.User.MemberOf[0].IsRoot {
		t.Errorf("user %+v", me.User)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id"} {
		if a.Header.Get(h) == "" {
			t.Errorf("no %s", h)
		}
	}
}

// pkce returns a verifier and its S256 challenge.
func pkce(seed string) (verifier, challenge string) {
	verifier = strings.Repeat(seed, 64)[:64]
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorize calls the authorize endpoint without following the redirect.
func authorize(t *testing.T, srv *anypointtest.Server, q url.Values) (*http.Response, *url.URL) {
	t.Helper()
	c := *srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Get(srv.URL + anypointtest.AuthorizePath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		return res, nil
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return res, loc
}

func authQuery(challenge string) url.Values {
	q := url.Values{
		"client_id": {anypointtest.DefaultUserAppID}, "response_type": {"code"},
		"redirect_uri": {anypointtest.DefaultUserAppRedirectURI},
		"scope":        {"view:environment offline_access openid"}, "state": {"st4te"}, "nonce": {"n0nce"},
	}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	return q
}

func exchange(t *testing.T, srv *anypointtest.Server, code, verifier, redirect string) (answer, tokenAnswer) {
	t.Helper()
	app := mustApp(t, srv, anypointtest.DefaultUserAppID)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}
	if verifier != "" {
		form.Set("code_verifier", verifier)
	}
	a := do(t, srv, "POST", anypointtest.TokenPath, "", form)
	var tok tokenAnswer
	a.json(t, &tok)
	return a, tok
}

func login(t *testing.T, srv *anypointtest.Server) tokenAnswer {
	t.Helper()
	verifier, challenge := pkce("abc")
	_, loc := authorize(t, srv, authQuery(challenge))
	a, tok := exchange(t, srv, loc.Query().Get("code"), verifier, anypointtest.DefaultUserAppRedirectURI)
	a.want(t, 200)
	return tok
}

func TestAuthorizationCodePKCE(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	verifier, challenge := pkce("xyz")

	_, loc := authorize(t, srv, authQuery(challenge))
	if loc == nil || loc.Host != "127.0.0.1:8765" || loc.Path != "/callback" || loc.Query().Get("state") != "st4te" || loc.Query().Get("code") == "" {
		t.Fatalf("redirect %v", loc)
	}
	code := loc.Query().Get("code")

	// Wrong redirect_uri, wrong verifier: refused, and the code survives both.
	if a, tok := exchange(t, srv, code, verifier, "http://127.0.0.1:9999/callback"); a.StatusCode != 400 || tok.Error != "invalid_grant" {
		t.Errorf("wrong redirect_uri: %d %s", a.StatusCode, a.body)
	}
	if a, tok := exchange(t, srv, code, "wrong-verifier-wrong-verifier-wrong-verifier-wrong", anypointtest.DefaultUserAppRedirectURI); a.StatusCode != 400 || tok.Error != "invalid_grant" {
		t.Errorf("wrong verifier: %d %s", a.StatusCode, a.body)
	}
	if a, tok := exchange(t, srv, code, "", anypointtest.DefaultUserAppRedirectURI); a.StatusCode != 400 || tok.Error != "invalid_grant" {
		t.Errorf("no verifier: %d %s", a.StatusCode, a.body)
	}

	a, tok := exchange(t, srv, code, verifier, anypointtest.DefaultUserAppRedirectURI)
	a.want(t, 200)
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.ExpiresIn == nil || *tok.ExpiresIn != 3600 ||
		tok.Scope != "view:environment offline_access openid" || tok.TokenType != "bearer" {
		t.Errorf("answer %s", a.body)
	}
	do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID+"/environments", tok.AccessToken, nil).want(t, 200)
	var me struct {
		User struct{ Username string } `json:"user"`
	}
	do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil).want(t, 200).json(t, &me)
	if me.User.Username != anypointtest.Username {
		t.Errorf("me: %+v", me)
	}

	// The code is single-use; presenting it again also ends what it produced.
	if a, e := exchange(t, srv, code, verifier, anypointtest.DefaultUserAppRedirectURI); a.StatusCode != 400 || e.Error != "invalid_grant" {
		t.Errorf("reused code: %d %s", a.StatusCode, a.body)
	}
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil))

	if srv.TokenRequests(connectedapps.GrantAuthorizationCode) != 5 {
		t.Errorf("TokenRequests(authorization_code) = %d", srv.TokenRequests(connectedapps.GrantAuthorizationCode))
	}
}

func TestAuthorizationCodeWithoutPKCE(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	_, loc := authorize(t, srv, authQuery(""))
	a, tok := exchange(t, srv, loc.Query().Get("code"), "", anypointtest.DefaultUserAppRedirectURI)
	a.want(t, 200)
	if tok.AccessToken == "" {
		t.Error("no token")
	}
}

func TestAuthorizationCodeExpires(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(clock))
	verifier, challenge := pkce("q")
	_, loc := authorize(t, srv, authQuery(challenge))
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	if a, e := exchange(t, srv, loc.Query().Get("code"), verifier, anypointtest.DefaultUserAppRedirectURI); a.StatusCode != 400 || e.Error != "invalid_grant" {
		t.Errorf("expired code: %d %s", a.StatusCode, a.body)
	}
}

func TestAuthorizeErrors(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	_, challenge := pkce("e")

	// Unknown client or redirect URI: an HTML page, never a redirect.
	for _, change := range []func(url.Values){
		func(q url.Values) { q.Set("client_id", "nobody") },
		func(q url.Values) { q.Set("redirect_uri", "https://evil.example/callback") },
	} {
		q := authQuery(challenge)
		change(q)
		res, _ := authorize(t, srv, q)
		if res.StatusCode != 400 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || res.Header.Get("Location") != "" {
			t.Errorf("%v: %d %v", q, res.StatusCode, res.Header)
		}
	}

	q := authQuery(challenge)
	q.Set("scope", "view:environment admin:cloudhub")
	if _, loc := authorize(t, srv, q); loc == nil || loc.Query().Get("error") != "invalid_scope" || loc.Query().Get("state") != "st4te" {
		t.Errorf("invalid scope: %v", loc)
	}

	srv.SetConsent(false)
	if _, loc := authorize(t, srv, authQuery(challenge)); loc == nil || loc.Query().Get("error") != "access_denied" ||
		loc.Query().Get("error_description") == "" || loc.Query().Get("state") != "st4te" || loc.Query().Get("code") != "" {
		t.Errorf("denied: %v", loc)
	}
	srv.SetConsent(true)
	if _, loc := authorize(t, srv, authQuery(challenge)); loc == nil || loc.Query().Get("code") == "" {
		t.Errorf("allowed again: %v", loc)
	}

	// Set before the first authorization.
	denied := anypointtest.NewTestServer(t)
	denied.SetConsent(false)
	if _, loc := authorize(t, denied, authQuery(challenge)); loc == nil || loc.Query().Get("error") != "access_denied" {
		t.Errorf("SetConsent(false) on a new server: %v", loc)
	}
}

func refresh(t *testing.T, srv *anypointtest.Server, rt string) (answer, tokenAnswer) {
	t.Helper()
	app := mustApp(t, srv, anypointtest.DefaultUserAppID)
	a := do(t, srv, "POST", anypointtest.TokenPath, "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt},
		"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}})
	var tok tokenAnswer
	a.json(t, &tok)
	return a, tok
}

func TestRefreshRotation(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	first := login(t, srv)
	srv.ExpireTokens()
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, first.AccessToken, nil))

	a, second := refresh(t, srv, first.RefreshToken)
	a.want(t, 200)
	if second.RefreshToken == "" || second.RefreshToken == first.RefreshToken || second.ExpiresIn == nil {
		t.Fatalf("refresh answer %s", a.body)
	}
	do(t, srv, "GET", anypointtest.MePath, second.AccessToken, nil).want(t, 200)

	// The old refresh token is spent.
	if a, e := refresh(t, srv, first.RefreshToken); a.StatusCode != 400 || e.Error != "invalid_grant" {
		t.Errorf("old refresh token: %d %s", a.StatusCode, a.body)
	}
	a, third := refresh(t, srv, second.RefreshToken)
	a.want(t, 200)
	if srv.TokenRequests(connectedapps.GrantRefreshToken) != 3 {
		t.Errorf("TokenRequests(refresh_token) = %d", srv.TokenRequests(connectedapps.GrantRefreshToken))
	}

	// Without offline_access there is no refresh token.
	_, challenge := pkce("n")
	q := authQuery(challenge)
	q.Set("scope", "view:environment")
	_, loc := authorize(t, srv, q)
	verifier, _ := pkce("n")
	a, tok := exchange(t, srv, loc.Query().Get("code"), verifier, anypointtest.DefaultUserAppRedirectURI)
	a.want(t, 200)
	if tok.RefreshToken != "" {
		t.Errorf("refresh token without offline_access: %s", a.body)
	}
	_ = third
}

func TestRevokeAuthorization(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := login(t, srv)
	if !srv.RevokeAuthorization(anypointtest.Username, anypointtest.DefaultUserAppID) {
		t.Fatal("no authorization revoked")
	}
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil))
	if a, e := refresh(t, srv, tok.RefreshToken); a.StatusCode != 400 || e.Error != "invalid_grant" {
		t.Errorf("refresh after RevokeAuthorization: %d %s", a.StatusCode, a.body)
	}
	if srv.RevokeAuthorization(anypointtest.UserID, anypointtest.DefaultUserAppID) {
		t.Error("revoked twice")
	}
}

func TestRevokeEndpoint(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := mustApp(t, srv, anypointtest.DefaultUserAppID)
	tok := login(t, srv)
	form := func(token, hint string) url.Values {
		return url.Values{"token": {token}, "token_type_hint": {hint}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}
	}
	do(t, srv, "POST", anypointtest.RevokePath, "", form("unknown", "")).want(t, 200)
	do(t, srv, "POST", anypointtest.RevokePath, "", url.Values{"token": {"x"}, "client_id": {app.ClientID}, "client_secret": {"bad"}}).want(t, 401)

	// Revoking the refresh token ends the grant, access tokens included.
	do(t, srv, "POST", anypointtest.RevokePath, "", form(tok.RefreshToken, "refresh_token")).want(t, 200)
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil))
	if a, e := refresh(t, srv, tok.RefreshToken); a.StatusCode != 400 || e.Error != "invalid_grant" {
		t.Errorf("refresh after revoke: %d %s", a.StatusCode, a.body)
	}

	// Revoking an access token ends only that token.
	tok = login(t, srv)
	do(t, srv, "POST", anypointtest.RevokePath, "", form(tok.AccessToken, "access_token")).want(t, 200)
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil))
	a, _ := refresh(t, srv, tok.RefreshToken)
	a.want(t, 200)

	// Client-credentials tokens, revoked with HTTP Basic.
	cc := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	ct := clientToken(t, srv, cc)
	req, _ := http.NewRequest("POST", srv.URL+anypointtest.RevokePath, strings.NewReader(url.Values{"token": {ct}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(cc.ClientID, cc.ClientSecret)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("basic revoke: %d", res.StatusCode)
	}
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, ct, nil))
}

func TestIntrospect(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	cc := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	tok := clientToken(t, srv, cc)
	var got struct {
		Active   bool   `json:"active"`
		ClientID string `json:"client_id"`
		Scope    string `json:"scope"`
	}
	do(t, srv, "POST", anypointtest.IntrospectPath, "", url.Values{"token": {tok}, "client_id": {cc.ClientID}, "client_secret": {cc.ClientSecret}}).want(t, 200).json(t, &got)
	if !got.Active || got.ClientID != cc.ClientID || got.Scope != "edit:design_center" {
		t.Errorf("introspect %+v", got)
	}
}

func TestUserinfo(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := login(t, srv)
	var info struct {
		Sub, Name, Email  string
		PreferredUsername string `json:"preferred_username"`
	}
	do(t, srv, "GET", anypointtest.UserinfoPath, tok.AccessToken, nil).want(t, 200).json(t, &info)
	if info.Sub != anypointtest.UserID || info.PreferredUsername != "max.mule" || info.Email != anypointtest.UserEmail || info.Name != "Max Mule" {
		t.Errorf("userinfo %+v", info)
	}

	// A token without openid or profile is refused.
	_, challenge := pkce("u")
	q := authQuery(challenge)
	q.Set("scope", "view:environment")
	_, loc := authorize(t, srv, q)
	verifier, _ := pkce("u")
	_, narrow := exchange(t, srv, loc.Query().Get("code"), verifier, anypointtest.DefaultUserAppRedirectURI)
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.UserinfoPath, narrow.AccessToken, nil))
}

func TestConcurrentUse(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := clientToken(t, srv, app)
			dcDo(t, srv, "GET", "/projects", tok, nil)
			if i%5 == 0 {
				srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})
				srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})
				srv.ExpireTokens()
				_ = srv.RequestLog()
				_ = srv.TokenRequests()
			}
		}()
	}
	wg.Wait()
	if srv.TokenRequests() != 20 {
		t.Errorf("TokenRequests = %d", srv.TokenRequests())
	}
}

func TestAddAppAndTLS(t *testing.T) {
	srv := anypointtest.NewTestServer(t, anypointtest.WithTLS())
	added := srv.AddApp(anypointtest.AppSpec{
		ClientID: "0123456789abcdef0123456789abcdef", ClientSecret: "s3cret", Name: "env-reader",
		Scopes: []scopes.Scope{scopes.ViewEnvironment},
	})
	if !strings.HasPrefix(srv.URL, "https://") {
		t.Fatalf("URL %s", srv.URL)
	}
	app, ok := srv.App("0123456789abcdef0123456789abcdef")
	if !ok || !reflect.DeepEqual(app, added) || !slices.Equal(app.GrantTypes, []connectedapps.GrantType{connectedapps.GrantClientCredentials}) || app.OrgID != anypointtest.OrgID || app.OwnerUserID != anypointtest.UserID || len(app.Grants) != 1 || app.Grants[0].OrgID != anypointtest.OrgID {
		t.Fatalf("app %+v", app)
	}
	tok := clientToken(t, srv, app)
	do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID+"/environments", tok, nil).want(t, 200)
	wantUnauthorized(t, do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.SalesOrgID+"/environments", tok, nil))
}

// GrantScope and RemoveScope take the same grants: an empty OrgID is the app's own
// organization, only exact matches are removed, and an app acting on behalf of a user holds
// plain scopes.
func TestGrantScopeContexts(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	tok := clientToken(t, srv, app)
	envs := func(orgID string) answer {
		return do(t, srv, "GET", "/accounts/api/organizations/"+orgID+"/environments", tok, nil)
	}

	srv.GrantScope(app.ClientID, scopes.Grant{Scope: scopes.ViewEnvironment})
	envs(anypointtest.OrgID).want(t, 200)
	wantUnauthorized(t, envs(anypointtest.SalesOrgID))
	srv.GrantScope(app.ClientID,
		scopes.Grant{Scope: scopes.ViewEnvironment, OrgID: anypointtest.SalesOrgID},
		scopes.Grant{Scope: scopes.ViewEnvironment, OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID},
		scopes.Grant{Scope: scopes.ViewEnvironment}) // held already: nothing changes
	envs(anypointtest.SalesOrgID).want(t, 200)
	want := []scopes.Grant{
		{Scope: scopes.EditDesignCenter, OrgID: anypointtest.OrgID},
		{Scope: scopes.ViewEnvironment, OrgID: anypointtest.OrgID},
		{Scope: scopes.ViewEnvironment, OrgID: anypointtest.SalesOrgID},
		{Scope: scopes.ViewEnvironment, OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID},
	}
	if got := mustApp(t, srv, app.ClientID).Grants; !slices.Equal(got, want) {
		t.Errorf("grants %+v, want %+v", got, want)
	}

	// Removing in the app's organization leaves the business group and the environment.
	srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.ViewEnvironment})
	envs(anypointtest.SalesOrgID).want(t, 200)
	if got := mustApp(t, srv, app.ClientID).Grants; !slices.Equal(got, []scopes.Grant{want[0], want[2], want[3]}) {
		t.Errorf("grants after RemoveScope %+v", got)
	}
	srv.RemoveScope(app.ClientID, want[2], want[3])
	wantUnauthorized(t, envs(anypointtest.SalesOrgID))
	if got := mustApp(t, srv, app.ClientID).Scopes; !slices.Equal(got, []scopes.Scope{scopes.EditDesignCenter}) {
		t.Errorf("scopes %v", got)
	}

	// A user app's scopes have no context.
	srv.GrantScope(anypointtest.DefaultUserAppID, scopes.Grant{Scope: scopes.Email, OrgID: anypointtest.SalesOrgID, EnvID: anypointtest.SandboxEnvID})
	user := mustApp(t, srv, anypointtest.DefaultUserAppID)
	if g := user.Grants[len(user.Grants)-1]; g != (scopes.Grant{Scope: scopes.Email}) {
		t.Errorf("user app's new grant %+v", g)
	}
	srv.RemoveScope(anypointtest.DefaultUserAppID, scopes.Grant{Scope: scopes.Email, OrgID: anypointtest.OrgID})
	if got := mustApp(t, srv, anypointtest.DefaultUserAppID).Scopes; slices.Contains(got, scopes.Email) {
		t.Errorf("user app's scopes %v", got)
	}
}
