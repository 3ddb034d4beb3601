package text

import (
	"strings"
	"testing"
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
