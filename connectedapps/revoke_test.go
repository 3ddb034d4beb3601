package connectedapps_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"golang.org/x/oauth2"
)

// revokeForms returns the forms of the revocation requests in the log.
func revokeForms(srv *anypointtest.Server) []url.Values {
	var out []url.Values
	for _, r := range srv.RequestLog() {
		if r.Method == http.MethodPost && r.Path == anypointtest.RevokePath {
			f, _ := url.ParseQuery(string(r.Body))
			out = append(out, f)
		}
	}
	return out
}

func TestRevokeEndsTheUsersGrant(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	tok := f.signIn(t, f.ac)
	store := &connectedapps.MemoryStore{}
	ts := source(t, f.ac, tok, connectedapps.WithStore(store))
	if _, err := listEnvironments(t, ts, f); err != nil {
		t.Fatal(err)
	}
	f.srv.ResetRequestLog()
	if err := ts.Revoke(context.Background()); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	forms := revokeForms(f.srv)
	want := url.Values{"token": {tok.RefreshToken}, "token_type_hint": {"refresh_token"}, "client_id": {f.app.ClientID}, "client_secret": {f.app.ClientSecret}}
	if len(forms) != 1 || forms[0].Encode() != want.Encode() {
		t.Fatalf("revocation forms %v; want one with the refresh token and hint", len(forms))
	}
	if saved, _ := store.Load(context.Background()); saved != nil {
		t.Error("the store still holds the token")
	}
	for range 3 {
		if _, err := ts.Token(); !errors.Is(err, connectedapps.ErrRevoked) {
			t.Errorf("Token after Revoke: %v; want ErrRevoked", err)
		}
	}
	if _, err := listEnvironments(t, ts, f); !errors.Is(err, connectedapps.ErrRevoked) {
		t.Errorf("list after Revoke: %v; want ErrRevoked", err)
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Errorf("%d token requests after Revoke; want 0", n)
	}
	// On the platform, the grant is gone: both tokens are dead.
	if _, err := source(t, f.ac, expired(tok)).Token(); !errors.Is(err, anypoint.ErrInvalidGrant) {
		t.Errorf("refresh with the revoked token: %v; want ErrInvalidGrant", err)
	}
	static, _ := anypoint.NewClient(oauth2.StaticTokenSource(tok), anypoint.WithConfig(f.ac.Config), anypoint.WithRetry(anypoint.NoRetry()))
	req, _ := static.NewRequest(context.Background(), http.MethodGet, "/accounts/api/me", nil)
	if _, err := static.Do(req, nil); !errors.Is(err, anypoint.ErrUnauthorized) {
		t.Errorf("the revoked access token still works: %v", err)
	}
	// A second Revoke is a no-op.
	if err := ts.Revoke(context.Background()); err != nil || len(revokeForms(f.srv)) != 1 {
		t.Errorf("second Revoke: %v, %d requests", err, len(revokeForms(f.srv)))
	}
}

func TestRevokeAccessTokenOfClientCredentials(t *testing.T) {
	acNoLeaks(t)
	srv := anypointtest.NewTestServer(t)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	ts := connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: sdktest.Config(anypoint.WithBaseURL(srv.URL), anypoint.WithHTTPClient(&http.Client{Transport: tr}))}.TokenSource()
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Revoke(context.Background()); err != nil {
		t.Fatal(err)
	}
	forms := revokeForms(srv)
	want := url.Values{"token": {tok.AccessToken}, "token_type_hint": {"access_token"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}
	if len(forms) != 1 || forms[0].Encode() != want.Encode() {
		t.Errorf("revocation forms %d; want one with the access token and hint", len(forms))
	}
	before := srv.TokenRequests()
	if _, err := ts.Token(); !errors.Is(err, connectedapps.ErrRevoked) || !strings.Contains(err.Error(), "new token source") {
		t.Errorf("Token after Revoke: %v; want ErrRevoked", err)
	}
	if srv.TokenRequests() != before {
		t.Error("a token was minted after Revoke")
	}
}

func TestRevokeRefusedKeepsTheToken(t *testing.T) {
	te := newTokenEndpoint(t, func(form url.Values) (int, string) {
		return 401, `{"error":"invalid_client","error_description":"Invalid client credentials"}`
	})
	store := &connectedapps.MemoryStore{}
	ac := connectedapps.AuthorizationCode{ClientID: "cid", RedirectURL: "http://127.0.0.1:8765/cb", Config: sdktest.Config(anypoint.WithBaseURL(te.URL))}
	tok := &oauth2.Token{AccessToken: "at-keep", RefreshToken: "rt-keep", Expiry: time.Now().Add(time.Hour)}
	ts := source(t, ac, tok, connectedapps.WithStore(store))
	err := ts.Revoke(context.Background())
	if !errors.Is(err, anypoint.ErrInvalidClient) || strings.Contains(err.Error(), "rt-keep") {
		t.Fatalf("err = %v; want ErrInvalidClient without the token", err)
	}
	forms := te.got()
	want := url.Values{"_path": {anypointtest.RevokePath}, "token": {"rt-keep"}, "token_type_hint": {"refresh_token"}, "client_id": {"cid"}}
	if len(forms) != 1 || forms[0].Encode() != want.Encode() {
		t.Errorf("forms %v; want %v (a public client sends no secret)", forms, want)
	}
	if got, err := ts.Token(); err != nil || got.AccessToken != "at-keep" {
		t.Errorf("Token after a refused revocation = %v, %v; want the old token", got, err)
	}
	if saved, _ := store.Load(context.Background()); saved == nil {
		t.Error("the store was cleared although the revocation failed")
	}
}

func TestRevokeTheStoredTokenOfAFreshSource(t *testing.T) {
	acNoLeaks(t)
	f := newACFixture(t)
	path := filepath.Join(t.TempDir(), "token.json")
	tok := f.signIn(t, f.ac)
	source(t, f.ac, tok, connectedapps.WithStore(connectedapps.NewFileStore(path)))

	ts := source(t, f.ac, nil, connectedapps.WithStore(connectedapps.NewFileStore(path))) // a new run: sign out
	f.srv.ResetRequestLog()
	if err := ts.Revoke(context.Background()); err != nil {
		t.Fatal(err)
	}
	if forms := revokeForms(f.srv); len(forms) != 1 || forms[0].Get("token") != tok.RefreshToken {
		t.Errorf("revocation of the stored refresh token: %d requests", len(forms))
	}
	if saved, err := connectedapps.NewFileStore(path).Load(context.Background()); saved != nil || err != nil {
		t.Errorf("file after Revoke: %v, %v; want none", saved, err)
	}
}
