package endpoints_test

import (
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/endpoints"
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
		e := endpoints.Operation{Method: "GET", Pattern: tc.pattern}
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
			(&endpoints.Operation{Method: "GET", Pattern: tc.pattern}).Path(tc.args...)
		}()
	}
}

func TestMatch(t *testing.T) {
	e := &endpoints.Operation{Method: "GET", Pattern: "/x/orgs/{org}/assets/{g}/{a}/{v}/status/{run}"}
	args, ok := e.Match("/x/orgs/o1/assets/g1/my%2Fapp/1.0.0/status/r1")
	if !ok || strings.Join(args, "|") != "o1|g1|my/app|1.0.0|r1" {
		t.Errorf("Match = %q, %v", args, ok)
	}
	// Round trip with Path.
	if args, ok := e.Match(e.Path("o", "g", "a b", "1.0.0", "r")); !ok || args[2] != "a b" {
		t.Errorf("Match(Path(...)) = %q, %v", args, ok)
	}
	for _, p := range []string{
		"/x/orgs/o1/assets/g1/a/1.0.0/status",         // too short
		"/x/orgs/o1/assets/g1/a/1.0.0/status/r1/more", // too long
		"/x/orgs/o1/assets/g1/a/1.0.0/other/r1",       // another literal
		"/x/orgs//assets/g1/a/1.0.0/status/r1",        // an empty ID
		"/x/orgs/%zz/assets/g1/a/1.0.0/status/r1",     // a bad escape
	} {
		if args, ok := e.Match(p); ok {
			t.Errorf("Match(%q) = %q, want no match", p, args)
		}
	}
}
