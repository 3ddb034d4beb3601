package anypoint

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/anypoint-go/anypoint/internal/auth"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/transport"
	"github.com/anypoint-go/anypoint/internal/urls"
	"golang.org/x/oauth2"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.2.0"

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
	// callerHTTPClient is the caller's own client (or the default), lent
	// to the token source as it is; httpClient is a copy of it that keeps
	// the token and the body on their origin across redirects.
	callerHTTPClient *http.Client
}

// NewClient returns a client that authenticates every request with a token
// from ts. It makes no network call. ts may be any oauth2.TokenSource; the
// SDK's own (package connectedapps) add what the client needs to tell a
// scope denial from a stale token, and borrow the client's control plane,
// transport, retry policy and logger for whatever they were not given
// themselves, so that a region is set once, on the client.
//
// NewClient refuses an SDK token source that already mints its tokens at
// another control plane: every call of this client would be refused.
//
// The client talks to the US control plane unless an option says otherwise,
// through one connection pool that every client of the process shares.
func NewClient(ts oauth2.TokenSource, opts ...Option) (*Client, error) {
	if ts == nil {
		return nil, errors.New("anypoint: NewClient: nil token source")
	}
	us, _ := urls.ParseBase(regionHosts[US])
	c := &Client{
		baseURL:     us,
		httpClient:  &http.Client{Transport: transport.Shared()},
		tokens:      ts,
		userAgent:   defaultUserAgent,
		retry:       retry.Default,
		logger:      slog.New(slog.DiscardHandler),
		maxResponse: DefaultMaxResponseSize,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	// Whatever client the caller gave, requests go through a copy of it
	// whose redirect policy keeps the token and the body on the control
	// plane; the caller's own policy still runs after it.
	hc := *c.httpClient
	hc.CheckRedirect = keepTokenHome(c.httpClient.CheckRedirect)
	c.callerHTTPClient, c.httpClient = c.httpClient, &hc
	if err := auth.Bind(ts, c.settings()); err != nil {
		return nil, err
	}
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

// settings are what the client lends its token source.
func (c *Client) settings() auth.Settings {
	return auth.Settings{BaseURL: c.BaseURL(), HTTPClient: c.callerHTTPClient, Retry: c.retry, Logger: c.logger, UserAgent: c.userAgent}
}

// TokenSource returns the token source the client authenticates with.
func (c *Client) TokenSource() oauth2.TokenSource { return c.tokens }
