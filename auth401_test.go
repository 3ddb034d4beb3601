package anypoint_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

const projectsPath = "/designcenter/api-designer/projects"

// rejecting answers 401 "Unauthorized" in plain text, as the Accounts API
// does, to the listed tokens, and 200 [] to any other.
func rejecting(t *testing.T, status int, tokens ...string) *testServer {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if slices.Contains(tokens, bearer(r.Header)) {
			writeText(w, status, http.StatusText(status))
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
}

func tokensSeen(srv *testServer) []string {
	var out []string
	for _, h := range srv.requests() {
		out = append(out, bearer(h.Header))
	}
	return out
}

// (a) A token minted before the call may simply have expired: it is
// replaced and the request replayed once.
func TestStaleTokenIsReplacedAndReplayed(t *testing.T) {
	ts := newMintingSource(scopes.Scope("edit:design_center"))
	stale := ts.premint(t)
	srv := rejecting(t, http.StatusUnauthorized, stale.AccessToken)
	c := newClient(t, srv, ts)

	var v []any
	if _, err := get(t, c, projectsPath, &v); err != nil {
		t.Fatalf("err = %v, want success after the replay", err)
	}
	if got := tokensSeen(srv); !slices.Equal(got, []string{"tok-1", "tok-2"}) {
		t.Errorf("server saw tokens %v, want [tok-1 tok-2]", got)
	}
	if n := ts.mintCount(); n != 2 {
		t.Errorf("%d mints, want 2 (the premint and one new)", n)
	}
	if got := ts.invalidations(); !slices.Equal(got, []string{"tok-1"}) {
		t.Errorf("invalidated %v, want exactly the stale token", got)
	}
}

// (b) A token minted during the call is as fresh as it gets: its rejection
// is a missing scope, and a replay would not help.
func TestFreshTokenRejectedIsScopeError(t *testing.T) {
	granted := []scopes.Scope{"profile", "view:environment"}
	ts := newMintingSource(granted...)
	srv := rejecting(t, http.StatusUnauthorized, "tok-1")
	c := newClient(t, srv, ts)

	_, err := get(t, c, projectsPath, nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want *anypoint.ScopeError", err, err)
	}
	if !errors.Is(err, anypoint.ErrScopeDenied) || !errors.Is(err, anypoint.ErrUnauthorized) {
		t.Error("a 401 ScopeError should match ErrScopeDenied and ErrUnauthorized")
	}
	if errors.Is(err, anypoint.ErrForbidden) {
		t.Error("a 401 ScopeError matches ErrForbidden")
	}
	if !slices.Contains(se.Required, scopes.Scope("edit:design_center")) {
		t.Errorf("Required = %v, want it to hold edit:design_center", se.Required)
	}
	if !slices.Equal(se.Granted, granted) {
		t.Errorf("Granted = %v, want %v", se.Granted, granted)
	}
	if se.Err == nil || se.Err.StatusCode != 401 || se.Err.Message != "Unauthorized" {
		t.Errorf("Err = %+v", se.Err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server got %d requests, want 1 (no replay)", n)
	}
	if n := ts.mintCount(); n != 1 {
		t.Errorf("%d mints, want 1", n)
	}
	if got := ts.invalidations(); len(got) != 0 {
		t.Errorf("invalidated %v, want nothing", got)
	}
	text := err.Error()
	for _, want := range []string{"scope denied", "GET", projectsPath, "edit:design_center", "view:environment", "401"} {
		if !strings.Contains(text, want) {
			t.Errorf("error %q does not contain %q", text, want)
		}
	}
	if strings.Contains(text, "tok-1") {
		t.Errorf("error %q shows the token", text)
	}
}

// The base URL's path is not part of the endpoint looked up in the table.
func TestScopeErrorRequiredWithBasePath(t *testing.T) {
	ts := newMintingSource()
	srv := rejecting(t, http.StatusUnauthorized, "tok-1")
	c := newClient(t, srv, ts, anypoint.WithBaseURL(srv.URL+"/prefix"))
	_, err := get(t, c, projectsPath+"?limit=5", nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *anypoint.ScopeError", err)
	}
	if !slices.Contains(se.Required, scopes.Scope("edit:design_center")) {
		t.Errorf("Required = %v", se.Required)
	}
	if se.Granted == nil || len(se.Granted) != 0 {
		t.Errorf("Granted = %#v, want empty (the source reports no scopes)", se.Granted)
	}
	if !strings.Contains(err.Error(), "the token holds no scopes") {
		t.Errorf("error %q does not say the token holds no scopes", err)
	}
}

// (c) The replacement token is rejected too: that is a scope denial.
func TestStaleThenFreshRejectedIsScopeError(t *testing.T) {
	ts := newMintingSource("profile")
	ts.premint(t)
	srv := rejecting(t, http.StatusUnauthorized, "tok-1", "tok-2")
	c := newClient(t, srv, ts)

	_, err := get(t, c, projectsPath, nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want *anypoint.ScopeError", err, err)
	}
	if !errors.Is(err, anypoint.ErrUnauthorized) {
		t.Error("not ErrUnauthorized")
	}
	if got := tokensSeen(srv); !slices.Equal(got, []string{"tok-1", "tok-2"}) {
		t.Errorf("server saw tokens %v, want exactly [tok-1 tok-2]", got)
	}
	if !slices.Equal(se.Granted, []scopes.Scope{"profile"}) {
		t.Errorf("Granted = %v", se.Granted)
	}
}

// (d) A 403 for a fresh token is a scope denial that still matches
// ErrForbidden.
func TestForbiddenWithFreshTokenIsScopeError(t *testing.T) {
	ts := newMintingSource()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusForbidden, `{"status":"failure","statusMessage":"Forbidden"}`)
	})
	c := newClient(t, srv, ts)

	_, err := call(t, c, http.MethodDelete, "/accounts/api/connectedApplications/abc", nil, nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want *anypoint.ScopeError", err, err)
	}
	if !errors.Is(err, anypoint.ErrForbidden) || !errors.Is(err, anypoint.ErrScopeDenied) {
		t.Error("a 403 ScopeError should match ErrForbidden and ErrScopeDenied")
	}
	if errors.Is(err, anypoint.ErrUnauthorized) {
		t.Error("a 403 matches ErrUnauthorized")
	}
	if !slices.Equal(se.Required, []scopes.Scope{"admin:orgclients"}) {
		t.Errorf("Required = %v", se.Required)
	}
	if srv.count() != 1 {
		t.Errorf("server got %d requests, want 1", srv.count())
	}
}

