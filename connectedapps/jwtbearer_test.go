package connectedapps_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/scopes"
)

var (
	rsaKeyOnce sync.Once
	rsaKey     *rsa.PrivateKey
)

// testRSAKey is one 2048-bit key for the whole run: generating one takes a
// while.
func testRSAKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	rsaKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		rsaKey = k
	})
	return rsaKey
}

func testECKey(t *testing.T, c elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func publicPEM(t *testing.T, s crypto.Signer) string {
	t.Helper()
	p, err := connectedapps.PublicKeyPEM(s.Public())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func jwtApp(t *testing.T, keys ...crypto.Signer) anypointtest.AppSpec {
	spec := anypointtest.AppSpec{Name: "jwt-server", GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer}}
	for _, k := range keys {
		spec.PublicKeys = append(spec.PublicKeys, publicPEM(t, k))
	}
	return spec
}

func jwtCreds(f *userGrantFixture, signer crypto.Signer) connectedapps.JWTBearer {
	return connectedapps.JWTBearer{
		ClientID: f.app.ClientID,
		Signer:   signer,
		Subject:  connectedapps.Subject{IdentityProviderID: anypointtest.IdentityProviderID, Username: anypointtest.Username},
		Config:   f.srv.Config(),
	}
}

// decodeJWT returns the header and claims of an assertion.
func decodeJWT(t *testing.T, raw string) (header, claims map[string]any) {
	t.Helper()
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("the assertion has %d parts", len(parts))
	}
	for i, into := range []*map[string]any{&header, &claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatal(err)
		}
	}
	return header, claims
}

func TestJWTBearerEndToEnd(t *testing.T) {
	for name, tc := range map[string]struct {
		key crypto.Signer
		alg string
	}{
		"RS256": {testRSAKey(t), "RS256"},
		"ES256": {testECKey(t, elliptic.P256()), "ES256"},
		"ES384": {testECKey(t, elliptic.P384()), "ES384"},
		"ES512": {testECKey(t, elliptic.P521()), "ES512"},
	} {
		t.Run(name, func(t *testing.T) {
			acNoLeaks(t)
			f := newUserGrantFixture(t, jwtApp(t, tc.key))
			ts := jwtCreds(f, tc.key).TokenSource()
			c := f.client(t, ts)
			ctx := context.Background()
			start := time.Now()
			listAndDeny(ctx, t, c)

			forms := tokenForms(f.srv)
			if len(forms) == 0 {
				t.Fatal("no token request")
			}
			form := forms[0]
			if form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || form.Get("client_id") != f.app.ClientID || form.Has("client_secret") {
				t.Errorf("token request fields %v; want grant_type, assertion, client_id", keys(form))
			}
			header, claims := decodeJWT(t, form.Get("assertion"))
			if header["alg"] != tc.alg || header["typ"] != "JWT" {
				t.Errorf("header %v; want alg %s, typ JWT", header, tc.alg)
			}
			if claims["iss"] != f.app.ClientID || claims["aud"] != f.srv.URL+anypointtest.TokenPath ||
				claims["sub"] != "1|"+anypointtest.IdentityProviderID+"|"+anypointtest.Username+"||||" {
				t.Errorf("claims %v", claims)
			}
			exp, iat := claims["exp"].(float64), claims["iat"].(float64)
			if exp-iat != connectedapps.DefaultAssertionLifetime.Seconds() || iat < float64(start.Unix()) || claims["jti"] == "" {
				t.Errorf("exp %v, iat %v, jti %v", exp, iat, claims["jti"])
			}
			me, err := accounts.New(c).Me(ctx)
			if err != nil || me.User.Username != anypointtest.Username {
				t.Errorf("Me: %v %v; want the subject's user", me, err)
			}
		})
	}
}

func TestJWTBearerSignsANewAssertionForEachToken(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	f := newUserGrantFixture(t, jwtApp(t, key))
	c := f.client(t, jwtCreds(f, key).TokenSource())
	ctx := context.Background()
	acc := accounts.New(c)
	for range 3 {
		if _, err := acc.ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
			t.Fatal(err)
		}
		f.srv.ExpireTokens() // the next call's 401 makes the source mint again
	}
	forms := tokenForms(f.srv)
	if len(forms) != 3 {
		t.Fatalf("%d token requests; want 3", len(forms))
	}
	seen := map[string]bool{}
	for _, form := range forms {
		_, claims := decodeJWT(t, form.Get("assertion"))
		jti, _ := claims["jti"].(string)
		if seen[form.Get("assertion")] || seen[jti] || jti == "" {
			t.Fatal("an assertion (or its jti) was sent twice")
		}
		seen[form.Get("assertion")], seen[jti] = true, true
	}
	if n := f.srv.TokenRequests(connectedapps.GrantRefreshToken); n != 0 {
		t.Errorf("%d refresh requests; the JWT bearer grant re-mints", n)
	}
}

