package anypointtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
)

// The clock's sleeps move the server's time at once; a sleep with an ended context does not.
func TestClockSleepMovesTheServersTime(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(func() time.Time { return at }))
	clock := srv.Clock()
	if err := clock.Sleep(context.Background(), 90*time.Second); err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * time.Second)
	clock.Advance(-time.Hour) // ignored
	if got := clock.Now(); !got.Equal(at.Add(2 * time.Minute)) {
		t.Errorf("now %v, want %v", got, at.Add(2*time.Minute))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := clock.Sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("Sleep with an ended context: %v, want context.Canceled", err)
	}
	if got := srv.Clock().Now(); !got.Equal(at.Add(2 * time.Minute)) {
		t.Errorf("now %v after a cancelled sleep, want %v", got, at.Add(2*time.Minute))
	}
}
