package anypoint_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/anypoint-go/anypoint"
)

// Every body shape ANYPOINT.md lists gives an *Error whose Message is what
// the platform said.
func TestErrorBodyShapes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		ct     string
		body   string
		want   string
	}{
		{"plain 401", 401, "text/plain", "Unauthorized", "Unauthorized"},
		{"plain 403", 403, "text/plain; charset=utf-8", "Forbidden\n", "Forbidden"},
		{"status and message", 400, "application/json", `{"status":400,"message":"bad"}`, "bad"},
		{"message and errors", 400, "application/json", `{"message":"m","errors":[{"code":"C","message":"d"}]}`, "m (C: d)"},
		{"errors only", 422, "application/json", `{"errors":[{"code":"C1","message":"d1"},{"message":"d2"}]}`, "C1: d1; d2"},
		{"status failure", 403, "application/json", `{"status":"failure","statusMessage":"Forbidden"}`, "Forbidden"},
		{"rfc 6749", 400, "application/json", `{"error":"invalid_client","error_description":"x"}`, "invalid_client: x"},
		{"rfc 6749 code only", 400, "application/json", `{"error":"invalid_grant"}`, "invalid_grant"},
		{"nested error", 500, "application/json", `{"error":{"message":"boom"}}`, "boom"},
		{"array", 400, "application/json", `[{"message":"a"},{"message":"b"}]`, "a; b"},
		{"json without content type", 409, "", `{"message":"Project raml-x already exists"}`, "Project raml-x already exists"},
		{"json with text content type", 404, "text/plain", `{"message":"Connected application with that clientId could not be found"}`, "Connected application with that clientId could not be found"},
		{"html 502", 502, "text/html", `<!DOCTYPE html><html><head><title>502 Proxy Error</title><style>h1{}</style></head><body><h1>Upstream   <b>timed</b> out</h1><p>details</p></body></html>`, "Upstream timed out"},
		{"html title only", 503, "text/html", "<html><head><title>Maintenance &amp; upgrade</title></head><body>soon</body></html>", "Maintenance & upgrade"},
		{"html without content type", 502, "", "<html><body><h1>Bad gateway page</h1></body></html>", "Bad gateway page"},
		{"empty 404", 404, "", "", "Not Found"},
		{"empty json object", 500, "application/json", `{}`, "Internal Server Error"},
		{"blank", 400, "text/plain", " \n\t ", "Bad Request"},
		{"multi-line text", 500, "text/plain", "first line\nat com.mulesoft.Stack(Trace.java:1)\n", "first line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if tc.ct != "" {
					w.Header().Set("Content-Type", tc.ct)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			c := newClient(t, srv, staticToken("t"))
			_, err := get(t, c, "/accounts/api/me", nil)
			var apiErr *anypoint.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *anypoint.Error", err, err)
			}
			if apiErr.StatusCode != tc.status {
				t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, tc.status)
			}
			if apiErr.Message != tc.want {
				t.Errorf("Message = %q, want %q", apiErr.Message, tc.want)
			}
			if string(apiErr.Body) != tc.body {
				t.Errorf("Body = %q, want the raw answer %q", apiErr.Body, tc.body)
			}
			if srv.count() != 1 {
				t.Errorf("server got %d requests, want 1", srv.count())
			}
		})
	}
}

func TestErrorHugeBody(t *testing.T) {
	const size = 5 << 20
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		line := bytes.Repeat([]byte("é"), 1024) // a long first line of 2-byte runes
		_, _ = w.Write(line)
		_, _ = w.Write([]byte("\n"))
		_, _ = w.Write(bytes.Repeat([]byte("x"), size-len(line)-1))
	})
	c := newClient(t, srv, staticToken("t"))

	start := time.Now()
	_, err := get(t, c, "/x", nil)
	elapsed := time.Since(start)

	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *anypoint.Error", err)
	}
	if len(apiErr.Body) != 64<<10 {
		t.Errorf("len(Body) = %d, want 64 KiB", len(apiErr.Body))
	}
	if n := len(apiErr.Message); n == 0 || n > 510 {
		t.Errorf("len(Message) = %d, want 1..510 bytes", n)
	}
	if !utf8.ValidString(apiErr.Message) {
		t.Errorf("Message is not valid UTF-8: %q", apiErr.Message)
	}
	if n := len(err.Error()); n > 1024 {
		t.Errorf("error text is %d bytes long", n)
	}
	if elapsed > 5*time.Second {
		t.Errorf("the call took %v", elapsed)
	}
}

func TestErrorSentinels(t *testing.T) {
	all := []error{anypoint.ErrUnauthorized, anypoint.ErrForbidden, anypoint.ErrNotFound, anypoint.ErrConflict, anypoint.ErrRateLimited}
	for _, tc := range []struct {
		status int
		want   error
	}{
		{401, anypoint.ErrUnauthorized},
		{403, anypoint.ErrForbidden},
		{404, anypoint.ErrNotFound},
		{409, anypoint.ErrConflict},
		{429, anypoint.ErrRateLimited},
		{400, nil},
		{500, nil},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(tc.status) })
		c := newClient(t, srv, staticToken("t"))
		_, err := get(t, c, "/x", nil)
		if err == nil {
			t.Errorf("%d: no error", tc.status)
			continue
		}
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == tc.want) {
				t.Errorf("%d: errors.Is(err, %v) = %v", tc.status, s, got)
			}
		}
		if errors.Is(err, anypoint.ErrScopeDenied) {
			t.Errorf("%d: a static token's rejection matches ErrScopeDenied", tc.status)
		}
	}
}

