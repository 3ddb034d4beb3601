package benchmarks

import (
	"context"
	"flag"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

var (
	refreshDuration = flag.Duration("refresh.duration", 4*time.Second, "how long BenchmarkRefreshUnderLoad keeps each client under load")
	refreshWorkers  = flag.Int("refresh.workers", 32, "goroutines calling in BenchmarkRefreshUnderLoad")
	refreshPace     = flag.Duration("refresh.pace", 10*time.Millisecond, "interval between the calls of one goroutine in BenchmarkRefreshUnderLoad")
)

// The refresh scenario: tokens live 200 ms and the token endpoint takes
// 50 ms to answer.
const (
	loadTokenLifetime = 200 * time.Millisecond
	loadTokenLatency  = 50 * time.Millisecond
)

// loadConfig is one run of the refresh scenario.
type loadConfig struct {
	duration time.Duration
	workers  int
	pace     time.Duration
	lifetime time.Duration
	latency  time.Duration
}

func defaultLoad() loadConfig {
	return loadConfig{duration: *refreshDuration, workers: *refreshWorkers, pace: *refreshPace, lifetime: loadTokenLifetime, latency: loadTokenLatency}
}

// sample is one call: when it started and how long it took.
type sample struct {
	start time.Time
	took  time.Duration
}

// loadResult sums up a run.
type loadResult struct {
	calls, errors int
	mints         int
	p50, p99      time.Duration // every call
	p99Steady     time.Duration // calls that overlapped no token request
	p99Refresh    time.Duration // calls that overlapped a token request
	refreshCalls  int
	firstErr      error
}

// loadTransport is the transport both sides use under load: go-cleanhttp's
// pooled transport (the SDK's default) with room for an idle connection per
// worker, so that neither side's numbers include connection churn.
func loadTransport(workers int) *http.Transport {
	t := cleanhttp.DefaultPooledTransport()
	t.MaxIdleConnsPerHost = workers
	return t
}

// runLoad has cfg.workers goroutines each call once every cfg.pace for
// cfg.duration, and classifies every call by whether its span overlapped a
// token request at the server (a "refresh window").
func runLoad(p *platform, cfg loadConfig, call func(context.Context) error) loadResult {
	ctx := context.Background()
	minted0 := p.minted.Load()
	var (
		mu       sync.Mutex
		samples  []sample
		errCount atomic.Int64
		firstErr atomic.Value
		wg       sync.WaitGroup
	)
	began := time.Now()
	deadline := began.Add(cfg.duration)
	for w := range cfg.workers {
		wg.Go(func() {
			var mine []sample
			// Spread the workers over one pace interval.
			next := began.Add(cfg.pace * time.Duration(w) / time.Duration(cfg.workers))
			for {
				if d := time.Until(next); d > 0 {
					time.Sleep(d)
				}
				start := time.Now()
				if start.After(deadline) {
					break
				}
				err := call(ctx)
				mine = append(mine, sample{start, time.Since(start)})
				if err != nil {
					errCount.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
				next = next.Add(cfg.pace)
				if now := time.Now(); next.Before(now) {
					next = now // a slow call: do not burst to catch up
				}
			}
			mu.Lock()
			samples = append(samples, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()

	var windows []window
	for _, w := range p.tokenWindows() {
		if !w.to.Before(began) {
			windows = append(windows, w)
		}
	}
	var all, steady, refresh []time.Duration
	for _, s := range samples {
		all = append(all, s.took)
		if overlaps(s, windows) {
			refresh = append(refresh, s.took)
		} else {
			steady = append(steady, s.took)
		}
	}
	r := loadResult{
		calls:        len(samples),
		errors:       int(errCount.Load()),
		mints:        int(p.minted.Load() - minted0),
		refreshCalls: len(refresh),
	}
	if e, ok := firstErr.Load().(error); ok {
		r.firstErr = e
	}
	r.p50, r.p99 = percentile(all, 50), percentile(all, 99)
	r.p99Steady, r.p99Refresh = percentile(steady, 99), percentile(refresh, 99)
	return r
}

// overlaps reports whether s ran while a token request was in flight.
func overlaps(s sample, windows []window) bool {
	end := s.start.Add(s.took)
	for _, w := range windows {
		if !s.start.After(w.to) && !end.Before(w.from) {
			return true
		}
	}
	return false
}

// lifetimeSource fetches client-credentials tokens with x/oauth2 and
// stamps them with an expiry of lifetime from when it asked, as the SDK
// does when the token endpoint states no expires_in. (x/oauth2 reads
// lifetimes only from expires_in, in whole seconds; this wrapper is the
// honest way to give it the same 200 ms tokens.)
type lifetimeSource struct {
	ctx      context.Context
	cfg      *clientcredentials.Config
	lifetime time.Duration
}

func (s lifetimeSource) Token() (*oauth2.Token, error) {
	start := time.Now()
	tok, err := s.cfg.Token(s.ctx) // Config.Token fetches every time
	if err != nil {
		return nil, err
	}
	tok.Expiry = start.Add(s.lifetime)
	return tok, nil
}

// newLoadSDK is the SDK under load: 200 ms assumed lifetime (the token
// endpoint sends no expires_in).
func newLoadSDK(tb testing.TB, p *platform, cfg loadConfig) func(context.Context) error {
	svc := newSDK(tb, p, cfg.lifetime, &http.Client{Transport: loadTransport(cfg.workers)})
	return func(ctx context.Context) error {
		_, err := svc.ListEnvironments(ctx, benchOrgID, nil)
		return err
	}
}

// newLoadOAuth2 is x/oauth2 under load: oauth2.ReuseTokenSourceWithExpiry
// over a client-credentials source whose tokens live 200 ms. It stops using
// a token a tenth of its lifetime before its end, as the SDK does.
func newLoadOAuth2(p *platform, cfg loadConfig) func(context.Context) error {
	tr := loadTransport(cfg.workers)
	cc := &clientcredentials.Config{ClientID: benchAppID, ClientSecret: benchSecret, TokenURL: p.URL() + tokenPath, AuthStyle: oauth2.AuthStyleInParams}
	hctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: tr})
	ts := oauth2.ReuseTokenSourceWithExpiry(nil, lifetimeSource{ctx: hctx, cfg: cc, lifetime: cfg.lifetime}, cfg.lifetime/10)
	bl := newBaselineFrom(p, ts, tr)
	return func(ctx context.Context) error {
		_, err := bl.ListEnvironments(ctx, benchOrgID)
		return err
	}
}

// BenchmarkRefreshUnderLoad keeps each client busy while its tokens expire
// every 200 ms and the token endpoint takes 50 ms to answer, and reports
// call latencies: overall, in steady state, and for calls that overlapped a
// token request (p99-refresh-ms). One iteration is one whole run; use
// -benchtime=1x.
func BenchmarkRefreshUnderLoad(b *testing.B) {
	cfg := defaultLoad()
	clients := []struct {
		name string
		make func(*platform) func(context.Context) error
	}{
		{"client=sdk", func(p *platform) func(context.Context) error { return newLoadSDK(b, p, cfg) }},
		{"client=oauth2", func(p *platform) func(context.Context) error { return newLoadOAuth2(p, cfg) }},
	}
	for _, c := range clients {
		b.Run(c.name, func(b *testing.B) {
			p := newPlatform(b, func(p *platform) { p.tokenLatency = cfg.latency })
			call := c.make(p)
			if err := call(context.Background()); err != nil { // first token
				b.Fatal(err)
			}
			var r loadResult
			for b.Loop() {
				r = runLoad(p, cfg, call)
			}
			if r.errors > 0 {
				b.Fatalf("%d of %d calls failed; first: %v", r.errors, r.calls, r.firstErr)
			}
			reportLoad(b, r)
		})
	}
}

func reportLoad(b *testing.B, r loadResult) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(r.p50), "p50-ms")
	b.ReportMetric(ms(r.p99), "p99-ms")
	b.ReportMetric(ms(r.p99Steady), "p99-steady-ms")
	b.ReportMetric(ms(r.p99Refresh), "p99-refresh-ms")
	b.ReportMetric(float64(r.calls), "calls")
	b.ReportMetric(float64(r.refreshCalls), "refresh-calls")
	b.ReportMetric(float64(r.mints), "mints")
	b.ReportMetric(0, "ns/op") // one op is a whole run: its time says nothing
}