// An answer lost after the platform accepted the assertion: the retry must
// carry a fresh assertion, which the platform accepts, not the spent one.
func TestJWTBearerRetryCarriesAFreshAssertion(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	f := newUserGrantFixture(t, jwtApp(t, key))
	f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Path: anypointtest.TokenPath})
	retry := anypoint.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
	c, err := anypoint.NewClient(jwtCreds(f, key).TokenSource(), anypoint.WithBaseURL(f.srv.URL), anypoint.WithRetry(retry))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.New(c).ListEnvironments(context.Background(), anypointtest.OrgID, nil); err != nil {
		t.Fatalf("after a lost token answer: %v", err)
	}
	forms := tokenForms(f.srv)
	if len(forms) != 2 || forms[0].Get("assertion") == forms[1].Get("assertion") {
		t.Fatalf("%d token requests; want 2 with different assertions", len(forms))
	}
}

func TestJWTBearerRefusedAssertions(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	other := testECKey(t, elliptic.P256())
	f := newUserGrantFixture(t, jwtApp(t, key))
	ctx := context.Background()
	for name, creds := range map[string]connectedapps.JWTBearer{
		"key not registered": jwtCreds(f, other),
		"unknown user": func() connectedapps.JWTBearer {
			j := jwtCreds(f, key)
			j.Subject.Username = "nobody.here"
			return j
		}(),
		"unknown identity provider": func() connectedapps.JWTBearer {
			j := jwtCreds(f, key)
			j.Subject.IdentityProviderID = "another-idp"
			return j
		}(),
		"wrong audience": func() connectedapps.JWTBearer {
			j := jwtCreds(f, key)
			j.Audience = "https://anypoint.mulesoft.com/accounts/api/v2/oauth2/token"
			return j
		}(),
		"wrong issuer": func() connectedapps.JWTBearer {
			j := jwtCreds(f, key)
			j.Issuer = "someone-else"
			return j
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := accounts.New(f.client(t, creds.TokenSource())).Me(ctx)
			var te *anypoint.TokenError
			if !errors.As(err, &te) || te.Code != "invalid_grant" || !errors.Is(err, anypoint.ErrInvalidGrant) {
				t.Fatalf("err = %v; want a *TokenError invalid_grant", err)
			}
		})
	}
}

// A refused assertion does not end the source: once an administrator
// registers the key, the next call succeeds.
func TestJWTBearerRecoversOnceTheKeyIsRegistered(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	old := testECKey(t, elliptic.P256())
	f := newUserGrantFixture(t, jwtApp(t, old))
	c := f.client(t, jwtCreds(f, key).TokenSource())
	ctx := context.Background()
	if _, err := accounts.New(c).Me(ctx); !errors.Is(err, anypoint.ErrInvalidGrant) {
		t.Fatalf("err = %v; want ErrInvalidGrant", err)
	}
	adminApp, _ := f.srv.App(anypointtest.AdminAppID)
	ac, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: adminApp.ClientID, ClientSecret: adminApp.ClientSecret, Config: f.srv.Config()}.TokenSource(), anypoint.WithConfig(f.srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.New(ac).SetPublicKeys(ctx, f.app.ClientID, publicPEM(t, old), publicPEM(t, key)); err != nil {
		t.Fatalf("SetPublicKeys: %v", err)
	}
	if _, err := accounts.New(c).Me(ctx); err != nil {
		t.Fatalf("after the key was registered: %v", err)
	}
}

func TestJWTBearerExpiredAssertionIsRefused(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	// The platform's clock is ten minutes ahead of this machine's: every
	// assertion is past its exp when it arrives.
	ahead := func() time.Time { return time.Now().Add(10 * time.Minute) }
	f := newUserGrantFixture(t, jwtApp(t, key), anypointtest.WithClock(ahead))
	_, err := jwtCreds(f, key).TokenSource().Token()
	var te *anypoint.TokenError
	if !errors.As(err, &te) || te.Code != "invalid_grant" || !strings.Contains(te.Description, "expired") {
		t.Fatalf("err = %v; want invalid_grant for an expired assertion", err)
	}
}

