package benchmarks

import (
	"context"
	"testing"
)

// callsForConnections is how many sequential calls the connection check
// makes.
const callsForConnections = 1000

// sequentialConnections makes calls sequential calls through one SDK client
// with its default transport, and returns how many TCP connections the
// server saw opened (the token request included).
func sequentialConnections(tb testing.TB, calls int) int64 {
	p := newPlatform(tb, func(p *platform) { p.expiresIn = 86400 })
	svc := newSDK(tb, p, 0, nil)
	for range calls {
		page, err := svc.ListEnvironments(context.Background(), benchOrgID, nil)
		checkPage(tb, page, err)
	}
	return p.newConn.Load()
}

// TestSequentialCallsReuseConnections: a client reuses its connection; a
// body left unread or unclosed anywhere in the SDK would open one per call.
func TestSequentialCallsReuseConnections(t *testing.T) {
	n := sequentialConnections(t, callsForConnections)
	t.Logf("%d sequential calls opened %d TCP connection(s)", callsForConnections, n)
	if n > 2 {
		t.Errorf("%d sequential calls opened %d TCP connections; want at most 2", callsForConnections, n)
	}
}

// BenchmarkConnections reports the same count as a metric, for
// scripts/bench. One iteration is 1,000 calls.
func BenchmarkConnections(b *testing.B) {
	var n int64
	for b.Loop() {
		n = sequentialConnections(b, callsForConnections)
	}
	b.ReportMetric(float64(n), "tcp-conns")
}
