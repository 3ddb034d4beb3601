// Package scan finds, in a Go program's source, every call the program
// makes of the Anypoint SDK, and returns the least-privilege plan that
// satisfies them (package leastprivilege). Command anypoint-scopes prints
// it.
//
// It finds:
//
//   - every call of an SDK function or method that calls a published
//     operation (the SDK's own table, generated from its source, says
//     which: methods_gen.go), also through an SDK interface such as
//     designcenter.API. The organization and environment of a call are
//     those of its arguments named orgID, organizationID, envID or
//     environmentID, where they are constants; "any" otherwise.
//   - every (*anypoint.Client).Call and NewRequest whose method and path
//     are constants, and every call of a service's own NewRequest (such as
//     designcenter's, whose path is under its base path: the table records
//     the prefix); a path built with fmt.Sprintf from a constant format,
//     or by concatenating constants and variables, is matched with each
//     variable part taken as one path segment (and says so).
//   - method values of SDK methods (a function value called elsewhere):
//     their operations count, with a note that where they are called is
//     not known.
//
// What it cannot resolve (a request whose method or path is only known at
// run time, a path that is no published operation, a method value of
// Call, a Do of a request not built by a NewRequest in the same function)
// is listed as unresolved, never dropped. The SDK's own library
// packages are not scanned (their examples and commands are).
package scan

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/internal/callctx"
	"github.com/anypoint-go/anypoint/leastprivilege"
)

// sdkModule is the SDK's module path.
const sdkModule = "github.com/anypoint-go/anypoint"

// The raw requests of the root package: method is argument 1, path 2.
var rawCalls = map[string]bool{
	"(*" + sdkModule + ".Client).Call":       true,
	"(*" + sdkModule + ".Client).NewRequest": true,
}

// sendCall is the client's Do, which sends a request built elsewhere.
const sendCall = "(*" + sdkModule + ".Client).Do"

// Config says where and how to load the program.
type Config struct {
	// Dir is the directory the patterns are relative to, and the one
	// positions are reported relative to; empty for the current one.
	Dir string
	// Tests scans the packages' test files too.
	Tests bool
	// Env is the environment of the go command (nil: this process's).
	Env []string
}

// ErrLoad is wrapped by the error Packages returns when the program does
// not load or type-check: a report of a program that does not compile
// would miss calls.
var ErrLoad = errors.New("scan: the program does not load")

// Packages loads the packages the patterns name ("./...") and returns the
// plan of their calls.
func Packages(cfg *Config, patterns ...string) (*leastprivilege.Plan, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	pcfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:   cfg.Dir,
		Tests: cfg.Tests,
		Env:   cfg.Env,
	}
	pkgs, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLoad, err)
	}
	var errs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrLoad, strings.Join(errs, "; "))
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%w: no packages match %q", ErrLoad, patterns)
	}
	base := cfg.Dir
	if base == "" {
		base = "."
	}
	base, _ = filepath.Abs(base)
	s := &scanner{base: base, seen: map[token.Position]bool{}}
	for _, p := range pkgs {
		if isLibrary(p.PkgPath) {
			continue
		}
		for _, f := range p.Syntax {
			s.file(p, f)
		}
	}
	return leastprivilege.NewPlan(s.calls, s.unresolved), nil
}

// isLibrary reports whether a package path is one of the SDK's own
// library packages (not an example or a command).
func isLibrary(path string) bool {
	if path == sdkModule {
		return true
	}
	rest, ok := strings.CutPrefix(path, sdkModule+"/")
	if !ok {
		return false
	}
	for _, elem := range strings.Split(rest, "/") {
		switch elem {
		case "examples", "cmd", "testdata":
			return false
		}
	}
	return true
}

type scanner struct {
	base       string
	calls      []leastprivilege.Call
	unresolved []leastprivilege.Unresolved
	// seen keeps a test variant of a package from reporting its calls
	// twice.
	seen map[token.Position]bool
}

func (s *scanner) file(p *packages.Package, f *ast.File) {
	// The selectors and identifiers that are called, as opposed to taken as
	// values.
	called := map[ast.Expr]bool{}
	// The variables that hold a request built by a NewRequest the scanner
	// resolves (or lists): sending them with Do adds nothing.
	built := map[types.Object]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			called[ast.Unparen(n.Fun)] = true
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 || len(n.Lhs) == 0 {
				return true
			}
			call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !ok {
				return true
			}
			if fn := calleeOf(p, call.Fun); fn != nil && (rawCalls[fn.FullName()] || rawRequests[fn.FullName()] != "") {
				if id, ok := n.Lhs[0].(*ast.Ident); ok {
					if obj := p.TypesInfo.ObjectOf(id); obj != nil {
						built[obj] = true
					}
				}
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			fn := calleeOf(p, n.Fun)
			if fn == nil {
				return true
			}
			if fn.FullName() == sendCall {
				s.send(p, n, built)
				return true
			}
			s.call(p, n, fn)
		case *ast.SelectorExpr:
			if called[n] {
				return true
			}
			fn, ok := p.TypesInfo.Uses[n.Sel].(*types.Func)
			if !ok {
				return true
			}
			s.value(p, n, fn.Origin())
		}
		return true
	})
}

