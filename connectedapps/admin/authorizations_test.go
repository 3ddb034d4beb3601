package admin_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

func TestRevokeTokens(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "DELETE", path: "/accounts/api/connectedApplications/c1/revoke", status: 204},
		mgmtCall{method: "DELETE", path: "/accounts/api/connectedApplications/gone/revoke", status: 404, resp: notFoundAnswer},
	)
	if err := s.RevokeTokens(context.Background(), "c1"); err != nil {
		t.Fatalf("RevokeTokens: %v", err)
	}
	if err := s.RevokeTokens(context.Background(), "gone"); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("RevokeTokens(gone) = %v, want ErrNotFound", err)
	}
	mgmtWantInvalid(t, s.RevokeTokens(context.Background(), ""), "clientID")
}

// The spec's example, with its YAML-rendered times.
const authorizationJSON = `{"authorization_id":"456","created_at":"2018-01-26 22:39:02.312000+00:00","updated_at":"2018-01-27T10:00:00Z","last_used":1517006342312,"user_id":"b65f412f-7d36-4109-b196-9d5ad07c2083","client_id":"d5e32198-7cc1-4c26-ab83-fd8912e16967","as_id":"anypoint","scopes":["read:raml","read:users","offline_access"]}`

var wantAuthorization = admin.Authorization{
	ID: "456", ClientID: "d5e32198-7cc1-4c26-ab83-fd8912e16967", UserID: "b65f412f-7d36-4109-b196-9d5ad07c2083",
	Scopes:                []scopes.Scope{"read:raml", "read:users", "offline_access"},
	AuthorizationServerID: "anypoint",
	CreatedAt:             anypoint.Time{Time: time.Date(2018, 1, 26, 22, 39, 2, 312000000, time.UTC)},
	UpdatedAt:             anypoint.Time{Time: time.Date(2018, 1, 27, 10, 0, 0, 0, time.UTC)},
	LastUsed:              anypoint.Time{Time: time.UnixMilli(1517006342312).UTC()},
}

func sameAuthorization(t *testing.T, got, want admin.Authorization) {
	t.Helper()
	for _, p := range []struct {
		name string
		a, b anypoint.Time
	}{{"CreatedAt", got.CreatedAt, want.CreatedAt}, {"UpdatedAt", got.UpdatedAt, want.UpdatedAt}, {"LastUsed", got.LastUsed, want.LastUsed}} {
		if !p.a.Equal(p.b.Time) {
			t.Errorf("%s = %v, want %v", p.name, p.a, p.b)
		}
	}
	got.CreatedAt, got.UpdatedAt, got.LastUsed = anypoint.Time{}, anypoint.Time{}, anypoint.Time{}
	want.CreatedAt, want.UpdatedAt, want.LastUsed = anypoint.Time{}, anypoint.Time{}, anypoint.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("authorization = %+v, want %+v", got, want)
	}
}

func TestListAuthorizations(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "GET", path: "/accounts/api/organizations/org-1/connectedApplications/authorizations",
		query: "limit=50&offset=100&user_id=u+1", resp: `{"data":[` + authorizationJSON + `],"total":101}`,
	})
	page, err := s.ListAuthorizations(context.Background(), "org-1", &admin.ListAuthorizationsOptions{
		UserID: "u 1", ListOptions: anypoint.ListOptions{Offset: 100, Limit: 50},
	})
	if err != nil {
		t.Fatalf("ListAuthorizations: %v", err)
	}
	if page.Total != 101 || len(page.Data) != 1 {
		t.Fatalf("page = total %d, %d items", page.Total, len(page.Data))
	}
	sameAuthorization(t, page.Data[0], wantAuthorization)
}