// B2: a 403 never means a stale token, so it is classified from the
// endpoint alone, the same way every time: a client whose token is old (it
// called /me first) and a new client whose first call this is both get a
// *ScopeError for an endpoint that needs a scope, with no token replaced;
// an endpoint the SDK does not wrap gets a plain 403 either way.
func TestForbiddenIsClassifiedFromTheEndpointAlone(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/accounts/api/me" {
			writeJSON(w, http.StatusOK, `{}`)
			return
		}
		writeJSON(w, http.StatusForbidden, `{"status":"failure","statusMessage":"Forbidden"}`)
	})
	classify := func(warm bool, path string) error {
		ts := newMintingSource()
		c := newClient(t, srv, ts)
		if warm {
			if _, err := get(t, c, "/accounts/api/me", nil); err != nil {
				t.Fatal(err)
			}
		}
		_, err := get(t, c, path, nil)
		if got := ts.invalidations(); len(got) != 0 {
			t.Errorf("invalidated %v: a 403 does not say the token is dead", got)
		}
		if ts.mintCount() != 1 {
			t.Errorf("%d mints, want 1", ts.mintCount())
		}
		return err
	}
	for _, warm := range []bool{false, true} {
		err := classify(warm, projectsPath)
		var se *anypoint.ScopeError
		if !errors.As(err, &se) || !errors.Is(err, anypoint.ErrForbidden) {
			t.Errorf("warm=%v: err = %v (%T), want a *ScopeError matching ErrForbidden", warm, err, err)
		}
		err = classify(warm, "/accounts/api/cs/scopes")
		if !errors.Is(err, anypoint.ErrForbidden) || errors.Is(err, anypoint.ErrScopeDenied) {
			t.Errorf("warm=%v, unwrapped endpoint: err = %v, want a plain 403", warm, err)
		}
	}
}

