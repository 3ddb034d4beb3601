package anypointtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// WithUnauthorizedBody(UnauthorizedJSON) answers every 401 (no token, a
// missing scope, a fault) with CloudHub 2.0's JSON instead of plain text.
func TestUnauthorizedJSONBody(t *testing.T) {
	srv := anypointtest.NewTestServer(t, anypointtest.WithUnauthorizedBody(anypointtest.UnauthorizedJSON))
	wantJSON401 := func(a answer) {
		t.Helper()
		a.want(t, 401)
		if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("401 Content-Type %q, want application/json", ct)
		}
		var body struct {
			Status  int    `json:"status"`
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(a.body, &body); err != nil || body.Status != 401 || body.Error != "Unauthorized" || body.Message != "Unauthorized" {
			t.Errorf("401 body %s (%v)", a.body, err)
		}
		if a.Header.Get("WWW-Authenticate") != "" {
			t.Errorf("401 carries WWW-Authenticate %q", a.Header.Get("WWW-Authenticate"))
		}
	}
	wantJSON401(do(t, srv, "GET", anypointtest.MePath, "", nil))
	wantJSON401(do(t, srv, "GET", anypointtest.MePath, "no-such-token", nil))
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	wantJSON401(do(t, srv, "GET", "/accounts/api/organizations/"+anypointtest.OrgID+"/environments", tok, nil))
	srv.Fail(anypointtest.FaultSpec{Status: 401, Path: anypointtest.MePath})
	wantJSON401(do(t, srv, "GET", anypointtest.MePath, tok, nil))

	// The default is plain text.
	plain := anypointtest.NewTestServer(t)
	wantUnauthorized(t, do(t, plain, "GET", anypointtest.MePath, "", nil))
}

// The SDK classifies the fake's JSON 401 as it does the plain-text one: a
// removed scope is a ScopeError naming it.
func TestSDKScopeErrorWithJSONBody(t *testing.T) {
	for _, body := range []anypointtest.UnauthorizedBody{anypointtest.UnauthorizedText, anypointtest.UnauthorizedJSON} {
		srv := anypointtest.NewTestServer(t, anypointtest.WithUnauthorizedBody(body))
		app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
		c, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
			anypoint.WithConfig(srv.Config()))
		if err != nil {
			t.Fatal(err)
		}
		dc := designcenter.New(c)
		ctx := context.Background()
		if _, err := dc.ListProjects(ctx); err != nil {
			t.Fatalf("body %d: %v", body, err)
		}
		srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})
		_, err = dc.ListProjects(ctx)
		var se *anypoint.ScopeError
		if !errors.As(err, &se) || se.Err.StatusCode != http.StatusUnauthorized || se.Err.Message != "Unauthorized" {
			t.Errorf("body %d: err = %v (%T), want a ScopeError of a 401 saying Unauthorized", body, err, err)
		}
	}
}
