package designcenter

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/jarcoal/httpmock"
	"go.uber.org/goleak"
	"golang.org/x/oauth2"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const (
	baseURL   = "https://anypoint.test"
	testOrg   = "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13"
	testOwner = "e4f7ba23-5d80-4b16-8e49-af3c6d9a2b8a"
	dcBase    = "/designcenter/api-designer"
)

// env is a Service wired to a mock transport that fails the test on any
// request it was not told to expect.
type env struct {
	t   *testing.T
	mt  *httpmock.MockTransport
	c   *anypoint.Client
	svc *Service
}

// newEnv returns a Service with explicit organization and owner IDs, so no
// /accounts/api/me lookup happens.
func newEnv(t *testing.T) *env {
	return newEnvWith(t, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token"}), WithOrganizationID(testOrg), WithOwnerID(testOwner))
}

func newEnvWith(t *testing.T, ts oauth2.TokenSource, opts ...Option) *env {
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
	return &env{t: t, mt: mt, c: c, svc: New(c, opts...)}
}

// on registers a responder for method and path (escaped, relative to the
// control plane, without a query). The responder runs only after the
// request's exact path and empty query were checked.
func (e *env) on(method, path string, fn func(r *http.Request) *http.Response) {
	e.t.Helper()
	e.onQuery(method, path, "", fn)
}

// onQuery is on for a request whose raw query must be exactly rawQuery.
func (e *env) onQuery(method, path, rawQuery string, fn func(r *http.Request) *http.Response) {
	e.t.Helper()
	e.mt.RegisterResponder(method, baseURL+path, func(r *http.Request) (*http.Response, error) {
		if got := r.URL.EscapedPath(); got != path {
			e.t.Errorf("%s: escaped path = %q, want %q", method, got, path)
		}
		if r.URL.RawQuery != rawQuery {
			e.t.Errorf("%s %s: query = %q, want %q", method, path, r.URL.RawQuery, rawQuery)
		}
		return fn(r), nil
	})
}

// calls returns how many requests reached the transport.
func (e *env) calls() int { return e.mt.GetTotalCallCount() }

// checkHeaders checks the headers every Design Center request carries.
func checkHeaders(t *testing.T, r *http.Request, org, owner string) {
	t.Helper()
	if got := r.Header.Get("x-organization-id"); got != org {
		t.Errorf("x-organization-id = %q, want %q", got, org)
	}
	if got := r.Header.Get("x-owner-id"); got != owner {
		t.Errorf("x-owner-id = %q, want %q", got, owner)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer test-token" {
		t.Errorf("Authorization = %q, want the bearer token", got)
	}
}

// checkBody checks that the request carries exactly the JSON want, or no
// body at all when want is empty.
func checkBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	var got []byte
	if r.Body != nil {
		var err error
		if got, err = io.ReadAll(r.Body); err != nil {
			t.Fatalf("read request body: %v", err)
		}
	}
	if string(got) != want {
		t.Errorf("body = %s, want %s", got, want)
	}
	if want != "" {
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
	}
}

// expect is the usual check: the standard headers and the exact body.
func expect(t *testing.T, r *http.Request, body string) {
	t.Helper()
	checkHeaders(t, r, testOrg, testOwner)
	checkBody(t, r, body)
}

func jsonResponse(status int, body string) *http.Response {
	resp := httpmock.NewStringResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

// freshTokens hands out a token it claims to have just minted, as the SDK's
// own token sources do for a new token: the client then reads a 401 as a
// missing scope rather than a stale token.
type freshTokens struct{}

func (freshTokens) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: "test-token"}, nil
}

func (freshTokens) MintedAt(*oauth2.Token) time.Time { return time.Now() }

// wantInvalid checks that err is an *anypoint.ValidationError about field
// whose text carries want.
func wantInvalid(t *testing.T, err error, field, want string) {
	t.Helper()
	if sdktest.WantInvalid(t, err, field) == nil {
		return
	}
	if !strings.HasPrefix(err.Error(), "anypoint: invalid "+field+": ") || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want %q in it", err, want)
	}
}
