package accounts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/scopes"
	"github.com/jarcoal/httpmock"
)

const envsPath = "/accounts/api/organizations/org-1/environments"

func ptr[T any](v T) *T { return &v }

func TestListEnvironments(t *testing.T) {
	f := newFixture(t)
	f.expectGET(envsPath, "", http.StatusOK, `{"data":[
		{"id":"e1","organizationId":"org-1","name":"Production","isProduction":true,"type":"production","clientId":"c1"},
		{"id":"e2","organizationId":"org-1","name":"Design","isProduction":false,"type":"design","clientId":"c2","arcNamespace":null}
	],"total":7}`)

	page, err := f.svc.ListEnvironments(context.Background(), "org-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &anypoint.Page[accounts.Environment]{
		Data: []accounts.Environment{
			{ID: "e1", OrganizationID: "org-1", Name: "Production", IsProduction: true, Type: accounts.Production, ClientID: "c1"},
			{ID: "e2", OrganizationID: "org-1", Name: "Design", Type: accounts.Design, ClientID: "c2"},
		},
		Total: 7,
	}
	if !reflect.DeepEqual(page, want) {
		t.Errorf("page = %+v, want %+v", page, want)
	}
}

func TestListEnvironmentsQuery(t *testing.T) {
	tests := []struct {
		name  string
		opts  *accounts.ListEnvironmentsOptions
		query string
	}{
		{"nil options", nil, ""},
		{"zero options", &accounts.ListEnvironmentsOptions{}, ""},
		{"every filter", &accounts.ListEnvironmentsOptions{
			Name: "QA & Test", Type: accounts.Sandbox, IsProduction: ptr(true), Search: "q/a",
			ListOptions: anypoint.ListOptions{Offset: 50, Limit: 500},
		}, "isProduction=true&limit=500&name=QA+%26+Test&offset=50&search=q%2Fa&type=sandbox"},
		{"isProduction false is sent", &accounts.ListEnvironmentsOptions{IsProduction: ptr(false)}, "isProduction=false"},
		{"type design", &accounts.ListEnvironmentsOptions{Type: accounts.Design}, "type=design"},
		{"type production", &accounts.ListEnvironmentsOptions{Type: accounts.Production}, "type=production"},
		{"limit only", &accounts.ListEnvironmentsOptions{ListOptions: anypoint.ListOptions{Limit: 1}}, "limit=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.expectGET(envsPath, tt.query, http.StatusOK, `{"data":[],"total":0}`)
			if _, err := f.svc.ListEnvironments(context.Background(), "org-1", tt.opts); err != nil {
				t.Fatal(err)
			}
			if n := f.calls(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestListEnvironmentsRefusesBadInput(t *testing.T) {
	tests := []struct {
		name  string
		orgID string
		opts  *accounts.ListEnvironmentsOptions
		field string
	}{
		{"empty org", "", nil, "orgID"},
		{"limit over 500", "org-1", &accounts.ListEnvironmentsOptions{ListOptions: anypoint.ListOptions{Limit: 501}}, "Limit"},
		{"negative limit", "org-1", &accounts.ListEnvironmentsOptions{ListOptions: anypoint.ListOptions{Limit: -1}}, "Limit"},
		{"negative offset", "org-1", &accounts.ListEnvironmentsOptions{ListOptions: anypoint.ListOptions{Offset: -5}}, "Offset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			page, err := f.svc.ListEnvironments(context.Background(), tt.orgID, tt.opts)
			if page != nil {
				t.Errorf("ListEnvironments gave %+v with invalid input", page)
			}
			wantInvalid(t, err, tt.field)
			if n := f.calls(); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

func TestListEnvironmentsEscapesOrgID(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/org%2F1%23x/environments", "limit=10", http.StatusOK, `{"data":[],"total":0}`)
	if _, err := f.svc.ListEnvironments(context.Background(), "org/1#x", &accounts.ListEnvironmentsOptions{ListOptions: anypoint.ListOptions{Limit: 10}}); err != nil {
		t.Fatal(err)
	}
}

func TestListEnvironmentsErrors(t *testing.T) {
	t.Run("not found", func(t *testing.T) {
		f := newFixture(t)
		f.expectGET(envsPath, "", http.StatusNotFound, `{"message":"Organization org-1 not found"}`)
		_, err := f.svc.ListEnvironments(context.Background(), "org-1", nil)
		var apiErr *anypoint.Error
		if !errors.Is(err, anypoint.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "Organization org-1 not found" {
			t.Errorf("err = %v, want ErrNotFound with the platform's message", err)
		}
	})
	t.Run("bad JSON", func(t *testing.T) {
		f := newFixture(t)
		f.expectGET(envsPath, "", http.StatusOK, `{"data":{"id":"e1"}}`)
		_, err := f.svc.ListEnvironments(context.Background(), "org-1", nil)
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("err = %v, want *anypoint.DecodeError", err)
		}
	})
	t.Run("scope denied", func(t *testing.T) {
		f := newFixtureWith(t, freshTokens{})
		f.expectGET(envsPath, "", http.StatusUnauthorized, `Unauthorized`)
		_, err := f.svc.ListEnvironments(context.Background(), "org-1", nil)
		var se *anypoint.ScopeError
		if !errors.As(err, &se) || !reflect.DeepEqual(se.Required, []scopes.Scope{"view:environment"}) {
			t.Errorf("err = %v, want a ScopeError requiring view:environment", err)
		}
	})
}

func TestGetEnvironment(t *testing.T) {
	f := newFixture(t)
	f.expectGET(envsPath+"/e-1", "", http.StatusOK,
		`{"id":"e-1","organizationId":"org-1","name":"Sandbox","isProduction":false,"type":"sandbox","clientId":"c9"}`)

	env, err := f.svc.GetEnvironment(context.Background(), "org-1", "e-1")
	if err != nil {
		t.Fatal(err)
	}
	want := &accounts.Environment{ID: "e-1", OrganizationID: "org-1", Name: "Sandbox", Type: accounts.Sandbox, ClientID: "c9"}
	if !reflect.DeepEqual(env, want) {
		t.Errorf("environment = %+v, want %+v", env, want)
	}
}

func TestGetEnvironmentEscapesIDs(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/o%2F1/environments/e%20%2F..%2F2", "", http.StatusOK, `{"id":"e /../2"}`)
	if _, err := f.svc.GetEnvironment(context.Background(), "o/1", "e /../2"); err != nil {
		t.Fatal(err)
	}
}

func TestGetEnvironmentRefusesEmptyIDs(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct{ orgID, envID, field string }{{"", "e1", "orgID"}, {"org-1", "", "envID"}, {"", "", "orgID"}} {
		_, err := f.svc.GetEnvironment(context.Background(), tt.orgID, tt.envID)
		wantInvalid(t, err, tt.field)
	}
	if n := f.calls(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestGetEnvironmentNotFound(t *testing.T) {
	f := newFixture(t)
	f.expectGET(envsPath+"/gone", "", http.StatusNotFound, `{"status":404,"message":"Environment gone not found"}`)
	env, err := f.svc.GetEnvironment(context.Background(), "org-1", "gone")
	var apiErr *anypoint.Error
	if env != nil || !errors.Is(err, anypoint.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "Environment gone not found" {
		t.Errorf("GetEnvironment = %+v, %v; want nil and ErrNotFound with the platform's message", env, err)
	}
}

// pagingServer serves n environments of org-1 the way the platform pages
// them: offset and limit (default 25, at most 500) select the slice, total
// counts all of them. failOnCall, when positive, answers that request (1 is
// the first) with a 500.
type pagingServer struct {
	t          *testing.T
	f          *fixture
	n          int
	wantFilter url.Values // non-paging query parameters every request must carry
	failOnCall int

	requests []url.Values // the query of each request, in order
}

func newPagingServer(t *testing.T, f *fixture, n int) *pagingServer {
	s := &pagingServer{t: t, f: f, n: n, wantFilter: url.Values{}}
	f.mt.RegisterResponder(http.MethodGet, baseURL+envsPath, s.respond)
	return s
}

func envID(i int) string { return fmt.Sprintf("env-%04d", i) }

func (s *pagingServer) respond(r *http.Request) (*http.Response, error) {
	q := r.URL.Query()
	s.f.checkGET(r, envsPath, r.URL.RawQuery)
	s.requests = append(s.requests, q)
	if s.failOnCall == len(s.requests) {
		return httpmock.NewStringResponse(http.StatusInternalServerError, `{"message":"boom"}`), nil
	}
	filter := url.Values{}
	for k, v := range q {
		if k != "offset" && k != "limit" {
			filter[k] = v
		}
	}
	if !reflect.DeepEqual(filter, s.wantFilter) {
		s.t.Errorf("request %d filters = %v, want %v", len(s.requests), filter, s.wantFilter)
	}
	atoi := func(key string, def int) int {
		if q.Get(key) == "" {
			return def
		}
		v, err := strconv.Atoi(q.Get(key))
		if err != nil {
			s.t.Errorf("bad %s %q", key, q.Get(key))
		}
		return v
	}
	offset, limit := atoi("offset", 0), atoi("limit", 25)
	if limit > 500 {
		return httpmock.NewStringResponse(http.StatusBadRequest, `{"message":"limit must be at most 500"}`), nil
	}
	page := anypoint.Page[accounts.Environment]{Data: []accounts.Environment{}, Total: s.n}
	for i := offset; i < min(offset+limit, s.n); i++ {
		page.Data = append(page.Data, accounts.Environment{ID: envID(i), OrganizationID: "org-1", Name: "Env " + strconv.Itoa(i), Type: accounts.Sandbox})
	}
	body, _ := json.Marshal(page)
	return httpmock.NewBytesResponse(http.StatusOK, body), nil
}

// pages returns the offset and limit of each request so far.
func (s *pagingServer) pages() [][2]string {
	var out [][2]string
	for _, q := range s.requests {
		out = append(out, [2]string{q.Get("offset"), q.Get("limit")})
	}
	return out
}

func TestAllEnvironmentsWalksEveryPage(t *testing.T) {
	f := newFixture(t)
	srv := newPagingServer(t, f, 1234)

	var ids []string
	for env, err := range f.svc.AllEnvironments(context.Background(), "org-1", nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, env.ID)
	}
	if len(ids) != 1234 {
		t.Fatalf("got %d environments, want 1234", len(ids))
	}
	for i, id := range ids {
		if id != envID(i) {
			t.Fatalf("environment %d is %s, want %s (each once, in order)", i, id, envID(i))
		}
	}
	// The default page size is 100: 12 full pages and one of 34.
	var want [][2]string
	for off := 0; off < 1234; off += 100 {
		o := strconv.Itoa(off)
		if off == 0 {
			o = ""
		}
		want = append(want, [2]string{o, "100"})
	}
	if got := srv.pages(); !reflect.DeepEqual(got, want) {
		t.Errorf("pages asked (offset, limit) = %v\nwant %v", got, want)
	}
	if len(want) != 13 || f.calls() != 13 {
		t.Errorf("%d requests, want 13", f.calls())
	}
}

func TestAllEnvironmentsUsesOptions(t *testing.T) {
	f := newFixture(t)
	srv := newPagingServer(t, f, 1234)
	srv.wantFilter = url.Values{"isProduction": {"false"}, "type": {"sandbox"}, "name": {"Env"}, "search": {"nv"}}

	opts := &accounts.ListEnvironmentsOptions{
		Name: "Env", Type: accounts.Sandbox, IsProduction: ptr(false), Search: "nv",
		ListOptions: anypoint.ListOptions{Offset: 200, Limit: 500},
	}
	before := *opts
	n := 0
	for env, err := range f.svc.AllEnvironments(context.Background(), "org-1", opts) {
		if err != nil {
			t.Fatal(err)
		}
		if env.ID != envID(200+n) {
			t.Fatalf("item %d is %s, want %s", n, env.ID, envID(200+n))
		}
		n++
	}
	if n != 1034 {
		t.Errorf("got %d environments, want 1034 (from offset 200)", n)
	}
	want := [][2]string{{"200", "500"}, {"700", "500"}, {"1200", "500"}}
	if got := srv.pages(); !reflect.DeepEqual(got, want) {
		t.Errorf("pages asked = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(*opts, before) || *opts.IsProduction {
		t.Errorf("AllEnvironments changed opts to %+v", *opts)
	}
}

func TestAllEnvironmentsReadsOptionsOnce(t *testing.T) {
	f := newFixture(t)
	srv := newPagingServer(t, f, 250)
	srv.wantFilter = url.Values{"isProduction": {"false"}, "name": {"Env"}}

	opts := &accounts.ListEnvironmentsOptions{Name: "Env", IsProduction: ptr(false)}
	seq := f.svc.AllEnvironments(context.Background(), "org-1", opts)
	*opts.IsProduction = true
	opts.Name = "changed"
	opts.Limit = 7
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 250 || len(srv.requests) != 3 {
		t.Errorf("got %d environments in %d requests, want 250 in 3", n, len(srv.requests))
	}
}

func TestAllEnvironmentsStopsWhenLoopBreaks(t *testing.T) {
	f := newFixture(t)
	srv := newPagingServer(t, f, 1234)

	n := 0
	for _, err := range f.svc.AllEnvironments(context.Background(), "org-1", nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 150 {
			break
		}
	}
	if got := len(srv.requests); got != 2 {
		t.Errorf("%d pages fetched for 150 items of 100 a page, want 2", got)
	}
}

func TestAllEnvironmentsErrorOnPage3(t *testing.T) {
	f := newFixture(t)
	srv := newPagingServer(t, f, 1234)
	srv.failOnCall = 3

	var ids []string
	var errs []error
	for env, err := range f.svc.AllEnvironments(context.Background(), "org-1", nil) {
		if err != nil {
			errs = append(errs, err)
			if env != (accounts.Environment{}) {
				t.Errorf("error yielded with environment %+v, want the zero value", env)
			}
			continue
		}
		if len(errs) > 0 {
			t.Fatalf("environment %s yielded after the error", env.ID)
		}
		ids = append(ids, env.ID)
	}
	if len(ids) != 200 || ids[0] != envID(0) || ids[199] != envID(199) {
		t.Errorf("got %d environments before the error, want the 200 of pages 1 and 2", len(ids))
	}
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want exactly 1", len(errs))
	}
	var apiErr *anypoint.Error
	if !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || apiErr.Message != "boom" {
		t.Errorf("err = %v, want the 500 of page 3", errs[0])
	}
	if n := f.calls(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestAllEnvironmentsRefusesBadInput(t *testing.T) {
	for name, tt := range map[string]struct {
		call  func(t *testing.T, s *accounts.Service) error
		field string
	}{
		"limit over 500": {func(t *testing.T, s *accounts.Service) error {
			return firstErr(t, s.AllEnvironments(context.Background(), "org-1",
				&accounts.ListEnvironmentsOptions{ListOptions: anypoint.ListOptions{Limit: 501}}))
		}, "Limit"},
		"empty org": {func(t *testing.T, s *accounts.Service) error {
			return firstErr(t, s.AllEnvironments(context.Background(), "", nil))
		}, "orgID"},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			wantInvalid(t, tt.call(t, f.svc), tt.field)
			if n := f.calls(); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

func TestAllEnvironmentsCanceledContext(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := firstErr(t, f.svc.AllEnvironments(ctx, "org-1", nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := f.calls(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// firstErr ranges over seq, which must yield exactly one error and nothing
// else, and returns that error.
func firstErr(t *testing.T, seq iter.Seq2[accounts.Environment, error]) error {
	t.Helper()
	var errs []error
	for env, err := range seq {
		if err == nil {
			t.Errorf("unexpected environment %+v", env)
			continue
		}
		errs = append(errs, err)
	}
	if len(errs) != 1 {
		t.Errorf("got %d errors, want exactly 1: %v", len(errs), errs)
		return nil
	}
	return errs[0]
}
