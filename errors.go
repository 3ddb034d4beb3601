package anypoint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/text"
	"github.com/anypoint-go/anypoint/internal/transport"
	"github.com/anypoint-go/anypoint/internal/urls"
	"github.com/anypoint-go/anypoint/scopes"
)

// Sentinel errors. Every error the SDK returns for an HTTP answer matches one
// or more of these with errors.Is, and unwraps with errors.As to the narrower
// types (*Error, *RateLimitError, *ScopeError, *TokenError).
var (
	// ErrUnauthorized matches a 401 answer: the token was missing, expired or
	// revoked and could not be replaced. A 401 caused by a missing scope is a
	// *ScopeError and matches ErrScopeDenied as well.
	ErrUnauthorized = errors.New("anypoint: unauthorized")
	// ErrForbidden matches a 403 answer.
	ErrForbidden = errors.New("anypoint: forbidden")
	// ErrNotFound matches a 404 answer.
	ErrNotFound = errors.New("anypoint: not found")
	// ErrConflict matches a 409 answer, such as creating a Design Center
	// project whose name is taken.
	ErrConflict = errors.New("anypoint: conflict")
	// ErrRateLimited matches a 429 answer that persisted after the retries;
	// errors.As gives a *RateLimitError with the server's Retry-After.
	ErrRateLimited = errors.New("anypoint: rate limited")
	// ErrScopeDenied matches a *ScopeError: the token is valid, but the app
	// (or the user it acts for) lacks a scope the endpoint needs.
	ErrScopeDenied = errors.New("anypoint: scope denied")
	// ErrInvalidClient matches a *TokenError with code invalid_client: a wrong
	// or rotated client secret, or an app that was deleted or disabled.
	ErrInvalidClient = errors.New("anypoint: invalid client credentials")
	// ErrInvalidGrant matches a *TokenError with code invalid_grant: an
	// authorization code that was used or expired, or a refresh token that
	// expired or whose grant an administrator revoked (the user must
	// authorize the app again); a user's password that is wrong or changed
	// (password grant); or a JWT bearer assertion the platform refused (a key
	// the app has not registered, an unknown subject, an expired or reused
	// assertion).
	ErrInvalidGrant = errors.New("anypoint: invalid grant")
	// ErrInvalidScope matches a *TokenError with code invalid_scope: the app
	// asked for a scope it was not given.
	ErrInvalidScope = errors.New("anypoint: invalid scope")
	// ErrNoToken matches every error that came from the client's token
	// source rather than from the API: a *TokenError, a token endpoint that
	// could not be reached, a context that ended while waiting for a token.
	// The request itself was not sent (or, after a 401, not sent again).
	ErrNoToken = errors.New("anypoint: no token")
	// ErrResponseTooLarge matches a *DecodeError for a successful answer
	// larger than the client's limit (WithMaxResponseSize). Streaming an
	// answer into an io.Writer with Do has no limit.
	ErrResponseTooLarge = errors.New("anypoint: answer larger than the client's limit")
)

// maxErrorBody is how much of an error answer the SDK keeps. Error pages can
// be large (HTML, stack traces); the message is in the first few kilobytes.
const maxErrorBody = 64 << 10

// Error is any answer outside 2xx from an Anypoint API.
type Error struct {
	// StatusCode is the HTTP status, such as 404.
	StatusCode int
	// Method is the request's HTTP method.
	Method string
	// URL is the request URL with credentials and secret query values removed.
	URL string
	// RequestID is the platform's request identifier, when it sent one; quote
	// it to MuleSoft support.
	RequestID string
	// Message is what the platform said, taken from whichever body shape came
	// back: the known JSON forms, plain text, or the title of an HTML page.
	// When the body is empty it is the status text. Secrets the request
	// carried, and anything credential-shaped, are replaced by REDACTED.
	Message string
	// Body is the raw answer, at most 64 KiB of it, as the server sent it,
	// but for the secrets the SDK knows the request carried (its token,
	// secure property values, a token request's credentials), which are
	// replaced by REDACTED in every form a server may echo them in. Unlike
	// Message, it is not scrubbed of anything else credential-shaped. Do
	// not log it.
	Body []byte
	// Header holds the answer's headers.
	Header http.Header
}

