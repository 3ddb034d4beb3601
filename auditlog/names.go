package auditlog

// Names of platforms and actions for Query.Platforms and Query.Actions, as
// the Audit Log Query spec (mulesoft-dx apis/audit-log-query/api.yaml)
// shows them in its examples. The spec declares no enum: each organization's
// audit log has its own lists, which ListPlatforms and ListActions answer,
// and a Query takes any name they answer.
const (
	// PlatformAccessManagement is Access Management ("core services" in
	// the spec's overview).
	PlatformAccessManagement = "coreservices"
	// PlatformAPIManager is API Manager ("api platform").
	PlatformAPIManager = "api-platform"
	// PlatformCloudHub is CloudHub.
	PlatformCloudHub = "cloudhub"

	// ActionCreate is the creation of an object.
	ActionCreate = "create"
	// ActionDelete is the deletion of an object.
	ActionDelete = "delete"
	// ActionStart is the start of an application.
	ActionStart = "start"
	// ActionLogin is a user's sign-in.
	ActionLogin = "login"
)
