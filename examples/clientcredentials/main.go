// Command clientcredentials tells the story of a connected app that acts on
// its own behalf: it gets a token with the client_credentials grant and
// lists Design Center projects; an administrator removes its "Design Center
// Developer" scope; the same call is then a typed scope denial.
//
//	go run ./examples/clientcredentials
//
// It runs against the embedded fake platform unless ANYPOINT_CLIENT_ID and
// ANYPOINT_CLIENT_SECRET are set (ANYPOINT_REGION or ANYPOINT_HOST choose
// the control plane; ANYPOINT_ADMIN_CLIENT_ID/SECRET enable the
// administrator's steps).
package main

import "github.com/anypoint-go/anypoint/examples/internal/story"

func main() {
	story.Main(story.ClientCredentials)
}
