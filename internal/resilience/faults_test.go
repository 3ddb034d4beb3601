package resilience_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/designcenter"
)

// A burst of server errors on a GET no longer than the retries is invisible
// to the caller, and costs exactly one request per failure plus one.
func TestServerErrorBurstWithinRetries(t *testing.T) {
	for _, status := range []int{500, 502, 503} {
		for _, n := range []int{1, fastRetry.MaxRetries} {
			t.Run(fmt.Sprintf("%d×%d", n, status), func(t *testing.T) {
				f := newFixture(t)
				f.warm(t)
				f.srv.Fail(anypointtest.FaultSpec{Status: status, Count: n, Path: projectsPath})
				list, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
				if err != nil {
					t.Fatalf("ListProjects: %v", err)
				}
				if len(list) != 3 {
					t.Errorf("%d projects; want the 3 seed projects", len(list))
				}
				if got := f.srv.Requests(http.MethodGet, projectsPath); got != n+1 {
					t.Errorf("%d GETs at the server; want %d", got, n+1)
				}
				if f.srv.TokenRequests() != 0 {
					t.Errorf("%d token requests; a 5xx must not cost a token", f.srv.TokenRequests())
				}
			})
		}
	}
}

// A burst longer than the retries gives a typed *anypoint.Error whose
// Message is what the error page says, JSON or HTML, never raw markup.
func TestServerErrorBurstBeyondRetries(t *testing.T) {
	for _, tc := range []struct {
		status  int
		message string
	}{
		{500, "Internal Server Error"}, // {"status":500,"message":"Internal Server Error"}
		{502, "502 Bad Gateway"},       // a load balancer's HTML page: its <h1>
		{503, "503 Service Unavailable"},
		{504, "504 Gateway Timeout"},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			f := newFixture(t)
			f.warm(t)
			f.srv.Fail(anypointtest.FaultSpec{Status: tc.status, Count: fastRetry.MaxRetries + 1, Path: projectsPath})
			_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
			var apiErr *anypoint.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v; want *anypoint.Error", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Message != tc.message || apiErr.Method != http.MethodGet {
				t.Errorf("got %d %s %q; want %d GET %q", apiErr.StatusCode, apiErr.Method, apiErr.Message, tc.status, tc.message)
			}
			if apiErr.RequestID == "" || !strings.Contains(err.Error(), apiErr.RequestID) {
				t.Errorf("error %q does not carry the request ID %q", err, apiErr.RequestID)
			}
			if strings.ContainsAny(err.Error(), "<>") {
				t.Errorf("error text carries markup: %q", err)
			}
			if !apiErr.Temporary() {
				t.Error("a 5xx is not Temporary")
			}
			if got := f.srv.Requests(http.MethodGet, projectsPath); got != fastRetry.MaxRetries+1 {
				t.Errorf("%d GETs at the server; want %d", got, fastRetry.MaxRetries+1)
			}
		})
	}
}

// An HTML page of the operator's own (a maintenance page) gives its heading
// as the message; a 200 with an HTML page instead of JSON (a captive portal,
// a proxy's login page) is a *DecodeError that names the content type.
func TestHTMLPages(t *testing.T) {
	const page = `<!DOCTYPE html><html><head><title>Maintenance</title><style>h1{color:red}</style></head>` +
		`<body><h1>Anypoint Platform is under &lt;scheduled&gt; maintenance</h1><p>Back at 10:00 UTC.</p></body></html>`
	t.Run("error page", func(t *testing.T) {
		f := newFixture(t)
		f.warm(t)
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultStatus, Count: fastRetry.MaxRetries + 1, Status: 503, Path: projectsPath, Body: page, ContentType: "text/html; charset=utf-8"})
		_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
		var apiErr *anypoint.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
			t.Fatalf("err = %v; want a 503 *anypoint.Error", err)
		}
		if want := "Anypoint Platform is under <scheduled> maintenance"; apiErr.Message != want {
			t.Errorf("Message = %q; want %q", apiErr.Message, want)
		}
	})
	t.Run("200 with HTML", func(t *testing.T) {
		f := newFixture(t)
		f.warm(t)
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultStatus, Count: 1, Status: 200, Path: projectsPath, Body: page, ContentType: "text/html"})
		_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("err = %T %v; want *anypoint.DecodeError", err, err)
		}
		if de.StatusCode != 200 || de.ContentType != "text/html" || !strings.Contains(err.Error(), "text/html") {
			t.Errorf("DecodeError %+v (%q); want status 200 and the content type named", de, err)
		}
		if got := f.srv.Requests(http.MethodGet, projectsPath); got != 1 {
			t.Errorf("%d GETs; a 200 is not retried", got)
		}
	})
}

