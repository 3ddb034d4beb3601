package anypoint

import (
	"context"
	"iter"
)

// Page is one page of a list endpoint that answers {"data": [...], "total": N}.
type Page[T any] struct {
	// Data holds this page's items.
	Data []T `json:"data"`
	// Total is the number of items across all pages.
	Total int `json:"total"`
}

// ListOptions are the paging parameters of Anypoint's list endpoints.
// Service option structs embed it.
type ListOptions struct {
	// Offset is how many items to skip.
	Offset int `url:"offset,omitempty"`
	// Limit is the page size; zero takes the endpoint's default. Each
	// endpoint has its own maximum, documented on its method.
	Limit int `url:"limit,omitempty"`
}

// Paginate walks a list endpoint page by page, as an iterator that fetches
// the next page only when the loop gets to it. It starts at first.Offset,
// asks for first.Limit items a page, and stops after the last item, at the
// first error (yielded once, with the zero T), or when the loop breaks.
//
// Service packages build their AllX methods on it; callers can use it for
// endpoints the SDK does not wrap yet.
func Paginate[T any](ctx context.Context, first ListOptions, fetch func(ctx context.Context, page ListOptions) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		page := first
		for {
			if err := ctx.Err(); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			p, err := fetch(ctx, page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if p == nil {
				return
			}
			for _, item := range p.Data {
				if !yield(item, nil) {
					return
				}
			}
			page.Offset += len(p.Data)
			switch {
			case len(p.Data) == 0:
				return
			case p.Total > 0 && page.Offset >= p.Total:
				return
			case p.Total == 0 && page.Limit > 0 && len(p.Data) < page.Limit:
				return
			}
		}
	}
}
