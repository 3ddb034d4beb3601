package exchange_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/scopes"
)

// A pipeline publishes a Mule application to Exchange. The jar is streamed
// from its reader (here a string; in a build, the *os.File of the jar), and
// Publish returns once Exchange has published it.
func ExampleService_Publish() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app := srv.AddApp(anypointtest.AppSpec{Name: "ci-pipeline", Scopes: []scopes.Scope{scopes.EditExchange}})
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		log.Fatal(err)
	}
	ex := exchange.New(c)

	pub, err := ex.Publish(context.Background(), anypointtest.OrgID, &exchange.PublishRequest{
		AssetID: "orders-sync", Version: "1.0.0", Name: "Orders Sync",
		Files: []exchange.File{{Classifier: "mule-application", Packaging: "jar", Content: strings.NewReader("PK…")}},
		OnStatus: func(st *exchange.PublicationStatus) {
			fmt.Println("publication:", st.Status)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("published", pub.AssetID, pub.Version, "as", pub.Type)

	for a, err := range ex.AllAssets(context.Background(), &exchange.ListAssetsOptions{Search: "orders"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("found", a.Name, a.Version)
	}
	// Output:
	// publication: running
	// publication: completed
	// published orders-sync 1.0.0 as app
	// found Orders Sync 1.0.0
}