// A 429 with Retry-After is retried after the time asked, whether in
// seconds or as an HTTP date; the gap is measured at the server.
func TestRateLimitHonoursRetryAfter(t *testing.T) {
	const slack = 50 * time.Millisecond
	t.Run("seconds", func(t *testing.T) {
		f := newFixture(t)
		f.warm(t)
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: "1", Path: projectsPath})
		if _, err := f.dc.ListProjects(ctxFor(t, 5*time.Second)); err != nil {
			t.Fatalf("ListProjects: %v", err)
		}
		at := f.times(http.MethodGet, projectsPath)
		if len(at) != 2 {
			t.Fatalf("%d GETs; want 2", len(at))
		}
		if gap := at[1].Sub(at[0]); gap < time.Second-slack {
			t.Errorf("retried after %v; the server asked for 1s", gap)
		}
	})
	t.Run("HTTP date", func(t *testing.T) {
		f := newFixture(t)
		f.warm(t)
		date := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
		until, _ := http.ParseTime(date) // whole seconds: 1 to 2 s from now
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: date, Path: projectsPath})
		if _, err := f.dc.ListProjects(ctxFor(t, 5*time.Second)); err != nil {
			t.Fatalf("ListProjects: %v", err)
		}
		at := f.times(http.MethodGet, projectsPath)
		if len(at) != 2 {
			t.Fatalf("%d GETs; want 2", len(at))
		}
		if at[1].Before(until.Add(-slack)) {
			t.Errorf("retried at %v, %v before the Retry-After date", at[1].Format(time.StampMilli), until.Sub(at[1]))
		}
	})
	t.Run("longer than MaxRetryAfter", func(t *testing.T) {
		f := newFixture(t)
		f.warm(t)
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: "60", Path: projectsPath})
		start := time.Now()
		_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
		var rl *anypoint.RateLimitError
		if !errors.As(err, &rl) || !errors.Is(err, anypoint.ErrRateLimited) {
			t.Fatalf("err = %T %v; want *anypoint.RateLimitError", err, err)
		}
		if rl.RetryAfter != time.Minute || !strings.Contains(err.Error(), "retry after 1m0s") {
			t.Errorf("RetryAfter = %v, text %q; want 1m0s, said", rl.RetryAfter, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v to give up; a wait beyond MaxRetryAfter should end the retries at once", d)
		}
		if got := f.srv.Requests(http.MethodGet, projectsPath); got != 1 {
			t.Errorf("%d GETs; want 1", got)
		}
	})
	t.Run("beyond the retries", func(t *testing.T) {
		f := newFixture(t)
		f.warm(t)
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, Count: fastRetry.MaxRetries + 1, Path: projectsPath})
		_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
		var rl *anypoint.RateLimitError
		if !errors.As(err, &rl) || rl.Err.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("err = %T %v; want *anypoint.RateLimitError", err, err)
		}
		if got := f.srv.Requests(http.MethodGet, projectsPath); got != fastRetry.MaxRetries+1 {
			t.Errorf("%d GETs; want %d", got, fastRetry.MaxRetries+1)
		}
	})
}