// (e) A static token cannot be replaced: a 401 stays a plain *Error.
func TestStaticTokenUnauthorized(t *testing.T) {
	srv := rejecting(t, http.StatusUnauthorized, "static")
	c := newClient(t, srv, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static"}), fastRetry)

	_, err := get(t, c, projectsPath, nil)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != "Unauthorized" {
		t.Fatalf("err = %v (%T), want *anypoint.Error 401 Unauthorized", err, err)
	}
	if !errors.Is(err, anypoint.ErrUnauthorized) {
		t.Error("not ErrUnauthorized")
	}
	var se *anypoint.ScopeError
	if errors.Is(err, anypoint.ErrScopeDenied) || errors.As(err, &se) {
		t.Error("a static token's 401 was taken for a scope denial")
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// (f) The token endpoint refuses the client: the caller gets a *TokenError
// that names the cause and shows neither the secret nor the raw answer.
func TestTokenEndpointRefusal(t *testing.T) {
	const secret = "sup3r-s3cret-value"
	tokenSrv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		// A careless server might echo what it got.
		writeJSON(w, http.StatusUnauthorized, `{"error":"invalid_client","debug":"client_secret=`+secret+`"}`)
	})
	api := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		t.Errorf("API request %s %s sent without a token", r.Method, r.URL)
	})
	cfg := clientcredentials.Config{ClientID: "app", ClientSecret: secret, TokenURL: tokenSrv.URL + "/accounts/api/v2/oauth2/token"}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, tokenSrv.Client())
	c := newClient(t, api, cfg.TokenSource(ctx), fastRetry)

	_, err := get(t, c, projectsPath, nil)
	var te *anypoint.TokenError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v (%T), want *anypoint.TokenError", err, err)
	}
	if !errors.Is(err, anypoint.ErrInvalidClient) {
		t.Error("not ErrInvalidClient")
	}
	if te.Code != "invalid_client" || te.StatusCode != 401 {
		t.Errorf("Code %q, StatusCode %d", te.Code, te.StatusCode)
	}
	for _, form := range []string{err.Error(), te.Err.Error()} {
		if strings.Contains(form, secret) {
			t.Errorf("error %q shows the client secret", form)
		}
		if strings.Contains(form, `{"error"`) || strings.Contains(form, "debug") {
			t.Errorf("error %q shows the raw answer", form)
		}
	}
	if api.count() != 0 {
		t.Errorf("API got %d requests, want none", api.count())
	}
}

// A source that fails to mint the replacement token: *TokenError, and the
// request is not replayed.
func TestStaleTokenReplacementFails(t *testing.T) {
	ts := newMintingSource()
	ts.premint(t)
	ts.failAfter = 1
	ts.err = &oauth2.RetrieveError{
		Response:  &http.Response{StatusCode: 400, Header: http.Header{}, Request: &http.Request{Method: "POST", URL: &url.URL{Scheme: "https", Host: "h", Path: "/token"}}},
		Body:      []byte(`{"error":"invalid_grant","error_description":"refresh token expired"}`),
		ErrorCode: "invalid_grant", ErrorDescription: "refresh token expired",
	}
	srv := rejecting(t, http.StatusUnauthorized, "tok-1")
	c := newClient(t, srv, ts)

	_, err := get(t, c, projectsPath, nil)
	var te *anypoint.TokenError
	if !errors.As(err, &te) || !errors.Is(err, anypoint.ErrInvalidGrant) {
		t.Fatalf("err = %v (%T), want *TokenError invalid_grant", err, err)
	}
	if te.Description != "refresh token expired" {
		t.Errorf("Description = %q", te.Description)
	}
	if srv.count() != 1 {
		t.Errorf("server got %d requests, want 1", srv.count())
	}
}

// sameTokenSource claims to invalidate but hands out the same token again.
type sameTokenSource struct{ *mintingSource }

func (s sameTokenSource) Invalidate(*oauth2.Token) {}

