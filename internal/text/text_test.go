package text

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestScrub(t *testing.T) {
	secrets := []string{"s3cr3t+value/1", "RT-123456", "code-abcdef", "verifier_xyz"}
	for _, in := range []string{
		"could not parse client_secret=s3cr3t%2Bvalue%2F1&refresh_token=RT-123456",
		`{"error":"invalid_grant","echo":{"code":"code-abcdef","code_verifier":"verifier_xyz"}}`,
		"bad request: Authorization: Bearer eyJhbGciOi.J9.sig",
		"header was Basic YXBwOnNlY3JldA==",
		"password=hunter22 assertion=aaa.bbb.ccc",
		"raw s3cr3t+value/1 and s3cr3t%2Bvalue%2F1",
		`{"access_token":"AT-unknown-1","refresh_token" : "RT-unknown-2"}`,
		"grant_type=authorization_code&code=unknown-code-3&x=1",
	} {
		out := Scrub(in, secrets...)
		for _, leak := range []string{"s3cr3t", "RT-123456", "code-abcdef", "verifier_xyz", "eyJhbGciOi", "YXBwOnNlY3JldA", "hunter22", "aaa.bbb", "unknown-1", "unknown-2", "unknown-code"} {
			if strings.Contains(out, leak) {
				t.Errorf("Scrub(%q) = %q still shows %q", in, out, leak)
			}
		}
	}
	for _, plain := range []string{"environment not found", "status code: 500", "token_type must be bearer", "the code is invalid"} {
		if got := Scrub(plain, "abc"); got != plain {
			t.Errorf("ordinary text %q changed: %q", plain, got)
		}
	}
}

// javaJSON escapes s the way a Java JSON library may: no escaping of &, <
// and >, optionally "\/" for a slash and "\uXXXX" (upper case) for anything
// outside ASCII.
func javaJSON(s string, slash, ascii bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '/' && slash:
			b.WriteString(`\/`)
		case r >= 0x80 && ascii:
			if r > 0xFFFF {
				hi, lo := utf16.EncodeRune(r)
				fmt.Fprintf(&b, `\u%04X\u%04X`, hi, lo)
			} else {
				fmt.Fprintf(&b, `\u%04X`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A value is found in every form a Java server echoes it in, in a message
// and in a raw body alike.
func TestScrubValuesJavaEchoes(t *testing.T) {
	const secret = `p&ss<w>rd/é"q\z😀-1`
	goJSON, _ := json.Marshal(secret)
	goEsc := strings.Trim(string(goJSON), `"`)
	forms := map[string]string{
		"plain":          secret,
		"go json":        goEsc,
		"java json":      javaJSON(secret, false, false),
		"java \\/":       javaJSON(secret, true, false),
		"java \\u":       javaJSON(secret, false, true),
		"java \\u lower": strings.ToLower(javaJSON(secret, true, true)),
		"java both":      javaJSON(secret, true, true),
		"twice":          javaJSON(javaJSON(secret, false, false), false, false),
		"twice \\/ \\u":  javaJSON(javaJSON(secret, true, true), true, false),
		"go twice":       javaJSON(goEsc, false, false),
		"query":          url.QueryEscape(secret),
		"path lower":     strings.ToLower(url.PathEscape(secret)),
	}
	if len(forms) != 12 {
		t.Fatalf("%d forms", len(forms))
	}
	for name, f := range forms {
		in := `{"message":"rejected {\"password\":\"` + f + `\"} for user"}`
		out := ScrubValues(in, secret)
		want := `{"message":"rejected {\"password\":\"REDACTED\"} for user"}`
		if out != want {
			t.Errorf("%s: ScrubValues(%q) = %q, want %q", name, in, out, want)
		}
		if got := string(ScrubBytes([]byte(in), secret)); got != want {
			t.Errorf("%s: ScrubBytes = %q", name, got)
		}
		if got := Scrub("said "+f+".", secret); got != "said REDACTED." {
			t.Errorf("%s: Scrub = %q", name, got)
		}
	}
	if got := ScrubValues("Pass words & <tags>/é", secret); got != "Pass words & <tags>/é" {
		t.Errorf("ordinary text changed: %q", got)
	}
}

// Scrubbing comes before cutting: a secret that straddles the cut leaves
// no prefix behind.
func TestScrubBeforeClip(t *testing.T) {
	const secret = "S3CRET-straddling-the-cut"
	msg := strings.Repeat("x", 95) + secret
	got := Clip(Scrub(msg, secret), 100)
	if strings.Contains(got, "S3CR") {
		t.Errorf("clipped message shows the secret's start: %q", got)
	}
	if got := Scrub(`{\"password\":\"unknown-pw\"}`); strings.Contains(got, "unknown-pw") {
		t.Errorf("doubly escaped password member kept its value: %q", got)
	}
}

// BenchmarkScrubToken is the scrub of an error message that echoes a JWT
// access token (letters, digits, '-', '_', '.': no pattern needed) and of
// one with a secret that needs a pattern.
func BenchmarkScrubToken(b *testing.B) {
	token := strings.Repeat("eyJhbGciOiJSUzI1NiJ9-_.", 40)
	msg := `{"message":"token ` + token + ` rejected"}`
	b.Run("literal", func(b *testing.B) {
		for b.Loop() {
			Scrub(msg, token)
		}
	})
	b.Run("pattern", func(b *testing.B) {
		for b.Loop() {
			Scrub(msg, token+"/+=")
		}
	})
}

// A dot in a value that needs a pattern matches only a dot.
func TestScrubValuesDotIsLiteral(t *testing.T) {
	if got := ScrubValues("aXb/c and a.b/c", "a.b/c"); got != "aXb/c and REDACTED" {
		t.Errorf("ScrubValues = %q", got)
	}
	if got := ScrubValues("aXb-c and a.b-c", "a.b-c"); got != "aXb-c and REDACTED" {
		t.Errorf("ScrubValues (literal) = %q", got)
	}
}