// A connection cut halfway through a 200's body is either retried or a
// clear error: a *DecodeError that unwraps to io.ErrUnexpectedEOF and names
// the request.
func TestConnectionCutMidBody(t *testing.T) {
	for _, tc := range []struct {
		name string
		path string
		call func(context.Context, *designcenter.Service) error
	}{
		{"list", projectsPath, func(ctx context.Context, s *designcenter.Service) error {
			_, err := s.ListProjects(ctx)
			return err
		}},
		{"get", projectsPath + "/" + anypointtest.OrdersProjectID, func(ctx context.Context, s *designcenter.Service) error {
			_, err := s.GetProject(ctx, anypointtest.OrdersProjectID)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.warm(t)
			f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Path: tc.path})
			err := tc.call(ctxFor(t, 5*time.Second), f.dc)
			n := f.srv.Requests(http.MethodGet, tc.path)
			switch {
			case err == nil && n == 2:
				// Retried: fine.
			case err == nil:
				t.Fatalf("no error after %d GETs: the cut answer was taken as complete", n)
			default:
				var de *anypoint.DecodeError
				if !errors.As(err, &de) || !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("err = %T %v; want a *DecodeError of io.ErrUnexpectedEOF", err, err)
				}
				if !strings.Contains(err.Error(), tc.path) || de.StatusCode != 200 {
					t.Errorf("error %q does not name the request", err)
				}
				if n != 1 {
					t.Errorf("%d GETs", n)
				}
			}
			// The connection is gone, not the client: the next call works.
			if err := tc.call(ctxFor(t, 5*time.Second), f.dc); err != nil {
				t.Errorf("the call after the cut: %v", err)
			}
		})
	}
}

// A JSON answer cut short, with a Content-Length that matches, is a
// *DecodeError whose cause is io.ErrUnexpectedEOF; it is not retried.
func TestTruncatedJSON(t *testing.T) {
	f := newFixture(t)
	f.warm(t)
	f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultTruncate, Path: projectsPath})
	_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
	var de *anypoint.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %T %v; want *anypoint.DecodeError", err, err)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || de.StatusCode != 200 || de.Method != http.MethodGet || !strings.HasSuffix(de.URL, projectsPath) {
		t.Errorf("DecodeError %+v; want 200 GET …%s of io.ErrUnexpectedEOF", de, projectsPath)
	}
	if got := f.srv.Requests(http.MethodGet, projectsPath); got != 1 {
		t.Errorf("%d GETs; want 1", got)
	}
}

// An answer slower than the caller's deadline ends the call promptly with
// context.DeadlineExceeded, for an API call and for a token request alike.
func TestSlowerThanTheDeadline(t *testing.T) {
	const deadline = 200 * time.Millisecond
	t.Run("API", func(t *testing.T) {
		f := newFixture(t)
		f.warm(t)
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: 10 * time.Second, Path: projectsPath})
		start := time.Now()
		_, err := f.dc.ListProjects(ctxFor(t, deadline))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %T %v; want context.DeadlineExceeded", err, err)
		}
		if d := time.Since(start); d > deadline+time.Second {
			t.Errorf("returned after %v; the deadline was %v", d, deadline)
		}
		if got := f.srv.Requests(http.MethodGet, projectsPath); got != 1 {
			t.Errorf("%d GETs; nothing is retried once the context is over", got)
		}
	})
	t.Run("token endpoint", func(t *testing.T) {
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: 10 * time.Second, Path: anypointtest.TokenPath})
		start := time.Now()
		_, err := f.dc.ListProjects(ctxFor(t, deadline))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %T %v; want context.DeadlineExceeded", err, err)
		}
		if d := time.Since(start); d > deadline+time.Second {
			t.Errorf("returned after %v; the deadline was %v", d, deadline)
		}
		if got := f.srv.Requests(http.MethodGet, projectsPath); got != 0 {
			t.Errorf("%d GETs without a token", got)
		}
	})
}

