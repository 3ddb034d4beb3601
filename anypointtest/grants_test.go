package anypointtest_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// The fake's grants are tested with assertions made here, with the standard
// library alone, so that the fake does not take the SDK's word for what a
// good assertion is.

func pemOf(t *testing.T, pub crypto.PublicKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// es256 signs claims with header alg ES256 (or the alg given).
func es256(t *testing.T, key *ecdsa.PrivateKey, alg string, claims map[string]any) string {
	t.Helper()
	input := segment(t, map[string]any{"alg": alg, "typ": "JWT"}) + "." + segment(t, claims)
	sum := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, key, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func segment(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func goodClaims(srv *anypointtest.Server, app anypointtest.App, now time.Time) map[string]any {
	return map[string]any{
		"iss": app.ClientID,
		"sub": "1|" + anypointtest.IdentityProviderID + "|" + anypointtest.Username,
		"aud": srv.URL + anypointtest.TokenPath,
		"exp": now.Add(time.Minute).Unix(),
		"iat": now.Unix(),
		"jti": randomID(),
	}
}

func randomID() string {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	return n.Text(36)
}

func jwtForm(assertion string, extra ...string) url.Values {
	f := url.Values{"grant_type": {string(connectedapps.GrantJWTBearer)}, "assertion": {assertion}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

func TestJWTBearerGrant(t *testing.T) {
	now := time.Now()
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(func() time.Time { return now }))
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	app := srv.AddApp(anypointtest.AppSpec{Name: "jwt", GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer, connectedapps.GrantRefreshToken},
		PublicKeys: []string{"not a key", pemOf(t, rsaKey.Public()), pemOf(t, key.Public())},
		Scopes:     []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess}})
	if got := mustApp(t, srv, app.ClientID).PublicKeys; len(got) != 3 {
		t.Fatalf("App.PublicKeys = %d keys", len(got))
	}

	// A good assertion, authenticated by its signature alone: client_id is not even needed.
	var tok tokenAnswer
	good := es256(t, key, "ES256", goodClaims(srv, app, now))
	do(t, srv, "POST", anypointtest.TokenPath, "", jwtForm(good, "scope", "view:environment")).want(t, 200).json(t, &tok)
	if tok.AccessToken == "" || tok.TokenType != "bearer" || tok.ExpiresIn == nil || tok.Scope != "view:environment" || tok.RefreshToken != "" {
		t.Errorf("answer %+v", tok)
	}
	// The token acts for the subject's user, within the granted scopes.
	do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID+"/environments", tok.AccessToken, nil).want(t, 200)
	wantUnauthorized(t, dcDo(t, srv, "GET", "/projects", tok.AccessToken, nil))
	var me struct {
		User struct{ Username string } `json:"user"`
	}
	do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil).want(t, 200).json(t, &me)
	if me.User.Username != anypointtest.Username {
		t.Errorf("the token acts for %q", me.User.Username)
	}

	// offline_access gives a refresh token, with client_id and client_secret.
	withOffline := es256(t, key, "ES256", goodClaims(srv, app, now))
	do(t, srv, "POST", anypointtest.TokenPath, "", jwtForm(withOffline, "client_id", app.ClientID, "client_secret", app.ClientSecret)).want(t, 200).json(t, &tok)
	if tok.RefreshToken == "" {
		t.Errorf("no refresh token for offline_access: %+v", tok)
	}

	// Refusals.
	claims := func(change func(map[string]any)) map[string]any {
		c := goodClaims(srv, app, now)
		change(c)
		return c
	}
	hs256 := func() string {
		input := segment(t, map[string]any{"alg": "HS256"}) + "." + segment(t, goodClaims(srv, app, now))
		m := hmac.New(sha256.New, []byte(pemOf(t, key.Public()))) // the classic key-confusion attack
		m.Write([]byte(input))
		return input + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	for name, c := range map[string]struct {
		form   url.Values
		status int
		code   string
		desc   string
	}{
		"replayed":             {jwtForm(good), 400, "invalid_grant", "already been used"},
		"another key":          {jwtForm(es256(t, other, "ES256", goodClaims(srv, app, now))), 400, "invalid_grant", "signature"},
		"alg none":             {jwtForm(segment(t, map[string]any{"alg": "none"}) + "." + segment(t, goodClaims(srv, app, now)) + "."), 400, "invalid_grant", "alg"},
		"HS256 with the PEM":   {jwtForm(hs256()), 400, "invalid_grant", "alg"},
		"alg lies":             {jwtForm(es256(t, key, "ES384", goodClaims(srv, app, now))), 400, "invalid_grant", "signature"},
		"expired":              {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["exp"] = now.Add(-time.Second).Unix() }))), 400, "invalid_grant", "expired"},
		"no exp":               {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { delete(c, "exp") }))), 400, "invalid_grant", "exp"},
		"not yet valid":        {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["nbf"] = now.Add(time.Minute).Unix() }))), 400, "invalid_grant", "not valid yet"},
		"wrong audience":       {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["aud"] = "https://anypoint.mulesoft.com" }))), 400, "invalid_grant", "aud"},
		"audience in an array": {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["aud"] = []string{"x", srv.URL + anypointtest.TokenPath} }))), 200, "", ""},
		"wrong issuer":         {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["iss"] = "someone" })), "client_id", app.ClientID), 400, "invalid_grant", "iss"},
		"unknown issuer":       {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["iss"] = "someone" }))), 401, "invalid_client", ""},
		"subject too short":    {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["sub"] = anypointtest.Username }))), 400, "invalid_grant", "sub"},
		"unknown idp":          {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["sub"] = "1|other-idp|" + anypointtest.Username }))), 400, "invalid_grant", "identity provider"},
		"unknown user":         {jwtForm(es256(t, key, "ES256", claims(func(c map[string]any) { c["sub"] = "1|" + anypointtest.IdentityProviderID + "|nobody" }))), 400, "invalid_grant", "no user"},
		"not a JWT":            {jwtForm("abc.def", "client_id", app.ClientID), 400, "invalid_grant", "JWT"},
		"no assertion":         {url.Values{"grant_type": {string(connectedapps.GrantJWTBearer)}, "client_id": {app.ClientID}}, 400, "invalid_request", "assertion"},
		"wrong secret":         {jwtForm(es256(t, key, "ES256", goodClaims(srv, app, now)), "client_id", app.ClientID, "client_secret", "wrong"), 401, "invalid_client", ""},
		"scope not held":       {jwtForm(es256(t, key, "ES256", goodClaims(srv, app, now)), "scope", "edit:design_center"), 400, "invalid_scope", ""},
	} {
		t.Run(name, func(t *testing.T) {
			var e tokenAnswer
			do(t, srv, "POST", anypointtest.TokenPath, "", c.form).want(t, c.status).json(t, &e)
			if e.Error != c.code || !strings.Contains(e.ErrorDescription, c.desc) {
				t.Errorf("error %q (%q); want %q (%q)", e.Error, e.ErrorDescription, c.code, c.desc)
			}
			if a := c.form.Get("assertion"); len(a) > 20 && strings.Contains(e.ErrorDescription, a[:20]) {
				t.Error("the refusal quotes the assertion")
			}
		})
	}

	// A client-credentials app does not hold the grant.
	cc := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	var e tokenAnswer
	do(t, srv, "POST", anypointtest.TokenPath, "", jwtForm(good, "client_id", cc.ClientID, "client_secret", cc.ClientSecret)).want(t, 400).json(t, &e)
	if e.Error != "unauthorized_client" {
		t.Errorf("a client-credentials app: %q", e.Error)
	}
	if n := srv.TokenRequests(connectedapps.GrantJWTBearer); n < 20 {
		t.Errorf("TokenRequests(jwt-bearer) = %d", n)
	}
}

