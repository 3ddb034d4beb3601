// Package resilience holds the SDK's cross-package tests of how it behaves
// when things go wrong: injected faults (5xx bursts, 429s, cut and truncated
// answers, slow answers, a token endpoint that is down), goroutine leaks,
// and secret hygiene (no client secret, token, authorization code, PKCE
// verifier or state in any error text, printed value or log line).
//
// It has no code but its tests; the helpers they share with the tests of
// the example stories (NoLeaks, Recorder) are in internal/testsupport/watch.
package resilience
