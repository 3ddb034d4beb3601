// Package callctx finds the organization and environment a call of a
// published operation acts in, from its path: connected apps are granted
// their scopes per organization and environment, so the least-privilege
// report (package leastprivilege) and the fake platform's report of unused
// scopes both need it.
package callctx

import (
	"strings"

	"github.com/anypoint-go/anypoint/endpoints"
)

// Of returns the organization and environment that the escaped path of a
// call of op names: the value of the pattern's organization parameter (or,
// failing that, the segment after "organizations"), and of its environment
// parameter. Either is empty when the path does not name it.
func Of(op *endpoints.Operation, escapedPath string) (orgID, envID string) {
	if i := strings.IndexAny(escapedPath, "?#"); i >= 0 {
		escapedPath = escapedPath[:i]
	}
	if op != nil {
		if vals, ok := op.Match(escapedPath); ok {
			for i, name := range op.PathParams() {
				switch {
				case IsEnvParam(name):
					envID = vals[i]
				case IsOrgParam(name) && orgID == "":
					orgID = vals[i]
				}
			}
		}
	}
	if orgID == "" {
		segs := strings.Split(escapedPath, "/")
		for i := 0; i+1 < len(segs); i++ {
			if segs[i] == "organizations" && segs[i+1] != "" && !strings.Contains(segs[i+1], "{") {
				orgID = segs[i+1]
				break
			}
		}
	}
	return orgID, envID
}

// IsOrgParam reports whether a parameter's name (of a path pattern or of a
// Go function) names an organization: orgId, organizationId, orgID,
// masterOrganizationId is not one (the master org is not where a call acts).
func IsOrgParam(name string) bool {
	switch strings.ToLower(name) {
	case "orgid", "organizationid", "organization", "org", "businessgroupid":
		return true
	}
	return false
}

// IsEnvParam reports whether a parameter's name names an environment:
// envId, environmentId, environment.
func IsEnvParam(name string) bool {
	switch strings.ToLower(name) {
	case "envid", "environmentid", "environment", "env":
		return true
	}
	return false
}
