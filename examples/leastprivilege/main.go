// Command leastprivilege shows which scopes examples/pipeline needs, and a
// preflight that finds a scope missing from the pipeline's app before the
// deployment step, instead of a scope denial halfway through it.
//
//	go run ./examples/leastprivilege
//
// With nothing set it checks an app of the embedded fake platform. For the
// real control plane set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (an
// administrator's app with read:orgconnapps), ANYPOINT_APP_ID (the
// pipeline's app), ANYPOINT_ORG and ANYPOINT_ENV.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/leastprivilege/appgrants"
	"github.com/anypoint-go/anypoint/leastprivilege/scan"
	"github.com/anypoint-go/anypoint/scopes"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "leastprivilege:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	// 1. The static report: what `go run ./cmd/anypoint-scopes ./examples/pipeline` prints.
	plan, err := scan.Packages(&scan.Config{Dir: moduleDir()}, "./examples/pipeline")
	if err != nil {
		return err
	}
	fmt.Println("1. The scopes examples/pipeline needs:")
	if err := plan.WriteText(os.Stdout); err != nil {
		return err
	}
	// The pipeline reads the audit log with another app: check the deploying app's calls.
	plan = plan.Filter(func(c leastprivilege.Call) bool { return c.Operation.API != "audit-log-query" })

	// 2. Preflight, before any deployment: what does the pipeline's app hold?
	adminClient, appID, opts, fake, err := configure()
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
	}
	src := appgrants.FromAdmin(admin.New(adminClient), appID)
	fmt.Printf("\n2. Preflight of app %s in org %s, env %s:\n", appID, opts.OrgID, opts.EnvID)
	res, err := leastprivilege.Preflight(ctx, plan, src, opts)
	if err != nil {
		return err
	}
	if err := res.WriteText(os.Stdout); err != nil {
		return err
	}

	// 3. At start-up, the pipeline fails fast with every missing scope at once.
	err = leastprivilege.Require(ctx, plan, src, opts)
	if fake == nil {
		return err // the real platform: fix the grants the report names
	}
	var missing *leastprivilege.MissingScopesError
	if !errors.As(err, &missing) {
		return fmt.Errorf("want the missing create:applications found before deploying, got %v", err)
	}
	fmt.Println("\n3. The pipeline would stop before deploying:", err)
	for _, m := range missing.Missing {
		fake.GrantScope(appID, m.Grant) // the administrator grants what the report names
	}
	if err := leastprivilege.Require(ctx, plan, src, opts); err != nil {
		return err
	}
	fmt.Println("   granted; the preflight passes: the pipeline may deploy")
	return nil
}

// configure returns an administrator's client, the app to check and the
// context the pipeline runs in: on the fake, an app that holds the
// pipeline's scopes but create:applications (and one it does not need).
func configure() (*anypoint.Client, string, *leastprivilege.CheckOptions, *anypointtest.Server, error) {
	if os.Getenv("ANYPOINT_CLIENT_ID") != "" {
		c, err := connectedapps.NewClientFromEnv()
		opts := &leastprivilege.CheckOptions{OrgID: os.Getenv("ANYPOINT_ORG"), EnvID: os.Getenv("ANYPOINT_ENV")}
		return c, os.Getenv("ANYPOINT_APP_ID"), opts, nil, err
	}
	srv := anypointtest.NewServer()
	app := srv.AddApp(anypointtest.AppSpec{Name: "ci-pipeline", Scopes: []scopes.Scope{
		scopes.EditExchange, scopes.ManageExchange, scopes.ReadApplications, scopes.ReadRuntimeFabrics}})
	auditor := srv.AddApp(anypointtest.AppSpec{Name: "platform-admin", Scopes: []scopes.Scope{scopes.ReadOrgConnApps}})
	cfg := srv.Config()
	ts := connectedapps.ClientCredentials{ClientID: auditor.ClientID, ClientSecret: auditor.ClientSecret, Config: cfg}.TokenSource()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	opts := &leastprivilege.CheckOptions{OrgID: anypointtest.OrgID, EnvID: anypointtest.SandboxEnvID}
	return c, app.ClientID, opts, srv, err
}

// moduleDir is the SDK's directory, two above this example's source.
func moduleDir() string {
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Join(filepath.Dir(file), "..", "..")
		if _, err := os.Stat(filepath.Join(dir, "examples", "pipeline")); err == nil {
			return dir
		}
	}
	return "."
}
