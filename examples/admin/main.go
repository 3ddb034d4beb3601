// Command admin tells the administrator's story from Go: create a connected
// app that acts on its own behalf, grant it "Design Center Developer", let
// it list projects, remove the scope and see its call denied, revoke its
// tokens and delete it.
//
//	go run ./examples/admin
//
// It runs against the embedded fake platform unless ANYPOINT_CLIENT_ID and
// ANYPOINT_CLIENT_SECRET are set; against the real platform it needs
// ANYPOINT_ADMIN_CLIENT_ID/SECRET: an app with the Connected Apps
// administration scopes.
package main

import "github.com/anypoint-go/anypoint/examples/internal/story"

func main() {
	story.Main(story.Admin)
}
