package anypoint

import (
	"log/slog"
	"net/http"
	"net/url"

	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/transport"
	"github.com/anypoint-go/anypoint/internal/urls"
)

// Config is the settings that a Client and the SDK's token sources share:
// the control plane, the HTTP client, the retry policy, the logger and the
// user agent. Build one with NewConfig, from the same options NewClient
// takes, and hand it to both: to the credential (the Config field of every
// credential of package connectedapps) and to the client (WithConfig). Each
// copies what it needs when it is made; neither changes the other later,
// and a Config never changes once built.
//
//	cfg, err := anypoint.NewConfig(anypoint.WithRegion(anypoint.EU))
//	ts := connectedapps.ClientCredentials{ClientID: id, ClientSecret: secret, Config: cfg}.TokenSource()
//	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
//
// The zero Config is the defaults: the US control plane, the process-wide
// connection pool, DefaultRetryPolicy, no logging.
type Config struct {
	baseURL    *url.URL
	httpClient *http.Client
	retry      *retry.Policy
	logger     *slog.Logger
	userAgent  string
	// maxResponse bounds a decoded answer (WithMaxResponseSize); token
	// sources do not use it.
	maxResponse int64
	// pacing is the client's rate-limit pacing (WithRateLimitPacing,
	// WithRateLimitShare); token sources do not use it.
	pacing pacingSettings
}

// NewConfig returns the settings the options describe; it reports the first
// error an option reports. It makes no network call.
func NewConfig(opts ...Option) (Config, error) {
	var cfg Config
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return Config{}, err
		}
	}
	return cfg, nil
}

// WithConfig applies every setting of cfg: NewClient(ts, WithConfig(cfg))
// talks to cfg's control plane, through cfg's HTTP client, with cfg's retry
// policy, logger and user agent. Options after it override single settings.
func WithConfig(cfg Config) Option {
	return func(c *Config) error {
		*c = cfg
		return nil
	}
}

// BaseURL returns the control plane's base URL (US unless WithRegion or
// WithBaseURL said otherwise).
func (cfg Config) BaseURL() *url.URL {
	if cfg.baseURL == nil {
		u, _ := urls.ParseBase(regionHosts[US])
		return u
	}
	u := *cfg.baseURL
	return &u
}

// HTTPClient returns the HTTP client the requests go through: the one
// WithHTTPClient gave, else a client on the process-wide connection pool.
func (cfg Config) HTTPClient() *http.Client {
	if cfg.httpClient == nil {
		return &http.Client{Transport: transport.Shared()}
	}
	return cfg.httpClient
}

// RetryPolicy returns how failed requests are retried.
func (cfg Config) RetryPolicy() RetryPolicy {
	if cfg.retry == nil {
		return RetryPolicy(retry.Default)
	}
	return RetryPolicy(*cfg.retry)
}

// Logger returns where requests are logged; it discards everything unless
// WithLogger gave a logger.
func (cfg Config) Logger() *slog.Logger {
	if cfg.logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return cfg.logger
}

// UserAgent returns the User-Agent header sent with every request.
func (cfg Config) UserAgent() string {
	if cfg.userAgent == "" {
		return defaultUserAgent
	}
	return cfg.userAgent
}

func (cfg Config) maxResponseSize() int64 {
	if cfg.maxResponse <= 0 {
		return DefaultMaxResponseSize
	}
	return cfg.maxResponse
}
