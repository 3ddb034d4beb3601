package anypoint_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/anypoint-go/anypoint"
	"golang.org/x/oauth2"
)

// A request that gets no answer names the URL without its secrets.
func TestTransportErrorIsRedacted(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {})
	c := newClient(t, srv, staticToken("tok-SECRET"), fastRetry)
	srv.Close() // the port now refuses connections

	_, err := get(t, c, "/cb?code=SECRET&state=SECRET2&x=1", nil)
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v, want it to wrap ECONNREFUSED", err)
	}
	for _, form := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		if strings.Contains(form, "SECRET") {
			t.Errorf("transport error shows a secret: %s", form)
		}
	}
	if !strings.Contains(err.Error(), "code=REDACTED") || !strings.Contains(err.Error(), "GET") {
		t.Errorf("error %q does not name the request", err)
	}
}

// logRecords parses the JSON lines a slog.JSONHandler wrote.
func logRecords(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, rec)
	}
	return out
}

func TestLoggingHidesSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

	ts := newMintingSource()
	ts.premint(t) // "tok-1", rejected as stale, then "tok-2"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case bearer(r.Header) == "tok-1":
			writeText(w, http.StatusUnauthorized, "Unauthorized")
		case n == 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			writeJSON(w, http.StatusOK, `{}`)
		}
	})
	c := newClient(t, srv, ts, fastRetry, anypoint.WithLogger(logger))
	if _, err := get(t, c, "/cb?code=SECRET-CODE&access_token=SECRET-AT&x=1", nil); err != nil {
		t.Fatal(err)
	}

	out := buf.String()
	for _, secret := range []string{"tok-1", "tok-2", "SECRET"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q:\n%s", secret, out)
		}
	}
	recs := logRecords(t, &buf)
	var statuses []float64
	replaced := false
	for _, rec := range recs {
		if rec["msg"] == "anypoint: request" {
			if rec["method"] != "GET" || !strings.Contains(fmt.Sprint(rec["url"]), "/cb?") {
				t.Errorf("request record %v lacks method or url", rec)
			}
			statuses = append(statuses, rec["status"].(float64))
		}
		if strings.Contains(fmt.Sprint(rec["msg"]), "token rejected") {
			replaced = true
			if rec["level"] != "INFO" {
				t.Errorf("token replacement logged at %v, want INFO", rec["level"])
			}
		}
	}
	if fmt.Sprint(statuses) != "[401 503 200]" {
		t.Errorf("logged statuses %v, want [401 503 200]:\n%s", statuses, out)
	}
	if !replaced {
		t.Errorf("the token replacement was not logged:\n%s", out)
	}
}

func TestLoggingTransportErrorHidesSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {})
	c := newClient(t, srv, staticToken("tok-SECRET"), anypoint.WithLogger(logger))
	srv.Close()

	if _, err := get(t, c, "/cb?code=SECRET", nil); err == nil {
		t.Fatal("no error from a closed server")
	}
	out := buf.String()
	if strings.Contains(out, "SECRET") {
		t.Errorf("log shows a secret:\n%s", out)
	}
	if !strings.Contains(out, "request failed") || !strings.Contains(out, "code=REDACTED") {
		t.Errorf("log does not record the failure:\n%s", out)
	}
}

// The token must not follow a redirect to another host. (net/http compares
// host names only: a redirect to another port of the same host keeps the
// header, so the other server is reached as "localhost".)
func TestTokenDoesNotFollowRedirectToAnotherHost(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Redirect(w, r, otherURL+"/landing", http.StatusFound)
	})
	c := newClient(t, srv, staticToken("tok-SECRET"))
	if _, err := get(t, c, "/x", nil); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].Header.Get("Authorization"); got != "Bearer tok-SECRET" {
		t.Errorf("first host got Authorization %q", got)
	}
	hits := other.requests()
	if len(hits) != 1 {
		t.Fatalf("other host got %d requests, want 1", len(hits))
	}
	if got := hits[0].Header.Get("Authorization"); got != "" {
		t.Errorf("other host got Authorization %q", got)
	}
}

// Whatever http.Client the caller passes, even one with a redirect policy
// of its own, the token does not follow a redirect to another port, and a
// request body is not sent on to another origin (307 and 308 keep it).
func TestRedirectsKeepTheTokenAndTheBodyHome(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			http.Redirect(w, r, other.URL+"/landing", status)
		})
		before := other.count()
		callerPolicyRan := false
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { callerPolicyRan = true; return nil }}
		c := newClient(t, srv, staticToken("tok-SECRET"), anypoint.WithHTTPClient(hc))
		_, _ = get(t, c, "/x", nil)
		for _, h := range other.requests()[before:] {
			if got := h.Header.Get("Authorization"); got != "" {
				t.Errorf("%d: the other port got Authorization %q", status, got)
			}
		}
		if !callerPolicyRan {
			t.Errorf("%d: the caller's redirect policy did not run", status)
		}
		before = other.count()
		_, err := call(t, c, http.MethodPost, "/x", map[string]string{"secret": "BODY-SECRET"}, nil)
		for _, h := range other.requests()[before:] {
			if h.Method == http.MethodPost || strings.Contains(h.Body, "BODY-SECRET") {
				t.Errorf("%d: the body was sent to another origin", status)
			}
		}
		if status != http.StatusFound && err == nil {
			t.Errorf("%d: a POST redirected to another origin succeeded", status)
		}
	}
}

// A token source that wraps the x/oauth2 error still gives a *TokenError,
// and the raw answer (which RetrieveError.Error prints when the answer had
// no RFC 6749 code) stays out of the error text.
func TestWrappedRetrieveErrorIsTokenError(t *testing.T) {
	re := &oauth2.RetrieveError{
		Response: &http.Response{StatusCode: 401, Status: "401 Unauthorized", Header: http.Header{}},
		Body:     []byte("client_secret=ECHOED-SECRET rejected"),
	}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		t.Error("request sent without a token")
	})
	c := newClient(t, srv, errSource{fmt.Errorf("connectedapps: refresh: %w", re)})
	_, err := get(t, c, "/x", nil)
	var te *anypoint.TokenError
	if !errors.As(err, &te) || !errors.Is(err, anypoint.ErrInvalidClient) {
		t.Errorf("err = %v (%T), want *anypoint.TokenError invalid_client", err, err)
	}
	if err != nil && strings.Contains(err.Error(), "ECHOED-SECRET") {
		t.Errorf("error %q shows the raw answer", err)
	}
}

// errSource is a token source that always fails with err.
type errSource struct{ err error }

func (s errSource) Token() (*oauth2.Token, error) { return nil, s.err }

// WithLogger promises an Info record for each retry.
func TestLoggingRetriesAtInfo(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	c := newClient(t, srv, staticToken("t"), fastRetry, anypoint.WithLogger(logger))
	if _, err := get(t, c, "/x", nil); err != nil {
		t.Fatal(err)
	}
	if len(logRecords(t, &buf)) == 0 {
		t.Error("no Info record for the retry")
	}
}
