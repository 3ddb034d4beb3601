package anypointtest_test

import (
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
)

// The authorize endpoint takes OpenID Connect's prompt harmlessly: consent
// (sent with offline_access), login, select_account and none change
// nothing, since the seed user is signed in and consents at once; the code
// still brings a refresh token. none with another value is an error.
func TestAuthorizePrompt(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	for _, prompt := range []string{"consent", "login", "login consent", "select_account", "none"} {
		verifier, challenge := pkce("p")
		q := authQuery(challenge)
		q.Set("prompt", prompt)
		_, loc := authorize(t, srv, q)
		if loc == nil || loc.Query().Get("code") == "" {
			t.Errorf("prompt=%s: redirect %v, want a code", prompt, loc)
			continue
		}
		a, tok := exchange(t, srv, loc.Query().Get("code"), verifier, anypointtest.DefaultUserAppRedirectURI)
		a.want(t, 200)
		if tok.RefreshToken == "" {
			t.Errorf("prompt=%s: no refresh token for offline_access", prompt)
		}
	}
	q := authQuery("")
	q.Set("prompt", "none consent")
	if _, loc := authorize(t, srv, q); loc == nil || loc.Query().Get("error") != "invalid_request" || loc.Query().Get("state") != "st4te" {
		t.Errorf("prompt=none consent: %v", loc)
	}
	srv.SetConsent(false)
	q = authQuery("")
	q.Set("prompt", "consent")
	if _, loc := authorize(t, srv, q); loc == nil || loc.Query().Get("error") != "access_denied" {
		t.Errorf("prompt=consent, user denies: %v", loc)
	}
}
