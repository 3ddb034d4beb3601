package deployments_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/deployments"
)

// deploymentPath is the path the fake logs for GetDeployment of id.
func deploymentPath(id string) string {
	return "/amc/application-manager/api/v2/organizations/" + org + "/environments/" + env + "/deployments/" + id
}

// reads waits for a deployment that never settles until ctx's short
// deadline and says how many times the deployment was read.
func reads(t *testing.T, opts *deployments.WaitOptions, within time.Duration) int {
	t.Helper()
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: time.Hour})
	d := f.create(t, "orders-sync")
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	got, err := f.svc.WaitForDeployment(ctx, org, env, d.ID, opts)
	if !errors.Is(err, context.DeadlineExceeded) || got == nil || got.Status != deployments.StatusApplying {
		t.Fatalf("got %v, %v; want the APPLYING deployment and the deadline", got, err)
	}
	n := f.srv.Requests("GET", deploymentPath(d.ID))
	t.Logf("%d reads in %v", n, within)
	return n
}

// The package doc's own example sets only OnChange: a zero Interval must
// mean the default two seconds, not a busy loop.
func TestWaitWithOnlyOnChangePollsAtTheDefaultInterval(t *testing.T) {
	t.Parallel() // it mostly sleeps
	changes := 0
	n := reads(t, &deployments.WaitOptions{OnChange: func(*deployments.Deployment) { changes++ }}, 300*time.Millisecond)
	if n != 1 || changes != 1 {
		t.Errorf("in 300ms with the default interval: %d reads, %d changes; want 1 and 1 (the next read is 2s away)", n, changes)
	}
	if n := reads(t, nil, 300*time.Millisecond); n != 1 {
		t.Errorf("nil options: %d reads in 300ms, want 1", n)
	}
}

// A MaxInterval below Interval is raised to it: the reads stay Interval
// apart, neither MaxInterval apart nor growing (as they would if the
// MaxInterval were ignored for the default 15s).
func TestWaitMaxIntervalBelowIntervalIsRaised(t *testing.T) {
	t.Parallel() // it mostly sleeps
	// 20ms apart: at most 600/20+1 = 31 reads, and 10 even on a slow
	// machine; polling at 1ns would be hundreds, growing by half from 20ms
	// at most 7.
	n := reads(t, &deployments.WaitOptions{Interval: 20 * time.Millisecond, MaxInterval: time.Nanosecond}, 600*time.Millisecond)
	if n < 10 || n > 31 {
		t.Errorf("%d reads in 600ms with Interval 20ms and MaxInterval 1ns; want 10..31", n)
	}
}

// The smallest Interval is taken as given, not as the default.
func TestWaitTakesATinyInterval(t *testing.T) {
	n := reads(t, &deployments.WaitOptions{Interval: time.Nanosecond, MaxInterval: time.Millisecond}, 50*time.Millisecond)
	if n < 2 {
		t.Errorf("%d reads in 50ms with Interval 1ns; want more than one", n)
	}
}

// With no MaxInterval the wait still grows (up to the default cap), by
// half after each read without change: from 1ms the waits are 1, 1.5,
// 2.25 … ms, 12 of them fit in 300ms (257ms in all), so at most 13 reads
// (7 on a slow machine); growing by a third would fit 16, tripling only 5.
func TestWaitGrowsWithoutMaxInterval(t *testing.T) {
	n := reads(t, &deployments.WaitOptions{Interval: time.Millisecond}, 300*time.Millisecond)
	if n < 7 || n > 13 {
		t.Errorf("%d reads in 300ms from a 1ms interval growing by half; want 7..13", n)
	}
}

// A MaxInterval above Interval caps the growth: from 1ms capped at 2ms,
// a second holds dozens of reads even on a slow machine; growing unchecked
// by half (up to the default 15s) at most 16 reads fit in it.
func TestWaitMaxIntervalCapsTheGrowth(t *testing.T) {
	t.Parallel() // it mostly sleeps
	n := reads(t, &deployments.WaitOptions{Interval: time.Millisecond, MaxInterval: 2 * time.Millisecond}, time.Second)
	if n < 20 {
		t.Errorf("%d reads in 1s from 1ms capped at 2ms; want at least 20", n)
	}
}

// The defaults are what the documentation says.
func TestWaitDefaultsAreDocumented(t *testing.T) {
	if deployments.DefaultWaitInterval != 2*time.Second || deployments.DefaultMaxWaitInterval != 15*time.Second {
		t.Errorf("defaults = %v, %v; the doc says 2s growing to 15s", deployments.DefaultWaitInterval, deployments.DefaultMaxWaitInterval)
	}
}

// A deployment deleted while a wait follows it ends the wait with
// ErrNotFound, even on a context that never ends.
func TestDeletedDeploymentEndsTheWait(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: time.Hour})
	d := f.create(t, "orders-sync")
	opts := *fast
	opts.OnChange = func(seen *deployments.Deployment) {
		if err := f.svc.DeleteDeployment(context.Background(), org, env, seen.ID); err != nil {
			t.Error(err)
		}
	}
	done := make(chan struct{})
	var got *deployments.Deployment
	var err error
	go func() {
		defer close(done)
		got, err = f.svc.WaitForDeployment(context.Background(), org, env, d.ID, &opts)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the wait on a deleted deployment did not end")
	}
	var apiErr *anypoint.Error
	if !errors.Is(err, anypoint.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if err != nil && strings.Contains(err.Error(), "waiting for deployment") {
		t.Errorf("err = %q; a failed read is the platform's answer as it is (only the context's end is wrapped with the last state)", err)
	}
	if got == nil || got.ID != d.ID || got.Status != deployments.StatusApplying {
		t.Errorf("got %+v, want the deployment as last read", got)
	}
	if n := f.srv.Requests("GET", deploymentPath(d.ID)); n != 2 {
		t.Errorf("%d reads, want 2 (one before the delete, one that found it gone)", n)
	}

	// Watching yields the error once, with no deployment, and stops.
	var errs, ds int
	for d, err := range f.svc.WatchDeployment(context.Background(), org, env, d.ID, fast) {
		if err != nil {
			errs++
			if d != nil || !errors.Is(err, anypoint.ErrNotFound) {
				t.Errorf("yielded %v, %v", d, err)
			}
			continue
		}
		ds++
	}
	if errs != 1 || ds != 0 {
		t.Errorf("watch of a deleted deployment yielded %d errors and %d deployments, want 1 and 0", errs, ds)
	}
}

// A context that ends while a read is on its way ends the wait with the
// context's error, wrapped with the last state seen; the deployment comes
// back as last read.
func TestWaitEndingDuringARead(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: time.Hour})
	d := f.create(t, "orders-sync")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := *fast
	opts.OnChange = func(*deployments.Deployment) {
		// The next read hangs until the caller gives up.
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: time.Minute, Method: "GET", Path: deploymentPath(d.ID)})
		time.AfterFunc(50*time.Millisecond, cancel)
	}
	got, err := f.svc.WaitForDeployment(ctx, org, env, d.ID, &opts)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "waiting for deployment "+d.ID+" (last state APPLYING)") {
		t.Errorf("err = %v; want the context's end wrapped with the last state", err)
	}
	if got == nil || got.Status != deployments.StatusApplying {
		t.Errorf("got %+v, want the APPLYING deployment", got)
	}
	if n := f.srv.Requests("GET", deploymentPath(d.ID)); n != 2 {
		t.Errorf("%d reads, want 2 (the second one cut short)", n)
	}
}
