package deployments

import (
	"context"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/text"
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

// scrubbing returns ctx carrying every secure value, so that an error the
// platform answers has them scrubbed: a server may quote the request in its
// message, and the raw body kept in *anypoint.Error would carry the value
// too. Every value is replaced, however short, in every form a server may
// echo it in (plain, JSON-escaped by Go or a Java library, escaped twice,
// URL-escaped), before the message or the body is cut to length.
func (sp SecureProperties) scrubbing(ctx context.Context) context.Context {
	var values []string
	for _, v := range sp {
		if v != "" {
			values = append(values, string(v))
		}
	}
	return text.WithSecrets(ctx, values...)
}
