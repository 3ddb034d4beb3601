// Package watch holds two helpers the SDK's tests share (the resilience
// suite in internal/resilience and the tests of the example stories):
// NoLeaks, which fails a test that leaves goroutines or connections behind,
// and Recorder, a proxy in front of the fake platform that keeps every
// secret that crosses it so that a test can assert none of them reached the
// output. It is test support, kept apart from the runtime plumbing of
// internal/.
package watch

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// LeakCheck fails a test that leaves goroutines behind. See NoLeaks.
type LeakCheck struct {
	mu   sync.Mutex
	idle []interface{ CloseIdleConnections() }
}

// NoLeaks snapshots the goroutines running now and, when the test ends,
// fails it if others are still running. Call it first in the test, so that
// its check runs after every other cleanup (servers close first). Idle
// keep-alive connections of http.DefaultTransport and of every transport
// handed to Track are closed before the check: their goroutines are the
// pool's, not leaks.
func NoLeaks(t testing.TB) *LeakCheck {
	t.Helper()
	l := &LeakCheck{}
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() {
		l.mu.Lock()
		idle := l.idle
		l.mu.Unlock()
		for _, c := range idle {
			c.CloseIdleConnections()
		}
		if tr, ok := http.DefaultTransport.(*http.Transport); ok {
			tr.CloseIdleConnections()
		}
		goleak.VerifyNone(t, opt)
	})
	return l
}

// Track adds a transport (or *http.Client) whose idle connections are
// closed before the check.
func (l *LeakCheck) Track(c interface{ CloseIdleConnections() }) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.idle = append(l.idle, c)
}

// Recorder is a reverse proxy in front of a fake platform. Point clients,
// credentials and browsers at its URL instead of the fake's: it forwards
// every request and keeps every secret it sees on the way: bearer tokens
// and Basic credentials, the secret fields of forms, queries and JSON
// bodies in both directions (client_secret, code, code_verifier, state,
// nonce, access_token, refresh_token, id_token …), and the code and state
// of redirects. Faults of the fake pass through: a cut answer is cut again.
type Recorder struct {
	// URL is the proxy's base URL.
	URL string

	target    *url.URL
	transport *http.Transport

	mu      sync.Mutex
	secrets map[string]string // value → what it is
}

// NewRecorder starts a proxy to target (the fake's URL); it closes when the
// test ends.
func NewRecorder(t testing.TB, target string) *Recorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	r := &Recorder{target: u, transport: &http.Transport{}, secrets: map[string]string{}}
	srv := httptest.NewServer(http.HandlerFunc(r.serve))
	r.URL = srv.URL
	t.Cleanup(func() {
		srv.Close()
		r.transport.CloseIdleConnections()
	})
	return r
}

// secretKeys are the names of fields, parameters and JSON keys whose values
// are secrets.
var secretKeys = map[string]bool{
	"client_secret": true, "clientsecret": true, "secret": true,
	"code": true, "code_verifier": true, "state": true, "nonce": true,
	"access_token": true, "refresh_token": true, "id_token": true, "token": true,
	"password": true, "assertion": true,
}

// minSecret is the shortest value kept: shorter ones ("code", "") are not
// secrets but words, and would match everywhere.
const minSecret = 8

// Add keeps value as a secret of the given kind.
func (r *Recorder) Add(kind, value string) {
	if len(value) < minSecret || value == "REDACTED" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.secrets[value]; !ok {
		r.secrets[value] = kind
	}
}

// Secrets returns the secrets seen so far, value → kind.
func (r *Recorder) Secrets() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]string, len(r.secrets))
	for v, k := range r.secrets {
		out[v] = k
	}
	return out
}

// Kinds returns how many secrets of each kind were seen, to show that a test
// really watched what it claims to.
func (r *Recorder) Kinds() map[string]int {
	n := map[string]int{}
	for _, k := range r.Secrets() {
		n[k]++
	}
	return n
}

// window is the length of the pieces of a secret that must not appear
// either: a printed prefix or suffix ("abcd1234…") leaks as surely.
const window = 12

