package deployments_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/scopes"
)

func TestDeployAndWait(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d, err := f.svc.CreateDeployment(ctx, org, env, &deployments.CreateDeploymentRequest{
		Name: "orders-sync", TargetID: anypointtest.SharedSpaceTargetID, Asset: ref("1.0.0"),
		Replicas: 2, VCores: 0.2, Properties: map[string]string{"env": "sandbox"},
		SecureProperties: deployments.SecureProperties{"db.password": "s3cr3t-value"},
		Settings:         &deployments.Settings{RuntimeVersion: "4.9.0:7e-java17"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != deployments.StatusApplying || d.Application.Ref.Packaging != "jar" || d.Target.Replicas != 2 || d.Application.VCores != 0.2 {
		t.Errorf("created = %+v", d)
	}
	if d.Application.Properties["env"] != "sandbox" || d.Application.SecureProperties["db.password"].Reveal() != "" {
		t.Errorf("properties = %v, secure = %v; want the property and the secure name without its value", d.Application.Properties, d.Application.SecureProperties)
	}
	if got, _ := f.srv.DeploymentSecureProperties(d.ID); got["db.password"] != "s3cr3t-value" {
		t.Errorf("the platform received %v", got)
	}

	var seen []string
	opts := *fast
	opts.OnChange = func(d *deployments.Deployment) {
		seen = append(seen, string(d.Status)+"/"+string(d.Application.Status))
	}
	final, err := f.svc.WaitForDeployment(ctx, org, env, d.ID, &opts)
	if err != nil {
		t.Fatal(err)
	}
	if !final.Settled() || final.Status != deployments.StatusApplied || final.Application.Status != deployments.Running ||
		len(final.Replicas) != 2 || final.Replicas[0].State != "STARTED" || final.LastSuccessfulVersion != final.DesiredVersion {
		t.Errorf("final = %+v", final)
	}
	if !slices.Equal(seen, []string{"APPLIED/RUNNING"}) {
		t.Errorf("OnChange saw %v", seen)
	}
}

// The deployment moves from APPLYING to APPLIED, and the watch yields each
// change.
func TestWatchSeesEveryChange(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: time.Hour})
	d := f.create(t, "orders-sync")
	var states []deployments.Status
	for d, err := range f.svc.WatchDeployment(context.Background(), org, env, d.ID, fast) {
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, d.Status)
		f.srv.SettleDeployments() // the platform is done with it
	}
	if !slices.Equal(states, []deployments.Status{deployments.StatusApplying, deployments.StatusApplied}) {
		t.Errorf("states = %v", states)
	}
}

func TestFailedDeploymentIsATypedError(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{Fail: true, Reason: "Port 8081 is already in use"})
	d := f.create(t, "orders-sync")
	got, err := f.svc.WaitForDeployment(context.Background(), org, env, d.ID, fast)
	var failed *deployments.DeploymentFailedError
	if !errors.Is(err, deployments.ErrDeploymentFailed) || !errors.As(err, &failed) {
		t.Fatalf("err = %v, want a *DeploymentFailedError", err)
	}
	if failed.Reason != "Port 8081 is already in use" || failed.Status != deployments.StatusFailed || failed.Name != "orders-sync" || got == nil || !got.Failed() {
		t.Errorf("error %+v, deployment %+v", failed, got)
	}
	if !strings.Contains(err.Error(), "Port 8081") {
		t.Errorf("message %q does not carry the reason", err)
	}
}

func TestWaitEndsWithTheContext(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: time.Hour})
	d := f.create(t, "orders-sync")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	got, err := f.svc.WaitForDeployment(ctx, org, env, d.ID, fast)
	if !errors.Is(err, context.DeadlineExceeded) || got == nil || got.Status != deployments.StatusApplying || !strings.Contains(err.Error(), "APPLYING") {
		t.Errorf("got %v, %v; want the APPLYING deployment and the deadline", got, err)
	}
}

