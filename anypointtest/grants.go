package anypointtest

// The grants of an app that acts on behalf of a user without a browser: password and JWT
// bearer. The rules come from RFC 6749 section 4.3, RFC 7523 and MuleSoft's help article on
// the JWT bearer grant for connected apps (help.salesforce.com, article 001116436), not from
// the SDK: the fake verifies assertions with its own code.

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/scopes"
)

// tokenHandler serves the token endpoint. A JWT bearer request that carries no client
// secret is authenticated by its assertion, whose signature only the app's private key can
// make (RFC 7523 makes client authentication optional for that grant): the app is the one
// client_id names, else the one the assertion's iss names. Every other request is
// authenticated by the client's credentials, as clientHandler does.
func (s *Server) tokenHandler() http.HandlerFunc {
	withCredentials := s.clientHandler(s.handleToken)
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		_, _, basic := r.BasicAuth()
		if basic || grantTypeOf(r.Header.Get("Content-Type"), body) != gtJWTBearer {
			withCredentials(w, r)
			return
		}
		peek := r.Clone(r.Context())
		peek.Body = io.NopCloser(bytes.NewReader(body))
		p, err := oauthParams(peek)
		if err != nil || p.Get("client_secret") != "" {
			r.Body = io.NopCloser(bytes.NewReader(body))
			withCredentials(w, r)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		id := p.Get("client_id")
		if id == "" {
			id = unverifiedIssuer(p.Get("assertion"))
		}
		a, ok := s.apps[id]
		switch {
		case id == "":
			oauthError(w, "invalid_client", "client authentication is required")
			return
		case !ok:
			oauthError(w, "invalid_client", "Invalid client credentials")
			return
		case !a.Enabled:
			oauthError(w, "invalid_client", "The client is disabled")
			return
		}
		s.handleToken(w, r, a, p)
	}
}

// userGrantScopes reads the scope parameter of a password or JWT bearer request: each
// scope must be one the app holds (else invalid_scope), and none means all of them. It
// answers the error and reports false when the request asks for too much.
func userGrantScopes(w http.ResponseWriter, a *app, p url.Values) ([]scopes.Scope, bool) {
	var sc []scopes.Scope
	for _, x := range strings.Fields(p.Get("scope")) {
		if !a.holds(scopes.Scope(x)) {
			oauthError(w, "invalid_scope", "the client does not hold the scope "+x)
			return nil, false
		}
		if !slices.Contains(sc, scopes.Scope(x)) {
			sc = append(sc, scopes.Scope(x))
		}
	}
	if sc == nil {
		sc = a.scopeNames()
	}
	return sc, true
}

// issueForUser starts a new grant of u to a and answers with its tokens (a refresh token
// too when the scopes hold offline_access and the app the refresh_token grant).
func (s *Server) issueForUser(w http.ResponseWriter, a *app, u *user, sc []scopes.Scope) {
	f := &family{id: randomUUID(), clientID: a.ClientID, userID: u.ID, scopes: sc, created: s.now()}
	s.families[f.id] = f
	s.answerUserTokens(w, a, f, sc)
}

// grantPassword is the resource owner password credentials grant (RFC 6749 section 4.3),
// as MuleSoft's Terraform provider uses it: client_id and client_secret (checked by
// clientAuth), username and password.
func (s *Server) grantPassword(w http.ResponseWriter, a *app, p url.Values) {
	username, ok := requiredParam(w, p, "username")
	if !ok {
		return
	}
	password, ok := requiredParam(w, p, "password")
	if !ok {
		return
	}
	var u *user
	for _, x := range s.users {
		if x.Username == username {
			u = x
		}
	}
	// The same answer for an unknown user and a wrong password, compared in constant time.
	want := "\x00no such user"
	if u != nil {
		want = u.password
	}
	if subtle.ConstantTimeCompare([]byte(password), []byte(want)) != 1 || u == nil || u.password == "" {
		oauthError(w, "invalid_grant", "Invalid username or password")
		return
	}
	sc, ok := userGrantScopes(w, a, p)
	if !ok {
		return
	}
	s.issueForUser(w, a, u, sc)
}

