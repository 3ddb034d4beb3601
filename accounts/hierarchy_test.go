package accounts_test

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
	"github.com/anypoint-go/anypoint/accounts"
)

// hierarchyBody is shaped like the platform's answer: every node carries the
// organization's fields, nested subOrganizations, and fields the SDK does
// not model. Platform Team has no parentId, as some answers omit it.
//
//	Acme Corp (root)
//	├── Acme Engineering
//	│   ├── Acme Platform Team
//	│   │   └── Acme SRE
//	│   └── Acme Mobile
//	└── Acme Sales
const hierarchyBody = `{
  "id": "root",
  "name": "Acme Corp",
  "createdAt": "2024-01-15T09:30:00.000Z",
  "updatedAt": "2025-03-02T17:45:12.518Z",
  "ownerId": "owner-1",
  "clientId": "client-root",
  "domain": "acme-corp",
  "idprovider_id": "mulesoft",
  "isFederated": false,
  "parentOrganizationIds": [],
  "subOrganizationIds": ["eng", "sales"],
  "tenantOrganizationIds": [],
  "isRoot": true,
  "isMaster": true,
  "environmentsCount": 3,
  "entitlements": {"createSubOrgs": true},
  "subOrganizations": [
    {
      "id": "eng",
      "name": "Acme Engineering",
      "parentId": "root",
      "createdAt": "2024-03-01T00:00:00.000Z",
      "updatedAt": "2024-03-01T00:00:00.000Z",
      "ownerId": "owner-2",
      "clientId": "client-eng",
      "parentOrganizationIds": ["root"],
      "subOrganizationIds": ["platform", "mobile"],
      "tenantOrganizationIds": [],
      "isRoot": false,
      "isMaster": false,
      "environmentsCount": 2,
      "subOrganizations": [
        {
          "id": "platform",
          "name": "Acme Platform Team",
          "createdAt": "2024-05-20T12:00:00.000Z",
          "updatedAt": "2024-05-20T12:00:00.000Z",
          "ownerId": "owner-2",
          "clientId": "client-platform",
          "parentOrganizationIds": ["root", "eng"],
          "subOrganizationIds": ["sre"],
          "tenantOrganizationIds": [],
          "isRoot": false,
          "isMaster": false,
          "environmentsCount": 1,
          "subOrganizations": [
            {"id": "sre", "name": "Acme SRE", "parentId": "platform", "parentOrganizationIds": ["root", "eng", "platform"],
             "subOrganizationIds": [], "tenantOrganizationIds": [], "isRoot": false, "isMaster": false,
             "environmentsCount": 0, "subOrganizations": []}
          ]
        },
        {"id": "mobile", "name": "Acme Mobile", "parentId": "eng", "parentOrganizationIds": ["root", "eng"],
         "subOrganizationIds": [], "tenantOrganizationIds": [], "isRoot": false, "isMaster": false,
         "environmentsCount": 2, "subOrganizations": []}
      ]
    },
    {"id": "sales", "name": "Acme Sales", "parentId": "root", "parentOrganizationIds": ["root"],
     "subOrganizationIds": [], "tenantOrganizationIds": [], "isRoot": false, "isMaster": false,
     "environmentsCount": 1, "subOrganizations": []}
  ]
}`

