// Package benchmarks measures the SDK against what a Go programmer would
// write by hand with net/http and golang.org/x/oauth2: the cost of one call,
// latency while tokens are being refreshed under load, memory while
// streaming a large list, and connection reuse. It also counts what the
// SDK's own design promises against the SDK itself: the token requests of
// calls denied for a missing scope (many IDs against one), and the
// connections and goroutines of many per-user clients (against one client),
// and the memory of the next API areas' streams: publishing a 200 MiB asset
// to Exchange, and walking a long audit log by cursor.
//
// Everything here is in _test.go files; the package has no API. Plain
// `go test` runs only quick checks (connection reuse, token requests of
// denied calls, the shared pool of per-user clients, and a smoke run of
// every harness); the measurements are benchmarks:
//
//	go test ./internal/benchmarks -run '^$' -bench . -benchmem
//
// scripts/bench runs them all with the settings the published table uses,
// computes medians and ratios, and writes RESULTS.md.
package benchmarks
