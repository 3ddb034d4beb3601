package auditlog_test

import (
	"context"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/auditlog"
)

// The platform and action constants filter a query as the names do: of an
// API Manager creation, a CloudHub start and an Access Management login,
// each pair of constants keeps its one entry.
func TestQueryByNamedPlatformAndAction(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	srv.AddAuditEntries(
		anypointtest.AuditEntry{Time: t0, OrgID: org, Platform: "api-platform", Action: "create", ObjectType: "api", ObjectID: "api-1"},
		anypointtest.AuditEntry{Time: t0.Add(time.Second), OrgID: org, Platform: "cloudhub", Action: "start", ObjectType: "application", ObjectID: "app-1"},
		anypointtest.AuditEntry{Time: t0.Add(2 * time.Second), OrgID: org, Platform: "coreservices", Action: "login", ObjectType: "user", ObjectID: "user-1"},
	)
	al := auditor(t, srv)
	for _, tt := range []struct{ platform, action, want string }{
		{auditlog.PlatformAPIManager, auditlog.ActionCreate, "api-1"},
		{auditlog.PlatformCloudHub, auditlog.ActionStart, "app-1"},
		{auditlog.PlatformAccessManagement, auditlog.ActionLogin, "user-1"},
	} {
		page, err := al.ListEntries(context.Background(), org, &auditlog.Query{
			Start: t0, End: t0.Add(time.Minute), Platforms: []string{tt.platform}, Actions: []string{tt.action}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Data) != 1 || len(page.Data[0].Objects) != 1 || page.Data[0].Objects[0].ID != tt.want {
			t.Errorf("%s/%s: %+v, want the one entry about %s", tt.platform, tt.action, page.Data, tt.want)
		}
	}
}
