// Package text readies text from a server or a user for an error message.
package text

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
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
// server may echo back: form fields of the OAuth requests, JSON members
// (also when the JSON is itself quoted inside a JSON string, \"password\":\"…\"),
// and the Authorization header.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)((?:client_secret|refresh_token|access_token|id_token|code_verifier|password|assertion)(?:\\*")?\s*[=:]\s*(?:\\*")?)([^&\s",;}\\]+)`),
	regexp.MustCompile(`(?i)((?:^|[?&\s])code=)([^&\s",;}\\]+)`),
	regexp.MustCompile(`(?i)(bearer\s+)([A-Za-z0-9\-._~+/]+=*)`),
	regexp.MustCompile(`(?i)(basic\s+)([A-Za-z0-9+/]+=*)`),
}

// Scrub returns s with every secret the SDK sent replaced by "REDACTED",
// in each form a server may echo it in (see ScrubValues), and the value of
// anything that looks like an echoed credential (client_secret=…,
// "refresh_token":"…", Bearer …) too. A server that quotes the request in
// its error cannot put a secret into an error message or a log line this
// way. Secrets shorter than four bytes are left alone: they cannot be told
// from ordinary words.
//
// Scrub before cutting a text to length (Clip): a secret cut in two is no
// longer recognised, and its first half would stay.
func Scrub(s string, secrets ...string) string {
	var long []string
	for _, sec := range secrets {
		if len(sec) >= 4 {
			long = append(long, sec)
		}
	}
	s = ScrubValues(s, long...)
	for _, re := range secretPatterns {
		s = re.ReplaceAllString(s, "${1}REDACTED")
	}
	return s
}

// ScrubValues returns s with every value, however short, replaced by
// "REDACTED" in every form a server may echo it in: as it is; URL-encoded
// (query or path, either case of hex); and JSON-escaped the way Go or a Java
// library writes it: with or without escaping &, < and >, with or without
// "\/" for a slash, with "\uXXXX" (either case) for any non-ASCII or
// control character, and escaped twice (a request quoted inside a JSON
// string). Longer values go first, so that a value inside another is not
// left half done.
func ScrubValues(s string, values ...string) string {
	for _, m := range valuePatterns(values) {
		if m.re == nil {
			s = strings.ReplaceAll(s, m.lit, "REDACTED")
			continue
		}
		s = m.re.ReplaceAllLiteralString(s, "REDACTED")
	}
	return s
}

// ScrubBytes is ScrubValues for a raw body.
func ScrubBytes(b []byte, values ...string) []byte {
	for _, m := range valuePatterns(values) {
		if m.re == nil {
			b = bytes.ReplaceAll(b, []byte(m.lit), []byte("REDACTED"))
			continue
		}
		b = m.re.ReplaceAllLiteral(b, []byte("REDACTED"))
	}
	return b
}

// matcher finds one value in all its forms: a plain string when every
// character is written the same in every encoding (a token of letters,
// digits, '-', '.', '_', '~'), which needs no pattern, else a pattern.
type matcher struct {
	lit string
	re  *regexp.Regexp
}

// MaxEchoLen bounds how long the echoed form of any of values can be:
// ScrubValues finds nothing longer. A reader that cuts a text to a length
// reads this much more, scrubs, and cuts afterwards.
func MaxEchoLen(values ...string) int {
	n := 0
	for _, v := range values {
		n = max(n, 14*len(v)) // "\\uD83D\\uDE00" is 14 bytes for a 4-byte rune
	}
	return n
}

// valuePatterns compiles one pattern per distinct non-empty value, longest
// value first.
func valuePatterns(values []string) []matcher {
	if len(values) == 0 {
		return nil
	}
	vs := slices.Clone(values)
	slices.SortFunc(vs, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	vs = slices.Compact(vs)
	out := make([]matcher, 0, len(vs))
	for _, v := range vs {
		if v == "" {
			continue
		}
		if !strings.ContainsFunc(v, func(r rune) bool { return !sameEverywhere(r) }) {
			out = append(out, matcher{lit: v})
			continue
		}
		var b strings.Builder
		for _, r := range v {
			if sameEverywhere(r) {
				if r == '.' {
					b.WriteByte('\\') // the only one of them with a meaning in a regexp
				}
				b.WriteRune(r)
				continue
			}
			forms := runeForms(r)
			if len(forms) == 1 {
				b.WriteString(regexp.QuoteMeta(forms[0]))
				continue
			}
			b.WriteString("(?:")
			for i, f := range forms {
				if i > 0 {
					b.WriteByte('|')
				}
				b.WriteString(regexp.QuoteMeta(f))
			}
			b.WriteByte(')')
		}
		out = append(out, matcher{re: regexp.MustCompile(b.String())})
	}
	return out
}

// sameEverywhere reports whether r is written the same in every encoding
// ScrubValues knows: URL-unreserved ASCII.
func sameEverywhere(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_' || r == '~'
}

// runeForms returns every way r may appear in an echo of a value, longest
// first (the alternation takes the first that matches).
func runeForms(r rune) []string {
	plain := string(r)
	if sameEverywhere(r) {
		return []string{plain}
	}
	var forms []string
	add := func(fs ...string) {
		for _, f := range fs {
			forms = append(forms, f)
			if strings.ContainsAny(f, `%\`) {
				// Hex digits in either case; "\u" itself is lower case.
				forms = append(forms, strings.ToLower(f), strings.ReplaceAll(strings.ToUpper(f), `\U`, `\u`))
			}
		}
	}
	add(plain, url.QueryEscape(plain), url.PathEscape(plain))
	// JSON, escaped once.
	var once []string
	switch r {
	case '"':
		once = []string{`\"`}
	case '\\':
		once = []string{`\\`}
	case '/':
		once = []string{`/`, `\/`}
	case '\b', '\f', '\n', '\r', '\t':
		q := strconv.Quote(plain)
		once = []string{q[1 : len(q)-1]}
	default:
		if r >= utf8.RuneSelf || r < ' ' || r == '&' || r == '<' || r == '>' || r == 0x7f {
			once = []string{plain}
		}
	}
	once = append(once, uEscape(r))
	for _, f := range once {
		// Escaped twice: the backslashes and quotes of the first escaping
		// are escaped again (and a slash may be written "\/").
		twice := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(f)
		add(f, twice, strings.ReplaceAll(twice, "/", `\/`))
	}
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(forms)
}

// uEscape is r as JSON's \uXXXX escape (a surrogate pair above the BMP).
func uEscape(r rune) string {
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		return fmt.Sprintf(`\u%04X\u%04X`, hi, lo)
	}
	return fmt.Sprintf(`\u%04X`, r)
}

// secretsKey carries the values a request sent that its error must not
// show.
type secretsKey struct{}

// WithSecrets returns ctx carrying values: the anypoint.Error of a request
// made with it has them scrubbed (ScrubValues) from its Message and Body
// before either is cut to length.
func WithSecrets(ctx context.Context, values ...string) context.Context {
	if len(values) == 0 {
		return ctx
	}
	return context.WithValue(ctx, secretsKey{}, slices.Concat(Secrets(ctx), values))
}

// Secrets returns the values WithSecrets put in ctx.
func Secrets(ctx context.Context) []string {
	v, _ := ctx.Value(secretsKey{}).([]string)
	return v
}