func TestRedeployScaleAndDelete(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := f.create(t, "orders-sync")
	if _, err := f.svc.WaitForDeployment(ctx, org, env, d.ID, fast); err != nil {
		t.Fatal(err)
	}
	replicas := 3
	up, err := f.svc.UpdateDeployment(ctx, org, env, d.ID, &deployments.UpdateDeploymentRequest{Asset: &deployments.AssetRef{GroupID: org, ArtifactID: "orders-sync", Version: "1.1.0"}, Replicas: &replicas})
	if err != nil {
		t.Fatal(err)
	}
	if up.Status != deployments.StatusApplying || up.Application.Ref.Version != "1.1.0" || up.Target.Replicas != 3 || up.DesiredVersion == d.DesiredVersion {
		t.Errorf("updated = %+v", up)
	}
	final, err := f.svc.WaitForDeployment(ctx, org, env, d.ID, fast)
	if err != nil || final.Application.Ref.Version != "1.1.0" || len(final.Replicas) != 3 {
		t.Fatalf("after the redeploy: %+v, %v", final, err)
	}
	stopped, err := f.svc.UpdateDeployment(ctx, org, env, d.ID, &deployments.UpdateDeploymentRequest{DesiredState: deployments.Stopped})
	if err != nil || stopped.Application.DesiredState != deployments.Stopped {
		t.Fatalf("stop: %+v, %v", stopped, err)
	}
	if final, err = f.svc.WaitForDeployment(ctx, org, env, d.ID, fast); err != nil || final.Application.Status != deployments.NotRunning {
		t.Fatalf("stopped: %+v, %v", final, err)
	}
	if err := f.svc.DeleteDeployment(ctx, org, env, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.GetDeployment(ctx, org, env, d.ID); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("after delete: err = %v, want ErrNotFound", err)
	}
}

func TestAllDeploymentsWalksItemsPages(t *testing.T) {
	f := newFixture(t)
	for i := range 5 {
		f.create(t, fmt.Sprintf("app-%02d", i))
	}
	f.srv.ResetRequestLog()
	var names []string
	for d, err := range f.svc.AllDeployments(context.Background(), org, env, &deployments.ListDeploymentsOptions{ListOptions: anypoint.ListOptions{Limit: 2}}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, d.Name)
	}
	if !slices.Equal(names, []string{"app-00", "app-01", "app-02", "app-03", "app-04"}) {
		t.Errorf("walked %v", names)
	}
	if n := f.srv.Requests(http.MethodGet, "/amc/application-manager/api/v2/organizations/"+org+"/environments/"+env+"/deployments"); n != 3 {
		t.Errorf("%d pages fetched, want 3 (the total ends the walk)", n)
	}
	page, err := f.svc.ListDeployments(context.Background(), org, env, &deployments.ListDeploymentsOptions{TargetID: anypointtest.PrivateSpaceTargetID})
	if err != nil || page.Total != 0 || len(page.Data) != 0 {
		t.Errorf("another target: %+v, %v", page, err)
	}
}

func TestListTargets(t *testing.T) {
	f := newFixture(t)
	targets, err := f.svc.ListTargets(context.Background(), org)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, tg := range targets {
		types = append(types, string(tg.Type))
	}
	if !slices.Equal(types, []string{"shared-space", "private-space", "runtime-fabric"}) || targets[0].Runtimes[0].Versions[0].Tag == "" {
		t.Errorf("targets = %+v", targets)
	}
}

func TestDeployWithoutTheScopeIsAScopeError(t *testing.T) {
	f := newFixture(t, scopes.ReadApplications)
	_, err := f.svc.CreateDeployment(context.Background(), org, env, &deployments.CreateDeploymentRequest{
		Name: "orders-sync", TargetID: anypointtest.SharedSpaceTargetID, Asset: ref("1.0.0"),
	})
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !slices.Equal(se.Required, []scopes.Scope{scopes.CreateApplications}) {
		t.Fatalf("err = %v, want a ScopeError requiring create:applications", err)
	}
}

