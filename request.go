package anypoint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/internal/auth"
	"github.com/anypoint-go/anypoint/internal/jsonlist"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/urls"
	"golang.org/x/oauth2"
)

// NewRequest builds a request for an endpoint of the client's control plane.
// path is relative to the base URL ("/accounts/api/me", with or without the
// leading slash) and may carry a query; absolute URLs are refused, so a
// token never leaves for another host.
//
// body is sent as follows: nil sends nothing; url.Values is sent as a form;
// an io.Reader is sent as it is (set Content-Type yourself); anything else is
// encoded as JSON.
//
// NewRequest and Do let callers reach endpoints the SDK does not wrap yet,
// with the same authentication, retries and errors as the service clients.
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	if ctx == nil {
		return nil, errors.New("anypoint: NewRequest: nil context")
	}
	target, err := c.target(path)
	if err != nil {
		return nil, err
	}

	var (
		reader      io.Reader
		contentType string
	)
	switch b := body.(type) {
	case nil:
	case url.Values:
		reader = strings.NewReader(b.Encode())
		contentType = "application/x-www-form-urlencoded"
	case io.Reader:
		reader = b
	default:
		buf, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("anypoint: encode request body: %w", err)
		}
		reader = bytes.NewReader(buf)
		contentType = "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		return nil, fmt.Errorf("anypoint: build request: %w", unwrapURLError(err))
	}
	req.Header["Accept"] = acceptJSON
	req.Header["User-Agent"] = c.wire.userAgent
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req, nil
}

// target returns the URL of path on the client's control plane, as text.
// A path that starts with one "/" (every service's) is appended to the base
// URL as it is, and parsed once, by http.NewRequest; any other is parsed
// first, to refuse an absolute URL and join it to a base path.
func (c *Client) target(path string) (string, error) {
	if len(path) > 0 && path[0] == '/' && (len(path) == 1 || path[1] != '/') && strings.IndexByte(path, '#') < 0 {
		return c.wire.base + path, nil
	}
	rel, err := url.Parse(path)
	if err != nil {
		return "", fmt.Errorf("anypoint: invalid request path: %w", unwrapURLError(err))
	}
	if rel.IsAbs() || rel.Host != "" {
		return "", fmt.Errorf("anypoint: request path %q must be relative to the base URL", redactURL(rel))
	}
	u := *c.baseURL
	u.Path = joinPath(c.baseURL.Path, rel.Path)
	if rel.RawPath != "" {
		u.RawPath = joinPath(c.baseURL.EscapedPath(), rel.RawPath)
	}
	u.RawQuery = rel.RawQuery
	return u.String(), nil
}

// joinPath returns base + "/" + p without p's leading slashes. On the usual
// control plane, whose base URL has no path, a service's path already is
// that: it is returned as it is, without building it again.
func joinPath(base, p string) string {
	if base == "" && len(p) > 0 && p[0] == '/' && (len(p) == 1 || p[1] != '/') {
		return p
	}
	return base + "/" + strings.TrimLeft(p, "/")
}

// Do sends req with a token from the client's token source, retries it as
// the retry policy allows, and checks the answer.
//
// On a 2xx answer Do decodes the body into v: JSON into a pointer, or copied
// into an io.Writer; v may be nil to drop the body. The returned response's
// body is always closed. A body that is not the expected JSON gives a
// *DecodeError.
//
// Any other answer gives an error: *ScopeError, *TokenError,
// *RateLimitError or *Error (see the package documentation for how a 401 is
// told apart), along with the response when there was one.
func (c *Client) Do(req *http.Request, v any) (*http.Response, error) {
	resp, err := c.send(req)
	if err != nil {
		return resp, err
	}
	defer drainAndClose(resp.Body)
	if v == nil {
		return resp, nil
	}
	if w, ok := v.(io.Writer); ok {
		if _, err := io.Copy(w, resp.Body); err != nil {
			return resp, fmt.Errorf("anypoint: %s %s: read answer: %w", req.Method, redactURL(req.URL), err)
		}
		return resp, nil
	}
	if resp.StatusCode == http.StatusNoContent {
		return resp, nil
	}
	cr := cappedReaders.Get().(*cappedReader)
	*cr = cappedReader{r: resp.Body, left: c.maxResponse}
	if b, ok := v.(interface{ ListBound() (string, int) }); ok {
		// A page is refused as it streams in once it holds more items
		// than were asked for: no item of a flood is ever decoded.
		cr.count.Key, cr.count.Max = b.ListBound()
	}
	err = decodeJSON(cr, v)
	*cr = cappedReader{} // hold no body in the pool
	cappedReaders.Put(cr)
	if err != nil {
		return resp, &DecodeError{StatusCode: resp.StatusCode, Method: req.Method, URL: redactURL(req.URL), ContentType: resp.Header.Get("Content-Type"), Err: err}
	}
	return resp, nil
}

