package benchmarks

import (
	"context"
	"testing"
	"time"
)

// The benchmarks run only with -bench. These tests run each harness
// briefly under plain `go test` (and -race), so that a change that breaks
// one is caught before anyone runs scripts/bench.

func TestOverheadHarness(t *testing.T) {
	ctx := context.Background()
	p := newPlatform(t, func(p *platform) { p.expiresIn = 86400 })
	svc, bl := newSDK(t, p, 0, nil), newBaseline(p)
	for range 3 {
		page, err := svc.ListEnvironments(ctx, benchOrgID, nil)
		checkPage(t, page, err)
		page, err = bl.ListEnvironments(ctx, benchOrgID)
		checkPage(t, page, err)
	}
	if got := p.minted.Load(); got != 2 {
		t.Errorf("the two clients minted %d tokens; want one each", got)
	}
}

func TestRefreshHarness(t *testing.T) {
	cfg := loadConfig{duration: 300 * time.Millisecond, workers: 8, pace: 5 * time.Millisecond, lifetime: 100 * time.Millisecond, latency: 10 * time.Millisecond}
	for name, mk := range map[string]func(*platform) func(context.Context) error{
		"sdk":    func(p *platform) func(context.Context) error { return newLoadSDK(t, p, cfg) },
		"oauth2": func(p *platform) func(context.Context) error { return newLoadOAuth2(p, cfg) },
	} {
		t.Run(name, func(t *testing.T) {
			p := newPlatform(t, func(p *platform) { p.tokenLatency = cfg.latency })
			r := runLoad(p, cfg, mk(p))
			if r.errors > 0 {
				t.Fatalf("%d of %d calls failed; first: %v", r.errors, r.calls, r.firstErr)
			}
			// 300 ms of 100 ms tokens: at least two more tokens after the first.
			if r.calls == 0 || r.mints < 2 || r.refreshCalls == 0 {
				t.Errorf("got %d calls, %d mints, %d calls during a refresh; want some of each", r.calls, r.mints, r.refreshCalls)
			}
		})
	}
}

func TestStreamHarness(t *testing.T) {
	const n = 1234 // 13 pages, the last one short
	p := newPlatform(t, func(p *platform) { p.generated = n; p.expiresIn = 86400 })
	count, _, err := streamEnvironments(newSDK(t, p, 0, nil))
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Errorf("walked %d environments, want %d", count, n)
	}
}
