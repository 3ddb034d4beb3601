package main

import "testing"

// The story runs to the end on the fake platform.
func TestAPIManagerOnTheFake(t *testing.T) {
	t.Setenv("ANYPOINT_CLIENT_ID", "")
	t.Setenv("ANYPOINT_CLIENT_SECRET", "")
	if err := run(); err != nil {
		t.Fatal(err)
	}
}
