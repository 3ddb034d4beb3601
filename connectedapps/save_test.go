package connectedapps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"golang.org/x/oauth2"
)

// failingStore refuses every save.
type failingStore struct{ MemoryStore }

var errDiskFull = errors.New("disk full")

func (*failingStore) Save(context.Context, *oauth2.Token) error { return errDiskFull }

// B3: a token that cannot be saved is never lost silently. The first save
// (of the token a user just got from Exchange) is returned by TokenSource;
// later saves reach OnSaveError.
func TestAFailedFirstSaveIsReturned(t *testing.T) {
	ac := AuthorizationCode{ClientID: "app", ClientSecret: "s", RedirectURL: "http://127.0.0.1:8765/cb"}
	ts, err := ac.TokenSource(context.Background(), &oauth2.Token{AccessToken: "AT", RefreshToken: "RT"}, WithStore(new(failingStore)))
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("err = %v, want the store's error", err)
	}
	if ts == nil {
		t.Fatal("no token source: the token works even when it cannot be saved")
	}
	if strings.Contains(err.Error(), "RT") || strings.Contains(err.Error(), "AT") {
		t.Errorf("error %q shows a token", err)
	}
}

func TestOnSaveErrorHearsOfEveryFailedSave(t *testing.T) {
	srv := newTokenServer(t)
	var got []error
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(
		WithStore(new(failingStore)), OnSaveError(func(err error) { got = append(got, err) }))
	c := newClientFor(t, srv, ts)
	if err := listProjects(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !errors.Is(got[0], errDiskFull) {
		t.Fatalf("OnSaveError heard %v, want the one failed save", got)
	}
}

// B3: a logger set on the token source stays its logger when the source is
// handed to a client with a logger of its own.
func TestTheSourcesLoggerIsKept(t *testing.T) {
	srv := newTokenServer(t)
	var mine, clients bytes.Buffer
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource(
		WithStore(new(failingStore)), WithLogger(slog.New(slog.NewTextHandler(&mine, nil))))
	c, err := anypoint.NewClient(ts, anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()),
		anypoint.WithLogger(slog.New(slog.NewTextHandler(&clients, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if err := listProjects(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mine.String(), "could not save") {
		t.Errorf("the source's own logger got %q, want the failed save", mine.String())
	}
	if strings.Contains(clients.String(), "could not save") {
		t.Errorf("the client's logger took over the source's: %q", clients.String())
	}
}

// Login's own options cannot be given to a token source, where they would
// be ignored: they are LoginOptions, not Options. Every Option is a
// LoginOption, so Login takes WithStore too.
func TestLoginOptionsAreNotTokenSourceOptions(t *testing.T) {
	option := reflect.TypeFor[Option]()
	for name, lo := range map[string]LoginOption{
		"WithOpener":     WithOpener(nil),
		"WithPrompt":     WithPrompt(nil),
		"WithoutBrowser": WithoutBrowser(nil, nil),
	} {
		if reflect.TypeOf(lo).AssignableTo(option) {
			t.Errorf("%s is assignable to Option", name)
		}
	}
	var _ LoginOption = WithStore(nil)
}

// A struct holding an AuthRequest, logged through slog's JSON handler,
// prints none of its secrets.
func TestAuthRequestStaysSecretInJSON(t *testing.T) {
	req := AuthRequest{URL: "https://anypoint.mulesoft.com/accounts/api/v2/oauth2/authorize?state=ST4TE&code_challenge=CH4L", State: "ST4TE", Nonce: "N0NCE", Verifier: "VER1FIER"}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("pending", "session", map[string]any{"auth": req, "ptr": &req})
	raw, err := json.Marshal(struct{ R AuthRequest }{req})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{buf.String(), string(raw)} {
		for _, secret := range []string{"ST4TE", "N0NCE", "VER1FIER", "CH4L"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows %s", out, secret)
			}
		}
	}
}

// A token endpoint that quotes the request form in its errors (secret,
// refresh token, code, verifier) gets none of them into an error text or a
// log line; nor does an API that echoes the Authorization header.
func TestEchoedSecretsAreScrubbed(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/api" {
			w.Header().Set("Content-Type", "text/plain")
			http.Error(w, "bad header Authorization: "+r.Header.Get("Authorization")+" token "+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), http.StatusBadRequest)
			return
		}
		if strings.Contains(string(raw), "grant_type=client_credentials") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"AT-echoed-secret","token_type":"bearer"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_request", "error_description": "could not parse " + string(raw) + " (" + r.Form.Encode() + ")"})
	}))
	t.Cleanup(echo.Close)
	secrets := []string{"CS-client-secret+/1", "RT-refresh-token-1", "AT-echoed-secret"}
	check := func(what, out string) {
		t.Helper()
		for _, s := range secrets {
			for _, form := range []string{s, url.QueryEscape(s)} {
				if strings.Contains(out, form) {
					t.Errorf("%s shows %q: %s", what, form, out)
				}
			}
		}
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))

	ac := AuthorizationCode{ClientID: "app", ClientSecret: "CS-client-secret+/1", RedirectURL: "http://127.0.0.1:8765/cb", Config: sdktest.Config(anypoint.WithBaseURL(echo.URL))}
	ts, err := ac.TokenSource(context.Background(), &oauth2.Token{AccessToken: "old", RefreshToken: "RT-refresh-token-1", Expiry: time.Now().Add(-time.Minute)}, WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.TokenContext(context.Background())
	if err == nil {
		t.Fatal("the refresh succeeded")
	}
	check("refresh error", err.Error())
	check("refresh error %+v", fmt.Sprintf("%+v", err))

	err = ts.Revoke(context.Background())
	if err == nil {
		t.Fatal("the revocation succeeded")
	}
	check("revoke error", err.Error())

	cc := ClientCredentials{ClientID: "app", ClientSecret: "CS-client-secret+/1", Config: sdktest.Config(anypoint.WithBaseURL(echo.URL))}.TokenSource(WithLogger(logger))
	c, err := anypoint.NewClient(cc, anypoint.WithBaseURL(echo.URL), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Call(context.Background(), http.MethodGet, "/api", nil, nil)
	if err == nil {
		t.Fatal("the API call succeeded")
	}
	check("API error", err.Error())
	check("logs", logs.String())
}

// A token request that every caller gave up on is cancelled: it does not
// run on, with its retries, for minutes after (goleak would flag it in a
// user's test).
func TestAbandonedTokenRequestIsCancelled(t *testing.T) {
	started := make(chan struct{}, 1)
	ended := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // then net/http watches the connection
		started <- struct{}{}
		<-r.Context().Done() // the client went away
		close(ended)
	}))
	t.Cleanup(srv.Close)
	ts := ClientCredentials{ClientID: "app", ClientSecret: "secret", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := ts.TokenContext(ctx); errc <- err }()
	<-started
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the token request ran on after every caller gave up")
	}
	// A later caller gets a token request of its own.
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"fresh","token_type":"bearer"}`)
	})
	if tok, err := ts.TokenContext(context.Background()); err != nil || tok.AccessToken != "fresh" {
		t.Fatalf("later caller: %v, %v", tok, err)
	}
}
