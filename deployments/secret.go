package deployments

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// SecureProperties are an application's secure properties, by name. The
// names are not secret; the values are Secrets.
type SecureProperties map[string]anypoint.Secret

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
		apiErr.Message = strings.ReplaceAll(apiErr.Message, f, "REDACTED")
		apiErr.Body = bytes.ReplaceAll(apiErr.Body, []byte(f), []byte("REDACTED"))
	}
	return err
}
