package benchmarks

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
)

// pacingRun is what callers achieved against an enforced rate limit.
type pacingRun struct {
	ok        int64 // calls that succeeded in the measured windows
	limited   int64 // calls that failed with ErrRateLimited (a 429 reached the caller)
	failed    int64 // calls that failed otherwise
	server429 int   // 429s the platform answered (retried or not)
	windows   int
	limit     int
}

// ratio is the throughput against the limit: successful calls per window
// over the limit.
func (r pacingRun) ratio() float64 { return float64(r.ok) / float64(r.windows*r.limit) }

// runPacing has callers goroutines call ListEnvironments on the fake
// platform, which enforces limit requests per window, for windows whole
// windows (measured from a window's start). pacing turns the client's
// pacing on or off.
func runPacing(tb testing.TB, callers, limit int, window time.Duration, windows int, pacing bool) pacingRun {
	tb.Helper()
	srv := anypointtest.NewTestServer(tb, anypointtest.WithRateLimit(limit, window))
	app, _ := srv.App(anypointtest.AdminAppID) // holds view:environment
	ts := connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()), anypoint.WithRateLimitPacing(pacing))
	if err != nil {
		tb.Fatal(err)
	}
	svc := accounts.New(c)
	if _, err := svc.ListEnvironments(context.Background(), anypointtest.OrgID, nil); err != nil {
		tb.Fatal(err) // the token, and the first announcement
	}

	// Start on a window's edge (the fake's windows are aligned to its
	// clock, here the wall clock), so every measured window is whole.
	now := time.Now()
	start := now.Truncate(window).Add(window)
	time.Sleep(start.Sub(now))
	srv.ResetRequestLog()
	end := start.Add(time.Duration(windows) * window)
	ctx, cancel := context.WithDeadline(context.Background(), end)
	defer cancel()

	var run pacingRun
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for ctx.Err() == nil {
				_, err := svc.ListEnvironments(ctx, anypointtest.OrgID, nil)
				switch {
				case err == nil:
					if time.Now().Before(end) {
						atomic.AddInt64(&run.ok, 1)
					}
				case ctx.Err() != nil:
					// the run ended while the call waited its turn
				case errors.Is(err, anypoint.ErrRateLimited):
					atomic.AddInt64(&run.limited, 1)
				default:
					atomic.AddInt64(&run.failed, 1)
					tb.Errorf("call failed: %v", err)
				}
			}
		})
	}
	wg.Wait()
	for _, r := range srv.RequestLog() {
		if r.Status == http.StatusTooManyRequests {
			run.server429++
		}
	}
	run.windows, run.limit = windows, limit
	return run
}

// Pacing against the scaled limit: no 429 at all, and most of the limit
// used. Without pacing the same callers meet 429s.
func TestPacingKeepsUnderTheLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds")
	}
	on := runPacing(t, 40, 50, time.Second, 2, true)
	if on.limited != 0 || on.server429 != 0 {
		t.Fatalf("with pacing, %d 429s at the platform and %d reached callers; want none", on.server429, on.limited)
	}
	if on.ratio() < 0.9 {
		t.Fatalf("with pacing, %d calls in %d windows of %d: %.2f of the limit; want at least 0.9", on.ok, on.windows, on.limit, on.ratio())
	}
	off := runPacing(t, 40, 50, time.Second, 2, false)
	if off.server429 == 0 {
		t.Fatalf("without pacing the platform answered no 429 to %d calls: the test cannot tell pacing from none", off.ok)
	}
	t.Logf("pacing on: %d calls (%.2f of the limit), 0 429s; off: %d calls, %d 429s at the platform, %d reached callers",
		on.ok, on.ratio(), off.ok, off.server429, off.limited)
}

// BenchmarkPacing is scripts/bench's pacing row: 200 concurrent callers
// against a limit of 500 a window, the minute scaled down to 2 seconds so
// that the run takes seconds. Run it with -test.benchtime 1x.
func BenchmarkPacing(b *testing.B) {
	var r pacingRun
	for b.Loop() {
		r = runPacing(b, 200, 500, 2*time.Second, 4, true)
	}
	b.ReportMetric(float64(r.ok), "calls")
	b.ReportMetric(r.ratio(), "limit-ratio")
	b.ReportMetric(float64(r.limited), "caller-429s")
	b.ReportMetric(float64(r.server429), "server-429s")
	b.ReportMetric(float64(r.failed), "failed-calls")
}
