package anypoint_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
	"golang.org/x/oauth2"
)

// A Retry-After exactly at the cap is waited for; one a second above it ends
// the retries at once with a *RateLimitError. The cap is a minute by
// default, and in a policy that leaves MaxRetryAfter zero.
func TestRetryAfterAtTheCap(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy *anypoint.RetryPolicy // nil: the client's default
		cap    time.Duration
	}{
		{"default policy", nil, time.Minute},
		{"MaxRetryAfter left zero", &anypoint.RetryPolicy{MaxRetries: 3}, time.Minute},
		{"MaxRetryAfter 2s", &anypoint.RetryPolicy{MaxRetries: 3, MaxRetryAfter: 2 * time.Second}, 2 * time.Second},
	} {
		if tc.policy == nil && anypoint.DefaultRetryPolicy().MaxRetryAfter != time.Minute {
			t.Errorf("DefaultRetryPolicy().MaxRetryAfter = %v; the doc says a minute", anypoint.DefaultRetryPolicy().MaxRetryAfter)
		}
		for _, over := range []bool{false, true} {
			secs := int(tc.cap / time.Second)
			if over {
				secs++
			}
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
				writeText(w, http.StatusTooManyRequests, "slow down")
			})
			opts := []anypoint.Option{anypoint.WithBaseURL(srv.URL)}
			if tc.policy != nil {
				opts = append(opts, anypoint.WithRetry(*tc.policy))
			}
			c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}), opts...)
			if err != nil {
				t.Fatal(err)
			}
			// The caller gives up after 100ms: a retry that waits shows
			// as the context's end, one refused as the 429 at once.
			ctx, cancel := context.WithCancel(context.Background())
			timer := time.AfterFunc(100*time.Millisecond, cancel)
			err = c.Call(ctx, http.MethodGet, "/x", nil, nil)
			timer.Stop()
			cancel()
			var rl *anypoint.RateLimitError
			switch {
			case !over && !errors.Is(err, context.Canceled):
				t.Errorf("%s: Retry-After %ds (the cap): err = %v; want the wait taken (ended by the caller)", tc.name, secs, err)
			case over && (!errors.As(err, &rl) || rl.RetryAfter != time.Duration(secs)*time.Second):
				t.Errorf("%s: Retry-After %ds (over the cap): err = %v; want a *RateLimitError at once", tc.name, secs, err)
			}
			if srv.count() != 1 {
				t.Errorf("%s, Retry-After %ds: %d requests, want 1", tc.name, secs, srv.count())
			}
		}
	}
}

// A policy that sets only a MinBackoff above the default MaxBackoff (8s)
// is valid: the zero MaxBackoff takes the larger of the two.
func TestRetryPolicyMinBackoffAboveTheDefaultMax(t *testing.T) {
	_, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}),
		anypoint.WithRetry(anypoint.RetryPolicy{MaxRetries: 3, MinBackoff: 10 * time.Second}))
	if err != nil {
		t.Errorf("NewClient = %v; want the policy accepted", err)
	}
	_, err = anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}),
		anypoint.WithRetry(anypoint.RetryPolicy{MaxRetries: 3, MinBackoff: 10 * time.Second, MaxBackoff: time.Second}))
	if err == nil {
		t.Error("a MaxBackoff below MinBackoff was accepted")
	}
}
