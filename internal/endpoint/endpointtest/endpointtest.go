// Package endpointtest checks a service package against the endpoint
// catalog and the fake platform: its declared operations are served by the
// fake, and the documentation of each Service method ends with the catalog's
// own line for every operation it calls (endpoints.Operation.DocLine), so
// that no endpoint, scope or source is written by hand.
//
// Run a package's tests with ANYPOINT_UPDATE_DOCS=1 to rewrite those lines
// from the catalog instead of reporting them.
package endpointtest

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/internal/endpoint"
)

// Check fails t for an operation declared twice, one the catalog does not
// find again from its own path, or one the fake platform does not simulate
// (every operation an SDK service calls is served with state by the fake,
// so that the service's tests and users' tests reach it).
func Check(t *testing.T, eps []*endpoint.Endpoint) {
	t.Helper()
	if len(eps) == 0 {
		t.Fatal("no endpoints declared")
	}
	srv := anypointtest.NewServer()
	defer srv.Close()
	seen := map[*endpoint.Endpoint]bool{}
	for _, e := range eps {
		if seen[e] {
			t.Errorf("%s: declared twice", e)
		}
		seen[e] = true
		args := make([]string, len(e.PathParams()))
		for i := range args {
			args[i] = "id-" + string(rune('a'+i)) + "/x"
		}
		if strings.Contains(e.Pattern, "query{mediaTypeExtension}") {
			args[len(args)-1] = "" // the part of a segment: the audit log's JSON query
		}
		path := e.Path(args...)
		if got, ok := endpoints.Lookup(e.Method, path); !ok || got != e {
			t.Errorf("%s: the catalog finds %v for its own path %s", e, got, path)
		}
		if !srv.Simulates(e) {
			t.Errorf("%s: the fake platform does not simulate it (it would answer 501)", e)
		}
	}
}

