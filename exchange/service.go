package exchange

import (
	"context"
	"iter"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// basePath is where the Exchange Experience API lives on every control plane.
const basePath = "/exchange/api/v2"

// API is the set of Exchange calls Service makes. Code that depends on API
// instead of *Service can swap in a fake in its tests.
type API interface {
	ListAssets(ctx context.Context, opts *ListAssetsOptions) (*anypoint.Page[AssetSummary], error)
	AllAssets(ctx context.Context, opts *ListAssetsOptions) iter.Seq2[AssetSummary, error]
	GetAsset(ctx context.Context, groupID, assetID string) (*Asset, error)
	GetAssetVersion(ctx context.Context, groupID, assetID, version string) (*Asset, error)
	Publish(ctx context.Context, orgID string, req *PublishRequest) (*Publication, error)
	PublicationStatus(ctx context.Context, statusLink string) (*PublicationStatus, error)
}

var _ API = (*Service)(nil)

// Default polling of an asynchronous publication: the first status request
// after DefaultPollInterval, each wait after that twice the one before, up
// to DefaultMaxPollInterval.
const (
	DefaultPollInterval    = 250 * time.Millisecond
	DefaultMaxPollInterval = 5 * time.Second
)

// Service is the client of the Exchange Experience API. Make one with New;
// it is safe for concurrent use.
type Service struct {
	client           *anypoint.Client
	pollMin, pollMax time.Duration
}

// Option configures a Service.
type Option func(*Service)

// WithPollInterval sets how Publish polls an asynchronous publication: the
// first wait, doubled after each status request up to most. Values that are
// not positive keep the defaults; most below first is raised to first.
func WithPollInterval(first, most time.Duration) Option {
	return func(s *Service) {
		if first > 0 {
			s.pollMin = first
		}
		if most > 0 {
			s.pollMax = most
		}
	}
}

// New returns the Exchange client that sends its requests through c. It
// makes no network call.
func New(c *anypoint.Client, opts ...Option) *Service {
	s := &Service{client: c, pollMin: DefaultPollInterval, pollMax: DefaultMaxPollInterval}
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	s.pollMax = max(s.pollMax, s.pollMin)
	return s
}

// call sends one request of ep, with args filling its path parameters and
// query as its query string, and decodes the answer into v.
func (s *Service) call(ctx context.Context, ep *endpoint.Endpoint, query, v any, args ...string) error {
	r := service.At(ep, args...)
	r.Query = query
	return service.Call(ctx, s.client, r, v)
}
