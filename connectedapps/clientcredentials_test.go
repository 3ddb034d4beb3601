package connectedapps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"golang.org/x/oauth2"
)

// tokenServer is a minimal token endpoint and one API endpoint that accepts
// only the latest token, so tests can count token requests exactly.
type tokenServer struct {
	*httptest.Server
	mints    atomic.Int64
	apiCalls atomic.Int64
	delay    time.Duration
	mu       sync.Mutex
	valid    map[string]bool
	status   int    // token endpoint status override
	body     string // token endpoint body override
	denied   bool   // API answers 401 to every token (a missing scope)
}

func newTokenServer(t *testing.T) *tokenServer {
	ts := &tokenServer{valid: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /accounts/api/v2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		n := ts.mints.Add(1)
		if ts.delay > 0 {
			time.Sleep(ts.delay)
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		ts.mu.Lock()
		status, body := ts.status, ts.body
		ts.mu.Unlock()
		if status != 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
			return
		}
		if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_id") != "app-id" || r.PostForm.Get("client_secret") != "s3cr3t-value" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"bad client credentials"}`))
			return
		}
		tok := fmt.Sprintf("access-%d", n)
		ts.mu.Lock()
		ts.valid[tok] = true
		ts.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"access_token":%q,"token_type":"bearer"}`, tok)
	})
	mux.HandleFunc("GET /designcenter/api-designer/projects", func(w http.ResponseWriter, r *http.Request) {
		ts.apiCalls.Add(1)
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		ts.mu.Lock()
		ok := ts.valid[tok] && !ts.denied
		ts.mu.Unlock()
		if !ok {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte("Unauthorized"))
			return
		}
		_, _ = w.Write([]byte(`[]`))
	})
	ts.Server = httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func (s *tokenServer) revokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.valid)
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newClientFor(t *testing.T, srv *tokenServer, ts *TokenSource) *anypoint.Client {
	t.Helper()
	c, err := anypoint.NewClient(ts, anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func listProjects(ctx context.Context, c *anypoint.Client) error {
	req, err := c.NewRequest(ctx, http.MethodGet, "/designcenter/api-designer/projects", nil)
	if err != nil {
		return err
	}
	var out []json.RawMessage
	_, err = c.Do(req, &out)
	return err
}

func TestClientCredentialsAssumesLifetimeWithoutExpiresIn(t *testing.T) {
	srv := newTokenServer(t)
	clock := &fakeClock{now: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)}
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(withClock(clock.Now))
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if want := clock.Now().Add(DefaultAssumedLifetime); !tok.Expiry.Equal(want) {
		t.Fatalf("expiry = %v, want %v (the assumed lifetime)", tok.Expiry, want)
	}
	if tok.AccessToken != "access-1" || tok.Type() != "Bearer" {
		t.Fatalf("token = %q type %q", tok.AccessToken, tok.Type())
	}
}

func TestTwoHundredCallersShareOneTokenRequest(t *testing.T) {
	srv := newTokenServer(t)
	srv.delay = 20 * time.Millisecond
	clock := &fakeClock{now: time.Now()}
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(withClock(clock.Now))
	c := newClientFor(t, srv, ts)
	ctx := context.Background()
	if err := listProjects(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got := srv.mints.Load(); got != 1 {
		t.Fatalf("token requests after the first call = %d, want 1", got)
	}
	clock.Advance(DefaultAssumedLifetime + time.Minute) // the token has expired

	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for range 200 {
		wg.Go(func() { errs <- listProjects(ctx, c) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.mints.Load(); got != 2 {
		t.Fatalf("token requests = %d, want exactly 2 (one at start, one for 200 callers)", got)
	}
}

func TestRefreshAheadKeepsCallersOffTheTokenRequest(t *testing.T) {
	srv := newTokenServer(t)
	clock := &fakeClock{now: time.Now()}
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(withClock(clock.Now))
	first, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	srv.delay = 300 * time.Millisecond
	clock.Advance(DefaultAssumedLifetime - 2*time.Minute) // inside the refresh-ahead window
	start := time.Now()
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != first.AccessToken {
		t.Fatalf("an aging token should still be handed out while the refresh runs")
	}
	if waited := time.Since(start); waited >= srv.delay {
		t.Fatalf("caller waited %v for a background refresh", waited)
	}
	deadline := time.Now().Add(5 * time.Second)
	for srv.mints.Load() < 2 || ts.MintedAt(&oauth2.Token{AccessToken: "access-2"}).IsZero() {
		if time.Now().After(deadline) {
			t.Fatal("the background refresh never stored a new token")
		}
		time.Sleep(10 * time.Millisecond)
	}
	tok, _ = ts.Token()
	if tok.AccessToken != "access-2" {
		t.Fatalf("after the refresh the token is %q, want access-2", tok.AccessToken)
	}
}

func TestStaleTokenIsReplacedAndRequestReplayedOnce(t *testing.T) {
	srv := newTokenServer(t)
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	c := newClientFor(t, srv, ts)
	ctx := context.Background()
	if err := listProjects(ctx, c); err != nil {
		t.Fatal(err)
	}
	srv.revokeAll() // the platform no longer accepts the cached token
	before := srv.apiCalls.Load()
	if err := listProjects(ctx, c); err != nil {
		t.Fatalf("a stale token should be replaced transparently: %v", err)
	}
	if got := srv.apiCalls.Load() - before; got != 2 {
		t.Fatalf("API requests = %d, want 2 (the rejected one and one replay)", got)
	}
	if got := srv.mints.Load(); got != 2 {
		t.Fatalf("token requests = %d, want 2", got)
	}
}

func TestFreshTokenRejectedIsScopeDenial(t *testing.T) {
	srv := newTokenServer(t)
	srv.denied = true
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	c := newClientFor(t, srv, ts)
	err := listProjects(context.Background(), c)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *anypoint.ScopeError", err)
	}
	if !errors.Is(err, anypoint.ErrScopeDenied) {
		t.Fatal("errors.Is(err, ErrScopeDenied) = false")
	}
	if len(se.Required) == 0 || se.Required[0] != "edit:design_center" {
		t.Fatalf("Required = %v, want edit:design_center first", se.Required)
	}
	if got := srv.apiCalls.Load(); got != 1 {
		t.Fatalf("API requests = %d, want 1: a fresh token is not replayed", got)
	}

	// A cached token that is rejected is replaced once; the fresh one's
	// rejection is then the scope denial.
	srv.denied = false
	if err := listProjects(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	srv.denied = true
	calls := srv.apiCalls.Load()
	err = listProjects(context.Background(), c)
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *anypoint.ScopeError", err)
	}
	if got := srv.apiCalls.Load() - calls; got != 2 {
		t.Fatalf("API requests = %d, want 2", got)
	}
}

func TestInvalidClientIsTokenError(t *testing.T) {
	srv := newTokenServer(t)
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "wrong-secret-xyz", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	c := newClientFor(t, srv, ts)
	err := listProjects(context.Background(), c)
	var te *anypoint.TokenError
	if !errors.As(err, &te) || te.Code != "invalid_client" {
		t.Fatalf("err = %v, want *TokenError invalid_client", err)
	}
	if !errors.Is(err, anypoint.ErrInvalidClient) {
		t.Fatal("errors.Is(err, ErrInvalidClient) = false")
	}
	if strings.Contains(err.Error(), "wrong-secret-xyz") {
		t.Fatalf("the error leaks the secret: %v", err)
	}
	if srv.apiCalls.Load() != 0 {
		t.Fatal("the API was called without a token")
	}
}

func TestEmptyCredentialsFailWithoutRequest(t *testing.T) {
	srv := newTokenServer(t)
	cfg := sdktest.Config(anypoint.WithBaseURL(srv.URL))
	_, err := ClientCredentials{ClientID: "app-id", Config: cfg}.TokenSource().Token()
	sdktest.WantInvalid(t, err, "ClientCredentials.ClientSecret")
	_, err = ClientCredentials{ClientSecret: "s", Config: cfg}.TokenSource().Token()
	sdktest.WantInvalid(t, err, "ClientCredentials.ClientID")
	if srv.mints.Load() != 0 {
		t.Fatal("a token request was sent without a secret")
	}
}

func TestMalformedTokenAnswers(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		body   string
		want   func(error) bool
	}{
		"html page":      {200, "<html><body>Login</body></html>", func(err error) bool { var d *anypoint.DecodeError; return errors.As(err, &d) }},
		"empty":          {200, "", func(err error) bool { var d *anypoint.DecodeError; return errors.As(err, &d) }},
		"no token":       {200, `{"token_type":"bearer"}`, func(err error) bool { var d *anypoint.DecodeError; return errors.As(err, &d) }},
		"truncated":      {200, `{"access_token":"leaky-token-abc","tok`, func(err error) bool { var d *anypoint.DecodeError; return errors.As(err, &d) }},
		"plain 401":      {401, "Unauthorized", func(err error) bool { return errors.Is(err, anypoint.ErrInvalidClient) }},
		"invalid_scope":  {400, `{"error":"invalid_scope"}`, func(err error) bool { return errors.Is(err, anypoint.ErrInvalidScope) }},
		"server failure": {500, `{"status":500,"message":"boom"}`, func(err error) bool { var e *anypoint.Error; return errors.As(err, &e) && e.StatusCode == 500 }},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newTokenServer(t)
			srv.status, srv.body = tc.status, tc.body
			c, err := anypoint.NewClient(ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(), anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()))
			if err != nil {
				t.Fatal(err)
			}
			err = listProjects(context.Background(), c)
			if err == nil || !tc.want(err) {
				t.Fatalf("err = %v (%T)", err, err)
			}
			if strings.Contains(err.Error(), "leaky-token-abc") || strings.Contains(err.Error(), "s3cr3t-value") {
				t.Fatalf("error leaks a secret: %v", err)
			}
		})
	}
}

