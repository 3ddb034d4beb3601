// Command authcode tells the story of a connected app that acts on behalf of
// a user: the user signs in in the browser and grants "View Environment";
// the app lists the organization's environments, is denied a call outside
// that scope, resumes after a restart from its stored refresh token, and is
// told to have the user sign in again once an administrator revokes the
// grant.
//
//	go run ./examples/authcode
//
// Against the embedded fake platform (the default) a small HTTP client plays
// the browser. With ANYPOINT_CLIENT_ID/SECRET set it runs against the real
// control plane and opens your browser; ANYPOINT_USER_CLIENT_ID/SECRET and
// ANYPOINT_REDIRECT_URL name the user-delegated app.
package main

import "github.com/anypoint-go/anypoint/examples/internal/story"

func main() {
	story.Main(story.AuthorizationCode)
}