// Used assertions are forgotten once they expire, so that the replay table does not grow.
func TestJWTBearerReplayTableForgetsExpired(t *testing.T) {
	now := time.Now()
	clock := func() time.Time { return now }
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(func() time.Time { return clock() }))
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	app := srv.AddApp(anypointtest.AppSpec{Name: "jwt", GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer},
		PublicKeys: []string{pemOf(t, key.Public())}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})
	c := goodClaims(srv, app, now)
	delete(c, "jti") // keyed by signature then
	a := es256(t, key, "ES256", c)
	do(t, srv, "POST", anypointtest.TokenPath, "", jwtForm(a)).want(t, 200)
	do(t, srv, "POST", anypointtest.TokenPath, "", jwtForm(a)).want(t, 400)
	now = now.Add(2 * time.Minute)
	var e tokenAnswer
	do(t, srv, "POST", anypointtest.TokenPath, "", jwtForm(a)).want(t, 400).json(t, &e)
	if !strings.Contains(e.ErrorDescription, "expired") {
		t.Errorf("an old assertion: %q; want expired", e.ErrorDescription)
	}
}

func TestPasswordGrant(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "tf", GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword},
		Scopes: []scopes.Scope{scopes.ViewEnvironment, scopes.ReadOrgConnApps}})
	form := func(user, password string, extra ...string) url.Values {
		f := url.Values{"grant_type": {"password"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret},
			"username": {user}, "password": {password}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return f
	}
	var tok tokenAnswer
	do(t, srv, "POST", anypointtest.TokenPath, "", form(anypointtest.ColleagueUsername, anypointtest.ColleaguePassword)).want(t, 200).json(t, &tok)
	if tok.AccessToken == "" || tok.ExpiresIn == nil || tok.Scope != "view:environment read:orgconnapps" {
		t.Errorf("answer %+v", tok)
	}
	var me struct {
		User struct{ Username string } `json:"user"`
	}
	do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil).want(t, 200).json(t, &me)
	if me.User.Username != anypointtest.ColleagueUsername {
		t.Errorf("the token acts for %q", me.User.Username)
	}
	// The same as JSON, as MuleSoft's Terraform provider sends it.
	do(t, srv, "POST", anypointtest.TokenPath, "", map[string]string{"grant_type": "password", "client_id": app.ClientID,
		"client_secret": app.ClientSecret, "username": anypointtest.Username, "password": anypointtest.UserPassword}).want(t, 200)

	for name, c := range map[string]struct {
		form   url.Values
		status int
		code   string
	}{
		"wrong password": {form(anypointtest.Username, anypointtest.ColleaguePassword), 400, "invalid_grant"},
		"unknown user":   {form("nobody", "x"), 400, "invalid_grant"},
		"no password":    {form(anypointtest.Username, ""), 400, "invalid_request"},
		"no username":    {form("", "x"), 400, "invalid_request"},
		"no client secret": {func() url.Values {
			f := form(anypointtest.Username, anypointtest.UserPassword)
			f.Del("client_secret")
			return f
		}(), 401, "invalid_client"},
		"scope not held":   {form(anypointtest.Username, anypointtest.UserPassword, "scope", "edit:design_center"), 400, "invalid_scope"},
		"a scope it holds": {form(anypointtest.Username, anypointtest.UserPassword, "scope", "view:environment"), 200, ""},
	} {
		t.Run(name, func(t *testing.T) {
			var e tokenAnswer
			do(t, srv, "POST", anypointtest.TokenPath, "", c.form).want(t, c.status).json(t, &e)
			if e.Error != c.code {
				t.Errorf("error %q (%q); want %q", e.Error, e.ErrorDescription, c.code)
			}
			if p := c.form.Get("password"); len(p) > 3 && strings.Contains(e.ErrorDescription, p) {
				t.Error("the refusal quotes the password")
			}
		})
	}
	// The user's password grants are authorizations an administrator can revoke.
	if !srv.RevokeAuthorization(anypointtest.ColleagueUsername, app.ClientID) {
		t.Error("no authorization to revoke for the password grant")
	}
	wantUnauthorized(t, do(t, srv, "GET", anypointtest.MePath, tok.AccessToken, nil))
}