// calleeOf returns the function or method a call's Fun names, if any.
func calleeOf(p *packages.Package, fun ast.Expr) *types.Func {
	fun = ast.Unparen(fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	}
	var id *ast.Ident
	switch x := fun.(type) {
	case *ast.SelectorExpr:
		id = x.Sel
	case *ast.Ident:
		id = x
	default:
		return nil
	}
	fn, _ := p.TypesInfo.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

func (s *scanner) pos(p *packages.Package, at token.Pos) (string, bool) {
	pos := p.Fset.Position(at)
	if s.seen[pos] {
		return "", false
	}
	s.seen[pos] = true
	name := pos.Filename
	if rel, err := filepath.Rel(s.base, name); err == nil && !strings.HasPrefix(rel, "..") {
		name = rel
	}
	return filepath.ToSlash(name) + ":" + strconv.Itoa(pos.Line), true
}

// call records one call of fn.
func (s *scanner) call(p *packages.Package, call *ast.CallExpr, fn *types.Func) {
	full := fn.FullName()
	if rawCalls[full] {
		s.raw(p, call, fn, "")
		return
	}
	prefix, isRaw := rawRequests[full]
	ops, ok := methodOps[full]
	if !ok && !isRaw {
		return
	}
	at, ok := s.pos(p, call.Pos())
	if !ok {
		return
	}
	if isRaw {
		s.rawAt(p, call, fn, prefix, at)
	}
	// The organization and environment, from the arguments that name them.
	var org, env string
	sig := fn.Type().(*types.Signature)
	for i, arg := range call.Args {
		if i >= sig.Params().Len() {
			break
		}
		name := sig.Params().At(i).Name()
		v, isConst := constString(p, arg)
		switch {
		case !isConst:
		case callctx.IsOrgParam(name):
			org = v
		case callctx.IsEnvParam(name):
			env = v
		}
	}
	note := ""
	if r := recvNamed(fn); r != nil && types.IsInterface(r) {
		note = "through the interface " + shortType(r)
	}
	for _, name := range ops {
		op := opByName(name)
		c := leastprivilege.Call{Operation: op, Via: shortName(full), At: at, OrgID: org, Note: note}
		if pathNamesEnv(op) {
			c.EnvID = env
		}
		s.calls = append(s.calls, c)
	}
}

// send lists a Do whose request was not built, in the same function, by a
// NewRequest the scanner sees (http.NewRequest, a request passed in): its
// operation is not known.
func (s *scanner) send(p *packages.Package, call *ast.CallExpr, built map[types.Object]bool) {
	if len(call.Args) > 0 {
		if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok && built[p.TypesInfo.Uses[id]] {
			return
		}
	}
	if at, ok := s.pos(p, call.Pos()); ok {
		s.unresolved = append(s.unresolved, leastprivilege.Unresolved{At: at, Via: shortName(sendCall),
			Reason: "a request not built by NewRequest here: its operation is not known"})
	}
}

// value records a method value or a function value of fn.
func (s *scanner) value(p *packages.Package, sel *ast.SelectorExpr, fn *types.Func) {
	full := fn.FullName()
	if rawCalls[full] {
		if at, ok := s.pos(p, sel.Pos()); ok {
			s.unresolved = append(s.unresolved, leastprivilege.Unresolved{At: at, Via: shortName(full),
				Reason: "a method value: the method and path it is called with are not known"})
		}
		return
	}
	ops, ok := methodOps[full]
	if !ok {
		return
	}
	at, ok := s.pos(p, sel.Pos())
	if !ok {
		return
	}
	for _, name := range ops {
		s.calls = append(s.calls, leastprivilege.Call{Operation: opByName(name), Via: shortName(full), At: at,
			Note: "method value: where it is called, and with which organization and environment, is not known"})
	}
}

// placeholder stands for a part of a path only known at run time.
const placeholder = "_runtime_"

// raw records a Call or NewRequest.
func (s *scanner) raw(p *packages.Package, call *ast.CallExpr, fn *types.Func, prefix string) {
	at, ok := s.pos(p, call.Pos())
	if !ok {
		return
	}
	s.rawAt(p, call, fn, prefix, at)
}

// rawAt records a request built from a method and a path, the path after
// prefix.
func (s *scanner) rawAt(p *packages.Package, call *ast.CallExpr, fn *types.Func, prefix, at string) {
	via := shortName(fn.FullName())
	if len(call.Args) < 3 {
		return
	}
	method, ok := constString(p, call.Args[1])
	if !ok {
		s.unresolved = append(s.unresolved, leastprivilege.Unresolved{At: at, Via: via, Reason: "the method is only known at run time"})
		return
	}
	path, ok := constString(p, call.Args[2])
	note := ""
	if !ok {
		path, ok = template(p, call.Args[2])
		if !ok {
			s.unresolved = append(s.unresolved, leastprivilege.Unresolved{At: at, Via: via, Reason: "the path is built at run time"})
			return
		}
		note = "path built from a template: each variable part taken as one segment"
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if prefix != "" {
		path = strings.TrimSuffix(prefix, "/") + path
	}
	op, ok := endpoints.Lookup(strings.ToUpper(method), path)
	if !ok {
		s.unresolved = append(s.unresolved, leastprivilege.Unresolved{At: at, Via: via,
			Reason: strings.ToUpper(method) + " " + strings.ReplaceAll(path, placeholder, "…") + " is not a published operation"})
		return
	}
	org, env := callctx.Of(op, path)
	if strings.Contains(org, placeholder) {
		org = ""
	}
	if strings.Contains(env, placeholder) {
		env = ""
	}
	s.calls = append(s.calls, leastprivilege.Call{Operation: op, Via: via, At: at, OrgID: org, EnvID: env, Note: note})
}

var verb = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z%]`)

// template returns the path an expression builds with the parts only
// known at run time replaced by placeholder: fmt.Sprintf with a constant
// format, or a concatenation of constants and other strings.
func template(p *packages.Package, x ast.Expr) (string, bool) {
	x = ast.Unparen(x)
	if v, ok := constString(p, x); ok {
		return v, true
	}
	switch x := x.(type) {
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		l, ok1 := template(p, x.X)
		r, ok2 := template(p, x.Y)
		if !ok1 {
			l, ok1 = placeholder, isString(p, x.X)
		}
		if !ok2 {
			r, ok2 = placeholder, isString(p, x.Y)
		}
		return l + r, ok1 && ok2
	case *ast.CallExpr:
		fn := calleeOf(p, x.Fun)
		if fn == nil || fn.FullName() != "fmt.Sprintf" || len(x.Args) == 0 {
			return "", false
		}
		format, ok := constString(p, x.Args[0])
		if !ok {
			return "", false
		}
		return verb.ReplaceAllStringFunc(format, func(v string) string {
			if v == "%%" {
				return "%"
			}
			return placeholder
		}), true
	}
	return "", false
}

func isString(p *packages.Package, x ast.Expr) bool {
	tv, ok := p.TypesInfo.Types[x]
	if !ok {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func constString(p *packages.Package, x ast.Expr) (string, bool) {
	tv, ok := p.TypesInfo.Types[x]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// opByName returns the operation of "api id"; the table is generated from
// the catalog, and a test checks it is current.
func opByName(name string) *endpoints.Operation {
	api, id, _ := strings.Cut(name, " ")
	op, ok := endpoints.Get(api, id)
	if !ok {
		panic("scan: the method table names " + name + ", which the catalog lacks: regenerate methods_gen.go")
	}
	return op
}

// pathNamesEnv reports whether op's path has an environment parameter.
func pathNamesEnv(op *endpoints.Operation) bool {
	for _, n := range op.PathParams() {
		if callctx.IsEnvParam(n) {
			return true
		}
	}
	return false
}

var sdkPath = regexp.MustCompile(regexp.QuoteMeta(sdkModule) + `(/[a-z0-9_]+)*`)

// shortName writes an SDK function's full name with its package's name
// instead of its path: "(*deployments.Service).CreateDeployment",
// "(*anypoint.Client).Call".
func shortName(full string) string {
	return sdkPath.ReplaceAllStringFunc(full, func(path string) string {
		if path == sdkModule {
			return "anypoint"
		}
		return path[strings.LastIndex(path, "/")+1:]
	})
}

func shortType(n *types.Named) string {
	if n.Obj().Pkg() == nil {
		return n.Obj().Name()
	}
	return shortName(n.Obj().Pkg().Path()) + "." + n.Obj().Name()
}
