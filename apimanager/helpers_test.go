package apimanager_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/apimanager"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

const (
	org = anypointtest.OrgID
	env = anypointtest.SandboxEnvID
)

// governor is every scope the walk needs.
var governor = []scopes.Scope{
	scopes.ReadAPIConfiguration, scopes.ManageAPIConfiguration, scopes.ReadExchange,
	scopes.ReadAPIPolicies, scopes.ManageAPIPolicies, scopes.ReadAPIContracts, scopes.ManageAPIContracts,
	scopes.ManageOrgClientApplications,
}

// service adds a client-credentials app holding sc and returns an API
// Manager client that acts as it.
func service(t testing.TB, srv *anypointtest.Server, name string, sc ...scopes.Scope) *apimanager.Service {
	t.Helper()
	app := srv.AddApp(anypointtest.AppSpec{Name: name, Scopes: sc})
	cfg := srv.Config(anypoint.WithHTTPClient(&http.Client{Timeout: time.Minute}), anypoint.WithRetry(anypoint.NoRetry()))
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(),
		anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return apimanager.New(c)
}

func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	sdktest.WantInvalid(t, err, field)
}

// requests counts the requests of the fake's log whose method is method
// and whose path contains part.
func requests(srv *anypointtest.Server, method, part string) int {
	n := 0
	for _, r := range srv.RequestLog() {
		if r.Method == method && strings.Contains(r.Path, part) {
			n++
		}
	}
	return n
}
