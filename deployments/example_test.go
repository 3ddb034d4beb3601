package deployments_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/scopes"
)

// Deploy a Mule application from Exchange to CloudHub 2.0 and follow it
// until it runs.
func ExampleService_WaitForDeployment() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	srv.SetDeploymentOutcome(anypointtest.DeploymentOutcome{After: 100 * time.Millisecond})
	app := srv.AddApp(anypointtest.AppSpec{Name: "ci-pipeline",
		Scopes: []scopes.Scope{scopes.EditExchange, scopes.CreateApplications, scopes.ReadApplications}})
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	orgID, envID := anypointtest.OrgID, anypointtest.SandboxEnvID
	if _, err := exchange.New(c).Publish(ctx, orgID, &exchange.PublishRequest{
		AssetID: "orders-sync", Version: "1.0.0", Name: "Orders Sync", Sync: true,
		Files: []exchange.File{{Classifier: "mule-application", Packaging: "jar", Content: strings.NewReader("PK…")}},
	}); err != nil {
		log.Fatal(err)
	}

	deploy := deployments.New(c)
	req := &deployments.CreateDeploymentRequest{
		Name: "orders-sync", TargetID: anypointtest.SharedSpaceTargetID, VCores: 0.1,
		Asset:            deployments.AssetRef{GroupID: orgID, ArtifactID: "orders-sync", Version: "1.0.0"},
		SecureProperties: deployments.SecureProperties{"db.password": "s3cret"},
	}
	d, err := deploy.CreateDeployment(ctx, orgID, envID, req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("deploying %s (%s) with %v\n", d.Name, d.Status, req.SecureProperties)

	d, err = deploy.WaitForDeployment(ctx, orgID, envID, d.ID, &deployments.WaitOptions{
		Interval: 20 * time.Millisecond,
		OnChange: func(d *deployments.Deployment) { log.Println(d.Status, d.Application.Status) },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Name, d.Status, d.Application.Status, d.Application.Ref)
	// Output:
	// deploying orders-sync (APPLYING) with map[db.password:REDACTED]
	// orders-sync APPLIED RUNNING 7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13:orders-sync:1.0.0
}
