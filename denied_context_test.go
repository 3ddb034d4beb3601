package anypoint_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
)

// A client-credentials app is granted a scope per organization and
// environment. Calls that alternate between an environment where the app
// holds the scope and one where it does not must cost one token request
// for the first denial only: a success in Sandbox does not erase the denial
// learned in Production, on any API. (Remembered per pattern alone, every
// denied call after a success threw the shared token away and minted
// another.)
func TestDenialsAreRememberedPerContext(t *testing.T) {
	for _, api := range []struct {
		name, pattern string
	}{
		{"deployments", "/amc/application-manager/api/v2/organizations/org-1/environments/%s/deployments"},
		{"api manager", "/apimanager/api/v1/organizations/org-1/environments/%s/apis"},
		{"anypoint mq stats", "/mq/stats/api/v1/organizations/org-1/environments/%s"},
		{"business groups", "/accounts/api/organizations/%s/environments"},
	} {
		t.Run(api.name, func(t *testing.T) {
			ts := newMintingSource()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if strings.Contains(r.URL.Path, "/prod") {
					http.Error(w, "Unauthorized", http.StatusUnauthorized)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{}`)
			})
			c := newClient(t, srv, ts)
			denied := 0
			for i := range 10 {
				env := "sandbox"
				if i%2 == 1 {
					env = "prod"
				}
				_, err := get(t, c, fmt.Sprintf(api.pattern, env), nil)
				var se *anypoint.ScopeError
				switch {
				case env == "sandbox" && err != nil:
					t.Fatalf("call %d in sandbox: %v", i, err)
				case env == "prod" && !errors.As(err, &se):
					t.Fatalf("call %d in prod: err = %v, want a ScopeError", i, err)
				case env == "prod":
					denied++
				}
			}
			if denied != 5 {
				t.Fatalf("%d denials, want 5", denied)
			}
			if n := ts.mintCount(); n != 2 {
				t.Errorf("5 denied calls alternating with 5 allowed ones made %d token requests, want 2 (the first token and the one proving the first denial)", n)
			}
		})
	}
}

// A ScopeError names the environment a request acted in, so a program can
// tell an administrator where to grant the scope.
func TestScopeErrorNamesTheEnvironment(t *testing.T) {
	ts := newMintingSource()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	})
	c := newClient(t, srv, ts)
	_, err := get(t, c, "/amc/application-manager/api/v2/organizations/org-1/environments/env-9/deployments", nil)
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || se.OrgID != "org-1" || se.EnvID != "env-9" {
		t.Fatalf("err = %#v, want a ScopeError in org-1 and env-9", err)
	}
	if msg := se.Error(); !strings.Contains(msg, "in organization org-1 and environment env-9") ||
		!strings.Contains(msg, `read:applications ("Read Applications")`) ||
		!strings.Contains(msg, "amc-application-manager getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments") {
		t.Errorf("message %q", msg)
	}
}
