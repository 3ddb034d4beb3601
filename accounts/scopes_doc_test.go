package accounts_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// endpointLine is the last line of every service method's documentation:
// "GET /path — scope a or b." or "GET /path — any valid token; no scope needed."
var endpointLine = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE) (/\S+) — (?:scope (.+)|any valid token; no scope needed)\.$`)

// TestDocumentedScopesMatchTable checks that each method's documentation
// names the scopes the SDK's endpoint table holds, so that what a user reads
// and what a ScopeError reports cannot drift apart.
func TestDocumentedScopesMatchTable(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	methods := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || recvName(fn) != "Service" {
				continue
			}
			methods++
			lines := strings.Split(strings.TrimSpace(fn.Doc.Text()), "\n")
			last := lines[len(lines)-1]
			m := endpointLine.FindStringSubmatch(last)
			if m == nil {
				t.Errorf("%s: last doc line %q does not name its endpoint and scope", fn.Name.Name, last)
				continue
			}
			var documented []scopes.Scope
			if m[3] != "" {
				for _, s := range strings.Split(m[3], " or ") {
					documented = append(documented, scopes.Scope(s))
				}
			}
			if table := anypoint.RequiredScopes(m[1], m[2]); !reflect.DeepEqual(documented, table) {
				t.Errorf("%s documents scopes %v for %s %s; the endpoint table says %v", fn.Name.Name, documented, m[1], m[2], table)
			}
		}
	}
	if methods != 6 {
		t.Errorf("checked %d Service methods, want 6", methods)
	}
}

func recvName(fn *ast.FuncDecl) string {
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
