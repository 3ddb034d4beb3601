package anypoint

import (
	"context"
	"errors"
	"iter"
)

// Page is one page of a list endpoint that pages by offset and limit. Its
// JSON form is the platform's most common one, {"data": [...], "total": N};
// service packages turn the other offset shapes ({"total": N, "items":
// [...]}, a bare JSON array) into a Page too, so every ListX method returns
// one type.
type Page[T any] struct {
	// Data holds this page's items.
	Data []T `json:"data"`
	// Total is the number of items across all pages. It is zero where the
	// endpoint does not report one (a bare JSON array): Paginate then stops
	// at the first page shorter than the limit asked for.
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

// CursorPage is one page of a list endpoint that pages by cursor and answers
// {"data": [...], "total": N, "cursor": "…"}, as the audit log does.
type CursorPage[T any] struct {
	// Data holds this page's items.
	Data []T `json:"data"`
	// Total is the number of items across all pages, where the endpoint
	// reports it (often only when asked); zero otherwise.
	Total int `json:"total"`
	// Cursor asks for the page after this one. It is empty after the last
	// page.
	Cursor string `json:"cursor"`
}

// PaginateCursor walks a list endpoint that pages by cursor, as an iterator
// that fetches the next page only when the loop gets to it. It starts at
// cursor (empty for the first page), passes each page's Cursor to the next
// fetch, and stops after a page with no items or no cursor, at the first
// error (yielded once, with the zero T), or when the loop breaks. A cursor
// the walk has already used (the one it just sent, or any before it) is an
// error rather than an endless loop.
//
// It holds one page at a time, so a walk of any length takes the memory of
// one page. Service packages build their AllX methods on it; callers can use
// it for endpoints the SDK does not wrap yet.
func PaginateCursor[T any](ctx context.Context, cursor string, fetch func(ctx context.Context, cursor string) (*CursorPage[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		// Every cursor the walk has asked with: a server that cycles (A,
		// B, A, B …) is caught at its first repeat, not only one that
		// repeats the cursor it was just given.
		var seen map[string]struct{}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			p, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			if p == nil {
				return
			}
			for i := range p.Data {
				if !yield(p.Data[i], nil) {
					return
				}
			}
			if len(p.Data) == 0 || p.Cursor == "" {
				return
			}
			if _, again := seen[p.Cursor]; again || p.Cursor == cursor {
				yield(zero, errors.New("anypoint: the platform answered a page cursor it had already given; stopping the walk, which would otherwise go round forever"))
				return
			}
			if seen == nil {
				seen = make(map[string]struct{})
			}
			seen[cursor] = struct{}{}
			cursor = p.Cursor
		}
	}
}
