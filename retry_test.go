package anypoint_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/iotest"
	"time"

	"github.com/anypoint-go/anypoint"
)

// gap returns the time between the arrival of request i and request i+1
// (0-based) at the server.
func gap(t *testing.T, srv *testServer, i int) time.Duration {
	t.Helper()
	hits := srv.requests()
	if len(hits) < i+2 {
		t.Fatalf("server got %d requests, want at least %d", len(hits), i+2)
	}
	return hits[i+1].At.Sub(hits[i].At)
}

func TestRetryIdempotentAfter5xx(t *testing.T) {
	statuses := []int{500, 502, 503}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n <= len(statuses) {
			writeText(w, statuses[n-1], "try later")
			return
		}
		writeJSON(w, http.StatusOK, `{"id":"ok"}`)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	var v struct{ ID string }
	if _, err := get(t, c, "/x", &v); err != nil {
		t.Fatalf("err = %v, want success after three 5xx", err)
	}
	if v.ID != "ok" {
		t.Errorf("decoded %+v", v)
	}
	if n := srv.count(); n != 4 {
		t.Errorf("server got %d requests, want 4", n)
	}
}

func TestRetryIdempotentMethods(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		})
		c := newClient(t, srv, staticToken("t"), fastRetry)
		if _, err := call(t, c, method, "/x", nil, nil); err != nil {
			t.Errorf("%s: %v", method, err)
		}
		if n := srv.count(); n != 2 {
			t.Errorf("%s: server got %d requests, want 2", method, n)
		}
	}
}

func TestRetryNotOnClientErrorsOr501(t *testing.T) {
	for _, status := range []int{400, 404, 409, 501} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(status) })
		c := newClient(t, srv, staticToken("t"), fastRetry)
		_, err := get(t, c, "/x", nil)
		var apiErr *anypoint.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Errorf("%d: err = %v", status, err)
		}
		if n := srv.count(); n != 1 {
			t.Errorf("%d: server got %d requests, want 1", status, n)
		}
	}
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	if _, err := get(t, c, "/x", nil); err != nil {
		t.Fatal(err)
	}
	if d := gap(t, srv, 0); d < 950*time.Millisecond {
		t.Errorf("second attempt came %v after the first, want about 1s (Retry-After: 1)", d)
	}
}

func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			// HTTP dates have whole seconds: this is between 1 and 2 s away.
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	if _, err := get(t, c, "/x", nil); err != nil {
		t.Fatal(err)
	}
	if d := gap(t, srv, 0); d < 900*time.Millisecond {
		t.Errorf("second attempt came %v after the first, want at least about 1s", d)
	}
}

func TestRetryRateLimitResetIsHonoured(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("X-RateLimit-Limit", "100")
			w.Header().Set("X-RateLimit-Remaining", "0")
			// Epoch seconds: between 1 and 2 s away.
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Unix()+2, 10))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	if _, err := get(t, c, "/x", nil); err != nil {
		t.Fatal(err)
	}
	if d := gap(t, srv, 0); d < 900*time.Millisecond {
		t.Errorf("second attempt came %v after the first, want at least about 1s", d)
	}
}

func TestRetryWaitEndsWithContext(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
		arrived <- struct{}{}
	})
	c := newClient(t, srv, staticToken("t"), anypoint.WithRetry(anypoint.RetryPolicy{
		MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, MaxRetryAfter: time.Minute,
	}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := c.NewRequest(ctx, http.MethodGet, "/x", nil)
	if err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		_, err := c.Do(req, nil)
		done <- err
	}()
	<-arrived
	time.Sleep(20 * time.Millisecond) // let the client start its wait
	cancelled := time.Now()
	cancel()

	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(cancelled); d > 2*time.Second {
			t.Errorf("Do returned %v after the cancel", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Do still waiting 10s after the context was cancelled")
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

func TestRetryAfterLongerThanMaxGivesUp(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		writeText(w, http.StatusTooManyRequests, "Too Many Requests")
	})
	c := newClient(t, srv, staticToken("t"), fastRetry) // MaxRetryAfter 5s
	start := time.Now()
	_, err := get(t, c, "/x", nil)
	var rl *anypoint.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v (%T), want *anypoint.RateLimitError", err, err)
	}
	if rl.RetryAfter != 30*time.Second {
		t.Errorf("RetryAfter = %v, want 30s", rl.RetryAfter)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Do took %v; it should give up at once", d)
	}
}

func TestRetryPOSTNotReplayedAfter5xx(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusInternalServerError, `{"message":"boom"}`)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	for _, method := range []string{http.MethodPost, http.MethodPatch} {
		before := srv.count()
		_, err := call(t, c, method, "/designcenter/api-designer/projects", map[string]string{"name": "p"}, nil)
		var apiErr *anypoint.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Message != "boom" {
			t.Errorf("%s: err = %v, want *Error 500 boom", method, err)
		}
		if n := srv.count() - before; n != 1 {
			t.Errorf("%s: server got %d requests, want exactly 1", method, n)
		}
	}
}

