package anypointtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/scopes"
)

// The paths of the endpoints that tests most often aim faults or counters at.
const (
	// TokenPath is the OAuth 2.0 token endpoint.
	TokenPath = "/accounts/api/v2/oauth2/token"
	// AuthorizePath is the OAuth 2.0 authorization endpoint.
	AuthorizePath = "/accounts/api/v2/oauth2/authorize"
	// RevokePath is the OAuth 2.0 token revocation endpoint (RFC 7009).
	RevokePath = "/accounts/api/v2/oauth2/revoke"
	// IntrospectPath is the OAuth 2.0 token introspection endpoint (RFC 7662).
	IntrospectPath = "/accounts/api/v2/oauth2/introspect"
	// UserinfoPath is the OpenID Connect userinfo endpoint.
	UserinfoPath = "/accounts/api/v2/oauth2/userinfo"
	// MePath is the Accounts API's "who am I" endpoint.
	MePath = "/accounts/api/me"
	// DesignCenterPath is the base path of the Design Center API.
	DesignCenterPath = "/designcenter/api-designer"
	// ConnectedAppsPath is the base path of the Connected Apps management API.
	ConnectedAppsPath = "/accounts/api/connectedApplications"
)

// DefaultTokenLifetime is the lifetime of access tokens unless WithTokenLifetime says otherwise:
// the platform's default session timeout.
const DefaultTokenLifetime = time.Hour

// requestLogCap bounds the request log so that benchmarks do not grow it without end.
const requestLogCap = 10000

// Server is a running fake of Anypoint Platform. Create one with NewServer or NewTestServer,
// point a client at URL, and use its methods to change the platform's state (scopes,
// secrets, consent), look at what the client did (counters, the request log, saved files)
// and inject faults. All methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the fake control plane, such as "http://127.0.0.1:53124",
	// with no trailing slash. Every endpoint path of the platform is relative to it.
	URL string
	// OrgID is the ID of the root organization, "Acme Corp" (the same as the constant OrgID).
	OrgID string
	// User is the seed user, who owns the organization and its apps and answers consent.
	User User

	ts  *httptest.Server
	now func() time.Time
	// skew is how far Clock's sleeps have moved the server's time on, in
	// nanoseconds; now includes it.
	skew atomic.Int64

	unauthorizedBody UnauthorizedBody
	closing          chan struct{}
	once             sync.Once
	conns            atomic.Int64
	reqSeq           atomic.Int64
	// muxes route every simulated operation on the catalog's pattern (see
	// handleAt); simulated records which those are.
	muxes     []*http.ServeMux
	simulated map[*endpoints.Operation]bool

	mu sync.Mutex // guards everything below

	// configuration that admin controls may change
	tokenLifetime time.Duration
	expiresIn     bool
	consent       bool
	tokenLatency  time.Duration

	// accounts
	orgs     map[string]*org
	orgOrder []string
	envs     []*environment
	users    map[string]*user

	// connected apps and tokens
	apps        map[string]*app
	appOrder    []string
	appSeq      int
	access      map[string]*accessToken
	refresh     map[string]*refreshToken
	families    map[string]*family
	codes       map[string]*authCode
	usedCodes   map[string]string    // code → family it produced
	assertions  map[string]time.Time // JWT bearer assertions used (by jti, else signature) → their exp
	appSettings map[string]map[string]any

	// design center
	projects     map[string]*project
	projectOrder []string
	assets       map[string]map[string]any

	// exchange, deployments and the audit log (exchange.go, deployments.go, auditlog.go)
	exchange exchangeState
	deploys  deploymentState
	audit    auditState

	// faults
	faults []*fault

	// inspection
	log          []*logEntry
	counts       map[string]int
	neededBy     map[string]map[neededCall]int // client ID → the calls its scopes let through (unused.go)
	tokenByGrant map[connectedapps.GrantType]int
	tokenCount   int
	rateWindow   int64
	rateUsed     int
	rateLimit    int           // requests a window on the Accounts API
	ratePer      time.Duration // the window
	rateEnforced bool          // a request over the limit is a 429 (WithRateLimit)
}

