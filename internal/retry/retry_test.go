package retry

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	epoch := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	for _, tc := range []struct {
		name string
		h    http.Header
		want time.Duration
	}{
		{"none", http.Header{}, 0},
		{"seconds", http.Header{"Retry-After": {"7"}}, 7 * time.Second},
		{"seconds with spaces", http.Header{"Retry-After": {" 2 "}}, 2 * time.Second},
		{"zero", http.Header{"Retry-After": {"0"}}, 0},
		{"negative", http.Header{"Retry-After": {"-5"}}, 0},
		{"huge is capped at a day", http.Header{"Retry-After": {"99999999999"}}, 24 * time.Hour},
		{"http date", http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, 90 * time.Second},
		{"http date in the past", http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 0},
		{"garbage", http.Header{"Retry-After": {"soon"}}, 0},
		{"reset when none remain", http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {epoch(30 * time.Second)}}, 30 * time.Second},
		{"reset ignored while some remain", http.Header{"X-Ratelimit-Remaining": {"3"}, "X-Ratelimit-Reset": {epoch(30 * time.Second)}}, 0},
		{"reset in the past", http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {epoch(-30 * time.Second)}}, 0},
		{"reset garbage", http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"x"}}, 0},
		{"retry-after wins", http.Header{"Retry-After": {"3"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {epoch(30 * time.Second)}}, 3 * time.Second},
		{"bad retry-after falls back to reset", http.Header{"Retry-After": {"x"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {epoch(4 * time.Second)}}, 4 * time.Second},
	} {
		if got := After(tc.h, now); got != tc.want {
			t.Errorf("%s: retryAfter = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBackoffStaysWithinBounds(t *testing.T) {
	p := Policy{MaxRetries: 10, MinBackoff: 10 * time.Millisecond, MaxBackoff: 80 * time.Millisecond}
	for attempt := range 40 {
		limit := min(p.MinBackoff<<min(attempt, 30), p.MaxBackoff)
		for range 50 {
			if d := p.Backoff(attempt); d < 0 || d > limit {
				t.Fatalf("backoff(%d) = %v, want 0..%v", attempt, d, limit)
			}
		}
	}
	if d := (Policy{}).Backoff(3); d != 0 {
		t.Errorf("backoff without MinBackoff = %v, want 0", d)
	}
}

func TestIsIdempotent(t *testing.T) {
	for m, want := range map[string]bool{"GET": true, "HEAD": true, "PUT": true, "DELETE": true, "OPTIONS": true, "POST": false, "PATCH": false} {
		if got := IsIdempotent(m); got != want {
			t.Errorf("isIdempotent(%s) = %v", m, got)
		}
	}
}

// A partly filled policy takes the defaults for its zero fields: no cap is
// ever "unlimited".
func TestZeroFieldsMeanTheDefaults(t *testing.T) {
	p := Policy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond}.withDefaults()
	if p.MaxRetryAfter != Default.MaxRetryAfter {
		t.Errorf("MaxRetryAfter = %v, want the default %v", p.MaxRetryAfter, Default.MaxRetryAfter)
	}
	p = Policy{MaxRetries: 1}.withDefaults()
	if p != (Policy{MaxRetries: 1, MinBackoff: Default.MinBackoff, MaxBackoff: Default.MaxBackoff, MaxRetryAfter: Default.MaxRetryAfter}) {
		t.Errorf("withDefaults = %+v", p)
	}
	p = Policy{MaxRetries: 1, MaxBackoff: time.Millisecond}.withDefaults()
	if p.MinBackoff != time.Millisecond || p.Validate() != nil {
		t.Errorf("a small MaxBackoff alone: %+v, %v", p, p.Validate())
	}
	if (Policy{}).withDefaults() != (Policy{}) {
		t.Error("the zero policy (no retries) changed")
	}
}

// Every form of a server's wait is capped alike, the HTTP date too.
func TestAfterCapsEveryForm(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, h := range []http.Header{
		{"Retry-After": {"99999999999"}},
		{"Retry-After": {"Fri, 31 Dec 9999 23:59:59 GMT"}},
		{"Retry-After": {now.AddDate(100, 0, 0).Format(http.TimeFormat)}},
		{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"253402300799"}},
	} {
		if got := After(h, now); got != maxAsked {
			t.Errorf("After(%v) = %v, want the cap %v", h, got, maxAsked)
		}
	}
}

// A server's wait beyond MaxRetryAfter (the default, for a partly filled
// policy) ends the retries at once instead of sleeping until the context
// ends.
func TestPartlyFilledPolicyDoesNotSleepForAFarDate(t *testing.T) {
	calls := 0
	p := Policy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond}
	start := time.Now()
	resp, err := p.Send(context.Background(), true, func() (*http.Response, error) {
		calls++
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {time.Now().AddDate(100, 0, 0).UTC().Format(http.TimeFormat)}}, Body: http.NoBody}, nil
	})
	if err != nil || resp.StatusCode != http.StatusTooManyRequests || calls != 1 {
		t.Fatalf("resp %v, err %v, %d calls; want the 429 after one call", resp, err, calls)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Send took %v", d)
	}
}

// A wait that would outlast the context's deadline is not begun: the 429
// comes back at once.
func TestWaitBeyondTheDeadlineReturnsTheAnswer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	calls := 0
	resp, err := Default.Send(ctx, true, func() (*http.Response, error) {
		calls++
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"30"}}, Body: http.NoBody}, nil
	})
	if err != nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests || calls != 1 {
		t.Fatalf("resp %v, err %v, %d calls; want the 429 at once", resp, err, calls)
	}
	if ctx.Err() != nil {
		t.Fatal("Send waited until the deadline")
	}
}
