package anypoint_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// The bodies Anypoint's APIs answer a 401 with. The Accounts API sends plain
// text; CloudHub 2.0 and Runtime Fabric answer a missing scope with JSON
// (ANYPOINT.md, "Errors and limits"). The 401 rule must not read either.
var unauthorizedBodies = []struct {
	name, contentType, body string
}{
	{"plain text", "text/plain", "Unauthorized"},
	{"JSON", "application/json", `{"status":401,"error":"Unauthorized","message":"Unauthorized"}`},
}

// outcome is how the client classified one 401 scenario: what the caller
// got, and what the client did about the token.
type outcome struct {
	ok, scopeDenied, unauthorized bool
	message                       string
	requests, mints               int
	invalidated                   []string
}

func (o outcome) String() string {
	return fmt.Sprintf("ok=%v scopeDenied=%v unauthorized=%v message=%q requests=%d mints=%d invalidated=%v",
		o.ok, o.scopeDenied, o.unauthorized, o.message, o.requests, o.mints, o.invalidated)
}

// The same 401, sent as plain text or as JSON, gets the same classification
// in every case of the rule: a stale token is replaced and the request
// replayed; a fresh token's refusal is a ScopeError; a token that cannot be
// replaced gives ErrUnauthorized; a refusal on an endpoint that needs no
// scope is never a scope denial. Only the parsed message may differ, and
// here both bodies say "Unauthorized".
func TestUnauthorizedRuleIgnoresTheBodyShape(t *testing.T) {
	scenarios := []struct {
		name string
		// want is the classification: ok, scopeDenied, unauthorized, requests.
		want [4]any
		run  func(t *testing.T, contentType, body string) outcome
	}{
		{"stale token replaced and replayed", [4]any{true, false, false, 2}, func(t *testing.T, ct, body string) outcome {
			ts := newMintingSource(scopes.EditDesignCenter)
			ts.premint(t)
			return classify(t, ct, body, ts, projectsPath, "tok-1")
		}},
		{"fresh token refused: scope denied", [4]any{false, true, true, 1}, func(t *testing.T, ct, body string) outcome {
			return classify(t, ct, body, newMintingSource(scopes.ViewEnvironment), projectsPath, "tok-1")
		}},
		{"stale then fresh refused: scope denied", [4]any{false, true, true, 2}, func(t *testing.T, ct, body string) outcome {
			ts := newMintingSource(scopes.ViewEnvironment)
			ts.premint(t)
			return classify(t, ct, body, ts, projectsPath, "tok-1", "tok-2")
		}},
		{"static token refused: unauthorized", [4]any{false, false, true, 1}, func(t *testing.T, ct, body string) outcome {
			return classify(t, ct, body, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static"}), projectsPath, "static")
		}},
		{"endpoint without scopes: never a scope denial", [4]any{false, false, true, 1}, func(t *testing.T, ct, body string) outcome {
			return classify(t, ct, body, newMintingSource(scopes.Profile), "/accounts/api/me", "tok-1")
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			var got []outcome
			for _, b := range unauthorizedBodies {
				o := sc.run(t, b.contentType, b.body)
				if have := [4]any{o.ok, o.scopeDenied, o.unauthorized, o.requests}; have != sc.want {
					t.Errorf("%s body: [ok scopeDenied unauthorized requests] = %v, want %v", b.name, have, sc.want)
				}
				got = append(got, o)
			}
			for i := 1; i < len(got); i++ {
				if got[i].String() != got[0].String() {
					t.Errorf("%s body: %v\n%s body: %v", unauthorizedBodies[0].name, got[0], unauthorizedBodies[i].name, got[i])
				}
			}
		})
	}
}

// classify calls path through a client with ts against a server that
// answers 401 with body to the refused tokens and 200 to any other.
func classify(t *testing.T, contentType, body string, ts oauth2.TokenSource, path string, refused ...string) outcome {
	t.Helper()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if slices.Contains(refused, bearer(r.Header)) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(body))
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	c := newClient(t, srv, ts)
	_, err := get(t, c, path, nil)
	o := outcome{ok: err == nil, requests: srv.count(),
		scopeDenied:  errors.Is(err, anypoint.ErrScopeDenied),
		unauthorized: errors.Is(err, anypoint.ErrUnauthorized)}
	var apiErr *anypoint.Error
	if errors.As(err, &apiErr) {
		o.message = apiErr.Message
	}
	if err != nil && apiErr == nil {
		t.Fatalf("err = %v (%T), want an answer of the server", err, err)
	}
	if ms, ok := ts.(*mintingSource); ok {
		o.mints, o.invalidated = ms.mintCount(), ms.invalidations()
	}
	return o
}
