package connectedapps

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
)

// fuzzState is the state of the request the fuzzed callbacks answer.
const fuzzState = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"

// FuzzParseCallback feeds arbitrary redirect queries to the callback check:
// it must never panic, and never accept a query whose state is not exactly
// the request's.
func FuzzParseCallback(f *testing.F) {
	f.Add("code=abc&state=" + fuzzState)
	f.Add("error=access_denied&error_description=no&state=" + fuzzState)
	f.Add("code=abc&state=" + fuzzState + "&state=" + fuzzState)
	f.Add("code=abc&state=" + fuzzState[:10])
	f.Add("state=" + fuzzState)
	f.Add("code=&code=x&state=" + fuzzState)
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		req := &AuthRequest{State: fuzzState}
		code, err := req.checkCallback(q)
		stateOK := len(q["state"]) == 1 && q["state"][0] == fuzzState
		if !stateOK {
			if !errors.Is(err, ErrStateMismatch) {
				t.Fatalf("query %q with a wrong state: err = %v", raw, err)
			}
			return
		}
		if err == nil {
			if code == "" || len(q["code"]) != 1 || q["code"][0] != code || q.Has("error") {
				t.Fatalf("query %q accepted with code %q", raw, code)
			}
			return
		}
		var ae *AuthorizationError
		var ce *CallbackError
		switch {
		case errors.As(err, &ae):
			if !q.Has("error") || strings.ContainsFunc(ae.Error(), func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("query %q: %q", raw, ae.Error())
			}
		case errors.As(err, &ce):
			if !errors.Is(err, ErrMissingCode) {
				t.Fatalf("query %q: %v", raw, err)
			}
		default:
			t.Fatalf("query %q: untyped error %v", raw, err)
		}
	})
}

// FuzzFileStoreLoad feeds arbitrary file contents to FileStore.Load: it
// must never panic, and either load a token or fail with a *StoreError that
// does not quote the file's secrets.
func FuzzFileStoreLoad(f *testing.F) {
	f.Add([]byte(`{"format":"anypoint-go-token","version":1,"token":{"access_token":"at-secret-1","token_type":"Bearer","refresh_token":"rt-secret-1","expiry":"2030-01-02T03:04:05Z","expires_in":3600}}`))
	f.Add([]byte(`{"format":"anypoint-go-token","version":1,"token":{"access_token":"at-secret-1","expiry":"not a time"}}`))
	f.Add([]byte(`{"format":"anypoint-go-token","version":2}`))
	f.Add([]byte(`{"access_token":"at-secret-1"}`))
	f.Add([]byte(`{"format":"anypoint-go-token","version":1,"token":{"access_token":"at-sec`))
	f.Add([]byte(``))
	f.Add([]byte(`null`))
	dir := f.TempDir()
	path := filepath.Join(dir, "token.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		tok, err := NewFileStore(path).Load(ctxBG)
		if err == nil {
			if tok == nil || (tok.AccessToken == "" && tok.RefreshToken == "") {
				t.Fatalf("no error and no token for %q", data)
			}
			return
		}
		var se *StoreError
		if !errors.As(err, &se) || se.Path != path || !(errors.Is(err, ErrStoreCorrupt) || errors.Is(err, ErrStoreForeign)) {
			t.Fatalf("err = %v; want a *StoreError matching ErrStoreCorrupt or ErrStoreForeign", err)
		}
		for _, secret := range fuzzSecrets(data) {
			if strings.Contains(se.Err.Error(), secret) {
				t.Fatalf("error %q quotes a token of the file", se.Err)
			}
		}
	})
}

