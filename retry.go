package anypoint

import (
	"time"

	"github.com/anypoint-go/anypoint/internal/retry"
)

// RetryPolicy says how the client retries a request that failed for a reason
// that may pass: a connection error, a 429, or a 5xx answer.
//
// Only requests that are safe to send twice are retried after the server may
// have acted on them: GET, HEAD, OPTIONS, PUT and DELETE, and calls to the
// OAuth 2.0 token endpoint. POST and PATCH are retried only when the server
// certainly did not act: a 429, or a connection that could not be opened.
//
// The wait before retry n is a random duration (full jitter) up to
// MinBackoff·2ⁿ, at most MaxBackoff; a Retry-After or X-RateLimit-Reset
// header from the server takes precedence, up to MaxRetryAfter. The wait ends
// at once when the request's context ends.
//
// The zero RetryPolicy retries nothing. In a policy that retries, a zero
// MinBackoff, MaxBackoff or MaxRetryAfter means the default's value, never
// "no limit": RetryPolicy{MaxRetries: 3} caps Retry-After at a minute. A
// wait the server asks for is capped at a day in every form (seconds, an
// HTTP date, X-RateLimit-Reset), and a wait that would outlast the
// request's context deadline is not begun: the caller gets the
// *RateLimitError (or the 5xx *Error) at once, with the wait the platform
// asked for.
type RetryPolicy struct {
	// MaxRetries is how many times a request is sent again after its first
	// attempt. Zero disables retries.
	MaxRetries int
	// MinBackoff is the base of the exponential backoff.
	MinBackoff time.Duration
	// MaxBackoff caps one computed wait.
	MaxBackoff time.Duration
	// MaxRetryAfter caps a wait the server asks for; a longer Retry-After
	// ends the retries and the caller gets a *RateLimitError. Zero means
	// the default, a minute.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy returns what NewClient uses without WithRetry: 4
// retries, backoff from 250 ms up to 8 s, and at most a minute of
// Retry-After.
func DefaultRetryPolicy() RetryPolicy { return RetryPolicy(retry.Default) }

// NoRetry returns the policy that disables retries: WithRetry(NoRetry()).
func NoRetry() RetryPolicy { return RetryPolicy{} }
