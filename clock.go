package anypoint

import (
	"context"
	"time"
)

// Clock is the time by which a method that waits for the platform reads
// the time and sleeps between its reads: deployments.WaitOptions.Clock and
// exchange.PublishRequest.Clock. nil there means the system's time. The
// fake platform's clock (anypointtest's Server.Clock) is one whose sleeps
// move the fake's time on at once, so that a test that waits for a
// deployment or a publication takes no real time.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits d, or until ctx ends, and then returns ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
}
