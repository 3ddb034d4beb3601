package anypointtest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/scopes"
)

type org struct {
	ID, Name, ParentID string
	OwnerID            string
	ClientID           string
	Domain             string
	CreatedAt          time.Time
}

type environment struct {
	ID, OrgID, Name, Type string
	ClientID              string
}

func (e *environment) export() Environment {
	return Environment{ID: e.ID, OrgID: e.OrgID, Name: e.Name, Type: e.Type,
		IsProduction: e.Type == EnvProduction, ClientID: e.ClientID}
}

func (e *environment) json() map[string]any {
	return map[string]any{
		"id": e.ID, "organizationId": e.OrgID, "name": e.Name,
		"isProduction": e.Type == EnvProduction, "type": e.Type, "clientId": e.ClientID,
	}
}

type user struct {
	ID, Username, FirstName, LastName, Email, OrgID string
	CreatedAt                                       time.Time
	password                                        string // for the password grant
}

func (u *user) export() User {
	return User{ID: u.ID, Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, OrgID: u.OrgID}
}

func (s *Server) addEnv(e *environment) {
	if e.ClientID == "" {
		e.ClientID = derivedHex("env-client:"+e.ID, 32)
	}
	s.envs = append(s.envs, e)
}

// AddEnvironment adds an environment to a business group while the server runs and returns
// it. envType is EnvProduction, EnvSandbox or EnvDesign. It panics if there is no such
// organization.
func (s *Server) AddEnvironment(orgID, name, envType string) Environment {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.orgs[orgID]; !ok {
		panic(fmt.Sprintf("anypointtest: no organization with ID %q", orgID))
	}
	e := &environment{ID: derivedID(fmt.Sprintf("env:%s:%s:%d", orgID, name, len(s.envs))), OrgID: orgID, Name: name, Type: envType}
	s.addEnv(e)
	return e.export()
}

// Environments returns the environments of an organization, in the order the API lists them.
func (s *Server) Environments(orgID string) []Environment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Environment
	for _, e := range s.envs {
		if e.OrgID == orgID {
			out = append(out, e.export())
		}
	}
	return out
}

// accountsRoutes serves the Access Management spec's (access-management api.yaml) /me,
// organization, environments and hierarchy routes. Each takes only the query parameters
// the spec names for it (400 otherwise, see specQuery).
func (s *Server) accountsRoutes() {
	s.handle(op(accessManagement, "listMe"), s.locked(s.handleMe))
	s.handle(op(accessManagement, "getOrganizations"), s.orgHandler(s.handleOrg))
	// listEnvironments' query parameters.
	s.handle(op(accessManagement, "listEnvironments"), s.orgHandler(s.handleEnvs,
		"name", "isProduction", "expandAll", "offset", "type", "limit", "search"))
	s.handle(op(accessManagement, "getOrganizationEnvironment"), s.orgHandler(s.handleEnv))
	s.handle(op(accessManagement, "listHierarchy"), s.orgHandler(s.handleHierarchy))
}

// descends reports whether org id is anc or lies below it.
func (s *Server) descends(id, anc string) bool {
	for id != "" {
		if id == anc {
			return true
		}
		o := s.orgs[id]
		if o == nil {
			return false
		}
		id = o.ParentID
	}
	return false
}

// canSee reports whether the caller may act in an organization: a user in the organizations
// they belong to (their own and the business groups below it), a client-credentials app in
// the organization that owns it and the business groups below it.
func (s *Server) canSee(p *principal, orgID string) bool {
	if p.tok.scopes == nil {
		return s.descends(orgID, p.app.OrgID)
	}
	return s.descends(orgID, p.user.OrgID)
}

// orgFor checks that the organization exists (404 JSON) and that the caller may see it
// (403 plain text). The caller holds the lock.
func (s *Server) orgFor(w http.ResponseWriter, p *principal, orgID string) *org {
	o, ok := s.orgs[orgID]
	if !ok {
		jsonError(w, http.StatusNotFound, "Organization "+orgID+" not found")
		return nil
	}
	if !s.canSee(p, orgID) {
		forbidden(w)
		return nil
	}
	return o
}

// orgRequest checks a request that acts in orgID: a valid token that holds one of anyOf in
// that organization (401), then orgFor (404/403), in the platform's order: a token without
// the scope gets its 401 even for an organization that does not exist. The caller holds
// the lock.
func (s *Server) orgRequest(w http.ResponseWriter, r *http.Request, orgID string, anyOf ...scopes.Scope) (*principal, *org) {
	p := s.authorize(w, r, orgID, anyOf...)
	if p == nil {
		return nil, nil
	}
	o := s.orgFor(w, p, orgID)
	if o == nil {
		return nil, nil
	}
	return p, o
}

