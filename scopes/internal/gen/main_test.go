package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWritesCurrentFile runs the command with -in and -out, as go generate would but into
// a temporary directory, and compares the result with the committed catalog_gen.go.
func TestRunWritesCurrentFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "catalog_gen.go")
	if err := run([]string{"-in", "../../catalog.json", "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("scopes/catalog_gen.go is out of date: run go generate ./scopes")
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}

	// A second run with the same input leaves the file alone.
	before := info.ModTime()
	if err := os.Chtimes(out, before.Add(-1e9), before.Add(-1e9)); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-in", "../../catalog.json", "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(out); !after.ModTime().Equal(before.Add(-1e9)) {
		t.Error("an unchanged file was rewritten")
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"scopes":[{"scope":"a b","const":"AB","display_name":"X","description":"Y.","product":"Z"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.go")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-in", filepath.Join(dir, "missing.json"), "-out", out}, "no such file"},
		{[]string{"-in", bad, "-out", out}, "bad.json: scopes[0]"},
		{[]string{"-in", "../../catalog.json", "-out", out, "extra"}, "unexpected arguments"},
		{[]string{"-nosuchflag"}, "not defined"},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		err := run(tt.args, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error with %q", tt.args, err, tt.want)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed run left %s behind (%v)", out, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := run([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run(-h) = %v, want flag.ErrHelp", err)
	}
}
