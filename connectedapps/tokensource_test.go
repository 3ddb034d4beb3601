package connectedapps

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
)

// A background refresh that fails (here: the secret was rotated) is not
// tried again on every call while the current token is still good.
func TestFailingBackgroundRefreshBacksOff(t *testing.T) {
	srv := newTokenServer(t)
	clock := &fakeClock{now: time.Now()}
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", BaseURL: srv.URL}.TokenSource(withClock(clock.Now))
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

// Two sources sharing one token file (two runs of a CLI, say): when one
// rotates the refresh token, the other finds the new one in the store
// instead of declaring the sign-in dead.
func TestSourcesSharingAStoreSurviveRotation(t *testing.T) {
	f := newACFixture(t)
	store := FileStore(filepath.Join(t.TempDir(), "token.json"))
	tok := f.signIn(t, f.ac)
	first := f.ac.TokenSource(tok, WithStore(store))
	second := f.ac.TokenSource(nil, WithStore(store))
	if _, err := second.Token(); err != nil { // second now holds the first refresh token
		t.Fatal(err)
	}

	// The first source refreshes: the platform rotates the refresh token,
	// and the new one is saved.
	first.Invalidate(tok)
	if _, err := first.TokenContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The second source must refresh too; its refresh token is spent.
	current, _ := second.Token()
	second.Invalidate(current)
	if _, err := second.TokenContext(context.Background()); err != nil {
		t.Fatalf("the second source did not take the rotated refresh token from the store: %v", err)
	}
	if errors.Is(second.dead, anypoint.ErrInvalidGrant) {
		t.Fatal("the second source is dead")
	}
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
