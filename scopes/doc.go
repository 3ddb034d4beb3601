// Package scopes names the OAuth 2.0 scopes of Anypoint Platform connected apps and describes
// each of them.
//
// # Scopes, keywords and display names
//
// A scope is a permission that a connected app asks for and an administrator or user grants.
// Every scope has a keyword, such as "edit:design_center", which is what the OAuth 2.0 scope
// parameter and the Connected Apps API carry, and a display name, such as
// "Design Center Developer", which is what the admin UI shows. This package has a constant of
// type [Scope] for every keyword of the platform's scope list ([EditDesignCenter],
// [ViewEnvironment], [ReadApplications], …) and a catalog with the display name, a one-sentence
// description and the product of each:
//
//	info, ok := scopes.Lookup(scopes.EditDesignCenter)
//	// info.DisplayName == "Design Center Developer", info.Product == "Design Center"
//
// To go from what an administrator sees in the UI to the keyword, use [ByDisplayName]; it
// ignores case and extra spaces:
//
//	info, ok := scopes.ByDisplayName("Design Center Developer") // info.Scope == scopes.EditDesignCenter
//
// [All] lists the whole catalog. The platform adds scopes over time, so a [Scope] may hold a
// keyword the catalog does not know; [Scope.Known] tells whether it does.
//
// # Two kinds of connected app
//
// An app that acts on behalf of a user (authorization code grant) has plain scopes: it asks
// for them in the scope parameter, and the user's own permissions bound what the token can
// do. [Parse] reads such a space-separated list, for example the scope field of a token
// response, and [Join] writes one:
//
//	list := scopes.Join(scopes.OpenID, scopes.ViewEnvironment, scopes.OfflineAccess)
//	// "openid view:environment offline_access"
//
// An app that acts on its own behalf (client credentials grant) is granted each scope in a
// context instead: an organization, and for scopes that act on one environment (Runtime
// Manager applications, most of API Manager, Anypoint MQ, Object Store, Secrets Manager,
// Monitoring, DataGraph's queries, …) also an environment. A [Grant] holds a scope with its
// OrgID and EnvID; [Info.NeedsEnvironment] says which scopes need the environment, and
// [Grant.Validate] checks it before a grant is sent to the Connected Apps API.
// Client-credentials apps always hold [Profile].
//
// # Refresh tokens
//
// The token endpoint issues a refresh token only to a user-delegated app that asked for
// [OfflineAccess] ("Background Access"); the refresh token lasts 90 days. Without it the app
// has to send the user through the browser login again when the access token expires, which
// happens with the user's session (60 minutes by default).
//
// # The catalog
//
// The catalog is data: catalog.json in this directory, from which go generate writes
// catalog_gen.go. To add or change a scope, edit catalog.json and run
//
//	go generate ./scopes
//
// A test fails when catalog_gen.go is not current.
package scopes

//go:generate go run ./internal/gen
