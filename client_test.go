package anypoint_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
	"golang.org/x/oauth2"
)

func TestNewClientDefaultsToUS(t *testing.T) {
	c, err := anypoint.NewClient(staticToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL().String(); got != "https://anypoint.mulesoft.com" {
		t.Errorf("BaseURL = %q, want the US control plane", got)
	}
}

func TestNewClientNilTokenSource(t *testing.T) {
	if _, err := anypoint.NewClient(nil); err == nil {
		t.Fatal("NewClient(nil) gave no error")
	}
}

func TestWithRegion(t *testing.T) {
	for _, tc := range []struct {
		region anypoint.Region
		want   string
	}{
		{anypoint.US, "https://anypoint.mulesoft.com"},
		{anypoint.EU, "https://eu1.anypoint.mulesoft.com"},
		{anypoint.Gov, "https://gov.anypoint.mulesoft.com"},
		{anypoint.CA, "https://ca1.platform.mulesoft.com"},
		{anypoint.JP, "https://jp1.platform.mulesoft.com"},
		{"EU", "https://eu1.anypoint.mulesoft.com"},
	} {
		c, err := anypoint.NewClient(staticToken("t"), anypoint.WithRegion(tc.region))
		if err != nil {
			t.Errorf("WithRegion(%q): %v", tc.region, err)
			continue
		}
		if got := c.BaseURL().String(); got != tc.want {
			t.Errorf("WithRegion(%q): BaseURL = %q, want %q", tc.region, got, tc.want)
		}
	}
}

func TestWithRegionUnknown(t *testing.T) {
	for _, r := range []anypoint.Region{"", "mars", "eu2"} {
		_, err := anypoint.NewClient(staticToken("t"), anypoint.WithRegion(r))
		if err == nil {
			t.Errorf("WithRegion(%q) gave no error", r)
			continue
		}
		if !strings.Contains(err.Error(), "unknown region") {
			t.Errorf("WithRegion(%q): error %q does not say the region is unknown", r, err)
		}
	}
}

func TestParseRegion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want anypoint.Region
	}{
		{"us", anypoint.US},
		{"US", anypoint.US},
		{" eu ", anypoint.EU},
		{"eu1", anypoint.EU},
		{"EU1", anypoint.EU},
		{"gov", anypoint.Gov},
		{"ca1", anypoint.CA},
		{"ca", anypoint.CA},
		{"jp1", anypoint.JP},
	} {
		got, err := anypoint.ParseRegion(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseRegion(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "1", "eu2", "europe", "https://eu1.anypoint.mulesoft.com"} {
		if r, err := anypoint.ParseRegion(bad); err == nil {
			t.Errorf("ParseRegion(%q) = %q, want an error", bad, r)
		}
	}
}

func TestWithBaseURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"https://anypoint.example.com", "https://anypoint.example.com"},
		{"https://anypoint.example.com/", "https://anypoint.example.com"},
		{"https://h.example/prefix/", "https://h.example/prefix"},
		{"https://h.example/x?q=1#frag", "https://h.example/x"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://127.5.6.7:1", "http://127.5.6.7:1"},
		{"http://localhost:9000/", "http://localhost:9000"},
		{"http://[::1]:9000", "http://[::1]:9000"},
	} {
		c, err := anypoint.NewClient(staticToken("t"), anypoint.WithBaseURL(tc.in))
		if err != nil {
			t.Errorf("WithBaseURL(%q): %v", tc.in, err)
			continue
		}
		if got := c.BaseURL().String(); got != tc.want {
			t.Errorf("WithBaseURL(%q): BaseURL = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWithBaseURLRefuses(t *testing.T) {
	for _, tc := range []struct {
		in     string
		secret string // must not appear in the error
	}{
		{in: "http://anypoint.mulesoft.com"},
		{in: "http://10.0.0.1:8080"},
		{in: "http://127.0.0.1.evil.example"},
		{in: "http://localhost.evil.example"},
		{in: "ftp://anypoint.mulesoft.com"},
		{in: "anypoint.mulesoft.com"},
		{in: "/just/a/path"},
		{in: ""},
		{in: "https://user:hunter2@anypoint.mulesoft.com", secret: "hunter2"},
		{in: "https://user@anypoint.mulesoft.com"},
		{in: "http://admin:hunter2@127.0.0.1:8080", secret: "hunter2"},
	} {
		_, err := anypoint.NewClient(staticToken("t"), anypoint.WithBaseURL(tc.in))
		if err == nil {
			t.Errorf("WithBaseURL(%q) gave no error", tc.in)
			continue
		}
		if tc.secret != "" && strings.Contains(err.Error(), tc.secret) {
			t.Errorf("WithBaseURL(%q): error %q shows the password", tc.in, err)
		}
	}
}

// A base URL that fails to parse must not have its password echoed by
// net/url's error.
func TestWithBaseURLUnparsableDoesNotLeakPassword(t *testing.T) {
	_, err := anypoint.NewClient(staticToken("t"), anypoint.WithBaseURL("https://user:hunter2@ho%zzst/"))
	if err == nil {
		t.Fatal("no error for an unparsable base URL")
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestNilOptionsAreRefused(t *testing.T) {
	if _, err := anypoint.NewClient(staticToken("t"), anypoint.WithHTTPClient(nil)); err == nil {
		t.Error("WithHTTPClient(nil) gave no error")
	}
	if _, err := anypoint.NewClient(staticToken("t"), anypoint.WithLogger(nil)); err == nil {
		t.Error("WithLogger(nil) gave no error")
	}
	// A nil Option (as from a conditional) is skipped, not a crash.
	if _, err := anypoint.NewClient(staticToken("t"), nil); err != nil {
		t.Errorf("NewClient with a nil Option: %v", err)
	}
}

func TestWithUserAgentInvalid(t *testing.T) {
	for _, ua := range []string{"", "  ", "a\r\nX-Evil: 1", "a\nb"} {
		if _, err := anypoint.NewClient(staticToken("t"), anypoint.WithUserAgent(ua)); err == nil {
			t.Errorf("WithUserAgent(%q) gave no error", ua)
		}
	}
}

func TestWithRetryInvalid(t *testing.T) {
	for _, p := range []anypoint.RetryPolicy{
		{MaxRetries: -1},
		{MaxRetries: 1, MinBackoff: -time.Second},
		{MaxRetries: 1, MinBackoff: time.Second, MaxBackoff: time.Millisecond},
		{MaxRetryAfter: -time.Second},
	} {
		if _, err := anypoint.NewClient(staticToken("t"), anypoint.WithRetry(p)); err == nil {
			t.Errorf("WithRetry(%+v) gave no error", p)
		}
	}
}

func TestUserAgentHeader(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusNoContent) })

	c := newClient(t, srv, staticToken("t"))
	if _, err := get(t, c, "/a", nil); err != nil {
		t.Fatal(err)
	}
	c = newClient(t, srv, staticToken("t"), anypoint.WithUserAgent(" terraform-provider-anypoint/1.2.0 "))
	if _, err := get(t, c, "/b", nil); err != nil {
		t.Fatal(err)
	}

	hits := srv.requests()
	want := "anypoint-go/" + anypoint.Version + " (+https://github.com/anypoint-go/anypoint)"
	if got := hits[0].Header.Get("User-Agent"); got != want {
		t.Errorf("default User-Agent = %q, want %q", got, want)
	}
	if got := hits[1].Header.Get("User-Agent"); got != "terraform-provider-anypoint/1.2.0 "+want {
		t.Errorf("User-Agent = %q, want the product first, then %q", got, want)
	}
}

// TestConfigCarriesEverySetting: the settings a Config is built from are
// what its accessors give the token sources, and the zero Config is the
// defaults.
func TestConfigCarriesEverySetting(t *testing.T) {
	hc := &http.Client{}
	logger := slog.New(slog.DiscardHandler)
	cfg, err := anypoint.NewConfig(
		anypoint.WithRegion(anypoint.EU),
		anypoint.WithHTTPClient(hc),
		anypoint.WithLogger(logger),
		anypoint.WithUserAgent("app/1"),
		anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.BaseURL().String(); got != "https://eu1.anypoint.mulesoft.com" {
		t.Errorf("BaseURL = %v", got)
	}
	if cfg.HTTPClient() != hc {
		t.Error("HTTPClient is not the one given")
	}
	if cfg.Logger() != logger {
		t.Error("Logger is not the one given")
	}
	if got := cfg.UserAgent(); !strings.HasPrefix(got, "app/1 anypoint-go/") {
		t.Errorf("UserAgent = %q", got)
	}
	if got := cfg.RetryPolicy(); got != anypoint.NoRetry() {
		t.Errorf("RetryPolicy = %+v, want no retries", got)
	}

	var zero anypoint.Config
	if got := zero.BaseURL().String(); got != "https://anypoint.mulesoft.com" {
		t.Errorf("zero Config: BaseURL = %v, want the US control plane", got)
	}
	if got := zero.RetryPolicy(); got != anypoint.DefaultRetryPolicy() {
		t.Errorf("zero Config: RetryPolicy = %+v, want the default", got)
	}
	cfg.BaseURL().Host = "evil.example"
	if got := cfg.BaseURL().Host; got != "eu1.anypoint.mulesoft.com" {
		t.Errorf("changing the returned URL changed the Config's: host %q", got)
	}
	if _, err := anypoint.NewConfig(anypoint.WithBaseURL("http://example.com")); err == nil {
		t.Error("NewConfig took a plain-http URL to a host that is not loopback")
	}
}

// TestWithConfigSetsTheClient: NewClient(ts, WithConfig(cfg)) talks to
// cfg's control plane, and a later option overrides one setting.
func TestWithConfigSetsTheClient(t *testing.T) {
	cfg, err := anypoint.NewConfig(anypoint.WithRegion(anypoint.EU))
	if err != nil {
		t.Fatal(err)
	}
	c, err := anypoint.NewClient(staticToken("t"), anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL().String(); got != "https://eu1.anypoint.mulesoft.com" {
		t.Errorf("BaseURL = %v, want the Config's", got)
	}
	c, err = anypoint.NewClient(staticToken("t"), anypoint.WithConfig(cfg), anypoint.WithRegion(anypoint.JP))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL().String(); got != "https://jp1.platform.mulesoft.com" {
		t.Errorf("BaseURL = %v, want the option after WithConfig to win", got)
	}
}

// placedSource is a token source that says where it mints its tokens.
type placedSource struct {
	oauth2.TokenSource
	base *url.URL
}

func (p placedSource) BaseURL() *url.URL { return p.base }

// TestNewClientRefusesASourceOfAnotherControlPlane: a source minting at
// the US control plane handed to an EU client would see every call
// refused; NewClient says so instead, and changes nothing.
func TestNewClientRefusesASourceOfAnotherControlPlane(t *testing.T) {
	us, _ := url.Parse("https://anypoint.mulesoft.com")
	src := placedSource{TokenSource: staticToken("t"), base: us}
	_, err := anypoint.NewClient(src, anypoint.WithRegion(anypoint.EU))
	if err == nil || !strings.Contains(err.Error(), "https://anypoint.mulesoft.com") || !strings.Contains(err.Error(), "https://eu1.anypoint.mulesoft.com") {
		t.Fatalf("err = %v, want a refusal naming both control planes", err)
	}
	if _, err := anypoint.NewClient(src); err != nil {
		t.Errorf("a US client refused a US source: %v", err)
	}
}

func TestBaseURLIsACopy(t *testing.T) {
	c, err := anypoint.NewClient(staticToken("t"), anypoint.WithBaseURL("https://h.example"))
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL().Host = "evil.example"
	if got := c.BaseURL().Host; got != "h.example" {
		t.Errorf("changing the returned URL changed the client's: host %q", got)
	}
}

// One client serves many goroutines; run with -race.
func TestClientConcurrentUse(t *testing.T) {
	ts := newMintingSource()
	ts.premint(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if bearer(r.Header) == "tok-1" {
			writeText(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		writeJSON(w, http.StatusOK, `{"ok":true}`)
	})
	c := newClient(t, srv, ts, fastRetry)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			req, err := c.NewRequest(context.Background(), http.MethodGet, "/x", nil)
			if err != nil {
				errs <- err
				return
			}
			var v struct{ OK bool }
			if _, err := c.Do(req, &v); err != nil || !v.OK {
				errs <- fmt.Errorf("Do: %v, %+v", err, v)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
