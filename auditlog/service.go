package auditlog

import (
	"context"
	"io"
	"iter"

	anypoint "github.com/anypoint-go/anypoint"
)

// API is the set of calls Service makes. Code that depends on API instead
// of *Service can swap in a fake in its tests.
type API interface {
	ListEntries(ctx context.Context, orgID string, q *Query) (*anypoint.CursorPage[Entry], error)
	AllEntries(ctx context.Context, orgID string, q *Query) iter.Seq2[Entry, error]
	ExportCSV(ctx context.Context, orgID string, q *Query, w io.Writer) error
	ListPlatforms(ctx context.Context, orgID string) ([]Platform, error)
	ListObjectTypes(ctx context.Context, orgID string) ([]ObjectType, error)
	ListActions(ctx context.Context, orgID string) ([]Action, error)
}

var _ API = (*Service)(nil)

// Service is the client of the Audit Log Query API. Make one with New; it
// is safe for concurrent use.
type Service struct {
	client *anypoint.Client
}

// New returns the client that sends its requests through c. It makes no
// network call.
func New(c *anypoint.Client) *Service {
	return &Service{client: c}
}
