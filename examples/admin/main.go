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

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/anypoint-go/anypoint/examples/internal/story"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, done, err := story.Open(os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = story.Admin(ctx, p)
	done()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
