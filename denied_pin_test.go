package anypoint

import (
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// A scope denial is trusted for one minute, pinned by its value (not by
// deniedTTL): 59 seconds on it still holds, 61 seconds on it is forgotten.
func TestScopeDenialIsRememberedForOneMinute(t *testing.T) {
	for _, tc := range []struct {
		age     time.Duration
		trusted bool
	}{
		{0, true}, {30 * time.Second, true}, {59 * time.Second, true},
		{61 * time.Second, false}, {10 * time.Minute, false},
	} {
		var d deniedEndpoints
		tok := &oauth2.Token{AccessToken: "tok-1"}
		d.add(tok, "GET /x")
		n := 0
		for _, set := range d.byHash {
			for k := range set {
				set[k] = time.Now().Add(-tc.age)
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d denials recorded, want 1", n)
		}
		if got := d.has(tok, "GET /x"); got != tc.trusted {
			t.Errorf("a denial %v old: trusted = %v, want %v", tc.age, got, tc.trusted)
		}
	}
}
