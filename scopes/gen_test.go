package scopes

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/scopes/internal/gen/codegen"
)

// TestGeneratedFileIsCurrent regenerates catalog_gen.go in memory, as go generate would, and
// compares it byte for byte with the committed file.
func TestGeneratedFileIsCurrent(t *testing.T) {
	data, err := os.ReadFile("catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := codegen.Generate(data)
	if err != nil {
		t.Fatalf("catalog.json: %v", err)
	}
	got, err := os.ReadFile("catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("catalog_gen.go is out of date with catalog.json: run go generate ./scopes")
	}
}

// TestConstantsMatchCatalog checks that every generated constant is in the catalog and every
// catalog entry has a constant, with the name catalog.json gives it.
func TestConstantsMatchCatalog(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "catalog_gen.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{} // name -> keyword
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			name := vs.Names[0].Name
			if _, dup := consts[name]; dup {
				t.Errorf("constant %s declared twice", name)
			}
			v, err := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			consts[name] = v
			if doc := vs.Doc.Text(); !strings.HasPrefix(doc, name+" is ") {
				t.Errorf("doc comment of %s does not start with its name: %q", name, doc)
			}
		}
	}
	if len(consts) != len(catalog) {
		t.Errorf("%d constants, %d catalog entries", len(consts), len(catalog))
	}
	data, err := os.ReadFile("catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := codegen.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Scopes {
		if got := consts[e.Const]; got != e.Scope {
			t.Errorf("constant %s = %q, catalog.json says %q", e.Const, got, e.Scope)
		}
	}
	// The three names that other packages used before the catalog existed.
	for name, want := range map[string]Scope{"EditDesignCenter": EditDesignCenter, "ViewEnvironment": ViewEnvironment, "OfflineAccess": OfflineAccess} {
		if consts[name] != string(want) {
			t.Errorf("%s = %q in catalog_gen.go", name, consts[name])
		}
	}
}

func TestCatalogEntries(t *testing.T) {
	if !slices.IsSortedFunc(catalog, func(a, b Info) int { return strings.Compare(string(a.Scope), string(b.Scope)) }) {
		t.Error("catalog is not sorted by scope; Lookup relies on it")
	}
	scopes := map[Scope]bool{}
	names := map[string]Scope{}
	for _, e := range catalog {
		if scopes[e.Scope] {
			t.Errorf("scope %q listed twice", e.Scope)
		}
		scopes[e.Scope] = true
		if checkToken(string(e.Scope)) != nil {
			t.Errorf("scope %q is not a valid scope token", e.Scope)
		}
		if e.DisplayName == "" || e.Description == "" || e.Product == "" {
			t.Errorf("%q has an empty field: %+v", e.Scope, e)
		}
		key := normalizeName(e.DisplayName)
		if other, dup := names[key]; dup {
			t.Errorf("display name %q of %q is also that of %q", e.DisplayName, e.Scope, other)
		}
		names[key] = e.Scope
	}
	for alias, s := range displayNameAliases {
		if !scopes[s] {
			t.Errorf("alias %q points to unknown scope %q", alias, s)
		}
		if other, dup := names[normalizeName(alias)]; dup {
			t.Errorf("alias %q of %q is also the name of %q", alias, s, other)
		}
	}
}

func TestNormalizeNameMatchesGenerator(t *testing.T) {
	for _, s := range []string{"", " Design  Center\tDeveloper ", "ÄRGER", "View All Environments' Client Management Providers", "a\u00a0b"} {
		if got, want := normalizeName(s), codegen.NormalizeName(s); got != want {
			t.Errorf("normalizeName(%q) = %q, codegen.NormalizeName = %q", s, got, want)
		}
	}
}
