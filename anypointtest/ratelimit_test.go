package anypointtest_test

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
)

func TestWithRateLimitEnforcesItsWindow(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1_800_000_001, 0) // one second into a 2-second window
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(clock), anypointtest.WithRateLimit(3, 2*time.Second))

	reset := strconv.FormatInt(1_800_000_002, 10)
	for i := range 3 {
		a := do(t, srv, http.MethodGet, anypointtest.MePath, "", nil)
		if a.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("request %d of a limit of 3 was refused", i+1)
		}
		if a.Header.Get("X-RateLimit-Limit") != "3" || a.Header.Get("X-RateLimit-Remaining") != strconv.Itoa(2-i) || a.Header.Get("X-RateLimit-Reset") != reset {
			t.Fatalf("request %d announced limit %q remaining %q reset %q; want 3, %d, %s", i+1,
				a.Header.Get("X-RateLimit-Limit"), a.Header.Get("X-RateLimit-Remaining"), a.Header.Get("X-RateLimit-Reset"), 2-i, reset)
		}
	}
	a := do(t, srv, http.MethodGet, anypointtest.MePath, "", nil).want(t, http.StatusTooManyRequests)
	if a.Header.Get("Retry-After") != "1" || a.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("the 429 has Retry-After %q and remaining %q; want 1 and 0", a.Header.Get("Retry-After"), a.Header.Get("X-RateLimit-Remaining"))
	}
	var body struct {
		Status int
	}
	a.json(t, &body)
	if body.Status != 429 {
		t.Fatalf("the 429's body says status %d", body.Status)
	}

	mu.Lock()
	now = now.Add(time.Second) // the next window
	mu.Unlock()
	if a := do(t, srv, http.MethodGet, anypointtest.MePath, "", nil); a.StatusCode == http.StatusTooManyRequests || a.Header.Get("X-RateLimit-Remaining") != "2" {
		t.Fatalf("the next window answered %d with remaining %q", a.StatusCode, a.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestDefaultRateLimitIsAnnouncedNotEnforced(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	for range anypointtest.DefaultRateLimit + 5 {
		a := do(t, srv, http.MethodGet, anypointtest.MePath, "", nil)
		if a.StatusCode == http.StatusTooManyRequests {
			t.Fatal("the default limit was enforced")
		}
	}
	a := do(t, srv, http.MethodGet, anypointtest.MePath, "", nil)
	if a.Header.Get("X-RateLimit-Limit") != strconv.Itoa(anypointtest.DefaultRateLimit) {
		t.Fatalf("announced limit %q; want %d", a.Header.Get("X-RateLimit-Limit"), anypointtest.DefaultRateLimit)
	}
}
