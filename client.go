package anypoint

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/anypoint-go/anypoint/internal/auth"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/urls"
	"golang.org/x/oauth2"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.3.0"

const defaultUserAgent = "anypoint-go/" + Version + " (+https://github.com/anypoint-go/anypoint)"

// Client sends authenticated requests to one Anypoint control plane. It is
// safe for concurrent use; make one and share it across the service clients
// (accounts.New(c), designcenter.New(c), …).
type Client struct {
	baseURL    *url.URL
	httpClient *http.Client
	tokens     oauth2.TokenSource
	userAgent  string
	retry      retry.Policy
	logger     *slog.Logger
	denied     deniedEndpoints
	// recorder is told of every call (WithCallRecorder).
	recorder CallRecorder
	// maxResponse bounds a decoded answer (WithMaxResponseSize).
	maxResponse int64
	// wire is what every request sends the same way (wire.go).
	wire wire
	// pacing is how the client paces its calls by announced rate limits
	// (pacing.go).
	pacing pacingSettings
}

// NewClient returns a client that authenticates every request with a token
// from ts. It makes no network call. ts may be any oauth2.TokenSource; the
// SDK's own (package connectedapps) add what the client needs to tell a
// scope denial from a stale token. The client never changes ts: a token
// source has its settings from its credential and its own options, fixed
// when it is made. To set the region (or the transport, the retry policy,
// the logger) once for both, build a Config and hand it to each:
//
//	cfg, err := anypoint.NewConfig(anypoint.WithRegion(anypoint.EU))
//	ts := connectedapps.ClientCredentials{ClientID: id, ClientSecret: secret, Config: cfg}.TokenSource()
//	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
//
// NewClient refuses a token source that says it mints its tokens at another
// control plane (a BaseURL method, as connectedapps.TokenSource has): every
// call of this client would be refused.
//
// One token source may serve several clients: they share its tokens (one
// token request for all of them) and each keeps its own settings. A token
// one client saw rejected is invalidated for all of them, since they hold
// the same token.
//
// The client talks to the US control plane unless an option says otherwise,
// through one connection pool that every client of the process shares.
func NewClient(ts oauth2.TokenSource, opts ...Option) (*Client, error) {
	if ts == nil {
		return nil, errors.New("anypoint: NewClient: nil token source")
	}
	cfg, err := NewConfig(opts...)
	if err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:     cfg.BaseURL(),
		tokens:      ts,
		userAgent:   cfg.UserAgent(),
		retry:       retry.Policy(cfg.RetryPolicy()),
		logger:      cfg.Logger(),
		maxResponse: cfg.maxResponseSize(),
		recorder:    cfg.recorder,
	}
	if cp, ok := ts.(auth.ControlPlane); ok {
		if u := cp.BaseURL(); u != nil && u.String() != c.baseURL.String() {
			return nil, fmt.Errorf("anypoint: NewClient: the token source mints its tokens at %s, but the client talks to %s: tokens of one control plane are refused by another (give the credential and the client the same anypoint.Config)", urls.Redact(u), urls.Redact(c.baseURL))
		}
	}
	// Whatever client the caller gave, requests go through a copy of it
	// whose redirect policy keeps the token and the body on the control
	// plane; the caller's own policy still runs after it.
	c.pacing = cfg.pacing
	c.wire.init(c.baseURL, c.userAgent)
	hc := *cfg.HTTPClient()
	hc.CheckRedirect = keepTokenHome(hc.CheckRedirect)
	hc.Transport = c.paced(hc.Transport)
	c.httpClient = &hc
	return c, nil
}

// keepTokenHome is the redirect policy of every client: the Authorization
// header follows a redirect only to the same scheme, host and port
// (net/http keeps it for any port of the same host, and from https to
// http), and a request with a body (a 307 or 308 after a POST, PUT or
// PATCH) is not sent on to another origin at all: the redirect answer is
// returned instead. then, the caller's own policy, runs after it.
func keepTokenHome(then func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
			if req.Body != nil && req.Body != http.NoBody {
				return http.ErrUseLastResponse
			}
			req.Header.Del("Authorization")
		}
		if then != nil {
			return then(req, via)
		}
		return nil
	}
}

// BaseURL returns the control plane the client talks to.
func (c *Client) BaseURL() *url.URL {
	u := *c.baseURL
	return &u
}

// TokenSource returns the token source the client authenticates with.
func (c *Client) TokenSource() oauth2.TokenSource { return c.tokens }
