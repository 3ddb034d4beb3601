package benchmarks

import (
	"context"
	"errors"
	"fmt"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
)

// deniedCalls is how many denied calls the scope-denial check makes.
const deniedCalls = 20

// deniedTokenRequests makes deniedCalls calls of
// designcenter.GetProject, spread over ids distinct project IDs, through
// one client with the SDK's client-credentials token source, against a
// platform that refuses every one with a plain-text 401 (the app lacks the
// Design Center scope). It returns how many token requests the platform
// received.
//
// With lookup false the service is given its organization and owner
// (designcenter.WithOrganizationID, WithOwnerID), so the first token is
// minted during the first denied call. With lookup true the service asks
// GET /accounts/api/me first: the 401 rule then has to take the first
// denial, on a token minted before that call, as a possibly stale token,
// and replaces it once before it can tell a scope denial.
func deniedTokenRequests(tb testing.TB, ids int, lookup bool) int64 {
	tb.Helper()
	p := newPlatform(tb, func(p *platform) { p.expiresIn = 86400 })
	cfg := sdktest.Config(anypoint.WithBaseURL(p.URL()))
	ts := connectedapps.ClientCredentials{ClientID: benchAppID, ClientSecret: benchSecret, Config: cfg}.TokenSource()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		tb.Fatal(err)
	}
	var opts []designcenter.Option
	if !lookup {
		opts = append(opts, designcenter.WithOrganizationID(benchOrgID), designcenter.WithOwnerID(benchUserID))
	}
	dc := designcenter.New(c, opts...)
	ctx := context.Background()
	for i := range deniedCalls {
		id := fmt.Sprintf("5e1b7c3a-9d24-4f86-a0c1-%012d", i%ids)
		_, err := dc.GetProject(ctx, id)
		var se *anypoint.ScopeError
		if !errors.As(err, &se) {
			tb.Fatalf("GetProject(%s): got %v, want a *anypoint.ScopeError", id, err)
		}
	}
	if got := p.denied.Load(); got < deniedCalls {
		tb.Fatalf("the platform saw %d project requests; want at least %d", got, deniedCalls)
	}
	return p.tokenRequests.Load()
}

// TestDeniedCallsReuseToken: a scope denial is remembered per endpoint
// pattern, so denied calls on many IDs cost no more token requests than
// on one. A denial remembered per literal path would replace the token on
// every new ID: 20 token requests instead of 1.
func TestDeniedCallsReuseToken(t *testing.T) {
	for _, ids := range []int{deniedCalls, 1} {
		n := deniedTokenRequests(t, ids, false)
		t.Logf("%d denied calls on %d project ID(s): %d token request(s)", deniedCalls, ids, n)
		if n > 1 {
			t.Errorf("%d denied calls on %d project ID(s) made %d token requests; want at most 1", deniedCalls, ids, n)
		}
	}
	// With the /me lookup first, the first denial replaces the lookup's
	// token once; the IDs after it cost nothing more.
	if n := deniedTokenRequests(t, deniedCalls, true); n > 2 {
		t.Errorf("with the /me lookup, %d denied calls on %d project IDs made %d token requests; want at most 2", deniedCalls, deniedCalls, n)
	}
}

// BenchmarkDeniedCalls reports the token requests of deniedCalls denied
// calls as a metric, for scripts/bench: on as many project IDs, and on one
// (the baseline), with the organization and owner given, and on as many IDs
// with the /me lookup. One iteration is all the calls of a fresh client.
func BenchmarkDeniedCalls(b *testing.B) {
	for _, bc := range []struct {
		ids    int
		lookup bool
	}{{deniedCalls, false}, {1, false}, {deniedCalls, true}} {
		name := fmt.Sprintf("ids=%d", bc.ids)
		if bc.lookup {
			name += "/lookup=me"
		}
		b.Run(name, func(b *testing.B) {
			var n int64
			for b.Loop() {
				n = deniedTokenRequests(b, bc.ids, bc.lookup)
			}
			b.ReportMetric(float64(n), "token-requests")
		})
	}
}
