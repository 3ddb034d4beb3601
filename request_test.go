package anypoint_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"golang.org/x/oauth2"

	"github.com/anypoint-go/anypoint"
)

func mustClient(t *testing.T, base string) *anypoint.Client {
	t.Helper()
	c, err := anypoint.NewClient(staticToken("t"), anypoint.WithBaseURL(base))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewRequestURL(t *testing.T) {
	for _, tc := range []struct {
		base, path, want string
	}{
		{"https://h.example", "/accounts/api/me", "https://h.example/accounts/api/me"},
		{"https://h.example", "accounts/api/me", "https://h.example/accounts/api/me"},
		{"https://h.example/x", "/accounts/api/me", "https://h.example/x/accounts/api/me"},
		{"https://h.example/x/", "accounts/api/me", "https://h.example/x/accounts/api/me"},
		{"https://h.example", "/a/b?offset=10&limit=5", "https://h.example/a/b?offset=10&limit=5"},
		{"https://h.example/x", "/files/" + url.PathEscape("dir/a b.raml") + "?q=1", "https://h.example/x/files/dir%2Fa%20b.raml?q=1"},
		{"https://h.example", "/files/" + url.PathEscape("dir/a b.raml"), "https://h.example/files/dir%2Fa%20b.raml"},
		{"https://h.example", "///accounts/api/me", "https://h.example/accounts/api/me"},
		{"https://h.example/x", "///accounts/api/me", "https://h.example/x/accounts/api/me"},
		{"https://h.example", "/", "https://h.example/"},
		{"https://h.example", "", "https://h.example/"},
		{"https://h.example/x", "", "https://h.example/x/"},
	} {
		c := mustClient(t, tc.base)
		req, err := c.NewRequest(context.Background(), http.MethodGet, tc.path, nil)
		if err != nil {
			t.Errorf("NewRequest(%q) on %q: %v", tc.path, tc.base, err)
			continue
		}
		if got := req.URL.String(); got != tc.want {
			t.Errorf("NewRequest(%q) on %q: URL = %q, want %q", tc.path, tc.base, got, tc.want)
		}
	}
}

func TestNewRequestRefusesAbsoluteURLs(t *testing.T) {
	c := mustClient(t, "https://h.example")
	for _, p := range []string{
		"https://evil.example/accounts/api/me?access_token=SECRET",
		"http://evil.example/",
		"//evil.example/accounts/api/me",
	} {
		req, err := c.NewRequest(context.Background(), http.MethodGet, p, nil)
		if err == nil {
			t.Errorf("NewRequest(%q) = %v, want an error", p, req.URL)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("NewRequest(%q): error %q shows a secret", p, err)
		}
	}
}

func TestNewRequestUnparsablePathDoesNotLeakQuery(t *testing.T) {
	c := mustClient(t, "https://h.example")
	_, err := c.NewRequest(context.Background(), http.MethodGet, "/x%zz?code=SECRET", nil)
	if err == nil {
		t.Fatal("no error for an unparsable path")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error %q shows the query's secret", err)
	}
}

func TestNewRequestNilContext(t *testing.T) {
	c := mustClient(t, "https://h.example")
	var nilCtx context.Context
	if _, err := c.NewRequest(nilCtx, http.MethodGet, "/a", nil); err == nil {
		t.Error("NewRequest(nil ctx) gave no error")
	}
}

func readBody(t *testing.T, req *http.Request) string {
	t.Helper()
	if req.Body == nil {
		return ""
	}
	b, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNewRequestBodies(t *testing.T) {
	c := mustClient(t, "https://h.example")
	ctx := context.Background()

	t.Run("nil", func(t *testing.T) {
		req, err := c.NewRequest(ctx, http.MethodGet, "/a", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := readBody(t, req); got != "" {
			t.Errorf("body = %q, want none", got)
		}
		if ct := req.Header.Get("Content-Type"); ct != "" {
			t.Errorf("Content-Type = %q, want none", ct)
		}
		if got := req.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept = %q, want application/json", got)
		}
	})

	t.Run("json", func(t *testing.T) {
		body := struct {
			Name string `json:"name"`
			N    int    `json:"n"`
		}{"p & q", 2}
		req, err := c.NewRequest(ctx, http.MethodPost, "/a", body)
		if err != nil {
			t.Fatal(err)
		}
		if got := req.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", got)
		}
		if got := req.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept = %q, want application/json", got)
		}
		if got := readBody(t, req); got != `{"name":"p \u0026 q","n":2}` {
			t.Errorf("body = %s", got)
		}
		if req.GetBody == nil {
			t.Error("a JSON body cannot be replayed (GetBody is nil)")
		}
	})

	t.Run("form", func(t *testing.T) {
		form := url.Values{"grant_type": {"client_credentials"}, "scope": {"a b"}}
		req, err := c.NewRequest(ctx, http.MethodPost, "/token", form)
		if err != nil {
			t.Fatal(err)
		}
		if got := req.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type = %q", got)
		}
		if got := readBody(t, req); got != "grant_type=client_credentials&scope=a+b" {
			t.Errorf("body = %q", got)
		}
	})

	t.Run("reader", func(t *testing.T) {
		raw := "#%RAML 1.0\ntitle: x\n"
		req, err := c.NewRequest(ctx, http.MethodPut, "/file", strings.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if ct := req.Header.Get("Content-Type"); ct != "" {
			t.Errorf("Content-Type = %q, want none for a reader", ct)
		}
		if got := readBody(t, req); got != raw {
			t.Errorf("body = %q, want %q", got, raw)
		}
	})

	t.Run("bytes.Buffer is a reader, not JSON", func(t *testing.T) {
		req, err := c.NewRequest(ctx, http.MethodPut, "/file", bytes.NewBufferString("plain"))
		if err != nil {
			t.Fatal(err)
		}
		if got := readBody(t, req); got != "plain" {
			t.Errorf("body = %q", got)
		}
	})

	t.Run("unencodable", func(t *testing.T) {
		if _, err := c.NewRequest(ctx, http.MethodPost, "/a", map[string]any{"f": func() {}}); err == nil {
			t.Error("no error for a body JSON cannot encode")
		}
	})
}

