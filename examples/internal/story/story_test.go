package story

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/internal/testsupport/watch"
	"github.com/anypoint-go/anypoint/scopes"
)

// syncBuffer is a bytes.Buffer that a background token refresh may log to
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// stories are the stories the quickstart tells.
var stories = []struct {
	name string
	run  Story
}{
	{"ClientCredentials", ClientCredentials},
	{"AuthorizationCode", AuthorizationCode},
}

// TestStoriesRunOnTheFake runs every story as the quickstart does, on
// the platform Open starts, and checks that the story finishes and that no
// app's secret is in what it printed.
func TestStoriesRunOnTheFake(t *testing.T) {
	for _, k := range []string{"ANYPOINT_CLIENT_ID", "ANYPOINT_CLIENT_SECRET", "ANYPOINT_HOST", "ANYPOINT_BASE_URL", "ANYPOINT_CPLANE", "ANYPOINT_REGION"} {
		t.Setenv(k, "")
	}
	watch.NoLeaks(t)
	var out syncBuffer
	p, closeFn, err := Open(&out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeFn)
	if p.Fake == nil {
		t.Fatal("Open did not start the fake platform")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, s := range stories {
		if err := s.run(ctx, p); err != nil {
			t.Fatalf("%s: %v\n%s", s.name, err, out.String())
		}
	}
	text := out.String()
	for _, want := range []string{"Method 1", "Method 2", "*anypoint.ScopeError", "ErrInvalidGrant) = true", "refresh token", "REDACTED"} {
		if !strings.Contains(text, want) {
			t.Errorf("the stories never say %q", want)
		}
	}
	for _, c := range []Credentials{p.App, p.Admin, p.UserApp} {
		app, ok := p.Fake.App(c.ID)
		if !ok {
			t.Fatalf("no app %s", c.ID)
		}
		for _, secret := range []string{c.Secret, app.ClientSecret} {
			if strings.Contains(text, secret) {
				t.Errorf("the output shows the secret of %s", app.Name)
			}
		}
	}
}

// TestStoriesShowNoSecrets runs every story with everything it prints and
// everything the SDK logs (at Debug) captured, and with a recording proxy
// between the SDK and the fake platform that keeps every secret that
// crosses the wire: client secrets, access and refresh tokens, the
// authorization code, the PKCE verifier, the state and the nonce. None of
// them may appear in the output or the log.
func TestStoriesShowNoSecrets(t *testing.T) {
	leaks := watch.NoLeaks(t)
	srv := anypointtest.NewTestServer(t)
	rec := watch.NewRecorder(t, srv.URL)

	redirect, err := freeLoopbackURL("/callback")
	if err != nil {
		t.Fatal(err)
	}
	user := srv.AddApp(anypointtest.AppSpec{
		Name:         "env-viewer-cli",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken},
		RedirectURIs: []string{redirect},
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess, scopes.OpenID, scopes.Profile},
	})
	cc, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	admin, err := srv.AddLoopbackUserApp("admin-console", AdminScopes...)
	if err != nil {
		t.Fatal(err)
	}

	var out, logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	hc := &http.Client{Transport: &http.Transport{}}
	leaks.Track(hc)
	p := &Platform{
		Out:              &out,
		Fake:             srv,
		Config:           sdktest.Config(anypoint.WithBaseURL(rec.URL), anypoint.WithLogger(logger), anypoint.WithHTTPClient(hc)),
		App:              Credentials{cc.ClientID, cc.ClientSecret},
		Admin:            Credentials{admin.ClientID, admin.ClientSecret},
		AdminRedirectURL: admin.RedirectURIs[0],
		UserApp:          Credentials{user.ClientID, user.ClientSecret},
		RedirectURL:      redirect,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, s := range stories {
		if err := s.run(ctx, p); err != nil {
			t.Fatalf("%s: %v\n%s", s.name, err, out.String())
		}
	}

	for _, id := range []string{cc.ClientID, admin.ClientID, user.ClientID} {
		app, _ := srv.App(id)
		rec.Add("client secret", app.ClientSecret)
	}
	kinds := rec.Kinds()
	for _, k := range []string{"client secret", "access token", "refresh token", "authorization code", "PKCE verifier", "state"} {
		if kinds[k] == 0 {
			t.Errorf("the proxy saw no %s: the stories did not go where the test thinks (saw %v)", k, kinds)
		}
	}
	if !strings.Contains(logs.String(), "anypoint: request") {
		t.Error("the SDK logged no request: the logger was not in use")
	}
	rec.AssertAbsent(t, "the stories' output", out.String())
	rec.AssertAbsent(t, "the SDK's log", logs.String())
	if t.Failed() {
		t.Logf("output:\n%s\nlog:\n%s", out.String(), logs.String())
	}
}