// User is a member of the fake organization.
type User struct {
	// ID is the user's UUID, which Design Center wants in the x-owner-id header.
	ID string
	// Username is the user's login name, such as "max.mule".
	Username string
	// FirstName is the user's given name.
	FirstName string
	// LastName is the user's family name.
	LastName string
	// Email is the user's email address.
	Email string
	// OrgID is the organization the user belongs to.
	OrgID string
}

// Environment is an environment of a business group.
type Environment struct {
	// ID is the environment's UUID.
	ID string
	// OrgID is the business group that holds the environment.
	OrgID string
	// Name is the environment's name, such as "Production".
	Name string
	// Type is EnvProduction, EnvSandbox or EnvDesign.
	Type string
	// IsProduction is true for environments of type production.
	IsProduction bool
	// ClientID is the environment's own client ID.
	ClientID string
}

// Option configures a Server before it starts: how it serves (WithTLS, WithClock), the seed
// data (WithEnvironments) and the token endpoint's settings (WithTokenLifetime, WithExpiresIn,
// WithTokenLatency). What a test changes while the server runs is a method of Server.
type Option func(*config)

type config struct {
	environments  int
	tokenLifetime time.Duration
	expiresIn     bool
	now           func() time.Time
	tls           bool
	tokenLatency  time.Duration
	unauthorized  UnauthorizedBody
	rateLimit     int
	ratePer       time.Duration
}

// WithEnvironments replaces the root organization's three seed environments with n generated
// ones named "env-0001", "env-0002", … in that order, with stable IDs; their types cycle through
// production, sandbox and design (env-0001 is production, env-0002 sandbox, env-0003 design, …).
// Use it to test paging.
func WithEnvironments(n int) Option {
	return func(c *config) {
		if n < 0 {
			n = 0
		}
		c.environments = n
	}
}

// WithTokenLifetime sets how long access tokens stay valid on the server (DefaultTokenLifetime
// unless set). It is also the expires_in of the answers that carry one.
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) { c.tokenLifetime = d }
}

// WithExpiresIn makes client-credentials token answers carry expires_in. By default they do
// not, as on the real platform; authorization-code and refresh answers always carry it.
func WithExpiresIn(include bool) Option {
	return func(c *config) { c.expiresIn = include }
}

// WithClock makes the server read the time from now instead of time.Now: token and code
// expiry (refresh tokens last 90 days), lock lapses, faults that last a while (FaultSpec.For)
// and creation dates all follow it. Use it to test
// expiry without sleeping. now must be safe for concurrent use.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithTLS serves over HTTPS with httptest's self-signed certificate; Client trusts it.
func WithTLS() Option {
	return func(c *config) { c.tls = true }
}

// WithTokenLatency delays every answer of the token endpoint by d, as a slow identity
// provider would, on top of any fault. Benchmarks and tests of concurrent callers use it to
// show that the callers share one token request.
func WithTokenLatency(d time.Duration) Option {
	return func(c *config) { c.tokenLatency = d }
}

// DefaultRateLimit is the rate limit the Accounts API announces unless WithRateLimit says
// otherwise: 1000 requests a minute, announced in the X-RateLimit-* headers and counted, but
// not enforced. The SDK's clients pace their calls by what is announced: a test that makes
// more Accounts calls than that in a minute waits for the next minute, unless it gives the
// fake a higher limit with WithRateLimit (or turns pacing off, anypoint.WithRateLimitPacing).
const DefaultRateLimit = 1000

