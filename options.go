package anypoint

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/urls"
)

// Option sets one setting of a Config: of a Client (NewClient), or of the
// settings a Client and its token source share (NewConfig). Options check
// their input: NewClient and NewConfig return the first error an option
// reports.
type Option func(*Config) error

// WithRegion points the client at one of Anypoint's control planes. The
// default is US.
func WithRegion(r Region) Option {
	return func(c *Config) error {
		base, err := r.BaseURL()
		if err != nil {
			return err
		}
		return WithBaseURL(base)(c)
	}
}

// WithBaseURL points the client at any control plane by its base URL: a
// private control plane, or the fake platform of package anypointtest in
// tests. The URL must use https, except to a loopback host.
func WithBaseURL(rawURL string) Option {
	return func(c *Config) error {
		u, err := urls.ParseBase(rawURL)
		if err != nil {
			return err
		}
		c.baseURL = u
		return nil
	}
}

// WithHTTPClient makes the client send its requests through hc, for a proxy,
// custom TLS or instrumentation. The client adds the Authorization header
// itself: hc should not. The default is a client with go-cleanhttp's pooled
// transport and no overall timeout (every call takes a context: use its
// deadline).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Config) error {
		if hc == nil {
			return errors.New("anypoint: WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithUserAgent puts product (such as "terraform-provider-anypoint/1.2.0")
// before the SDK's own User-Agent.
func WithUserAgent(product string) Option {
	return func(c *Config) error {
		product = strings.TrimSpace(product)
		if product == "" || strings.ContainsAny(product, "\r\n") {
			return errors.New("anypoint: WithUserAgent: empty or multi-line user agent")
		}
		c.userAgent = product + " " + defaultUserAgent
		return nil
	}
}

// WithRetry sets how the client retries failed requests; NoRetry() turns
// retries off. See RetryPolicy for what is retried. The SDK's token sources
// use the same policy for their token requests unless they were given their
// own.
func WithRetry(p RetryPolicy) Option {
	return func(c *Config) error {
		rp := retry.Policy(p)
		if err := rp.Validate(); err != nil {
			return err
		}
		c.retry = &rp
		return nil
	}
}

// WithLogger makes the client log each HTTP exchange at level Debug (method,
// redacted URL, status, attempt, duration) and each retry and token
// replacement at Info. Secrets are never logged. The default logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *Config) error {
		if l == nil {
			return errors.New("anypoint: WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// DefaultMaxResponseSize is how large a successful answer the client
// decodes unless WithMaxResponseSize says otherwise: 32 MiB, far above
// any answer of the wrapped APIs (a page of 500 environments is about
// 100 KiB), and small enough that a broken or hostile server cannot make
// the program allocate gigabytes.
const DefaultMaxResponseSize = 32 << 20

// WithMaxResponseSize sets how many bytes of a successful answer the
// client decodes; a larger answer is a *DecodeError matching
// ErrResponseTooLarge. It does not limit an answer that Do copies into an
// io.Writer.
func WithMaxResponseSize(n int64) Option {
	return func(c *Config) error {
		if n <= 0 {
			return errors.New("anypoint: WithMaxResponseSize: the limit must be positive")
		}
		c.maxResponse = n
		return nil
	}
}
