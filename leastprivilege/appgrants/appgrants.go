// Package appgrants reads what a client-credentials app holds from the
// Connected Apps management API (package connectedapps/admin), for the
// preflight of package leastprivilege:
//
//	src := appgrants.FromAdmin(admin.New(adminClient), clientID)
//	err := leastprivilege.Require(ctx, plan, src, &leastprivilege.CheckOptions{OrgID: org, EnvID: env})
//
// It is a package of its own so that package leastprivilege, which the
// fake platform (package anypointtest) uses for its report of unused
// scopes, does not import a service package whose tests use the fake.
package appgrants

import (
	"context"

	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/scopes"
)

// FromAdmin returns the grants of the client-credentials app clientID, as
// the Connected Apps management API lists them, each with its organization
// and environment. svc must send an organization administrator's token:
// an app cannot read its own grants with its own credentials.
func FromAdmin(svc *admin.Service, clientID string) leastprivilege.GrantSource {
	return source{svc, clientID}
}

type source struct {
	svc      *admin.Service
	clientID string
}

func (a source) Grants(ctx context.Context) ([]scopes.Grant, error) {
	var out []scopes.Grant
	for g, err := range a.svc.AllScopes(ctx, a.clientID, nil) {
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}
