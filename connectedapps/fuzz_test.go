package connectedapps

import (
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
