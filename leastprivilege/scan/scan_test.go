package scan_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/leastprivilege/scan"
	"github.com/anypoint-go/anypoint/scopes"
)

func load(t *testing.T, pattern string) *leastprivilege.Plan {
	t.Helper()
	p, err := scan.Packages(&scan.Config{Dir: "testdata"}, pattern)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A program that only lists Design Center projects needs the Viewer scope,
// not the Developer one.
func TestListerNeedsViewDesignCenter(t *testing.T) {
	p := load(t, "./lister")
	if got := p.Scopes(); !slices.Equal(got, []scopes.Scope{scopes.ViewDesignCenter}) {
		t.Fatalf("scopes = %v, want [view:design_center]", got)
	}
	c := p.Grants[0].Calls
	if len(c) != 1 || c[0].At != "lister/main.go:13" || c[0].Via != "(*designcenter.Service).ListProjects" {
		t.Fatalf("calls = %+v", c)
	}
	if len(p.AnyToken) != 1 || p.AnyToken[0].Operation.ID != "listMe" {
		t.Fatalf("any-token calls = %+v (the owner lookup)", p.AnyToken)
	}
}

// Every kind of call: constant contexts, raw calls with constant and
// templated paths, an SDK interface, method values; what cannot be
// resolved is listed.
func TestMixedProgram(t *testing.T) {
	p := load(t, "./mixed")
	var got []string
	for _, g := range p.Grants {
		var at []string
		for _, c := range g.Calls {
			at = append(at, strings.TrimPrefix(c.At, "mixed/main.go:"))
		}
		got = append(got, fmt.Sprintf("%s org=%s env=%s at %s", g.Scope, g.OrgID, g.EnvID, strings.Join(at, ",")))
	}
	want := []string{
		"create:applications org=o-1 env=e-1 at 17",
		"edit:design_center org= env= at 27,29,34", // the delete needs the Developer, who also lists and creates
		"read:applications org= env= at 18",
		"view:environment org= env= at 21",
		"view:environment org=o-2 env= at 20,36",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("grants:\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	var un []string
	for _, u := range p.Unresolved {
		un = append(un, strings.TrimPrefix(u.At, "mixed/main.go:")+" "+u.Reason)
	}
	wantUn := []string{
		"22 the path is built at run time",
		"23 the method is only known at run time",
		"24 GET /no/such/operation is not a published operation",
		"31 a method value: the method and path it is called with are not known",
		"39 a request not built by NewRequest here: its operation is not known",
	}
	if !slices.Equal(un, wantUn) {
		t.Fatalf("unresolved:\n\t%s\nwant\n\t%s", strings.Join(un, "\n\t"), strings.Join(wantUn, "\n\t"))
	}
	notes := map[string]string{}
	for _, c := range p.Calls() {
		notes[strings.TrimPrefix(c.At, "mixed/main.go:")] = c.Note
	}
	for at, want := range map[string]string{"27": "through the interface designcenter.API", "29": "method value", "21": "template", "17": "", "34": ""} {
		if !strings.Contains(notes[at], want) || (want == "" && notes[at] != "") {
			t.Errorf("line %s: note %q, want %q", at, notes[at], want)
		}
	}
}

// The pipeline example: the scopes its calls need, create:applications
// among them, and none that no call needs.
func TestPipelineExample(t *testing.T) {
	p, err := scan.Packages(&scan.Config{Dir: "../.."}, "./examples/pipeline")
	if err != nil {
		t.Fatal(err)
	}
	want := []scopes.Scope{scopes.CreateApplications, scopes.EditExchange, scopes.ReadApplications, scopes.ReadAuditLogs, scopes.ReadRuntimeFabrics}
	if got := p.Scopes(); !slices.Equal(got, want) {
		t.Fatalf("scopes = %v, want %v", got, want)
	}
	if len(p.Unresolved) != 0 {
		t.Fatalf("unresolved = %+v", p.Unresolved)
	}
}

// A program that does not compile is an error, not a report that misses
// calls.
func TestBrokenProgram(t *testing.T) {
	_, err := scan.Packages(&scan.Config{Dir: "testdata"}, "./nosuchdir")
	if !errors.Is(err, scan.ErrLoad) {
		t.Fatalf("err = %v, want ErrLoad", err)
	}
}
