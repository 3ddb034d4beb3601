package connectedapps

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/url"
	"strings"
	"time"
	"unicode"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/text"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// DefaultAssertionLifetime is how long each assertion JWTBearer signs stays
// valid (its exp claim, counted from its iat). An assertion is used once,
// at once: a short life limits what a stolen one is worth. Two minutes
// leave room for a control plane's clock running behind this machine's.
const DefaultAssertionLifetime = 2 * time.Minute

// maxAssertionLifetime bounds JWTBearer.Lifetime: RFC 7523 leaves the limit
// to the server, and an hour is what other JWT bearer servers allow.
const maxAssertionLifetime = time.Hour

// JWTBearer is the credential of a connected app that acts on behalf of
// users of a federated identity provider without their password and without
// a browser: the JWT bearer grant (RFC 7523). The app registers a public key
// (admin.CreateAppRequest's PublicKeys, PEM, see PublicKeyPEM) and holds the
// JWT bearer grant type (GrantJWTBearer); the program keeps the private key,
// signs a short-lived assertion naming the user, and exchanges it at the
// token endpoint for that user's access token.
//
// The SDK builds and signs the assertion: hand it a crypto.Signer (an RSA
// key of at least 2048 bits, signing RS256, or an ECDSA key on P-256, P-384
// or P-521, signing ES256, ES384 or ES512) from ParsePrivateKeyPEM, or from
// a hardware module or cloud key manager, whose key then never enters the
// program. A new assertion, with its own jti, is signed for every token
// request (and for every attempt of one), so none is ever sent twice.
//
// # The assertion
//
// The claims, from RFC 7523 section 3 and MuleSoft's help article "How to
// Create and Generate Access Token for Connected Apps - JWT Bearer Grant
// Type" (help.salesforce.com, article 001116436):
//
//   - iss: the connected app's client ID (Issuer overrides it);
//   - sub: the user, as Subject builds it:
//     {version}|{identityProviderId}|{username}|{firstname}|{lastname}|{email}|{externalgroups},
//     with at least the identity provider's ID and the username (the
//     article: the pair marks the user; non-federated users are not
//     supported);
//   - aud: the token endpoint's URL, which RFC 7523 section 3 names as the
//     audience a server may require (Audience overrides it; MuleSoft does
//     not document the value it checks: not confirmed);
//   - exp: now plus Lifetime; iat: now; jti: 128 random bits, so that the
//     server can refuse a replayed assertion.
//
// The header carries alg, typ JWT and, when KeyID is set, kid.
//
// # The token request
//
// POST /accounts/api/v2/oauth2/token with grant_type
// urn:ietf:params:oauth:grant-type:jwt-bearer, assertion, and client_id
// (client_secret too when ClientSecret is set: RFC 7523 makes client
// authentication optional for this grant, and MuleSoft does not say
// whether its token endpoint wants it; not confirmed).
//
// The source re-mints: when a token nears its end or the platform rejects
// it, the next one comes from a fresh assertion, so no refresh token is
// needed. A refused assertion is an *anypoint.TokenError matching
// anypoint.ErrInvalidGrant (an unregistered key, an unknown user, an
// assertion past its exp); the source asks again at the next call with a
// new assertion, as a key registered or a clock corrected meanwhile makes
// it succeed.
//
// Revoke (RFC 7009) authenticates with client_id and ClientSecret, as the
// revocation endpoint requires; without a secret, end the app's tokens with
// the Connected Apps API instead (admin.Service.RevokeTokens).
//
// # Secrets
//
// The signer, the client secret and every assertion never appear in %v,
// %+v, %#v, slog (text or JSON), JSON, log lines or error texts, nor does
// the subject (it names the user). The Store receives tokens only.
type JWTBearer struct {
	// ClientID is the app's client ID. It is sent as client_id and is the
	// assertion's iss unless Issuer is set.
	ClientID string
	// ClientSecret, when set, is sent as client_secret with each token
	// request.
	ClientSecret string
	// Signer signs the assertions with the private key whose public half is
	// registered on the app. Required.
	Signer crypto.Signer
	// KeyID, when set, is the assertion header's kid: it tells the server
	// which of the app's public keys to check, during a key rotation.
	KeyID string
	// Subject is the user the app acts for. Required: at least
	// IdentityProviderID and Username.
	Subject Subject
	// Issuer is the assertion's iss; empty means ClientID.
	Issuer string
	// Audience is the assertion's aud; empty means the URL of the token
	// endpoint the request is sent to, such as
	// "https://anypoint.mulesoft.com/accounts/api/v2/oauth2/token".
	Audience string
	// Lifetime is how long each assertion is valid; zero means
	// DefaultAssertionLifetime, and more than an hour is refused.
	Lifetime time.Duration
	// Scopes are the scopes to ask for (the scope parameter); empty means
	// every scope the app holds.
	Scopes []scopes.Scope

	// Config is the control plane whose token endpoint to use, the HTTP
	// client that sends the token requests, their retry policy, logger and
	// user agent: hand the same Config to anypoint.NewClient
	// (anypoint.WithConfig), so that the region is set once. The zero
	// Config is the US control plane and the process-wide connection pool.
	Config anypoint.Config
	// AssumedLifetime is how long a token lives when the token endpoint does
	// not say. Zero means DefaultAssumedLifetime.
	AssumedLifetime time.Duration
}