// decodeJSON decodes one JSON value from r into v, and refuses what would
// otherwise pass unnoticed: an empty body, a bare null (v would keep its
// zero value as if the platform had said so), and data after the value.
func decodeJSON(r *cappedReader, v any) error {
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty body")
		}
		return err
	}
	if r.first == 'n' {
		return errors.New("the answer is null")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil && errors.Is(err, ErrResponseTooLarge) {
			return err
		}
		return errors.New("data after the JSON value")
	}
	return nil
}

// cappedReaders reuses the readers Do decodes through: one fewer
// allocation a call.
var cappedReaders = sync.Pool{New: func() any { return new(cappedReader) }}

// cappedReader reads at most left bytes and then fails with
// ErrResponseTooLarge instead of returning io.EOF early (which would read
// as a cut answer). It notes the answer's first byte that is not white
// space as it passes, so that a bare null can be told from an object
// without buffering the answer again.
type cappedReader struct {
	r     io.Reader
	left  int64
	first byte
	// count counts the items of a page's list, when Do was given a bound.
	count jsonlist.Counter
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, ErrResponseTooLarge
		}
		if err == nil {
			err = io.ErrNoProgress
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if cerr := c.count.Feed(p[:n]); cerr != nil {
		return 0, cerr
	}
	if c.first == 0 {
		for _, b := range p[:n] {
			if b != ' ' && b != '\t' && b != '\n' && b != '\r' {
				c.first = b
				break
			}
		}
	}
	return n, err
}

// Call is NewRequest and Do in one: it sends a request for path with body
// (as NewRequest encodes it) and decodes the answer into v (as Do does).
// Service packages build their methods on it; callers can use it for
// endpoints the SDK does not wrap yet.
func (c *Client) Call(ctx context.Context, method, path string, body, v any) error {
	req, err := c.NewRequest(ctx, method, path, body)
	if err != nil {
		return err
	}
	_, err = c.Do(req, v)
	return err
}

// send performs the exchange and applies the 401 rule. On error the answer's
// body is already closed.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != c.baseURL.Scheme || req.URL.Host != c.baseURL.Host {
		// The token is for this control plane only.
		return nil, fmt.Errorf("anypoint: refusing to send the token to %s://%s: the client's control plane is %s://%s (build requests with NewRequest)", req.URL.Scheme, req.URL.Host, c.baseURL.Scheme, c.baseURL.Host)
	}
	c.record(req)
	ctx := req.Context()
	asked := time.Now()
	tok, err := tokenFor(ctx, c.tokens)
	if err != nil {
		return nil, err
	}
	resp, err := c.sendWithRetries(req, tok, false)
	if err != nil {
		return nil, err
	}
	if unauthorized, err := c.classify(req, resp); !unauthorized {
		return resp, err
	}
	return c.unauthorized(req, resp, tok, asked)
}

// classify turns an answer into the call's error, or reports that it is a
// 401, which only the 401 rule (unauthorized) can classify: it depends on
// the token's age. It is the one place an answer is classified, for the
// first attempt and for the replay alike.
//
// A 403 never means a stale token: it says the same thing every time,
// whatever the token's age. It is a scope denial where the operation is
// known to need a scope (the catalog's), else the platform's answer. Any other status is
// checked by CheckResponse, and a success forgets a denial remembered for
// the endpoint.
func (c *Client) classify(req *http.Request, resp *http.Response) (unauthorized bool, err error) {
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return true, nil
	case http.StatusForbidden:
		op := c.operationOf(req)
		if !needsScope(op) {
			return false, newError(resp)
		}
		return false, c.scopeError(req, op, newError(resp))
	}
	c.answered(req, resp)
	return false, CheckResponse(resp)
}