// A token endpoint that fails for a while: within the retries the first call
// succeeds, and concurrent callers share the one token request; beyond them
// the caller gets a typed error.
func TestTokenEndpointDown(t *testing.T) {
	t.Run("within the retries", func(t *testing.T) {
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusServiceUnavailable, Count: fastRetry.MaxRetries, Path: anypointtest.TokenPath})
		const callers = 16
		var wg sync.WaitGroup
		errs := make(chan error, callers)
		for range callers {
			wg.Go(func() {
				_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("ListProjects: %v", err)
			}
		}
		if got := f.srv.TokenRequests(); got != fastRetry.MaxRetries+1 {
			t.Errorf("%d token requests; want %d, shared by all %d callers", got, fastRetry.MaxRetries+1, callers)
		}
	})
	t.Run("for a while", func(t *testing.T) {
		// Down for 100 ms; ten retries of up to 50-100 ms each outlast it.
		f := newFixture(t, anypoint.WithRetry(anypoint.RetryPolicy{MaxRetries: 10, MinBackoff: 50 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}))
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusServiceUnavailable, Path: anypointtest.TokenPath, For: 100 * time.Millisecond})
		if _, err := f.dc.ListProjects(ctxFor(t, 5*time.Second)); err != nil {
			t.Fatalf("ListProjects: %v", err)
		}
		if got := f.srv.TokenRequests(); got < 2 {
			t.Errorf("%d token requests; the endpoint was down for the first", got)
		}
	})
	t.Run("beyond the retries", func(t *testing.T) {
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusServiceUnavailable, Path: anypointtest.TokenPath, For: time.Hour})
		_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
		var apiErr *anypoint.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Message != "503 Service Unavailable" {
			t.Fatalf("err = %T %v; want a 503 *anypoint.Error from the token endpoint", err, err)
		}
		if !strings.Contains(err.Error(), anypointtest.TokenPath) {
			t.Errorf("error %q does not say it was the token endpoint", err)
		}
		if got := f.srv.TokenRequests(); got != fastRetry.MaxRetries+1 {
			t.Errorf("%d token requests; want %d", got, fastRetry.MaxRetries+1)
		}
		if got := f.srv.Requests(http.MethodGet, projectsPath); got != 0 {
			t.Errorf("%d GETs without a token", got)
		}
		// When it comes back, the next call works: the failure was not kept.
		f.srv.ClearFaults()
		if _, err := f.dc.ListProjects(ctxFor(t, 5*time.Second)); err != nil {
			t.Errorf("after the endpoint came back: %v", err)
		}
	})
	t.Run("429 with Retry-After", func(t *testing.T) {
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: "1", Path: anypointtest.TokenPath})
		if _, err := f.dc.ListProjects(ctxFor(t, 5*time.Second)); err != nil {
			t.Fatalf("ListProjects: %v", err)
		}
		at := f.times(http.MethodPost, anypointtest.TokenPath)
		if len(at) != 2 || at[1].Sub(at[0]) < time.Second-50*time.Millisecond {
			t.Errorf("token requests at %v; want 2, 1s apart", at)
		}
	})
	t.Run("truncated answer", func(t *testing.T) {
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultTruncate, Path: anypointtest.TokenPath})
		_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
		var de *anypoint.DecodeError
		if !errors.As(err, &de) || de.StatusCode != 200 || !strings.HasSuffix(de.URL, anypointtest.TokenPath) {
			t.Fatalf("err = %T %v; want a *DecodeError of the token answer", err, err)
		}
		if _, err := f.dc.ListProjects(ctxFor(t, 5*time.Second)); err != nil {
			t.Errorf("the next call: %v", err)
		}
	})
	t.Run("cut answer", func(t *testing.T) {
		// A token request is safe to repeat: an answer lost halfway is
		// asked for again, like any lost connection.
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Path: anypointtest.TokenPath})
		if _, err := f.dc.ListProjects(ctxFor(t, 5*time.Second)); err != nil {
			t.Fatalf("ListProjects: %v", err)
		}
		if got := f.srv.TokenRequests(); got != 2 {
			t.Errorf("%d token requests; want 2", got)
		}
	})
	t.Run("cut answers beyond the retries", func(t *testing.T) {
		f := newFixture(t)
		f.srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Count: fastRetry.MaxRetries + 1, Path: anypointtest.TokenPath})
		_, err := f.dc.ListProjects(ctxFor(t, 5*time.Second))
		if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), anypointtest.TokenPath) {
			t.Fatalf("err = %T %v; want io.ErrUnexpectedEOF, naming the token endpoint", err, err)
		}
		if got := f.srv.TokenRequests(); got != fastRetry.MaxRetries+1 {
			t.Errorf("%d token requests; want %d", got, fastRetry.MaxRetries+1)
		}
	})
}

