package anypoint

import (
	"net/http"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/anypoint-go/anypoint/internal/retry"
)

// maxFuzzMessage is maxMessage plus the ellipsis clip adds.
const maxFuzzMessage = maxMessage + len("…")

func FuzzParseErrorMessage(f *testing.F) {
	for _, seed := range []struct{ ct, body string }{
		{"text/plain", "Unauthorized"},
		{"application/json", `{"status":400,"message":"bad"}`},
		{"application/json", `{"message":"m","errors":[{"code":"C","message":"d"}]}`},
		{"application/json", `{"status":"failure","statusMessage":"Forbidden"}`},
		{"application/json", `{"error":"invalid_client","error_description":"x"}`},
		{"application/json", `{"error":{"error":{"message":"deep"}}}`},
		{"application/json", `[{"message":"a"},"b",{"errors":["c"]}]`},
		{"text/html", "<html><head><title>502</title></head><body><h1>Bad <b>Gateway</b></h1></body></html>"},
		{"", "<!DOCTYPE html><script>x</script><p>&amp;&#xFFFF;&#0;</p>"},
		{"", "\xff\xfe\x00garbage\r\nmore"},
		{"", ""},
	} {
		f.Add(seed.ct, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		msg := parseErrorMessage(contentType, body)
		if len(msg) > maxFuzzMessage {
			t.Errorf("message is %d bytes, want at most %d", len(msg), maxFuzzMessage)
		}
		if !utf8.ValidString(msg) {
			t.Errorf("message %q is not valid UTF-8", msg)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	for _, seed := range []string{
		"0", "1", "120", "-1", "99999999999999999999", "9223372036854775807",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Sun, 06 Nov 2094 08:49:37 GMT", "Monday, 02-Jan-06 15:04:05 MST",
		"", " ", "1.5", "+3",
	} {
		f.Add(seed)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, header string) {
		for _, h := range []http.Header{
			{"Retry-After": {header}},
			{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {header}},
		} {
			if d := retry.After(h, now); d < 0 {
				t.Errorf("retry.After(%v) = %v, want not negative", h, d)
			}
		}
	})
}
