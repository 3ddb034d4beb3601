package anypointtest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/urls"
	"github.com/anypoint-go/anypoint/scopes"
)

// LoopbackCallbackPath is the path of the redirect URI AddLoopbackUserApp registers.
const LoopbackCallbackPath = "/callback"

// AddLoopbackUserApp registers a connected app that acts on behalf of a user, as a
// command-line tool's does: grant types authorization_code and refresh_token, the scopes sc
// (include scopes.OfflineAccess for a refresh token), and one redirect URI on a loopback
// port that was free a moment ago, "http://127.0.0.1:{port}/callback" (App.RedirectURIs[0]),
// for the login under test to listen on. The error is that of finding a free port.
//
// The port is free when AddLoopbackUserApp returns, but nothing holds it: another program
// could take it before the login listens, which makes the login fail with a port in use.
func (s *Server) AddLoopbackUserApp(name string, sc ...scopes.Scope) (App, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return App{}, fmt.Errorf("anypointtest: find a free loopback port for the redirect URI: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		return App{}, fmt.Errorf("anypointtest: free the loopback port for the redirect URI: %w", err)
	}
	return s.AddApp(AppSpec{
		Name:         name,
		GrantTypes:   []connectedapps.GrantType{gtAuthorizationCode, gtRefreshToken},
		RedirectURIs: []string{fmt.Sprintf("http://127.0.0.1:%d%s", port, LoopbackCallbackPath)},
		Scopes:       sc,
	}), nil
}

// Browser returns a function that plays the user's browser for a browser login, in the
// shape of connectedapps.WithOpener: it opens the authorization URL it is given, where the
// fake answers the consent on the user's behalf (see SetConsent), follows the redirect back
// to the login's callback listener and reads the page shown there. It returns once that
// page has loaded, so the login goes on synchronously; its error says the browser got no
// page, or a page with an error status (4xx or 5xx), such as the fake's refusal of a
// redirect URI the app has not registered. Whether the sign-in worked is for the login
// under test to report.
//
// The browser goes nowhere but the fake and loopback addresses (the login's callback, or a
// recording proxy in front of the fake): an authorization URL on another host, such as
// anypoint.mulesoft.com when the credential under test was given no BaseURL, is refused at
// once with an error that names both, and so is a redirect to a host that is not a loopback
// address.
//
// The browser trusts the fake's certificate under WithTLS, keeps no connection open (so
// tests that check for leaked goroutines stay clean), and, like a real browser, sends no
// Authorization header.
func (s *Server) Browser() func(ctx context.Context, url string) error {
	// Not s.Client(): that one keeps connections alive, to the callback listener too.
	tr := &http.Transport{DisableKeepAlives: true}
	if st, ok := s.ts.Client().Transport.(*http.Transport); ok && st.TLSClientConfig != nil {
		tr.TLSClientConfig = st.TLSClientConfig.Clone() // trusts the fake's certificate
	}
	client := &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if !urls.IsLoopbackHost(req.URL.Hostname()) {
			return fmt.Errorf("the fake's browser goes to the fake platform and loopback addresses only, not %s", pageAddress(req.URL))
		}
		if len(via) >= 10 {
			return fmt.Errorf("stopped after %d redirects", len(via))
		}
		return nil
	}}
	fake, _ := url.Parse(s.URL)
	return func(ctx context.Context, rawURL string) error {
		u, err := url.Parse(rawURL)
		if err != nil {
			return fmt.Errorf("anypointtest: browser: the URL to open does not parse: %w", unwrapURL(err))
		}
		if !strings.EqualFold(u.Host, fake.Host) && !urls.IsLoopbackHost(u.Hostname()) {
			return fmt.Errorf("anypointtest: browser: %s is not on the fake platform (%s): give the credential under test the fake's URL as its BaseURL", pageAddress(u), s.URL)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
		if err != nil {
			return fmt.Errorf("anypointtest: browser: %w", err)
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("anypointtest: browser: %w", unwrapURL(err))
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		if resp.StatusCode >= 400 {
			return fmt.Errorf("anypointtest: browser: %s answered %s", pageAddress(resp.Request.URL), resp.Status)
		}
		return nil
	}
}

// unwrapURL drops the *url.Error around a transport error: its text holds the whole URL,
// with the authorization code or state in its query.
func unwrapURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// pageAddress is a URL without its query, which may hold a code or a state.
func pageAddress(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.Path
}