// Subject is the user a JWT bearer assertion names: its sub claim.
// MuleSoft documents the claim as
//
//	{version}|{identityProviderId}|{username}|{firstname}|{lastname}|{email}|{externalgroups}
//
// with at least the identity provider's ID and the username; the (identity
// provider, username) pair marks the user. Claim joins the fields in that
// order, with empty ones left empty.
type Subject struct {
	// Version is the format's version; empty means "1". MuleSoft does not
	// document the values: not confirmed.
	Version string
	// IdentityProviderID is the ID of the organization's identity provider
	// the user signs in with (Access Management → Identity Providers).
	// Required.
	IdentityProviderID string
	// Username is the user's username in Anypoint. Required.
	Username string
	// FirstName, LastName and Email are the user's, as the identity
	// provider knows them; optional.
	FirstName, LastName, Email string
	// ExternalGroups are the user's groups in the identity provider, joined
	// with commas (the separator is not documented: not confirmed).
	ExternalGroups []string
}

// subjectVersion is the version a Subject without one claims.
const subjectVersion = "1"

// Claim returns the sub claim of the assertion. The error is an
// *anypoint.ValidationError when a required field is empty or a field
// holds the separator "|" (a comma, in a group), which would shift the
// fields after it.
func (s Subject) Claim() (string, error) {
	version := s.Version
	if version == "" {
		version = subjectVersion
	}
	fields := []struct{ name, value string }{
		{"Version", version},
		{"IdentityProviderID", s.IdentityProviderID},
		{"Username", s.Username},
		{"FirstName", s.FirstName},
		{"LastName", s.LastName},
		{"Email", s.Email},
	}
	for i, f := range fields {
		if i <= 2 && strings.TrimSpace(f.value) == "" {
			return "", &anypoint.ValidationError{Field: "Subject." + f.name, Reason: "must not be empty"}
		}
		if err := checkSubjectPart("Subject."+f.name, f.value, false); err != nil {
			return "", err
		}
	}
	for i, g := range s.ExternalGroups {
		field := fmt.Sprintf("Subject.ExternalGroups[%d]", i)
		if strings.TrimSpace(g) == "" {
			return "", &anypoint.ValidationError{Field: field, Reason: "must not be empty"}
		}
		if err := checkSubjectPart(field, g, true); err != nil {
			return "", err
		}
	}
	parts := make([]string, 0, 7)
	for _, f := range fields {
		parts = append(parts, f.value)
	}
	parts = append(parts, strings.Join(s.ExternalGroups, ","))
	return strings.Join(parts, "|"), nil
}

// checkSubjectPart refuses the separators and control characters; the
// reason never quotes the value (it names a user).
func checkSubjectPart(field, value string, group bool) error {
	if strings.Contains(value, "|") {
		return &anypoint.ValidationError{Field: field, Reason: `must not contain "|", the separator of the sub claim`}
	}
	if group && strings.Contains(value, ",") {
		return &anypoint.ValidationError{Field: field, Reason: `must not contain ",", the separator of the groups`}
	}
	if strings.ContainsFunc(value, unicode.IsControl) {
		return &anypoint.ValidationError{Field: field, Reason: "must not contain control characters"}
	}
	return nil
}