// orgFunc handles a request on an organization that the checks have let through.
type orgFunc func(w http.ResponseWriter, r *http.Request, o *org)

// orgHandler serves an Accounts endpoint below /organizations/{orgId} under the lock, and
// calls h once orgRequest has let the request through with one of the scopes the fake's
// table names for the endpoint, and its query names only the parameters in query.
func (s *Server) orgHandler(h orgFunc, query ...string) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		if _, o := s.orgRequest(w, r, r.PathValue("organizationId"), required(r)...); o != nil && specQuery(w, r, query...) {
			h(w, r, o)
		}
	})
}

func (s *Server) children(id string) []string {
	var out []string
	for _, oid := range s.orgOrder {
		if s.orgs[oid].ParentID == id {
			out = append(out, oid)
		}
	}
	return out
}

func (s *Server) descendants(id string) []string {
	var out []string
	for _, c := range s.children(id) {
		out = append(out, c)
		out = append(out, s.descendants(c)...)
	}
	return out
}

func (s *Server) ancestors(id string) []string {
	var out []string
	for o := s.orgs[id]; o != nil && o.ParentID != ""; o = s.orgs[o.ParentID] {
		out = append([]string{o.ParentID}, out...)
	}
	return out
}

func (s *Server) envsOf(orgID string) []*environment {
	var out []*environment
	for _, e := range s.envs {
		if e.OrgID == orgID {
			out = append(out, e)
		}
	}
	return out
}

// specDate writes a time as the Access Management spec's examples write the
// dates of organizations, users and the hierarchy (getOrganizations,
// listHierarchy, /me): "2015-03-13 18:03:23.869000+00:00", not RFC 3339.
func specDate(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05.000000-07:00")
}

func (s *Server) orgJSON(o *org, full bool) map[string]any {
	m := map[string]any{
		"id": o.ID, "name": o.Name,
		"createdAt": specDate(o.CreatedAt), "updatedAt": specDate(o.CreatedAt),
		"ownerId": o.OwnerID, "clientId": o.ClientID, "domain": nullable(o.Domain),
		"isFederated": false, "isMaster": o.ParentID == "",
		"parentOrganizationIds": orEmpty(s.ancestors(o.ID)),
		"subOrganizationIds":    orEmpty(s.descendants(o.ID)),
		"tenantOrganizationIds": []string{},
		"properties":            map[string]any{"cs_auth": map[string]any{"session_timeout": 1200000}},
	}
	if full {
		var envs []map[string]any
		for _, e := range s.envsOf(o.ID) {
			envs = append(envs, e.json())
		}
		m["environments"] = orEmpty(envs)
		m["entitlements"] = map[string]any{
			"createEnvironments": true, "globalDeployment": true, "createSubOrgs": o.ParentID == "",
			"vCoresProduction": map[string]any{"assigned": 4, "reassigned": 0},
			"vCoresSandbox":    map[string]any{"assigned": 2, "reassigned": 0},
			"designCenter":     map[string]any{"api": true, "mozart": true},
		}
		if u := s.users[o.OwnerID]; u != nil {
			m["owner"] = userJSON(u)
		}
	}
	return m
}

