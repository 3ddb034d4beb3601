// Package retry is the retry loop that the client's API requests and the
// token sources' OAuth requests share, so that both retry alike.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/internal/transport"
)

// Policy mirrors anypoint.RetryPolicy field for field (the root package
// converts one into the other); see there for what each field means.
type Policy struct {
	MaxRetries    int
	MinBackoff    time.Duration
	MaxBackoff    time.Duration
	MaxRetryAfter time.Duration
}

// Default is anypoint.DefaultRetryPolicy.
var Default = Policy{MaxRetries: 4, MinBackoff: 250 * time.Millisecond, MaxBackoff: 8 * time.Second, MaxRetryAfter: time.Minute}

// Validate refuses negative values and a MaxBackoff below MinBackoff
// (zero fields taken as their defaults).
func (p Policy) Validate() error {
	p = p.withDefaults()
	if p.MaxRetries < 0 || p.MinBackoff < 0 || p.MaxBackoff < 0 || p.MaxRetryAfter < 0 {
		return errors.New("anypoint: retry policy values must not be negative")
	}
	if p.MaxRetries > 0 && p.MaxBackoff < p.MinBackoff {
		return errors.New("anypoint: retry policy MaxBackoff is below MinBackoff")
	}
	return nil
}

// withDefaults fills the zero fields of a policy that retries with the
// defaults' values: a partly filled policy (MaxRetries and MaxBackoff, say)
// must not mean "no cap on Retry-After".
func (p Policy) withDefaults() Policy {
	if p.MaxRetries <= 0 {
		return p
	}
	if p.MinBackoff == 0 {
		p.MinBackoff = Default.MinBackoff
		if p.MaxBackoff > 0 {
			p.MinBackoff = min(p.MinBackoff, p.MaxBackoff)
		}
	}
	if p.MaxBackoff == 0 {
		p.MaxBackoff = max(Default.MaxBackoff, p.MinBackoff)
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = Default.MaxRetryAfter
	}
	return p
}

// Send calls send until it gives an answer worth returning, retrying as the
// policy says. idempotent tells whether the request may be repeated after
// the server may have acted on it. Answers that are retried are drained and
// closed; the last answer (or error) is returned as it came.
//
// A wait that would outlast ctx's deadline is not begun: the answer at hand
// is returned at once, so that the caller gets the platform's 429 (with its
// Retry-After) rather than a bare context error.
func (p Policy) Send(ctx context.Context, idempotent bool, send func() (*http.Response, error)) (*http.Response, error) {
	p = p.withDefaults()
	for attempt := 0; ; attempt++ {
		resp, err := send()
		if attempt >= p.MaxRetries || ctx.Err() != nil {
			return resp, err
		}
		wait, retry := p.decide(resp, err, idempotent, attempt)
		if !retry {
			return resp, err
		}
		if deadline, ok := ctx.Deadline(); ok && resp != nil && time.Now().Add(wait).After(deadline) {
			return resp, err
		}
		if resp != nil {
			transport.DrainAndClose(resp.Body)
		}
		if err := Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// decide says whether to retry and after how long.
func (p Policy) decide(resp *http.Response, err error, idempotent bool, attempt int) (time.Duration, bool) {
	backoff := p.Backoff(attempt)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return 0, false
		}
		return backoff, idempotent || isDialError(err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && idempotent:
	default:
		return 0, false
	}
	if asked := After(resp.Header, time.Now()); asked > 0 {
		if p.MaxRetryAfter > 0 && asked > p.MaxRetryAfter {
			return 0, false
		}
		return asked, true
	}
	return backoff, true
}

// Backoff returns the jittered wait before retry attempt+1.
func (p Policy) Backoff(attempt int) time.Duration {
	if p.MinBackoff <= 0 {
		return 0
	}
	limit := p.MinBackoff << min(attempt, 30)
	if limit <= 0 || (p.MaxBackoff > 0 && limit > p.MaxBackoff) {
		limit = p.MaxBackoff
	}
	return time.Duration(rand.Int64N(int64(limit) + 1))
}

// maxAsked caps a wait the server asks for, in every form alike: past a
// day it says nothing a client can act on.
const maxAsked = 24 * time.Hour

// After reads how long the server asked the client to wait: Retry-After
// in seconds or as an HTTP date, else X-RateLimit-Reset (UTC epoch seconds)
// when X-RateLimit-Remaining is 0.
func After(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			return min(time.Duration(min(secs, 24*3600))*time.Second, maxAsked)
		}
		if t, err := http.ParseTime(v); err == nil {
			return min(max(t.Sub(now), 0), maxAsked)
		}
	}
	if h.Get("X-RateLimit-Remaining") == "0" {
		if secs, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil {
			return min(max(time.Unix(secs, 0).Sub(now), 0), maxAsked)
		}
	}
	return 0
}

// isDialError reports whether err happened before the request could reach
// the server, so that even a POST may be sent again.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// Sleep waits d, or until ctx ends (then it returns ctx's error).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// IsIdempotent reports whether a request with this method may be sent twice.
func IsIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}
