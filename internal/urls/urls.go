// Package urls checks control-plane base URLs, builds query strings and
// redacts URLs for errors and logs. The root package, connectedapps and the
// services share it.
package urls

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"strings"

	"github.com/google/go-querystring/query"
)

// ParseBase checks a control-plane base URL and returns it without a
// trailing slash, query or fragment. It refuses anything but https, except
// plain http to a loopback host (127.0.0.0/8, ::1, localhost), which tests and
// the fake platform use.
func ParseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("anypoint: invalid base URL: %w", UnwrapURLError(err))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("anypoint: base URL %q has no host", Redact(u))
	}
	if u.User != nil {
		return nil, errors.New("anypoint: base URL must not carry credentials")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("anypoint: base URL %q uses plain http to a non-loopback host; use https", Redact(u))
		}
	default:
		return nil, fmt.Errorf("anypoint: base URL %q must use https", Redact(u))
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	u.RawQuery = ""
	u.Fragment = ""
	return u, nil
}

// IsLoopbackHost reports whether host (without port) names this machine:
// "localhost", an address in 127.0.0.0/8, or ::1.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// UnwrapURLError returns the cause inside a *url.Error, whose own text would
// print the full URL.
func UnwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// sensitiveParams are fragments of query parameter names whose values the
// SDK never prints: tokens, secrets, codes, verifiers and the like.
var sensitiveParams = []string{"token", "secret", "password", "passwd", "code", "verifier", "assertion", "signature", "key", "state", "nonce", "session", "auth"}

// Redact returns u as a string fit for logs and error messages: without
// user info or fragment, and with the value of every query parameter whose
// name suggests a secret (token, secret, code, verifier, state, …) replaced
// by "REDACTED".
func Redact(u *url.URL) string {
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

// AddQuery appends opts, a struct whose fields carry `url` tags (see
// github.com/google/go-querystring), to path's query. A nil opts, or a nil
// pointer, leaves path as it is.
func AddQuery(path string, opts any) (string, error) {
	if opts == nil {
		return path, nil
	}
	if rv := reflect.ValueOf(opts); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return path, nil // a nil *Options: no reflection walk, no allocation
	}
	v, err := query.Values(opts)
	if err != nil {
		return "", fmt.Errorf("encode query options: %w", err)
	}
	if len(v) == 0 {
		return path, nil
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + v.Encode(), nil
}
