// Command pipeline is a CI/CD pipeline in one program: a connected app that
// acts on its own behalf publishes a Mule application to Exchange, deploys
// it to CloudHub 2.0 and prints its progress until it runs; then, with the
// app's Create Applications scope removed, a second deployment is a typed
// scope denial; then an administrator lists, from the audit log, what the
// app's client ID did in the last hour.
//
//	go run ./examples/pipeline
//
// With nothing set it runs against the embedded fake platform
// (PIPELINE_FAIL=1 makes the deployment fail there). For the real control
// plane set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (the pipeline
// app: edit:exchange, create:applications, read:applications,
// read:runtime_fabrics), ANYPOINT_ENV (the environment's ID), ANYPOINT_JAR
// (the application's jar), and optionally ANYPOINT_ORG, ANYPOINT_TARGET
// (a target ID; default the first shared space), ANYPOINT_HOST or
// ANYPOINT_REGION, and ANYPOINT_ADMIN_CLIENT_ID/SECRET (an app with
// read:audit_logs). The scope removal is shown on the fake only.
//
// The story goes on in examples/apimanager, which puts the deployed
// application's API under management in API Manager.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/auditlog"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/scopes"
)

func main() {
	if err := run(options{}); err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
}

// options are what a test changes: the fake platform's options, and the
// clients'.
type options struct {
	fake []anypointtest.Option
	// client are given to every client the pipeline makes (a recorder of
	// its calls: see examples/leastprivilege).
	client []anypoint.Option
}

// setup is where the pipeline runs: the control plane, both apps, the
// organization, environment and target, and the jar.
type setup struct {
	fake              *anypointtest.Server
	cfg               anypoint.Config // the control plane, named once for every credential and client
	clock             anypoint.Clock  // the fake's, so that waiting on it takes no time
	app, admin        [2]string       // client ID and secret
	orgID, envID      string
	targetID, version string
	jar               io.Reader
}

func run(o options) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := configure(o.fake)
	if err != nil {
		return err
	}
	if s.fake != nil {
		defer s.fake.Close()
	}
	c, err := client(s.cfg, s.app, o.client...)
	if err != nil {
		return err
	}
	if s.orgID == "" {
		me, err := accounts.New(c).Me(ctx)
		if err != nil {
			return err
		}
		s.orgID = me.OrganizationID()
	}

	// 1. Publish the application to Exchange.
	fmt.Printf("1. Publishing orders-sync %s to Exchange\n", s.version)
	pub, err := exchange.New(c).Publish(ctx, s.orgID, &exchange.PublishRequest{
		AssetID: "orders-sync", Version: s.version, Name: "Orders Sync", Type: exchange.MuleApplication,
		Files:    []exchange.File{{Classifier: "mule-application", Packaging: "jar", Content: s.jar}},
		OnStatus: func(st *exchange.PublicationStatus) { fmt.Println("   publication:", st.Status) },
		Clock:    s.clock,
	})
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}

	// 2. Deploy it to CloudHub 2.0 and follow it until it runs.
	deploy := deployments.New(c)
	if s.targetID == "" {
		if s.targetID, err = sharedSpace(ctx, deploy, s.orgID); err != nil {
			return err
		}
	}
	asset := deployments.AssetRef{GroupID: pub.GroupID, ArtifactID: pub.AssetID, Version: pub.Version}
	fmt.Printf("2. Deploying %s to target %s\n", asset, s.targetID)
	d, err := deploy.CreateDeployment(ctx, s.orgID, s.envID, &deployments.CreateDeploymentRequest{
		Name: "orders-sync", TargetID: s.targetID, Asset: asset, Replicas: 1, VCores: 0.1,
		Properties:       map[string]string{"orders.batch": "50"},
		SecureProperties: deployments.SecureProperties{"erp.password": "from-your-vault"},
	})
	if err != nil {
		return fmt.Errorf("deploy: %w", err)
	}
	d, err = deploy.WaitForDeployment(ctx, s.orgID, s.envID, d.ID, &deployments.WaitOptions{
		Interval: 500 * time.Millisecond, MaxInterval: 5 * time.Second,
		Clock: s.clock, // nil: real time; on the fake, the fake's time, so no real wait
		OnPoll: func(p deployments.Poll) { // every read, as the CLI shows progress
			fmt.Printf("   %5.1fs  %-9s application %s\n", p.Elapsed.Seconds(), p.Deployment.Status, p.Deployment.Application.Status)
		},
	})
	var failed *deployments.DeploymentFailedError
	if errors.As(err, &failed) {
		return fmt.Errorf("the deployment of %s failed (%s): %s", failed.Name, failed.Status, failed.Reason)
	} else if err != nil {
		return err
	}
	fmt.Printf("   %s runs %s\n", d.Name, d.Application.Ref)

	// 3. Without Create Applications, deploying is a typed scope denial.
	if s.fake != nil {
		fmt.Println("3. An administrator removes create:applications from the pipeline app")
		s.fake.RemoveScope(s.app[0], scopes.Grant{Scope: scopes.CreateApplications})
		_, err = deploy.CreateDeployment(ctx, s.orgID, s.envID, &deployments.CreateDeploymentRequest{
			Name: "orders-sync-canary", TargetID: s.targetID, Asset: asset,
		})
		var denied *anypoint.ScopeError
		if !errors.As(err, &denied) {
			return fmt.Errorf("deploying without create:applications: want a scope denial, got %v", err)
		}
		fmt.Printf("   denied, as expected: the app needs one of %v\n", denied.Required)
	}

	// 4. What did the pipeline's client ID do in the last hour?
	if s.admin[0] == "" {
		fmt.Println("4. (set ANYPOINT_ADMIN_CLIENT_ID/SECRET to read the audit log)")
		return nil
	}
	ac, err := client(s.cfg, s.admin, o.client...)
	if err != nil {
		return err
	}
	fmt.Printf("4. The audit log: what client %s did in the last hour\n", s.app[0])
	q := &auditlog.Query{Start: time.Now().Add(-time.Hour), ClientIDs: []string{s.app[0]}}
	for e, err := range auditlog.New(ac).AllEntries(ctx, s.orgID, q) {
		if err != nil {
			return fmt.Errorf("audit log: %w", err)
		}
		what := ""
		if len(e.Objects) > 0 {
			what = e.Objects[0].Type + " " + cmpOr(e.Objects[0].Name, e.Objects[0].ID)
		}
		status := "ok"
		if e.Failed {
			status = "FAILED"
		}
		fmt.Printf("   %s  %-16s %-6s %-45.45s %s\n", e.Timestamp.Local().Format("15:04:05"), e.Platform, e.Action, what, status)
	}
	fmt.Println("Next: go run ./examples/apimanager puts the API under management.")
	return nil
}

