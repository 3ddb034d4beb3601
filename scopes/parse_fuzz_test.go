package scopes_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/anypoint-go/anypoint/scopes"
)

// FuzzParse checks that Parse never panics, that what it accepts survives Join and Parse
// unchanged, and that its errors are well-formed. The seed corpus is in
// testdata/fuzz/FuzzParse; run more with
//
//	go test -run='^$' -fuzz=FuzzParse -fuzztime=60s ./scopes/
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"openid profile email offline_access",
		"  read:applications\tview:environment\r\nview:environment ",
		"edit:design_center openid:google_wif read:full full",
		`bad"scope`,
		`back\slash`,
		"caf\u00e9 open\u00a0id",
		"\xff\xfe",
		strings.Repeat("x", 120) + "\x00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := scopes.Parse(in)
		if err != nil {
			var pe *scopes.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T %v, want *ParseError", in, err, err)
			}
			if got != nil {
				t.Fatalf("Parse(%q) = %q with an error", in, got)
			}
			if pe.Pos < 0 || pe.Pos >= len(in) {
				t.Fatalf("Parse(%q): Pos %d out of range", in, pe.Pos)
			}
			if len(pe.Input) > 100 || !strings.HasPrefix(in, pe.Input) {
				t.Fatalf("Parse(%q): Input %q is not a prefix of at most 100 bytes", in, pe.Input)
			}
			if utf8.ValidString(in) && !utf8.ValidString(pe.Input) {
				t.Fatalf("Parse(%q): Input %q cut inside a character", in, pe.Input)
			}
			if pe.Reason == "" || !strings.Contains(err.Error(), pe.Reason) {
				t.Fatalf("Parse(%q): unclear error %q", in, err)
			}
			return
		}
		if len(got) == 0 && got != nil {
			t.Fatalf("Parse(%q) = empty non-nil slice, want nil", in)
		}
		seen := map[scopes.Scope]bool{}
		rest := in // first occurrences come in input order
		for _, s := range got {
			if s == "" {
				t.Fatalf("Parse(%q) returned an empty scope", in)
			}
			if seen[s] {
				t.Fatalf("Parse(%q) returned %q twice", in, s)
			}
			seen[s] = true
			i := strings.Index(rest, string(s))
			if i < 0 {
				t.Fatalf("Parse(%q) returned %q, which is not in the input in that order", in, s)
			}
			rest = rest[i+len(s):]
		}
		again, err := scopes.Parse(scopes.Join(got...))
		if err != nil {
			t.Fatalf("Parse(Join(%q)): %v", got, err)
		}
		if !slices.Equal(again, got) {
			t.Fatalf("Parse(Join(%q)) = %q", got, again)
		}
	})
}