// Error describes the answer: method, redacted URL, status and message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("anypoint: ")
	if e.Method != "" || e.URL != "" {
		b.WriteString(e.Method)
		b.WriteString(" ")
		b.WriteString(e.URL)
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" ")
		b.WriteString(t)
	}
	if e.Message != "" && !repeatsStatus(e.Message, e.StatusCode) {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// repeatsStatus reports whether msg says no more than the status line, as
// the title of a load balancer's error page does ("502 Bad Gateway").
func repeatsStatus(msg string, status int) bool {
	text := http.StatusText(status)
	return strings.EqualFold(msg, text) || strings.EqualFold(msg, strconv.Itoa(status)+" "+text)
}

// Is makes errors.Is match the sentinel for the answer's status.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// Temporary reports whether the same request may succeed later: a 429 or a 5xx.
func (e *Error) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// RateLimitError is a 429 answer that persisted after the client's retries.
type RateLimitError struct {
	// RetryAfter is how long the platform asked to wait, from Retry-After or
	// X-RateLimit-Reset; zero when it did not say.
	RetryAfter time.Duration
	// Err is the answer itself.
	Err *Error
}

// Error describes the answer and the wait the platform asked for.
func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("%s (retry after %s)", e.Err.Error(), e.RetryAfter)
	}
	return e.Err.Error()
}

// Unwrap returns the underlying *Error.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// ScopeError says that the platform refused a request although the token was
// valid: the app, or the user it acts for, lacks a scope the endpoint needs.
// The fix is to grant the scope (an administrator, in Access Management or
// through admin.Service), or for a user-delegated app to authorize
// again with the scope; fetching another token does not help.
//
// The platform answers both a scope denial and a dead token with the same
// "401 Unauthorized", whose body is plain text on some APIs (Accounts) and
// JSON on others (CloudHub 2.0, Runtime Fabric). The client tells them apart
// by the endpoint and by timing, never by the body: see the package
// documentation, "How a 401 is told apart".
type ScopeError struct {
	// Operation is the published operation the request was, from the
	// endpoint catalog (its API, operation ID, the scopes that satisfy it
	// and where that fact comes from); nil for a path no spec publishes.
	Operation *endpoints.Operation
	// Required lists the scopes any one of which would let the operation
	// through (with every scope of AlsoRequired), from the catalog; empty
	// when nobody has published which scope the operation needs.
	Required []scopes.Scope
	// AlsoRequired lists scopes the operation needs as well, every one of
	// them ("Exchange Viewer" beside "Manage APIs Configuration" to create
	// an API from an Exchange asset).
	AlsoRequired []scopes.Scope
	// Granted lists the scopes the token holds, where the token source knows
	// them (the token endpoint's "scope" field, or what was requested).
	Granted []scopes.Scope
	// OrgID is the organization (business group) the request acted in, when
	// it named one. A client-credentials app holds its scopes per
	// organization: a scope granted in one business group does not reach
	// another.
	OrgID string
	// EnvID is the environment the request acted in, when its path named
	// one. Many scopes (Read Applications, View APIs Configuration: those
	// whose scopes.Info.NeedsEnvironment is true) are granted per
	// environment: granted in Sandbox, they do not reach Production. The
	// platform answers with IDs only; for the environment's name, as Access
	// Management shows it, ask accounts.Service.GetEnvironment(ctx, OrgID,
	// EnvID) (View Environment).
	EnvID string
	// Err is the platform's answer.
	Err *Error
}

