package connectedapps

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// Password is the credential of a connected app that acts on behalf of a
// user who hands the program their username and password: the password
// grant (RFC 6749 section 4.3). The app needs the password grant type
// (GrantPassword) and holds, for that user, the scopes it asks for (every
// scope the app has when Scopes is empty), bounded by the user's own
// permissions.
//
// It is how MuleSoft's Terraform provider signs an organization
// administrator in for Access Management: a connected app's own client
// credentials cannot administer connected apps (see package
// connectedapps/admin), a user's token can. Prefer AuthorizationCode when a
// person is at the keyboard, and JWTBearer for a server acting as users of a
// federated identity provider: both keep the password out of the program.
//
// The token request sends client_id, client_secret, username and password
// in the form body, as MuleSoft's Terraform provider does (it sends the
// same fields as JSON, which the platform also accepts).
//
// # Renewal
//
// The source re-mints with the password: when a token nears its end, or the
// platform rejects it, the next token comes from the same password grant,
// so no refresh token is needed (nor offline_access asked for). It never
// sends a refresh token; one the platform returns anyway (for
// offline_access) is kept only so that Revoke can end it.
//
// A password the platform refuses is not sent again: a wrong password tried
// on every call could lock the user's account. Any refusal counts, not only
// anypoint.ErrInvalidGrant (wrong, changed, or the user is locked or
// federated): a plain 401, an invalid_client, a 400 "Bad credentials" end
// the source alike; only a 408, 429 or 5xx answer, or a lost connection,
// is tried again. Callers waiting for the same token request share its one
// refusal, and the source keeps answering that *anypoint.TokenError from
// then on, with no request; make a new source with the right password.
//
// # Secrets
//
// The username, the password and the client secret never appear in %v,
// %+v, %#v, slog (text or JSON), JSON, log lines or error texts: a server
// that quotes them in a refusal has them replaced by REDACTED. The token
// source holds the password in memory for as long as it lives, to mint; its
// Store receives tokens only, never the password or the username.
type Password struct {
	// ClientID is the app's client ID.
	ClientID string
	// ClientSecret is the app's client secret. The platform's documented
	// callers send it; leave it empty only for an app without one.
	ClientSecret string
	// Username is the user's Anypoint username.
	Username string
	// Password is the user's password.
	Password string
	// Scopes are the scopes to ask for; empty means every scope the app
	// holds.
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

// TokenSource returns the user's token source. It makes no network call;
// the first token is requested on first use, and the credential is checked
// then too: an empty client ID, username or password is an
// *anypoint.ValidationError from every token request, before anything is
// sent.
//
// With WithStore, every new token is saved and a new source starts from the
// stored token while it is good, so that a program that restarts often does
// not sign the user in on every start. The store never receives the
// password.
func (p Password) TokenSource(opts ...Option) *TokenSource {
	o := collect(opts)
	g := &passwordGrant{
		id: p.ClientID, secret: p.ClientSecret, username: p.Username, password: p.Password,
		scopes: append([]scopes.Scope(nil), p.Scopes...), assumed: assumedLifetime(p.AssumedLifetime),
	}
	return newTokenSource(g, newEndpoint(p.Config), nil, o)
}

// String shows the client ID and the scopes, never the secret, the username
// or the password.
func (p Password) String() string {
	return fmt.Sprintf("connectedapps.Password{ClientID: %q, ClientSecret: REDACTED, Username: REDACTED, Password: REDACTED, Scopes: %q}",
		p.ClientID, scopes.Join(p.Scopes...))
}

// GoString is String, so %#v prints no secret.
func (p Password) GoString() string { return p.String() }

// Format prints String for every verb, so no verb prints a secret.
func (p Password) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(p.String())) }

// LogValue keeps the secrets out of slog.
func (p Password) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", p.ClientID), slog.String("client_secret", "REDACTED"),
		slog.String("username", "REDACTED"), slog.String("password", "REDACTED"), slog.String("scopes", scopes.Join(p.Scopes...)))
}

// MarshalJSON keeps the secrets out of JSON.
func (p Password) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"client_id":%q,"client_secret":"REDACTED","username":"REDACTED","password":"REDACTED"}`, p.ClientID), nil
}

// passwordGrant mints with the user's password every time.
type passwordGrant struct {
	id, secret         string
	username, password string
	scopes             []scopes.Scope
	assumed            time.Duration
}

func (g *passwordGrant) String() string {
	return fmt.Sprintf("password, client %q", g.id)
}

func (g *passwordGrant) requestedScopes() []scopes.Scope {
	if len(g.scopes) == 0 {
		return nil
	}
	return g.scopes
}

func (g *passwordGrant) canMint(*oauth2.Token) bool { return true }

func (g *passwordGrant) refreshes(*oauth2.Token) bool { return false }

// spent is true for any refusal of the credentials, whatever its status
// or code (invalid_grant, a plain 401 "Unauthorized", {"error":
// "unauthorized"}, a 400 invalid_request "Bad credentials"): a refused
// password is never sent again, lest the user's account be locked. Only
// what may pass by itself is tried again: a 408, 429 or 5xx, a lost
// connection, a context that ended.
func (g *passwordGrant) spent(_ *oauth2.Token, err error) bool {
	var te *anypoint.TokenError
	if !errors.As(err, &te) {
		return false
	}
	switch {
	case te.StatusCode == http.StatusRequestTimeout, te.StatusCode == http.StatusTooManyRequests, te.StatusCode >= 500:
		return false
	}
	return true
}

// mint asks for a token with the user's name and password.
//
// POST /accounts/api/v2/oauth2/token (grant_type=password) — client
// authentication in the form; MuleSoft's Terraform provider sends these
// fields.
func (g *passwordGrant) mint(ctx context.Context, e *oauthEndpoint, _ *oauth2.Token, now func() time.Time) (*minted, error) {
	switch {
	case g.id == "":
		return nil, &anypoint.ValidationError{Field: "Password.ClientID", Reason: "must not be empty"}
	case g.username == "":
		return nil, &anypoint.ValidationError{Field: "Password.Username", Reason: "must not be empty"}
	case g.password == "":
		return nil, &anypoint.ValidationError{Field: "Password.Password", Reason: "must not be empty"}
	}
	form := url.Values{
		"grant_type": {"password"},
		"client_id":  {g.id},
		"username":   {g.username},
		"password":   {g.password},
	}
	if g.secret != "" {
		form.Set("client_secret", g.secret)
	}
	if len(g.scopes) > 0 {
		form.Set("scope", scopes.Join(g.scopes...))
	}
	return e.postToken(ctx, form, g.assumed, now)
}

// revokeForm is the client authentication of a revocation request.
func (g *passwordGrant) revokeForm() url.Values {
	v := url.Values{"client_id": {g.id}}
	if g.secret != "" {
		v.Set("client_secret", g.secret)
	}
	return v
}