func TestRetryPOSTAfter429(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		writeJSON(w, http.StatusCreated, `{"id":"p1"}`)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	var v struct{ ID string }
	if _, err := call(t, c, http.MethodPost, "/designcenter/api-designer/projects", map[string]string{"name": "p"}, &v); err != nil {
		t.Fatal(err)
	}
	if v.ID != "p1" {
		t.Errorf("decoded %+v", v)
	}
	hits := srv.requests()
	if len(hits) != 2 {
		t.Fatalf("server got %d requests, want 2", len(hits))
	}
	for i, h := range hits {
		if h.Body != `{"name":"p"}` || h.Header.Get("Content-Type") != "application/json" {
			t.Errorf("attempt %d: body %q, Content-Type %q", i+1, h.Body, h.Header.Get("Content-Type"))
		}
	}
}

func TestRetryIsBounded(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusServiceUnavailable, fmt.Sprintf(`{"message":"attempt %d"}`, n))
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	_, err := get(t, c, "/x", nil)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v, want *Error 503", err)
	}
	if apiErr.Message != "attempt 4" {
		t.Errorf("Message = %q, want the last answer's", apiErr.Message)
	}
	if n := srv.count(); n != 4 {
		t.Errorf("server got %d requests, want MaxRetries+1 = 4", n)
	}
}

func TestRetry429IsBounded(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusTooManyRequests) })
	c := newClient(t, srv, staticToken("t"), fastRetry)
	_, err := get(t, c, "/x", nil)
	var rl *anypoint.RateLimitError
	if !errors.As(err, &rl) || !errors.Is(err, anypoint.ErrRateLimited) {
		t.Fatalf("err = %v, want *RateLimitError", err)
	}
	if rl.RetryAfter != 0 {
		t.Errorf("RetryAfter = %v, want 0 (the server did not say)", rl.RetryAfter)
	}
	if n := srv.count(); n != 4 {
		t.Errorf("server got %d requests, want 4", n)
	}
}

func TestRetryNotWithUnrewindableBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry)
	// PUT is idempotent: only the body keeps it from being retried.
	body := iotest.OneByteReader(strings.NewReader("content"))
	_, err := call(t, c, http.MethodPut, "/x", body, nil)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v, want *Error 503", err)
	}
	if hits := srv.requests(); len(hits) != 1 || hits[0].Body != "content" {
		t.Errorf("server got %d requests (%+v), want 1 with the body", len(hits), hits)
	}
}

func TestNoRetryPolicy(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusServiceUnavailable) })
	c := newClient(t, srv, staticToken("t"), anypoint.WithRetry(anypoint.NoRetry()))
	if _, err := get(t, c, "/x", nil); err == nil {
		t.Fatal("no error")
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// failingTransport fails the first `failures` round trips with err, then
// passes requests on.
type failingTransport struct {
	base     http.RoundTripper
	failures int32
	err      error
	calls    atomic.Int32
}

func (f *failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if n := f.calls.Add(1); n <= f.failures {
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return nil, f.err
	}
	return f.base.RoundTrip(r)
}

func TestRetryTransportErrors(t *testing.T) {
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name      string
		method    string
		err       error
		failures  int32
		wantCalls int32
		wantOK    bool
	}{
		{"GET after a cut connection", http.MethodGet, io.ErrUnexpectedEOF, 2, 3, true},
		{"GET bounded", http.MethodGet, io.ErrUnexpectedEOF, 100, 4, false},
		{"POST after a dial error", http.MethodPost, dialErr, 1, 2, true},
		{"POST not after a cut connection", http.MethodPost, io.ErrUnexpectedEOF, 1, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
			ft := &failingTransport{base: srv.Client().Transport, failures: tc.failures, err: tc.err}
			c := newClient(t, srv, staticToken("t"), fastRetry, anypoint.WithHTTPClient(&http.Client{Transport: ft}))
			_, err := call(t, c, tc.method, "/x?access_token=SECRET", map[string]int{"a": 1}, nil)
			if tc.wantOK && err != nil {
				t.Errorf("err = %v, want success", err)
			}
			if !tc.wantOK {
				if !errors.Is(err, tc.err) {
					t.Errorf("err = %v, want one wrapping %v", err, tc.err)
				}
				if err != nil && strings.Contains(err.Error(), "SECRET") {
					t.Errorf("error %q shows a secret", err)
				}
			}
			if n := ft.calls.Load(); n != tc.wantCalls {
				t.Errorf("%d round trips, want %d", n, tc.wantCalls)
			}
		})
	}
}

// A Retry-After that outlasts the caller's deadline is not waited out: the
// caller gets the *RateLimitError at once, with the status, the URL and the
// wait the platform asked for, instead of a bare deadline error.
func TestRetryAfterBeyondTheDeadlineIsARateLimitError(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
	})
	c := newClient(t, srv, staticToken("t"), anypoint.WithRetry(anypoint.DefaultRetryPolicy()))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := c.NewRequest(ctx, http.MethodGet, "/accounts/api/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(req, nil)
	var rl *anypoint.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 30*time.Second || rl.Err.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("err = %v (%T), want a *RateLimitError asking for 30s", err, err)
	}
	if ctx.Err() != nil {
		t.Error("the call waited until its deadline")
	}
}
