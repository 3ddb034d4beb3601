package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/internal/testsupport/watch"
)

// With nothing set, the example starts the fake platform, signs its seed
// user in as the administrator, and goes through every step: create, grant,
// list, remove, denied, delete.
func TestRunOnTheFake(t *testing.T) {
	watch.NoLeaks(t)
	for _, k := range []string{"ANYPOINT_USER_CLIENT_ID", "ANYPOINT_USER_CLIENT_SECRET", "ANYPOINT_REDIRECT_URL", "ANYPOINT_HOST", "ANYPOINT_REGION"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, &out)
	}
	text := out.String()
	steps := []string{"embedded fake platform", "Signed in as max.mule", "Created the app", "lists 3 Design Center projects",
		"the app's next call is a scope denial", "Deleted the app"}
	at := 0
	for _, step := range steps {
		i := strings.Index(text[at:], step)
		if i < 0 {
			t.Fatalf("the output does not say %q after what came before:\n%s", step, text)
		}
		at += i + len(step)
	}
}
