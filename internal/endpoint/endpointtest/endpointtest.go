// Package endpointtest checks a service package's declared endpoints
// against the fake platform's own route→scope table, which is written from
// MuleSoft's documentation rather than taken from the SDK.
package endpointtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// Check fails t for every endpoint that is malformed, declared twice, not
// served by the fake platform, or whose scopes differ from the ones the fake
// enforces (order aside).
func Check(t *testing.T, eps []*endpoint.Endpoint) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range eps {
		switch e.Method {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			t.Errorf("%s: unexpected method", e.Key())
		}
		if !strings.HasPrefix(e.Pattern, "/") || strings.HasSuffix(e.Pattern, "/") {
			t.Errorf("%s: pattern must start and not end with /", e.Key())
		}
		if e.Source == "" {
			t.Errorf("%s: no source", e.Key())
		}
		if seen[e.Key()] {
			t.Errorf("%s: declared twice", e.Key())
		}
		seen[e.Key()] = true

		// Fill every parameter with a sample that holds a "/" too: the
		// request escapes it, and the route must still match.
		var args []string
		for range strings.Count(e.Pattern, "{") {
			args = append(args, "id-"+string(rune('a'+len(args)))+"/x")
		}
		path := e.Path(args...)
		want, ok := anypointtest.RequiredScopes(e.Method, path)
		if !ok {
			t.Errorf("%s: the fake platform serves no such route (%s)", e.Key(), path)
			continue
		}
		if !sameScopes(e.Scopes, want) {
			t.Errorf("%s: the SDK declares %v, the fake platform enforces %v", e.Key(), e.Scopes, want)
		}
	}
}

func sameScopes(a, b []scopes.Scope) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// endpointLine is the last line of every service method's documentation:
// "GET /path — scope a or b." or "GET /path — any valid token; no scope needed."
var endpointLine = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE) (/\S+) — (?:scope (.+)|any valid token; no scope needed)\.$`)

// CheckDocs parses the Go files of dir (not tests) and checks that the
// last doc line of every exported method of type Service names one of eps
// and exactly its scopes, so that what a user reads and what a ScopeError
// reports cannot drift apart. It returns how many methods it checked.
func CheckDocs(t *testing.T, dir string, eps []*endpoint.Endpoint) int {
	t.Helper()
	byKey := map[string]*endpoint.Endpoint{}
	for _, e := range eps {
		byKey[e.Method+" "+e.Pattern] = e
	}
	methods := 0
	forEachServiceMethod(t, dir, func(name, doc string) {
		methods++
		lines := strings.Split(strings.TrimSpace(doc), "\n")
		last := lines[len(lines)-1]
		m := endpointLine.FindStringSubmatch(last)
		if m == nil {
			t.Errorf("%s: last doc line %q does not name its endpoint and scope", name, last)
			return
		}
		path, _, _ := strings.Cut(m[2], "?")
		e, ok := byKey[m[1]+" "+path]
		if !ok {
			t.Errorf("%s documents %s %s, which the package does not declare", name, m[1], path)
			return
		}
		var documented []scopes.Scope
		if m[3] != "" {
			for _, s := range strings.Split(m[3], " or ") {
				documented = append(documented, scopes.Scope(s))
			}
		}
		if !slices.Equal(documented, e.Scopes) {
			t.Errorf("%s documents scopes %v for %s; the package declares %v", name, documented, e.Key(), e.Scopes)
		}
	})
	return methods
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

// specSource is how a Source names its route's operation in MuleSoft's
// published specs: "access-management api.yaml: getOrganizations; …".
var specSource = regexp.MustCompile(`^([a-z0-9-]+ api\.yaml): ([A-Za-z][A-Za-z0-9]*)\b`)

// CheckSources checks that every endpoint of eps names where it comes from,
// a spec operation ("<spec> api.yaml: <operationId>") or "not confirmed",
// and that the documentation of every exported method of type Service in
// dir (not tests) that calls one of them names that operation too (or says
// "not confirmed"), so that a reader can look the contract up. It returns
// how many methods it checked.
func CheckSources(t *testing.T, dir string, eps []*endpoint.Endpoint) int {
	t.Helper()
	ops := map[string]string{}
	for _, e := range eps {
		m := specSource.FindStringSubmatch(e.Source)
		switch {
		case m != nil:
			ops[e.Key()] = m[2]
		case strings.Contains(e.Source, "not confirmed"):
		default:
			t.Errorf("%s: Source %q names no spec operation and does not say \"not confirmed\"", e.Key(), e.Source)
		}
	}
	methods := 0
	forEachServiceMethod(t, dir, func(name, doc string) {
		lines := strings.Split(strings.TrimSpace(doc), "\n")
		m := endpointLine.FindStringSubmatch(lines[len(lines)-1])
		if m == nil {
			return // CheckDocs reports it
		}
		path, _, _ := strings.Cut(m[2], "?")
		methods++
		op, ok := ops[m[1]+" "+path]
		switch {
		case !ok && !strings.Contains(doc, "not confirmed"):
			t.Errorf("%s: its endpoint has no spec operation, and its documentation does not say \"not confirmed\"", name)
		case ok && !regexp.MustCompile(`\b`+regexp.QuoteMeta(op)+`\b`).MatchString(doc):
			t.Errorf("%s: documentation does not name its spec operation %s", name, op)
		}
	})
	return methods
}

// forEachServiceMethod calls fn with the name and documentation of every
// exported method of type Service in the Go files of dir (not tests),
// NewRequest aside.
func forEachServiceMethod(t *testing.T, dir string, fn func(name, doc string)) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, ent := range entries {
		name := ent.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			f, ok := decl.(*ast.FuncDecl)
			if !ok || f.Recv == nil || !f.Name.IsExported() || recvName(f) != "Service" || f.Name.Name == "NewRequest" {
				continue
			}
			fn(f.Name.Name, f.Doc.Text())
		}
	}
}

// CheckAccepted fails t for every request in srv's log that the fake
// platform refused as the platform would refuse a request it does not
// take: 400 (a required field missing, an unknown query parameter), 404 (a
// path it does not route, or an ID that does not exist) or 405. A service
// test walks its methods against the fake, then calls it.
func CheckAccepted(t *testing.T, srv *anypointtest.Server) {
	t.Helper()
	for _, r := range srv.RequestLog() {
		switch r.Status {
		case http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed:
			q := ""
			if len(r.Query) > 0 {
				q = "?" + r.Query.Encode()
			}
			t.Errorf("the fake platform refused %s %s%s with %d; body %s", r.Method, r.Path, q, r.Status, r.Body)
		}
	}
}
