package admin_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/scopes"
)

func TestListScopes(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "GET", path: "/accounts/api/connectedApplications/c1/scopes", query: "limit=100&offset=5",
		resp: `{"data":[{"scope":"read:applications","context_params":{"org":"org-1","envId":"env-1"}},{"scope":"read:organization","context_params":{"org":"org-1"}}],"total":7}`,
	})
	page, err := s.ListScopes(context.Background(), "c1", &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Offset: 5, Limit: 100}})
	if err != nil {
		t.Fatalf("ListScopes: %v", err)
	}
	want := &anypoint.Page[scopes.Grant]{Total: 7, Data: []scopes.Grant{
		{Scope: "read:applications", OrgID: "org-1", EnvID: "env-1"},
		{Scope: "read:organization", OrgID: "org-1"},
	}}
	if !reflect.DeepEqual(page, want) {
		t.Errorf("ListScopes = %+v, want %+v", page, want)
	}
}

func TestListScopesDefaultsAndLimits(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/c1/scopes", resp: `{"data":[],"total":0}`})
	if _, err := s.ListScopes(context.Background(), "c1", nil); err != nil {
		t.Fatalf("ListScopes(nil): %v", err)
	}
	_, err := s.ListScopes(context.Background(), "c1", &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Limit: 501}})
	mgmtWantInvalid(t, err, "Limit")
	_, err = s.ListScopes(context.Background(), "", nil)
	mgmtWantInvalid(t, err, "clientID")
}

func TestAllScopesWalksPagesOf500(t *testing.T) {
	page := func(from, to int) string {
		var items []string
		for i := from; i < to; i++ {
			items = append(items, fmt.Sprintf(`{"scope":"read:organization","context_params":{"org":"org-%d"}}`, i))
		}
		return `{"data":[` + strings.Join(items, ",") + `],"total":503}`
	}
	s := mgmtService(t,
		mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/c1/scopes", query: "limit=500", resp: page(0, 500)},
		mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/c1/scopes", query: "limit=500&offset=500", resp: page(500, 503)},
	)
	var orgs []string
	for g, err := range s.AllScopes(context.Background(), "c1", nil) {
		if err != nil {
			t.Fatalf("AllScopes: %v", err)
		}
		orgs = append(orgs, g.OrgID)
	}
	if len(orgs) != 503 || orgs[502] != "org-502" {
		t.Errorf("AllScopes gave %d grants", len(orgs))
	}
}

// AllScopes takes the options of ListScopes: it starts at opts.Offset and
// asks for opts.Limit grants a page.
func TestAllScopesFollowsTheOptions(t *testing.T) {
	const path = "/accounts/api/connectedApplications/c1/scopes"
	s := mgmtService(t,
		mgmtCall{method: "GET", path: path, query: "limit=2&offset=1", resp: `{"data":[{"scope":"a:b","context_params":{"org":"o1"}},{"scope":"a:b","context_params":{"org":"o2"}}],"total":4}`},
		mgmtCall{method: "GET", path: path, query: "limit=2&offset=3", resp: `{"data":[{"scope":"a:b","context_params":{"org":"o3"}}],"total":4}`},
	)
	opts := &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Offset: 1, Limit: 2}}
	var orgs []string
	for g, err := range s.AllScopes(context.Background(), "c1", opts) {
		if err != nil {
			t.Fatalf("AllScopes: %v", err)
		}
		orgs = append(orgs, g.OrgID)
	}
	if strings.Join(orgs, ",") != "o1,o2,o3" {
		t.Errorf("AllScopes gave %v", orgs)
	}
	if *opts != (admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Offset: 1, Limit: 2}}) {
		t.Errorf("AllScopes changed the caller's options: %+v", opts)
	}
}

func TestAllScopesRefusesBadInputOnce(t *testing.T) {
	s := mgmtService(t)
	for _, tc := range []struct {
		clientID, field string
		opts            *admin.ListScopesOptions
	}{
		{"c1", "Limit", &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Limit: admin.MaxScopesLimit + 1}}},
		{"c1", "Offset", &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Offset: -1}}},
		{" ", "clientID", nil},
	} {
		n := 0
		for g, err := range s.AllScopes(context.Background(), tc.clientID, tc.opts) {
			n++
			if g != (scopes.Grant{}) {
				t.Errorf("grant with an error = %+v, want zero", g)
			}
			mgmtWantInvalid(t, err, tc.field)
		}
		if n != 1 {
			t.Errorf("%s: yielded %d times, want 1", tc.field, n)
		}
	}
}

