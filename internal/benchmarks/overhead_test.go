package benchmarks

import (
	"context"
	"slices"
	"testing"
	"time"
)

// BenchmarkListEnvironments is the cost of one call: the SDK against the
// hand-written baseline, on the same loopback server, with a token valid
// for a day so that neither side mints during the loop. ns/op and
// allocs/op are the usual Go measures of each side on its own.
func BenchmarkListEnvironments(b *testing.B) {
	ctx := context.Background()
	p := newPlatform(b, func(p *platform) { p.expiresIn = 86400 })

	b.Run("client=sdk", func(b *testing.B) {
		svc := newSDK(b, p, 0, nil)
		page, err := svc.ListEnvironments(ctx, benchOrgID, nil) // mint and connect
		checkPage(b, page, err)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if _, err := svc.ListEnvironments(ctx, benchOrgID, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client=oauth2", func(b *testing.B) {
		bl := newBaseline(p)
		page, err := bl.ListEnvironments(ctx, benchOrgID)
		checkPage(b, page, err)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if _, err := bl.ListEnvironments(ctx, benchOrgID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListEnvironmentsPaired times the two sides call by call, in
// alternating order, so that both see the same machine at the same
// moment: on a shared or busy machine the load drifts more between two
// benchmarks run one after the other than the SDK's overhead amounts to.
// It reports each side's median call and their ratio (sdk/oauth2).
func BenchmarkListEnvironmentsPaired(b *testing.B) {
	ctx := context.Background()
	p := newPlatform(b, func(p *platform) { p.expiresIn = 86400 })
	svc := newSDK(b, p, 0, nil)
	bl := newBaseline(p)
	page, err := svc.ListEnvironments(ctx, benchOrgID, nil)
	checkPage(b, page, err)
	page, err = bl.ListEnvironments(ctx, benchOrgID)
	checkPage(b, page, err)

	sdkCall := func() time.Duration {
		start := time.Now()
		if _, err := svc.ListEnvironments(ctx, benchOrgID, nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	blCall := func() time.Duration {
		start := time.Now()
		if _, err := bl.ListEnvironments(ctx, benchOrgID); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var sdk, base []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			sdk = append(sdk, sdkCall())
			base = append(base, blCall())
		} else {
			base = append(base, blCall())
			sdk = append(sdk, sdkCall())
		}
	}
	b.StopTimer()
	ms, mb := median(sdk), median(base)
	b.ReportMetric(float64(ms.Nanoseconds()), "sdk-ns/call")
	b.ReportMetric(float64(mb.Nanoseconds()), "oauth2-ns/call")
	b.ReportMetric(float64(ms)/float64(mb), "time-ratio")
}

func median(d []time.Duration) time.Duration {
	return percentile(d, 50)
}

// percentile returns the p-th percentile of d (nearest rank); d is sorted
// in place.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := int(float64(len(d))*p/100+0.5) - 1
	return d[min(max(i, 0), len(d)-1)]
}
