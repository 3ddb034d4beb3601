// Command gen writes catalog_gen.go of package scopes from catalog.json.
//
// go generate runs it in the scopes directory (see scopes/doc.go):
//
//	go run ./internal/gen [-in catalog.json] [-out catalog_gen.go]
//
// Both paths are relative to the working directory. The output is written only when it
// changes, through a temporary file in the same directory, so a failed run never leaves a
// half-written file behind.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/anypoint-go/anypoint/scopes/internal/gen/codegen"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gen:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "catalog.json", "the scope catalog to read")
	out := fs.String("out", "catalog_gen.go", "the Go file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	data, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	src, err := codegen.Generate(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	return writeIfChanged(*out, src)
}

// writeIfChanged replaces path with data unless it already holds exactly data.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".gen-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