func TestWriteScopes(t *testing.T) {
	const body = `{"scopes":[{"scope":"read:applications","context_params":{"org":"org-1","envId":"env-1"}},{"scope":"read:organization","context_params":{"org":"org-1"}}]}`
	grants := []scopes.Grant{
		{Scope: "read:applications", OrgID: "org-1", EnvID: "env-1"},
		{Scope: "read:organization", OrgID: "org-1"},
	}
	path := "/accounts/api/connectedApplications/c%2F1/scopes"
	s := mgmtService(t,
		mgmtCall{method: "PUT", path: path, body: body, status: 204},
		mgmtCall{method: "PATCH", path: path, body: body, status: 204},
		// Removal goes to the organization's route, as MuleSoft's Terraform provider sends it.
		mgmtCall{method: "DELETE", path: "/accounts/api/organizations/org%2F1/connectedApplications/c%2F1/scopes", body: body, status: 204},
	)
	ctx := context.Background()
	if err := s.SetScopes(ctx, "c/1", grants...); err != nil {
		t.Fatalf("SetScopes: %v", err)
	}
	if err := s.AddScopes(ctx, "c/1", grants...); err != nil {
		t.Fatalf("AddScopes: %v", err)
	}
	if err := s.RemoveScopes(ctx, "org/1", "c/1", grants...); err != nil {
		t.Fatalf("RemoveScopes: %v", err)
	}
}

func TestRemoveScopesNeedsTheOrganization(t *testing.T) {
	s := mgmtService(t)
	for _, org := range []string{"", " "} {
		err := s.RemoveScopes(context.Background(), org, "c1", scopes.Grant{Scope: "read:organization", OrgID: "org-1"})
		mgmtWantInvalid(t, err, "orgID")
	}
}

func TestWriteScopesErrorFromPlatform(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "PUT", path: "/accounts/api/connectedApplications/gone/scopes",
		body:   `{"scopes":[{"scope":"read:organization","context_params":{"org":"o"}}]}`,
		status: 404, resp: notFoundAnswer,
	})
	err := s.SetScopes(context.Background(), "gone", scopes.Grant{Scope: "read:organization", OrgID: "o"})
	if !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("SetScopes = %v, want ErrNotFound", err)
	}
}

func TestWriteScopesValidation(t *testing.T) {
	ok := scopes.Grant{Scope: "read:organization", OrgID: "org-1"}
	tooMany := make([]scopes.Grant, admin.MaxAppScopes+1)
	for i := range tooMany {
		tooMany[i] = ok
	}
	for _, tc := range []struct {
		name      string
		clientID  string
		grants    []scopes.Grant
		field     string
		fromScope bool // the error wraps scopes.ErrIncompleteGrant
	}{
		{"empty client ID", "", []scopes.Grant{ok}, "clientID", false},
		{"no grants", "c1", nil, "grants", false},
		{"too many grants", "c1", tooMany, "grants", false},
		{"no scope", "c1", []scopes.Grant{ok, {OrgID: "org-1"}}, "grants[1]", true},
		{"no org", "c1", []scopes.Grant{{Scope: "read:organization"}}, "grants[0]", true},
		{"environment scope without env", "c1", []scopes.Grant{{Scope: "read:applications", OrgID: "org-1"}}, "grants[0]", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mgmtService(t)
			remove := func(ctx context.Context, clientID string, grants ...scopes.Grant) error {
				return s.RemoveScopes(ctx, "org-1", clientID, grants...)
			}
			for name, call := range map[string]func(context.Context, string, ...scopes.Grant) error{
				"SetScopes": s.SetScopes, "AddScopes": s.AddScopes, "RemoveScopes": remove,
			} {
				err := call(context.Background(), tc.clientID, tc.grants...)
				ve := mgmtWantInvalid(t, err, tc.field)
				if ve != nil && strings.Contains(ve.Reason, scopes.ErrIncompleteGrant.Error()) {
					t.Errorf("%s: Reason %q repeats the sentinel's text", name, ve.Reason)
				}
				if got := errors.Is(err, scopes.ErrIncompleteGrant); got != tc.fromScope {
					t.Errorf("%s: errors.Is(err, scopes.ErrIncompleteGrant) = %v (err: %v)", name, got, err)
				}
			}
		})
	}
}

