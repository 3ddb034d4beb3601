package anypoint

import (
	"errors"
	"net/http"

	"github.com/anypoint-go/anypoint/internal/ratelimit"
)

// pacingSettings are the client's rate-limit pacing options.
type pacingSettings struct {
	off   bool
	share float64 // 0 means all of each limit
}

// WithRateLimitPacing turns the client's pacing off (false) or on (true, the
// default).
//
// The platform announces its rate limits in every answer of the APIs that
// have them (X-RateLimit-Limit, X-RateLimit-Remaining, and X-RateLimit-Reset,
// the end of the window). A pacing client keeps what they say, per control
// plane (host) and per announced limit, in one place for the whole process:
// every client and goroutine draws on the same budget. Once the window's
// budget is spent, calls wait for the window to end instead of being refused
// with 429 (their context bounds the wait). A 429 that still comes (another
// program spent the budget, or the server counts differently) is retried as
// RetryPolicy says. Hosts and endpoints that announce nothing are not paced.
// Turn it off for a caller that must never wait, and handles 429s itself.
func WithRateLimitPacing(on bool) Option {
	return func(c *Config) error {
		c.pacing.off = !on
		return nil
	}
}

// WithRateLimitShare makes the client use at most share (0 < share ≤ 1) of
// each rate limit the platform announces, per window: with N replicas of a
// service, each started with WithRateLimitShare(1.0/N), the fleet stays
// under a limit that counts all of them (the platform counts per connected
// app, not per replica). Without it a client uses all of what the platform
// says remains, which already leaves out what other replicas have spent;
// replicas then compete for the last requests of a window, and the losers
// get a 429, which is retried. See docs/guide.md, "Running many replicas".
func WithRateLimitShare(share float64) Option {
	return func(c *Config) error {
		if !(share > 0 && share <= 1) {
			return errors.New("anypoint: WithRateLimitShare: the share must be above 0 and at most 1")
		}
		c.pacing.share = share
		return nil
	}
}

// paced wraps the client's transport in the process's rate-limit pacer,
// unless pacing is off.
func (c *Client) paced(next http.RoundTripper) http.RoundTripper {
	if c.pacing.off {
		return next
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &ratelimit.Transport{Next: next, Pacer: ratelimit.Default, Share: c.pacing.share}
}
