// Command gen writes catalog_gen.go of package endpoints from catalog.json
// and the scope catalog. go generate runs it in the endpoints directory:
//
//	go run ./internal/gen
//
// The output is written only when it changes.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/anypoint-go/anypoint/endpoints/internal/codegen"
)

func main() {
	if err := run("catalog.json", "../scopes/catalog.json", "catalog_gen.go"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(in, scopesIn, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	sc, err := os.ReadFile(scopesIn)
	if err != nil {
		return err
	}
	src, err := codegen.Generate(data, sc)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, src) {
		return nil
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, src, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