// Secure values never show in a printed request, a printed deployment, a
// log line, or an error the platform answered, even one that quotes them.
func TestSecurePropertiesNeverLeak(t *testing.T) {
	const secret = "hunter2-very-secret"
	req := &deployments.CreateDeploymentRequest{Name: "x", SecureProperties: deployments.SecureProperties{"db.password": secret}}
	var sb strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		fmt.Fprintf(&sb, verb+"\n", req)
		fmt.Fprintf(&sb, verb+"\n", req.SecureProperties)
	}
	slog.New(slog.NewJSONHandler(&sb, nil)).Info("deploy", "req", req, "secure", req.SecureProperties, "one", req.SecureProperties["db.password"])
	slog.New(slog.NewTextHandler(&sb, nil)).Info("deploy", "req", req, "one", req.SecureProperties["db.password"])
	if strings.Contains(sb.String(), secret) || strings.Contains(sb.String(), fmt.Sprintf("%x", secret)) {
		t.Errorf("printed or logged:\n%s", sb.String())
	}

	// The platform quotes the value in its error.
	f := newFixture(t)
	f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusBadRequest, ContentType: "application/json",
		Body: `{"message":"property db.password=` + secret + ` (hunter2-very-secret) is invalid","echo":"hunter2-very-secret"}`})
	_, err := f.svc.CreateDeployment(context.Background(), org, env, &deployments.CreateDeploymentRequest{
		Name: "orders-sync", TargetID: anypointtest.SharedSpaceTargetID, Asset: ref("1.0.0"),
		SecureProperties: deployments.SecureProperties{"db.password": secret},
	})
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(string(apiErr.Body), secret) || strings.Contains(fmt.Sprintf("%+v", err), secret) {
		t.Errorf("the error carries the secret: %v / %s", err, apiErr.Body)
	}
	if !strings.Contains(err.Error(), "db.password=REDACTED") {
		t.Errorf("error = %v, want the value replaced", err)
	}
}

func TestDeploymentInputIsChecked(t *testing.T) {
	svc := deployments.New(nil)
	ctx := context.Background()
	ok := func() *deployments.CreateDeploymentRequest {
		return &deployments.CreateDeploymentRequest{Name: "a", TargetID: "t", Asset: ref("1.0.0")}
	}
	for _, tc := range []struct {
		org, env string
		mod      func(*deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest
		field    string
	}{
		{"", env, func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest { return r }, "orgID"},
		{org, " ", func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest { return r }, "envID"},
		{org, env, func(*deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest { return nil }, "req"},
		{org, env, func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest {
			r.Name = ""
			return r
		}, "Name"},
		{org, env, func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest {
			r.TargetID = ""
			return r
		}, "TargetID"},
		{org, env, func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest {
			r.Asset.Version = ""
			return r
		}, "Asset.Version"},
		{org, env, func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest {
			r.Replicas = -1
			return r
		}, "Replicas"},
		{org, env, func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest {
			r.DesiredState = "RUNNING"
			return r
		}, "DesiredState"},
		{org, env, func(r *deployments.CreateDeploymentRequest) *deployments.CreateDeploymentRequest {
			r.Properties = map[string]string{"k": "v"}
			r.SecureProperties = deployments.SecureProperties{"k": "s"}
			return r
		}, "SecureProperties[k]"},
	} {
		_, err := svc.CreateDeployment(ctx, tc.org, tc.env, tc.mod(ok()))
		wantInvalid(t, err, tc.field)
	}
	_, err := svc.UpdateDeployment(ctx, org, env, "d", &deployments.UpdateDeploymentRequest{})
	wantInvalid(t, err, "req")
	zero := 0
	_, err = svc.UpdateDeployment(ctx, org, env, "d", &deployments.UpdateDeploymentRequest{Replicas: &zero})
	wantInvalid(t, err, "Replicas")
	err = svc.DeleteDeployment(ctx, org, env, "")
	wantInvalid(t, err, "deploymentID")
	_, err = svc.ListTargets(ctx, "")
	wantInvalid(t, err, "orgID")
}

// A secure value a Java server echoes (with "\/", "\uXXXX", or escaped
// twice) across the cut of the message leaves nothing of itself in the
// message or the body.
func TestSecurePropertiesJavaEchoAcrossTheCut(t *testing.T) {
	const secret = `hunter2/é&"<value>`
	for name, echo := range map[string]string{
		"slash":   `hunter2\/é&\"<value>`,
		"unicode": `hunter2\/\u00E9&\"<value>`,
		"twice":   `hunter2/é&\\\"<value>`,
	} {
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusBadRequest, ContentType: "application/json",
			Body: `{"message":"` + strings.Repeat("x", 497) + echo + `"}`})
		_, err := f.svc.CreateDeployment(context.Background(), org, env, &deployments.CreateDeploymentRequest{
			Name: "orders-sync", TargetID: anypointtest.SharedSpaceTargetID, Asset: ref("1.0.0"),
			SecureProperties: deployments.SecureProperties{"db.password": secret},
		})
		var apiErr *anypoint.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: err = %v", name, err)
		}
		for what, s := range map[string]string{"error": err.Error(), "message": apiErr.Message, "body": string(apiErr.Body)} {
			if strings.Contains(s, "xhun") {
				t.Errorf("%s: %s shows the value's start: …%s", name, what, s[max(0, len(s)-60):])
			}
		}
	}
}