func userJSON(u *user) map[string]any {
	return map[string]any{
		"id": u.ID, "username": u.Username, "firstName": u.FirstName, "lastName": u.LastName,
		"email": u.Email, "organizationId": u.OrgID, "enabled": true,
		"createdAt": specDate(u.CreatedAt),
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// handleMe answers for any valid token: a user-delegated token's user, or for a
// client-credentials token the app's owner, together with the client.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	p := s.authorize(w, r, "")
	if p == nil || !specQuery(w, r) {
		return
	}
	u := p.user
	uj := userJSON(u)
	if o := s.orgs[u.OrgID]; o != nil {
		uj["organization"] = s.orgJSON(o, false)
	}
	var member []map[string]any
	for _, oid := range s.orgOrder {
		if !s.descends(oid, u.OrgID) {
			continue
		}
		o := s.orgs[oid]
		m := map[string]any{"id": o.ID, "name": o.Name, "isRoot": o.ParentID == "", "isMaster": o.ParentID == "",
			"parentId": nullable(o.ParentID), "parentName": nil}
		if parent := s.orgs[o.ParentID]; parent != nil {
			m["parentName"] = parent.Name
		}
		member = append(member, m)
	}
	uj["memberOfOrganizations"] = orEmpty(member)
	uj["contributorOfOrganizations"] = orEmpty(member)
	uj["properties"] = map[string]any{"cs_auth": map[string]any{"activeOrganizationId": u.OrgID}}
	client := map[string]any{
		"client_id": p.app.ClientID, "name": p.app.Name, "org_id": p.app.OrgID,
		"redirect_uris": p.app.RedirectURIs, "grant_types": p.app.GrantTypes,
		"scopes": scopeStrings(p.grantedScopes()),
	}
	writeJSON(w, http.StatusOK, map[string]any{"client": client, "user": uj})
}

// handleOrg answers a token that may act in the organization and holds a scope
// the SDK's table names for it.
func (s *Server) handleOrg(w http.ResponseWriter, _ *http.Request, o *org) {
	writeJSON(w, http.StatusOK, s.orgJSON(o, true))
}

func (s *Server) handleEnvs(w http.ResponseWriter, r *http.Request, o *org) {
	q := r.URL.Query()
	offset, limit, ok := pageParams(w, q, 25, 500)
	if !ok {
		return
	}
	var isProd *bool
	if v := q.Get("isProduction"); v != "" {
		b := v == "true"
		if v != "true" && v != "false" {
			jsonError(w, http.StatusBadRequest, "isProduction must be true or false")
			return
		}
		isProd = &b
	}
	if t := q.Get("type"); t != "" && t != EnvProduction && t != EnvSandbox && t != EnvDesign {
		jsonError(w, http.StatusBadRequest, "type must be production, sandbox or design")
		return
	}
	// expandAll=true lists the environments of the whole root organization; the spec: "If
	// this is true, orgId has to be a valid rootOrgId."
	envs := s.envsOf(o.ID)
	switch q.Get("expandAll") {
	case "", "false":
	case "true":
		if o.ParentID != "" {
			jsonError(w, http.StatusBadRequest, "expandAll=true needs the root organization's ID, not a business group's")
			return
		}
		for _, id := range s.descendants(o.ID) {
			envs = append(envs, s.envsOf(id)...)
		}
	default:
		jsonError(w, http.StatusBadRequest, "expandAll must be true or false")
		return
	}
	var all []map[string]any
	for _, e := range envs {
		if n := q.Get("name"); n != "" && e.Name != n {
			continue
		}
		if t := q.Get("type"); t != "" && e.Type != t {
			continue
		}
		if isProd != nil && (e.Type == EnvProduction) != *isProd {
			continue
		}
		if sr := q.Get("search"); sr != "" && !strings.Contains(strings.ToLower(e.Name), strings.ToLower(sr)) {
			continue
		}
		all = append(all, e.json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": pageOf(orEmpty(all), offset, limit), "total": len(all)})
}

func (s *Server) handleEnv(w http.ResponseWriter, r *http.Request, o *org) {
	i := slices.IndexFunc(s.envs, func(e *environment) bool { return e.ID == r.PathValue("environmentId") && e.OrgID == o.ID })
	if i < 0 {
		jsonError(w, http.StatusNotFound, "Environment "+r.PathValue("environmentId")+" not found")
		return
	}
	writeJSON(w, http.StatusOK, s.envs[i].json())
}

// handleHierarchy answers the organization and every business group below it, each node
// with the fields of the Access Management spec's listHierarchy example (dates in its
// "2015-03-13 18:03:23.869000+00:00" form; no parentId: parentOrganizationIds instead).
func (s *Server) handleHierarchy(w http.ResponseWriter, _ *http.Request, o *org) {
	var node func(o *org) map[string]any
	node = func(o *org) map[string]any {
		subs := []map[string]any{}
		for _, c := range s.children(o.ID) {
			subs = append(subs, node(s.orgs[c]))
		}
		m := map[string]any{
			"id": o.ID, "name": o.Name, "ownerId": o.OwnerID, "clientId": o.ClientID,
			"createdAt": specDate(o.CreatedAt), "updatedAt": specDate(o.CreatedAt),
			"domain": nullable(o.Domain), "idprovider_id": "mulesoft", "isFederated": false,
			"isRoot": o.ParentID == "", "isMaster": o.ParentID == "",
			"parentOrganizationIds": orEmpty(s.ancestors(o.ID)),
			"subOrganizationIds":    orEmpty(s.descendants(o.ID)),
			"tenantOrganizationIds": []string{},
			"environmentsCount":     len(s.envsOf(o.ID)),
			"subOrganizations":      subs,
		}
		if u := s.users[o.OwnerID]; u != nil {
			m["owner"] = userJSON(u)
		}
		return m
	}
	writeJSON(w, http.StatusOK, node(o))
}
