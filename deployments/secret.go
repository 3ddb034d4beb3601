package deployments

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// redacted is what a Secret prints as.
const redacted = "REDACTED"

// Secret is the value of a secure property. It prints as "REDACTED" in
// every fmt verb (%v, %+v, %#v, %s, %q, %x …), in slog, and when encoded as
// JSON, so a request or a Deployment can be printed or logged without
// leaking it; an empty Secret prints as the empty string. Reveal is the
// only way to read it. The SDK sends the value itself to the platform, in
// the request body and nowhere else.
type Secret string

// Reveal returns the value itself.
func (s Secret) Reveal() string { return string(s) }

// String returns "REDACTED", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString returns the redacted form, for %#v.
func (s Secret) GoString() string { return fmt.Sprintf("%q", s.String()) }

// Format writes the redacted form whatever the verb.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// LogValue redacts the secret in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON encodes the redacted form: a Secret marshalled and read back
// has lost its value. Decoding the platform's answers is not affected.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// SecureProperties are an application's secure properties, by name. The
// names are not secret; the values are Secrets.
type SecureProperties map[string]Secret

// reveal returns the values, for the request body only.
func (sp SecureProperties) reveal() map[string]string {
	if sp == nil {
		return nil
	}
	out := make(map[string]string, len(sp))
	for k, v := range sp {
		out[k] = string(v)
	}
	return out
}

// scrub removes every secure value from an error the platform answered: a
// server may quote the request in its message, and the raw body kept in
// *anypoint.Error would carry the value too. Every value is replaced,
// however short, in its plain, JSON-escaped and URL-escaped forms.
func scrub(err error, sp SecureProperties) error {
	var apiErr *anypoint.Error
	if err == nil || len(sp) == 0 || !errors.As(err, &apiErr) {
		return err
	}
	var forms []string
	for _, v := range sp {
		if v == "" {
			continue
		}
		q, _ := json.Marshal(string(v))
		forms = append(forms, string(v), strings.Trim(string(q), `"`), url.QueryEscape(string(v)), url.PathEscape(string(v)))
	}
	// Longest first, so that a value inside another is not left half done.
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	for _, f := range forms {
		apiErr.Message = strings.ReplaceAll(apiErr.Message, f, redacted)
		apiErr.Body = bytes.ReplaceAll(apiErr.Body, []byte(f), []byte(redacted))
	}
	return err
}
