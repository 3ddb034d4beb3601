package service

import (
	"context"

	anypoint "github.com/anypoint-go/anypoint"
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

// ListPage sends r and decodes one page of the given shape.
func ListPage[T any](ctx context.Context, c *anypoint.Client, r Request, shape Shape) (*anypoint.Page[T], error) {
	page := new(anypoint.Page[T])
	switch shape {
	case ItemsTotal:
		var v struct {
			Total int `json:"total"`
			Items []T `json:"items"`
		}
		if err := Call(ctx, c, r, &v); err != nil {
			return nil, err
		}
		page.Data, page.Total = v.Items, v.Total
	case BareArray:
		if err := Call(ctx, c, r, &page.Data); err != nil {
			return nil, err
		}
	default:
		if err := Call(ctx, c, r, page); err != nil {
			return nil, err
		}
	}
	if page.Data == nil {
		page.Data = []T{}
	}
	return page, nil
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
