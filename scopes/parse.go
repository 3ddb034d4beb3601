package scopes

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxErrorInput is how much of the input a ParseError keeps.
const maxErrorInput = 100

// ParseError reports a scope list that Parse refused.
type ParseError struct {
	// Input is the list that was parsed, cut to at most 100 bytes (never inside a UTF-8
	// sequence), so that a huge or secret-bearing input does not end up whole in logs.
	Input string
	// Pos is the byte offset, in the whole input, of the first character that is not allowed.
	// It may lie beyond the end of the truncated Input.
	Pos int
	// Reason says what is wrong, such as `character '"' is not allowed in a scope`.
	Reason string
}

// Error returns a message that names the input, the position and the reason.
func (e *ParseError) Error() string {
	return fmt.Sprintf("scopes: invalid scope list %q at byte %d: %s", e.Input, e.Pos, e.Reason)
}

// Parse splits the value of an OAuth 2.0 scope parameter (RFC 6749, section 3.3) into scopes.
//
// Scopes are separated by runs of ASCII white space (space, tab, newline, carriage return,
// vertical tab, form feed); leading and trailing white space is ignored. Each scope must
// consist of the characters RFC 6749 allows in a scope token: printable ASCII other than
// space, '"' and '\'. Anything else, including non-ASCII characters, gives a *ParseError.
// Repeated scopes are dropped, keeping the first. A list without scopes gives nil and no error.
//
// Parse accepts scopes that the catalog does not know, since the platform adds scopes over
// time; use Scope.Known to tell them apart.
func Parse(list string) ([]Scope, error) {
	var out []Scope
	var seen map[Scope]struct{}
	for i := 0; i < len(list); {
		if isSpace(list[i]) {
			i++
			continue
		}
		start := i
		for ; i < len(list) && !isSpace(list[i]); i++ {
			if !isScopeChar(list[i]) {
				return nil, newParseError(list, i)
			}
		}
		s := Scope(list[start:i])
		if seen == nil {
			seen = make(map[Scope]struct{})
		}
		if _, dup := seen[s]; dup {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	return out, nil
}

// Join returns the scopes separated by single spaces, as the scope parameter wants them. It
// neither checks nor de-duplicates them; Parse does both.
func Join(ss ...Scope) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(s))
	}
	return b.String()
}

// Contains reports whether want is one of have.
func Contains(have []Scope, want Scope) bool {
	for _, s := range have {
		if s == want {
			return true
		}
	}
	return false
}

// Strings converts scopes to plain strings, such as for a JSON field of the Connected Apps API.
// It returns nil for nil.
func Strings(ss []Scope) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// isSpace reports whether c is ASCII white space, which separates scopes.
func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// isScopeChar reports whether c may appear in a scope token:
// %x21 / %x23-5B / %x5D-7E in RFC 6749, section 3.3.
func isScopeChar(c byte) bool {
	return c >= 0x21 && c <= 0x7E && c != '"' && c != '\\'
}

// checkToken returns a *ParseError if s is not one valid scope token.
func checkToken(s string) *ParseError {
	if s == "" {
		return &ParseError{Input: s, Pos: 0, Reason: "empty scope"}
	}
	for i := 0; i < len(s); i++ {
		if !isScopeChar(s[i]) {
			return newParseError(s, i)
		}
	}
	return nil
}

func newParseError(list string, pos int) *ParseError {
	var reason string
	r, size := utf8.DecodeRuneInString(list[pos:])
	switch {
	case r == utf8.RuneError && size <= 1:
		reason = fmt.Sprintf("byte 0x%02X is not valid UTF-8 and not allowed in a scope", list[pos])
	case r == ' ' || (r < utf8.RuneSelf && isSpace(byte(r))):
		reason = fmt.Sprintf("white space %q is not allowed in a scope", r)
	case r >= utf8.RuneSelf:
		reason = fmt.Sprintf("character %q (%U) is not allowed in a scope: scopes are printable ASCII (RFC 6749, section 3.3)", r, r)
	default:
		reason = fmt.Sprintf("character %q is not allowed in a scope (RFC 6749, section 3.3)", r)
	}
	return &ParseError{Input: truncate(list, maxErrorInput), Pos: pos, Reason: reason}
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut > n-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
