package accounts_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

const baseURL = "https://anypoint.test"

// fixture is an accounts.Service whose requests go to an httpmock transport
// that fails the test on any request no responder was registered for.
type fixture struct {
	t   *testing.T
	mt  *httpmock.MockTransport
	svc *accounts.Service
}

func newFixture(t *testing.T) *fixture {
	return newFixtureWith(t, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token"}))
}

func newFixtureWith(t *testing.T, ts oauth2.TokenSource) *fixture {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return httpmock.NewStringResponse(599, ""), nil
	})
	c, err := anypoint.NewClient(ts,
		anypoint.WithBaseURL(baseURL),
		anypoint.WithHTTPClient(&http.Client{Transport: mt}),
		anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, mt: mt, svc: accounts.New(c)}
}

// expectGET answers GET escapedPath?rawQuery with status and a JSON body,
// after checking that the request is exactly that (path escaping and query
// encoding byte for byte), carries the token, asks for JSON and has no body.
func (f *fixture) expectGET(escapedPath, rawQuery string, status int, body string) {
	f.t.Helper()
	u := baseURL + escapedPath
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	f.mt.RegisterResponder(http.MethodGet, u, func(r *http.Request) (*http.Response, error) {
		f.checkGET(r, escapedPath, rawQuery)
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
}

// checkGET checks what every request of this package must look like.
func (f *fixture) checkGET(r *http.Request, escapedPath, rawQuery string) {
	f.t.Helper()
	if r.Method != http.MethodGet {
		f.t.Errorf("method = %s, want GET", r.Method)
	}
	if got := r.URL.EscapedPath(); got != escapedPath {
		f.t.Errorf("path = %q, want %q", got, escapedPath)
	}
	if r.URL.RawQuery != rawQuery {
		f.t.Errorf("query = %q, want %q", r.URL.RawQuery, rawQuery)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer test-token" {
		f.t.Errorf("Authorization = %q, want the bearer token", got)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		f.t.Errorf("Accept = %q, want application/json", got)
	}
	if got := r.Header.Get("Content-Type"); got != "" {
		f.t.Errorf("Content-Type = %q on a GET, want none", got)
	}
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		if len(b) > 0 {
			f.t.Errorf("GET carries a body: %q", b)
		}
	}
}

// calls returns how many requests reached the transport, answered or not.
func (f *fixture) calls() int {
	return f.mt.GetTotalCallCount()
}

// freshTokens is a token source whose every token is minted on the spot, as
// the SDK's own sources report: a 401 or 403 for such a token is a scope
// denial.
type freshTokens struct{}

func (freshTokens) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: "test-token"}, nil
}

func (freshTokens) MintedAt(*oauth2.Token) time.Time { return time.Now() }

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// wantInvalid checks that err is an *anypoint.ValidationError about field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	sdktest.WantInvalid(t, err, field)
}
