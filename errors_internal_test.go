package anypoint

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseErrorMessage(t *testing.T) {
	long := strings.Repeat("é", 400) // 800 bytes
	for _, tc := range []struct {
		name, ct, body, want string
	}{
		{"empty", "", "", ""},
		{"plain", "text/plain", "Unauthorized", "Unauthorized"},
		{"json message", "application/json", `{"message":"  spaced  "}`, "spaced"},
		{"statusMessage", "", `{"status":"failure","statusMessage":"Forbidden"}`, "Forbidden"},
		{"detail", "application/problem+json", `{"title":"T","detail":"D"}`, "D"},
		{"title", "application/problem+json", `{"title":"T"}`, "T"},
		{"description", "", `{"description":"desc"}`, "desc"},
		{"error string and message", "", `{"error":"E","message":"M"}`, "M"},
		{"error object", "", `{"error":{"statusMessage":"inner"}}`, "inner"},
		{"string errors", "", `{"errors":["a","b"]}`, "a; b"},
		{"non-string message", "", `{"message":42}`, ""},
		{"json string is text", "application/json", `"just a string"`, `"just a string"`},
		{"array of strings", "", `["x"]`, ""},
		{"invalid json", "application/json", `{"message":`, `{"message":`},
		{"html entities", "text/html", "<title>A &lt;b&gt; &#233;</title>", "A <b> é"},
		{"html script dropped", "text/html", "<html><head><script>var secret=1</script></head><body><p>Plain body</p></body></html>", "Plain body"},
		{"html empty h1 falls back to title", "text/html", "<html><title>T</title><h1> </h1></html>", "T"},
		{"crlf text", "", "line one\r\nline two", "line one"},
		{"invalid utf-8 text", "", "bad \xff byte", "bad \uFFFD byte"},
		{"long json message", "", `{"message":"` + long + `"}`, long[:maxMessage] + "…"},
	} {
		got := parseErrorMessage(tc.ct, []byte(tc.body))
		if got != tc.want {
			t.Errorf("%s: parseErrorMessage(%q, %q) = %q, want %q", tc.name, tc.ct, tc.body, got, tc.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("%s: message %q is not valid UTF-8", tc.name, got)
		}
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"aé", 2, "a…"}, // é is 2 bytes: not split
		{"日本語", 4, "日…"},
		{"", 0, ""},
	} {
		if got := clip(tc.s, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestRequestIDHeaders(t *testing.T) {
	for _, tc := range []struct {
		key, want string
	}{
		{"X-Request-Id", "r1"},
		{"X-Correlation-Id", "r1"},
		{"X-Anypnt-Trx-Id", "r1"},
		{"X-Other", ""},
	} {
		h := map[string][]string{tc.key: {"r1"}}
		if got := requestID(h); got != tc.want {
			t.Errorf("requestID with %s = %q, want %q", tc.key, got, tc.want)
		}
	}
}

func TestErrorTextDoesNotRepeatTheStatus(t *testing.T) {
	for _, msg := range []string{"502 Bad Gateway", "Bad Gateway", "bad gateway"} {
		e := &Error{StatusCode: 502, Method: "GET", URL: "https://h/x", Message: msg}
		if got := e.Error(); got != "anypoint: GET https://h/x: 502 Bad Gateway" {
			t.Errorf("message %q: Error() = %q", msg, got)
		}
	}
	e := &Error{StatusCode: 502, Method: "GET", URL: "https://h/x", Message: "upstream timed out"}
	if got := e.Error(); got != "anypoint: GET https://h/x: 502 Bad Gateway: upstream timed out" {
		t.Errorf("Error() = %q", got)
	}
}

func TestServerTextCannotForgeLogLines(t *testing.T) {
	msg := parseErrorMessage("application/json", []byte(`{"message":"bad\nlevel=ERROR msg=forged \u001b[31mred"}`))
	if strings.ContainsAny(msg, "\n\x1b") {
		t.Fatalf("message keeps control characters: %q", msg)
	}
	te := newTokenError(&Error{StatusCode: 400, Body: []byte(`{"error":"invalid_grant","error_description":"a\r\nb"}`)})
	if strings.ContainsAny(te.Description, "\r\n") {
		t.Fatalf("description keeps control characters: %q", te.Description)
	}
}

func TestTokenErrorSentinels(t *testing.T) {
	for _, tc := range []struct {
		body string
		code string
		want error
	}{
		{`{"error":"invalid_client"}`, "invalid_client", ErrInvalidClient},
		{`{"error":"invalid_grant","error_description":"refresh token expired"}`, "invalid_grant", ErrInvalidGrant},
		{`{"error":"invalid_scope"}`, "invalid_scope", ErrInvalidScope},
	} {
		te := newTokenError(&Error{StatusCode: 400, Body: []byte(tc.body)})
		if te.Code != tc.code {
			t.Errorf("%s: Code = %q", tc.body, te.Code)
		}
		for _, s := range []error{ErrInvalidClient, ErrInvalidGrant, ErrInvalidScope} {
			if got := errors.Is(te, s); got != (s == tc.want) {
				t.Errorf("%s: errors.Is(err, %v) = %v", tc.body, s, got)
			}
		}
	}
	// Without an RFC 6749 body the code follows from the status.
	te := newTokenError(&Error{StatusCode: 401, Body: []byte("Unauthorized"), Message: "Unauthorized"})
	if te.Code != "invalid_client" || !errors.Is(te, ErrInvalidClient) || !errors.Is(te, ErrUnauthorized) {
		t.Errorf("plain 401 from the token endpoint: %+v", te)
	}
}
