// Command quickstart tells the whole Connected Apps story in one run:
//
//  1. an app that acts on its own behalf (client credentials) lists Design
//     Center projects, loses its "Design Center Developer" scope, and gets a
//     typed scope denial;
//  2. a user signs in in the browser and lets an app view environments; the
//     app lists them, is denied a call outside that scope, resumes after a
//     restart from its stored refresh token, and is told to sign in again
//     once an administrator revokes the grant.
//
// Run it from the repository's root:
//
//	go run ./examples/quickstart
//
// With nothing set it runs against the embedded fake platform. With
// ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET it runs against the real
// control plane (ANYPOINT_BASE_URL, ANYPOINT_HOST, ANYPOINT_CPLANE or
// ANYPOINT_REGION to choose one;
// ANYPOINT_ADMIN_CLIENT_ID/SECRET (and ANYPOINT_ADMIN_REDIRECT_URL) for the
// administrator's steps: an app acting on behalf of users, with
// read:orgconnapps, create:orgclients and admin:orgclients, that an
// organization administrator signs in through in the browser;
// ANYPOINT_USER_CLIENT_ID/SECRET and ANYPOINT_REDIRECT_URL for Method 2).
package main

import "github.com/anypoint-go/anypoint/examples/internal/story"

func main() {
	story.Main(story.ClientCredentials, story.AuthorizationCode)
}