// unauthorized applies the 401 rule to resp, the 401 answered to req sent
// with tok, a token the source gave at or after asked: a token that may be
// stale is replaced once and the request replayed; a 401 for a fresh token
// is a scope denial, remembered per operation and context.
func (c *Client) unauthorized(req *http.Request, resp *http.Response, tok *oauth2.Token, asked time.Time) (*http.Response, error) {
	ctx := req.Context()
	op := c.operationOf(req)
	key := c.endpointKey(req, op)

	// Fresh: minted during this call, or already refused by this very
	// endpoint (pattern) as a scope denial: replacing it again would only
	// cost a token request.
	fresh := c.mintedSince(tok, asked) || c.denied.has(tok, key)
	inv, canInvalidate := c.tokens.(auth.Invalidator)
	if !fresh && canInvalidate {
		// The token may have expired or been revoked since it was minted:
		// forget exactly that token, so that no later call uses it either,
		// then get another and try once more.
		inv.Invalidate(tok)
		if !replayable(req) {
			return resp, newError(resp)
		}
		drainAndClose(resp.Body)
		next, err := tokenFor(ctx, c.tokens)
		if err != nil {
			return nil, err
		}
		if next.AccessToken == tok.AccessToken {
			// The source cannot mint another (a user's sign-in without a
			// refresh token): say what the 401 may mean.
			return nil, &Error{StatusCode: http.StatusUnauthorized, Method: req.Method, URL: redactURL(req.URL),
				Message: "the token was refused and its source cannot replace it: the sign-in may have ended (sign in again), or the token lacks a scope this endpoint needs"}
		}
		c.logger.LogAttrs(ctx, slog.LevelInfo, "anypoint: token rejected; replaying with a new token", slog.String("method", req.Method), slog.String("url", redactURL(req.URL)))
		resp, err = c.sendWithRetries(req, next, true)
		if err != nil {
			return nil, err
		}
		if unauthorized, err := c.classify(req, resp); !unauthorized {
			return resp, err
		}
		// next differs from the token the source held when this call
		// began, so it was minted during this call: its rejection is not
		// staleness.
		tok, fresh = next, true
	}
	apiErr := newError(resp)
	if !fresh || (op != nil && op.AnyToken) {
		// A stale token that could not be replaced, or an operation any
		// valid token may call: the token itself was refused.
		return resp, apiErr
	}
	c.denied.add(tok, key)
	return resp, c.scopeError(req, op, apiErr)
}

// operationOf finds the published operation req is, in the catalog (package
// endpoints), from its method and path: the same for a service method and a
// raw Call. Nil for a path no spec publishes.
func (c *Client) operationOf(req *http.Request) *endpoints.Operation {
	op, _ := endpoints.Lookup(req.Method, c.apiPath(req.URL))
	return op
}

// needsScope reports whether a refusal by op can be a scope denial: op is
// a published operation that not every valid token may call.
func needsScope(op *endpoints.Operation) bool {
	return op != nil && !op.AnyToken
}

// scopeError builds the *ScopeError of a refusal by op (nil for a path no
// spec publishes).
func (c *Client) scopeError(req *http.Request, op *endpoints.Operation, apiErr *Error) *ScopeError {
	org, env := contextOf(req, c.apiPath(req.URL), op)
	se := &ScopeError{Operation: op, OrgID: org, EnvID: env, Err: apiErr}
	if op != nil {
		se.Required = slices.Clone(op.AnyOf)
		se.AlsoRequired = slices.Clone(op.AllOf)
	}
	if g, ok := c.tokens.(auth.ScopeReporter); ok {
		se.Granted = g.GrantedScopes()
	}
	return se
}

// endpointKey names the endpoint of req in the denial memory: its
// operation's pattern, so that a denial on one project ID covers every
// other, with the organization and environment the request acts in (a
// client-credentials app is granted a scope per organization and
// environment: a denial in one says nothing of another); else the literal
// path of a request no spec publishes.
func (c *Client) endpointKey(req *http.Request, op *endpoints.Operation) string {
	path := c.apiPath(req.URL)
	if op == nil {
		return req.Method + " " + path
	}
	org, env := contextOf(req, path, op)
	return op.Method + " " + op.Pattern + " org=" + org + " env=" + env
}