// POST and PATCH are never sent twice once the server may have acted on
// them: a 5xx, or an answer cut off after the server did the work, reaches
// the caller after exactly one request. A 429 (the server did nothing) is
// the exception, and is retried.
func TestNonIdempotentRequestsAreNotReplayed(t *testing.T) {
	create := func(ctx context.Context, f *fixture) error {
		_, err := f.dc.CreateProject(ctx, &designcenter.CreateProjectRequest{Name: "Payments API", Type: designcenter.ProjectTypeRAML})
		return err
	}
	transfer := func(ctx context.Context, f *fixture) error {
		_, err := f.dc.TransferProject(ctx, anypointtest.OrdersProjectID, anypointtest.ColleagueID)
		return err
	}
	projectPath := projectsPath + "/" + anypointtest.OrdersProjectID
	for _, tc := range []struct {
		name   string
		method string
		path   string
		call   func(context.Context, *fixture) error
		fault  anypointtest.FaultSpec // on tc.method and tc.path
		check  func(error) bool
		sent   int
	}{
		{"POST 500", http.MethodPost, projectsPath, create, anypointtest.FaultSpec{Status: 500}, is5xx(500), 1},
		{"POST 503", http.MethodPost, projectsPath, create, anypointtest.FaultSpec{Status: 503}, is5xx(503), 1},
		{"POST cut", http.MethodPost, projectsPath, create, anypointtest.FaultSpec{Kind: anypointtest.FaultCut}, isCut, 1},
		{"POST 429", http.MethodPost, projectsPath, create, anypointtest.FaultSpec{Status: http.StatusTooManyRequests}, isNil, 2},
		{"PATCH 500", http.MethodPatch, projectPath, transfer, anypointtest.FaultSpec{Status: 500}, is5xx(500), 1},
		{"PATCH 502", http.MethodPatch, projectPath, transfer, anypointtest.FaultSpec{Status: 502}, is5xx(502), 1},
		{"PATCH cut", http.MethodPatch, projectPath, transfer, anypointtest.FaultSpec{Kind: anypointtest.FaultCut}, isCut, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.warm(t)
			fault := tc.fault
			fault.Method, fault.Path = tc.method, tc.path
			f.srv.Fail(fault)
			err := tc.call(ctxFor(t, 5*time.Second), f)
			if !tc.check(err) {
				t.Errorf("err = %T %v", err, err)
			}
			if got := f.srv.Requests(tc.method, tc.path); got != tc.sent {
				t.Errorf("%d %s requests at the server; want %d", got, tc.method, tc.sent)
			}
		})
	}
}

func is5xx(status int) func(error) bool {
	return func(err error) bool {
		var apiErr *anypoint.Error
		return errors.As(err, &apiErr) && apiErr.StatusCode == status && apiErr.Message != ""
	}
}

// isCut accepts what a cut answer to a write must give: an error that says
// the answer was incomplete (the write may have happened).
func isCut(err error) bool {
	var de *anypoint.DecodeError
	return errors.As(err, &de) && errors.Is(err, io.ErrUnexpectedEOF)
}

func isNil(err error) bool { return err == nil }