func TestStaleTokenReplacedBySameToken(t *testing.T) {
	ts := sameTokenSource{newMintingSource()}
	ts.premint(t)
	srv := rejecting(t, http.StatusUnauthorized, "tok-1")
	c := newClient(t, srv, ts)

	_, err := get(t, c, projectsPath, nil)
	if !errors.Is(err, anypoint.ErrUnauthorized) || errors.Is(err, anypoint.ErrScopeDenied) {
		t.Errorf("err = %v, want a plain 401", err)
	}
	if srv.count() != 1 {
		t.Errorf("server got %d requests, want 1 (no replay with the same token)", srv.count())
	}
}

// (g) A POST whose body can be sent again is replayed, body and all.
func TestStaleTokenReplaysPOSTBody(t *testing.T) {
	ts := newMintingSource()
	ts.premint(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if bearer(r.Header) == "tok-1" {
			writeText(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		writeJSON(w, http.StatusCreated, `{"id":"p1"}`)
	})
	c := newClient(t, srv, ts)

	body := map[string]string{"name": "orders", "type": "raml"}
	var v struct{ ID string }
	if _, err := call(t, c, http.MethodPost, projectsPath, body, &v); err != nil {
		t.Fatal(err)
	}
	if v.ID != "p1" {
		t.Errorf("decoded %+v", v)
	}
	hits := srv.requests()
	if len(hits) != 2 {
		t.Fatalf("server got %d requests, want 2", len(hits))
	}
	for i, h := range hits {
		if h.Method != http.MethodPost || h.Body != `{"name":"orders","type":"raml"}` || h.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d: %s body %q Content-Type %q", i+1, h.Method, h.Body, h.Header.Get("Content-Type"))
		}
	}
	if got := tokensSeen(srv); !slices.Equal(got, []string{"tok-1", "tok-2"}) {
		t.Errorf("tokens %v", got)
	}
}

// A body that cannot be sent again is not replayed: a stale token's 401
// comes back as it is, but the token is forgotten, so the next call does
// not use it again.
func TestStaleTokenNotReplayedWithUnrewindableBody(t *testing.T) {
	ts := newMintingSource()
	ts.premint(t)
	srv := rejecting(t, http.StatusUnauthorized, "tok-1")
	c := newClient(t, srv, ts)

	_, err := call(t, c, http.MethodPost, "/x", onlyReader{strings.NewReader("data")}, nil)
	if !errors.Is(err, anypoint.ErrUnauthorized) || errors.Is(err, anypoint.ErrScopeDenied) {
		t.Errorf("err = %v, want a plain 401", err)
	}
	if srv.count() != 1 || ts.mintCount() != 1 {
		t.Errorf("%d requests and %d mints, want 1 and 1", srv.count(), ts.mintCount())
	}
	if got := ts.invalidations(); !slices.Equal(got, []string{"tok-1"}) {
		t.Errorf("invalidated %v, want the refused token", got)
	}
}

// onlyReader hides every method but Read, so net/http cannot rewind it.
type onlyReader struct{ r *strings.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// A token source that returns an empty token is a *TokenError, not a request
// without credentials.
func TestEmptyTokenIsRefused(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		t.Errorf("request sent with an empty token")
	})
	c := newClient(t, srv, oauth2.StaticTokenSource(&oauth2.Token{}))
	_, err := get(t, c, "/x", nil)
	var te *anypoint.TokenError
	if !errors.As(err, &te) {
		t.Errorf("err = %v (%T), want *anypoint.TokenError", err, err)
	}
}

