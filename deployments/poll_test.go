package deployments_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/exchange"
)

// The fake's clock is an anypoint.Clock.
var _ anypoint.Clock = (*anypointtest.Clock)(nil)

// frozenFixture is newFixture on a fake whose time stands still but for
// its Clock's sleeps: a wait that ignored WaitOptions.Clock would never see
// a deployment settle.
func frozenFixture(t *testing.T) *fixture {
	t.Helper()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(func() time.Time { return at }))
	app := srv.AddApp(anypointtest.AppSpec{Name: "pipeline", Scopes: deployScopes})
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = exchange.New(c).Publish(context.Background(), org, &exchange.PublishRequest{
		AssetID: "orders-sync", Version: "1.0.0", Name: "Orders Sync", Sync: true,
		Files: []exchange.File{{Classifier: "mule-application", Packaging: "jar", Content: strings.NewReader("jar")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, app: app, c: c, svc: deployments.New(c)}
}

// bounded is a context that ends a wait that would otherwise never end.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// OnPoll hears of every read, a change or not, with the time elapsed by the
// watch's clock, the count of reads and the wait before the next one. With
// the fake's clock, the default intervals (2s, growing by half) pass a
// 10-second deployment in a few reads, and the elapsed times are the sums of
// the waits.
func TestOnPollHearsEveryRead(t *testing.T) {
	f := frozenFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: 10 * time.Second})
	d := f.create(t, "orders-sync")
	f.srv.ResetRequestLog()

	var polls []deployments.Poll
	changes := 0
	opts := &deployments.WaitOptions{
		Clock:    f.srv.Clock(),
		OnPoll:   func(p deployments.Poll) { polls = append(polls, p) },
		OnChange: func(*deployments.Deployment) { changes++ },
	}
	final, err := f.svc.WaitForDeployment(bounded(t), org, env, d.ID, opts)
	if err != nil {
		t.Fatal(err)
	}
	if final.Status != deployments.StatusApplied {
		t.Fatalf("final state %s, want APPLIED", final.Status)
	}
	// Reads at 0, 2, 5, 9.5 (APPLYING) and 16.25s (APPLIED).
	wantNext := []time.Duration{2 * time.Second, 3 * time.Second, 4500 * time.Millisecond, 6750 * time.Millisecond, 0}
	if len(polls) != len(wantNext) {
		t.Fatalf("%d polls, want %d: %+v", len(polls), len(wantNext), polls)
	}
	reads := f.srv.Requests("GET", anypointtest.DeploymentsPath+"/organizations/"+org+"/environments/"+env+"/deployments/"+d.ID)
	if reads != len(polls) {
		t.Errorf("%d reads of the deployment, %d polls: want one poll per read", reads, len(polls))
	}
	var slept time.Duration
	changed := 0
	for i, p := range polls {
		if p.Reads != i+1 || p.Next != wantNext[i] || p.Deployment == nil {
			t.Errorf("poll %d: reads %d, next %v, deployment %v; want reads %d, next %v", i, p.Reads, p.Next, p.Deployment, i+1, wantNext[i])
		}
		// The fake's time moves by the waits alone.
		if p.Elapsed != slept {
			t.Errorf("poll %d: elapsed %v, want the %v slept so far", i, p.Elapsed, slept)
		}
		slept += p.Next
		if p.Changed {
			changed++
		}
	}
	if !polls[0].Changed || polls[1].Changed || polls[1].Deployment.Status != deployments.StatusApplying || !polls[len(polls)-1].Changed {
		t.Errorf("changes: first %v, second %v (%s), last %v; want the first and the last", polls[0].Changed, polls[1].Changed, polls[1].Deployment.Status, polls[len(polls)-1].Changed)
	}
	if changed != changes {
		t.Errorf("%d polls changed, OnChange heard %d", changed, changes)
	}
}

// WatchDeployment calls OnPoll too, and a failed read is not a poll.
func TestWatchCallsOnPoll(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: 3 * time.Second})
	d := f.create(t, "orders-sync")
	n := 0
	opts := &deployments.WaitOptions{Clock: f.srv.Clock(), OnPoll: func(deployments.Poll) { n++ }}
	yields := 0
	for _, err := range f.svc.WatchDeployment(context.Background(), org, env, d.ID, opts) {
		if err != nil {
			t.Fatal(err)
		}
		yields++
	}
	if yields != 2 || n != 3 {
		t.Errorf("%d yields, %d polls; want 2 changes (APPLYING, APPLIED) over 3 reads (0, 2, 5s)", yields, n)
	}

	n = 0
	for _, err := range f.svc.WatchDeployment(context.Background(), org, env, "no-such-deployment", opts) {
		if !errors.Is(err, anypoint.ErrNotFound) {
			t.Errorf("err = %v, want not found", err)
		}
	}
	if n != 0 {
		t.Errorf("a failed read made %d polls, want none", n)
	}
}

// The fake's clock drives the fake's deployment delay and the poll alike: a
// wait with the defaults for the default delay returns APPLIED after the
// fake's time, not the test's, has moved on by the delay.
func TestFakeClockDrivesDelayAndPoll(t *testing.T) {
	f := frozenFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: anypointtest.DefaultDeploymentDelay})
	clock := f.srv.Clock()
	start := clock.Now()
	d := f.create(t, "orders-sync")
	final, err := f.svc.WaitForDeployment(bounded(t), org, env, d.ID, &deployments.WaitOptions{Clock: clock})
	if err != nil || final.Status != deployments.StatusApplied {
		t.Fatalf("%v, %v; want APPLIED", final, err)
	}
	// Reads at 0 and 2s: the second sees the deployment settled.
	if moved := clock.Now().Sub(start); moved != deployments.DefaultWaitInterval {
		t.Errorf("the fake's time moved %v, want one default wait, %v", moved, deployments.DefaultWaitInterval)
	}
}

// A wait on the fake's clock still ends with its context.
func TestFakeClockWaitEndsWithTheContext(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: time.Hour})
	d := f.create(t, "orders-sync")
	ctx, cancel := context.WithCancel(context.Background())
	opts := &deployments.WaitOptions{Clock: f.srv.Clock(), OnPoll: func(p deployments.Poll) {
		if p.Reads == 3 {
			cancel()
		}
	}}
	got, err := f.svc.WaitForDeployment(ctx, org, env, d.ID, opts)
	if !errors.Is(err, context.Canceled) || got == nil || got.Status != deployments.StatusApplying {
		t.Errorf("%v, %v; want the APPLYING deployment and the cancellation", got, err)
	}
}
