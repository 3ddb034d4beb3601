package auditlog_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/auditlog"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"github.com/anypoint-go/anypoint/scopes"
)

const org = anypointtest.OrgID

var queryPath = "/audit/v2/organizations/" + org + "/query"

func clientFor(t *testing.T, srv *anypointtest.Server, app anypointtest.App) *anypoint.Client {
	t.Helper()
	c, err := anypoint.NewClient(
		connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: srv.Config()}.TokenSource(),
		anypoint.WithConfig(srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// auditor adds an app holding read:audit_logs and returns its service.
func auditor(t *testing.T, srv *anypointtest.Server) *auditlog.Service {
	t.Helper()
	return auditlog.New(clientFor(t, srv, srv.AddApp(anypointtest.AppSpec{Name: "auditor", Scopes: []scopes.Scope{scopes.ReadAuditLogs}})))
}

// clock is a fixed, settable clock for the fake.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// The fake records what an app did, with its client ID, and the audit log
// finds it by that client ID.
func TestWhatAnAppDid(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	worker := srv.AddApp(anypointtest.AppSpec{Name: "worker", Scopes: []scopes.Scope{scopes.ViewEnvironment}})
	acc := accounts.New(clientFor(t, srv, worker))
	ctx := context.Background()
	start := time.Now().Add(-time.Minute)
	if _, err := acc.ListEnvironments(ctx, org, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.GetEnvironment(ctx, org, anypointtest.ProductionEnvID); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.GetOrganization(ctx, org); err == nil { // no scope: a failed call
		t.Fatal("GetOrganization without the scope succeeded")
	}

	var got []string
	for e, err := range auditor(t, srv).AllEntries(ctx, org, &auditlog.Query{Start: start, ClientIDs: []string{worker.ClientID}}) {
		if err != nil {
			t.Fatal(err)
		}
		if e.ClientID != worker.ClientID || e.UserID != anypointtest.UserID || e.Platform != "coreservices" || e.Timestamp.IsZero() || len(e.Objects) != 1 {
			t.Errorf("entry = %+v", e)
		}
		got = append(got, fmt.Sprintf("%s %s %s failed=%v", e.Action, e.Objects[0].Type, e.Objects[0].ID, e.Failed))
	}
	want := []string{
		"view environment  failed=false",
		"view environment " + anypointtest.ProductionEnvID + " failed=false",
		// The 401 came for a token minted before the call: the client
		// replaced the token and tried once more (the 401 rule).
		"view organization " + org + " failed=true",
		"view organization " + org + " failed=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// seed adds n entries one second apart from t0, alternating two client IDs.
func seed(srv *anypointtest.Server, t0 time.Time, n int) {
	entries := make([]anypointtest.AuditEntry, n)
	for i := range entries {
		entries[i] = anypointtest.AuditEntry{
			Time: t0.Add(time.Duration(i) * time.Second), Platform: "exchange", Action: "create",
			ObjectType: "asset", ObjectID: fmt.Sprintf("asset-%04d", i), ClientID: []string{"ci", "cd"}[i%2],
			UserID: anypointtest.UserID, UserName: anypointtest.Username,
		}
	}
	srv.AddAuditEntries(entries...)
}

func TestAllEntriesPagesByCursor(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(c.now))
	al := auditor(t, srv)
	t0 := c.t.Add(-time.Hour)
	seed(srv, t0, 1000)
	srv.ResetRequestLog()
	ctx := context.Background()
	n := 0
	for e, err := range al.AllEntries(ctx, org, &auditlog.Query{Start: t0, End: c.t, Actions: []string{"create"}}) {
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("asset-%04d", n); e.Objects[0].ID != want {
			t.Fatalf("entry %d is %s, want %s (oldest first)", n, e.Objects[0].ID, want)
		}
		n++
	}
	if n != 1000 {
		t.Errorf("walked %d entries, want 1000", n)
	}
	// 5 full pages of 200, then the empty page that has no cursor.
	if got := srv.Requests(http.MethodPost, queryPath); got != 6 {
		t.Errorf("%d queries, want 6", got)
	}
	for _, r := range srv.RequestLog() {
		if r.Path == queryPath && r.Query.Get("cursorPagination") != "true" {
			t.Errorf("query string %v lacks cursorPagination=true", r.Query)
		}
	}

	// Newest first, filtered, small pages, with the total.
	page, err := al.ListEntries(ctx, org, &auditlog.Query{Start: t0, ClientIDs: []string{"cd"}, Descending: true, Limit: 3, IncludeTotal: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range page.Data {
		ids = append(ids, e.Objects[0].ID)
	}
	if !slices.Equal(ids, []string{"asset-0999", "asset-0997", "asset-0995"}) || page.Total != 500 || page.Cursor == "" {
		t.Errorf("page: %v, total %d, cursor %q", ids, page.Total, page.Cursor)
	}
	next, err := al.ListEntries(ctx, org, &auditlog.Query{Start: t0, ClientIDs: []string{"cd"}, Descending: true, Limit: 3, Cursor: page.Cursor})
	if err != nil || len(next.Data) != 3 || next.Data[0].Objects[0].ID != "asset-0993" {
		t.Errorf("next page: %+v, %v", next, err)
	}
	// A time window.
	page, err = al.ListEntries(ctx, org, &auditlog.Query{Start: t0.Add(10 * time.Second), End: t0.Add(12 * time.Second)})
	if err != nil || len(page.Data) != 3 {
		t.Errorf("window: %+v, %v", page, err)
	}
}

func TestExportCSV(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	al := auditor(t, srv)
	t0 := time.Now().Add(-time.Hour)
	seed(srv, t0, 10)
	var buf bytes.Buffer
	if err := al.ExportCSV(context.Background(), org, &auditlog.Query{Start: t0, ClientIDs: []string{"ci"}}, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0][0] != "Timestamp" || rows[1][4] != "asset-0000" || rows[5][7] != "ci" {
		t.Errorf("rows = %q", rows)
	}
	log := srv.RequestLog()
	if got := log[len(log)-1].Header.Get("Accept"); got != "text/csv" {
		t.Errorf("Accept = %q", got)
	}
}

func TestHelperLists(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	al := auditor(t, srv)
	ctx := context.Background()
	platforms, err := al.ListPlatforms(ctx, org)
	if err != nil || len(platforms) == 0 || platforms[0].Name == "" || platforms[0].Label == "" {
		t.Fatalf("platforms = %+v, %v", platforms, err)
	}
	types, err := al.ListObjectTypes(ctx, org)
	if err != nil || !slices.ContainsFunc(types, func(o auditlog.ObjectType) bool { return o.Name == "deployment" && len(o.Platforms) > 0 }) {
		t.Fatalf("object types = %+v, %v", types, err)
	}
	actions, err := al.ListActions(ctx, org)
	if err != nil || !slices.ContainsFunc(actions, func(a auditlog.Action) bool { return a.Name == "create" && len(a.ObjectTypes) > 0 }) {
		t.Fatalf("actions = %+v, %v", actions, err)
	}
}

func TestQueryWithoutTheScope(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	al := auditlog.New(clientFor(t, srv, srv.AddApp(anypointtest.AppSpec{Name: "nosy", Scopes: []scopes.Scope{scopes.ViewEnvironment}})))
	_, err := al.ListEntries(context.Background(), org, &auditlog.Query{Start: time.Now().Add(-time.Hour)})
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !slices.Equal(se.Required, []scopes.Scope{scopes.ReadAuditLogs}) {
		t.Fatalf("err = %v, want a ScopeError requiring read:audit_logs", err)
	}
}

func TestQueryBody(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	al := auditor(t, srv)
	failed := true
	q := &auditlog.Query{
		Start: time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.FixedZone("x", 3600)), End: time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC),
		UserIDs: []string{"u"}, ClientIDs: []string{"c"}, ObjectIDs: []string{"o"}, EnvironmentIDs: []string{"e"},
		Platforms: []string{"exchange"}, ObjectTypes: []string{"asset"}, Actions: []string{"create"}, Failed: &failed,
		Descending: true, Limit: 50,
	}
	if _, err := al.ListEntries(context.Background(), org, q); err != nil {
		t.Fatal(err)
	}
	log := srv.RequestLog()
	body := string(log[len(log)-1].Body)
	want := `{"startDate":"2026-01-02T02:04:05.006Z","endDate":"2026-01-03T00:00:00.000Z","userIds":["u"],"clientIds":["c"],"objectIds":["o"],"environmentIds":["e"],"platforms":["exchange"],"objectTypes":["asset"],"actions":["create"],"failed":true,"ascending":false,"limit":50}`
	if body != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
}

func TestQueryInputIsChecked(t *testing.T) {
	al := auditlog.New(nil)
	ctx := context.Background()
	now := time.Now()
	for _, tc := range []struct {
		org   string
		q     *auditlog.Query
		field string
	}{
		{"", &auditlog.Query{Start: now}, "orgID"},
		{org, nil, "q"},
		{org, &auditlog.Query{}, "Start"},
		{org, &auditlog.Query{Start: now, End: now.Add(-time.Second)}, "End"},
		{org, &auditlog.Query{Start: now, Limit: 201}, "Limit"},
		{org, &auditlog.Query{Start: now, ClientIDs: []string{""}}, "ClientIDs[0]"},
	} {
		_, err := al.ListEntries(ctx, tc.org, tc.q)
		wantInvalid(t, err, tc.field)
	}
	sdktest.WantInvalidWalk(t, al.AllEntries(ctx, org, nil), "q")
	wantInvalid(t, al.ExportCSV(ctx, org, &auditlog.Query{Start: now, Limit: 300001}, &bytes.Buffer{}), "Limit")
	wantInvalid(t, al.ExportCSV(ctx, org, &auditlog.Query{Start: now}, nil), "w")
	_, err := al.ListActions(ctx, " ")
	wantInvalid(t, err, "orgID")
}

// wantInvalid checks that err is an *anypoint.ValidationError about field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	sdktest.WantInvalid(t, err, field)
}