// An endpoint any valid token may call cannot refuse a scope: a 401 there,
// even for a fresh token, is the token itself being refused.
func TestFreshTokenRejectedOnScopelessEndpointIsNotScopeError(t *testing.T) {
	ts := newMintingSource(scopes.Scope("profile"))
	srv := rejecting(t, http.StatusUnauthorized, "tok-1")
	c := newClient(t, srv, ts)
	_, err := get(t, c, "/accounts/api/me", nil)
	if !errors.Is(err, anypoint.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if errors.Is(err, anypoint.ErrScopeDenied) {
		t.Fatalf("GET /accounts/api/me needs no scope, yet err = %v is a scope denial", err)
	}
}

// A scope denial says in which organization the scope is missing, names
// the scopes as Access Management does, and does not contradict itself when
// the token claims the scope the platform refused.
func TestScopeErrorNamesOrganizationAndDisplayNames(t *testing.T) {
	ts := newMintingSource(scopes.ViewEnvironment, scopes.OfflineAccess)
	srv := rejecting(t, http.StatusUnauthorized, "tok-1")
	c := newClient(t, srv, ts)
	_, err := get(t, c, "/accounts/api/organizations/org-42/environments", nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *ScopeError", err)
	}
	if se.OrgID != "org-42" {
		t.Errorf("OrgID = %q, want org-42 (from the path)", se.OrgID)
	}
	text := err.Error()
	for _, want := range []string{`view:environment ("View Environment")`, "in organization org-42", "but the platform refused it"} {
		if !strings.Contains(text, want) {
			t.Errorf("error %q does not contain %q", text, want)
		}
	}

	// Design Center names the organization in a header.
	ts2 := newMintingSource()
	c2 := newClient(t, rejecting(t, http.StatusUnauthorized, "tok-1"), ts2)
	req2, _ := c2.NewRequest(context.Background(), http.MethodGet, projectsPath, nil)
	req2.Header.Set("x-organization-id", "bg-7")
	_, err = c2.Do(req2, nil)
	if !errors.As(err, &se) || se.OrgID != "bg-7" {
		t.Fatalf("err = %v, want a ScopeError in organization bg-7", err)
	}
	if strings.Contains(err.Error(), "but the platform refused it") {
		t.Errorf("error %q says the token holds a scope it does not", err)
	}
}

// An error of the token source says so (ErrNoToken) and keeps its own text
// and chain; an answer of the API never matches ErrNoToken.
func TestTokenSourceErrorsMatchErrNoToken(t *testing.T) {
	srv := rejecting(t, http.StatusUnauthorized, "static")
	cause := errors.New("vault: secret not found")
	c := newClient(t, srv, oauth2.ReuseTokenSource(nil, failingSource{cause}))
	_, err := get(t, c, projectsPath, nil)
	if !errors.Is(err, anypoint.ErrNoToken) || !errors.Is(err, cause) || err.Error() != cause.Error() {
		t.Fatalf("err = %v, want the token source's error, matching ErrNoToken", err)
	}
	if srv.count() != 0 {
		t.Fatal("a request was sent without a token")
	}
	c = newClient(t, srv, staticToken("static"))
	if _, err := get(t, c, projectsPath, nil); errors.Is(err, anypoint.ErrNoToken) {
		t.Fatalf("the API's 401 matches ErrNoToken: %v", err)
	}
}

type failingSource struct{ err error }

func (f failingSource) Token() (*oauth2.Token, error) { return nil, f.err }

// B1: a scope denial is remembered per endpoint pattern. Twenty denied
// calls on twenty project IDs cost one token request in all (the first
// call's), not one each: the shared token is not thrown away for every new
// ID.
func TestDenialsAreRememberedPerEndpointPattern(t *testing.T) {
	ts := newMintingSource()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	})
	c := newClient(t, srv, ts)
	for i := range 20 {
		_, err := get(t, c, fmt.Sprintf("%s/project-%d", projectsPath, i), nil)
		var se *anypoint.ScopeError
		if !errors.As(err, &se) || !slices.Contains(se.Required, scopes.EditDesignCenter) {
			t.Fatalf("call %d: err = %v, want a ScopeError naming edit:design_center", i, err)
		}
	}
	if n := ts.mintCount(); n != 1 {
		t.Errorf("20 denied calls on 20 IDs made %d token requests, want 1", n)
	}
	if got := ts.invalidations(); len(got) != 0 {
		t.Errorf("the shared token was thrown away %d times", len(got))
	}
	if srv.count() != 20 {
		t.Errorf("%d API requests, want 20 (no replays)", srv.count())
	}
}

// B4: clients share one connection pool, as http.DefaultTransport is
// shared: fifty clients (one per signed-in user, say) that each make a call
// in turn reuse one connection instead of opening fifty.
func TestClientsShareOneConnectionPool(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	for i := range 50 {
		c, err := anypoint.NewClient(staticToken(fmt.Sprintf("user-%d", i)), anypoint.WithBaseURL(srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Call(context.Background(), http.MethodGet, "/accounts/api/me", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("50 clients opened %d connections, want 1 shared", n)
	}
}
