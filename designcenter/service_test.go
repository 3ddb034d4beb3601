package designcenter

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

const (
	meOrg   = "2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24"
	meOwner = "9d3b6e1f-4c27-4a85-8f0e-6a2d8b4c1f35"
	meBody  = `{"client":{"client_id":"abc","name":"ci"},"user":{"id":"` + meOwner + `","username":"max.mule","organizationId":"` + meOrg + `","organization":{"id":"` + meOrg + `","name":"Acme"}}}`
)

func staticTokens() oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test-token"})
}

// onMe answers GET /accounts/api/me with fn and counts the calls.
func (e *env) onMe(fn func(n int64) *http.Response) *atomic.Int64 {
	var count atomic.Int64
	e.on(http.MethodGet, "/accounts/api/me", func(r *http.Request) *http.Response {
		return fn(count.Add(1))
	})
	return &count
}

func TestLookupHappensOnceAcrossConcurrentCalls(t *testing.T) {
	e := newEnvWith(t, staticTokens())
	release := make(chan struct{})
	meCalls := e.onMe(func(int64) *http.Response {
		<-release // keep the lookup in flight until every caller is waiting
		return jsonResponse(200, meBody)
	})
	var listed atomic.Int64
	e.on(http.MethodGet, dcBase+"/projects", func(r *http.Request) *http.Response {
		listed.Add(1)
		checkHeaders(t, r, meOrg, meOwner)
		return jsonResponse(200, `[{"id":"p1","name":"Orders"}]`)
	})

	const callers = 50
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			ps, err := e.svc.ListProjects(context.Background())
			if err == nil && (len(ps) != 1 || ps[0].ID != "p1") {
				err = errors.New("wrong projects")
			}
			errs <- err
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := meCalls.Load(); n != 1 {
		t.Errorf("GET /accounts/api/me sent %d times, want 1", n)
	}
	if n := listed.Load(); n != callers {
		t.Errorf("GET /projects sent %d times, want %d", n, callers)
	}

	// Later calls use the kept answer.
	if _, err := e.svc.ListProjects(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := meCalls.Load(); n != 1 {
		t.Errorf("GET /accounts/api/me sent %d times after a later call, want 1", n)
	}
}

func TestExplicitIDsSkipTheLookup(t *testing.T) {
	e := newEnv(t) // no /accounts/api/me responder: a lookup would fail the test
	e.on(http.MethodGet, dcBase+"/projects", func(r *http.Request) *http.Response {
		expect(t, r, "")
		return jsonResponse(200, `[]`)
	})
	ps, err := e.svc.ListProjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 0 {
		t.Errorf("got %d projects, want 0", len(ps))
	}
	if e.calls() != 1 {
		t.Errorf("%d requests, want 1", e.calls())
	}
}

func TestOneExplicitIDLooksUpTheOther(t *testing.T) {
	tests := []struct {
		name       string
		opt        Option
		org, owner string
	}{
		{"organization given", WithOrganizationID(testOrg), testOrg, meOwner},
		{"owner given", WithOwnerID(testOwner), meOrg, testOwner},
		{"empty options", WithOrganizationID(""), meOrg, meOwner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, staticTokens(), tt.opt)
			meCalls := e.onMe(func(int64) *http.Response { return jsonResponse(200, meBody) })
			e.on(http.MethodDelete, dcBase+"/projects/p1", func(r *http.Request) *http.Response {
				checkHeaders(t, r, tt.org, tt.owner)
				return httpmock204()
			})
			if err := e.svc.DeleteProject(context.Background(), "p1"); err != nil {
				t.Fatal(err)
			}
			if meCalls.Load() != 1 {
				t.Errorf("GET /accounts/api/me sent %d times, want 1", meCalls.Load())
			}
		})
	}
}