// TokenSource returns the source of the user's tokens. It makes no network
// call; the first assertion is signed and exchanged on first use, and the
// credential is checked then too: a missing client ID, signer or subject,
// or an unsupported key, is an error from every token request, before
// anything is sent (an *anypoint.ValidationError for the fields).
//
// With WithStore, every new token is saved and a new source starts from
// the stored token while it is good. The store never receives the key or an
// assertion.
func (j JWTBearer) TokenSource(opts ...Option) *TokenSource {
	o := collect(opts)
	g := &jwtBearerGrant{
		id: j.ClientID, secret: j.ClientSecret, signer: j.Signer, kid: j.KeyID, subject: j.Subject,
		issuer: j.Issuer, audience: j.Audience, lifetime: j.Lifetime, assumed: assumedLifetime(j.AssumedLifetime),
		scopes: append([]scopes.Scope(nil), j.Scopes...),
	}
	g.subject.ExternalGroups = append([]string(nil), j.Subject.ExternalGroups...)
	if g.lifetime == 0 {
		g.lifetime = DefaultAssertionLifetime
	}
	return newTokenSource(g, newEndpoint(j.Config), nil, o)
}

// String shows the client ID, the key ID and the scopes; never the secret,
// the key or the subject.
func (j JWTBearer) String() string {
	return fmt.Sprintf("connectedapps.JWTBearer{ClientID: %q, ClientSecret: REDACTED, Signer: REDACTED, KeyID: %q, Subject: REDACTED, Scopes: %q}",
		j.ClientID, j.KeyID, scopes.Join(j.Scopes...))
}

// GoString is String, so %#v prints no secret.
func (j JWTBearer) GoString() string { return j.String() }

// Format prints String for every verb, so no verb prints a secret.
func (j JWTBearer) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(j.String())) }

// LogValue keeps the secrets out of slog.
func (j JWTBearer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", j.ClientID), slog.String("client_secret", "REDACTED"),
		slog.String("signer", "REDACTED"), slog.String("key_id", j.KeyID), slog.String("subject", "REDACTED"),
		slog.String("scopes", scopes.Join(j.Scopes...)))
}

// MarshalJSON keeps the secrets out of JSON.
func (j JWTBearer) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"client_id": j.ClientID, "client_secret": "REDACTED", "signer": "REDACTED",
		"key_id": j.KeyID, "subject": "REDACTED"})
}

// jwtBearerGrant signs a new assertion for every token request.
type jwtBearerGrant struct {
	id, secret, kid  string
	signer           crypto.Signer
	subject          Subject
	issuer, audience string
	lifetime         time.Duration
	assumed          time.Duration
	scopes           []scopes.Scope
}

func (g *jwtBearerGrant) String() string {
	return fmt.Sprintf("jwt-bearer, client %q", g.id)
}

func (g *jwtBearerGrant) requestedScopes() []scopes.Scope {
	if len(g.scopes) == 0 {
		return nil
	}
	return g.scopes
}

func (g *jwtBearerGrant) canMint(*oauth2.Token) bool { return true }

func (g *jwtBearerGrant) refreshes(*oauth2.Token) bool { return false }

// spent is false: the next assertion is a new one, and what made the last
// one fail (a key not yet registered, a clock off) may be fixed meanwhile.
func (g *jwtBearerGrant) spent(*oauth2.Token, error) bool { return false }

// mint exchanges a fresh assertion for a token.
//
// POST /accounts/api/v2/oauth2/token
// (grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer) — RFC 7523
// section 2.1.
func (g *jwtBearerGrant) mint(ctx context.Context, e *oauthEndpoint, _ *oauth2.Token, now func() time.Time) (*minted, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	audience := g.audience
	if audience == "" {
		u, err := e.url(tokenPath)
		if err != nil {
			return nil, err
		}
		audience = u.String()
	}
	build := func() (url.Values, error) {
		assertion, err := g.assertion(audience, now())
		if err != nil {
			return nil, err
		}
		form := url.Values{
			"grant_type": {string(GrantJWTBearer)},
			"assertion":  {assertion},
			"client_id":  {g.id},
		}
		if g.secret != "" {
			form.Set("client_secret", g.secret)
		}
		if len(g.scopes) > 0 {
			form.Set("scope", scopes.Join(g.scopes...))
		}
		return form, nil
	}
	// The subject names the user: a server that echoes it (or the claims it
	// decoded from the assertion) has the username and e-mail replaced in
	// its error, as the assertion itself is.
	var private []string
	for _, v := range []string{g.subject.Username, g.subject.Email} {
		if len(v) >= 4 { // shorter ones cannot be told from words
			private = append(private, v)
		}
	}
	return e.postTokenEach(text.WithSecrets(ctx, private...), build, g.assumed, now)
}