// The request a caller builds is sent as built: method, path, query, body.
func TestNewRequestOnTheWire(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	c := newClient(t, srv, staticToken("test-token"))
	if _, err := call(t, c, http.MethodPatch, "/designcenter/api-designer/projects/p%201?x=1", map[string]string{"name": "n"}, nil); err != nil {
		t.Fatal(err)
	}
	h := srv.requests()[0]
	if h.Method != http.MethodPatch || h.Path != "/designcenter/api-designer/projects/p 1" || h.RawQuery != "x=1" {
		t.Errorf("got %s %s ? %s", h.Method, h.Path, h.RawQuery)
	}
	if h.Body != `{"name":"n"}` {
		t.Errorf("body = %s", h.Body)
	}
	if got := h.Header.Get("Authorization"); got != "Bearer test-token" {
		t.Errorf("Authorization = %q", got)
	}
}

func TestDoDecodesJSON(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusOK, `{"id":"42","name":"env"}`)
	})
	c := newClient(t, srv, staticToken("t"))
	var got struct{ ID, Name string }
	resp, err := get(t, c, "/x", &got)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d", resp.StatusCode)
	}
	if got.ID != "42" || got.Name != "env" {
		t.Errorf("decoded %+v", got)
	}
}

func TestDoCopiesIntoWriter(t *testing.T) {
	const content = "#%RAML 1.0\ntitle: API\n"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeText(w, http.StatusOK, content) })
	c := newClient(t, srv, staticToken("t"))
	var buf bytes.Buffer
	if _, err := get(t, c, "/file", &buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != content {
		t.Errorf("writer got %q, want %q", buf.String(), content)
	}
}

func TestDoNilValueDrainsBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusOK, `{"ignored":true}`)
	})
	c := newClient(t, srv, staticToken("t"))
	resp, err := get(t, c, "/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The body was read to its end and closed: reading now gives nothing.
	if b, _ := io.ReadAll(resp.Body); len(b) != 0 {
		t.Errorf("body still held %q after Do", b)
	}
}

func TestDoNoContentLeavesValueAlone(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	c := newClient(t, srv, staticToken("t"))
	v := map[string]string{"kept": "yes"}
	resp, err := call(t, c, http.MethodDelete, "/x", nil, &v)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("status = %d", resp.StatusCode)
	}
	if v["kept"] != "yes" || len(v) != 1 {
		t.Errorf("v changed to %v", v)
	}
}

func TestDoDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, ct, body, want string
	}{
		{"empty 200", "application/json", "", "empty body"},
		{"html 200", "text/html", "<html><body><h1>Login</h1></body></html>", "invalid character"},
		{"cut json", "application/json", `{"id":`, "unexpected EOF"},
		{"wrong type", "application/json", `["a"]`, "cannot unmarshal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Type", tc.ct)
				_, _ = io.WriteString(w, tc.body)
			})
			c := newClient(t, srv, staticToken("t"))
			var v struct{ ID string }
			resp, err := get(t, c, "/x?code=SECRET", &v)
			var de *anypoint.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want *anypoint.DecodeError", err, err)
			}
			if resp == nil || resp.StatusCode != http.StatusOK {
				t.Errorf("Do did not return the 200 answer with the error")
			}
			if de.StatusCode != 200 || de.Method != http.MethodGet || de.ContentType != tc.ct {
				t.Errorf("DecodeError = %+v", de)
			}
			if !strings.Contains(de.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", de, tc.want)
			}
			if de.Unwrap() == nil {
				t.Error("DecodeError does not unwrap to the decoder's error")
			}
			if strings.Contains(de.Error(), "SECRET") {
				t.Errorf("error %q shows a secret query value", de)
			}
		})
	}
}

