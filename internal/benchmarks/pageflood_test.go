package benchmarks

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/apimanager"
	"github.com/anypoint-go/anypoint/auditlog"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/exchange"
	"golang.org/x/oauth2"
)

// floodBytes is the size of a flooded page: about 3 MiB of empty objects.
const floodBytes = 3 << 20

// floodItems is a JSON array of about floodBytes of empty objects.
func floodItems() string {
	return "[" + strings.Repeat("{},", floodBytes/3) + "{}]"
}

// floodServer answers every list with a page of about 3 MiB of empty
// objects, in the shape of the list asked for, however few items were
// asked for.
func floodServer(tb testing.TB) *httptest.Server {
	items := floodItems()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/exchange/"), strings.HasPrefix(p, "/designcenter/"), strings.HasPrefix(p, "/runtimefabric/"):
			_, _ = w.Write([]byte(items))
		case strings.Contains(p, "/deployments"):
			_, _ = w.Write([]byte(`{"total":1000000,"items":` + items + `}`))
		case strings.HasSuffix(p, "/scopes"):
			_, _ = w.Write([]byte(`{"scopes":` + items + `}`))
		case strings.HasPrefix(p, "/apimanager/") && strings.HasSuffix(p, "/apis"):
			_, _ = w.Write([]byte(`{"total":1000000,"assets":` + items + `}`))
		case strings.HasPrefix(p, "/apimanager/") && strings.HasSuffix(p, "/contracts"):
			_, _ = w.Write([]byte(`{"total":1000000,"contracts":` + items + `}`))
		case strings.HasPrefix(p, "/apimanager/") && strings.HasSuffix(p, "/tiers"):
			_, _ = w.Write([]byte(`{"total":1000000,"tiers":` + items + `}`))
		case strings.HasPrefix(p, "/apimanager/"):
			_, _ = w.Write([]byte(items))
		case strings.HasPrefix(p, "/audit/"):
			_, _ = w.Write([]byte(`{"data":` + items + `,"total":1000000,"cursor":"next"}`))
		default:
			_, _ = w.Write([]byte(`{"data":` + items + `,"total":1000000}`))
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func floodClient(tb testing.TB, url string) *anypoint.Client {
	c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bench"}), anypoint.WithBaseURL(url), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// floodedLists calls every list method of the SDK: those that page asking
// for ten items, and those the platform answers whole.
func floodedLists(c *anypoint.Client) map[string]func(ctx context.Context) error {
	lo := anypoint.ListOptions{Limit: 10}
	dc := designcenter.New(c, designcenter.WithOrganizationID(benchOrgID), designcenter.WithOwnerID("6a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13"))
	return map[string]func(ctx context.Context) error{
		"accounts.ListEnvironments": func(ctx context.Context) error {
			_, err := accounts.New(c).ListEnvironments(ctx, benchOrgID, &accounts.ListEnvironmentsOptions{ListOptions: lo})
			return err
		},
		"admin.List": func(ctx context.Context) error {
			_, err := admin.New(c).ListApps(ctx, &admin.ListAppsOptions{ListOptions: lo})
			return err
		},
		"admin.ListAuthorizations": func(ctx context.Context) error {
			_, err := admin.New(c).ListAuthorizations(ctx, benchOrgID, &admin.ListAuthorizationsOptions{ListOptions: lo})
			return err
		},
		"admin.ListScopes (unpaged shape)": func(ctx context.Context) error {
			_, err := admin.New(c).ListScopes(ctx, "c1", &admin.ListScopesOptions{ListOptions: lo})
			return err
		},
		"exchange.ListAssets": func(ctx context.Context) error {
			_, err := exchange.New(c).ListAssets(ctx, &exchange.ListAssetsOptions{ListOptions: lo})
			return err
		},
		"exchange.ListAssets without a limit": func(ctx context.Context) error {
			_, err := exchange.New(c).ListAssets(ctx, nil)
			return err
		},
		"deployments.ListDeployments": func(ctx context.Context) error {
			_, err := deployments.New(c).ListDeployments(ctx, benchOrgID, "env-1", &deployments.ListDeploymentsOptions{ListOptions: lo})
			return err
		},
		"auditlog.ListEntries": func(ctx context.Context) error {
			_, err := auditlog.New(c).ListEntries(ctx, benchOrgID, &auditlog.Query{Start: time.UnixMilli(1700000000000), Limit: 10})
			return err
		},
		"apimanager.ListAPIs": func(ctx context.Context) error {
			_, err := apimanager.New(c).ListAPIs(ctx, benchOrgID, "env-1", &apimanager.ListAPIsOptions{ListOptions: lo})
			return err
		},
		"apimanager.ListContracts": func(ctx context.Context) error {
			_, err := apimanager.New(c).ListContracts(ctx, benchOrgID, "env-1", 1, &apimanager.ListContractsOptions{ListOptions: lo})
			return err
		},
		"apimanager.ListTiers": func(ctx context.Context) error {
			_, err := apimanager.New(c).ListTiers(ctx, benchOrgID, "env-1", 1, &apimanager.ListTiersOptions{ListOptions: lo})
			return err
		},
		// The lists the platform answers whole are bounded too.
		"apimanager.ListPolicies (unpaged)": func(ctx context.Context) error {
			_, err := apimanager.New(c).ListPolicies(ctx, benchOrgID, "env-1", 1)
			return err
		},
		"apimanager.ListAlerts (unpaged)": func(ctx context.Context) error {
			_, err := apimanager.New(c).ListAlerts(ctx, benchOrgID, "env-1", 1)
			return err
		},
		"designcenter.ListProjects (unpaged)": func(ctx context.Context) error {
			_, err := dc.ListProjects(ctx)
			return err
		},
		"designcenter.ListBranches (unpaged)": func(ctx context.Context) error {
			_, err := dc.ListBranches(ctx, "p1")
			return err
		},
		"designcenter.ListFiles (unpaged)": func(ctx context.Context) error {
			_, err := dc.ListFiles(ctx, "p1", "master")
			return err
		},
		"deployments.ListTargets (unpaged)": func(ctx context.Context) error {
			_, err := deployments.New(c).ListTargets(ctx, benchOrgID)
			return err
		},
		"auditlog.ListActions (unpaged)": func(ctx context.Context) error {
			_, err := auditlog.New(c).ListActions(ctx, benchOrgID)
			return err
		},
	}
}

// Every list refuses a page of far more items than it asked for as a
// *DecodeError.
func TestEveryListRefusesAFloodedPage(t *testing.T) {
	c := floodClient(t, floodServer(t).URL)
	lists := floodedLists(c)
	if len(lists) != 18 {
		t.Fatalf("%d lists", len(lists))
	}
	for name, call := range lists {
		err := call(context.Background())
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: err = %v (%T), want a *DecodeError", name, err, err)
		}
	}
}

// floodedHeap returns the bytes the heap allocated while one list refused
// a flooded page.
func floodedHeap(call func(ctx context.Context) error) (uint64, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := call(context.Background())
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, err
}

// A flooded page costs about its own size in memory (the answer is read,
// then refused), not the hundreds of megabytes its items would take
// decoded: the bound is 4 times the answer here, and every list is held to
// it.
func TestFloodedPageHeapIsBounded(t *testing.T) {
	c := floodClient(t, floodServer(t).URL)
	for name, call := range floodedLists(c) {
		allocated, err := floodedHeap(call)
		if err == nil {
			t.Errorf("%s: the flood was accepted", name)
		}
		if allocated > 4*floodBytes {
			t.Errorf("%s: a %d MiB page allocated %d MiB, want at most %d", name, floodBytes>>20, allocated>>20, 4*floodBytes>>20)
		}
	}
}

// BenchmarkFloodedPage reports the bytes allocated while ListEnvironments
// refuses a page of 3 MiB of empty objects (about a million items) that
// asked for ten: before the bound, it decoded them all (600 MiB of heap).
func BenchmarkFloodedPage(b *testing.B) {
	c := floodClient(b, floodServer(b).URL)
	call := floodedLists(c)["accounts.ListEnvironments"]
	b.ReportAllocs()
	var total uint64
	for b.Loop() {
		n, _ := floodedHeap(call)
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N)/(1<<20), "heap-MiB/op")
}
