package connectedapps

import (
	"net/http"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"golang.org/x/oauth2"
)

// A background refresh that fails (here: the secret was rotated) is not
// tried again on every call while the current token is still good.
func TestFailingBackgroundRefreshBacksOff(t *testing.T) {
	srv := newTokenServer(t)
	clock := &fakeClock{now: time.Now()}
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(withClock(clock.Now))
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	srv.status, srv.body = http.StatusUnauthorized, `{"error":"invalid_client"}`
	srv.mu.Unlock()
	clock.Advance(DefaultAssumedLifetime - 3*time.Minute) // the refresh-ahead window

	if _, err := ts.Token(); err != nil {
		t.Fatal(err) // the current token is still handed out
	}
	waitFor(t, func() bool { return srv.mints.Load() == 2 })
	waitFor(t, func() bool { ts.mu.RLock(); defer ts.mu.RUnlock(); return !ts.refreshFailed.IsZero() })
	for range 200 {
		if _, err := ts.Token(); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(50 * time.Millisecond) // give a wrongly started refresh time to arrive
	if got := srv.mints.Load(); got != 2 {
		t.Fatalf("%d token requests, want 2: the failed refresh was retried on every call", got)
	}
	clock.Advance(refreshBackoff + time.Second)
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return srv.mints.Load() == 3 })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRefreshAheadBoundaries pins when a token is refreshed: it is handed
// out until a tenth of its lifetime (at most 10 s) before its end, and
// refreshed in the background from a third of its lifetime (at most 5
// minutes) before that cutoff. Moving either bound fails here.
func TestRefreshAheadBoundaries(t *testing.T) {
	for _, tc := range []struct{ lifetime, cutoff, lead time.Duration }{
		{15 * time.Minute, 10 * time.Second, 5 * time.Minute},
		{time.Minute, 6 * time.Second, 20 * time.Second},
		{30 * time.Second, 3 * time.Second, 10 * time.Second},
		{2 * time.Hour, 10 * time.Second, 5 * time.Minute},
	} {
		clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
		ts := ClientCredentials{ClientID: "a", ClientSecret: "s"}.TokenSource(withClock(clock.Now))
		expiry := clock.Now().Add(tc.lifetime)
		ts.tok, ts.lifetime = &oauth2.Token{AccessToken: "t", Expiry: expiry}, tc.lifetime
		stateAt := func(left time.Duration) tokenState {
			clock.mu.Lock()
			clock.now = expiry.Add(-left)
			clock.mu.Unlock()
			ts.mu.RLock()
			defer ts.mu.RUnlock()
			return ts.stateLocked()
		}
		for _, c := range []struct {
			left time.Duration
			want tokenState
		}{
			{tc.cutoff + tc.lead + time.Millisecond, tokenGood},
			{tc.cutoff + tc.lead, tokenAging},
			{tc.cutoff + time.Millisecond, tokenAging},
			{tc.cutoff, tokenMissing},
		} {
			if got := stateAt(c.left); got != c.want {
				t.Errorf("lifetime %v, %v left: state %d, want %d (cutoff %v, refresh %v ahead of it)", tc.lifetime, c.left, got, c.want, tc.cutoff, tc.lead)
			}
		}
	}
}

// What a caller sees at the cutoff: just before it the current token, just
// after it a new one, minted while the caller waits.
func TestTokenPastTheCutoffIsReplacedBeforeUse(t *testing.T) {
	srv := newTokenServer(t)
	clock := &fakeClock{now: time.Now()}
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(withClock(clock.Now))
	first, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(DefaultAssumedLifetime - 10*time.Second - time.Second) // 11 s left: aging
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != first.AccessToken {
		t.Fatal("11 s before its end the token was not handed out")
	}
	waitFor(t, func() bool { return srv.mints.Load() == 2 }) // the background refresh
	second, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(DefaultAssumedLifetime - 10*time.Second) // the refreshed token at its cutoff
	tok, err = ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == second.AccessToken || srv.mints.Load() != 3 {
		t.Fatalf("at the cutoff the old token was handed out (%d token requests)", srv.mints.Load())
	}
}
