package anypoint

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Secret is a value the platform hands out or takes that must never be
// shown: a connected app's client secret (connectedapps/admin), the value of
// an application's secure property (deployments). It prints as "REDACTED"
// in every fmt verb (%v, %+v, %#v, %s, %q, %x …), in slog, and when encoded
// as JSON, so a struct holding one can be logged or dumped without leaking
// it. An empty Secret prints as the empty string, since there is nothing to
// hide.
//
// Reveal is the only way to read the value. Because JSON encoding redacts
// it, a value that is marshalled and unmarshalled again loses its secret;
// decoding the platform's answers, and the request bodies the SDK sends,
// are not affected.
type Secret string

// redacted is what a Secret prints as.
const redacted = "REDACTED"

// Reveal returns the secret itself, to hand to a token source or a vault.
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

// Format writes the redacted form whatever the verb, so that no verb (%x,
// %q, %d …) prints the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// LogValue redacts the secret in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON encodes the redacted form; see the type's documentation.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }
