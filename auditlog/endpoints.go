package auditlog

import (
	"net/http"

	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// Every route is MuleSoft's published Audit Log Query API (mulesoft-dx,
// apis/audit-log-query/api.yaml), whose spec names no scope. MuleSoft's
// audit-logging documentation gives the Query API to users with the Audit
// Log Viewer permission (or Organization Administrator); Audit Log Viewer
// is read:audit_logs in the scope catalog.
const source = "; scope: Audit Log Viewer (docs.mulesoft.com/access-management/audit-logging)"

var viewers = []scopes.Scope{scopes.ReadAuditLogs}

func al(method, pattern, operation string) *endpoint.Endpoint {
	return &endpoint.Endpoint{Method: method, Pattern: basePath + pattern, Scopes: viewers, Source: "audit-log-query api.yaml: " + operation + source}
}

// The endpoints this package calls.
var (
	queryEntries = al(http.MethodPost, "/organizations/{organizationId}/query", "createOrganizationsByIdQueryMediatypeextension")
	queryCSV     = al(http.MethodPost, "/organizations/{organizationId}/query.csv", "createOrganizationsByIdQueryMediatypeextension")
	listPlatform = al(http.MethodGet, "/organizations/{organizationId}/platforms", "getOrganizationsByIdPlatforms")
	listTypes    = al(http.MethodGet, "/organizations/{organizationId}/objectTypes", "getOrganizationsByIdObjecttypes")
	listActions  = al(http.MethodGet, "/organizations/{organizationId}/actions", "getOrganizationsByIdActions")
)

// endpoints lists every endpoint above, for the test that compares them
// with the fake platform's own table.
var endpoints = []*endpoint.Endpoint{queryEntries, queryCSV, listPlatform, listTypes, listActions}
