// Package transport holds the one connection pool the SDK shares across
// every client and token source of a process, and the body-draining helper
// that keeps its connections reusable.
package transport

import (
	"io"
	"net/http"
	"sync"

	"github.com/hashicorp/go-cleanhttp"
)

// shared is created on first use: go-cleanhttp's pooled transport (no
// global state of net/http's, sane timeouts), one per process, as
// http.DefaultTransport is. A program with a client per signed-in user then
// keeps one pool of idle connections, not one per client.
var shared = sync.OnceValue(func() *http.Transport { return cleanhttp.DefaultPooledTransport() })

// Shared returns the process-wide transport.
func Shared() *http.Transport { return shared() }

// maxDrain is how much more of an answer is read and dropped so that the
// connection can be reused; past that the connection is closed instead.
const maxDrain = 1 << 20

// DrainAndClose reads what is left of body (up to 1 MiB) and closes it.
func DrainAndClose(body io.ReadCloser) {
	if body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxDrain))
	_ = body.Close()
}
