package main

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
)

// The pipeline runs to the end on the fake platform, and fails with the
// platform's reason when the deployment does. It runs on the fake's clock,
// which moves a second each time the fake reads it: the deployment settles
// (3 s by that clock) after a few polls, a millisecond apart, with no
// wall-clock wait.
func TestPipelineOnTheFake(t *testing.T) {
	t.Setenv("ANYPOINT_CLIENT_ID", "")
	t.Setenv("ANYPOINT_CLIENT_SECRET", "")
	fast := func() options {
		start := time.Now()
		var reads atomic.Int64
		clock := func() time.Time { return start.Add(time.Duration(reads.Add(1)) * time.Second) }
		return options{fake: []anypointtest.Option{anypointtest.WithClock(clock)}, poll: time.Millisecond}
	}
	t.Setenv("PIPELINE_FAIL", "")
	if err := run(fast()); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PIPELINE_FAIL", "1")
	if err := run(fast()); err == nil || err.Error() != "the deployment of orders-sync failed (FAILED): Application orders-sync failed to start: port 8081 already in use" {
		t.Fatalf("err = %v", err)
	}
}
