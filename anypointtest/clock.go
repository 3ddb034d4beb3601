package anypointtest

import (
	"context"
	"time"
)

// Clock is the fake platform's time, for the code under test that waits on it: its Sleep
// does not wait but moves the server's time on at once, so that what the fake does "later"
// (a deployment settles after its DeploymentOutcome.After, a token expires, a fault lapses)
// happens as soon as the code under test has slept long enough by the server's clock. It is
// an anypoint.Clock: pass it where the SDK takes one (deployments.WaitOptions.Clock,
// exchange.PublishRequest.Clock), and a release test that waits for a publication and a
// deployment runs in milliseconds.
//
// The server's time is that of WithClock (or time.Now) plus every Sleep and Advance so far;
// they move it for every caller of the server alike. A Clock is safe for concurrent use.
type Clock struct {
	s *Server
}

// Clock returns the server's clock.
func (s *Server) Clock() *Clock { return &Clock{s: s} }

// Now returns the server's time.
func (c *Clock) Now() time.Time { return c.s.now() }

// Sleep moves the server's time on by d (nothing for d <= 0) and returns at once, or
// returns ctx's error without moving it when ctx has ended.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// Advance moves the server's time on by d; d <= 0 does nothing.
func (c *Clock) Advance(d time.Duration) {
	if d > 0 {
		c.s.skew.Add(int64(d))
	}
}
