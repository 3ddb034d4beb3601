package connectedapps

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// ClientCredentials is the credential of a connected app that acts on its
// own behalf: the client_credentials grant. Such an app holds the scopes an
// administrator granted it, in the organization that created it (and, for
// many scopes, in particular environments).
//
// The secret never prints: %v, %+v, %#v, slog and JSON show only the
// client ID.
type ClientCredentials struct {
	// ClientID is the app's client ID.
	ClientID string
	// ClientSecret is the app's client secret.
	ClientSecret string

	// Config is the control plane whose token endpoint to use, the HTTP
	// client that sends the token requests, their retry policy, logger and
	// user agent: hand the same Config to anypoint.NewClient
	// (anypoint.WithConfig), so that the region is set once. The zero
	// Config is the US control plane and the process-wide connection pool.
	Config anypoint.Config
	// AssumedLifetime is how long a token lives when the token endpoint does
	// not say, which for client credentials it does not. Zero means
	// DefaultAssumedLifetime; set it to your organization's session timeout
	// to fetch tokens less often.
	AssumedLifetime time.Duration
}

// TokenSource returns the app's token source. It makes no network call; the
// first token is fetched on first use, and the credential is checked then
// too: an empty client ID or secret is an *anypoint.ValidationError from
// every token request, before anything is sent.
func (cc ClientCredentials) TokenSource(opts ...Option) *TokenSource {
	o := collect(opts)
	g := &clientCredentialsGrant{id: cc.ClientID, secret: cc.ClientSecret, assumed: assumedLifetime(cc.AssumedLifetime)}
	return newTokenSource(g, newEndpoint(cc.Config), nil, o)
}

// String shows the client ID and never the secret.
func (cc ClientCredentials) String() string {
	return fmt.Sprintf("connectedapps.ClientCredentials{ClientID: %q, ClientSecret: REDACTED}", cc.ClientID)
}

// GoString is String, so %#v prints no secret.
func (cc ClientCredentials) GoString() string { return cc.String() }

// Format prints String for every verb, so no verb prints the secret.
func (cc ClientCredentials) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(cc.String())) }

// LogValue keeps the secret out of slog.
func (cc ClientCredentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", cc.ClientID), slog.String("client_secret", "REDACTED"))
}

// MarshalJSON keeps the secret out of JSON.
func (cc ClientCredentials) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"client_id":%q,"client_secret":"REDACTED"}`, cc.ClientID), nil
}

type clientCredentialsGrant struct {
	id, secret string
	assumed    time.Duration
}

func (g *clientCredentialsGrant) String() string {
	return fmt.Sprintf("client_credentials, client %q", g.id)
}

func (g *clientCredentialsGrant) requestedScopes() []scopes.Scope { return nil }

func (g *clientCredentialsGrant) canMint(*oauth2.Token) bool { return true }

func (g *clientCredentialsGrant) refreshes(*oauth2.Token) bool { return false }

func (g *clientCredentialsGrant) spent(*oauth2.Token, error) bool { return false }

// mint asks for a token with the credentials in the form body, as the
// platform documents it.
func (g *clientCredentialsGrant) mint(ctx context.Context, e *oauthEndpoint, _ *oauth2.Token, now func() time.Time) (*minted, error) {
	switch {
	case g.id == "":
		return nil, &anypoint.ValidationError{Field: "ClientCredentials.ClientID", Reason: "must not be empty"}
	case g.secret == "":
		return nil, &anypoint.ValidationError{Field: "ClientCredentials.ClientSecret", Reason: "must not be empty"}
	}
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {g.id},
		"client_secret": {g.secret},
	}
	return e.postToken(ctx, form, g.assumed, now)
}

// revokeForm is the client authentication of a revocation request: the same
// form fields as the token request (see revoke.go).
func (g *clientCredentialsGrant) revokeForm() url.Values {
	return url.Values{"client_id": {g.id}, "client_secret": {g.secret}}
}