// The scopes list is read in the spec's shape, {"data","total"}, and in the
// shape MuleSoft's Terraform provider decodes, {"scopes":[…]}; any other
// answer is a DecodeError, never an empty list.
func TestListScopesAnswerShapes(t *testing.T) {
	const path = "/accounts/api/connectedApplications/c1/scopes"
	grants := []scopes.Grant{{Scope: "read:applications", OrgID: "org-1", EnvID: "env-1"}, {Scope: "read:organization", OrgID: "org-1"}}
	const items = `[{"scope":"read:applications","context_params":{"org":"org-1","envId":"env-1"}},{"scope":"read:organization","context_params":{"org":"org-1"}}]`
	for _, tc := range []struct {
		name, resp string
		offset     int
		want       *anypoint.Page[scopes.Grant] // nil: a DecodeError
	}{
		{"spec", `{"data":` + items + `,"total":2}`, 0, &anypoint.Page[scopes.Grant]{Data: grants, Total: 2}},
		{"spec, empty", `{"data":[],"total":0}`, 0, &anypoint.Page[scopes.Grant]{Data: []scopes.Grant{}, Total: 0}},
		{"Terraform provider's", `{"scopes":` + items + `}`, 0, &anypoint.Page[scopes.Grant]{Data: grants, Total: 2}},
		{"Terraform provider's, from an offset", `{"scopes":` + items + `}`, 3, &anypoint.Page[scopes.Grant]{Data: grants, Total: 5}},
		{"Terraform provider's, empty", `{"scopes":[]}`, 0, &anypoint.Page[scopes.Grant]{Data: []scopes.Grant{}, Total: 0}},
		{"other envelope", `{"items":` + items + `,"total":2}`, 0, nil},
		{"empty object", `{}`, 0, nil},
		{"null data", `{"data":null,"total":2}`, 0, nil},
		{"bare array", items, 0, nil},
		{"data of another type", `{"data":{"scope":"x"},"total":1}`, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query := ""
			if tc.offset > 0 {
				query = fmt.Sprintf("offset=%d", tc.offset)
			}
			s := mgmtService(t, mgmtCall{method: "GET", path: path, query: query, resp: tc.resp})
			page, err := s.ListScopes(context.Background(), "c1", &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Offset: tc.offset}})
			if tc.want == nil {
				var de *anypoint.DecodeError
				if !errors.As(err, &de) || page != nil {
					t.Fatalf("ListScopes = %+v, %v (%T); want a *anypoint.DecodeError", page, err, err)
				}
				if !strings.HasPrefix(err.Error(), "anypoint: ") {
					t.Errorf("error %q", err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(page, tc.want) {
				t.Errorf("ListScopes = %+v, %v; want %+v", page, err, tc.want)
			}
		})
	}
}

// An answer in the {"scopes":[…]} shape is the whole rest of the list:
// AllScopes stops after it rather than asking again.
func TestAllScopesTakesTheUnpagedShapeAsTheWholeList(t *testing.T) {
	s := mgmtService(t, mgmtCall{method: "GET", path: "/accounts/api/connectedApplications/c1/scopes", query: "limit=2",
		resp: `{"scopes":[{"scope":"a:b","context_params":{"org":"o1"}},{"scope":"a:b","context_params":{"org":"o2"}},{"scope":"a:b","context_params":{"org":"o3"}}]}`})
	var orgs []string
	for g, err := range s.AllScopes(context.Background(), "c1", &admin.ListScopesOptions{ListOptions: anypoint.ListOptions{Limit: 2}}) {
		if err != nil {
			t.Fatalf("AllScopes: %v", err)
		}
		orgs = append(orgs, g.OrgID)
	}
	if strings.Join(orgs, ",") != "o1,o2,o3" {
		t.Errorf("AllScopes gave %v", orgs)
	}
}
