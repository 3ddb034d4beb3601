package anypointtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultKind says what a fault does to the requests it matches.
type FaultKind int

const (
	// FaultStatus answers with FaultSpec.Status instead of serving the request: an HTML page
	// for 502, 503 and 504 (as a load balancer would), the server's 401 body for 401 (plain
	// "Unauthorized" unless WithUnauthorizedBody says otherwise), plain "Forbidden" for 403,
	// and {"status":N,"message":"…"} JSON otherwise, unless FaultSpec.Body gives the body. FaultSpec.RetryAfter, when set, is its Retry-After header.
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

// FaultSpec describes a fault for Server.Fail: what it does (Kind and the fields that go with
// it), which requests it hits (Method, Path) and how many (Count, or all of them For a while).
// The zero FaultSpec is not valid: a FaultStatus fault needs its Status.
type FaultSpec struct {
	// Kind is what the fault does; the zero value, FaultStatus, answers Status.
	Kind FaultKind

	// Status is the status code of a FaultStatus answer, such as 503 or 429.
	Status int
	// RetryAfter is the Retry-After header of a FaultStatus answer, if set: seconds ("2") or
	// an HTTP date. The platform sends it with 429 Too Many Requests.
	RetryAfter string
	// Body, if set, replaces the body of a FaultStatus answer, such as an operator's own
	// maintenance page.
	Body string
	// ContentType is the Content-Type of Body (text/plain when empty).
	ContentType string
	// Delay is how long a FaultSlow fault waits before the request is served.
	Delay time.Duration

	// Method limits the fault to requests with this HTTP method, such as http.MethodPost.
	// Empty matches every method.
	Method string
	// Path limits the fault to requests for this path (exact, unescaped), such as TokenPath
	// for the token endpoint; a trailing "*" makes it a prefix, as in "/designcenter/*".
	// Empty matches every path.
	Path string

	// Count is how many matching requests the fault hits before it is gone; 0 means 1.
	Count int
	// For, when set, makes the fault hit every matching request from the call to Fail until
	// For has passed by the server's clock (see WithClock), whatever Count says: a platform
	// that is down for a while.
	For time.Duration
}

type fault struct {
	spec  FaultSpec
	left  int       // requests still to hit, for a counted fault
	until time.Time // the end of a fault that lasts a while; zero for a counted fault
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

// Fail adds a fault: the next Count requests that match it get it (or, with For, every
// matching request for that long), then it is gone. Faults apply in the order they were
// added; a request gets at most one. Faulted requests still count in Requests and
// TokenRequests and appear in RequestLog. Fail panics if a FaultStatus fault has no valid
// Status, or if Count or For is negative.
//
//	// The next two requests answer 503 (an HTML page, as from a load balancer).
//	srv.Fail(anypointtest.FaultSpec{Status: http.StatusServiceUnavailable, Count: 2})
//	// The next token request is rate-limited, with Retry-After: 2.
//	srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: "2", Path: anypointtest.TokenPath})
//	// The next POST waits a second before it is served.
//	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: time.Second, Method: http.MethodPost})
//	// The next Design Center answer is cut off halfway.
//	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Path: anypointtest.DesignCenterPath + "/*"})
//	// The token endpoint is down for a minute.
//	srv.Fail(anypointtest.FaultSpec{Status: http.StatusServiceUnavailable, Path: anypointtest.TokenPath, For: time.Minute})
func (s *Server) Fail(spec FaultSpec) {
	if spec.Kind == FaultStatus && (spec.Status < 100 || spec.Status > 999) {
		panic(fmt.Sprintf("anypointtest: a FaultStatus fault needs a status code, not %d", spec.Status))
	}
	if spec.Count < 0 || spec.For < 0 {
		panic("anypointtest: a fault's Count and For cannot be negative")
	}
	if spec.Count == 0 {
		spec.Count = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &fault{spec: spec, left: spec.Count}
	if spec.For > 0 {
		f.until = s.now().Add(spec.For)
	}
	s.faults = append(s.faults, f)
}

// ClearFaults removes every fault still to come, those that last a while included: the
// platform works again.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault finds the first fault that matches and uses one of its requests; the caller
// holds the lock.
func (s *Server) takeFault(method, path string) *FaultSpec {
	now := s.now()
	s.faults = slices.DeleteFunc(s.faults, func(f *fault) bool { return !f.until.IsZero() && !now.Before(f.until) })
	for i, f := range s.faults {
		if !f.matches(method, path) {
			continue
		}
		if f.until.IsZero() {
			f.left--
			if f.left <= 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
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
		s.muxes[0].ServeHTTP(&statusWriter{ResponseWriter: rec, unauthorizedBody: s.unauthorizedBody}, r)
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
