package anypoint_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint"
)

// A POST replayed after a stale token's 401 carries its whole body on a
// connection of its own too. On a reused connection net/http may rewind the
// body by itself; here the server closes the connection after the 401 (and,
// in the second run, the client keeps none), so only the client's own rewind
// can send the body again.
func TestStaleTokenReplaysTheBodyOnAFreshConnection(t *testing.T) {
	for _, keepAlive := range []bool{true, false} {
		bodies := []struct { // readers are spent by a run: new ones each time
			name string
			body any
			want string
		}{
			{"JSON", map[string]string{"name": "orders", "type": "raml"}, `{"name":"orders","type":"raml"}`},
			{"bytes.Reader", bytes.NewReader([]byte("raw-bytes-payload")), "raw-bytes-payload"},
			{"strings.Reader", strings.NewReader("raw-string-payload"), "raw-string-payload"},
		}
		for _, b := range bodies {
			ts := newMintingSource()
			ts.premint(t)
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if bearer(r.Header) == "tok-1" {
					w.Header().Set("Connection", "close") // the next request needs a new connection
					writeText(w, http.StatusUnauthorized, "Unauthorized")
					return
				}
				writeJSON(w, http.StatusCreated, `{"id":"p1"}`)
			})
			var opts []anypoint.Option
			if !keepAlive {
				opts = append(opts, anypoint.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}))
			}
			c := newClient(t, srv, ts, opts...)
			var v struct{ ID string }
			if _, err := call(t, c, http.MethodPost, projectsPath, b.body, &v); err != nil || v.ID != "p1" {
				t.Fatalf("%s, keep-alive %v: %+v, %v; want the replay to succeed", b.name, keepAlive, v, err)
			}
			hits := srv.requests()
			if len(hits) != 2 {
				t.Fatalf("%s, keep-alive %v: %d requests, want 2", b.name, keepAlive, len(hits))
			}
			for i, h := range hits {
				if h.Method != http.MethodPost || h.Body != b.want {
					t.Errorf("%s, keep-alive %v, request %d: %s body %q, want %q", b.name, keepAlive, i+1, h.Method, h.Body, b.want)
				}
			}
			if got := tokensSeen(srv); !slices.Equal(got, []string{"tok-1", "tok-2"}) {
				t.Errorf("%s, keep-alive %v: tokens %v", b.name, keepAlive, got)
			}
		}
	}
}
