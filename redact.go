package anypoint

import (
	"net/url"
	"strings"
)

// sensitiveParams are fragments of query parameter names whose values the
// SDK never prints: tokens, secrets, codes, verifiers and the like.
var sensitiveParams = []string{"token", "secret", "password", "passwd", "code", "verifier", "assertion", "signature", "key", "state", "nonce", "session", "auth"}

// RedactURL returns u as a string fit for logs and error messages: without
// user info, and with the value of every query parameter whose name suggests
// a secret (token, secret, code, verifier, state, …) replaced by "REDACTED".
func RedactURL(u *url.URL) string { return redactURL(u) }

func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.Fragment = ""
	c.RawFragment = ""
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		if err != nil {
			c.RawQuery = "REDACTED"
		} else {
			for name := range q {
				if isSensitiveParam(name) {
					q[name] = []string{"REDACTED"}
				}
			}
			c.RawQuery = q.Encode()
		}
	}
	return c.String()
}

func isSensitiveParam(name string) bool {
	n := strings.ToLower(name)
	for _, s := range sensitiveParams {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}
