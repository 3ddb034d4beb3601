package main

import (
	"context"
	"testing"
)

// On the fake, the preflight finds the missing create:applications before
// the deployment step, and passes once it is granted.
func TestOnTheFake(t *testing.T) {
	t.Setenv("ANYPOINT_CLIENT_ID", "")
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
