package exchange_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
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
		Search: "group-1", Types: []exchange.AssetType{exchange.Custom}, RootOrganizationID: anypointtest.OrgID,
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
	// The spec's parameters, each once, and search (which the community
	// Terraform provider sends); no organizationId, which the spec lacks.
	want := "ascending=true&limit=250&rootOrganizationId=" + anypointtest.OrgID + "&search=group-1&sort=name&types=custom"
	if q := log[len(log)-1].Query.Encode(); q != want {
		t.Errorf("query = %s\nwant    %s", q, want)
	}
}

// The spec's search takes one type: ListAssets refuses two before sending,
// and AllAssets walks each type in turn, every request with types once.
func TestSeveralTypesAreAskedForOneAfterTheOther(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex := seedAssets(t, srv, 2)
	if _, err := ex.Publish(context.Background(), anypointtest.OrgID, &exchange.PublishRequest{
		AssetID: "a-template", Version: "1.0.0", Name: "A template", Type: exchange.Template, Sync: true,
	}); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequestLog()
	two := []exchange.AssetType{exchange.Template, exchange.Custom}
	_, err := ex.ListAssets(context.Background(), &exchange.ListAssetsOptions{Types: two})
	wantInvalid(t, err, "Types")
	if n := len(srv.RequestLog()); n != 0 {
		t.Fatalf("%d requests for a refused ListAssets", n)
	}
	var got []string
	for a, err := range ex.AllAssets(context.Background(), &exchange.ListAssetsOptions{Types: two, ListOptions: anypoint.ListOptions{Limit: 1}}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(a.Type)+":"+a.AssetID)
	}
	if want := []string{"template:a-template", "custom:asset-000", "custom:asset-001"}; !slices.Equal(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}
	var types []string
	for _, r := range srv.RequestLog() {
		if len(r.Query["types"]) != 1 {
			t.Errorf("request %s?%s carries types %d times, want once", r.Path, r.Query.Encode(), len(r.Query["types"]))
		}
		types = append(types, r.Query.Get("types"))
	}
	// Template: a page of 1, then an empty one; custom: 1, 1, then empty.
	if want := []string{"template", "template", "custom", "custom", "custom"}; !slices.Equal(types, want) {
		t.Errorf("types asked for: %v, want %v", types, want)
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
