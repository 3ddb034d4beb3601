package benchmarks

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	benchOrgID   = "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13"
	benchAppID   = "3f9a1c7e5b2d4806a1e3c5f7b9d0e2a4"
	benchSecret  = "8E2b4D6f8A0c2E4f6A8b0C2d4E6f8A0b"
	benchUserID  = "c4d2e8f6-1a3b-4d5e-8f90-a1b2c3d4e5f6"
	tokenPath    = "/accounts/api/v2/oauth2/token"
	mePath       = "/accounts/api/me"
	envsPath     = "/accounts/api/organizations/" + benchOrgID + "/environments"
	projectsPath = "/designcenter/api-designer/projects/"
	envsListSize = 25
)

// env is the environment JSON the platform answers (ANYPOINT.md).
type env struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId"`
	Name           string `json:"name"`
	IsProduction   bool   `json:"isProduction"`
	Type           string `json:"type"`
	ClientID       string `json:"clientId"`
}

func makeEnv(i int) env {
	typ, prod := "sandbox", false
	switch i % 5 {
	case 0:
		typ, prod = "production", true
	case 4:
		typ = "design"
	}
	return env{
		ID:             fmt.Sprintf("%08x-2a5d-4e83-9b16-%012x", 0xb1c4e7f0+i, 0x7c0f3a6d9e57+i),
		OrganizationID: benchOrgID,
		Name:           fmt.Sprintf("Environment %d (%s)", i, typ),
		IsProduction:   prod,
		Type:           typ,
		ClientID:       fmt.Sprintf("%032x", 0x5f1a3c7d9e24+i*7919),
	}
}

// envsBody is the fixed answer of the overhead benchmark: 25 environments,
// about 5 KiB, like a mid-sized organization's first page.
var envsBody = func() []byte {
	page := struct {
		Data  []env `json:"data"`
		Total int   `json:"total"`
	}{Total: envsListSize}
	for i := range envsListSize {
		page.Data = append(page.Data, makeEnv(i))
	}
	b, err := json.Marshal(page)
	if err != nil {
		panic(err)
	}
	return b
}()

// meBody is the answer of GET /accounts/api/me: the app's owner in the
// benchmark organization, which is all Design Center's one-time lookup reads.
var meBody = []byte(`{"client":{"client_id":"` + benchAppID + `","name":"bench"},"user":{"id":"` + benchUserID + `","username":"bench-owner","organizationId":"` + benchOrgID + `","organization":{"id":"` + benchOrgID + `","name":"Bench"}}}`)

// platform is a minimal loopback stand-in for the control plane: a token
// endpoint, the environments endpoint, /accounts/api/me, and a Design Center
// project route that refuses every token (an app without the Design Center
// scope), and nothing else, so that its own cost stays small next to the
// clients measured. Both clients measured talk to the same server.
type platform struct {
	srv *httptest.Server

	// tokenLatency delays every token answer.
	tokenLatency time.Duration
	// expiresIn is the token answer's expires_in; zero leaves it out, as the
	// platform does for client credentials.
	expiresIn int
	// generated answers environments pages built from offset and limit
	// over generated environments instead of envsBody.
	generated int

	tokenRequests atomic.Int64 // token requests received, refused ones included
	minted        atomic.Int64 // tokens minted; token n is "tok-n"
	newConn       atomic.Int64 // TCP connections opened
	closedConn    atomic.Int64 // TCP connections closed (or hijacked)
	denied        atomic.Int64 // project requests refused with a 401

	mu      sync.Mutex
	windows []window // every token request: arrival to answer
}

// window is a span of time during which a token request was in flight.
type window struct{ from, to time.Time }

func newPlatform(tb testing.TB, configure func(*platform)) *platform {
	tb.Helper()
	p := &platform{}
	if configure != nil {
		configure(p)
	}
	p.srv = httptest.NewUnstartedServer(http.HandlerFunc(p.serve))
	p.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			p.newConn.Add(1)
		case http.StateClosed, http.StateHijacked:
			p.closedConn.Add(1)
		}
	}
	p.srv.Start()
	tb.Cleanup(p.srv.Close)
	return p
}

func (p *platform) URL() string { return p.srv.URL }

// openConns is how many TCP connections the server holds open now: the
// idle connections of the clients' pools, between calls.
func (p *platform) openConns() int64 { return p.newConn.Load() - p.closedConn.Load() }

func (p *platform) tokenWindows() []window {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]window(nil), p.windows...)
}

func (p *platform) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == tokenPath && r.Method == http.MethodPost:
		p.serveToken(w, r)
	case r.URL.Path == envsPath && r.Method == http.MethodGet:
		if !p.known(r.Header.Get("Authorization")) {
			http.Error(w, `{"message":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if p.generated > 0 {
			p.servePage(w, r)
			return
		}
		_, _ = w.Write(envsBody)
	case r.URL.Path == mePath && r.Method == http.MethodGet:
		if !p.known(r.Header.Get("Authorization")) {
			http.Error(w, `{"message":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(meBody)
	case strings.HasPrefix(r.URL.Path, projectsPath) && !strings.Contains(r.URL.Path[len(projectsPath):], "/") && r.Method == http.MethodGet:
		// GET /designcenter/api-designer/projects/{projectId}, for an app
		// that lacks the Design Center scope: the platform answers a bare
		// plain-text 401, whatever the token's age.
		p.denied.Add(1)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	default:
		http.Error(w, `{"message":"not found"}`, http.StatusNotFound)
	}
}

// known accepts any token this server minted: under load a caller may
// still hold the previous token for a moment, and neither client should
// see a 401 for it (tokens here die only by the clients' own clocks).
func (p *platform) known(auth string) bool {
	const prefix = "Bearer tok-"
	if len(auth) <= len(prefix) || auth[:len(prefix)] != prefix {
		return false
	}
	n, err := strconv.ParseInt(auth[len(prefix):], 10, 64)
	return err == nil && n > 0 && n <= p.minted.Load()
}

func (p *platform) serveToken(w http.ResponseWriter, r *http.Request) {
	from := time.Now()
	p.tokenRequests.Add(1)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		http.Error(w, `{"error":"invalid_request"}`, http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != benchAppID || secret != benchSecret {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	if p.tokenLatency > 0 {
		time.Sleep(p.tokenLatency)
	}
	tok := "tok-" + strconv.FormatInt(p.minted.Add(1), 10)
	w.Header().Set("Content-Type", "application/json")
	if p.expiresIn > 0 {
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"bearer","expires_in":%d}`, tok, p.expiresIn)
	} else {
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"bearer"}`, tok)
	}
	p.mu.Lock()
	p.windows = append(p.windows, window{from, time.Now()})
	p.mu.Unlock()
}

// servePage writes one page of p.generated environments, built on the fly
// so that the server holds no list in memory.
func (p *platform) servePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 25
	}
	end := min(offset+limit, p.generated)
	buf := make([]byte, 0, 64+(end-offset)*240)
	buf = append(buf, `{"data":[`...)
	for i := offset; i < end; i++ {
		if i > offset {
			buf = append(buf, ',')
		}
		e := makeEnv(i)
		buf = fmt.Appendf(buf, `{"id":%q,"organizationId":%q,"name":%q,"isProduction":%t,"type":%q,"clientId":%q}`,
			e.ID, e.OrganizationID, e.Name, e.IsProduction, e.Type, e.ClientID)
	}
	buf = fmt.Appendf(buf, `],"total":%d}`, p.generated)
	_, _ = w.Write(buf)
}
