package retry

import (
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