// WithRateLimit makes the Accounts API (every path under /accounts/, the token endpoint
// included) enforce limit requests per window, in fixed windows aligned to the server's
// clock (a window of a minute starts on each whole minute), as the platform's Access
// Management does: every answer announces X-RateLimit-Limit, X-RateLimit-Remaining and
// X-RateLimit-Reset (the window's end in UTC epoch seconds), and a request over the limit is
// a 429 {"status":429,"message":"Too Many Requests"} with Retry-After (the seconds left in the
// window). The window is rounded up to whole seconds, as the Reset header counts them; a
// window shorter than a minute scales a limit down for tests and benchmarks that must run in
// seconds (500 a minute becomes 500 every 2 seconds, say). A limit of 0 or less keeps the
// default: DefaultRateLimit a minute, announced but not enforced.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(c *config) {
		if limit <= 0 {
			c.rateLimit, c.ratePer = 0, 0
			return
		}
		c.rateLimit = limit
		c.ratePer = max(time.Second, (window+time.Second-1)/time.Second*time.Second)
	}
}

// UnauthorizedBody is the body of the fake's 401 answers to a refused token or a missing
// scope. Anypoint's APIs do not agree on one: the Accounts API answers plain text, CloudHub
// 2.0 and Runtime Fabric answer JSON. A client must not depend on either (the SDK's 401 rule
// never reads the body); WithUnauthorizedBody lets a test prove it.
type UnauthorizedBody int

const (
	// UnauthorizedText answers text/plain "Unauthorized", as the Accounts API does. It is the
	// default.
	UnauthorizedText UnauthorizedBody = iota
	// UnauthorizedJSON answers {"status":401,"error":"Unauthorized","message":"Unauthorized"}
	// (application/json), as CloudHub 2.0 and Runtime Fabric answer a missing scope.
	UnauthorizedJSON
)

// WithUnauthorizedBody sets the body of every 401 the fake answers for a refused token or a
// missing scope, on every endpoint, faults of status 401 included (UnauthorizedText unless
// set). The token endpoint's invalid_client answer keeps its RFC 6749 JSON either way.
func WithUnauthorizedBody(b UnauthorizedBody) Option {
	return func(c *config) { c.unauthorized = b }
}

