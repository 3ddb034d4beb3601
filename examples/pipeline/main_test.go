package main

import (
	"testing"
)

// The pipeline runs to the end on the fake platform, and fails with the
// platform's reason when the deployment does. It waits on the fake's clock
// (anypointtest's Server.Clock), so the fake's deployment delay takes no
// real time.
func TestPipelineOnTheFake(t *testing.T) {
	t.Setenv("ANYPOINT_CLIENT_ID", "")
	t.Setenv("ANYPOINT_CLIENT_SECRET", "")
	t.Setenv("PIPELINE_FAIL", "")
	if err := run(options{}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PIPELINE_FAIL", "1")
	if err := run(options{}); err == nil || err.Error() != "the deployment of orders-sync failed (FAILED): Application orders-sync failed to start: port 8081 already in use" {
		t.Fatalf("err = %v", err)
	}
}