// Error names the endpoint, the scopes it needs (with their display names,
// as Access Management shows them), the organization, and what the token
// holds.
func (e *ScopeError) Error() string {
	var b strings.Builder
	b.WriteString("anypoint: scope denied: ")
	b.WriteString(e.Err.Method)
	b.WriteString(" ")
	b.WriteString(e.Err.URL)
	if e.Operation != nil {
		b.WriteString(" (")
		b.WriteString(e.Operation.API)
		b.WriteString(" ")
		b.WriteString(e.Operation.ID)
		b.WriteString(")")
	}
	if len(e.Required)+len(e.AlsoRequired) > 0 {
		b.WriteString(" needs ")
		for i, s := range e.Required {
			if i > 0 {
				b.WriteString(" or ")
			}
			writeScope(&b, s)
		}
		for i, s := range e.AlsoRequired {
			if i > 0 || len(e.Required) > 0 {
				b.WriteString(" and ")
			}
			writeScope(&b, s)
		}
		if e.Operation != nil && e.Operation.Source == endpoints.Assumed {
			b.WriteString(" (assumed: MuleSoft does not publish it)")
		}
	} else if e.Operation != nil {
		b.WriteString(" needs a scope MuleSoft does not publish")
	}
	if e.OrgID != "" {
		b.WriteString(" in organization ")
		b.WriteString(e.OrgID)
	}
	if e.EnvID != "" {
		b.WriteString(" and environment ")
		b.WriteString(e.EnvID)
	}
	if e.Granted != nil {
		b.WriteString("; the token holds ")
		if len(e.Granted) == 0 {
			b.WriteString("no scopes")
		} else {
			b.WriteString(joinScopes(e.Granted, ", "))
		}
		if e.heldButRefused() {
			b.WriteString(", but the platform refused it: the app or user lost the scope after the token was issued, or holds it in another organization or environment")
		}
	}
	b.WriteString(" (HTTP ")
	b.WriteString(strconv.Itoa(e.Err.StatusCode))
	if e.Err.Message != "" {
		b.WriteString(" ")
		b.WriteString(e.Err.Message)
	}
	b.WriteString(")")
	return b.String()
}

func writeScope(b *strings.Builder, s scopes.Scope) {
	b.WriteString(string(s))
	if info, ok := scopes.Lookup(s); ok {
		b.WriteString(" (")
		b.WriteString(strconv.Quote(info.DisplayName))
		b.WriteString(")")
	}
}

// heldButRefused reports whether the token says it holds a required scope.
func (e *ScopeError) heldButRefused() bool {
	if e.Operation != nil && (len(e.Required) > 0 || len(e.AlsoRequired) > 0) {
		return e.Operation.Satisfied(e.Granted)
	}
	for _, r := range e.Required {
		if slices.Contains(e.Granted, r) {
			return true
		}
	}
	return false
}

// Unwrap returns the platform's answer, so errors.Is(err, ErrUnauthorized)
// also holds for a scope denial that came back as a 401.
func (e *ScopeError) Unwrap() error { return e.Err }

// Is matches ErrScopeDenied.
func (e *ScopeError) Is(target error) bool { return target == ErrScopeDenied }

func joinScopes(ss []scopes.Scope, sep string) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, sep)
}

// TokenError is a refusal from the OAuth 2.0 token endpoint, in the terms of
// RFC 6749 section 5.2.
type TokenError struct {
	// StatusCode is the HTTP status of the answer, usually 400 or 401.
	StatusCode int
	// Code is the RFC 6749 error code: invalid_client, invalid_grant,
	// invalid_scope, invalid_request, unauthorized_client or
	// unsupported_grant_type. When the platform answered without one, the
	// SDK infers it from the status: 401 is invalid_client.
	Code string
	// Description is the server's error_description, if any.
	Description string
	// URI is the server's error_uri, if any.
	URI string
	// Err is the answer itself. Its URL never carries the request's form.
	Err *Error
}

// Error gives the RFC 6749 code, the description and a hint at the fix.
func (e *TokenError) Error() string {
	msg := "anypoint: token request refused: " + e.Code
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if e.StatusCode != 0 {
		msg += " (HTTP " + strconv.Itoa(e.StatusCode) + ")"
	}
	if hint := tokenErrorHint(e.Code); hint != "" {
		msg += "; " + hint
	}
	return msg
}