// answered forgets a scope denial of an endpoint that answers again (the
// scope was granted back). It costs nothing while no denial is known.
func (c *Client) answered(req *http.Request, resp *http.Response) {
	if resp.StatusCode < 300 && !c.denied.empty() {
		c.denied.forget(c.endpointKey(req, c.operationOf(req)))
	}
}

// contextOf returns the organization and environment a request acts in,
// where it names them: the organization from orgOf, the environment from
// the operation's path parameter that names one. A client-credentials app
// holds its scopes per organization and environment, so a ScopeError says
// which.
func contextOf(req *http.Request, path string, op *endpoints.Operation) (org, env string) {
	org = orgOf(req)
	if op == nil {
		return org, ""
	}
	vals, ok := op.Match(path)
	if !ok {
		return org, ""
	}
	for i, name := range op.PathParams() {
		switch strings.ToLower(name) {
		case "environmentid", "envid", "environment":
			env = vals[i]
		}
	}
	return org, env
}

// orgOf returns the organization a request acts in, where it names one:
// the x-organization-id header (Design Center) or the path segment after
// "organizations".
func orgOf(req *http.Request) string {
	if id := req.Header.Get("x-organization-id"); id != "" {
		return id
	}
	segs := strings.Split(req.URL.Path, "/")
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == "organizations" && segs[i+1] != "" {
			return segs[i+1]
		}
	}
	return ""
}

// mintedSince reports whether the token source minted tok at or after t.
func (c *Client) mintedSince(tok *oauth2.Token, t time.Time) bool {
	m, ok := c.tokens.(auth.MintTimer)
	if !ok {
		return false
	}
	at := m.MintedAt(tok)
	return !at.IsZero() && !at.Before(t)
}

// sendWithRetries sends req with tok, retrying per the client's policy.
// rewind says the request's body was already consumed once.
func (c *Client) sendWithRetries(req *http.Request, tok *oauth2.Token, rewind bool) (*http.Response, error) {
	ctx := req.Context()
	policy := c.retry
	if !replayable(req) {
		policy = retry.Policy{}
	}
	attempt := 0
	return policy.Send(ctx, retry.IsIdempotent(req.Method), func() (*http.Response, error) {
		r := c.withAuthorization(req, tok)
		if (attempt > 0 || rewind) && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("anypoint: rewind request body: %w", err)
			}
			r.Body = body
		}
		if attempt > 0 {
			c.logger.LogAttrs(ctx, slog.LevelInfo, "anypoint: retrying request", slog.String("method", r.Method), slog.String("url", redactURL(r.URL)), slog.Int("attempt", attempt+1))
		}
		attempt++
		start := time.Now()
		resp, err := c.httpClient.Do(r)
		// The attributes are built only for a logger that wants them:
		// redacting the URL parses and re-encodes its query, on every call.
		debug := c.logger.Enabled(ctx, slog.LevelDebug)
		if err != nil {
			te := &transportError{method: r.Method, url: redactURL(r.URL), err: unwrapURLError(err)}
			if debug {
				c.logger.LogAttrs(ctx, slog.LevelDebug, "anypoint: request failed", slog.String("method", r.Method), slog.String("url", te.url), slog.Int("attempt", attempt), slog.Duration("duration", time.Since(start)), slog.String("error", te.err.Error()))
			}
			return nil, te
		}
		if debug {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "anypoint: request", slog.String("method", r.Method), slog.String("url", redactURL(r.URL)), slog.Int("status", resp.StatusCode), slog.Int("attempt", attempt), slog.Duration("duration", time.Since(start)))
		}
		return resp, nil
	})
}

// transportError is a request that got no answer. Its text names the
// redacted URL; net/http's own *url.Error would print the full one.
type transportError struct {
	method, url string
	err         error
}

func (e *transportError) Error() string {
	return "anypoint: " + e.method + " " + e.url + ": " + e.err.Error()
}

func (e *transportError) Unwrap() error { return e.err }

func unwrapURLError(err error) error { return urls.UnwrapURLError(err) }

// replayable reports whether req's body can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// apiPath returns u's escaped path relative to the client's base URL. It
// stays escaped so that an ID holding "/" (a branch "feature/x", sent as
// feature%2Fx) remains one segment for endpoints.Lookup.
func (c *Client) apiPath(u *url.URL) string {
	return "/" + strings.TrimLeft(strings.TrimPrefix(u.EscapedPath(), c.baseURL.EscapedPath()), "/")
}
