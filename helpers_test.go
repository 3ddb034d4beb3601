package anypoint_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/auth"
	"github.com/anypoint-go/anypoint/scopes"
	"go.uber.org/goleak"
	"golang.org/x/oauth2"
)

// TestMain fails the package if a test leaves a goroutine behind: a retry
// wait that outlives its context, an unclosed answer holding a connection.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fastRetry retries like the default policy but with waits of a few
// milliseconds, so that retry tests stay fast.
var fastRetry = anypoint.WithRetry(anypoint.RetryPolicy{
	MaxRetries:    3,
	MinBackoff:    time.Millisecond,
	MaxBackoff:    5 * time.Millisecond,
	MaxRetryAfter: 5 * time.Second,
})

// hit is one request as the test server saw it.
type hit struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     string
	At       time.Time
}

// testServer records every request it gets and answers through a handler
// that learns the request's 1-based number.
type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits []hit
}

func newServer(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) *testServer {
	t.Helper()
	s := &testServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.hits = append(s.hits, hit{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(body), At: time.Now()})
		n := len(s.hits)
		s.mu.Unlock()
		handle(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

// requests returns a copy of what the server has seen so far.
func (s *testServer) requests() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

func (s *testServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits)
}

// trackingTransport wraps every answer's body so that a test can check that
// the client closed each one, whatever path the call took.
type trackingTransport struct {
	base   http.RoundTripper
	mu     sync.Mutex
	bodies []*trackedBody
}

type trackedBody struct {
	io.ReadCloser
	closed atomic.Bool
}

func (b *trackedBody) Close() error {
	b.closed.Store(true)
	return b.ReadCloser.Close()
}

func (tt *trackingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := tt.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	tb := &trackedBody{ReadCloser: resp.Body}
	resp.Body = tb
	tt.mu.Lock()
	tt.bodies = append(tt.bodies, tb)
	tt.mu.Unlock()
	return resp, nil
}

// checkClosed fails t if any answer body was left open.
func (tt *trackingTransport) checkClosed(t *testing.T) {
	t.Helper()
	tt.mu.Lock()
	defer tt.mu.Unlock()
	for i, b := range tt.bodies {
		if !b.closed.Load() {
			t.Errorf("answer body %d of %d was not closed", i+1, len(tt.bodies))
		}
	}
}

// newClient returns a client for srv that authenticates with ts, does not
// retry (unless opts say otherwise) and checks, when the test ends, that every
// answer body was closed.
func newClient(t *testing.T, srv *testServer, ts oauth2.TokenSource, opts ...anypoint.Option) *anypoint.Client {
	t.Helper()
	tt := &trackingTransport{base: srv.Client().Transport}
	t.Cleanup(func() { tt.checkClosed(t) })
	all := append([]anypoint.Option{
		anypoint.WithBaseURL(srv.URL),
		anypoint.WithHTTPClient(&http.Client{Transport: tt}),
		anypoint.WithRetry(anypoint.NoRetry()),
	}, opts...)
	c, err := anypoint.NewClient(ts, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func staticToken(tok string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})
}

// get sends GET path through c and decodes the answer into v.
func get(t *testing.T, c *anypoint.Client, path string, v any) (*http.Response, error) {
	t.Helper()
	return call(t, c, http.MethodGet, path, nil, v)
}

func call(t *testing.T, c *anypoint.Client, method, path string, body, v any) (*http.Response, error) {
	t.Helper()
	req, err := c.NewRequest(context.Background(), method, path, body)
	if err != nil {
		t.Fatalf("NewRequest(%s %s): %v", method, path, err)
	}
	return c.Do(req, v)
}

// bearer returns the token of a request's Authorization header.
func bearer(h http.Header) string {
	return strings.TrimPrefix(h.Get("Authorization"), "Bearer ")
}

// mintingSource is a token source with every ability the client looks for,
// as the SDK's own connectedapps.TokenSource has them. It mints "tok-1",
// "tok-2", … and counts the mints.
type mintingSource struct {
	mu          sync.Mutex
	current     *oauth2.Token
	minted      map[string]time.Time
	mints       int
	invalidated []string
	granted     []scopes.Scope
	// failAfter, when positive, makes every mint after that many fail with err.
	failAfter int
	err       error
}

func newMintingSource(granted ...scopes.Scope) *mintingSource {
	return &mintingSource{minted: map[string]time.Time{}, granted: append([]scopes.Scope{}, granted...)}
}

var (
	_ auth.ContextSource = (*mintingSource)(nil)
	_ auth.Invalidator   = (*mintingSource)(nil)
	_ auth.MintTimer     = (*mintingSource)(nil)
	_ auth.ScopeReporter = (*mintingSource)(nil)
)

func (s *mintingSource) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

func (s *mintingSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil {
		return s.current, nil
	}
	if s.failAfter > 0 && s.mints >= s.failAfter {
		return nil, s.err
	}
	s.mints++
	tok := &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", s.mints), TokenType: "Bearer"}
	s.minted[tok.AccessToken] = time.Now()
	s.current = tok
	return tok, nil
}

func (s *mintingSource) Invalidate(tok *oauth2.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, tok.AccessToken)
	if s.current != nil && s.current.AccessToken == tok.AccessToken {
		s.current = nil
	}
}

func (s *mintingSource) MintedAt(tok *oauth2.Token) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.minted[tok.AccessToken]
}

func (s *mintingSource) GrantedScopes() []scopes.Scope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]scopes.Scope{}, s.granted...)
}

func (s *mintingSource) mintCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mints
}

func (s *mintingSource) invalidations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.invalidated...)
}

// premint makes the source hold a token minted before the call under test,
// as a long-lived client's source would.
func (s *mintingSource) premint(t *testing.T) *oauth2.Token {
	t.Helper()
	tok, err := s.Token()
	if err != nil {
		t.Fatal(err)
	}
	// Make sure the call under test starts strictly after the mint.
	time.Sleep(2 * time.Millisecond)
	return tok
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func writeText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