func loadHierarchy(t *testing.T) *accounts.BusinessGroup {
	t.Helper()
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/root/hierarchy", "", http.StatusOK, hierarchyBody)
	root, err := f.svc.Hierarchy(context.Background(), "root")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestHierarchyDecodes(t *testing.T) {
	root := loadHierarchy(t)

	if root.ID != "root" || root.Name != "Acme Corp" || !root.IsRoot || !root.IsMaster || root.ParentID != "" ||
		root.OwnerID != "owner-1" || root.ClientID != "client-root" || root.Domain != "acme-corp" ||
		root.EnvironmentsCount != 3 || !reflect.DeepEqual(root.SubOrganizationIDs, []string{"eng", "sales"}) {
		t.Errorf("root = %+v", root)
	}
	if !root.CreatedAt.Equal(mustTime(t, "2024-01-15T09:30:00Z")) || !root.UpdatedAt.Equal(mustTime(t, "2025-03-02T17:45:12.518Z")) {
		t.Errorf("root times = %v, %v", root.CreatedAt, root.UpdatedAt)
	}
	if len(root.SubOrganizations) != 2 {
		t.Fatalf("root has %d sub-organizations, want 2", len(root.SubOrganizations))
	}
	eng := root.SubOrganizations[0]
	if eng.ID != "eng" || eng.IsRoot || eng.ParentID != "root" || eng.EnvironmentsCount != 2 || len(eng.SubOrganizations) != 2 {
		t.Errorf("engineering = %+v", eng)
	}
	platform := eng.SubOrganizations[0]
	if platform.ParentID != "eng" {
		t.Errorf("Platform Team ParentID = %q, want it filled in from the tree as \"eng\"", platform.ParentID)
	}
	if !reflect.DeepEqual(platform.ParentOrganizationIDs, []string{"root", "eng"}) {
		t.Errorf("Platform Team ParentOrganizationIDs = %v", platform.ParentOrganizationIDs)
	}
	if sre := platform.SubOrganizations[0]; sre.ID != "sre" || sre.ParentID != "platform" || sre.EnvironmentsCount != 0 {
		t.Errorf("SRE = %+v", sre)
	}
}

// The access-management spec's listHierarchy example writes every node's
// dates as "2015-03-13 18:03:23.869000+00:00"; they decode at every depth.
func TestHierarchySpecDateForm(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/root/hierarchy", "", http.StatusOK, `{
  "id": "root", "name": "MuleSoft Inc",
  "createdAt": "2015-03-13 18:03:23.869000+00:00", "updatedAt": "2015-03-13 18:03:24.207000+00:00",
  "isRoot": true, "isMaster": true, "environmentsCount": 2,
  "subOrganizations": [{
    "id": "eng", "name": "Engineering",
    "createdAt": "2015-03-13 18:03:28.356000+00:00", "updatedAt": "2015-03-13 18:03:28.363000+00:00",
    "parentOrganizationIds": ["root"], "isRoot": true, "isMaster": false,
    "subOrganizations": [{
      "id": "api", "name": "API Platform",
      "createdAt": "2015-03-13 18:03:28.407000+00:00", "updatedAt": "2015-03-13 18:03:28.415000+00:00",
      "subOrganizations": []
    }]
  }]
}`)
	root, err := f.svc.Hierarchy(context.Background(), "root")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { return mustTime(t, "2015-03-13T18:03:"+s+"Z") }
	for _, tt := range []struct {
		g                *accounts.BusinessGroup
		created, updated time.Time
	}{
		{root, at("23.869"), at("24.207")},
		{root.Find("eng"), at("28.356"), at("28.363")},
		{root.Find("api"), at("28.407"), at("28.415")},
	} {
		if tt.g == nil {
			t.Fatal("a business group is missing")
		}
		if !tt.g.CreatedAt.Equal(tt.created) || !tt.g.UpdatedAt.Equal(tt.updated) {
			t.Errorf("%s: dates %v, %v; want %v, %v", tt.g.Name, tt.g.CreatedAt, tt.g.UpdatedAt, tt.created, tt.updated)
		}
	}
	if api := root.Find("api"); api.ParentID != "eng" {
		t.Errorf("API Platform ParentID = %q, want eng", api.ParentID)
	}
}

// A date in no known form, at any depth, is a DecodeError.
func TestHierarchyDecodeError(t *testing.T) {
	f := newFixture(t)
	f.expectGET("/accounts/api/organizations/root/hierarchy", "", http.StatusOK,
		`{"id": "root", "subOrganizations": [{"id": "eng", "createdAt": "last spring"}]}`)
	_, err := f.svc.Hierarchy(context.Background(), "root")
	var de *anypoint.DecodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "last spring") {
		t.Fatalf("err = %v, want *anypoint.DecodeError naming the value", err)
	}
}

func TestHierarchyRequests(t *testing.T) {
	t.Run("escapes the ID", func(t *testing.T) {
		f := newFixture(t)
		f.expectGET("/accounts/api/organizations/a%2Fb/hierarchy", "", http.StatusOK, `{"id":"a/b","isRoot":true}`)
		if _, err := f.svc.Hierarchy(context.Background(), "a/b"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("empty ID", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.svc.Hierarchy(context.Background(), "")
		wantInvalid(t, err, "orgID")
		if n := f.calls(); n != 0 {
			t.Errorf("%d requests sent, want none", n)
		}
	})
	t.Run("not found", func(t *testing.T) {
		f := newFixture(t)
		f.expectGET("/accounts/api/organizations/x/hierarchy", "", http.StatusNotFound, `{"message":"Organization x not found"}`)
		g, err := f.svc.Hierarchy(context.Background(), "x")
		var apiErr *anypoint.Error
		if g != nil || !errors.Is(err, anypoint.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "Organization x not found" {
			t.Errorf("Hierarchy = %+v, %v; want nil and ErrNotFound with the platform's message", g, err)
		}
	})
	t.Run("bad JSON", func(t *testing.T) {
		f := newFixture(t)
		f.expectGET("/accounts/api/organizations/x/hierarchy", "", http.StatusOK, `{"id":"x","subOrganizations":{}}`)
		_, err := f.svc.Hierarchy(context.Background(), "x")
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("err = %v, want *anypoint.DecodeError", err)
		}
	})
}

// visit records a walk as "depth:id" entries.
func visit(t *testing.T, root *accounts.BusinessGroup, decide func(g *accounts.BusinessGroup) error) ([]string, error) {
	t.Helper()
	var seen []string
	err := root.Walk(func(g *accounts.BusinessGroup, depth int) error {
		seen = append(seen, fmt.Sprintf("%d:%s", depth, g.ID))
		return decide(g)
	})
	return seen, err
}

func TestWalk(t *testing.T) {
	root := loadHierarchy(t)
	errStop := errors.New("stop here")

	tests := []struct {
		name    string
		decide  func(g *accounts.BusinessGroup) error
		want    string
		wantErr error
	}{
		{"pre-order, depth first", func(*accounts.BusinessGroup) error { return nil },
			"0:root 1:eng 2:platform 3:sre 2:mobile 1:sales", nil},
		{"SkipChildren skips a subtree", func(g *accounts.BusinessGroup) error {
			if g.ID == "eng" {
				return accounts.SkipChildren
			}
			return nil
		}, "0:root 1:eng 1:sales", nil},
		{"SkipChildren on a deeper group", func(g *accounts.BusinessGroup) error {
			if g.ID == "platform" {
				return accounts.SkipChildren
			}
			return nil
		}, "0:root 1:eng 2:platform 2:mobile 1:sales", nil},
		{"SkipChildren on the root", func(*accounts.BusinessGroup) error { return accounts.SkipChildren },
			"0:root", nil},
		{"another error stops the walk", func(g *accounts.BusinessGroup) error {
			if g.ID == "sre" {
				return errStop
			}
			return nil
		}, "0:root 1:eng 2:platform 3:sre", errStop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen, err := visit(t, root, tt.decide)
			if got := strings.Join(seen, " "); got != tt.want {
				t.Errorf("visited %s\nwant    %s", got, tt.want)
			}
			if err != tt.wantErr {
				t.Errorf("Walk = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestWalkNil(t *testing.T) {
	var g *accounts.BusinessGroup
	if err := g.Walk(func(*accounts.BusinessGroup, int) error {
		t.Error("callback called on a nil tree")
		return nil
	}); err != nil {
		t.Errorf("Walk = %v", err)
	}
	if g.Find("root") != nil {
		t.Error("Find on a nil tree found something")
	}
}

func TestAll(t *testing.T) {
	root := loadHierarchy(t)
	var ids []string
	for g := range root.All() {
		ids = append(ids, g.ID)
	}
	if got := strings.Join(ids, " "); got != "root eng platform sre mobile sales" {
		t.Errorf("All = %s", got)
	}

	ids = nil
	for g := range root.All() {
		ids = append(ids, g.ID)
		if g.ID == "platform" {
			break
		}
	}
	if got := strings.Join(ids, " "); got != "root eng platform" {
		t.Errorf("All with break = %s", got)
	}
}

func TestFind(t *testing.T) {
	root := loadHierarchy(t)
	for _, id := range []string{"root", "eng", "platform", "sre", "mobile", "sales"} {
		g := root.Find(id)
		if g == nil || g.ID != id {
			t.Errorf("Find(%q) = %+v", id, g)
		}
	}
	if g := root.Find("sre"); g != root.SubOrganizations[0].SubOrganizations[0].SubOrganizations[0] {
		t.Error("Find returned a copy, want the node in the tree")
	}
	if g := root.Find("nope"); g != nil {
		t.Errorf("Find(nope) = %+v, want nil", g)
	}
	if g := root.SubOrganizations[1].Find("eng"); g != nil {
		t.Errorf("Find looked above the group it was called on: %+v", g)
	}
}