func tokenErrorHint(code string) string {
	switch code {
	case "invalid_client":
		return "check the client ID and secret (the secret may have been rotated, or the app deleted)"
	case "invalid_grant":
		return "the code or refresh token is no longer valid (authorize again), the user's password was refused, or the JWT assertion was not accepted"
	case "invalid_scope":
		return "the app was not given a requested scope"
	}
	return ""
}

// Unwrap returns the token endpoint's answer.
func (e *TokenError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// Is matches ErrInvalidClient, ErrInvalidGrant or ErrInvalidScope by Code.
func (e *TokenError) Is(target error) bool {
	switch target {
	case ErrInvalidClient:
		return e.Code == "invalid_client"
	case ErrInvalidGrant:
		return e.Code == "invalid_grant"
	case ErrInvalidScope:
		return e.Code == "invalid_scope"
	}
	return false
}

// DecodeError says that a successful answer could not be decoded: the body
// was not the JSON the endpoint documents (an HTML page from a proxy, a cut
// connection, an empty body).
type DecodeError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Method is the request's HTTP method.
	Method string
	// URL is the request URL with secrets removed.
	URL string
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Err is the decoder's error.
	Err error
}

// Error names the request, the content type and what the decoder said.
func (e *DecodeError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("anypoint: %s %s: cannot decode %d answer (%s): %v", e.Method, e.URL, e.StatusCode, ct, e.Err)
}

// Unwrap returns the decoder's error.
func (e *DecodeError) Unwrap() error { return e.Err }

// CheckResponse returns nil for a 2xx answer. For any other it reads at most
// 64 KiB of the body, closes it, and returns an *Error (a *RateLimitError for
// a 429) whose Message is parsed from the body, whatever its shape.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	apiErr := newError(resp)
	if resp.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{RetryAfter: retry.After(resp.Header, time.Now()), Err: apiErr}
	}
	return apiErr
}

func newError(resp *http.Response) *Error {
	e := &Error{StatusCode: resp.StatusCode, Header: resp.Header, RequestID: requestID(resp.Header)}
	// A server may quote the request in its error: the token that went
	// with it, the secrets its body carried (text.WithSecrets), or anything
	// credential-shaped never reach the message. They are replaced before
	// anything is cut to length: a secret cut in two would no longer be
	// recognised, and its first half would stay.
	var sent []string
	if req := resp.Request; req != nil {
		e.Method = req.Method
		e.URL = redactURL(req.URL)
		if _, tok, ok := strings.Cut(req.Header.Get("Authorization"), " "); ok && len(tok) >= 4 {
			sent = append(sent, tok)
		}
		sent = append(sent, text.Secrets(req.Context())...)
	}
	if resp.Body != nil {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, int64(maxErrorBody+text.MaxEchoLen(sent...))))
		drainAndClose(resp.Body)
		body = text.ScrubBytes(body, sent...)
		e.Body = body[:min(len(body), maxErrorBody)]
	}
	e.Message = clip(text.Scrub(rawErrorMessage(resp.Header.Get("Content-Type"), e.Body), sent...), maxMessage)
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}

func drainAndClose(body io.ReadCloser) { transport.DrainAndClose(body) }

func redactURL(u *url.URL) string { return urls.Redact(u) }

func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "X-Correlation-Id", "X-Anypnt-Trx-Id"} {
		if v := h.Get(k); v != "" {
			return clip(v, 200)
		}
	}
	return ""
}

// maxMessage bounds Error.Message; the full body stays in Error.Body.
const maxMessage = 500

// parseErrorMessage is rawErrorMessage cut to the length of a message.
func parseErrorMessage(contentType string, body []byte) string {
	return clip(rawErrorMessage(contentType, body), maxMessage)
}

