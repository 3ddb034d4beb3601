package anypointtest

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/internal/callctx"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/scopes"
)

// The report of granted scopes no call needed: every call whose token and
// scope check passed is noted for its app, with the organization and
// environment it acted in; at the end of a test, the app's grants are
// checked against the least-privilege plan of those calls (package
// leastprivilege), the same rule as a preflight.

// neededCall is a call that passed its scope check.
type neededCall struct {
	op       *endpoints.Operation
	org, env string
}

// noteCall notes that p's app made a call that its token let through in
// orgID. The caller holds the lock.
func (s *Server) noteCall(r *http.Request, p *principal, orgID string) {
	op, ok := endpoints.Lookup(r.Method, r.URL.EscapedPath())
	if !ok {
		return
	}
	org, env := callctx.Of(op, r.URL.EscapedPath())
	if orgID != "" {
		org = orgID
	} else if org == "" {
		org = r.Header.Get("x-organization-id")
	}
	if s.neededBy == nil {
		s.neededBy = map[string]map[neededCall]int{}
	}
	calls := s.neededBy[p.app.ClientID]
	if calls == nil {
		calls = map[neededCall]int{}
		s.neededBy[p.app.ClientID] = calls
	}
	calls[neededCall{op, org, env}]++
}

// UnusedScopes returns the grants of the app clientID that no call it has
// made needed: of the scopes that would let each call through, the plan of
// package leastprivilege keeps the lightest set, and a grant outside it is
// unused (a Developer scope held where the Viewer's would do is unused
// when the app also holds the Viewer's). The identity scopes (profile,
// openid, email, offline_access) are never listed. An app that has made
// no call is reported with every grant. It panics for an unknown app.
func (s *Server) UnusedScopes(clientID string) []scopes.Grant {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustApp(clientID)
	var calls []leastprivilege.Call
	for c, n := range s.neededBy[clientID] {
		calls = append(calls, leastprivilege.Call{Operation: c.op, OrgID: c.org, EnvID: c.env, Count: n})
	}
	return leastprivilege.Check(leastprivilege.NewPlan(calls, nil), slices.Clone(a.grants), nil).Unused
}

// ReportUnusedScopes makes t log, when the test ends, the grants of every
// app that made calls during it (since the server started) that no call
// needed (see UnusedScopes):
//
//	srv := anypointtest.NewTestServer(t)
//	srv.ReportUnusedScopes(t)
//
// logs, after the test, "anypointtest: app ci-pipeline holds grants no
// call needed: manage:exchange@…". Run go test -v to see it, or assert on
// UnusedScopes to fail the test instead.
func (s *Server) ReportUnusedScopes(t testing.TB) {
	t.Helper()
	t.Cleanup(func() {
		for _, line := range s.unusedReport() {
			t.Log(line)
		}
	})
}

// unusedReport returns a line per app that made calls and holds grants
// none of them needed, in the order the apps were added.
func (s *Server) unusedReport() []string {
	s.mu.Lock()
	var ids []string
	for _, id := range s.appOrder {
		if s.apps[id] != nil && len(s.neededBy[id]) > 0 {
			ids = append(ids, id)
		}
	}
	s.mu.Unlock()
	var lines []string
	for _, id := range ids {
		unused := s.UnusedScopes(id)
		if len(unused) == 0 {
			continue
		}
		s.mu.Lock()
		name := s.apps[id].Name
		s.mu.Unlock()
		var gs []string
		for _, g := range unused {
			gs = append(gs, g.String())
		}
		lines = append(lines, "anypointtest: app "+name+" ("+id+") holds grants no call needed: "+strings.Join(gs, " "))
	}
	return lines
}
