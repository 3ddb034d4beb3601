package connectedapps

import (
	"net/http"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
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