// grantJWTBearer is the JWT bearer grant (RFC 7523 section 2.1): the assertion must be signed
// by one of the app's public keys, name the app as iss, this token endpoint as aud, a known
// user of IdentityProviderID as sub, not be expired, and not have been used before. Any
// failure is invalid_grant (RFC 7523 section 3.1).
func (s *Server) grantJWTBearer(w http.ResponseWriter, r *http.Request, a *app, p url.Values) {
	raw, ok := requiredParam(w, p, "assertion")
	if !ok {
		return
	}
	u, desc := s.checkAssertion(r, a, raw)
	if desc != "" {
		oauthError(w, "invalid_grant", desc)
		return
	}
	sc, ok := userGrantScopes(w, a, p)
	if !ok {
		return
	}
	s.issueForUser(w, a, u, sc)
}

// maxAssertion bounds an assertion; real ones are under 2 KiB.
const maxAssertion = 16 << 10

// jwtClaims are the claims the fake reads.
type jwtClaims struct {
	Issuer    string          `json:"iss"`
	Subject   string          `json:"sub"`
	Audience  json.RawMessage `json:"aud"`
	Expiry    *json.Number    `json:"exp"`
	NotBefore *json.Number    `json:"nbf"`
	ID        string          `json:"jti"`
}

// checkAssertion verifies a JWT bearer assertion for app a and, when it is good, marks it
// used and returns its user. Otherwise it returns the error_description of the refusal,
// which never quotes the assertion.
func (s *Server) checkAssertion(r *http.Request, a *app, raw string) (*user, string) {
	claims, sig, desc := verifyJWT(raw, a.PublicKeys)
	if desc != "" {
		return nil, desc
	}
	if claims.Issuer != a.ClientID {
		return nil, "the assertion's iss is not the client's ID"
	}
	if !s.audienceOK(r, claims.Audience) {
		return nil, "the assertion's aud is not this token endpoint"
	}
	now := s.now()
	if claims.Expiry == nil {
		return nil, "the assertion has no exp"
	}
	exp, err := claims.Expiry.Float64()
	if err != nil {
		return nil, "the assertion's exp is not a number"
	}
	expires := time.Unix(int64(exp), 0)
	if !now.Before(expires) {
		return nil, "the assertion has expired"
	}
	if claims.NotBefore != nil {
		nbf, err := claims.NotBefore.Float64()
		if err != nil || now.Before(time.Unix(int64(nbf), 0)) {
			return nil, "the assertion is not valid yet"
		}
	}
	u, desc := s.subjectUser(claims.Subject)
	if desc != "" {
		return nil, desc
	}
	key := "sig:" + sig
	if claims.ID != "" {
		key = "jti:" + a.ClientID + ":" + claims.ID
	}
	for k, until := range s.assertions {
		if !now.Before(until) {
			delete(s.assertions, k)
		}
	}
	if _, used := s.assertions[key]; used {
		return nil, "the assertion has already been used"
	}
	s.assertions[key] = expires
	return u, ""
}

// audienceOK accepts an aud (a string or an array of them) that names this token endpoint,
// by the server's URL or by the host the request came to.
func (s *Server) audienceOK(r *http.Request, raw json.RawMessage) bool {
	var auds []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		auds = []string{one}
	} else if json.Unmarshal(raw, &auds) != nil {
		return false
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	accepted := []string{s.URL + TokenPath, scheme + "://" + r.Host + TokenPath}
	for _, x := range auds {
		if slices.Contains(accepted, x) {
			return true
		}
	}
	return false
}

// subjectUser finds the user of a sub claim,
// {version}|{identityProviderId}|{username}|{firstname}|{lastname}|{email}|{externalgroups},
// of which the identity provider and the username are required.
func (s *Server) subjectUser(sub string) (*user, string) {
	parts := strings.Split(sub, "|")
	if len(parts) < 3 || parts[1] == "" || parts[2] == "" {
		return nil, "the assertion's sub must be {version}|{identityProviderId}|{username}|…, with at least the identity provider ID and the username"
	}
	if parts[1] != IdentityProviderID {
		return nil, "the assertion's sub names an unknown identity provider"
	}
	for _, u := range s.users {
		if u.Username == parts[2] {
			return u, ""
		}
	}
	return nil, "the assertion's sub names no user of the identity provider"
}

