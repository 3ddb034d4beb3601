package admin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/internal/endpoint/endpointtest"
)

// The scopes this package declares for its endpoints are the ones the fake
// platform, from its own table, enforces: a wrong entry on either side
// fails here.
func TestEndpointsMatchTheFakePlatform(t *testing.T) {
	endpointtest.Check(t, endpoints)
}

// Each method's documentation names its endpoint and the scopes declared
// for it.
func TestDocumentedScopesMatchDeclarations(t *testing.T) {
	if n := endpointtest.CheckDocs(t, ".", endpoints); n == 0 {
		t.Fatal("no Service methods checked")
	}
}

var (
	endpointDocLine = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE) (/\S+) — `)
	sourceDocLine   = regexp.MustCompile(`^Source: Access Management spec, operation (\w+) \(scopes not confirmed\)\.$`)
	operationOf     = regexp.MustCompile(`operation (\w+); scopes not confirmed$`)
)

// Every endpoint names the operation of MuleSoft's spec it comes from, and
// says that its scopes are not confirmed; every method's documentation
// names the same operation, so that what a user reads and what the
// declaration says cannot drift apart.
func TestDocumentedSourcesMatchDeclarations(t *testing.T) {
	byKey := map[string]string{}
	for _, e := range endpoints {
		m := operationOf.FindStringSubmatch(e.Source)
		if m == nil || !strings.Contains(e.Source, "access-management/api.yaml") {
			t.Errorf("%s: Source %q does not name the spec's operation and say the scopes are not confirmed", e.Key(), e.Source)
			continue
		}
		byKey[e.Key()] = m[1]
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	methods := 0
	for _, ent := range entries {
		if !strings.HasSuffix(ent.Name(), ".go") || strings.HasSuffix(ent.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(".", ent.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			methods++
			lines := strings.Split(strings.TrimSpace(fn.Doc.Text()), "\n")
			m := endpointDocLine.FindStringSubmatch(lines[len(lines)-1])
			if m == nil {
				continue // CheckDocs reports it
			}
			path, _, _ := strings.Cut(m[2], "?")
			want := byKey[m[1]+" "+path]
			var got []string
			for _, l := range lines {
				if sm := sourceDocLine.FindStringSubmatch(l); sm != nil {
					got = append(got, sm[1])
				}
			}
			if len(got) != 1 || got[0] != want {
				t.Errorf("%s: documents the source operation %v, the endpoint declares %q", fn.Name.Name, got, want)
			}
		}
	}
	if methods == 0 {
		t.Fatal("no methods checked")
	}
}
