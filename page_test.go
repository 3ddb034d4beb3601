package anypoint_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/anypoint-go/anypoint"
)

// pager serves items 0..n-1 in pages, as a list endpoint with offset and
// limit would, and records the pages asked for.
type pager struct {
	n        int
	total    bool // report total
	asked    []anypoint.ListOptions
	failAt   int // fail the fetch with this offset, when > 0
	maxLimit int // the server's page size when the caller asks for none
}

func (p *pager) fetch(ctx context.Context, opts anypoint.ListOptions) (*anypoint.Page[int], error) {
	p.asked = append(p.asked, opts)
	if p.failAt > 0 && opts.Offset == p.failAt {
		return nil, errors.New("boom")
	}
	limit := opts.Limit
	if limit == 0 {
		limit = p.maxLimit
	}
	page := &anypoint.Page[int]{}
	for i := opts.Offset; i < p.n && i < opts.Offset+limit; i++ {
		page.Data = append(page.Data, i)
	}
	if p.total {
		page.Total = p.n
	}
	return page, nil
}

func collect(t *testing.T, seq func(yield func(int, error) bool)) ([]int, []error) {
	t.Helper()
	var items []int
	var errs []error
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return items, errs
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestPaginateStopsAtTotal(t *testing.T) {
	p := &pager{n: 7, total: true}
	items, errs := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 3}, p.fetch))
	if len(errs) != 0 || !slices.Equal(items, seq(7)) {
		t.Errorf("items %v, errors %v", items, errs)
	}
	want := []anypoint.ListOptions{{Offset: 0, Limit: 3}, {Offset: 3, Limit: 3}, {Offset: 6, Limit: 3}}
	if !slices.Equal(p.asked, want) {
		t.Errorf("asked for %v, want %v", p.asked, want)
	}
}

func TestPaginateExactMultipleOfLimit(t *testing.T) {
	p := &pager{n: 6, total: true}
	items, _ := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 3}, p.fetch))
	if !slices.Equal(items, seq(6)) || len(p.asked) != 2 {
		t.Errorf("items %v after %d fetches, want 6 items after 2", items, len(p.asked))
	}
}

func TestPaginateStartsAtOffset(t *testing.T) {
	p := &pager{n: 5, total: true}
	items, _ := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Offset: 2, Limit: 2}, p.fetch))
	if !slices.Equal(items, []int{2, 3, 4}) {
		t.Errorf("items %v", items)
	}
}

func TestPaginateStopsOnEmptyPage(t *testing.T) {
	// No total and no limit: only an empty page says the list is over.
	p := &pager{n: 5, maxLimit: 2}
	items, errs := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{}, p.fetch))
	if len(errs) != 0 || !slices.Equal(items, seq(5)) {
		t.Errorf("items %v, errors %v", items, errs)
	}
	if len(p.asked) != 4 || p.asked[3].Offset != 5 {
		t.Errorf("asked for %v, want 4 pages ending with offset 5", p.asked)
	}
}

func TestPaginateStopsOnShortPageWithoutTotal(t *testing.T) {
	p := &pager{n: 5}
	items, _ := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 2}, p.fetch))
	if !slices.Equal(items, seq(5)) || len(p.asked) != 3 {
		t.Errorf("items %v after %d fetches, want 5 after 3", items, len(p.asked))
	}
}

func TestPaginateEmptyList(t *testing.T) {
	p := &pager{n: 0, total: true}
	items, errs := collect(t, anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 10}, p.fetch))
	if len(items) != 0 || len(errs) != 0 || len(p.asked) != 1 {
		t.Errorf("items %v, errors %v, %d fetches", items, errs, len(p.asked))
	}
}

func TestPaginateYieldsErrorOnce(t *testing.T) {
	p := &pager{n: 10, total: true, failAt: 4}
	var items []int
	var errs []error
	for v, err := range anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 2}, p.fetch) {
		if err != nil {
			if v != 0 {
				t.Errorf("error yielded with item %d, want the zero value", v)
			}
			errs = append(errs, err)
			continue // a caller that ignores the error must not loop forever
		}
		items = append(items, v)
	}
	if !slices.Equal(items, seq(4)) {
		t.Errorf("items %v, want the two pages before the failure", items)
	}
	if len(errs) != 1 || errs[0].Error() != "boom" {
		t.Errorf("errors %v, want boom once", errs)
	}
	if len(p.asked) != 3 {
		t.Errorf("%d fetches, want 3", len(p.asked))
	}
}

func TestPaginateBreakStopsFetching(t *testing.T) {
	p := &pager{n: 100, total: true}
	var items []int
	for v, err := range anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 10}, p.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, v)
		if v == 12 {
			break
		}
	}
	if !slices.Equal(items, seq(13)) {
		t.Errorf("items %v", items)
	}
	if len(p.asked) != 2 {
		t.Errorf("%d fetches, want 2 (nothing after the break)", len(p.asked))
	}
}

func TestPaginateContextCancelledBetweenPages(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &pager{n: 100, total: true}
	var items []int
	var errs []error
	for v, err := range anypoint.Paginate(ctx, anypoint.ListOptions{Limit: 5}, p.fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
		if v == 6 {
			cancel()
		}
	}
	if !slices.Equal(items, seq(10)) {
		t.Errorf("items %v, want the two pages fetched before the cancel", items)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("errors %v, want context.Canceled once", errs)
	}
	if len(p.asked) != 2 {
		t.Errorf("%d fetches, want 2", len(p.asked))
	}
}

// Paginate over the client: the pages are real requests with offset and
// limit in the query, and an API error ends the walk.
func TestPaginateOverHTTP(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if off >= 4 {
			writeJSON(w, http.StatusNotFound, `{"message":"gone"}`)
			return
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"data":[{"id":"e%d"},{"id":"e%d"}],"total":6}`, off, off+1))
	})
	c := newClient(t, srv, staticToken("t"))
	type env struct{ ID string }
	fetch := func(ctx context.Context, opts anypoint.ListOptions) (*anypoint.Page[env], error) {
		q := url.Values{"limit": {strconv.Itoa(opts.Limit)}}
		if opts.Offset > 0 {
			q.Set("offset", strconv.Itoa(opts.Offset))
		}
		req, err := c.NewRequest(ctx, http.MethodGet, "/accounts/api/organizations/o/environments?"+q.Encode(), nil)
		if err != nil {
			return nil, err
		}
		var p anypoint.Page[env]
		if _, err := c.Do(req, &p); err != nil {
			return nil, err
		}
		return &p, nil
	}
	var ids []string
	var lastErr error
	for e, err := range anypoint.Paginate(context.Background(), anypoint.ListOptions{Limit: 2}, fetch) {
		if err != nil {
			lastErr = err
			break
		}
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"e0", "e1", "e2", "e3"}) {
		t.Errorf("ids %v", ids)
	}
	if !errors.Is(lastErr, anypoint.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", lastErr)
	}
	var queries []string
	for _, h := range srv.requests() {
		queries = append(queries, h.RawQuery)
	}
	if want := []string{"limit=2", "limit=2&offset=2", "limit=2&offset=4"}; !slices.Equal(queries, want) {
		t.Errorf("queries %q, want %q", queries, want)
	}
}
