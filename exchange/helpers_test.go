package exchange_test

import (
	"net/http"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

// publisher adds a client-credentials app holding sc in the root
// organization and returns an Exchange service that acts as it, polling
// fast.
func publisher(t testing.TB, srv *anypointtest.Server, sc ...scopes.Scope) (*exchange.Service, anypointtest.App) {
	t.Helper()
	app := srv.AddApp(anypointtest.AppSpec{Name: "publisher", Scopes: sc})
	return exchange.New(clientFor(t, srv, app), exchange.WithPollInterval(time.Millisecond, 5*time.Millisecond)), app
}

func clientFor(t testing.TB, srv *anypointtest.Server, app anypointtest.App, opts ...anypoint.Option) *anypoint.Client {
	t.Helper()
	cfg := srv.Config(append([]anypoint.Option{anypoint.WithHTTPClient(&http.Client{Timeout: time.Minute})}, opts...)...)
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(),
		anypoint.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantInvalid checks that err is an *anypoint.ValidationError about field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	sdktest.WantInvalid(t, err, field)
}