func TestWaitingCallerGivesUpWithItsContext(t *testing.T) {
	srv := newTokenServer(t)
	srv.delay = time.Second
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	// A patient caller waits for the same token request.
	patient := make(chan error, 1)
	go func() { _, err := ts.TokenContext(context.Background()); patient <- err }()
	waitFor(t, func() bool { return srv.mints.Load() == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := ts.TokenContext(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Fatal("the caller waited for the token request after its context ended")
	}
	// The request goes on for the one still waiting.
	if err := <-patient; err != nil {
		t.Fatal(err)
	}
	if got := srv.mints.Load(); got != 1 {
		t.Fatalf("token requests = %d, want 1", got)
	}
}

// TestOneConfigForTheSourceAndItsClients: the credential and every client
// take the control plane from one anypoint.Config; a client never changes
// the source it is handed. Two clients of one source share its token (one
// token request), each keeping its own settings; a client of another
// control plane is refused, and the source keeps minting where it did.
func TestOneConfigForTheSourceAndItsClients(t *testing.T) {
	srv := newTokenServer(t)
	var sourceLog, secondLog bytes.Buffer
	cfg := sdktest.Config(anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()),
		anypoint.WithLogger(slog.New(slog.NewTextHandler(&sourceLog, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: cfg}.TokenSource()

	first, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	// The second client logs elsewhere: its logger is its own, the
	// source's stays the Config's.
	second, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg),
		anypoint.WithLogger(slog.New(slog.NewTextHandler(&secondLog, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	// A client of another control plane is refused, and changes nothing.
	if _, err := anypoint.NewClient(ts, anypoint.WithRegion(anypoint.JP)); err == nil || !strings.Contains(err.Error(), "jp1.platform.mulesoft.com") {
		t.Fatalf("NewClient of another control plane: err = %v, want a refusal naming it", err)
	}
	for _, c := range []*anypoint.Client{first, second, first} {
		if err := listProjects(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.mints.Load(); got != 1 {
		t.Errorf("token requests = %d, want 1: the two clients share the source's token", got)
	}
	if got := ts.BaseURL().String(); got != srv.URL {
		t.Errorf("the source mints at %s after being handed to clients, want %s", got, srv.URL)
	}
	if !strings.Contains(sourceLog.String(), "grant_type=client_credentials") {
		t.Errorf("the token request was not logged by the Config's logger:\n%s", sourceLog.String())
	}
	if strings.Contains(secondLog.String(), "grant_type") {
		t.Errorf("the second client's logger heard the source's token request: the client changed the source:\n%s", secondLog.String())
	}

	// A credential with no Config mints at the US control plane: a client
	// of any other is refused at once rather than on every call.
	us := ClientCredentials{ClientID: "app-id", ClientSecret: "x"}.TokenSource()
	if _, err := anypoint.NewClient(us, anypoint.WithBaseURL(srv.URL)); err == nil || !strings.Contains(err.Error(), "https://anypoint.mulesoft.com") {
		t.Fatalf("NewClient with a US credential and another control plane: err = %v", err)
	}
	if _, err := anypoint.NewClient(us); err != nil {
		t.Fatalf("the same control plane: %v", err)
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	cc := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value"}
	ts := cc.TokenSource()
	var logged bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logged, nil))
	logger.Info("creds", "cc", cc, "ts", ts)
	js, _ := json.Marshal(cc)
	for _, s := range []string{
		fmt.Sprintf("%v", cc), fmt.Sprintf("%+v", cc), fmt.Sprintf("%#v", cc), fmt.Sprintf("%s", cc), fmt.Sprint(&cc),
		fmt.Sprintf("%v", ts), fmt.Sprintf("%+v", ts), fmt.Sprintf("%#v", ts),
		string(js), logged.String(),
	} {
		if strings.Contains(s, "s3cr3t-value") {
			t.Errorf("secret printed: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprintf("%v", cc), "app-id") {
		t.Error("the client ID should be shown")
	}
}

// A source already in use may be handed to a client (which lends it its
// transport and logger) while other goroutines mint tokens with it.
func TestHandingABusySourceToAClientIsSafe(t *testing.T) {
	srv := newTokenServer(t)
	clock := &fakeClock{now: time.Now()}
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(withClock(clock.Now))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				ts.Invalidate(&oauth2.Token{AccessToken: "access-1"})
				if _, err := ts.Token(); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Go(func() { newClientFor(t, srv, ts) })
	wg.Wait()
}

// Once an endpoint has refused a token as a scope denial, later calls to it
// are scope denials at once: they neither throw the shared token away nor
// mint another, however many goroutines make them.
func TestRepeatedScopeDenialsKeepTheToken(t *testing.T) {
	srv := newTokenServer(t)
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	c := newClientFor(t, srv, ts)
	ctx := context.Background()
	if err := listProjects(ctx, c); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	srv.denied = true // an administrator removed the scope
	srv.mu.Unlock()

	burst := func() (others int64) {
		var wg sync.WaitGroup
		var n atomic.Int64
		for range 8 {
			wg.Go(func() {
				for range 25 {
					if !errors.Is(listProjects(ctx, c), anypoint.ErrScopeDenied) {
						n.Add(1)
					}
				}
			})
		}
		wg.Wait()
		return n.Load()
	}
	if others := burst(); others != 0 {
		t.Errorf("%d of 200 calls were not scope denials", others)
	}
	// The first denied calls race to replace the token they hold; a few
	// replacements are possible, one per caller is not.
	if got := srv.mints.Load(); got > 8 {
		t.Errorf("%d token requests for 200 denied calls", got)
	}
	mints := srv.mints.Load()
	if others := burst(); others != 0 {
		t.Errorf("second burst: %d of 200 calls were not scope denials", others)
	}
	if got := srv.mints.Load() - mints; got != 0 {
		t.Errorf("second burst: %d token requests, want none: the endpoint's denial is known", got)
	}

	// The scope comes back: the endpoint answers again with the same token.
	srv.mu.Lock()
	srv.denied = false
	srv.mu.Unlock()
	mints = srv.mints.Load()
	if err := listProjects(ctx, c); err != nil {
		t.Fatal(err)
	}
	if srv.mints.Load() != mints {
		t.Error("a token was minted although the current one is good")
	}
}

// A token endpoint that redirects does not get the form sent on: a 307
// would carry the client secret to wherever Location points.
func TestTokenRequestDoesNotFollowRedirects(t *testing.T) {
	var leaked atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { leaked.Add(1) }))
	defer elsewhere.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	_, err := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(redirecting.URL))}.TokenSource().Token()
	if err == nil {
		t.Fatal("a redirect answered the token request")
	}
	if leaked.Load() != 0 {
		t.Fatal("the token request followed the redirect")
	}
}

// expires_in 0 says nothing useful; taken at its word it would mean a token
// request for every call.
func TestZeroExpiresInTakesTheAssumedLifetime(t *testing.T) {
	srv := newTokenServer(t)
	srv.status, srv.body = http.StatusOK, `{"access_token":"a","token_type":"bearer","expires_in":0}`
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	for range 5 {
		if _, err := ts.Token(); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.mints.Load(); got != 1 {
		t.Fatalf("%d token requests for 5 calls, want 1", got)
	}
}

func TestMemoryStore(t *testing.T) {
	var m MemoryStore
	ctx := context.Background()
	if tok, err := m.Load(ctx); tok != nil || err != nil {
		t.Fatalf("empty store: %v, %v", tok, err)
	}
	if err := m.Save(ctx, nil); !errors.Is(err, ErrStoreNilToken) {
		t.Fatalf("Save(nil) = %v, want ErrStoreNilToken", err)
	}
	saved := &oauth2.Token{AccessToken: "a", RefreshToken: "r"}
	if err := m.Save(ctx, saved); err != nil {
		t.Fatal(err)
	}
	saved.RefreshToken = "changed by the caller"
	got, _ := m.Load(ctx)
	if got.RefreshToken != "r" {
		t.Fatal("the store kept the caller's token instead of a copy")
	}
	if err := m.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Load(ctx); got != nil {
		t.Fatal("Clear left the token")
	}
}
