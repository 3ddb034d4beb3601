package anypoint

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"golang.org/x/oauth2"
)

// wire holds what every request of a client sends the same way, built by
// NewClient: the base URL as text and the header values. A header value slice is
// shared by every request (its capacity is its length, so an Add on a
// request copies it rather than writing into the shared array).
type wire struct {
	base      string // scheme://host[/path], no trailing slash
	userAgent []string
	// auth is the Authorization value of the last token seen, so that the
	// header is not built again for every call with the same token.
	auth atomic.Pointer[authHeader]
}

type authHeader struct {
	token string
	value []string
}

var acceptJSON = []string{"application/json"}[:1:1]

// init sets what the client's requests share from its base URL and user
// agent.
func (w *wire) init(base *url.URL, userAgent string) {
	u := *base
	u.RawQuery, u.Fragment = "", ""
	w.base = strings.TrimSuffix(u.String(), "/")
	w.userAgent = []string{userAgent}[:1:1]
}

// authorization returns the Authorization header value of tok.
func (w *wire) authorization(tok *oauth2.Token) []string {
	if h := w.auth.Load(); h != nil && h.token == tok.AccessToken {
		return h.value
	}
	h := &authHeader{token: tok.AccessToken, value: []string{tok.Type() + " " + tok.AccessToken}[:1:1]}
	w.auth.Store(h)
	return h.value
}

// withAuthorization returns a copy of req that carries tok: a shallow copy
// with its own header map, so that the caller's request never holds the
// token (it may print it) and each attempt starts from the caller's
// headers.
func (c *Client) withAuthorization(req *http.Request, tok *oauth2.Token) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	r.Header["Authorization"] = c.wire.authorization(tok)
	return r
}
