// Package auth is the seam between anypoint.Client and the SDK's token
// sources (package connectedapps): the abilities a client looks for on a
// token source, and how both read a token endpoint's refusal. None of it is
// for users: a Client takes any oauth2.TokenSource. Settings do not pass
// through here: a client never changes the token source it is handed.
//
// The interfaces name only public types, so a token source of the caller's
// own that has these methods gets the same treatment as the SDK's.
package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// ContextSource is a token source whose token requests follow a context,
// so that a caller's deadline or cancellation ends a token request too.
type ContextSource interface {
	TokenContext(ctx context.Context) (*oauth2.Token, error)
}

// Invalidator is a token source that can be told that the platform rejected
// a token, so that its next call mints a fresh one. Invalidate must forget
// tok only if it is still the current token.
type Invalidator interface {
	Invalidate(tok *oauth2.Token)
}

// MintTimer is a token source that knows when it obtained a token: the
// client tells a scope denial (the token was minted during the call) from a
// stale token with it.
type MintTimer interface {
	MintedAt(tok *oauth2.Token) time.Time
}

// ScopeReporter is a token source that knows which scopes its tokens hold;
// ScopeError.Granted comes from it.
type ScopeReporter interface {
	GrantedScopes() []scopes.Scope
}

// ControlPlane is a token source that knows the control plane it mints its
// tokens at: a client of another control plane refuses it, since every call
// would be refused.
type ControlPlane interface {
	BaseURL() *url.URL
}

// TokenErrorFields are the RFC 6749 section 5.2 fields of a token endpoint's
// error answer.
type TokenErrorFields struct {
	Code, Description, URI string
}

// ParseTokenError reads the RFC 6749 fields from a token endpoint's error
// body, whatever else it holds; ok is false when the body is not a JSON
// object. The root package and connectedapps read token errors with it.
func ParseTokenError(body []byte) (f TokenErrorFields, ok bool) {
	var raw struct {
		Error            json.RawMessage `json:"error"`
		ErrorDescription string          `json:"error_description"`
		ErrorURI         string          `json:"error_uri"`
	}
	if json.Unmarshal(body, &raw) != nil {
		return f, false
	}
	var code string
	if json.Unmarshal(raw.Error, &code) == nil {
		f.Code = code
	}
	f.Description, f.URI = raw.ErrorDescription, raw.ErrorURI
	return f, true
}

// TokenErrorFrom reads a token endpoint's refusal: the RFC 6749 fields of
// body, or, when the body has no code, a code inferred from the status (401
// is invalid_client, 400 invalid_request, anything else server_error) with
// message as the description. Server text is clipped by the caller.
func TokenErrorFrom(status int, body []byte, message string) TokenErrorFields {
	f, _ := ParseTokenError(body)
	if f.Code != "" {
		return f
	}
	switch status {
	case http.StatusUnauthorized:
		f.Code = "invalid_client"
	case http.StatusBadRequest:
		f.Code = "invalid_request"
	default:
		f.Code = "server_error"
	}
	if f.Description == "" && message != http.StatusText(status) {
		f.Description = message
	}
	return f
}
