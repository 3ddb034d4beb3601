package deployments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/deployments"
)

// DeploymentSummary decodes every field of the list answer (the fake
// answers the spec's DeploymentResponse): none is left on the table. A
// stopped application and a failed one read alike in the list, and
// GetDeployment tells them apart, as the documentation says.
func TestSummaryDecodesWhatTheListCarries(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	stopped := f.create(t, "stopped-app")
	if _, err := f.svc.WaitForDeployment(ctx, org, env, stopped.ID, fast); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.UpdateDeployment(ctx, org, env, stopped.ID, &deployments.UpdateDeploymentRequest{DesiredState: deployments.Stopped}); err != nil {
		t.Fatal(err)
	}
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{Fail: true, Reason: "Port 8081 is already in use"})
	crashed := f.create(t, "crashed-app")
	f.srv.SettleDeployments()

	var raw struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := f.c.Call(ctx, "GET", anypointtest.DeploymentsPath+"/organizations/"+org+"/environments/"+env+"/deployments", nil, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Items) != 2 {
		t.Fatalf("%d list entries, want 2", len(raw.Items))
	}
	for _, item := range raw.Items {
		dec := json.NewDecoder(bytes.NewReader(item))
		dec.DisallowUnknownFields()
		var s deployments.DeploymentSummary
		if err := dec.Decode(&s); err != nil {
			t.Errorf("the list entry %s has a field DeploymentSummary does not decode: %v", item, err)
		}
	}

	page, err := f.svc.ListDeployments(ctx, org, env, nil)
	if err != nil || len(page.Data) != 2 {
		t.Fatalf("%v, %v", page, err)
	}
	for _, s := range page.Data {
		if s.Application.Status != deployments.NotRunning {
			t.Errorf("%s: application %s in the list, want NOT_RUNNING", s.Name, s.Application.Status)
		}
	}
	a, err := f.svc.GetDeployment(ctx, org, env, stopped.ID)
	if err != nil || a.Application.DesiredState != deployments.Stopped || a.Reason() != "" {
		t.Errorf("stopped: %+v, %v; want desired state STOPPED and no reason", a, err)
	}
	b, err := f.svc.GetDeployment(ctx, org, env, crashed.ID)
	if err != nil || b.Application.DesiredState != deployments.Started || b.Reason() != "Port 8081 is already in use" {
		t.Errorf("crashed: %+v, %v; want desired state STARTED and the replicas' reason", b, err)
	}
}
