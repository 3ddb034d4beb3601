package connectedapps_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
)

// echoServer is a token endpoint that refuses every request with a text
// made by say from the request's form, as JSON (error_description) or, when
// plain is set, as a plain-text 401.
type echoServer struct {
	*httptest.Server
	mu    sync.Mutex
	forms []url.Values
}

func newEchoServer(t *testing.T, plain bool, say func(form url.Values) string) *echoServer {
	t.Helper()
	e := &echoServer{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		e.mu.Lock()
		e.forms = append(e.forms, r.PostForm)
		e.mu.Unlock()
		msg := say(r.PostForm)
		if plain {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, msg)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_request", "error_description": msg})
	}))
	t.Cleanup(e.Close)
	return e
}

// userTexts is everything a user may print or log of err: its text in
// each verb, the text of each error it wraps, and the TokenError's and
// Error's text fields. (Error.Body is documented as the raw answer.)
func userTexts(err error) []string {
	out := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%s", err)}
	var walk func(error)
	walk = func(e error) {
		for e != nil {
			out = append(out, e.Error())
			switch x := e.(type) {
			case *anypoint.TokenError:
				out = append(out, x.Code, x.Description, x.URI)
			case *anypoint.Error:
				out = append(out, x.Message, x.URL)
			case interface{ Unwrap() []error }:
				for _, inner := range x.Unwrap() {
					walk(inner)
				}
				return
			}
			e = errors.Unwrap(e)
		}
	}
	walk(err)
	var te *anypoint.TokenError
	if errors.As(err, &te) && te.Err != nil {
		walk(te.Err)
	}
	return out
}

// leaks returns the secrets (and their URL-escaped forms) found in any text.
func leaks(texts []string, secrets ...string) []string {
	var found []string
	for _, s := range secrets {
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			for _, txt := range texts {
				if strings.Contains(txt, form) {
					found = append(found, fmt.Sprintf("%q in %q", form, txt))
					break
				}
			}
		}
	}
	return found
}

// secretShapes are passwords and secrets of several lengths and shapes:
// short (4 to 7 bytes), with spaces, URL and JSON specials, non-ASCII.
var secretShapes = []string{
	"p@s5",
	"hunter2",
	"abc def",
	"a+b/c=d&e",
	`quo"te\x`,
	"pässwört",
	"Zm9vYmFyYmF6cXV4LXNlY3JldC12YWx1ZS0xMjM0NTY3ODkw",
}

