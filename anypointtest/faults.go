package anypointtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// FaultKind says what a fault does to the requests it matches.
type FaultKind int

const (
	// FaultStatus answers with FaultSpec.Status instead of serving the request: an HTML page
	// for 502, 503 and 504 (as a load balancer would), plain "Unauthorized" or "Forbidden"
	// for 401 and 403, and {"status":N,"message":"…"} JSON otherwise. A 429 carries
	// FaultSpec.RetryAfter as its Retry-After header when set.
	FaultStatus FaultKind = iota
	// FaultSlow waits FaultSpec.Delay before serving the request normally. The wait ends early
	// when the client gives up (the request's context ends); the request is then not served.
	FaultSlow
	// FaultCut serves the request, then sends the status line, the headers (with the full
	// Content-Length) and half of the body, and closes the connection.
	FaultCut
	// FaultTruncate serves the request, then sends its status and only half of its body with a
	// matching Content-Length: a well-formed HTTP answer whose JSON is cut short.
	FaultTruncate
)

// FaultSpec describes a fault for Server.Fail.
type FaultSpec struct {
	// Kind is what the fault does.
	Kind FaultKind
	// Count is how many matching requests the fault affects (at least 1).
	Count int
	// Status is the status code of a FaultStatus fault.
	Status int
	// RetryAfter is the Retry-After header of the answer, if set: seconds ("2") or an HTTP
	// date.
	RetryAfter string
	// Delay is how long a FaultSlow fault waits.
	Delay time.Duration
	// Path limits the fault to requests for this path (exact, unescaped); a trailing "*"
	// makes it a prefix. Empty matches every path.
	Path string
	// Method limits the fault to requests with this method. Empty matches every method.
	Method string
	// Body, if set, replaces the body of a FaultStatus answer.
	Body string
	// ContentType is the Content-Type of Body (text/plain when empty).
	ContentType string
}

// FaultOption narrows a fault made by one of the helpers such as FailNext.
type FaultOption func(*FaultSpec)

// OnPath limits a fault to requests for path (exact, unescaped); a trailing "*" makes it a
// prefix, as in OnPath("/designcenter/*").
func OnPath(path string) FaultOption { return func(f *FaultSpec) { f.Path = path } }

// OnMethod limits a fault to requests with an HTTP method, such as http.MethodPost.
func OnMethod(method string) FaultOption { return func(f *FaultSpec) { f.Method = method } }

// OnTokenEndpoint limits a fault to the token endpoint; it is OnPath(TokenPath).
func OnTokenEndpoint() FaultOption { return OnPath(TokenPath) }

// WithRetryAfter sets the Retry-After header of a fault's answer (seconds or an HTTP date).
func WithRetryAfter(v string) FaultOption { return func(f *FaultSpec) { f.RetryAfter = v } }

type fault struct {
	spec FaultSpec
	left int
}

func (f *fault) matches(method, path string) bool {
	if f.spec.Method != "" && !strings.EqualFold(f.spec.Method, method) {
		return false
	}
	p := f.spec.Path
	switch {
	case p == "":
		return true
	case strings.HasSuffix(p, "*"):
		return strings.HasPrefix(path, strings.TrimSuffix(p, "*"))
	default:
		return path == p
	}
}

// Fail adds a fault: the next Count requests that match it get it, then it is gone. Faults
// apply in the order they were added; a request gets at most one. Faulted requests still
// count in Requests and TokenRequests.
func (s *Server) Fail(spec FaultSpec) {
	if spec.Count < 1 {
		spec.Count = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{spec: spec, left: spec.Count})
}

// FailNext makes the next n matching requests answer status (see FaultStatus for the body).
func (s *Server) FailNext(n, status int, opts ...FaultOption) {
	s.Fail(spec(FaultSpec{Kind: FaultStatus, Count: n, Status: status}, opts))
}

// RateLimitNext makes the next n matching requests answer 429 Too Many Requests with the
// Retry-After header retryAfter (seconds such as "2", or an HTTP date; "" sends none).
func (s *Server) RateLimitNext(n int, retryAfter string, opts ...FaultOption) {
	s.Fail(spec(FaultSpec{Kind: FaultStatus, Count: n, Status: http.StatusTooManyRequests, RetryAfter: retryAfter}, opts))
}

// SlowNext makes the next n matching requests wait d before they are served.
func (s *Server) SlowNext(n int, d time.Duration, opts ...FaultOption) {
	s.Fail(spec(FaultSpec{Kind: FaultSlow, Count: n, Delay: d}, opts))
}

// CutNext makes the next n matching requests end in a connection closed halfway through the
// body. The request is served first, so its effects (a token issued, a project created) stay.
func (s *Server) CutNext(n int, opts ...FaultOption) {
	s.Fail(spec(FaultSpec{Kind: FaultCut, Count: n}, opts))
}

// TruncateNext makes the next n matching requests get half of their body (with a matching
// Content-Length), so that decoding the JSON fails. The request is served first.
func (s *Server) TruncateNext(n int, opts ...FaultOption) {
	s.Fail(spec(FaultSpec{Kind: FaultTruncate, Count: n}, opts))
}

// TokenEndpointDown makes the token endpoint answer 503 with an HTML page for d from now,
// by the server's clock.
func (s *Server) TokenEndpointDown(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenDownTill = s.now().Add(d)
}

// ClearFaults removes every pending fault and ends TokenEndpointDown.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.tokenDownTill = time.Time{}
}

// PendingFaults reports how many faulted requests are still to come, summed over the faults.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.left
	}
	return n
}

func spec(f FaultSpec, opts []FaultOption) FaultSpec {
	for _, o := range opts {
		o(&f)
	}
	return f
}

// takeFault finds the first fault that matches and uses one of its requests; the caller
// holds the lock.
func (s *Server) takeFault(method, path string) *FaultSpec {
	for i, f := range s.faults {
		if !f.matches(method, path) {
			continue
		}
		f.left--
		if f.left <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		sp := f.spec
		return &sp
	}
	return nil
}

// apply carries out a fault; it reports whether the request has been answered.
func (f *FaultSpec) apply(s *Server, w http.ResponseWriter, r *http.Request) bool {
	switch f.Kind {
	case FaultSlow:
		return !s.sleep(r.Context(), f.Delay)
	case FaultCut, FaultTruncate:
		rec := httptest.NewRecorder()
		s.route(rec, r)
		res := rec.Result()
		body := rec.Body.Bytes()
		half := body[:len(body)/2]
		h := w.Header()
		for k, v := range res.Header {
			h[k] = v
		}
		if f.Kind == FaultTruncate {
			h.Set("Content-Length", strconv.Itoa(len(half)))
			w.WriteHeader(res.StatusCode)
			_, _ = w.Write(half)
			return true
		}
		full := max(len(body), 64)
		h.Set("Content-Length", strconv.Itoa(full))
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic("anypointtest: cannot cut the connection: " + err.Error())
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", res.StatusCode, http.StatusText(res.StatusCode))
		_ = h.Write(buf)
		_, _ = buf.WriteString("\r\n")
		_, _ = buf.Write(half)
		_ = buf.Flush()
		return true
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Body != "":
		ct := f.ContentType
		if ct == "" {
			ct = "text/plain; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
	case f.Status == http.StatusBadGateway || f.Status == http.StatusServiceUnavailable || f.Status == http.StatusGatewayTimeout:
		htmlError(w, f.Status)
	case f.Status == http.StatusUnauthorized:
		unauthorized(w)
	case f.Status == http.StatusForbidden:
		forbidden(w)
	default:
		jsonError(w, f.Status, http.StatusText(f.Status))
	}
	return true
}