// FuzzParseTokenAnswer feeds arbitrary token endpoint answers to
// parseTokenAnswer: no panic, a token only with an access token and a
// sane expiry, and errors that never quote the answer's tokens.
func FuzzParseTokenAnswer(f *testing.F) {
	f.Add([]byte(`{"access_token":"at-secret-1","token_type":"bearer"}`))
	f.Add([]byte(`{"access_token":"at-secret-1","token_type":"bearer","expires_in":3600,"refresh_token":"rt-secret-1","scope":"view:environment offline_access","id_token":"a.b.c"}`))
	f.Add([]byte(`{"access_token":"at-secret-1","expires_in":"3600"}`))
	f.Add([]byte(`{"access_token":"at-secret-1","expires_in":-1}`))
	f.Add([]byte(`{"access_token":"at-secret-1","token_type":"mac"}`))
	f.Add([]byte(`{"access_token":12}`))
	f.Add([]byte(`<html>at-secret-1</html>`))
	mintedAt := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := parseTokenAnswer(raw, 15*time.Minute, mintedAt)
		if err == nil {
			if m.token.AccessToken == "" || m.token.Expiry.Before(mintedAt) || m.lifetime < 0 {
				t.Fatalf("accepted %q as %+v", raw, m.token)
			}
			return
		}
		for _, secret := range fuzzSecrets(raw) {
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("error %q quotes a token of the answer %q", err, raw)
			}
		}
	})
}

// fuzzSecrets returns the token values in a JSON document, read the way the
// parsers read them (case-insensitive keys, nested under "token" for the
// file store), when they are long enough not to collide with the errors'
// own words.
func fuzzSecrets(raw []byte) []string {
	var top struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		IDToken      string `json:"id_token"`
		Token        struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		} `json:"token"`
	}
	_ = json.Unmarshal(raw, &top)
	var out []string
	for _, s := range []string{top.AccessToken, top.RefreshToken, top.IDToken, top.Token.AccessToken, top.Token.RefreshToken} {
		if len(s) >= 8 {
			out = append(out, s)
		}
	}
	return out
}

// FuzzParsePrivateKeyPEM feeds arbitrary PEM files to ParsePrivateKeyPEM:
// no panic; a key only when it can sign an assertion; errors that never
// quote the file's base64.
func FuzzParsePrivateKeyPEM(f *testing.F) {
	testKeys(f)
	ecDER, _ := x509.MarshalECPrivateKey(ecP256)
	p8, _ := x509.MarshalPKCS8PrivateKey(ecP256)
	ed8, _ := x509.MarshalPKCS8PrivateKey(edPrivate)
	f.Add([]byte(pemBlock("EC PRIVATE KEY", ecDER)))
	f.Add([]byte(pemBlock("PRIVATE KEY", p8)))
	f.Add([]byte(pemBlock("PRIVATE KEY", ed8)))
	f.Add([]byte(pemBlock("CERTIFICATE", []byte("x")) + pemBlock("PRIVATE KEY", p8)))
	f.Add([]byte(pemBlock("ENCRYPTED PRIVATE KEY", p8)))
	f.Add([]byte(pemBlock("EC PRIVATE KEY", ecDER, "DEK-Info", "AES-128-CBC,00")))
	f.Add([]byte(pemBlock("PRIVATE KEY", p8[:30])))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParsePrivateKeyPEM(data)
		if err == nil {
			if s == nil {
				t.Fatal("no error and no key")
			}
			if _, err := signingAlgorithm(s.Public()); err != nil {
				t.Fatalf("accepted a key that cannot sign: %v", err)
			}
			return
		}
		for _, b := range pemBody(string(data)) {
			if strings.Contains(err.Error(), b[:16]) {
				t.Fatalf("the error quotes the file: %v", err)
			}
		}
	})
}

