package deployments

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/retry"
)

// Default polling of WatchDeployment and WaitForDeployment: the first wait
// between reads, growing by half after each read that brought no change,
// up to the most.
const (
	DefaultWaitInterval    = 2 * time.Second
	DefaultMaxWaitInterval = 15 * time.Second
)

// WaitOptions say how WatchDeployment and WaitForDeployment poll. The zero
// value (or nil) takes the defaults.
type WaitOptions struct {
	// Interval is the first wait between reads (DefaultWaitInterval); the
	// wait grows by half after each read that brought no change, up to
	// MaxInterval (DefaultMaxWaitInterval), and starts over after a change.
	Interval, MaxInterval time.Duration
	// OnChange, when set, is called by WaitForDeployment with the first
	// state read and each change of the deployment's state, its
	// application's state or its replicas' states.
	OnChange func(*Deployment)
	// OnPoll, when set, is called by WatchDeployment and WaitForDeployment
	// after every successful read, change or not (before OnChange for one
	// that changed), with the time elapsed since the watch began: a
	// deployment that stays APPLYING for minutes can show progress the way
	// the Anypoint CLI does. A failed read is not a poll: it ends the watch
	// with its error.
	OnPoll func(Poll)
	// Clock is the time the watch reads and waits by; nil is the system's
	// (time.Now, and a sleep that ends when ctx does). A test on the fake
	// platform passes the fake's clock (anypointtest's Server.Clock), whose
	// Sleep moves the fake's time on at once: the fake's deployment delay
	// then passes without waiting, and the test runs in milliseconds.
	Clock anypoint.Clock
}

// systemClock is the system's time.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error { return retry.Sleep(ctx, d) }

// Poll is one read of a watched deployment, as WaitOptions.OnPoll sees it.
type Poll struct {
	// Deployment is the deployment as read.
	Deployment *Deployment
	// Elapsed is the time since the watch began, by WaitOptions.Clock.
	Elapsed time.Duration
	// Reads counts the reads so far, this one included.
	Reads int
	// Changed reports whether this read brought a change of the
	// deployment's state, its application's or its replicas' (the first
	// read always does).
	Changed bool
	// Next is how long the watch waits before its next read; zero when
	// the deployment has settled and the watch ends.
	Next time.Duration
}

func (o *WaitOptions) clock() anypoint.Clock {
	if o != nil && o.Clock != nil {
		return o.Clock
	}
	return systemClock{}
}

func (o *WaitOptions) intervals() (first, most time.Duration) {
	first, most = DefaultWaitInterval, DefaultMaxWaitInterval
	if o != nil && o.Interval > 0 {
		first = o.Interval
	}
	if o != nil && o.MaxInterval > 0 {
		most = o.MaxInterval
	}
	return first, max(first, most)
}

// ErrDeploymentFailed matches a *DeploymentFailedError.
var ErrDeploymentFailed = errors.New("anypoint: deployment failed")

// DeploymentFailedError is a deployment that ended in a failed state. Reason
// is the platform's, from the replicas.
type DeploymentFailedError struct {
	// ID and Name are the failed deployment's ID and name.
	ID, Name string
	// Status is the failed state the deployment ended in, such as
	// StatusFailed.
	Status Status
	// Reason is why it failed, from the replicas' reasons (see
	// Deployment.Reason); empty when no replica says.
	Reason string
	// Deployment is the deployment as last read.
	Deployment *Deployment
}

// Error names the deployment, its state and the platform's reason.
func (e *DeploymentFailedError) Error() string {
	msg := fmt.Sprintf("anypoint: deployment %s (%s) ended %s", e.Name, e.ID, e.Status)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Is matches ErrDeploymentFailed.
func (e *DeploymentFailedError) Is(target error) bool { return target == ErrDeploymentFailed }

// fingerprint is what a change is: the deployment's state, its
// application's, and each replica's.
func fingerprint(d *Deployment) []string {
	out := []string{string(d.Status), string(d.Application.Status), d.DesiredVersion}
	for _, r := range d.Replicas {
		out = append(out, r.ID+"="+r.State+":"+r.Reason)
	}
	return out
}

// WatchDeployment reads a deployment now and then until it has settled
// (Deployment.Settled) or ctx ends, and yields it at the first read and at
// each change of its state, its application's state or its replicas'
// states; the last deployment yielded is the settled one. Between reads it
// waits as opts says, a little longer after each read that brought no
// change. A failed read is yielded once, with a nil deployment, and ends
// the watch, as does ctx's end (its error wrapped with the last state
// seen). Breaking out of the loop stops the reads. opts.OnPoll hears of
// every read, and opts.Clock says whose time the waits follow.
//
// GET /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments/{deploymentId} (amc-application-manager getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid): scope read:applications (docs).
func (s *Service) WatchDeployment(ctx context.Context, orgID, envID, deploymentID string, opts *WaitOptions) iter.Seq2[*Deployment, error] {
	first, most := opts.intervals()
	clock := opts.clock()
	return func(yield func(*Deployment, error) bool) {
		var last []string
		var lastStatus Status
		wait := first
		start := clock.Now()
		for reads := 1; ; reads++ {
			d, err := s.GetDeployment(ctx, orgID, envID, deploymentID)
			if err != nil {
				if ctx.Err() != nil && lastStatus != "" {
					err = fmt.Errorf("anypoint: waiting for deployment %s (last state %s): %w", deploymentID, lastStatus, err)
				}
				yield(nil, err)
				return
			}
			fp := fingerprint(d)
			changed := !slices.Equal(fp, last)
			if changed {
				last, lastStatus, wait = fp, d.Status, first
			} else {
				wait = min(wait+wait/2, most)
			}
			if opts != nil && opts.OnPoll != nil {
				p := Poll{Deployment: d, Elapsed: clock.Now().Sub(start), Reads: reads, Changed: changed, Next: wait}
				if d.Settled() {
					p.Next = 0
				}
				opts.OnPoll(p)
			}
			if changed && !yield(d, nil) {
				return
			}
			if d.Settled() {
				return
			}
			if err := clock.Sleep(ctx, wait); err != nil {
				yield(nil, fmt.Errorf("anypoint: waiting for deployment %s (last state %s): %w", deploymentID, lastStatus, err))
				return
			}
		}
	}
}

// WaitForDeployment waits until a deployment has settled, as
// WatchDeployment follows it, telling opts.OnChange of each change, and
// returns it. A deployment that failed is returned with a
// *DeploymentFailedError (errors.Is ErrDeploymentFailed) that carries the
// platform's reason; one still on its way when ctx ends is returned as last
// read, with ctx's error wrapped.
//
// GET /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments/{deploymentId} (amc-application-manager getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid): scope read:applications (docs).
func (s *Service) WaitForDeployment(ctx context.Context, orgID, envID, deploymentID string, opts *WaitOptions) (*Deployment, error) {
	var last *Deployment
	for d, err := range s.WatchDeployment(ctx, orgID, envID, deploymentID, opts) {
		if err != nil {
			return last, err
		}
		last = d
		if opts != nil && opts.OnChange != nil {
			opts.OnChange(d)
		}
	}
	if last != nil && last.Failed() {
		return last, &DeploymentFailedError{ID: last.ID, Name: last.Name, Status: last.Status, Reason: last.Reason(), Deployment: last}
	}
	return last, nil
}
