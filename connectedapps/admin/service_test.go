package admin_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
)

// mgmtCall is one request a test expects, and the answer to give it.
type mgmtCall struct {
	method string
	path   string // escaped, as on the wire
	query  string // raw query, exactly
	body   string // request body, byte for byte; "" for none
	status int    // 200 when zero
	resp   string // answer body
	respCT string // answer Content-Type; application/json when empty and resp is set
}

// mgmtService returns a Service whose client answers exactly the calls
// given, in order, and fails the test on any other request or on a call
// left unmade.
func mgmtService(t *testing.T, calls ...mgmtCall) *admin.Service {
	t.Helper()
	var (
		mu   sync.Mutex
		next int
	)
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(calls) {
			t.Errorf("unexpected request %s %s", r.Method, r.URL)
			return httpmock.NewStringResponse(599, ""), nil
		}
		c := calls[next]
		next++
		checkMgmtRequest(t, next, c, r)
		status := c.status
		if status == 0 {
			status = http.StatusOK
		}
		resp := httpmock.NewStringResponse(status, c.resp)
		switch {
		case c.respCT != "":
			resp.Header.Set("Content-Type", c.respCT)
		case c.resp != "":
			resp.Header.Set("Content-Type", "application/json")
		}
		return resp, nil
	})
	c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token"}),
		anypoint.WithBaseURL("https://anypoint.test"),
		anypoint.WithHTTPClient(&http.Client{Transport: mt}),
		anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if next < len(calls) {
			t.Errorf("%d expected request(s) not made, first: %s %s", len(calls)-next, calls[next].method, calls[next].path)
		}
	})
	return admin.New(c)
}

func checkMgmtRequest(t *testing.T, n int, want mgmtCall, r *http.Request) {
	t.Helper()
	if r.Method != want.method || r.URL.Host != "anypoint.test" || r.URL.EscapedPath() != want.path || r.URL.RawQuery != want.query {
		t.Errorf("request %d: got %s %s (path %q, query %q), want %s %s?%s", n, r.Method, r.URL, r.URL.EscapedPath(), r.URL.RawQuery, want.method, want.path, want.query)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer test-token" {
		t.Errorf("request %d: Authorization = %q", n, got)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		t.Errorf("request %d: Accept = %q", n, got)
	}
	if got := r.Header.Get("User-Agent"); !strings.HasPrefix(got, "anypoint-go/") {
		t.Errorf("request %d: User-Agent = %q", n, got)
	}
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("request %d: read body: %v", n, err)
		}
	}
	if string(body) != want.body {
		t.Errorf("request %d: body\n got %s\nwant %s", n, body, want.body)
	}
	ct := r.Header.Get("Content-Type")
	switch {
	case want.body != "" && ct != "application/json":
		t.Errorf("request %d: Content-Type = %q, want application/json", n, ct)
	case want.body == "" && ct != "":
		t.Errorf("request %d: Content-Type = %q on a request without a body", n, ct)
	}
}

// mgmtWantInvalid checks that err is an *anypoint.ValidationError about
// field, and stops the test when it is not one.
func mgmtWantInvalid(t *testing.T, err error, field string) *anypoint.ValidationError {
	t.Helper()
	ve := sdktest.WantInvalid(t, err, field)
	if ve == nil {
		t.FailNow()
	}
	return ve
}

func mgmtPtr[T any](v T) *T { return &v }

// credentialHintWords are words of the hint Service adds to a refusal of
// its credential.
const credentialHintWords = "administering connected apps needs an organization administrator's user token"

// A refusal of the credential (a ScopeError, any 401 or 403) says which
// credential administering connected apps needs, and still unwraps to the
// SDK's types and sentinels; other errors are left alone.
func TestRefusalsNameTheCredentialTheyNeed(t *testing.T) {
	const path = "/accounts/api/connectedApplications/c1"
	s := mgmtService(t,
		mgmtCall{method: "DELETE", path: path, status: 401, resp: "Unauthorized", respCT: "text/plain"},
		mgmtCall{method: "DELETE", path: path, status: 401, resp: `{"status":401,"error":"Unauthorized","message":"Unauthorized"}`},
		mgmtCall{method: "DELETE", path: path, status: 403, resp: "Forbidden", respCT: "text/plain"},
		mgmtCall{method: "DELETE", path: path, status: 404, resp: notFoundAnswer},
	)
	ctx := context.Background()
	for i, check := range []func(error){
		func(err error) { // a 401 for a token nothing can replace
			var apiErr *anypoint.Error
			if !errors.Is(err, anypoint.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
				t.Errorf("err = %v (%T), want an *anypoint.Error matching ErrUnauthorized", err, err)
			}
		},
		func(err error) { // the same as JSON
			if !errors.Is(err, anypoint.ErrUnauthorized) {
				t.Errorf("err = %v, want ErrUnauthorized", err)
			}
		},
		func(err error) { // a 403 on an endpoint that needs a scope: a ScopeError
			var se *anypoint.ScopeError
			if !errors.As(err, &se) || !errors.Is(err, anypoint.ErrScopeDenied) || !errors.Is(err, anypoint.ErrForbidden) {
				t.Fatalf("err = %v (%T), want a *anypoint.ScopeError matching ErrForbidden", err, err)
			}
			if len(se.Required) == 0 || se.Required[0] != "admin:orgclients" {
				t.Errorf("Required = %v", se.Required)
			}
		},
	} {
		err := s.DeleteApp(ctx, "c1")
		check(err)
		if err == nil || !strings.Contains(err.Error(), credentialHintWords) || !strings.Contains(err.Error(), "client credentials do not have sufficient privileges") {
			t.Errorf("refusal %d: error %q does not name the credential it needs", i, err)
		}
		if !strings.HasPrefix(err.Error(), "anypoint: ") {
			t.Errorf("refusal %d: error %q lost the SDK's prefix", i, err)
		}
	}
	err := s.DeleteApp(ctx, "c1")
	if !errors.Is(err, anypoint.ErrNotFound) || strings.Contains(err.Error(), credentialHintWords) {
		t.Errorf("a 404: err = %v, want ErrNotFound without the hint", err)
	}
}

// A token the client could not get at all is not a refusal of the
// credential's privileges: no hint.
func TestNoTokenHasNoCredentialHint(t *testing.T) {
	refused := errors.New("the token endpoint said no")
	c, err := anypoint.NewClient(failingSource{refused}, anypoint.WithBaseURL("https://anypoint.test"), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = admin.New(c).GetApp(context.Background(), "c1")
	if !errors.Is(err, anypoint.ErrNoToken) || !errors.Is(err, refused) || strings.Contains(err.Error(), credentialHintWords) {
		t.Errorf("err = %v, want ErrNoToken without the hint", err)
	}
}

type failingSource struct{ err error }

func (f failingSource) Token() (*oauth2.Token, error) { return nil, f.err }