func TestJWTBearerReplayedAssertionIsRefused(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	f := newUserGrantFixture(t, jwtApp(t, key))
	if _, err := jwtCreds(f, key).TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
	form := tokenForms(f.srv)[0]
	resp, err := http.PostForm(f.srv.URL+anypointtest.TokenPath, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct{ Error, ErrorDescription string }
	_ = json.NewDecoder(resp.Body).Decode(&struct {
		Error            *string `json:"error"`
		ErrorDescription *string `json:"error_description"`
	}{&answer.Error, &answer.ErrorDescription})
	if resp.StatusCode != http.StatusBadRequest || answer.Error != "invalid_grant" || !strings.Contains(answer.ErrorDescription, "already been used") {
		t.Fatalf("replayed assertion: %d %+v; want 400 invalid_grant", resp.StatusCode, answer)
	}
}

func TestJWTBearerWithClientSecretAndScopes(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	spec := jwtApp(t, key)
	spec.Scopes = []scopes.Scope{scopes.ViewEnvironment, scopes.ReadOrganization}
	f := newUserGrantFixture(t, spec)
	creds := jwtCreds(f, key)
	creds.ClientSecret = f.app.ClientSecret
	creds.Scopes = []scopes.Scope{scopes.ViewEnvironment}
	creds.KeyID = "key-2026"
	ts := creds.TokenSource()
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	form := tokenForms(f.srv)[0]
	header, _ := decodeJWT(t, form.Get("assertion"))
	if form.Get("client_secret") != f.app.ClientSecret || form.Get("scope") != "view:environment" || header["kid"] != "key-2026" {
		t.Errorf("form %v, header %v; want the secret, the scope and the kid", keys(form), header)
	}
	if got := ts.GrantedScopes(); len(got) != 1 || got[0] != scopes.ViewEnvironment {
		t.Errorf("GrantedScopes = %v; want the granted view:environment", got)
	}
	creds.ClientSecret = "wrong-secret-0000"
	if _, err := creds.TokenSource().Token(); !errors.Is(err, anypoint.ErrInvalidClient) {
		t.Errorf("wrong secret: %v; want ErrInvalidClient", err)
	}
}

func TestJWTBearerChecksItsFieldsBeforeSending(t *testing.T) {
	key := testECKey(t, elliptic.P256())
	f := newUserGrantFixture(t, jwtApp(t, key))
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	for field, change := range map[string]func(*connectedapps.JWTBearer){
		"JWTBearer.ClientID":                   func(j *connectedapps.JWTBearer) { j.ClientID = "" },
		"JWTBearer.Signer":                     func(j *connectedapps.JWTBearer) { j.Signer = nil },
		"JWTBearer.Subject.IdentityProviderID": func(j *connectedapps.JWTBearer) { j.Subject.IdentityProviderID = "" },
		"JWTBearer.Subject.Username":           func(j *connectedapps.JWTBearer) { j.Subject.Username = " " },
		"JWTBearer.Subject.Email":              func(j *connectedapps.JWTBearer) { j.Subject.Email = "a|b@example.com" },
		"JWTBearer.Subject.ExternalGroups[1]":  func(j *connectedapps.JWTBearer) { j.Subject.ExternalGroups = []string{"a", "b,c"} },
		"JWTBearer.Lifetime":                   func(j *connectedapps.JWTBearer) { j.Lifetime = 2 * time.Hour },
		"JWTBearer.Signer (RSA 1024)":          func(j *connectedapps.JWTBearer) { j.Signer = small },
		"JWTBearer.Signer (Ed25519)":           func(j *connectedapps.JWTBearer) { j.Signer = edKey },
	} {
		j := jwtCreds(f, key)
		change(&j)
		_, err := j.TokenSource().Token()
		var ve *anypoint.ValidationError
		want, _, _ := strings.Cut(field, " ")
		if !errors.As(err, &ve) || ve.Field != want {
			t.Errorf("%s: err = %v; want a ValidationError for it", field, err)
		}
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests for unusable credentials", n)
	}
}

func TestSubjectClaim(t *testing.T) {
	for _, tc := range []struct {
		s    connectedapps.Subject
		want string
	}{
		{connectedapps.Subject{IdentityProviderID: "idp", Username: "max"}, "1|idp|max||||"},
		{connectedapps.Subject{Version: "2", IdentityProviderID: "idp", Username: "max", FirstName: "Max", LastName: "Mule",
			Email: "max@acme.example", ExternalGroups: []string{"admins", "devs"}}, "2|idp|max|Max|Mule|max@acme.example|admins,devs"},
	} {
		got, err := tc.s.Claim()
		if err != nil || got != tc.want {
			t.Errorf("Claim() = %q, %v; want %q", got, err, tc.want)
		}
	}
	if _, err := (connectedapps.Subject{IdentityProviderID: "idp", Username: "max\n"}).Claim(); err == nil {
		t.Error("a control character in the username was accepted")
	}
}
