package anypoint

import (
	"context"
	"errors"
	"strings"

	"github.com/anypoint-go/anypoint/internal/auth"
	"github.com/anypoint-go/anypoint/internal/text"
	"github.com/anypoint-go/anypoint/internal/urls"
	"golang.org/x/oauth2"
)

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
	if cts, ok := ts.(auth.ContextSource); ok {
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
	if strings.IndexFunc(tok.AccessToken, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		// It cannot travel in a header: refuse it at once, without
		// printing it, rather than send it until the retries run out.
		return nil, &TokenError{Code: "invalid_token", Description: "the token source returned a token with spaces or control characters"}
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
	apiErr := &Error{Message: clip(text.Scrub(re.ErrorDescription), maxMessage)}
	if re.Response != nil {
		apiErr.StatusCode = re.Response.StatusCode
		apiErr.Header = re.Response.Header
		apiErr.RequestID = requestID(re.Response.Header)
		if re.Response.Request != nil {
			apiErr.Method = re.Response.Request.Method
			apiErr.URL = urls.Redact(re.Response.Request.URL)
		}
	}
	if re.ErrorCode != "" {
		return &TokenError{StatusCode: apiErr.StatusCode, Code: clip(re.ErrorCode, 100), Description: apiErr.Message, URI: clip(text.Scrub(re.ErrorURI), 500), Err: apiErr}
	}
	apiErr.Body = re.Body
	return newTokenError(apiErr)
}

// newTokenError reads a token endpoint's refusal into a *TokenError.
func newTokenError(apiErr *Error) *TokenError {
	f := auth.TokenErrorFrom(apiErr.StatusCode, apiErr.Body, apiErr.Message)
	return &TokenError{StatusCode: apiErr.StatusCode, Code: clip(text.Scrub(f.Code), 100), Description: clip(text.Scrub(f.Description), 500), URI: clip(text.Scrub(f.URI), 500), Err: apiErr}
}
