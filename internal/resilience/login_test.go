package resilience_test

// The browser login's own guards (a redirect URL that is not loopback
// refused, a Host header for another host refused, a second callback
// refused, wrong states ignored, access_denied) are tested in package
// connectedapps (login_test.go), and the fake's PKCE rules in package
// anypointtest (oauth_test.go). What is left is what only shows end to end:
// the listener is not reachable from the network, and the SDK and the fake
// together enforce PKCE.

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/internal/testsupport/watch"
	"github.com/anypoint-go/anypoint/scopes"
)

// userApp adds an app that acts on behalf of a user, with a free loopback
// redirect URI, and returns its credential.
func userApp(t *testing.T, srv *anypointtest.Server, hc *http.Client) connectedapps.AuthorizationCode {
	t.Helper()
	redirect := freeRedirect(t)
	app := srv.AddApp(anypointtest.AppSpec{
		Name:         "login-e2e",
		GrantTypes:   []connectedapps.GrantType{connectedapps.GrantAuthorizationCode, connectedapps.GrantRefreshToken},
		RedirectURIs: []string{redirect},
		Scopes:       []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
	})
	return connectedapps.AuthorizationCode{
		ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: redirect,
		Scopes: []scopes.Scope{scopes.ViewEnvironment}, Config: sdktest.Config(anypoint.WithBaseURL(srv.URL), anypoint.WithHTTPClient(hc)),
	}
}

// nonLoopbackIP returns an address of this machine that is not loopback.
func nonLoopbackIP(t *testing.T) net.IP {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("no interface addresses: %v", err)
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
			return ipn.IP
		}
	}
	t.Skip("this machine has no non-loopback address to try")
	return nil
}

// While Login waits for the browser, its port answers on the loopback
// address and on no other address of the machine.
func TestLoginListensOnLoopbackOnly(t *testing.T) {
	leaks := newLeakCheckedClient(t)
	srv := anypointtest.NewTestServer(t)
	ac := userApp(t, srv, leaks.hc)
	ip := nonLoopbackIP(t)
	u, _ := url.Parse(ac.RedirectURL)

	var fromNetwork, fromLoopback error
	browser := func(ctx context.Context, authURL string) error {
		if c, err := net.DialTimeout("tcp", net.JoinHostPort(ip.String(), u.Port()), time.Second); err == nil {
			_ = c.Close()
			fromNetwork = errors.New("connected")
		} else {
			fromNetwork = err
		}
		if c, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
			_ = c.Close()
		} else {
			fromLoopback = err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
		if err != nil {
			return err
		}
		resp, err := leaks.hc.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	if _, err := ac.Login(ctxFor(t, 10*time.Second), connectedapps.WithOpener(browser)); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if fromLoopback != nil {
		t.Errorf("the callback port was not reachable on %s: %v", u.Host, fromLoopback)
	}
	if fromNetwork == nil || fromNetwork.Error() == "connected" {
		t.Errorf("the callback port %s answered on %s, a non-loopback address", u.Port(), ip)
	}
}

// A code is redeemed only with the verifier of the request that asked for
// it: none, or another one, is refused (ErrInvalidGrant, naming neither),
// and the right one still works afterwards.
func TestPKCEIsEnforcedEndToEnd(t *testing.T) {
	leaks := newLeakCheckedClient(t)
	srv := anypointtest.NewTestServer(t)
	ac := userApp(t, srv, leaks.hc)
	ctx := ctxFor(t, 10*time.Second)

	req, err := ac.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(req.URL, "code_challenge_method=S256") {
		t.Fatalf("the authorization URL asks for no S256 challenge")
	}
	noRedirect := &http.Client{Transport: leaks.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(req.URL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	cb := loc.Query()
	code := cb.Get("code")
	if code == "" {
		t.Fatalf("no code in the redirect %s", resp.Header.Get("Location"))
	}

	other, err := ac.Begin() // a verifier of the right shape, of another request
	if err != nil {
		t.Fatal(err)
	}
	for name, verifier := range map[string]string{"no verifier": "", "another request's verifier": other.Verifier} {
		bad := *req
		bad.Verifier = verifier
		_, err := ac.Exchange(ctx, &bad, cb)
		if !errors.Is(err, anypoint.ErrInvalidGrant) {
			t.Errorf("%s: err = %v; want ErrInvalidGrant", name, err)
			continue
		}
		for _, secret := range []string{code, req.Verifier, other.Verifier, req.State} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: the error shows a secret: %v", name, err)
			}
		}
	}
	if n := srv.TokenRequests(connectedapps.GrantAuthorizationCode); n != 2 {
		t.Errorf("%d code exchanges sent; want 2 (a refused exchange is not retried)", n)
	}
	if _, err := ac.Exchange(ctx, req, cb); err != nil {
		t.Errorf("the right verifier after two wrong ones: %v", err)
	}
}

// leakCheckedClient is a goroutine-leak check and an HTTP client whose idle
// connections it closes first.
type leakCheckedClient struct{ hc *http.Client }

func newLeakCheckedClient(t *testing.T) leakCheckedClient {
	t.Helper()
	leaks := watch.NoLeaks(t)
	tr := &http.Transport{}
	leaks.Track(tr)
	return leakCheckedClient{hc: &http.Client{Transport: tr}}
}
