package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/scopes"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// On examples/pipeline the command prints the scopes the pipeline's calls
// need, create:applications among them, and no other; -json gives the
// same for CI, and the JSON plan is checked against an app: a removed
// scope is missing (exit 1), an extra one unused.
func TestPipeline(t *testing.T) {
	code, out, stderr := runCmd(t, "-C", "../..", "./examples/pipeline")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"The smallest grant: 5 scopes", "create:applications (Create Applications) in org any, env any; source: docs", "examples/pipeline/main.go:"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCmd(t, "-C", "../..", "-json", "./examples/pipeline")
	if code != 0 {
		t.Fatalf("-json: exit %d: %s", code, stderr)
	}
	var plan struct {
		Scopes     []scopes.Scope `json:"scopes"`
		Unresolved []any          `json:"unresolved"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	want := []scopes.Scope{scopes.CreateApplications, scopes.EditExchange, scopes.ReadApplications, scopes.ReadAuditLogs, scopes.ReadRuntimeFabrics}
	if !slices.Equal(plan.Scopes, want) || plan.Unresolved == nil || len(plan.Unresolved) != 0 {
		t.Fatalf("-json: scopes %v unresolved %v, want %v and []", plan.Scopes, plan.Unresolved, want)
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}

	org, env := anypointtest.OrgID, anypointtest.SandboxEnvID
	all := "edit:exchange@" + org + " read:runtime_fabrics@" + org + " read:audit_logs@" + org + " read:applications@" + org + "/" + env
	code, out, _ = runCmd(t, "-check", "-plan", file, "-org", org, "-env", env, "-held", all+" manage:exchange@"+org)
	if code != 1 || !strings.Contains(out, "MISSING: 1 grant") || !strings.Contains(out, "create:applications in org "+org+", env "+env) {
		t.Fatalf("create:applications removed: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "UNUSED: 1 grant") || !strings.Contains(out, "manage:exchange in org "+org) {
		t.Fatalf("manage:exchange not reported unused:\n%s", out)
	}
	all += " create:applications@" + org + "/" + env
	if code, out, _ = runCmd(t, "-check", "-plan", file, "-org", org, "-env", env, "-held", all); code != 0 {
		t.Fatalf("every scope held: exit %d\n%s", code, out)
	}
	if code, _, _ = runCmd(t, "-check", "-plan", file, "-held", all+" manage:exchange@"+org, "-fail-unused"); code != 1 {
		t.Fatalf("-fail-unused with an unused grant: exit %d", code)
	}
}

// -check -app reads the app's grants with the admin API, with the
// environment's (an administrator's) credentials.
func TestCheckAppWithTheAdminAPI(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "lister", Scopes: []scopes.Scope{scopes.EditExchange}})
	auditor := srv.AddApp(anypointtest.AppSpec{Name: "auditor", Scopes: []scopes.Scope{scopes.ReadOrgConnApps}})
	for _, k := range []string{"ANYPOINT_ACCESS_TOKEN", "ANYPOINT_HOST", "ANYPOINT_CPLANE", "ANYPOINT_REGION"} {
		t.Setenv(k, "")
	}
	t.Setenv("ANYPOINT_CLIENT_ID", auditor.ClientID)
	t.Setenv("ANYPOINT_CLIENT_SECRET", auditor.ClientSecret)
	t.Setenv("ANYPOINT_BASE_URL", srv.URL)
	code, out, stderr := runCmd(t, "-C", "../../leastprivilege/scan/testdata", "-check", "-app", app.ClientID, "./lister")
	if code != 1 || !strings.Contains(out, "MISSING: 1 grant") || !strings.Contains(out, "view:design_center") || !strings.Contains(out, "UNUSED: 1 grant") || !strings.Contains(out, "edit:exchange") {
		t.Fatalf("exit %d (%s)\n%s", code, stderr, out)
	}
}

// Unresolved calls are printed; -strict makes them exit 1; a program that
// does not load exits 2.
func TestUnresolvedAndErrors(t *testing.T) {
	code, out, _ := runCmd(t, "-C", "../../leastprivilege/scan/testdata", "-strict", "./mixed")
	if code != 1 || !strings.Contains(out, "could not be resolved") || !strings.Contains(out, "the path is built at run time") {
		t.Fatalf("-strict: exit %d\n%s", code, out)
	}
	if code, _, stderr := runCmd(t, "-C", "../../leastprivilege/scan/testdata", "./nosuchdir"); code != 2 || stderr == "" {
		t.Fatalf("a missing package: exit %d, stderr %q", code, stderr)
	}
	empty := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(empty, []byte(`{"scopes":[],"grants":[],"unresolved":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCmd(t, "-check", "-plan", empty, "-held", ""); code != 2 {
		t.Fatalf("-check without -app or -held: exit %d", code)
	}
	if code, _, stderr := runCmd(t, "-check", "-held", `bad"scope`, "-plan", empty); code != 2 || !strings.Contains(stderr, "not a scope") {
		t.Fatalf("a bad -held: exit %d %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "-check", "-held", "view:environment", "-plan", empty); code != 0 {
		t.Fatalf("an empty plan: exit %d", code)
	}
}
