// Package text readies text from a server or a user for an error message.
package text

import (
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
