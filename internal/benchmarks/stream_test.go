package benchmarks

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/accounts"
)

// heapMetric is the bytes of heap objects, live or not yet swept: what the
// walk makes the heap hold at any moment.
const heapMetric = "/memory/classes/heap/objects:bytes"

// heapPeak samples the heap every interval until stop is called, and
// returns the highest value seen.
func heapPeak(interval time.Duration) (stop func() uint64) {
	s := []metrics.Sample{{Name: heapMetric}}
	read := func() uint64 {
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	var (
		peak = read()
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return max(peak, read())
	}
}

// streamEnvironments walks n generated environments through
// AllEnvironments and returns how many it saw and the heap's peak above
// where it stood before the walk.
func streamEnvironments(svc *accounts.Service) (count int, peakAbove uint64, err error) {
	return walkPeak(svc.AllEnvironments(context.Background(), benchOrgID, nil))
}

// walkPeak walks seq to its end and returns how many items it saw and the
// heap's peak above where it stood before the walk.
func walkPeak[T any](seq iter.Seq2[T, error]) (count int, peakAbove uint64, err error) {
	base := heapBase()
	stop := heapPeak(time.Millisecond)
	var last T
	for e, err := range seq {
		if err != nil {
			stop()
			return count, 0, err
		}
		last = e
		count++
	}
	peak := stop()
	runtime.KeepAlive(last)
	if peak < base {
		return count, 0, nil
	}
	return count, peak - base, nil
}

// BenchmarkAllEnvironments streams 10,000 and 100,000 environments, 100 a
// page, from a server that builds each page when asked, and reports the
// heap's peak during the walk (above where it stood before). A stream holds
// one page at a time, so the two should be about equal. The server runs in
// the same process; it too holds one page at a time.
func BenchmarkAllEnvironments(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("envs=%d", n), func(b *testing.B) {
			p := newPlatform(b, func(p *platform) { p.generated = n; p.expiresIn = 86400 })
			svc := newSDK(b, p, 0, nil)
			var peak uint64
			for b.Loop() {
				count, above, err := streamEnvironments(svc)
				if err != nil {
					b.Fatal(err)
				}
				if count != n {
					b.Fatalf("walked %d environments, want %d", count, n)
				}
				peak = max(peak, above)
			}
			b.ReportMetric(float64(peak)/(1<<10), "peak-heap-KiB")
		})
	}
}