func TestListAuthorizationsToleratesAPlainArray(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "GET", path: "/accounts/api/organizations/org-1/connectedApplications/authorizations",
		resp: `[{"id":"a1","client_id":"c1","user_id":"u1","scopes":["openid"],"created_at":null}]`,
	})
	page, err := s.ListAuthorizations(context.Background(), "org-1", nil)
	if err != nil {
		t.Fatalf("ListAuthorizations: %v", err)
	}
	if page.Total != 1 || len(page.Data) != 1 || page.Data[0].ID != "a1" || !page.Data[0].CreatedAt.IsZero() {
		t.Errorf("page = %+v", page)
	}
}

func TestListAuthorizationsErrors(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "GET", path: "/accounts/api/organizations/org-1/connectedApplications/authorizations",
		resp: `{"data":{"oops":true}}`,
	})
	_, err := s.ListAuthorizations(context.Background(), "org-1", nil)
	var de *anypoint.DecodeError
	if !errors.As(err, &de) {
		t.Errorf("err = %v (%T), want *anypoint.DecodeError", err, err)
	}
	_, err = s.ListAuthorizations(context.Background(), "org-1", &admin.ListAuthorizationsOptions{ListOptions: anypoint.ListOptions{Limit: 501}})
	mgmtWantInvalid(t, err, "Limit")
	_, err = s.ListAuthorizations(context.Background(), "", nil)
	mgmtWantInvalid(t, err, "orgID")
}

func TestAllAuthorizationsWalksEveryPage(t *testing.T) {
	const path = "/accounts/api/organizations/org-1/connectedApplications/authorizations"
	page := func(from, to, total int) string {
		var items []string
		for i := from; i < to; i++ {
			items = append(items, fmt.Sprintf(`{"authorization_id":"a%d","client_id":"c1","user_id":"u1"}`, i))
		}
		return fmt.Sprintf(`{"data":[%s],"total":%d}`, strings.Join(items, ","), total)
	}
	t.Run("default page size", func(t *testing.T) {
		s := mgmtService(t,
			mgmtCall{method: "GET", path: path, query: "limit=500&user_id=u1", resp: page(0, 500, 502)},
			mgmtCall{method: "GET", path: path, query: "limit=500&offset=500&user_id=u1", resp: page(500, 502, 502)},
		)
		var ids []string
		for a, err := range s.AllAuthorizations(context.Background(), "org-1", &admin.ListAuthorizationsOptions{UserID: "u1"}) {
			if err != nil {
				t.Fatalf("AllAuthorizations: %v", err)
			}
			ids = append(ids, a.ID)
		}
		if len(ids) != 502 || ids[0] != "a0" || ids[501] != "a501" {
			t.Errorf("AllAuthorizations gave %d authorizations", len(ids))
		}
	})
	t.Run("offset and limit from the options", func(t *testing.T) {
		s := mgmtService(t,
			mgmtCall{method: "GET", path: path, query: "limit=2&offset=1", resp: page(1, 3, 4)},
			mgmtCall{method: "GET", path: path, query: "limit=2&offset=3", resp: page(3, 4, 4)},
		)
		var ids []string
		for a, err := range s.AllAuthorizations(context.Background(), "org-1", &admin.ListAuthorizationsOptions{ListOptions: anypoint.ListOptions{Offset: 1, Limit: 2}}) {
			if err != nil {
				t.Fatalf("AllAuthorizations: %v", err)
			}
			ids = append(ids, a.ID)
		}
		if strings.Join(ids, ",") != "a1,a2,a3" {
			t.Errorf("AllAuthorizations gave %v", ids)
		}
	})
	t.Run("a plain array is the whole list", func(t *testing.T) {
		s := mgmtService(t, mgmtCall{method: "GET", path: path, query: "limit=500", resp: `[{"id":"a1"},{"id":"a2"}]`})
		n := 0
		for _, err := range s.AllAuthorizations(context.Background(), "org-1", nil) {
			if err != nil {
				t.Fatalf("AllAuthorizations: %v", err)
			}
			n++
		}
		if n != 2 {
			t.Errorf("AllAuthorizations gave %d, want 2", n)
		}
	})
	t.Run("an error ends the walk", func(t *testing.T) {
		s := mgmtService(t,
			mgmtCall{method: "GET", path: path, query: "limit=2", resp: page(0, 2, 5)},
			mgmtCall{method: "GET", path: path, query: "limit=2&offset=2", status: 500, resp: `{"message":"boom"}`},
		)
		var n int
		var errs []error
		for a, err := range s.AllAuthorizations(context.Background(), "org-1", &admin.ListAuthorizationsOptions{ListOptions: anypoint.ListOptions{Limit: 2}}) {
			if err != nil {
				if a.ID != "" {
					t.Errorf("authorization with an error = %+v, want zero", a)
				}
				errs = append(errs, err)
				continue
			}
			n++
		}
		var apiErr *anypoint.Error
		if n != 2 || len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != 500 {
			t.Errorf("got %d authorizations and errors %v, want 2 and the 500", n, errs)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		s := mgmtService(t)
		sdktest.WantInvalidWalk(t, s.AllAuthorizations(context.Background(), "", nil), "orgID")
		sdktest.WantInvalidWalk(t, s.AllAuthorizations(context.Background(), "org-1", &admin.ListAuthorizationsOptions{ListOptions: anypoint.ListOptions{Limit: 501}}), "Limit")
	})
}

func TestGetAuthorization(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "GET", path: "/accounts/api/organizations/org-1/connectedApplications/authorizations/4%2F56", resp: authorizationJSON},
		mgmtCall{method: "GET", path: "/accounts/api/organizations/org-1/connectedApplications/authorizations/nope", status: 404, resp: `{"message":"Authorization not found"}`},
	)
	a, err := s.GetAuthorization(context.Background(), "org-1", "4/56")
	if err != nil {
		t.Fatalf("GetAuthorization: %v", err)
	}
	sameAuthorization(t, *a, wantAuthorization)
	if _, err := s.GetAuthorization(context.Background(), "org-1", "nope"); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("GetAuthorization(nope) = %v, want ErrNotFound", err)
	}
	_, err = s.GetAuthorization(context.Background(), "org-1", "")
	mgmtWantInvalid(t, err, "authorizationID")
	_, err = s.GetAuthorization(context.Background(), "", "a")
	mgmtWantInvalid(t, err, "orgID")
}

