package auditlog

import "github.com/anypoint-go/anypoint/internal/endpoint"

// al names an operation of MuleSoft's Audit Log Query spec (mulesoft-dx,
// apis/audit-log-query/api.yaml) in the endpoint catalog.
func al(id string) *endpoint.Endpoint { return endpoint.Op("audit-log-query", id) }

// The operations this package calls; their routes and scopes are the
// catalog's (package endpoints). The query is one operation whose path
// ends in query{mediaTypeExtension}: "" for JSON, ".csv" for CSV.
var (
	query        = al("createOrganizationsByIdQueryMediatypeextension")
	listPlatform = al("getOrganizationsByIdPlatforms")
	listTypes    = al("getOrganizationsByIdObjecttypes")
	listActions  = al("getOrganizationsByIdActions")
)

// The extensions of the query's path.
const (
	jsonExtension = ""
	csvExtension  = ".csv"
)

// endpoints lists every operation above, for the tests.
var endpoints = []*endpoint.Endpoint{query, listPlatform, listTypes, listActions}
