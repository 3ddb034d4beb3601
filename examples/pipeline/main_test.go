package main

import (
	"testing"
)

// The pipeline runs to the end on the fake platform, and fails with the
// platform's reason when the deployment does.
func TestPipelineOnTheFake(t *testing.T) {
	if testing.Short() {
		t.Skip("the pipeline waits for a deployment for a few seconds")
	}
	t.Setenv("ANYPOINT_CLIENT_ID", "")
	t.Setenv("ANYPOINT_CLIENT_SECRET", "")
	t.Setenv("PIPELINE_FAIL", "")
	if err := run(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PIPELINE_FAIL", "1")
	if err := run(); err == nil || err.Error() != "the deployment of orders-sync failed (FAILED): Application orders-sync failed to start: port 8081 already in use" {
		t.Fatalf("err = %v", err)
	}
}