// A token endpoint that echoes the password or the client secret bare (not
// as password=…) has it replaced in every error the caller can reach, as
// JSON or as plain text, and in the logs.
func TestBareEchoedSecretsAreScrubbed(t *testing.T) {
	for _, plain := range []bool{false, true} {
		for _, secret := range secretShapes {
			srv := newEchoServer(t, plain, func(f url.Values) string {
				return "Bad credentials for user " + f.Get("username") + ": password " + f.Get("password") +
					" (sent as " + url.QueryEscape(f.Get("password")) + ", in a path " + url.PathEscape(f.Get("password")) + ") does not match; client " + f.Get("client_id") +
					" authenticated with " + f.Get("client_secret") + " (" + url.QueryEscape(f.Get("client_secret")) + ")"
			})
			var logs bytes.Buffer
			ts := connectedapps.Password{
				ClientID: "app-1", ClientSecret: "cs-" + secret, Username: "max.mule", Password: secret, Config: sdktest.Config(anypoint.WithBaseURL(srv.URL)),
			}.TokenSource(connectedapps.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			_, err := ts.TokenContext(context.Background())
			if err == nil {
				t.Fatal("the token request succeeded")
			}
			if !errors.As(err, new(*anypoint.TokenError)) {
				t.Errorf("plain=%v %q: err = %T %v, want a *TokenError", plain, secret, err, err)
			}
			texts := append(userTexts(err), logs.String())
			if found := leaks(texts, secret, "cs-"+secret); len(found) > 0 {
				t.Errorf("plain=%v, secret %q leaks: %v", plain, secret, found)
			}
			if !strings.Contains(err.Error(), "REDACTED") {
				t.Errorf("plain=%v %q: %q shows no REDACTED: the server's text did not reach the error", plain, secret, err)
			}
			if !strings.Contains(strings.Join(texts, "\n"), "client app-1") {
				t.Errorf("plain=%v %q: the client ID, not a secret, was scrubbed too: %q", plain, secret, err)
			}

			// The client secret of client credentials alike.
			cc := connectedapps.ClientCredentials{ClientID: "app-1", ClientSecret: secret, Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
			if _, err = cc.TokenContext(context.Background()); err == nil {
				t.Fatal("the token request succeeded")
			}
			if found := leaks(userTexts(err), secret); len(found) > 0 {
				t.Errorf("client credentials, plain=%v, secret %q leaks: %v", plain, secret, found)
			}
		}
	}
}

// When one secret contains another (a client secret that holds the
// password), the longer is replaced first: nothing of it remains, whichever
// order the form's fields come in.
func TestNestedSecretsAreScrubbedWhole(t *testing.T) {
	const password = "hunter2"
	const clientSecret = "Xq9-hunter2-Wz7"
	for i := range 20 { // the form is a map: try many orders
		srv := newEchoServer(t, false, func(f url.Values) string {
			return "secret " + f.Get("client_secret") + " and password " + f.Get("password") + " refused"
		})
		ts := connectedapps.Password{ClientID: "app-1", ClientSecret: clientSecret, Username: "max.mule", Password: password, Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
		_, err := ts.TokenContext(context.Background())
		if err == nil {
			t.Fatal("the token request succeeded")
		}
		if found := leaks(userTexts(err), password, clientSecret, "Xq9-", "-Wz7"); len(found) > 0 {
			t.Fatalf("run %d: parts of the secrets remain: %v", i, found)
		}
	}
}

// Each part of a JWT assertion is scrubbed on its own: a server that quotes
// only the claims, or only the signature, shows none of it.
func TestEachAssertionPartIsScrubbed(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for part, name := range []string{"header", "claims", "signature"} {
		srv := newEchoServer(t, false, func(f url.Values) string {
			parts := strings.Split(f.Get("assertion"), ".")
			if len(parts) != 3 {
				return "not a JWT"
			}
			return "cannot verify " + name + " " + parts[part]
		})
		ts := connectedapps.JWTBearer{
			ClientID: "app-1", Signer: key, Config: sdktest.Config(anypoint.WithBaseURL(srv.URL)),
			Subject: connectedapps.Subject{IdentityProviderID: "idp-1", Username: "max.mule"},
		}.TokenSource()
		_, err := ts.TokenContext(context.Background())
		if err == nil {
			t.Fatal("the token request succeeded")
		}
		srv.mu.Lock()
		forms := srv.forms
		srv.mu.Unlock()
		if len(forms) == 0 {
			t.Fatal("no token request reached the server")
		}
		var sent []string
		for _, f := range forms {
			parts := strings.Split(f.Get("assertion"), ".")
			if len(parts) != 3 {
				t.Fatalf("assertion %q is not three parts", f.Get("assertion"))
			}
			sent = append(sent, parts[part])
		}
		if found := leaks(userTexts(err), sent...); len(found) > 0 {
			t.Errorf("the assertion's %s leaks: %v", name, found)
		}
		if !strings.Contains(err.Error(), "cannot verify "+name+" REDACTED") {
			t.Errorf("%s: %q; want the server's text with the part replaced", name, err)
		}
	}
}

// A token endpoint's refusal is bounded: the error code at 100 bytes, the
// description and the URI at 500, each cut with "…".
func TestTokenErrorFieldsAreBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{
			"error": strings.Repeat("c", 150), "error_description": strings.Repeat("d", 700), "error_uri": strings.Repeat("u", 700),
		})
	}))
	t.Cleanup(srv.Close)
	_, err := connectedapps.ClientCredentials{ClientID: "app-1", ClientSecret: "secret-1", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource().TokenContext(context.Background())
	var te *anypoint.TokenError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a *TokenError", err)
	}
	for _, f := range []struct {
		name, got string
		n         int
		c         string
	}{{"Code", te.Code, 100, "c"}, {"Description", te.Description, 500, "d"}, {"URI", te.URI, 500, "u"}} {
		if want := strings.Repeat(f.c, f.n) + "…"; f.got != want {
			t.Errorf("%s is %d bytes, want %d and …", f.name, len(f.got), f.n)
		}
	}
}
