package benchmarks

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// wireClient is ListEnvironments written by hand with net/http and a token
// fetched once, in two forms: bare sends only the Authorization header and
// concatenates its URL; sameWire sends what the SDK sends (Accept,
// User-Agent, Authorization) and builds its URL from the base URL's parts on
// every call, as a client with a configurable base URL must.
type wireClient struct {
	hc       *http.Client
	base     *url.URL
	auth     string
	sameWire bool
}

func newWireClient(tb testing.TB, p *platform, sameWire bool) *wireClient {
	tb.Helper()
	cfg := clientcredentials.Config{ClientID: benchAppID, ClientSecret: benchSecret, TokenURL: p.URL() + tokenPath, AuthStyle: oauth2.AuthStyleInParams}
	tok, err := cfg.Token(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	base, err := url.Parse(p.URL())
	if err != nil {
		tb.Fatal(err)
	}
	return &wireClient{hc: &http.Client{Transport: http.DefaultTransport}, base: base, auth: "Bearer " + tok.AccessToken, sameWire: sameWire}
}

func (w *wireClient) ListEnvironments(ctx context.Context, orgID string) (*anypoint.Page[accounts.Environment], error) {
	var target string
	if w.sameWire {
		u := *w.base
		u.Path = "/accounts/api/organizations/" + orgID + "/environments"
		target = u.String()
	} else {
		target = w.base.String() + "/accounts/api/organizations/" + url.PathEscape(orgID) + "/environments"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", w.auth)
	if w.sameWire {
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "anypoint-go/bench")
	}
	resp, err := w.hc.Do(req)
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

// BenchmarkListEnvironmentsAllocs counts the allocations of one call: the
// SDK against the bare hand-written call and against the same-wire one
// (scripts/bench shows both differences).
func BenchmarkListEnvironmentsAllocs(b *testing.B) {
	ctx := context.Background()
	p := newPlatform(b, func(p *platform) { p.expiresIn = 86400 })
	b.Run("client=sdk", func(b *testing.B) {
		svc := newSDK(b, p, 0, nil)
		page, err := svc.ListEnvironments(ctx, benchOrgID, nil)
		checkPage(b, page, err)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if _, err := svc.ListEnvironments(ctx, benchOrgID, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, side := range []struct {
		name     string
		sameWire bool
	}{{"bare", false}, {"samewire", true}} {
		b.Run("client="+side.name, func(b *testing.B) {
			w := newWireClient(b, p, side.sameWire)
			page, err := w.ListEnvironments(ctx, benchOrgID)
			checkPage(b, page, err)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := w.ListEnvironments(ctx, benchOrgID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
