package resilience_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/internal/testsupport/watch"
)

// fastRetry retries like the default policy, only faster, so that a burst
// of faults costs milliseconds.
var fastRetry = anypoint.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, MaxRetryAfter: 3 * time.Second}

const projectsPath = anypointtest.DesignCenterPath + "/projects"

// fixture is the real SDK against a fake platform, through a transport the
// test owns, with a goroutine-leak check when the test ends.
type fixture struct {
	srv    *anypointtest.Server
	leaks  *watch.LeakCheck
	tr     *http.Transport
	tokens *connectedapps.TokenSource
	client *anypoint.Client
	dc     *designcenter.Service
}

// newFixture builds a client of the seed client-credentials app (which holds
// edit:design_center) with the fast retry policy.
func newFixture(t *testing.T, opts ...anypoint.Option) *fixture {
	t.Helper()
	f := &fixture{leaks: watch.NoLeaks(t)}
	f.srv = anypointtest.NewTestServer(t)
	f.tr = &http.Transport{}
	f.leaks.Track(f.tr)
	app, _ := f.srv.App(anypointtest.DefaultClientCredentialsAppID)
	cfg := f.srv.Config(append([]anypoint.Option{
		anypoint.WithHTTPClient(&http.Client{Transport: f.tr}),
		anypoint.WithRetry(fastRetry),
	}, opts...)...)
	f.tokens = connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource()
	c, err := anypoint.NewClient(f.tokens, anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	f.client = c
	f.dc = designcenter.New(c, designcenter.WithOrganizationID(anypointtest.OrgID), designcenter.WithOwnerID(anypointtest.UserID))
	return f
}

// warm gets the first token and forgets the requests so far, so that a test
// counts only the requests of the call under test.
func (f *fixture) warm(t *testing.T) {
	t.Helper()
	if _, err := f.tokens.TokenContext(context.Background()); err != nil {
		t.Fatalf("first token: %v", err)
	}
	f.srv.ResetRequestLog()
}

// times returns when the server received each request for method and path,
// in order.
func (f *fixture) times(method, path string) []time.Time {
	var out []time.Time
	for _, r := range f.srv.RequestLog() {
		if r.Method == method && r.Path == path {
			out = append(out, r.Time)
		}
	}
	return out
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
