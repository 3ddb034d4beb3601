package story

import (
	"context"
	"fmt"
	"os"
	"time"
)

// A Story is one of the stories, told on a Platform.
type Story func(ctx context.Context, p *Platform) error

// Main is the whole main function of an example program: it opens the
// platform the environment asks for, tells the stories in order, and exits
// with status 1 on the first error.
func Main(stories ...Story) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	p, done, err := Open(os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		cancel()
		os.Exit(1)
	}
	for _, tell := range stories {
		if err = tell(ctx, p); err != nil {
			break
		}
	}
	done()
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Fprintln(p.Out, "\nDone: every step ran as told.")
}
