// Package text readies text from a server or a user for an error message.
package text

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clip returns s fit for an error message or a log line: control characters
// become spaces (a server's text cannot forge a log line or send terminal
// escapes), and the text is cut to at most n bytes, with "…" added, without
// splitting a UTF-8 sequence.
func Clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// secretPatterns find the values of request fields and headers that a
// server may echo back: form fields of the OAuth requests, JSON members,
// and the Authorization header.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)((?:client_secret|refresh_token|access_token|id_token|code_verifier|password|assertion)"?\s*[=:]\s*"?)([^&\s",;}]+)`),
	regexp.MustCompile(`(?i)((?:^|[?&\s])code=)([^&\s",;}]+)`),
	regexp.MustCompile(`(?i)(bearer\s+)([A-Za-z0-9\-._~+/]+=*)`),
	regexp.MustCompile(`(?i)(basic\s+)([A-Za-z0-9+/]+=*)`),
}

// Scrub returns s with every secret the SDK sent replaced by "REDACTED",
// in its plain and its URL-encoded forms, and the value of anything that
// looks like an echoed credential (client_secret=…, "refresh_token":"…",
// Bearer …) too. A server that quotes the request in its error cannot put
// a secret into an error message or a log line this way.
func Scrub(s string, secrets ...string) string {
	var forms []string
	for _, sec := range secrets {
		if len(sec) < 4 {
			continue // too short to tell from ordinary words
		}
		forms = append(forms, sec, url.QueryEscape(sec), url.PathEscape(sec))
	}
	// Longest first: a secret that holds another (a client secret holding
	// the password) is replaced whole, not left in pieces around REDACTED.
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	for _, form := range forms {
		s = strings.ReplaceAll(s, form, "REDACTED")
	}
	for _, re := range secretPatterns {
		s = re.ReplaceAllString(s, "${1}REDACTED")
	}
	return s
}
