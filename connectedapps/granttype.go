package connectedapps

// GrantType is an OAuth 2.0 grant type a connected app may use.
type GrantType string

// The grant types the Connected Apps API accepts.
const (
	// GrantClientCredentials makes an app that acts on its own behalf, with
	// the scopes granted to it by SetScopes and AddScopes. It cannot be
	// combined with the grants of an app acting on behalf of a user.
	GrantClientCredentials GrantType = "client_credentials"
	// GrantAuthorizationCode lets a user authorize the app in a browser; the
	// app needs at least one redirect URI.
	GrantAuthorizationCode GrantType = "authorization_code"
	// GrantRefreshToken lets the app renew a user's tokens (with the
	// offline_access scope).
	GrantRefreshToken GrantType = "refresh_token"
	// GrantPassword exchanges a user's name and password for a token
	// (Password).
	GrantPassword GrantType = "password"
	// GrantJWTBearer exchanges a JWT signed with the private half of one of
	// the app's public keys (admin.App.PublicKeys) for a user's token
	// (JWTBearer, RFC 7523).
	GrantJWTBearer GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	// GrantImplicit is the legacy browser flow; the app needs at least one
	// redirect URI.
	GrantImplicit GrantType = "implicit"
)

// Known reports whether g is one of the grant types the platform accepts.
func (g GrantType) Known() bool {
	switch g {
	case GrantClientCredentials, GrantAuthorizationCode, GrantRefreshToken, GrantPassword, GrantJWTBearer, GrantImplicit:
		return true
	}
	return false
}
