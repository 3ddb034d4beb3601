package exchange_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

// seedAssets publishes n custom assets named "asset-000" … and returns the
// service.
func seedAssets(t *testing.T, srv *anypointtest.Server, n int) *exchange.Service {
	t.Helper()
	ex, _ := publisher(t, srv, scopes.EditExchange)
	for i := range n {
		_, err := ex.Publish(context.Background(), anypointtest.OrgID, &exchange.PublishRequest{
			AssetID: fmt.Sprintf("asset-%03d", i), Version: "1.0.0", Name: fmt.Sprintf("Asset %03d", i),
			Type: exchange.Custom, Sync: true, Tags: []string{fmt.Sprintf("group-%d", i%3)},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return ex
}

func TestAllAssetsWalksTheBareArrayPages(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex := seedAssets(t, srv, 7)
	srv.ResetRequestLog()
	var names []string
	for a, err := range ex.AllAssets(context.Background(), &exchange.ListAssetsOptions{Types: []exchange.AssetType{exchange.Custom}, ListOptions: anypoint.ListOptions{Limit: 3}}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, a.AssetID)
	}
	want := []string{"asset-000", "asset-001", "asset-002", "asset-003", "asset-004", "asset-005", "asset-006"}
	if !slices.Equal(names, want) {
		t.Errorf("walked %v, want %v", names, want)
	}
	// 3 + 3 + 1: the short page ends the walk; there is no total to read.
	if n := srv.Requests(http.MethodGet, anypointtest.ExchangePath+"/assets/search"); n != 3 {
		t.Errorf("%d pages fetched, want 3", n)
	}
}

func TestListAssetsFiltersAndQuery(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex := seedAssets(t, srv, 6)
	srv.ResetRequestLog()
	asc := true
	page, err := ex.ListAssets(context.Background(), &exchange.ListAssetsOptions{
		Search: "group-1", Types: []exchange.AssetType{exchange.Custom, exchange.RESTAPI}, OrganizationID: anypointtest.OrgID,
		Sort: "name", Ascending: &asc, ListOptions: anypoint.ListOptions{Limit: 250},
	})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 0 || len(page.Data) != 2 || page.Data[0].AssetID != "asset-001" || page.Data[1].AssetID != "asset-004" {
		t.Errorf("page = %+v", page)
	}
	a := page.Data[0]
	if a.OrganizationID != anypointtest.OrgID || a.Type != exchange.Custom || a.Status != "published" || a.CreatedAt.IsZero() {
		t.Errorf("summary = %+v", a)
	}
	log := srv.RequestLog()
	q := log[len(log)-1].Query.Encode()
	if !strings.Contains(q, "types=custom&types=rest-api") || !strings.Contains(q, "search=group-1") || !strings.Contains(q, "limit=250") {
		t.Errorf("query = %s", q)
	}
}

func TestListAssetsRefusesBadPaging(t *testing.T) {
	ex := exchange.New(nil)
	_, err := ex.ListAssets(context.Background(), &exchange.ListAssetsOptions{ListOptions: anypoint.ListOptions{Limit: 251}})
	wantInvalid(t, err, "Limit")
	sdktest.WantInvalidWalk(t, ex.AllAssets(context.Background(), &exchange.ListAssetsOptions{ListOptions: anypoint.ListOptions{Offset: -1}}), "Offset")
	_, err = ex.GetAsset(context.Background(), "g", "")
	wantInvalid(t, err, "assetID")
	_, err = ex.GetAssetVersion(context.Background(), "g", "a", " ")
	wantInvalid(t, err, "version")
}

// Assets published from Design Center show up in Exchange too.
func TestDesignCenterPublicationsAreInExchange(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "designer", Scopes: []scopes.Scope{scopes.EditDesignCenter, scopes.ReadExchange}})
	c := clientFor(t, srv, app)
	ctx := context.Background()
	if _, err := designcenter.New(c).PublishToExchange(ctx, anypointtest.OrdersProjectID, "master", &designcenter.PublishToExchangeRequest{
		Name: "Orders API", APIVersion: "v1", Version: "1.0.0", Main: "orders-api.raml", AssetID: "orders-api",
		Classifier: designcenter.ClassifierRAML, Status: designcenter.AssetStatusPublished}); err != nil {
		t.Fatal(err)
	}
	page, err := exchange.New(c).ListAssets(ctx, &exchange.ListAssetsOptions{Search: "orders"})
	if err != nil || len(page.Data) != 1 || page.Data[0].AssetID != "orders-api" || page.Data[0].Type != exchange.RESTAPI {
		t.Fatalf("page = %+v, %v", page, err)
	}
}