// endpointLine matches a line that names an operation as DocLine writes it.
var endpointLine = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE|HEAD) /\S* \([a-z0-9-]+ [A-Za-z0-9_]+\): .*\.$`)

// CheckDocs checks that the documentation of every exported method of
// Service in the package in dir ends with the DocLine of each operation of
// eps the method calls (in its body, or through other methods of Service it
// calls), in the order of eps. It returns the number of methods checked.
// With ANYPOINT_UPDATE_DOCS=1 it rewrites the lines instead.
func CheckDocs(t *testing.T, dir string, eps []*endpoint.Endpoint) int {
	t.Helper()
	update := os.Getenv("ANYPOINT_UPDATE_DOCS") == "1"
	pkg := parseDir(t, dir)

	// The package-level variables that hold a declared operation.
	vars := map[string]*endpoint.Endpoint{}
	for _, f := range pkg.files {
		for _, decl := range f.ast.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					if op := declaredOp(vs.Values[i], pkg.helpers); op != nil {
						vars[name.Name] = op
					}
				}
			}
		}
	}
	for name, op := range vars {
		if !slices.Contains(eps, op) {
			t.Errorf("variable %s holds %s, which the package's endpoints list lacks", name, op)
		}
	}

	// The operations each method calls directly, and the methods it calls.
	type method struct {
		decl    *ast.FuncDecl
		file    *file
		ops     []*endpoint.Endpoint
		callees []string
	}
	methods := map[string]*method{}
	var names []string
	for _, f := range pkg.files {
		for _, decl := range f.ast.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || recvName(fd) != "Service" || fd.Body == nil {
				continue
			}
			m := &method{decl: fd, file: f}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					if op, ok := vars[n.Name]; ok && !slices.Contains(m.ops, op) {
						m.ops = append(m.ops, op)
					}
				case *ast.SelectorExpr:
					if id, ok := n.X.(*ast.Ident); ok && fd.Recv.List[0].Names != nil && id.Name == fd.Recv.List[0].Names[0].Name {
						m.callees = append(m.callees, n.Sel.Name)
					}
				}
				return true
			})
			methods[fd.Name.Name] = m
			names = append(names, fd.Name.Name)
		}
	}
	var opsOf func(name string, seen map[string]bool) []*endpoint.Endpoint
	opsOf = func(name string, seen map[string]bool) []*endpoint.Endpoint {
		m, ok := methods[name]
		if !ok || seen[name] {
			return nil
		}
		seen[name] = true
		ops := slices.Clone(m.ops)
		for _, c := range m.callees {
			for _, op := range opsOf(c, seen) {
				if !slices.Contains(ops, op) {
					ops = append(ops, op)
				}
			}
		}
		return ops
	}

	sort.Strings(names)
	checked := 0
	edits := map[*file][]edit{}
	for _, name := range names {
		m := methods[name]
		if !m.decl.Name.IsExported() || name == "NewRequest" {
			continue
		}
		ops := opsOf(name, map[string]bool{})
		if len(ops) == 0 {
			t.Errorf("%s calls no declared operation", name)
			continue
		}
		slices.SortStableFunc(ops, func(a, b *endpoint.Endpoint) int { return slices.Index(eps, a) - slices.Index(eps, b) })
		var want []string
		for _, op := range ops {
			want = append(want, op.DocLine())
		}
		checked++
		if m.decl.Doc == nil {
			t.Errorf("%s: no documentation", name)
			continue
		}
		lines := strings.Split(strings.TrimRight(m.decl.Doc.Text(), "\n"), "\n")
		end := len(lines)
		for end > 0 && endpointLine.MatchString(lines[end-1]) {
			end--
		}
		got := lines[end:]
		if slices.Equal(got, want) {
			continue
		}
		if !update {
			t.Errorf("%s: documentation ends with\n\t%s\nwant the catalog's\n\t%s\n(run the tests with ANYPOINT_UPDATE_DOCS=1 to rewrite it)", name, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			continue
		}
		// Rewrite the comment: keep its prose, then a blank line and the lines.
		prose := lines[:end]
		for len(prose) > 0 && strings.TrimSpace(prose[len(prose)-1]) == "" {
			prose = prose[:len(prose)-1]
		}
		var b strings.Builder
		for _, l := range prose {
			b.WriteString(strings.TrimRight("// "+l, " ") + "\n")
		}
		if len(prose) > 0 {
			b.WriteString("//\n")
		}
		for _, l := range want {
			b.WriteString("// " + l + "\n")
		}
		start := pkg.fset.Position(m.decl.Doc.Pos()).Offset
		stop := pkg.fset.Position(m.decl.Doc.End()).Offset
		edits[m.file] = append(edits[m.file], edit{start, stop, strings.TrimSuffix(b.String(), "\n")})
	}
	for f, es := range edits {
		sort.Slice(es, func(i, j int) bool { return es[i].start > es[j].start })
		src := slices.Clone(f.src)
		for _, e := range es {
			src = append(src[:e.start:e.start], append([]byte(e.text), src[e.stop:]...)...)
		}
		if err := os.WriteFile(f.path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %d endpoint lines in %s", len(es), f.path)
	}
	return checked
}

type edit struct {
	start, stop int
	text        string
}

type file struct {
	path string
	src  []byte
	ast  *ast.File
}

type parsedPackage struct {
	fset  *token.FileSet
	files []*file
	// helpers maps a function of the package that wraps endpoint.Op with a
	// fixed API name (func am(id string) … { return endpoint.Op("access-management", id) })
	// to that name.
	helpers map[string]string
}

func parseDir(t *testing.T, dir string) *parsedPackage {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := &parsedPackage{fset: token.NewFileSet(), helpers: map[string]string{}}
	for _, ent := range entries {
		name := ent.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(p.fset, path, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		p.files = append(p.files, &file{path: path, src: src, ast: af})
		for _, decl := range af.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Body == nil || len(fd.Body.List) != 1 {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			if call, ok := ret.Results[0].(*ast.CallExpr); ok && isOpCall(call) && len(call.Args) == 2 {
				if api, ok := stringLit(call.Args[0]); ok {
					p.helpers[fd.Name.Name] = api
				}
			}
		}
	}
	if len(p.files) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return p
}

// declaredOp returns the operation an expression declares: endpoint.Op("api", "id")
// or helper("id").
func declaredOp(x ast.Expr, helpers map[string]string) *endpoint.Endpoint {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return nil
	}
	var api, id string
	switch {
	case isOpCall(call) && len(call.Args) == 2:
		a, ok1 := stringLit(call.Args[0])
		i, ok2 := stringLit(call.Args[1])
		if !ok1 || !ok2 {
			return nil
		}
		api, id = a, i
	default:
		fn, ok := call.Fun.(*ast.Ident)
		if !ok || len(call.Args) != 1 {
			return nil
		}
		if api, ok = helpers[fn.Name]; !ok {
			return nil
		}
		if id, ok = stringLit(call.Args[0]); !ok {
			return nil
		}
	}
	op, ok := endpoints.Get(api, id)
	if !ok {
		return nil
	}
	return op
}

func isOpCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "endpoint" && sel.Sel.Name == "Op"
}

func stringLit(x ast.Expr) (string, bool) {
	lit, ok := x.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
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

// CheckAccepted fails t for every request in srv's log that the fake
// platform refused as the platform would refuse a request it does not
// take: 400 (a required field missing, an unknown query parameter), 404 (a
// path it does not route, or an ID that does not exist), 405 or 501 (an
// operation the fake does not simulate). A service test walks its methods
// against the fake, then calls it.
func CheckAccepted(t *testing.T, srv *anypointtest.Server) {
	t.Helper()
	for _, r := range srv.RequestLog() {
		switch r.Status {
		case http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
			q := ""
			if len(r.Query) > 0 {
				q = "?" + r.Query.Encode()
			}
			t.Errorf("the fake platform refused %s %s%s with %d; body %s", r.Method, r.Path, q, r.Status, bytes.TrimSpace(r.Body))
		}
	}
}
