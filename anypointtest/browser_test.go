package anypointtest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

// The helpers with plain net/http: the app's redirect URI is a free loopback port, and the
// browser follows the authorize redirect to the listener there, synchronously.
func TestBrowserFollowsTheRedirectToTheLoopbackApp(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app, err := srv.AddLoopbackUserApp("my-cli", scopes.ViewEnvironment, scopes.OfflineAccess)
	if err != nil {
		t.Fatal(err)
	}
	if len(app.RedirectURIs) != 1 || !strings.HasPrefix(app.RedirectURIs[0], "http://127.0.0.1:") || !strings.HasSuffix(app.RedirectURIs[0], anypointtest.LoopbackCallbackPath) {
		t.Fatalf("redirect URIs %q, want one http://127.0.0.1:{port}/callback", app.RedirectURIs)
	}
	if got, _ := srv.App(app.ClientID); !slices.Equal(got.GrantTypes, []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken}) {
		t.Errorf("grant types %q", got.GrantTypes)
	}
	redirect, _ := url.Parse(app.RedirectURIs[0])
	ln, err := net.Listen("tcp", redirect.Host) // the port is free
	if err != nil {
		t.Fatalf("listen on the redirect URI's port: %v", err)
	}
	codes := make(chan url.Values, 1)
	cb := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != anypointtest.LoopbackCallbackPath {
			http.NotFound(w, r)
			return
		}
		codes <- r.URL.Query()
		_, _ = w.Write([]byte("signed in"))
	})}
	go func() { _ = cb.Serve(ln) }()
	t.Cleanup(func() { _ = cb.Close() })

	authorize := srv.URL + anypointtest.AuthorizePath + "?" + url.Values{
		"client_id": {app.ClientID}, "response_type": {"code"}, "redirect_uri": {app.RedirectURIs[0]},
		"scope": {"view:environment offline_access"}, "state": {"s1"},
	}.Encode()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Browser()(ctx, authorize); err != nil {
		t.Fatalf("browser: %v", err)
	}
	select {
	case q := <-codes: // Browser returned after the callback was served
		if q.Get("code") == "" || q.Get("state") != "s1" {
			t.Errorf("callback query %v, want a code and the state", q)
		}
	default:
		t.Fatal("Browser returned before the callback was served")
	}

	// A refused authorization is an error of the browser, which never shows the query.
	bad := srv.URL + anypointtest.AuthorizePath + "?" + url.Values{
		"client_id": {app.ClientID}, "response_type": {"code"}, "redirect_uri": {"http://127.0.0.1:1/elsewhere"}, "state": {"SECRET-STATE"},
	}.Encode()
	err = srv.Browser()(ctx, bad)
	if err == nil || !strings.Contains(err.Error(), "400") {
		t.Errorf("unregistered redirect URI: err = %v, want the 400", err)
	}
	if err != nil && strings.Contains(err.Error(), "SECRET-STATE") {
		t.Errorf("err = %q shows the query", err)
	}
}

// The helpers with the SDK's browser login, over HTTPS: the browser trusts the fake's
// certificate.
func TestBrowserLoginWithTheSDK(t *testing.T) {
	srv := anypointtest.NewTestServer(t, anypointtest.WithTLS())
	app, err := srv.AddLoopbackUserApp("my-cli", scopes.ViewEnvironment, scopes.OfflineAccess)
	if err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{
		ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		RedirectURL: app.RedirectURIs[0],
		Scopes:      []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
		Config:      sdktest.Config(anypoint.WithConfig(srv.Config()), anypoint.WithHTTPClient(srv.Client())), // trusts the fake's certificate
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := ac.Login(ctx, connectedapps.WithOpener(srv.Browser()))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(srv.Config()), anypoint.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	envs, err := accounts.New(c).ListEnvironments(ctx, anypointtest.OrgID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if envs.Total != 3 {
		t.Errorf("%d environments, want the seed's 3", envs.Total)
	}

	// A user who says no: the browser still loads the callback page, and Login says why.
	srv.SetConsent(false)
	_, err = ac.Login(ctx, connectedapps.WithOpener(srv.Browser()))
	if !errors.Is(err, connectedapps.ErrAccessDenied) {
		t.Errorf("consent refused: err = %v, want ErrAccessDenied", err)
	}
}

// A sign-in whose credential was given no BaseURL goes to the real platform: the fake's
// browser refuses it at once, and Login, with no deadline, ends with that cause in its
// error instead of waiting for a redirect that cannot come.
func TestBrowserRefusesOtherHosts(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	err := srv.Browser()(context.Background(), "https://anypoint.mulesoft.com"+anypointtest.AuthorizePath+"?state=SECRET-STATE")
	if err == nil || !strings.Contains(err.Error(), "https://anypoint.mulesoft.com"+anypointtest.AuthorizePath+" is not on the fake platform ("+srv.URL+")") {
		t.Errorf("err = %v, want a refusal naming both hosts", err)
	}
	if err != nil && strings.Contains(err.Error(), "SECRET-STATE") {
		t.Errorf("err = %q shows the query", err)
	}

	app, err := srv.AddLoopbackUserApp("my-cli", scopes.ViewEnvironment)
	if err != nil {
		t.Fatal(err)
	}
	ac := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: app.RedirectURIs[0]}
	done := make(chan error, 1)
	go func() {
		_, err := ac.Login(context.Background(), connectedapps.WithOpener(srv.Browser()))
		done <- err
	}()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Login without a deadline still waits 10s after the browser failed")
	}
	var be *connectedapps.BrowserError
	if !errors.As(err, &be) || be.URL != "https://anypoint.mulesoft.com"+anypointtest.AuthorizePath {
		t.Fatalf("err = %v, want a *connectedapps.BrowserError for the US control plane's authorize URL", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "is not on the fake platform") || !strings.Contains(msg, "give AuthorizationCode a Config for it") {
		t.Errorf("err = %q, want the browser's cause and the setting to fix", msg)
	}
	if n := srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests, want none", n)
	}
}

// A redirect to a host that is not a loopback address (a redirect URI registered for a
// web server) is not followed either.
func TestBrowserRefusesRedirectsOffLoopback(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "web", GrantTypes: []connectedapps.GrantType{connectedapps.GrantAuthorizationCode},
		RedirectURIs: []string{"https://app.example.com/callback"}, Scopes: []scopes.Scope{scopes.ViewEnvironment}})
	authorize := srv.URL + anypointtest.AuthorizePath + "?" + url.Values{
		"client_id": {app.ClientID}, "response_type": {"code"}, "redirect_uri": {app.RedirectURIs[0]}, "state": {"SECRET-STATE"},
	}.Encode()
	err := srv.Browser()(context.Background(), authorize)
	if err == nil || !strings.Contains(err.Error(), "not https://app.example.com/callback") {
		t.Errorf("err = %v, want a refusal of the redirect to app.example.com", err)
	}
	if err != nil && (strings.Contains(err.Error(), "SECRET-STATE") || strings.Contains(err.Error(), "code=")) {
		t.Errorf("err = %q shows the query", err)
	}
}