// AssertAbsent fails the test if text holds any recorded secret, or any
// window-character piece of one.
func (r *Recorder) AssertAbsent(t testing.TB, where, text string) {
	t.Helper()
	secrets := r.Secrets()
	values := make([]string, 0, len(secrets))
	for v := range secrets {
		values = append(values, v)
	}
	sort.Strings(values)
	for _, v := range values {
		if leaked(text, v) {
			t.Errorf("%s shows the %s %.4s…", where, secrets[v], v)
		}
	}
}

func leaked(text, secret string) bool {
	if strings.Contains(text, secret) {
		return true
	}
	if len(secret) < 2*window {
		return false
	}
	for i := 0; i+window <= len(secret); i++ {
		if strings.Contains(text, secret[i:i+window]) {
			return true
		}
	}
	return false
}

// maxBody bounds what the proxy buffers of one body.
const maxBody = 8 << 20

func (r *Recorder) serve(w http.ResponseWriter, in *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(in.Body, maxBody))
	r.recordHeader(in.Header)
	r.recordQuery("request query", in.URL.RawQuery)
	r.recordBody("request", in.Header.Get("Content-Type"), body)

	out := in.Clone(in.Context())
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host = r.target.Scheme, r.target.Host
	out.Host = r.target.Host
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	out.Header.Del("Connection")
	resp, err := r.transport.RoundTrip(out)
	if err != nil {
		// The client gave up (a slow answer), or the fake is gone.
		panic(http.ErrAbortHandler)
	}
	defer resp.Body.Close()
	answer, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if loc := resp.Header.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			r.recordQuery("redirect", u.RawQuery)
		}
	}
	r.recordBody("answer", resp.Header.Get("Content-Type"), answer)

	for k, vs := range resp.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Connection", "Transfer-Encoding", "Content-Length":
			continue
		}
		w.Header()[k] = vs
	}
	if resp.ContentLength >= 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(resp.ContentLength, 10))
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
	if readErr != nil {
		// The fake cut the answer: cut it for the client as well, after
		// what did arrive (else the client would see no answer at all).
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
}

func (r *Recorder) recordHeader(h http.Header) {
	auth := h.Get("Authorization")
	scheme, cred, _ := strings.Cut(auth, " ")
	switch strings.ToLower(scheme) {
	case "bearer":
		r.Add("access token", cred)
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return
		}
		_, secret, _ := strings.Cut(string(raw), ":")
		if s, err := url.QueryUnescape(secret); err == nil {
			secret = s
		}
		r.Add("client secret", secret)
	}
}

func (r *Recorder) recordQuery(where, raw string) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return
	}
	for k, vs := range q {
		if secretKeys[strings.ToLower(k)] {
			for _, v := range vs {
				r.Add(kindOf(k, where), v)
			}
		}
	}
}

func (r *Recorder) recordBody(where, contentType string, body []byte) {
	if len(body) == 0 {
		return
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		r.recordQuery(where+" form", string(body))
	case strings.Contains(mt, "json") || bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")):
		var v any
		if json.Unmarshal(body, &v) == nil {
			r.recordJSON(where, "", v)
		}
	}
}

func (r *Recorder) recordJSON(where, key string, v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			r.recordJSON(where, k, child)
		}
	case []any:
		for _, child := range t {
			r.recordJSON(where, key, child)
		}
	case string:
		if secretKeys[strings.ToLower(key)] {
			r.Add(kindOf(key, where), t)
		}
	}
}

// kindOf names a secret for failure messages.
func kindOf(key, where string) string {
	switch strings.ToLower(key) {
	case "client_secret", "clientsecret", "secret":
		return "client secret"
	case "code":
		return "authorization code"
	case "code_verifier":
		return "PKCE verifier"
	case "state":
		return "state"
	case "nonce":
		return "nonce"
	case "access_token", "token":
		return "access token"
	case "refresh_token":
		return "refresh token"
	case "id_token":
		return "ID token"
	}
	return key + " (" + where + ")"
}
