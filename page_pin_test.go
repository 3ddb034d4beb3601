package anypoint_test

import (
	"context"
	"slices"
	"testing"

	"github.com/anypoint-go/anypoint"
)

// A cursor walk whose last page carries items but no cursor ends there:
// it yields that page's items once and does not start over from the first
// page (an empty cursor is the first page's).
func TestPaginateCursorEndsOnALastPageWithoutCursor(t *testing.T) {
	pages := map[string]*anypoint.CursorPage[int]{
		"":   {Data: []int{0, 1, 2}, Cursor: "c1"},
		"c1": {Data: []int{3, 4, 5}, Cursor: "c2"},
		"c2": {Data: []int{6}}, // the last page: items, no cursor
	}
	var asked []string
	fetch := func(_ context.Context, cursor string) (*anypoint.CursorPage[int], error) {
		asked = append(asked, cursor)
		if len(asked) > 10 {
			t.Fatalf("still walking after %d fetches: %q", len(asked), asked)
		}
		return pages[cursor], nil
	}
	items, errs := collect(t, anypoint.PaginateCursor(context.Background(), "", fetch))
	if len(errs) != 0 || !slices.Equal(items, seq(7)) {
		t.Errorf("items %v, errors %v; want 0..6 once", items, errs)
	}
	if want := []string{"", "c1", "c2"}; !slices.Equal(asked, want) {
		t.Errorf("asked for cursors %q, want %q", asked, want)
	}

	// A single page with no cursor is the whole list.
	asked = nil
	items, errs = collect(t, anypoint.PaginateCursor(context.Background(), "c2", fetch))
	if len(errs) != 0 || !slices.Equal(items, []int{6}) || len(asked) != 1 {
		t.Errorf("from c2: items %v, errors %v, %d fetches; want [6], none, 1", items, errs, len(asked))
	}
}

// A server that caps its pages below the limit asked for (the caller asks
// for 10, it answers 4 at most) still has every item walked: the next page
// starts after the items received, not after the limit asked for.
func TestPaginateAgainstAServerThatCapsItsPages(t *testing.T) {
	const n, limit, capped = 11, 10, 4
	var asked []anypoint.ListOptions
	fetch := func(_ context.Context, o anypoint.ListOptions) (*anypoint.Page[int], error) {
		asked = append(asked, o)
		page := &anypoint.Page[int]{Data: []int{}, Total: n}
		for i := o.Offset; i < n && i < o.Offset+min(o.Limit, capped); i++ {
			page.Data = append(page.Data, i)
		}
		return page, nil
	}
	items, errs := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: limit}, fetch))
	if len(errs) != 0 || !slices.Equal(items, seq(n)) {
		t.Errorf("items %v, errors %v; want 0..%d, each once", items, errs, n-1)
	}
	want := []anypoint.ListOptions{{Offset: 0, Limit: limit}, {Offset: 4, Limit: limit}, {Offset: 8, Limit: limit}}
	if !slices.Equal(asked, want) {
		t.Errorf("asked %+v, want %+v", asked, want)
	}

	// From an offset, the same: the walk starts there and loses none.
	asked = nil
	items, errs = collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Offset: 3, Limit: limit}, fetch))
	if len(errs) != 0 || !slices.Equal(items, seq(n)[3:]) || len(asked) != 2 {
		t.Errorf("from 3: items %v, errors %v, %d pages; want 3..%d in 2 pages", items, errs, len(asked), n-1)
	}
}

// A fetch that answers no page and no error ends the walk quietly, in
// both kinds of paging.
func TestPaginateNilPageEndsTheWalk(t *testing.T) {
	calls := 0
	items, errs := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 2}, func(context.Context, anypoint.ListOptions) (*anypoint.Page[int], error) {
		calls++
		return nil, nil
	}))
	if len(items) != 0 || len(errs) != 0 || calls != 1 {
		t.Errorf("offset: items %v, errors %v, %d fetches; want none, none, 1", items, errs, calls)
	}
	calls = 0
	items, errs = collect(t, anypoint.PaginateCursor(context.Background(), "", func(context.Context, string) (*anypoint.CursorPage[int], error) {
		calls++
		return nil, nil
	}))
	if len(items) != 0 || len(errs) != 0 || calls != 1 {
		t.Errorf("cursor: items %v, errors %v, %d fetches; want none, none, 1", items, errs, calls)
	}
}

// A list of one item, which the server says is all (Total 1), takes one
// request: the walk does not ask for the empty page after it.
func TestPaginateStopsAtATotalOfOne(t *testing.T) {
	calls := 0
	items, errs := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 10}, func(_ context.Context, o anypoint.ListOptions) (*anypoint.Page[int], error) {
		calls++
		if o.Offset > 0 {
			return &anypoint.Page[int]{Data: []int{}, Total: 1}, nil
		}
		return &anypoint.Page[int]{Data: []int{0}, Total: 1}, nil
	}))
	if len(errs) != 0 || !slices.Equal(items, []int{0}) || calls != 1 {
		t.Errorf("items %v, errors %v, %d requests; want [0], none, 1", items, errs, calls)
	}
}
