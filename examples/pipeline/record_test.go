package main

import (
	"slices"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/leastprivilege/scan"
	"github.com/anypoint-go/anypoint/scopes"
)

// The runtime record of the pipeline on the fake gives the same grant as
// the static report of its source: the same scopes, each now in the
// organization and environment the calls acted in.
func TestRuntimeRecordMatchesTheStaticReport(t *testing.T) {
	t.Setenv("ANYPOINT_CLIENT_ID", "")
	t.Setenv("ANYPOINT_CLIENT_SECRET", "")
	t.Setenv("PIPELINE_FAIL", "")
	rec := leastprivilege.NewRecorder()
	o := options{client: []anypoint.Option{anypoint.WithCallRecorder(rec)}}
	if err := run(o); err != nil {
		t.Fatal(err)
	}
	static, err := scan.Packages(&scan.Config{Dir: "."}, ".")
	if err != nil {
		t.Fatal(err)
	}
	runtime := rec.Plan()
	if !slices.Equal(runtime.Scopes(), static.Scopes()) || !slices.Contains(runtime.Scopes(), scopes.CreateApplications) {
		t.Fatalf("runtime scopes %v, static %v", runtime.Scopes(), static.Scopes())
	}
	found := false
	for _, g := range runtime.Grants {
		if g.OrgID != anypointtest.OrgID {
			t.Errorf("%s granted in org %q, want the fake's", g.Scope, g.OrgID)
		}
		if g.Scope == scopes.CreateApplications {
			found = g.EnvID == anypointtest.SandboxEnvID && len(g.Calls) == 1 && g.Calls[0].Count == 2
		}
	}
	if !found {
		t.Fatalf("create:applications: want the sandbox and two calls (one denied); grants %+v", runtime.Grants)
	}
	if len(runtime.Unresolved) != 0 {
		t.Fatalf("unresolved = %+v", runtime.Unresolved)
	}
}