func TestFailedLookupIsNotKept(t *testing.T) {
	e := newEnvWith(t, staticTokens())
	meCalls := e.onMe(func(n int64) *http.Response {
		if n == 1 {
			return jsonResponse(503, `{"status":503,"message":"Accounts is down"}`)
		}
		return jsonResponse(200, meBody)
	})
	e.on(http.MethodGet, dcBase+"/projects/p1", func(r *http.Request) *http.Response {
		checkHeaders(t, r, meOrg, meOwner)
		return jsonResponse(200, `{"id":"p1"}`)
	})

	_, err := e.svc.GetProject(context.Background(), "p1")
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("first call: err = %v, want the lookup's 503", err)
	}
	if !strings.Contains(err.Error(), "Accounts is down") || !strings.Contains(err.Error(), "/accounts/api/me") {
		t.Errorf("error %q should name the lookup and the platform's message", err)
	}
	if e.calls() != 1 {
		t.Fatalf("%d requests after a failed lookup, want only the lookup", e.calls())
	}

	p, err := e.svc.GetProject(context.Background(), "p1")
	if err != nil {
		t.Fatalf("second call: %v", err)
	}
	if p.ID != "p1" {
		t.Errorf("project ID = %q", p.ID)
	}
	if meCalls.Load() != 2 {
		t.Errorf("GET /accounts/api/me sent %d times, want 2 (the failure must not be kept)", meCalls.Load())
	}
}

func TestLookupWithoutIDsIsAnError(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"no organization", `{"user":{"id":"` + meOwner + `"}}`, "WithOrganizationID"},
		{"no user", `{"user":{"organization":{"id":"` + meOrg + `"}}}`, "WithOwnerID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, staticTokens())
			meCalls := e.onMe(func(int64) *http.Response { return jsonResponse(200, tt.body) })
			for range 2 {
				_, err := e.svc.ListProjects(context.Background())
				if err == nil || !strings.HasPrefix(err.Error(), "anypoint: ") || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("err = %v, want one that starts with the SDK's prefix and mentions %s", err, tt.want)
				}
			}
			if meCalls.Load() != 2 {
				t.Errorf("GET /accounts/api/me sent %d times, want 2 (an unusable answer must not be kept)", meCalls.Load())
			}
		})
	}
}

func TestWaitingForTheLookupFollowsTheContext(t *testing.T) {
	e := newEnvWith(t, staticTokens())
	release := make(chan struct{})
	started := make(chan struct{})
	e.onMe(func(int64) *http.Response {
		close(started)
		<-release
		return jsonResponse(200, meBody)
	})
	e.on(http.MethodGet, dcBase+"/projects", func(r *http.Request) *http.Response {
		return jsonResponse(200, `[]`)
	})

	first := make(chan error, 1)
	go func() {
		_, err := e.svc.ListProjects(context.Background())
		first <- err
	}()
	<-started

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := e.svc.ListProjects(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting caller: err = %v, want context.DeadlineExceeded", err)
	}

	close(release)
	if err := <-first; err != nil {
		t.Errorf("first caller: %v", err)
	}
}

// TestScopeErrors checks that a refusal for a fresh token comes back as an
// *anypoint.ScopeError naming the scopes each method documents.
func TestScopeErrors(t *testing.T) {
	read := []scopes.Scope{"edit:design_center", "view:design_center"}
	write := []scopes.Scope{"edit:design_center"}
	create := []scopes.Scope{"edit:design_center", "create:design_center"}
	ctx := context.Background()
	tests := []struct {
		name string
		want []scopes.Scope
		call func(s *Service) error
	}{
		{"ListProjects", read, func(s *Service) error { _, err := s.ListProjects(ctx); return err }},
		{"GetProject", read, func(s *Service) error { _, err := s.GetProject(ctx, "p1"); return err }},
		{"CreateProject", create, func(s *Service) error {
			_, err := s.CreateProject(ctx, &CreateProjectRequest{Name: "Orders", Type: ProjectTypeRAML})
			return err
		}},
		{"TransferProject", write, func(s *Service) error {
			_, err := s.TransferProject(ctx, "p1", "u1")
			return err
		}},
		{"DeleteProject", write, func(s *Service) error { return s.DeleteProject(ctx, "p1") }},
		{"ListBranches", read, func(s *Service) error { _, err := s.ListBranches(ctx, "p1"); return err }},
		{"CreateBranch", write, func(s *Service) error { _, err := s.CreateBranch(ctx, "p1", "dev", "aaa111"); return err }},
		{"ListFiles", read, func(s *Service) error { _, err := s.ListFiles(ctx, "p1", "master"); return err }},
		{"GetFile", read, func(s *Service) error { _, err := s.GetFile(ctx, "p1", "master", "types/order.raml"); return err }},
		{"SaveFiles", write, func(s *Service) error {
			return s.SaveFiles(ctx, "p1", "master", []FileChange{{Path: "api.raml", Content: []byte("x")}}, nil)
		}},
		{"AcquireLock", write, func(s *Service) error { _, err := s.AcquireLock(ctx, "p1", "master"); return err }},
		{"ReleaseLock", write, func(s *Service) error { return s.ReleaseLock(ctx, "p1", "master") }},
		{"PublishToExchange", write, func(s *Service) error {
			_, err := s.PublishToExchange(ctx, "p1", "master", ordersRequest())
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, freshTokens{}, WithOrganizationID(testOrg), WithOwnerID(testOwner))
			dcURLs := regexp.MustCompile(`^` + regexp.QuoteMeta(baseURL+dcBase+"/projects"))
			for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
				e.mt.RegisterRegexpResponder(m, dcURLs, httpmock.NewStringResponder(401, "Unauthorized"))
			}
			err := tt.call(e.svc)
			var denied *anypoint.ScopeError
			if !errors.As(err, &denied) {
				t.Fatalf("err = %v, want an *anypoint.ScopeError", err)
			}
			if !errors.Is(err, anypoint.ErrScopeDenied) {
				t.Errorf("errors.Is(err, ErrScopeDenied) = false")
			}
			if !slices.Equal(denied.Required, tt.want) {
				t.Errorf("Required = %v, want %v", denied.Required, tt.want)
			}
			if e.calls() != 1 {
				t.Errorf("%d requests, want 1", e.calls())
			}
		})
	}
}

