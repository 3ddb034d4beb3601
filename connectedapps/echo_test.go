package connectedapps

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	anypoint "github.com/anypoint-go/anypoint"
	"golang.org/x/oauth2"
)

// javaEscape escapes s for a JSON string the way a Java library may: &, <
// and > as they are, optionally "\/" and "\uXXXX" for non-ASCII.
func javaEscape(s string, slash, ascii bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '/' && slash:
			b.WriteString(`\/`)
		case r >= 0x80 && ascii:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%04X`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A token endpoint written in Java quotes what it was sent, in every form
// such a server writes, with the first value straddling the cut of the
// error message: no secret, nor the user the JWT subject names, shows in
// any error text or in the body the error keeps, for every grant.
func TestJavaEchoedSecretsAreScrubbedForEveryGrant(t *testing.T) {
	const (
		clientSecret = `CS/é&<x>"1-client-secret`
		password     = `pw/é&<"2-password`
		refreshToken = `RT/é&3-refresh-token`
		username     = `max/ü-username`
		email        = `max.mail@exämple.com`
	)
	encodings := map[string]func(string) string{
		"java":        func(s string) string { return javaEscape(s, false, false) },
		"java \\/":    func(s string) string { return javaEscape(s, true, false) },
		"java \\u":    func(s string) string { return javaEscape(s, true, true) },
		"twice":       func(s string) string { return javaEscape(javaEscape(s, false, false), false, false) },
		"twice \\u":   func(s string) string { return javaEscape(javaEscape(s, true, true), true, false) },
		"url in json": func(s string) string { return javaEscape(url.QueryEscape(s), true, false) },
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	grants := map[string]struct {
		source  func(base string) *TokenSource
		secrets []string
	}{
		"client credentials": {func(base string) *TokenSource {
			return ClientCredentials{ClientID: "app", ClientSecret: clientSecret, Config: sdktest.Config(anypoint.WithBaseURL(base))}.TokenSource()
		}, []string{clientSecret}},
		"password": {func(base string) *TokenSource {
			return Password{ClientID: "app", ClientSecret: clientSecret, Username: username, Password: password, Config: sdktest.Config(anypoint.WithBaseURL(base))}.TokenSource()
		}, []string{password, clientSecret, username}},
		"refresh": {func(base string) *TokenSource {
			ac := AuthorizationCode{ClientID: "app", ClientSecret: clientSecret, RedirectURL: "http://127.0.0.1:8765/cb", Config: sdktest.Config(anypoint.WithBaseURL(base))}
			ts, err := ac.TokenSource(context.Background(), &oauth2.Token{AccessToken: "old", RefreshToken: refreshToken, Expiry: time.Now().Add(-time.Minute)})
			if err != nil {
				t.Fatal(err)
			}
			return ts
		}, []string{refreshToken, clientSecret}},
		"jwt bearer": {func(base string) *TokenSource {
			return JWTBearer{ClientID: "app", ClientSecret: clientSecret, Signer: key, Config: sdktest.Config(anypoint.WithBaseURL(base)),
				Subject: Subject{IdentityProviderID: "idp-1", Username: username, Email: email}}.TokenSource()
		}, []string{username, email, clientSecret}},
	}
	for gname, g := range grants {
		for ename, enc := range encodings {
			t.Run(gname+"/"+ename, func(t *testing.T) {
				var assertion atomic.Value // the last one sent
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					_ = r.ParseForm()
					var echoed []string
					for _, v := range g.secrets {
						echoed = append(echoed, enc(v))
					}
					if a := r.PostForm.Get("assertion"); a != "" {
						assertion.Store(a)
						// The server quotes the claims it decoded too.
						parts := strings.Split(a, ".")
						claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
						var c struct{ Sub string }
						_ = json.Unmarshal(claims, &c)
						echoed = append(echoed, enc(c.Sub), enc(a))
					}
					// "invalid_request: " + pad puts the first value across
					// the 500-byte cut of the message.
					pad := strings.Repeat("x", 500-len("invalid_request: ")-4)
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusBadRequest)
					_, _ = io.WriteString(w, `{"error":"invalid_request","error_description":"`+pad+strings.Join(echoed, " ")+`"}`)
				}))
				t.Cleanup(srv.Close)
				_, err := g.source(srv.URL).TokenContext(context.Background())
				var apiErr *anypoint.Error
				if !errors.As(err, &apiErr) {
					t.Fatalf("err = %v, want one wrapping *anypoint.Error", err)
				}
				texts := map[string]string{"error": err.Error(), "%+v": fmt.Sprintf("%+v", err), "message": apiErr.Message, "body": string(apiErr.Body)}
				var te *anypoint.TokenError
				if errors.As(err, &te) {
					texts["description"] = te.Description
				}
				secrets := g.secrets
				if a, ok := assertion.Load().(string); ok {
					parts := strings.Split(a, ".")
					secrets = append(secrets, a, parts[1], parts[2])
				} else if gname == "jwt bearer" {
					t.Fatal("no assertion was sent")
				}
				for what, s := range texts {
					for _, v := range secrets {
						for _, form := range []string{v[:4], enc(v)[:4]} {
							if strings.Contains(s, "x"+form) || strings.Contains(s, " "+form) {
								t.Errorf("%s shows %q (from %q): …%s", what, form, v, s[max(0, len(s)-120):])
							}
						}
					}
				}
			})
		}
	}
}
