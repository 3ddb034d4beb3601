package anypoint

import (
	"crypto/sha256"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestDeniedEndpoints(t *testing.T) {
	var d deniedEndpoints
	a, b := &oauth2.Token{AccessToken: "a"}, &oauth2.Token{AccessToken: "b"}
	if d.has(a, "GET /x") {
		t.Fatal("empty set has an entry")
	}
	d.add(a, "GET /x")
	if !d.has(a, "GET /x") || d.has(b, "GET /x") || d.has(a, "POST /x") || d.has(a, "GET /y") {
		t.Fatal("a denial is remembered for its token, method and path only")
	}
	// A denial is trusted for a while only.
	d.byHash[sha256.Sum256([]byte("a"))]["GET /x"] = time.Now().Add(-deniedTTL - time.Second)
	if d.has(a, "GET /x") {
		t.Fatal("an old denial is still trusted")
	}
	// An endpoint that answers again is forgotten for every token.
	d.add(a, "GET /x")
	d.add(b, "GET /x")
	d.forget("GET /x")
	if d.has(a, "GET /x") || d.has(b, "GET /x") {
		t.Fatal("forget left a denial behind")
	}
	// Only the last few tokens are kept.
	for i := range maxDeniedTokens + 2 {
		d.add(&oauth2.Token{AccessToken: string(rune('c' + i))}, "GET /x")
	}
	if len(d.byHash) != maxDeniedTokens || len(d.order) != maxDeniedTokens {
		t.Fatalf("%d tokens kept, want %d", len(d.byHash), maxDeniedTokens)
	}
}
