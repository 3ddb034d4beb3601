package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const fixtureSpec = `openapi: 3.0.0
info:
  title: Fixture API
servers:
- url: https://anypoint.mulesoft.com/fixture/{version}
  variables:
    version:
      default: v2
components:
  parameters:
    limit:
      name: limit
      in: query
      required: true
paths:
  /orgs/{orgId}/apis:
    parameters:
    - name: orgId
      in: path
      required: true
    get:
      operationId: listApis
      description: "Lists.\n\nConnected Apps require the following scopes:\n  - View APIs Configuration\n"
      parameters:
      - $ref: '#/components/parameters/limit'
    post:
      operationId: createApi
      description: "Creates.\n\nConnected Apps require the following scopes:\n  - Manage APIs Configuration\n  - Exchange Viewer\n"
  /stores:
    get:
      operationId: listStores
      description: 'If you are using connected app, either of "View Stores / Manage Stores" scopes  are needed.'
    delete:
      operationId: purge
      description: 'Purge. If you are using connected app, "Administer destinations" and "Manage clients" scope is needed.'
  /regions:
    get:
      operationId: listRegions
      description: 'If you are using connected app, no specific scope is needed.'
    post:
      operationId: authorize
      description: 'This API is not supported with connected apps.'
  /other:
    get:
      operationId: other
`

const fixtureScopes = `{"scopes": [
 {"scope": "read:api_configuration", "display_name": "View APIs Configuration"},
 {"scope": "manage:api_configuration", "display_name": "Manage APIs Configuration"},
 {"scope": "read:exchange", "display_name": "Exchange Viewer"},
 {"scope": "read:store", "display_name": "View stores"},
 {"scope": "manage:store", "display_name": "Manage stores"},
 {"scope": "administer:destinations", "display_name": "Administer destinations"},
 {"scope": "manage:clients", "display_name": "Manage clients"}
]}`

const fixtureRules = `{"comment": "", "unread": [], "rules": [
 {"api": "fixture", "methods": ["GET"], "path": "^/other$", "any_of": ["read:store"], "source": "assumed", "cite": "because"}
]}`

func writeFixture(t *testing.T, spec, rules, scopes string) (dx, rulesPath, scopesPath string) {
	t.Helper()
	dir := t.TempDir()
	dx = filepath.Join(dir, "dx")
	if err := os.MkdirAll(filepath.Join(dx, "apis", "fixture"), 0o755); err != nil {
		t.Fatal(err)
	}
	for path, data := range map[string]string{
		filepath.Join(dx, "apis", "fixture", "api.yaml"): spec,
		filepath.Join(dir, "rules.json"):                 rules,
		filepath.Join(dir, "scopes.json"):                scopes,
	} {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dx, filepath.Join(dir, "rules.json"), filepath.Join(dir, "scopes.json")
}

func TestExtract(t *testing.T) {
	dx, rules, scopes := writeFixture(t, fixtureSpec, fixtureRules, fixtureScopes)
	out := filepath.Join(t.TempDir(), "catalog.json")
	commit := strings.Repeat("a", 40)
	if err := run([]string{"-dx", dx, "-commit", commit, "-rules", rules, "-scopes", scopes, "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var c Catalog
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	if c.Commit != commit || len(c.APIs) != 1 {
		t.Fatalf("commit %q, %d APIs", c.Commit, len(c.APIs))
	}
	ops := map[string]Operation{}
	for _, op := range c.APIs[0].Operations {
		ops[op.ID] = op
	}
	if len(ops) != 7 {
		t.Fatalf("%d operations, want 7", len(ops))
	}
	for id, want := range map[string]Operation{
		"listApis":    {Method: "GET", Pattern: "/fixture/v2/orgs/{orgId}/apis", Query: []string{"limit"}, AnyOf: []string{"read:api_configuration"}, Source: "spec"},
		"createApi":   {Method: "POST", Pattern: "/fixture/v2/orgs/{orgId}/apis", AllOf: []string{"manage:api_configuration", "read:exchange"}, Source: "spec"},
		"listStores":  {Method: "GET", Pattern: "/fixture/v2/stores", AnyOf: []string{"read:store", "manage:store"}, Source: "spec"},
		"purge":       {Method: "DELETE", Pattern: "/fixture/v2/stores", AllOf: []string{"administer:destinations", "manage:clients"}, Source: "spec"},
		"listRegions": {Method: "GET", Pattern: "/fixture/v2/regions", AnyToken: true, Source: "spec"},
		"authorize":   {Method: "POST", Pattern: "/fixture/v2/regions", UserOnly: true, Source: "spec"},
		"other":       {Method: "GET", Pattern: "/fixture/v2/other", AnyOf: []string{"read:store"}, Source: "assumed"},
	} {
		got := ops[id]
		if got.Method != want.Method || got.Pattern != want.Pattern || !slices.Equal(got.Query, want.Query) ||
			!slices.Equal(got.AnyOf, want.AnyOf) || !slices.Equal(got.AllOf, want.AllOf) ||
			got.AnyToken != want.AnyToken || got.UserOnly != want.UserOnly || got.Source != want.Source || got.Cite == "" {
			t.Errorf("%s = %+v, want %+v", id, got, want)
		}
	}
}

func TestExtractRefusesWhatItCannotPlace(t *testing.T) {
	for name, tc := range map[string]struct{ spec, rules, want string }{
		"an unknown display name":     {strings.Replace(fixtureSpec, "View APIs Configuration", "View Everything", 1), fixtureRules, `"View Everything"`},
		"an operation no rule covers": {fixtureSpec, `{"rules": []}`, "no rule"},
		"a rule that matches nothing": {fixtureSpec, strings.Replace(fixtureRules, `]}`, `,{"api": "fixture", "ids": ["gone"], "source": "assumed", "cite": "x"}]}`, 1), "matches no operation"},
		"a rule without a citation":   {fixtureSpec, strings.Replace(fixtureRules, `"because"`, `""`, 1), "no cite"},
	} {
		dx, rules, scopes := writeFixture(t, tc.spec, tc.rules, fixtureScopes)
		err := run([]string{"-dx", dx, "-commit", strings.Repeat("b", 40), "-rules", rules, "-scopes", scopes, "-out", filepath.Join(t.TempDir(), "c.json")}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, tc.want)
		}
	}
}