// NewServer starts a fake platform with the seed data and the options' changes. Call Close
// when done (NewTestServer does it for you). It needs no testing.T, so examples and
// programs can use it too.
func NewServer(opts ...Option) *Server {
	c := &config{environments: -1, tokenLifetime: DefaultTokenLifetime, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	s := &Server{
		OrgID:            OrgID,
		unauthorizedBody: c.unauthorized,
		closing:          make(chan struct{}),
		tokenLifetime:    c.tokenLifetime,
		expiresIn:        c.expiresIn,
		consent:          true,
		tokenLatency:     c.tokenLatency,
		rateLimit:        DefaultRateLimit,
		ratePer:          time.Minute,
		orgs:             map[string]*org{},
		users:            map[string]*user{},
		apps:             map[string]*app{},
		access:           map[string]*accessToken{},
		refresh:          map[string]*refreshToken{},
		families:         map[string]*family{},
		codes:            map[string]*authCode{},
		usedCodes:        map[string]string{},
		assertions:       map[string]time.Time{},
		appSettings:      map[string]map[string]any{},
		projects:         map[string]*project{},
		assets:           map[string]map[string]any{},
		counts:           map[string]int{},
		tokenByGrant:     map[connectedapps.GrantType]int{},
	}
	if c.rateLimit > 0 {
		s.rateLimit, s.ratePer, s.rateEnforced = c.rateLimit, c.ratePer, true
	}

	s.now = func() time.Time { return c.now().Add(time.Duration(s.skew.Load())) }
	s.seed(c)
	u := s.users[UserID]
	s.User = u.export()
	s.simulated = map[*endpoints.Operation]bool{}
	s.registerRoutes()
	for i, mux := range s.muxes {
		mux.HandleFunc("/", s.next(i))
	}

	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.ts.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	if c.tls {
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	s.URL = s.ts.URL
	return s
}

// NewTestServer starts a fake platform like NewServer and closes it when the test ends.
func NewTestServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// Close shuts the server down: slow answers in progress end at once, and Close waits for
// every request in flight to finish. It is safe to call more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
}

// Client returns an HTTP client for the server (it trusts the certificate under WithTLS).
// It is the httptest server's client; any client will do for plain HTTP.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Config returns the settings that point a credential and a client at the
// fake (its URL, and its HTTP client, which trusts the certificate under
// WithTLS), followed by opts: hand the same Config to both,
//
//	cfg := srv.Config()
//	ts := connectedapps.ClientCredentials{ClientID: id, ClientSecret: secret, Config: cfg}.TokenSource()
//	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
//
// It panics when an option refuses its input, as a test would stop there.
func (s *Server) Config(opts ...anypoint.Option) anypoint.Config {
	cfg, err := anypoint.NewConfig(append([]anypoint.Option{anypoint.WithBaseURL(s.URL), anypoint.WithHTTPClient(s.ts.Client())}, opts...)...)
	if err != nil {
		panic(err)
	}
	return cfg
}

// Connections reports how many TCP connections the server has accepted, to test that a
// client reuses its connections.
func (s *Server) Connections() int { return int(s.conns.Load()) }

// SetConsent changes how the seed user answers the consent page of the authorize endpoint:
// allow (the default), or deny, which redirects back with error=access_denied. It applies
// from the next authorization on.
func (s *Server) SetConsent(allow bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.consent = allow
}

// ---- the request pipeline ----

// RequestRecord is one request as the server received it.
type RequestRecord struct {
	// ID is the X-Request-Id the server gave the answer.
	ID string
	// Method is the HTTP method.
	Method string
	// Path is the URL path, unescaped.
	Path string
	// Query is the parsed query string.
	Query url.Values
	// Header is the request's header with the Authorization value redacted to its scheme,
	// such as "Bearer [REDACTED]".
	Header http.Header
	// Body is the request body as sent (it may hold client secrets: the log is for tests).
	Body []byte
	// Status is the status code of the answer (0 when the connection was cut).
	Status int
	// Time is when the request arrived, by the server's clock.
	Time time.Time
}

// Requests reports how many requests with that method and path (exact, unescaped) the
// server has received, faulted ones included.
func (s *Server) Requests(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[method+" "+path]
}

// RequestLog returns a copy of the log of requests in order of arrival. It keeps the last
// 10000. A request still in progress has Status 0.
func (s *Server) RequestLog() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RequestRecord, len(s.log))
	for i, e := range s.log {
		out[i] = e.rec
		out[i].Status = int(e.status.Load())
	}
	return out
}

// ResetRequestLog empties the request log and sets the request counters (Requests,
// TokenRequests) back to zero, so that a test counts only what follows.
func (s *Server) ResetRequestLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	s.counts = map[string]int{}
	s.tokenByGrant = map[connectedapps.GrantType]int{}
	s.tokenCount = 0
}

// TokenRequests reports how many POST requests the token endpoint has received, faulted
// ones included: all of them, or with grants, those whose grant_type is one of grants, as in
// TokenRequests(connectedapps.GrantRefreshToken). A test uses it to prove that a client
// caches its token.
func (s *Server) TokenRequests(grants ...connectedapps.GrantType) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(grants) == 0 {
		return s.tokenCount
	}
	n := 0
	for g, c := range s.tokenByGrant {
		if slices.Contains(grants, g) {
			n += c
		}
	}
	return n
}

// logEntry is a request of the log; its status is set when the handler writes the header,
// before any byte of the answer leaves, without the lock (handlers hold it while writing).
type logEntry struct {
	rec    RequestRecord
	status atomic.Int32
}

