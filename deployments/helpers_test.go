package deployments_test

import (
	"context"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

const (
	org = anypointtest.OrgID
	env = anypointtest.SandboxEnvID
)

// deployScopes are what a pipeline app holds.
var deployScopes = []scopes.Scope{scopes.EditExchange, scopes.CreateApplications, scopes.ReadApplications, scopes.DeleteApplications, scopes.ReadRuntimeFabrics}

// fast polls every few milliseconds.
var fast = &deployments.WaitOptions{Interval: time.Millisecond, MaxInterval: 5 * time.Millisecond}

type fixture struct {
	srv *anypointtest.Server
	app anypointtest.App
	c   *anypoint.Client
	svc *deployments.Service
}

// newFixture starts a fake platform whose deployments settle at once, adds
// an app with sc (deployScopes when none), and publishes the Mule
// application orders-sync 1.0.0 and 1.1.0 to Exchange.
func newFixture(t *testing.T, sc ...scopes.Scope) *fixture {
	t.Helper()
	srv := anypointtest.NewTestServer(t)
	srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{})
	if len(sc) == 0 {
		sc = deployScopes
	}
	app := srv.AddApp(anypointtest.AppSpec{Name: "pipeline", Scopes: append(sc, scopes.EditExchange)})
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"1.0.0", "1.1.0"} {
		_, err := exchange.New(c).Publish(context.Background(), org, &exchange.PublishRequest{
			AssetID: "orders-sync", Version: v, Name: "Orders Sync", Sync: true,
			Files: []exchange.File{{Classifier: "mule-application", Packaging: "jar", Content: strings.NewReader("jar")}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return &fixture{srv: srv, app: app, c: c, svc: deployments.New(c)}
}

func ref(version string) deployments.AssetRef {
	return deployments.AssetRef{GroupID: org, ArtifactID: "orders-sync", Version: version}
}

func (f *fixture) create(t *testing.T, name string) *deployments.Deployment {
	t.Helper()
	d, err := f.svc.CreateDeployment(context.Background(), org, env, &deployments.CreateDeploymentRequest{
		Name: name, TargetID: anypointtest.SharedSpaceTargetID, Asset: ref("1.0.0"), VCores: 0.1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// wantInvalid checks that err is an *anypoint.ValidationError about field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	sdktest.WantInvalid(t, err, field)
}
