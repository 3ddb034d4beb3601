package anypoint

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// The client takes any oauth2.TokenSource. Token sources may offer more
// abilities, which the client discovers through the small interfaces below.
// connectedapps.TokenSource implements them all.

// ContextTokenSource is a token source whose token requests follow a context,
// so that a caller's deadline or cancellation ends a token request too.
type ContextTokenSource interface {
	TokenContext(ctx context.Context) (*oauth2.Token, error)
}

// TokenInvalidator is a token source that can be told that the platform
// rejected a token, so that its next call mints a fresh one. Invalidate must
// forget tok only if it is still the current token: another goroutine may
// already have replaced it.
type TokenInvalidator interface {
	Invalidate(tok *oauth2.Token)
}

// MintTimeReporter is a token source that knows when it obtained a token. The
// client uses it to tell whether a rejected token was minted during the call
// that used it (then the rejection is a scope denial, not a stale token).
type MintTimeReporter interface {
	// MintedAt returns when tok was obtained from the token endpoint, or the
	// zero time if the source does not know tok.
	MintedAt(tok *oauth2.Token) time.Time
}

// GrantedScopesReporter is a token source that knows which scopes its tokens
// hold; ScopeError.Granted is filled from it.
type GrantedScopesReporter interface {
	GrantedScopes() []scopes.Scope
}

// ClientDefaults are the settings a Client hands to its token source, so
// that a region or transport is set once on the client.
type ClientDefaults struct {
	// BaseURL is the client's control plane.
	BaseURL *url.URL
	// HTTPClient is the client's transport, without authentication.
	HTTPClient *http.Client
	// Retry is the client's retry policy.
	Retry RetryPolicy
	// Logger is the client's logger.
	Logger *slog.Logger
	// UserAgent is the client's User-Agent header.
	UserAgent string
}

// DefaultsInheritor is a token source that takes the settings it was not
// given from the client it is handed to. NewClient calls InheritDefaults
// once; the source keeps whatever it was configured with explicitly. It
// returns an error, which NewClient returns, when the source cannot serve
// the client: its tokens come from another control plane, on which the
// client's API calls would all be refused.
type DefaultsInheritor interface {
	InheritDefaults(d ClientDefaults) error
}

// tokenFor asks ts for a token, through TokenContext when ts has it, and
// turns an x/oauth2 token endpoint error into a *TokenError. Every error it
// returns matches ErrNoToken.
func tokenFor(ctx context.Context, ts oauth2.TokenSource) (*oauth2.Token, error) {
	tok, err := tokenFrom(ctx, ts)
	if err != nil {
		return nil, &noTokenError{err: err}
	}
	return tok, nil
}

func tokenFrom(ctx context.Context, ts oauth2.TokenSource) (*oauth2.Token, error) {
	var (
		tok *oauth2.Token
		err error
	)
	if cts, ok := ts.(ContextTokenSource); ok {
		tok, err = cts.TokenContext(ctx)
	} else {
		tok, err = ts.Token()
	}
	if err != nil {
		return nil, fromOAuth2Error(err)
	}
	if tok == nil || tok.AccessToken == "" {
		return nil, &TokenError{Code: "invalid_token", Description: "the token source returned an empty token"}
	}
	return tok, nil
}

// noTokenError marks an error of the token source, so that errors.Is(err,
// ErrNoToken) tells it from the API's own answers. Its text is the cause's.
type noTokenError struct{ err error }

func (e *noTokenError) Error() string        { return e.err.Error() }
func (e *noTokenError) Unwrap() error        { return e.err }
func (e *noTokenError) Is(target error) bool { return target == ErrNoToken }

// fromOAuth2Error gives *oauth2.RetrieveError the SDK's error type, without
// the raw body, which may echo credentials.
func fromOAuth2Error(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	apiErr := &Error{Message: re.ErrorDescription}
	if re.Response != nil {
		apiErr.StatusCode = re.Response.StatusCode
		apiErr.Header = re.Response.Header
		apiErr.RequestID = requestID(re.Response.Header)
		if re.Response.Request != nil {
			apiErr.Method = re.Response.Request.Method
			apiErr.URL = redactURL(re.Response.Request.URL)
		}
	}
	te := &TokenError{StatusCode: apiErr.StatusCode, Code: re.ErrorCode, Description: re.ErrorDescription, URI: re.ErrorURI, Err: apiErr}
	if te.Code == "" {
		te = NewTokenError(&Error{StatusCode: apiErr.StatusCode, Body: re.Body, Message: apiErr.Message, Method: apiErr.Method, URL: apiErr.URL})
	}
	return te
}