// statusWriter notes the status of an answer in the request log.
type statusWriter struct {
	http.ResponseWriter
	entry *logEntry
	wrote bool
	// unauthorizedBody is the server's WithUnauthorizedBody, for unauthorized.
	unauthorizedBody UnauthorizedBody
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		if w.entry != nil {
			w.entry.status.Store(int32(code))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	seq := s.reqSeq.Add(1)
	reqID := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", seq, (seq>>32)&0xffff, seq&0xfff, (seq>>12)&0xfff, 0xa11ce0000000+seq)
	rw.Header().Set("X-Request-Id", reqID)
	w := &statusWriter{ResponseWriter: rw, unauthorizedBody: s.unauthorizedBody}

	var body []byte
	if !streamsBody(r) { // a multipart upload goes to its handler unread, and unlogged
		var err error
		body, err = io.ReadAll(io.LimitReader(r.Body, 16<<20))
		if err != nil {
			jsonError(w, http.StatusBadRequest, "could not read the request body")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}

	path := r.URL.Path
	hdr := r.Header.Clone()
	if a := hdr.Get("Authorization"); a != "" {
		scheme, _, _ := strings.Cut(a, " ")
		hdr.Set("Authorization", scheme+" [REDACTED]")
	}
	entry := &logEntry{rec: RequestRecord{ID: reqID, Method: r.Method, Path: path, Query: r.URL.Query(), Header: hdr, Body: body, Time: s.now()}}
	w.entry = entry

	s.mu.Lock()
	// The log is in order of arrival; the status is filled in when the answer is done.
	s.log = append(s.log, entry)
	if len(s.log) > requestLogCap {
		s.log = slices.Clone(s.log[len(s.log)-requestLogCap:])
	}
	s.counts[r.Method+" "+path]++
	if r.Method == http.MethodPost && path == TokenPath {
		s.tokenCount++
		s.tokenByGrant[grantTypeOf(r.Header.Get("Content-Type"), body)]++
	}
	limited := false
	if strings.HasPrefix(path, "/accounts/") {
		// The Accounts API's rate-limit headers, in fixed windows: DefaultRateLimit a minute,
		// counted but not enforced, unless WithRateLimit set a limit to enforce.
		per := int64(s.ratePer / time.Second)
		now := s.now().Unix()
		win := now / per
		if win != s.rateWindow {
			s.rateWindow, s.rateUsed = win, 0
		}
		s.rateUsed++
		reset := (win + 1) * per
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.rateLimit))
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(0, s.rateLimit-s.rateUsed)))
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
		if s.rateEnforced && s.rateUsed > s.rateLimit {
			limited = true
			w.Header().Set("Retry-After", strconv.FormatInt(max(1, reset-now), 10))
		}
	}
	if limited {
		s.mu.Unlock()
		jsonError(w, http.StatusTooManyRequests, "Too Many Requests")
		return
	}
	f := s.takeFault(r.Method, path)
	latency := time.Duration(0)
	if path == TokenPath {
		latency = s.tokenLatency
	}
	s.mu.Unlock()

	if latency > 0 && !s.sleep(r.Context(), latency) {
		return
	}
	if f != nil {
		if f.apply(s, w, r) {
			return
		}
	}
	s.muxes[0].ServeHTTP(w, r)
}

// sleep waits d, or until the request's context ends or the server closes; it reports
// whether the whole of d passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

func grantTypeOf(contentType string, body []byte) connectedapps.GrantType {
	if strings.HasPrefix(contentType, "application/json") {
		var v struct {
			GrantType connectedapps.GrantType `json:"grant_type"`
		}
		_ = json.Unmarshal(body, &v)
		return v.GrantType
	}
	q, _ := url.ParseQuery(string(body))
	return connectedapps.GrantType(q.Get("grant_type"))
}

// ---- routing ----

// op returns the catalog's operation id of api (package endpoints); the
// fake serves only published operations, so a misspelt ID panics when the
// server is built.
func op(api, id string) *endpoints.Operation {
	o, ok := endpoints.Get(api, id)
	if !ok {
		panic("anypointtest: the catalog has no operation " + id + " in " + api)
	}
	return o
}

// accessManagement is the name of the Access Management spec in the catalog.
const accessManagement = "access-management"

// handle serves operation o with h, on the catalog's pattern for it.
func (s *Server) handle(o *endpoints.Operation, h http.HandlerFunc) {
	s.handleAt(o, o.Pattern, h)
}