// A body the client must not replay is sent once, as it is.
func TestDoSendsReaderBodyOnce(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	c := newClient(t, srv, staticToken("t"))
	body := iotest.OneByteReader(strings.NewReader("payload"))
	if _, err := call(t, c, http.MethodPost, "/x", body, nil); err != nil {
		t.Fatal(err)
	}
	if hits := srv.requests(); len(hits) != 1 || hits[0].Body != "payload" {
		t.Errorf("server got %+v", hits)
	}
}

func TestDoRefusesAnotherHost(t *testing.T) {
	var hits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer other.Close()
	c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "do-not-leak"}), anypoint.WithBaseURL("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, other.URL+"/accounts/api/me", nil)
	if _, err := c.Do(req, nil); err == nil || !strings.Contains(err.Error(), "refusing to send the token") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if hits.Load() != 0 {
		t.Fatal("the request reached another host")
	}
}

func TestRedirectKeepsTokenOnItsOrigin(t *testing.T) {
	var sawAuth atomic.Value
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawAuth.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{}`))
	}))
	defer elsewhere.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/moved", http.StatusFound) // same host, another port
	}))
	defer home.Close()
	for name, opts := range map[string][]anypoint.Option{
		"default client":        {anypoint.WithBaseURL(home.URL)},
		"caller's plain client": {anypoint.WithBaseURL(home.URL), anypoint.WithHTTPClient(&http.Client{})},
	} {
		sawAuth.Store("not called")
		c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "do-not-leak"}), opts...)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := c.NewRequest(context.Background(), http.MethodGet, "/accounts/api/me", nil)
		if _, err := c.Do(req, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := sawAuth.Load().(string); got != "" {
			t.Errorf("%s: the token followed a redirect to another port: Authorization = %q", name, got)
		}
	}
}

// A successful answer is decoded only up to the client's limit, and only
// when it is one JSON value: a larger body, a bare null or data after the
// value is a *DecodeError, never a silently zero or partial result.
func TestDecodeRefusesWhatWouldPassUnnoticed(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		tooLarge   bool
		ok         bool
	}{
		{"one object", `{"a":1}`, false, true},
		{"trailing white space", "{\"a\":1}\r\n\t ", false, true},
		{"leading white space", "  \n{\"a\":1}", false, true},
		{"garbage after the value", `{"a":1}garbage`, false, false},
		{"a second value", `{"a":1}{"a":2}`, false, false},
		{"null", `null`, false, false},
		{"null with space", ` null `, false, false},
		{"empty", ``, false, false},
		{"over the limit", `{"a":"` + strings.Repeat("x", 2048) + `"}`, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeJSON(w, http.StatusOK, tc.body)
			})
			c := newClient(t, srv, staticToken("t"), anypoint.WithMaxResponseSize(1024))
			var v struct{ A any }
			_, err := get(t, c, "/x", &v)
			var de *anypoint.DecodeError
			switch {
			case tc.ok && err != nil:
				t.Fatalf("err = %v", err)
			case !tc.ok && !errors.As(err, &de):
				t.Fatalf("err = %v (%T), want a *DecodeError", err, err)
			case tc.tooLarge != errors.Is(err, anypoint.ErrResponseTooLarge):
				t.Fatalf("err = %v; ErrResponseTooLarge: %v, want %v", err, errors.Is(err, anypoint.ErrResponseTooLarge), tc.tooLarge)
			}
		})
	}
	if _, err := anypoint.NewClient(staticToken("t"), anypoint.WithMaxResponseSize(0)); err == nil {
		t.Error("WithMaxResponseSize(0) was accepted")
	}
}

// The limit does not apply to an answer streamed into an io.Writer.
func TestStreamedAnswerHasNoLimit(t *testing.T) {
	big := strings.Repeat("x", 4096)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusOK, big)
	})
	c := newClient(t, srv, staticToken("t"), anypoint.WithMaxResponseSize(1024))
	var buf bytes.Buffer
	if _, err := get(t, c, "/x", &buf); err != nil || buf.Len() != len(big) {
		t.Fatalf("streamed %d bytes, err %v; want %d", buf.Len(), err, len(big))
	}
}

// A token that cannot travel in a header is refused at once, as a token
// source error, without being printed or sent.
func TestTokenWithControlCharactersIsRefusedAtOnce(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, http.StatusOK, `{}`) })
	for _, bad := range []string{"S3CR3T\r\nX-Evil: 1", "S3CR3T en", "S3CR3T\x00"} {
		c := newClient(t, srv, staticToken(bad))
		_, err := get(t, c, "/x", nil)
		var te *anypoint.TokenError
		if !errors.As(err, &te) || !errors.Is(err, anypoint.ErrNoToken) {
			t.Errorf("%q: err = %v, want a *TokenError matching ErrNoToken", bad, err)
		}
		if err != nil && strings.Contains(err.Error(), "S3CR3T") {
			t.Errorf("%q: the error prints the token: %v", bad, err)
		}
	}
	if srv.count() != 0 {
		t.Errorf("%d requests sent with a broken token", srv.count())
	}
}
