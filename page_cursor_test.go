package anypoint_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/anypoint-go/anypoint"
)

// cursorPager serves items 0..n-1, size a page, with the index of the next
// item as the cursor, as the audit log's cursor paging does.
type cursorPager struct {
	n, size int
	asked   []string
	same    bool // answer the cursor it was given (a broken server)
	failAt  string
}

func (p *cursorPager) fetch(_ context.Context, cursor string) (*anypoint.CursorPage[int], error) {
	p.asked = append(p.asked, cursor)
	if p.failAt != "" && cursor == p.failAt {
		return nil, errors.New("boom")
	}
	start := 0
	if cursor != "" {
		start, _ = strconv.Atoi(cursor)
	}
	page := &anypoint.CursorPage[int]{}
	for i := start; i < p.n && i < start+p.size; i++ {
		page.Data = append(page.Data, i)
	}
	if len(page.Data) > 0 {
		page.Cursor = strconv.Itoa(start + len(page.Data))
		if p.same && cursor != "" {
			page.Cursor = cursor
		}
	}
	return page, nil
}

func TestPaginateCursorWalksEveryPage(t *testing.T) {
	p := &cursorPager{n: 7, size: 3}
	items, errs := collect(t, anypoint.PaginateCursor(context.Background(), "", p.fetch))
	if len(errs) != 0 || !slices.Equal(items, seq(7)) {
		t.Errorf("items %v, errors %v", items, errs)
	}
	// The last page is the empty one after the cursor "7", as the platform
	// answers it ("no cursor and no data").
	if want := []string{"", "3", "6", "7"}; !slices.Equal(p.asked, want) {
		t.Errorf("asked for cursors %q, want %q", p.asked, want)
	}
}

func TestPaginateCursorStartsAtTheGivenCursor(t *testing.T) {
	p := &cursorPager{n: 5, size: 10}
	items, _ := collect(t, anypoint.PaginateCursor(context.Background(), "3", p.fetch))
	if !slices.Equal(items, []int{3, 4}) {
		t.Errorf("items %v, want [3 4]", items)
	}
}

func TestPaginateCursorStopsOnBreak(t *testing.T) {
	p := &cursorPager{n: 100, size: 10}
	for v := range anypoint.PaginateCursor(context.Background(), "", p.fetch) {
		if v == 12 {
			break
		}
	}
	if len(p.asked) != 2 {
		t.Errorf("fetched %d pages for 13 items of 10-item pages, want 2", len(p.asked))
	}
}

func TestPaginateCursorYieldsTheErrorOnce(t *testing.T) {
	p := &cursorPager{n: 10, size: 3, failAt: "6"}
	items, errs := collect(t, anypoint.PaginateCursor(context.Background(), "", p.fetch))
	if !slices.Equal(items, seq(6)) || len(errs) != 1 {
		t.Errorf("items %v, errors %v", items, errs)
	}
}

func TestPaginateCursorRefusesARepeatedCursor(t *testing.T) {
	p := &cursorPager{n: 10, size: 3, same: true}
	_, errs := collect(t, anypoint.PaginateCursor(context.Background(), "", p.fetch))
	if len(errs) != 1 || len(p.asked) > 3 {
		t.Errorf("errors %v after %d pages; want one error and no endless walk", errs, len(p.asked))
	}
}

func TestPaginateCursorEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &cursorPager{n: 10, size: 3}
	var errs []error
	for _, err := range anypoint.PaginateCursor(ctx, "", p.fetch) {
		if err != nil {
			errs = append(errs, err)
		}
		cancel()
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("errors %v, want one context.Canceled", errs)
	}
}

// A server that cycles through cursors (A, B, A, B … or longer rounds,
// also back to the cursor the walk began with) is caught at the first
// cursor it gives again: the walk yields one error and ends.
func TestPaginateCursorRefusesACycle(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start string
		next  map[string]string
		pages int // fetches before the repeat is seen
	}{
		{"A,B,A,B", "", map[string]string{"": "A", "A": "B", "B": "A"}, 3},
		{"A,B,C,A", "", map[string]string{"": "A", "A": "B", "B": "C", "C": "A"}, 4},
		{"back to the start", "S", map[string]string{"S": "A", "A": "B", "B": "S"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fetches := 0
			fetch := func(_ context.Context, cursor string) (*anypoint.CursorPage[int], error) {
				fetches++
				if fetches > 100 {
					return nil, errors.New("the walk went round 100 times")
				}
				return &anypoint.CursorPage[int]{Data: []int{fetches}, Cursor: tc.next[cursor]}, nil
			}
			items, errs := collect(t, anypoint.PaginateCursor(context.Background(), tc.start, fetch))
			if len(errs) != 1 || errs[0].Error() == "the walk went round 100 times" {
				t.Fatalf("errors %v; want the one cycle error", errs)
			}
			if fetches != tc.pages || len(items) != tc.pages {
				t.Errorf("%d fetches, %d items; want %d of each", fetches, len(items), tc.pages)
			}
		})
	}
}