// handleAt serves operation o on pattern, a ServeMux pattern that fills in
// a parameter the mux cannot hold (part of a segment: the audit log's
// query{mediaTypeExtension}). The pattern must be one of o's paths.
func (s *Server) handleAt(o *endpoints.Operation, pattern string, h http.HandlerFunc) {
	probe := strings.NewReplacer("{", "x", "}", "").Replace(pattern)
	if got, ok := endpoints.Lookup(o.Method, probe); !ok || got != o {
		panic("anypointtest: " + pattern + " is not a path of " + o.String())
	}
	segs := strings.Split(strings.Trim(pattern, "/"), "/")
	s.simulated[o] = true
	// Two published patterns can overlap with neither more specific
	// (…/authorizations/{authorizationId} and …/{clientId}/scopes), which
	// one ServeMux refuses: the second goes on the next mux, and a request
	// that reaches the wrong operation's handler goes on too, so that every
	// request is served as the catalog resolves it (endpoints.Lookup).
	for i := 0; ; i++ {
		if i == len(s.muxes) {
			s.muxes = append(s.muxes, http.NewServeMux())
		}
		if register(s.muxes[i], o.Method+" "+pattern, func(w http.ResponseWriter, r *http.Request) {
			if got, _ := endpoints.Lookup(r.Method, r.URL.EscapedPath()); got != o {
				s.next(i)(w, r)
				return
			}
			call := s.auditCaller(r)
			if call != nil {
				r = r.WithContext(context.WithValue(r.Context(), auditKey{}, call))
			}
			h(w, r)
			s.recordCall(call, w, r, segs)
		}) {
			return
		}
	}
}

// register adds pattern to mux, and reports false when it conflicts with a
// pattern the mux has.
func register(mux *http.ServeMux, pattern string, h http.HandlerFunc) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if msg := fmt.Sprint(r); !strings.Contains(msg, "conflicts with") {
				panic(r)
			}
			ok = false
		}
	}()
	mux.HandleFunc(pattern, h)
	return true
}

// next returns what serves a request that mux i does not: mux i+1, or
// serveUnsimulated after the last.
func (s *Server) next(i int) http.HandlerFunc {
	if i+1 < len(s.muxes) {
		return s.muxes[i+1].ServeHTTP
	}
	return s.serveUnsimulated
}

// serveUnsimulated answers what no simulated operation serves. A published
// operation the fake does not simulate still checks the caller's token and
// the catalog's scopes (401 as the platform answers a missing scope), then
// answers 501 naming the operation, so that a program can test how it
// handles a scope denial on any operation. A published path with another
// method is a 405, anything else a 404.
func (s *Server) serveUnsimulated(w http.ResponseWriter, r *http.Request) {
	o, ok := endpoints.Lookup(r.Method, r.URL.EscapedPath())
	if !ok {
		var allowed []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if _, ok := endpoints.Lookup(m, r.URL.EscapedPath()); ok {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			jsonError(w, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed on "+r.URL.Path)
			return
		}
		jsonError(w, http.StatusNotFound, "No resource found at "+r.URL.Path)
		return
	}
	if o.Host == "" && !o.AnyToken {
		s.mu.Lock()
		p := s.authorize(w, r, orgOfPath(o, r.URL.EscapedPath()), o.AnyOf...)
		if p != nil {
			for _, sc := range o.AllOf {
				if !p.holds(sc, orgOfPath(o, r.URL.EscapedPath()), envOf(r)) {
					unauthorized(w)
					p = nil
					break
				}
			}
		}
		s.mu.Unlock()
		if p == nil {
			return
		}
	}
	jsonError(w, http.StatusNotImplemented, "The fake platform does not simulate "+o.API+" "+o.ID+" ("+o.Method+" "+o.Pattern+")")
}

// orgOfPath returns the organization a path of o names, if any: the
// parameter after an "organizations" segment.
func orgOfPath(o *endpoints.Operation, escapedPath string) string {
	vals, ok := o.Match(escapedPath)
	if !ok {
		return ""
	}
	pat := strings.Split(strings.Trim(o.Pattern, "/"), "/")
	n := 0
	for i, seg := range pat {
		if !strings.Contains(seg, "{") {
			continue
		}
		if i > 0 && pat[i-1] == "organizations" && n < len(vals) {
			return vals[n]
		}
		n++
	}
	return ""
}

// Simulates reports whether the fake simulates the operation: it serves it
// with state, as the platform would. Every other published operation
// checks the caller's scopes, then answers 501 Not Implemented.
func (s *Server) Simulates(o *endpoints.Operation) bool { return s.simulated[o] }

// locked serves h holding the server's lock for the whole request, so that a handler's
// checks and changes are one step that no concurrent request sees half done.
func (s *Server) locked(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		h(w, r)
	}
}

