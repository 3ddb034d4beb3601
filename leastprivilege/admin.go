package leastprivilege

import (
	"context"

	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/scopes"
)

// AppGrants returns the grants of the client-credentials app clientID, as
// the Connected Apps management API lists them (package
// connectedapps/admin). svc must send an organization administrator's
// token: an app cannot read its own grants with its own credentials.
func AppGrants(svc *admin.Service, clientID string) GrantSource {
	return appGrants{svc, clientID}
}

type appGrants struct {
	svc      *admin.Service
	clientID string
}

func (a appGrants) Grants(ctx context.Context) ([]scopes.Grant, error) {
	var out []scopes.Grant
	for g, err := range a.svc.AllScopes(ctx, a.clientID, nil) {
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}
