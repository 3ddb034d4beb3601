package benchmarks

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/internal/transport"
)

// perUserClients is how many per-user clients the pool check makes.
const perUserClients = 50

// poolUse is what n per-user clients left behind after one call each.
type poolUse struct {
	conns      int64 // TCP connections the server saw opened
	open       int64 // TCP connections still open at the end (idle in the pool)
	goroutines int   // goroutines more than before the clients were made
}

// perUserPool makes n clients, each with a client-credentials token source
// of its own and its default transport, as a program with a client per
// signed-in user does, and has each make one call, one after the other. It
// returns the connections and goroutines they left behind.
//
// The goroutines are counted against a count taken after the server started
// and the shared pool was emptied, each count once runtime.NumGoroutine has
// held still for a while: an idle connection costs the client its read and
// write loops and the server its connection goroutine.
func perUserPool(tb testing.TB, n int) poolUse {
	tb.Helper()
	p := newPlatform(tb, func(p *platform) { p.expiresIn = 86400 })
	// Connections other tests and benchmarks of this process left in the
	// process-wide pool are not these clients'.
	transport.Shared().CloseIdleConnections()
	before := settledGoroutines()
	ctx := context.Background()
	for range n {
		page, err := newSDK(tb, p, 0, nil).ListEnvironments(ctx, benchOrgID, nil)
		checkPage(tb, page, err)
	}
	after := settledGoroutines()
	if got := p.minted.Load(); got != int64(n) {
		tb.Fatalf("%d clients minted %d tokens; want one each", n, got)
	}
	return poolUse{conns: p.newConn.Load(), open: p.openConns(), goroutines: after - before}
}

// settledGoroutines returns runtime.NumGoroutine once it has stayed the
// same for 5 samples 10 ms apart (at most about a second): goroutines that
// are ending (a finished token request's, a closed connection's read loop)
// are then gone.
func settledGoroutines() int {
	last, same := runtime.NumGoroutine(), 0
	for range 100 {
		time.Sleep(10 * time.Millisecond)
		n := runtime.NumGoroutine()
		if n == last {
			if same++; same == 5 {
				break
			}
			continue
		}
		last, same = n, 0
	}
	return last
}

// TestPerUserClientsSharePool: clients made one per user share the
// process-wide pool, so 50 of them, one call each, reuse one connection. A
// pool per client would open (and keep idle) one connection per client.
func TestPerUserClientsSharePool(t *testing.T) {
	one := perUserPool(t, 1)
	many := perUserPool(t, perUserClients)
	t.Logf("1 client: %d connection(s) opened, %d open, %+d goroutines; %d clients: %d opened, %d open, %+d goroutines",
		one.conns, one.open, one.goroutines, perUserClients, many.conns, many.open, many.goroutines)
	if many.conns > 2 {
		t.Errorf("%d per-user clients, one call each, opened %d TCP connections; want at most 2 (one shared pool)", perUserClients, many.conns)
	}
	if many.open > 2 {
		t.Errorf("%d per-user clients, one call each, keep %d TCP connections open; want at most 2 (one shared pool)", perUserClients, many.open)
	}
}

// BenchmarkPerUserClients reports the same counts as metrics, for
// scripts/bench: 50 clients and one client (the baseline). One iteration is
// a fresh server and all the clients' calls.
func BenchmarkPerUserClients(b *testing.B) {
	for _, n := range []int{perUserClients, 1} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			var u poolUse
			for b.Loop() {
				u = perUserPool(b, n)
			}
			b.ReportMetric(float64(u.conns), "tcp-conns")
			b.ReportMetric(float64(u.open), "open-conns")
			b.ReportMetric(float64(u.goroutines), "goroutines")
		})
	}
}
