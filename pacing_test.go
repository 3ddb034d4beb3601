package anypoint_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
)

// Two clients of one process, each with its own token source, share the
// control plane's budget: together they stay under the limit.
func TestPacingIsSharedByTheProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds")
	}
	srv := anypointtest.NewTestServer(t, anypointtest.WithRateLimit(30, time.Second))
	app, _ := srv.App(anypointtest.AdminAppID)
	var services []*accounts.Service
	for range 2 {
		ts := connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource()
		c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()))
		if err != nil {
			t.Fatal(err)
		}
		svc := accounts.New(c)
		// Tokens first: token requests count against the Accounts limit but
		// are not paced (one per token lifetime).
		if _, err := svc.ListEnvironments(context.Background(), anypointtest.OrgID, nil); err != nil {
			t.Fatal(err)
		}
		services = append(services, svc)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	var mu sync.Mutex
	calls := 0
	var wg sync.WaitGroup
	for i := range 30 {
		svc := services[i%2]
		wg.Go(func() {
			for ctx.Err() == nil {
				if _, err := svc.ListEnvironments(ctx, anypointtest.OrgID, nil); err == nil {
					mu.Lock()
					calls++
					mu.Unlock()
				} else if ctx.Err() == nil {
					t.Errorf("call failed: %v", err)
				}
			}
		})
	}
	wg.Wait()
	n429 := 0
	for _, r := range srv.RequestLog() {
		if r.Status == http.StatusTooManyRequests {
			n429++
		}
	}
	if n429 != 0 {
		t.Fatalf("two clients of one process met %d 429s in %d calls: they do not share one budget", n429, calls)
	}
	if calls < 30 {
		t.Fatalf("only %d calls went through in 2.5 windows of 30", calls)
	}
}

func TestWithRateLimitShareChecksItsInput(t *testing.T) {
	ts := connectedapps.ClientCredentials{ClientID: "id", ClientSecret: "secret"}.TokenSource()
	for _, share := range []float64{0, -0.5, 1.5} {
		if _, err := anypoint.NewClient(ts, anypoint.WithRateLimitShare(share)); err == nil {
			t.Fatalf("WithRateLimitShare(%v) was accepted", share)
		}
	}
	if _, err := anypoint.NewClient(ts, anypoint.WithRateLimitShare(0.25)); err != nil {
		t.Fatalf("WithRateLimitShare(0.25): %v", err)
	}
}
