package admin

import (
	"slices"

	"github.com/anypoint-go/anypoint/connectedapps"
)

// ClientCredentials reports whether the app acts on its own behalf (grant
// type client_credentials). Its Scopes are then empty, as the platform
// answers them: read its grants, with their organization and environment,
// with AllScopes.
func (a *App) ClientCredentials() bool {
	return slices.Contains(a.GrantTypes, connectedapps.GrantClientCredentials)
}
