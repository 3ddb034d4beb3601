package scan

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedMethodTableIsCurrent regenerates methods_gen.go from the
// SDK's source and compares it with the committed file; with
// ANYPOINT_UPDATE_TABLE=1 it writes it.
func TestGeneratedMethodTableIsCurrent(t *testing.T) {
	want, err := generateTable("../..")
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("ANYPOINT_UPDATE_TABLE") == "1" {
		if err := os.WriteFile("methods_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("methods_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("methods_gen.go is out of date with the SDK's source: run ANYPOINT_UPDATE_TABLE=1 go test -run TestGeneratedMethodTableIsCurrent ./leastprivilege/scan")
	}
}