// check refuses a credential that cannot make an assertion, before any
// request.
func (g *jwtBearerGrant) check() error {
	if g.id == "" {
		return &anypoint.ValidationError{Field: "JWTBearer.ClientID", Reason: "must not be empty"}
	}
	if g.signer == nil {
		return &anypoint.ValidationError{Field: "JWTBearer.Signer", Reason: "must not be nil (see ParsePrivateKeyPEM)"}
	}
	if _, err := signingAlgorithm(g.signer.Public()); err != nil {
		return &anypoint.ValidationError{Field: "JWTBearer.Signer", Reason: strings.TrimPrefix(err.Error(), "anypoint: "), Err: err}
	}
	if _, err := g.subject.Claim(); err != nil {
		var ve *anypoint.ValidationError
		if errors.As(err, &ve) {
			ve.Field = "JWTBearer." + ve.Field
		}
		return err
	}
	if g.lifetime < 0 || g.lifetime > maxAssertionLifetime {
		return &anypoint.ValidationError{Field: "JWTBearer.Lifetime", Reason: "must be between zero (the default) and an hour"}
	}
	if strings.ContainsFunc(g.kid, unicode.IsControl) {
		return &anypoint.ValidationError{Field: "JWTBearer.KeyID", Reason: "must not contain control characters"}
	}
	return nil
}

// assertionClaims are the claims of an assertion (RFC 7523 section 3).
type assertionClaims struct {
	Issuer   string `json:"iss"`
	Subject  string `json:"sub"`
	Audience string `json:"aud"`
	Expiry   int64  `json:"exp"`
	IssuedAt int64  `json:"iat"`
	ID       string `json:"jti"`
}

// assertion signs a new assertion, valid from now for the grant's lifetime.
func (g *jwtBearerGrant) assertion(audience string, now time.Time) (string, error) {
	sub, err := g.subject.Claim()
	if err != nil {
		return "", err
	}
	issuer := g.issuer
	if issuer == "" {
		issuer = g.id
	}
	claims := assertionClaims{
		Issuer: issuer, Subject: sub, Audience: audience,
		Expiry: now.Add(g.lifetime).Unix(), IssuedAt: now.Unix(), ID: randomString(16),
	}
	return signJWT(g.signer, g.kid, claims)
}

var b64 = base64.RawURLEncoding

// signJWT makes a JWS compact serialization of claims (RFC 7515 section
// 7.1), signed by signer with the algorithm its key calls for.
func signJWT(signer crypto.Signer, kid string, claims any) (string, error) {
	alg, err := signingAlgorithm(signer.Public())
	if err != nil {
		return "", err
	}
	header := struct {
		Alg string `json:"alg"`
		Typ string `json:"typ"`
		Kid string `json:"kid,omitempty"`
	}{alg.name, "JWT", kid}
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	d := alg.hash.New()
	d.Write([]byte(input))
	sig, err := signer.Sign(rand.Reader, d.Sum(nil), alg.hash)
	if err != nil {
		return "", fmt.Errorf("anypoint: signing the assertion (%s): %w", alg.name, err)
	}
	// A signer that answers badly (an HSM or a KMS) is refused here: never
	// an assertion without a signature, or with one no key could have made.
	if len(sig) == 0 {
		return "", fmt.Errorf("anypoint: the signer made an empty %s signature", alg.name)
	}
	if alg.ecSize > 0 {
		if sig, err = ecdsaJOSE(sig, alg.ecSize); err != nil {
			return "", err
		}
	} else if k, ok := signer.Public().(*rsa.PublicKey); ok && len(sig) != (k.N.BitLen()+7)/8 {
		return "", fmt.Errorf("anypoint: the signer made a %d-byte %s signature; a %d-bit key makes %d bytes", len(sig), alg.name, k.N.BitLen(), (k.N.BitLen()+7)/8)
	}
	return input + "." + b64.EncodeToString(sig), nil
}

// ecdsaJOSE turns the ASN.1 signature a crypto.Signer makes into the form
// JWS wants (RFC 7518 section 3.4): r and s, each size bytes, big-endian.
func ecdsaJOSE(der []byte, size int) ([]byte, error) {
	var rs struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &rs)
	if err != nil || len(rest) > 0 || rs.R == nil || rs.S == nil || rs.R.Sign() <= 0 || rs.S.Sign() <= 0 ||
		rs.R.BitLen() > size*8 || rs.S.BitLen() > size*8 {
		return nil, errors.New("anypoint: the signer made no valid ECDSA signature")
	}
	out := make([]byte, 2*size)
	rs.R.FillBytes(out[:size])
	rs.S.FillBytes(out[size:])
	return out, nil
}

// revokeForm is the client authentication of a revocation request: the
// client ID, and the secret when there is one.
func (g *jwtBearerGrant) revokeForm() url.Values {
	v := url.Values{"client_id": {g.id}}
	if g.secret != "" {
		v.Set("client_secret", g.secret)
	}
	return v
}
