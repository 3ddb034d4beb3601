package endpoint

import (
	"context"
	"strings"
	"testing"
)

func TestPath(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		args    []string
		want    string
	}{
		{"/accounts/api/me", nil, "/accounts/api/me"},
		{"/accounts/api/organizations/{orgId}/environments", []string{"org-1"}, "/accounts/api/organizations/org-1/environments"},
		{"/accounts/api/organizations/{orgId}", []string{"org-1"}, "/accounts/api/organizations/org-1"},
		{"/p/{a}/b/{b}/f/{f}", []string{"x", "feature/x", "dir/a b.raml"}, "/p/x/b/feature%2Fx/f/dir%2Fa%20b.raml"},
		{"/p/{a}", []string{"ü?#%"}, "/p/%C3%BC%3F%23%25"},
		{"/p/{a}", []string{""}, "/p/"},
	} {
		e := Endpoint{Method: "GET", Pattern: tc.pattern}
		if got := e.Path(tc.args...); got != tc.want {
			t.Errorf("Path(%q, %q) = %q, want %q", tc.pattern, tc.args, got, tc.want)
		}
	}
}

func TestPathPanicsOnCountMismatch(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		args    []string
		want    string
	}{
		{"/p/{a}", nil, "fewer arguments"},
		{"/p/{a}/{b}", []string{"x"}, "fewer arguments"},
		{"/p", []string{"x"}, "more arguments"},
		{"/p/{a}", []string{"x", "y"}, "more arguments"},
	} {
		func() {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tc.want) {
					t.Errorf("Path(%q, %q) panicked with %v, want %q", tc.pattern, tc.args, r, tc.want)
				}
			}()
			Endpoint{Method: "GET", Pattern: tc.pattern}.Path(tc.args...)
		}()
	}
}

func TestWithFrom(t *testing.T) {
	e := &Endpoint{Method: "GET", Pattern: "/x"}
	if got := From(With(context.Background(), e)); got != e {
		t.Errorf("From(With(e)) = %v, want %v", got, e)
	}
	if got := From(context.Background()); got != nil {
		t.Errorf("From(Background) = %v, want nil", got)
	}
}