func TestRateLimitError(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "7")
		writeJSON(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
	})
	c := newClient(t, srv, staticToken("t"))
	_, err := get(t, c, "/x", nil)
	var rl *anypoint.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v (%T), want *anypoint.RateLimitError", err, err)
	}
	if rl.RetryAfter != 7*time.Second {
		t.Errorf("RetryAfter = %v, want 7s", rl.RetryAfter)
	}
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Message != "slow down" {
		t.Errorf("underlying *Error = %+v", apiErr)
	}
	if !strings.Contains(err.Error(), "retry after 7s") {
		t.Errorf("error %q does not say when to retry", err)
	}
	if !errors.Is(err, anypoint.ErrRateLimited) {
		t.Error("not ErrRateLimited")
	}
}

func TestErrorRequestIDAndText(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Request-Id", "req-123")
		writeJSON(w, http.StatusNotFound, `{"status":404,"message":"Environment not found"}`)
	})
	c := newClient(t, srv, staticToken("t"))
	_, err := get(t, c, "/accounts/api/organizations/o1/environments/e1?code=SECRET&x=1", nil)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *anypoint.Error", err)
	}
	if apiErr.RequestID != "req-123" {
		t.Errorf("RequestID = %q", apiErr.RequestID)
	}
	if apiErr.Method != http.MethodGet {
		t.Errorf("Method = %q", apiErr.Method)
	}
	if apiErr.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Header = %v", apiErr.Header)
	}
	text := err.Error()
	for _, want := range []string{"GET", "/accounts/api/organizations/o1/environments/e1", "code=REDACTED", "x=1", "404", "Environment not found", "req-123"} {
		if !strings.Contains(text, want) {
			t.Errorf("error %q does not contain %q", text, want)
		}
	}
	if strings.Contains(text, "SECRET") {
		t.Errorf("error %q shows a secret query value", text)
	}
	if !strings.Contains(apiErr.URL, "code=REDACTED") || strings.Contains(apiErr.URL, "SECRET") {
		t.Errorf("URL = %q, want the redacted URL", apiErr.URL)
	}
}

func TestErrorTextWithoutRepeatingStatus(t *testing.T) {
	e := &anypoint.Error{StatusCode: 404, Method: "GET", URL: "https://h/x", Message: "Not Found"}
	if got := e.Error(); got != "anypoint: GET https://h/x: 404 Not Found" {
		t.Errorf("Error() = %q", got)
	}
}

func TestErrorTemporary(t *testing.T) {
	for status, want := range map[int]bool{400: false, 404: false, 429: true, 500: true, 503: true} {
		if got := (&anypoint.Error{StatusCode: status}).Temporary(); got != want {
			t.Errorf("Temporary() for %d = %v, want %v", status, got, want)
		}
	}
}

func TestCheckResponse(t *testing.T) {
	ok := &http.Response{StatusCode: 201, Body: io.NopCloser(strings.NewReader(""))}
	if err := anypoint.CheckResponse(ok); err != nil {
		t.Errorf("CheckResponse(201) = %v", err)
	}
	body := &trackedBody{ReadCloser: io.NopCloser(strings.NewReader(`{"message":"gone"}`))}
	resp := &http.Response{StatusCode: 410, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}
	err := anypoint.CheckResponse(resp)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.Message != "gone" || apiErr.StatusCode != 410 {
		t.Errorf("CheckResponse(410) = %v", err)
	}
	if !body.closed.Load() {
		t.Error("CheckResponse did not close the body")
	}
}

// A token the server echoes where the message or the body is cut to length
// leaves no part of itself behind: it is replaced before anything is cut.
func TestEchoedTokenIsScrubbedBeforeTheCut(t *testing.T) {
	const token = "AT/straddle+token=value-0123456789"
	for _, tc := range []struct {
		name string
		pad  int // bytes before the token
	}{
		{"message cut", 500 - len(`rejected `) - 6},
		{"body cut", 64<<10 - len(`{"message":"rejected `) - 6},
		{"after the body cut", 64<<10 + 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				writeJSON(w, http.StatusBadRequest, `{"message":"rejected `+strings.Repeat("x", tc.pad)+strings.ReplaceAll(tok, "/", `\/`)+` and more"}`)
			})
			c := newClient(t, srv, staticToken(token))
			_, err := get(t, c, "/accounts/api/me", nil)
			var apiErr *anypoint.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *anypoint.Error", err)
			}
			for what, s := range map[string]string{"message": apiErr.Message, "body": string(apiErr.Body), "error": err.Error()} {
				if strings.Contains(s, "xAT") || strings.Contains(s, "straddle") {
					t.Errorf("%s shows the token's start: …%s", what, s[max(0, len(s)-80):])
				}
			}
			if len(apiErr.Body) > 64<<10 {
				t.Errorf("body is %d bytes, want at most 64 KiB", len(apiErr.Body))
			}
		})
	}
}