func httpmock204() *http.Response {
	return httpmock.NewStringResponse(http.StatusNoContent, "")
}

// failingTokens is a token source that cannot mint a token.
type failingTokens struct{ err error }

func (f failingTokens) Token() (*oauth2.Token, error) { return nil, f.err }

// When no token can be minted, the lookup never reached /me: the token's
// error comes back as it is, without a word about /accounts/api/me.
func TestLookupWithoutATokenReturnsTheTokenError(t *testing.T) {
	refused := &anypoint.TokenError{StatusCode: 401, Code: "invalid_client", Description: "bad credentials",
		Err: &anypoint.Error{StatusCode: 401, Method: http.MethodPost, URL: baseURL + "/accounts/api/v2/oauth2/token", Message: "bad credentials"}}
	down := &anypoint.Error{StatusCode: 503, Method: http.MethodPost, URL: baseURL + "/accounts/api/v2/oauth2/token", Message: "token service unavailable"}
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"TokenError", refused},
		{"token endpoint 503", down},
		{"token source's own error", errors.New("vault: secret not found")},
		{"x/oauth2 refusal", &oauth2.RetrieveError{Response: &http.Response{StatusCode: 401}, ErrorCode: "invalid_client"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, failingTokens{tt.err}) // no /me responder: a request fails the test
			_, err := e.svc.ListProjects(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "/accounts/api/me") || strings.Contains(err.Error(), "look up") {
				t.Errorf("err = %q, mentions the /me lookup", err)
			}
			var te *anypoint.TokenError
			if _, isRetrieve := tt.err.(*oauth2.RetrieveError); isRetrieve {
				if !errors.As(err, &te) || te.Code != "invalid_client" {
					t.Errorf("err = %v (%T), want the SDK's *anypoint.TokenError", err, err)
				}
			} else if !errors.Is(err, tt.err) || err.Error() != tt.err.Error() {
				t.Errorf("err = %v (%T), want the token source's error itself", err, err)
			}
			if !errors.Is(err, anypoint.ErrNoToken) {
				t.Errorf("err = %v does not match anypoint.ErrNoToken", err)
			}
			if e.calls() != 0 {
				t.Errorf("%d requests sent without a token", e.calls())
			}
		})
	}
}

// A /me request that gets no answer is a failure of the lookup, and says so.
func TestLookupTransportErrorNamesTheLookup(t *testing.T) {
	e := newEnvWith(t, staticTokens())
	e.mt.RegisterResponder(http.MethodGet, baseURL+"/accounts/api/me", func(*http.Request) (*http.Response, error) {
		return nil, errors.New("connection refused")
	})
	_, err := e.svc.ListProjects(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), "anypoint: look up the Design Center organization and owner (GET /accounts/api/me): ") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("err = %v, want the lookup named with the transport error", err)
	}
}