func TestRevokeAuthorization(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "DELETE", path: "/accounts/api/organizations/org-1/connectedApplications/authorizations/456", status: 204},
		mgmtCall{method: "DELETE", path: "/accounts/api/organizations/bg-1/connectedApplications/authorizations/456", status: 405,
			resp: `{"message":"The organization is a business group. Revoking must be done from a root organization"}`},
	)
	if err := s.RevokeAuthorization(context.Background(), "org-1", "456"); err != nil {
		t.Fatalf("RevokeAuthorization: %v", err)
	}
	err := s.RevokeAuthorization(context.Background(), "bg-1", "456")
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("RevokeAuthorization on a business group = %v, want a 405 *anypoint.Error", err)
	}
	mgmtWantInvalid(t, s.RevokeAuthorization(context.Background(), "org-1", " "), "authorizationID")
}

func TestRevokeUserAuthorizations(t *testing.T) {
	s := mgmtService(t, mgmtCall{
		method: "DELETE", path: "/accounts/api/organizations/org-1/connectedApplications/authorizations",
		query: "user_id=b65f412f-7d36-4109-b196-9d5ad07c2083", status: 204,
	})
	if err := s.RevokeUserAuthorizations(context.Background(), "org-1", "b65f412f-7d36-4109-b196-9d5ad07c2083"); err != nil {
		t.Fatalf("RevokeUserAuthorizations: %v", err)
	}
	mgmtWantInvalid(t, s.RevokeUserAuthorizations(context.Background(), "org-1", ""), "userID")
	mgmtWantInvalid(t, s.RevokeUserAuthorizations(context.Background(), "", "u1"), "orgID")
}
