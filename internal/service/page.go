package service

import (
	"context"
	"encoding/json"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/jsonlist"
)

// Shape is how a list endpoint wraps one page of offset paging. Every shape
// becomes an *anypoint.Page, so that each service's ListX returns one type
// and its AllX walks it with anypoint.Paginate.
type Shape int

const (
	// DataTotal is {"data": [...], "total": N} (Accounts, most services).
	DataTotal Shape = iota
	// ItemsTotal is {"total": N, "items": [...]} (Application Manager).
	ItemsTotal
	// BareArray is a JSON array with no total (Exchange's asset search);
	// the page's Total stays zero and Paginate stops at a short page.
	BareArray
)

// ListPage sends r and decodes one page of the given shape, of at most max
// items (what r asks for, or the API's maximum; zero for no bound): a page
// with more is an *anypoint.DecodeError, and decoding stops at the first
// item past the bound, so that a page never takes more memory than the
// items asked for.
func ListPage[T any](ctx context.Context, c *anypoint.Client, r Request, shape Shape, max int) (*anypoint.Page[T], error) {
	// One allocation holds the wire form and the page returned (a pointer
	// into it). The client counts the list's items as the answer streams
	// in (ListBound), and refuses more than max before decoding one.
	w := &pageWire[T]{max: max}
	var err error
	switch shape {
	case ItemsTotal:
		w.key = "items"
		err = Call(ctx, c, r, w)
		w.page.Data = w.Items
	case BareArray:
		err = Call(ctx, c, r, &bareWire[T]{w})
		w.page.Data = w.Data
	default:
		w.key = "data"
		err = Call(ctx, c, r, w)
		w.page.Data = w.Data
	}
	if err != nil {
		return nil, err
	}
	w.page.Total = w.Total
	if w.page.Data == nil {
		w.page.Data = []T{}
	}
	return &w.page, nil
}

// MaxUnpagedItems bounds a list that the platform answers whole, with no
// paging (Design Center's projects, branches and files, deployment targets,
// the audit log's platforms, object types and actions): no spec states a
// maximum, and an answer of more items is refused (an *anypoint.DecodeError)
// before any is decoded, so that a flood of tiny items cannot cost memory
// many times the answer's size.
const MaxUnpagedItems = 100_000

// UnpagedList is the wire form of such a list: decode into it, then read
// Items.
func UnpagedList[T any]() *jsonlist.List[T] { return &jsonlist.List[T]{Max: MaxUnpagedItems} }

// ListMember returns the page of a list whose items are the answer's
// member named member, beside its total ({"total": n, "<member>": […]},
// as API Manager answers). As ListPage, a page of more than max items is
// refused before any is decoded.
func ListMember[T any](ctx context.Context, c *anypoint.Client, r Request, member string, max int) (*anypoint.Page[T], error) {
	w := &memberWire[T]{key: member, max: max}
	if err := Call(ctx, c, r, w); err != nil {
		return nil, err
	}
	if w.items == nil {
		w.items = []T{}
	}
	return &anypoint.Page[T]{Data: w.items, Total: w.total}, nil
}

// memberWire is a page whose items are under the member key.
type memberWire[T any] struct {
	key   string
	max   int
	total int
	items []T
}

// ListBound tells the client which list to count, and its bound.
func (w *memberWire[T]) ListBound() (string, int) { return w.key, w.max }

func (w *memberWire[T]) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if t, ok := m["total"]; ok {
		if err := json.Unmarshal(t, &w.total); err != nil {
			return err
		}
	}
	if items, ok := m[w.key]; ok {
		return json.Unmarshal(items, &w.items)
	}
	return nil
}

// pageWire is a page as the platform sends it, in any shape; a shape reads
// only its own member.
type pageWire[T any] struct {
	Data  []T `json:"data"`
	Items []T `json:"items"`
	Total int `json:"total"`

	key  string
	max  int
	page anypoint.Page[T]
}

// ListBound tells the client which list of the answer to count, and its
// bound.
func (w *pageWire[T]) ListBound() (string, int) { return w.key, w.max }

// bareWire is a page that is a bare array.
type bareWire[T any] struct{ w *pageWire[T] }

func (b *bareWire[T]) ListBound() (string, int) { return "", b.w.max }

func (b *bareWire[T]) UnmarshalJSON(data []byte) error { return json.Unmarshal(data, &b.w.Data) }

// PageBound is the most items a page asked for with limit may hold: limit,
// or apiMax when limit is zero (the platform's default applies then, which
// is at most its maximum).
func PageBound(limit, apiMax int) int {
	if limit > 0 {
		return limit
	}
	return apiMax
}

// CheckOffset refuses negative paging values, for an endpoint that documents
// no maximum page size (the platform's own limit then applies).
func CheckOffset(o anypoint.ListOptions) error {
	switch {
	case o.Offset < 0:
		return &anypoint.ValidationError{Field: "Offset", Reason: "must not be negative"}
	case o.Limit < 0:
		return &anypoint.ValidationError{Field: "Limit", Reason: "must not be negative"}
	}
	return nil
}