// unverifiedIssuer reads the iss of an assertion without checking it, to find the app whose
// keys will check it.
func unverifiedIssuer(raw string) string {
	parts := strings.Split(raw, ".")
	if len(raw) > maxAssertion || len(parts) != 3 {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var c struct {
		Issuer string `json:"iss"`
	}
	_ = json.Unmarshal(b, &c)
	return c.Issuer
}

// verifyJWT checks the signature of a JWS compact serialization against the PEM keys and
// returns its claims and its signature part; or the reason it is refused. Only the
// asymmetric algorithms of RFC 7518 are accepted: never "none", never an HMAC.
func verifyJWT(raw string, keys []string) (*jwtClaims, string, string) {
	if len(raw) > maxAssertion {
		return nil, "", "the assertion is too large"
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, "", "the assertion is not a signed JWT (three base64url parts)"
	}
	hb, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	cb, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, "", "the assertion is not base64url"
	}
	var header struct {
		Alg  string `json:"alg"`
		Crit any    `json:"crit"`
	}
	if json.Unmarshal(hb, &header) != nil {
		return nil, "", "the assertion's header is not a JSON object"
	}
	if header.Crit != nil {
		return nil, "", "the assertion's header has critical extensions the server does not know"
	}
	hash, curve, ok := jwsAlgorithm(header.Alg)
	if !ok {
		return nil, "", "the assertion's alg is not RS256, RS384, RS512, ES256, ES384 or ES512"
	}
	h := hash.New()
	h.Write([]byte(parts[0] + "." + parts[1]))
	digest := h.Sum(nil)
	verified := false
	for _, k := range keys {
		pub := parsePublicKeyPEM(k)
		switch pub := pub.(type) {
		case *rsa.PublicKey:
			verified = curve == nil && rsa.VerifyPKCS1v15(pub, hash, digest, sig) == nil
		case *ecdsa.PublicKey:
			if curve != nil && pub.Curve == curve {
				size := (curve.Params().BitSize + 7) / 8
				if len(sig) == 2*size {
					r := new(big.Int).SetBytes(sig[:size])
					s := new(big.Int).SetBytes(sig[size:])
					verified = ecdsa.Verify(pub, digest, r, s)
				}
			}
		}
		if verified {
			break
		}
	}
	if !verified {
		return nil, "", "the assertion's signature matches none of the client's public keys"
	}
	var c jwtClaims
	dec := json.NewDecoder(bytes.NewReader(cb))
	dec.UseNumber()
	if dec.Decode(&c) != nil {
		return nil, "", "the assertion's claims are not a JSON object"
	}
	return &c, parts[2], ""
}

// jwsAlgorithm maps a JWS alg to its hash, and for ECDSA its curve.
func jwsAlgorithm(alg string) (crypto.Hash, elliptic.Curve, bool) {
	switch alg {
	case "RS256":
		return crypto.SHA256, nil, true
	case "RS384":
		return crypto.SHA384, nil, true
	case "RS512":
		return crypto.SHA512, nil, true
	case "ES256":
		return crypto.SHA256, elliptic.P256(), true
	case "ES384":
		return crypto.SHA384, elliptic.P384(), true
	case "ES512":
		return crypto.SHA512, elliptic.P521(), true
	}
	return 0, nil, false
}

// parsePublicKeyPEM reads a registered public key, or returns nil for one that is not a
// PEM public key or certificate (the fake ignores it, as a key that verifies nothing).
func parsePublicKeyPEM(text string) crypto.PublicKey {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil
	}
	switch block.Type {
	case "PUBLIC KEY":
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err == nil {
			return k
		}
	case "RSA PUBLIC KEY":
		k, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err == nil {
			return k
		}
	case "CERTIFICATE":
		c, err := x509.ParseCertificate(block.Bytes)
		if err == nil {
			return c.PublicKey
		}
	}
	return nil
}