// sharedSpace returns the first CloudHub 2.0 shared space of the targets.
func sharedSpace(ctx context.Context, deploy *deployments.Service, orgID string) (string, error) {
	targets, err := deploy.ListTargets(ctx, orgID)
	if err != nil {
		return "", fmt.Errorf("list targets: %w", err)
	}
	for _, t := range targets {
		if t.Type == deployments.TargetSharedSpace && t.IsAvailableForDeployments {
			return t.ID, nil
		}
	}
	return "", errors.New("no CloudHub 2.0 shared space available; set ANYPOINT_TARGET")
}

func client(cfg anypoint.Config, app [2]string, opts ...anypoint.Option) (*anypoint.Client, error) {
	ts := connectedapps.ClientCredentials{ClientID: app[0], ClientSecret: app[1], Config: cfg}.TokenSource()
	return anypoint.NewClient(ts, append([]anypoint.Option{anypoint.WithConfig(cfg)}, opts...)...)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// configure reads the environment, or starts the fake platform (with
// fakeOpts) with a pipeline app, an auditor app and a generated jar.
func configure(fakeOpts []anypointtest.Option) (*setup, error) {
	id, secret := os.Getenv("ANYPOINT_CLIENT_ID"), os.Getenv("ANYPOINT_CLIENT_SECRET")
	if id == "" && secret == "" {
		srv := anypointtest.NewServer(fakeOpts...)
		outcome := anypointtest.DeploymentOutcome{After: 3 * time.Second}
		if os.Getenv("PIPELINE_FAIL") != "" {
			outcome.Fail, outcome.Reason = true, "Application orders-sync failed to start: port 8081 already in use"
		}
		srv.SetDeploymentOutcome(outcome)
		app := srv.AddApp(anypointtest.AppSpec{Name: "ci-pipeline", Scopes: []scopes.Scope{
			scopes.EditExchange, scopes.CreateApplications, scopes.ReadApplications, scopes.ReadRuntimeFabrics}})
		admin := srv.AddApp(anypointtest.AppSpec{Name: "platform-auditor", Scopes: []scopes.Scope{scopes.ReadAuditLogs}})
		fmt.Printf("Using the embedded fake Anypoint Platform at %s\n(set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET for the real one)\n", srv.URL)
		return &setup{
			fake: srv, cfg: srv.Config(), clock: srv.Clock(), app: [2]string{app.ClientID, app.ClientSecret}, admin: [2]string{admin.ClientID, admin.ClientSecret},
			orgID: anypointtest.OrgID, envID: anypointtest.SandboxEnvID, version: "1.0.0",
			jar: bytes.NewReader(bytes.Repeat([]byte("PK\x03\x04 a Mule application "), 4096)),
		}, nil
	}
	if id == "" || secret == "" {
		return nil, errors.New("set both ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (or neither, for the fake platform)")
	}
	cfg, err := connectedapps.ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	s := &setup{
		cfg: cfg, app: [2]string{id, secret},
		admin: [2]string{os.Getenv("ANYPOINT_ADMIN_CLIENT_ID"), os.Getenv("ANYPOINT_ADMIN_CLIENT_SECRET")},
		orgID: os.Getenv("ANYPOINT_ORG"), envID: os.Getenv("ANYPOINT_ENV"), targetID: os.Getenv("ANYPOINT_TARGET"),
		version: cmpOr(os.Getenv("ANYPOINT_ASSET_VERSION"), "1.0."+time.Now().UTC().Format("20060102150405")),
	}
	if s.envID == "" || os.Getenv("ANYPOINT_JAR") == "" {
		return nil, errors.New("set ANYPOINT_ENV (an environment ID) and ANYPOINT_JAR (the application's jar)")
	}
	jar, err := os.Open(os.Getenv("ANYPOINT_JAR")) // closed when the program ends
	if err != nil {
		return nil, err
	}
	s.jar = jar
	fmt.Printf("Using the real control plane %s\n", cfg.BaseURL())
	return s, nil
}