// FuzzUserGrantTokenAnswers feeds arbitrary token endpoint answers, as a
// success and as a refusal, to the password and JWT bearer grants. In the
// answers, "PW", "US", "CS" and "AS" stand for the password, the username,
// the client secret and the assertion the request carried (those it
// carried), so that the fuzzer tries servers that quote them anywhere: no
// panic, a token only with an access token, and no error text that shows
// any of them or any part of the assertion.
func FuzzUserGrantTokenAnswers(f *testing.F) {
	testKeys(f)
	f.Add([]byte(`{"access_token":"at-secret-1","token_type":"bearer","expires_in":3600,"scope":"view:environment"}`))
	f.Add([]byte(`{"access_token":"at-secret-1","token_type":"bearer","refresh_token":"rt-secret-1"}`))
	f.Add([]byte(`{"error":"invalid_grant","error_description":"Invalid username or password for US (PW)"}`))
	f.Add([]byte(`{"error":"invalid_grant","error_description":"bad assertion AS"}`))
	f.Add([]byte(`{"error":"invalid_client","error_description":"client_secret=CS"}`))
	f.Add([]byte(`<html><title>AS PW</title></html>`))
	f.Add([]byte(`password=PW&assertion=AS`))
	const (
		username = "fuzz.user.4f2a"
		password = "fuzz-pa55word-9c1e"
		secret   = "fuzz-client-secret-7d3b"
	)
	f.Fuzz(func(t *testing.T, answer []byte) {
		for _, status := range []int{http.StatusOK, http.StatusBadRequest} {
			var form url.Values
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				body, _ := io.ReadAll(r.Body)
				form, _ = url.ParseQuery(string(body))
				out := answer
				for placeholder, v := range map[string]string{"PW": form.Get("password"), "US": form.Get("username"),
					"CS": form.Get("client_secret"), "AS": form.Get("assertion")} {
					if v != "" {
						out = bytes.ReplaceAll(out, []byte(placeholder), []byte(v))
					}
				}
				return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
					Body: io.NopCloser(bytes.NewReader(out)), Request: r}, nil
			})
			e := newEndpoint(sdktest.Config(anypoint.WithBaseURL("https://cp.test"), anypoint.WithHTTPClient(&http.Client{Transport: rt})))
			e.retry = retry.Policy{}
			grants := []grant{
				&passwordGrant{id: "app-id", secret: secret, username: username, password: password, assumed: time.Minute},
				&jwtBearerGrant{id: "app-id", secret: secret, signer: ecP256, lifetime: time.Minute, assumed: time.Minute,
					subject: Subject{IdentityProviderID: "idp-1", Username: username}},
			}
			for _, g := range grants {
				m, err := g.mint(context.Background(), &e, nil, time.Now)
				if err == nil {
					if status != http.StatusOK || m.token.AccessToken == "" {
						t.Fatalf("%s: accepted %q (status %d)", g, answer, status)
					}
					continue
				}
				text := fmt.Sprintf("%v %+v", err, err)
				sent := []string{form.Get("password"), form.Get("username"), form.Get("client_secret"), form.Get("assertion")}
				for _, s := range append(sent, strings.Split(form.Get("assertion"), ".")...) {
					if len(s) >= 8 && strings.Contains(text, s) {
						t.Fatalf("%s: the error shows a secret of the request: %s", g, text)
					}
				}
			}
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzSubjectClaim builds sub claims from arbitrary parts: either a
// ValidationError, or a claim that splits back into exactly the parts.
func FuzzSubjectClaim(f *testing.F) {
	f.Add("", "idp-1", "max", "Max", "Mule", "max@acme.example", "admins,devs")
	f.Add("2", "idp|1", "max", "", "", "", "")
	f.Add("1", "idp", "max\n", "", "", "", "a,,b")
	f.Fuzz(func(t *testing.T, version, idp, user, first, last, email, groups string) {
		var gs []string
		if groups != "" {
			gs = strings.Split(groups, ",")
		}
		s := Subject{Version: version, IdentityProviderID: idp, Username: user, FirstName: first, LastName: last, Email: email, ExternalGroups: gs}
		claim, err := s.Claim()
		if err != nil {
			var ve *anypoint.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if version == "" {
			version = "1"
		}
		want := []string{version, idp, user, first, last, email, strings.Join(gs, ",")}
		if got := strings.Split(claim, "|"); !slices.Equal(got, want) {
			t.Fatalf("claim %q splits into %q; want %q", claim, got, want)
		}
	})
}