// rawErrorMessage finds the human message (not yet cut to length) in an error body of any of the
// shapes Anypoint's services answer with: JSON ({"message"}, {"status",
// "message"}, {"message","errors":[…]}, {"status":"failure","statusMessage"},
// RFC 6749 {"error","error_description"}, {"error":{"message"}}), an HTML
// page, or plain text.
func rawErrorMessage(contentType string, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return ""
	}
	if trimmed[0] == '{' || trimmed[0] == '[' {
		if msg, ok := jsonMessage(trimmed); ok {
			return msg
		}
	}
	if looksLikeHTML(contentType, trimmed) {
		return htmlMessage(trimmed)
	}
	text := strings.ToValidUTF8(string(trimmed), "\uFFFD")
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	return text
}

func jsonMessage(body []byte) (string, bool) {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return "", false
	}
	switch t := v.(type) {
	case map[string]any:
		return objectMessage(t), true
	case []any:
		var parts []string
		for _, item := range t {
			if m, ok := item.(map[string]any); ok {
				if s := objectMessage(m); s != "" {
					parts = append(parts, s)
				}
			}
		}
		return strings.Join(parts, "; "), true
	}
	return "", true
}

func objectMessage(m map[string]any) string {
	str := func(key string) string {
		s, _ := m[key].(string)
		return strings.TrimSpace(s)
	}
	var msg string
	for _, key := range []string{"message", "statusMessage", "error_description", "detail", "title", "description"} {
		if msg = str(key); msg != "" {
			break
		}
	}
	switch e := m["error"].(type) {
	case string:
		if msg == "" {
			msg = e
		} else if e != "" && str("error_description") != "" {
			msg = e + ": " + msg
		}
	case map[string]any:
		if msg == "" {
			msg = objectMessage(e)
		}
	}
	if errs, ok := m["errors"].([]any); ok {
		var details []string
		for _, item := range errs {
			switch d := item.(type) {
			case map[string]any:
				s := objectMessage(d)
				if c, _ := d["code"].(string); c != "" && s != "" {
					s = c + ": " + s
				}
				if s != "" {
					details = append(details, s)
				}
			case string:
				details = append(details, d)
			}
		}
		if len(details) > 0 {
			if msg == "" {
				msg = strings.Join(details, "; ")
			} else {
				msg += " (" + strings.Join(details, "; ") + ")"
			}
		}
	}
	return msg
}

func looksLikeHTML(contentType string, body []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "html") {
		return true
	}
	head := bytes.ToLower(body[:min(len(body), 512)])
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}

var (
	titleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	h1Re    = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	tagRe   = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRe = regexp.MustCompile(`\s+`)
	dropRe  = regexp.MustCompile(`(?is)<(script|style|head)[^>]*>.*?</(script|style|head)>`)
)

func htmlMessage(body []byte) string {
	clean := func(s string) string {
		s = tagRe.ReplaceAllString(s, " ")
		s = html.UnescapeString(s)
		return strings.TrimSpace(spaceRe.ReplaceAllString(strings.ToValidUTF8(s, "\uFFFD"), " "))
	}
	for _, re := range []*regexp.Regexp{h1Re, titleRe} {
		if m := re.FindSubmatch(body); m != nil {
			if s := clean(string(m[1])); s != "" {
				return s
			}
		}
	}
	return clean(dropRe.ReplaceAllString(string(body), " "))
}

// clip readies a server's text for an error message; see text.Clip.
func clip(s string, n int) string { return text.Clip(s, n) }

// ValidationError says that a method's input was refused before any request
// was sent: an empty ID that would reach another endpoint, a page size above
// the endpoint's maximum, a missing required field. Every service package
// returns this one type for such input.
type ValidationError struct {
	// Field names the input at fault as Go spells it: a parameter of the
	// method ("orgID", "req", "grants[2]") or a field of one ("ClientName",
	// "Limit", "files[2].Path").
	Field string
	// Reason says what is wrong with it.
	Reason string
	// Err is the underlying error, when there is one (such as
	// scopes.ErrIncompleteGrant for a grant that Grant.Validate refused).
	Err error
}

// Error names the field and why it was refused.
func (e *ValidationError) Error() string {
	return "anypoint: invalid " + e.Field + ": " + e.Reason
}

// Unwrap returns the underlying error, if any.
func (e *ValidationError) Unwrap() error { return e.Err }
