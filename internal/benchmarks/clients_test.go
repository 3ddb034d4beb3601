package benchmarks

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/connectedapps"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// newSDK returns the SDK's environments client as its guide shows it: a
// client-credentials token source handed to a client, with the client's
// default transport unless hc is given.
func newSDK(tb testing.TB, p *platform, lifetime time.Duration, hc *http.Client) *accounts.Service {
	tb.Helper()
	opts := []anypoint.Option{anypoint.WithBaseURL(p.URL())}
	if hc != nil {
		opts = append(opts, anypoint.WithHTTPClient(hc))
	}
	cfg, err := anypoint.NewConfig(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	ts := connectedapps.ClientCredentials{ClientID: benchAppID, ClientSecret: benchSecret, AssumedLifetime: lifetime, Config: cfg}.TokenSource()
	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
	if err != nil {
		tb.Fatal(err)
	}
	return accounts.New(c)
}

// baseline is the same call written by hand: an http.Client from
// x/oauth2/clientcredentials (which caches the token in an
// oauth2.ReuseTokenSource) and encoding/json.
type baseline struct {
	hc   *http.Client
	base string
}

func newBaseline(p *platform) *baseline {
	cfg := clientcredentials.Config{ClientID: benchAppID, ClientSecret: benchSecret, TokenURL: p.URL() + tokenPath, AuthStyle: oauth2.AuthStyleInParams}
	return &baseline{hc: cfg.Client(context.Background()), base: p.URL()}
}

// newBaselineFrom wraps ts with x/oauth2's own transport over base.
func newBaselineFrom(p *platform, ts oauth2.TokenSource, base http.RoundTripper) *baseline {
	return &baseline{hc: &http.Client{Transport: &oauth2.Transport{Source: ts, Base: base}}, base: p.URL()}
}

// ListEnvironments does what accounts.Service.ListEnvironments does for a
// nil opts: GET, Accept JSON, check the status, decode the page.
func (bl *baseline) ListEnvironments(ctx context.Context, orgID string) (*anypoint.Page[accounts.Environment], error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, bl.base+"/accounts/api/organizations/"+url.PathEscape(orgID)+"/environments", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := bl.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil, fmt.Errorf("GET environments: %s", resp.Status)
	}
	page := new(anypoint.Page[accounts.Environment])
	if err := json.NewDecoder(resp.Body).Decode(page); err != nil {
		return nil, err
	}
	return page, nil
}

// checkPage fails unless page is the fixed 25-environment answer.
func checkPage(tb testing.TB, page *anypoint.Page[accounts.Environment], err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
	if len(page.Data) != envsListSize || page.Total != envsListSize || page.Data[0].Type != accounts.Production {
		tb.Fatalf("got %d environments (total %d), want %d", len(page.Data), page.Total, envsListSize)
	}
}