func (s *Server) registerRoutes() {
	s.oauthRoutes()
	s.accountsRoutes()
	s.designCenterRoutes()
	s.connectedAppsRoutes()
	s.exchangeRoutes()
	s.deploymentRoutes()
	s.apiManagerRoutes()
	s.auditRoutes()
}

// ---- answers ----

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("anypointtest: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// jsonError answers the {"status":N,"message":"…"} shape most services use.
func jsonError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"status": status, "message": msg})
}

func plainText(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(msg)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, msg)
}

// unauthorized is the platform's answer to a missing, unknown, expired or revoked token
// and to a valid token that lacks the endpoint's scope: plain text, as the Accounts API
// answers, or under WithUnauthorizedBody(UnauthorizedJSON) the JSON that CloudHub 2.0 and
// Runtime Fabric answer.
//
// The body is the server's setting, which the request's writer carries (every handler
// writes to the statusWriter of serveHTTP, or of a fault that records the answer), so that
// the handlers need not know it.
func unauthorized(w http.ResponseWriter) {
	if sw, ok := w.(*statusWriter); ok && sw.unauthorizedBody == UnauthorizedJSON {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"status": http.StatusUnauthorized, "error": "Unauthorized", "message": "Unauthorized"})
		return
	}
	plainText(w, http.StatusUnauthorized, "Unauthorized")
}

func forbidden(w http.ResponseWriter) { plainText(w, http.StatusForbidden, "Forbidden") }

func htmlError(w http.ResponseWriter, status int) {
	text := http.StatusText(status)
	page := fmt.Sprintf("<!DOCTYPE html>\n<html>\n<head><title>%d %s</title></head>\n<body>\n<center><h1>%d %s</h1></center>\n<hr><center>anypointtest</center>\n</body>\n</html>\n", status, text, status, text)
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, page)
}

// decodeBody decodes the JSON body of r into v, or answers 400 with the reason and
// reports false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := decodeJSON(r, v); err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return false
	}
	return true
}

func decodeJSON(r *http.Request, v any) error {
	b, _ := io.ReadAll(r.Body)
	if len(bytes.TrimSpace(b)) == 0 {
		return fmt.Errorf("the request body is empty")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("the request body is not valid JSON: %v", err)
	}
	return nil
}

func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)[:n]
}

// pageParams reads offset and limit, answering 400 for bad values.
func pageParams(w http.ResponseWriter, q url.Values, def, most int) (offset, limit int, ok bool) {
	offset, limit = 0, def
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			jsonError(w, http.StatusBadRequest, "offset must be a non-negative integer")
			return 0, 0, false
		}
		offset = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			jsonError(w, http.StatusBadRequest, "limit must be a positive integer")
			return 0, 0, false
		}
		if n > most {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("limit must be at most %d", most))
			return 0, 0, false
		}
		limit = n
	}
	return offset, limit, true
}

func pageOf[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return []T{}
	}
	end := min(len(items), offset+limit)
	return items[offset:end]
}

func scopeStrings(ss []scopes.Scope) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}
