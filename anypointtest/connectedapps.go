package anypointtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// The limits of the Connected Apps API.
const (
	maxAppsPerOrg  = 2000
	maxScopesOfApp = 1000
)

var knownGrantTypes = []connectedapps.GrantType{
	gtClientCredentials, gtAuthorizationCode, gtRefreshToken, gtPassword, gtImplicit, gtJWTBearer,
}

func (s *Server) connectedAppsRoutes() {
	const a = ConnectedAppsPath
	s.handle(http.MethodGet, a, s.callerOrgHandler(s.handleListApps))
	s.handle(http.MethodPost, a, s.callerOrgHandler(s.handleCreateApp))
	s.handle(http.MethodGet, a+"/{clientId}", s.appHandler(s.handleGetApp))
	s.handle(http.MethodPatch, a+"/{clientId}", s.appHandler(s.handlePatchApp))
	s.handle(http.MethodDelete, a+"/{clientId}", s.appHandler(s.handleDeleteApp))
	s.handle(http.MethodGet, a+"/{clientId}/scopes", s.appHandler(s.handleListAppScopes))
	s.handle(http.MethodPut, a+"/{clientId}/scopes", s.appHandler(s.handleChangeAppScopes))
	s.handle(http.MethodPatch, a+"/{clientId}/scopes", s.appHandler(s.handleChangeAppScopes))
	s.handle(http.MethodDelete, a+"/{clientId}/scopes", s.appHandler(s.handleChangeAppScopes))
	s.handle(http.MethodDelete, a+"/{clientId}/revoke", s.appHandler(s.handleRevokeApp))

	const o = "/accounts/api/organizations/{orgId}/connectedApplications"
	s.handle(http.MethodGet, o+"/authorizations", s.orgAdminHandler(s.handleListAuthorizations))
	s.handle(http.MethodDelete, o+"/authorizations", s.orgAdminHandler(rootOnly(s.handleDeleteAuthorizations)))
	s.handle(http.MethodGet, o+"/authorizations/{authorizationId}", s.orgAdminHandler(s.authorizationHandler(s.handleGetAuthorization)))
	s.handle(http.MethodDelete, o+"/authorizations/{authorizationId}", s.orgAdminHandler(rootOnly(s.authorizationHandler(s.handleDeleteAuthorization))))
	s.handle(http.MethodGet, o+"/settings", s.orgAdminHandler(s.handleGetSettings))
	s.handle(http.MethodPatch, o+"/settings", s.orgAdminHandler(s.handlePatchSettings))
}

// appsOrg checks a Connected Apps request that acts in orgID: orgRequest with the
// endpoint's scopes, then that a client-credentials app acts only in the organization that
// owns it (403), as the platform refuses client-credentials apps that manage business groups.
// The caller holds the lock.
func (s *Server) appsOrg(w http.ResponseWriter, r *http.Request, orgID string) (*principal, *org) {
	p, o := s.orgRequest(w, r, orgID, required(r)...)
	if o == nil {
		return nil, nil
	}
	if p.tok.scopes == nil && orgID != p.app.OrgID {
		forbidden(w)
		return nil, nil
	}
	return p, o
}

// callerOrgHandler serves an endpoint of /connectedApplications under the lock. The
// organization it acts in is the orgId query parameter, else the caller's own organization
// (a client-credentials app's owner organization, or the user's); h is called once appsOrg
// has let the request through.
func (s *Server) callerOrgHandler(h func(w http.ResponseWriter, r *http.Request, p *principal, o *org)) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		// The token is checked before its organization is taken as the default.
		p := s.bearer(r)
		if p == nil {
			s.unauthorized(w)
			return
		}
		orgID := r.URL.Query().Get("orgId")
		if orgID == "" {
			orgID = p.user.OrgID
			if p.tok.scopes == nil {
				orgID = p.app.OrgID
			}
		}
		p, o := s.appsOrg(w, r, orgID)
		if o != nil {
			h(w, r, p, o)
		}
	})
}

func appNotFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "Connected application with that clientId could not be found"})
}

// appHandler serves an endpoint below /connectedApplications/{clientId} like
// callerOrgHandler, and answers 404 for an app that does not exist or belongs to another
// organization.
func (s *Server) appHandler(h func(w http.ResponseWriter, r *http.Request, a *app)) http.HandlerFunc {
	return s.callerOrgHandler(func(w http.ResponseWriter, r *http.Request, _ *principal, o *org) {
		a := s.apps[r.PathValue("clientId")]
		if a == nil || a.OrgID != o.ID {
			appNotFound(w)
			return
		}
		h(w, r, a)
	})
}

func (a *app) json() map[string]any {
	sc := []string{}
	if !a.clientCredentials() {
		sc = scopeStrings(a.scopeNames())
	}
	return map[string]any{
		"client_id": a.ClientID, "owner_org_id": a.OrgID, "client_name": a.Name, "client_secret": a.Secret,
		"public_keys": orEmpty(a.PublicKeys), "redirect_uris": orEmpty(a.RedirectURIs),
		"grant_types": a.GrantTypes, "scopes": sc, "enabled": a.Enabled, "audience": a.Audience,
		"client_uri": a.ClientURI, "policy_uri": a.PolicyURI, "tos_uri": a.TosURI,
		"generate_iss_claim_without_token": true,
	}
}

func (s *Server) handleListApps(w http.ResponseWriter, r *http.Request, _ *principal, o *org) {
	q := r.URL.Query()
	offset, limit, ok := pageParams(w, q, 20, 20)
	if !ok {
		return
	}
	sortBy := q.Get("sort")
	if sortBy == "" {
		sortBy = "client_name"
	}
	if sortBy != "client_name" && sortBy != "client_id" {
		jsonError(w, http.StatusBadRequest, "sort must be client_id or client_name")
		return
	}
	ascending := q.Get("ascending") != "false"
	search := strings.ToLower(q.Get("search"))
	var list []*app
	for _, id := range s.appOrder {
		a := s.apps[id]
		if a.OrgID != o.ID {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(a.Name), search) && !strings.Contains(strings.ToLower(a.ClientID), search) {
			continue
		}
		list = append(list, a)
	}
	sort.SliceStable(list, func(i, j int) bool {
		x, y := list[i].Name, list[j].Name
		if sortBy == "client_id" {
			x, y = list[i].ClientID, list[j].ClientID
		}
		if ascending {
			return strings.ToLower(x) < strings.ToLower(y)
		}
		return strings.ToLower(x) > strings.ToLower(y)
	})
	data := []map[string]any{}
	for _, a := range pageOf(list, offset, limit) {
		data = append(data, a.json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "total": len(list)})
}

// appInput is the body of a POST or PATCH of an app; nil fields were not sent.
type appInput struct {
	ClientName   *string                    `json:"client_name"`
	GrantTypes   *[]connectedapps.GrantType `json:"grant_types"`
	RedirectURIs *[]string                  `json:"redirect_uris"`
	Scopes       *[]string                  `json:"scopes"`
	PublicKeys   *[]string                  `json:"public_keys"`
	ClientURI    *string                    `json:"client_uri"`
	PolicyURI    *string                    `json:"policy_uri"`
	TosURI       *string                    `json:"tos_uri"`
	Audience     *string                    `json:"audience"`
	OwnerOrgID   *string                    `json:"owner_org_id"`
	OwnerUserID  *string                    `json:"owner_user_id"`
	Enabled      *bool                      `json:"enabled"`
}

// validateApp checks an app as it would be after a create or an update; it returns the
// message of a 400, or "".
func validateApp(a *app) string {
	if strings.TrimSpace(a.Name) == "" {
		return "client_name is required"
	}
	if len(a.GrantTypes) == 0 {
		return "grant_types is required"
	}
	for _, g := range a.GrantTypes {
		if !slices.Contains(knownGrantTypes, g) {
			return fmt.Sprintf("unknown grant type %q", g)
		}
	}
	if a.clientCredentials() && len(a.GrantTypes) > 1 {
		return "client_credentials cannot be combined with other grant types"
	}
	if (a.has(gtAuthorizationCode) || a.has(gtImplicit)) && len(a.RedirectURIs) == 0 {
		return "redirect_uris must not be empty for the authorization_code and implicit grants"
	}
	for _, u := range a.RedirectURIs {
		if p, err := url.Parse(u); err != nil || !p.IsAbs() || p.Host == "" {
			return fmt.Sprintf("redirect URI %q is not an absolute URL", u)
		}
	}
	if a.has(gtJWTBearer) && len(a.PublicKeys) == 0 {
		return "public_keys must not be empty for the jwt-bearer grant"
	}
	if a.Audience != "internal" && a.Audience != "everyone" {
		return "audience must be internal or everyone"
	}
	return ""
}

// applyInput changes an app by the fields of a body.
func (s *Server) applyInput(a *app, in *appInput) {
	if in.ClientName != nil {
		a.Name = *in.ClientName
	}
	if in.GrantTypes != nil {
		a.GrantTypes = slices.Clone(*in.GrantTypes)
	}
	if in.RedirectURIs != nil {
		a.RedirectURIs = slices.Clone(*in.RedirectURIs)
	}
	if in.PublicKeys != nil {
		a.PublicKeys = slices.Clone(*in.PublicKeys)
	}
	if in.ClientURI != nil {
		a.ClientURI = in.ClientURI
	}
	if in.PolicyURI != nil {
		a.PolicyURI = in.PolicyURI
	}
	if in.TosURI != nil {
		a.TosURI = in.TosURI
	}
	if in.Audience != nil {
		a.Audience = *in.Audience
	}
	if in.Enabled != nil {
		a.Enabled = *in.Enabled
	}
	if in.Scopes != nil {
		a.grants = nil
		for _, sc := range *in.Scopes {
			a.addGrant(a.grantFor(scopes.Grant{Scope: scopes.Scope(sc)}))
		}
	}
}

func (s *Server) handleCreateApp(w http.ResponseWriter, r *http.Request, p *principal, o *org) {
	orgID := o.ID // owner_org_id may change it
	var in appInput
	if !decodeBody(w, r, &in) {
		return
	}
	if in.RedirectURIs == nil {
		jsonError(w, http.StatusBadRequest, "redirect_uris is required")
		return
	}
	if in.OwnerOrgID != nil && *in.OwnerOrgID != "" && *in.OwnerOrgID != orgID {
		if s.orgs[*in.OwnerOrgID] == nil || !s.canSee(p, *in.OwnerOrgID) {
			jsonError(w, http.StatusBadRequest, "owner_org_id is not an organization you can manage")
			return
		}
		orgID = *in.OwnerOrgID
	}
	owner := p.user.ID
	if in.OwnerUserID != nil && *in.OwnerUserID != "" {
		if s.users[*in.OwnerUserID] == nil {
			jsonError(w, http.StatusBadRequest, "owner_user_id is not a user of the organization")
			return
		}
		owner = *in.OwnerUserID
	}
	n := 0
	for _, a := range s.apps {
		if a.OrgID == orgID {
			n++
		}
	}
	if n >= maxAppsPerOrg {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("an organization can have at most %d connected applications", maxAppsPerOrg))
		return
	}
	s.appSeq++
	a := &app{
		ClientID: derivedHex(fmt.Sprintf("created-app:%s:%d", orgID, s.appSeq), 32), Secret: randomHex(32),
		OrgID: orgID, OwnerUserID: owner, Audience: "internal", Enabled: true, Created: s.now(),
	}
	s.applyInput(a, &in)
	if msg := validateApp(a); msg != "" {
		jsonError(w, http.StatusBadRequest, msg)
		return
	}
	for s.apps[a.ClientID] != nil {
		a.ClientID = derivedHex(a.ClientID, 32)
	}
	s.apps[a.ClientID] = a
	s.appOrder = append(s.appOrder, a.ClientID)
	writeJSON(w, http.StatusCreated, a.json())
}

func (s *Server) handleGetApp(w http.ResponseWriter, _ *http.Request, a *app) {
	writeJSON(w, http.StatusOK, a.json())
}

// handlePatchApp changes the fields sent; ?resetSecret=true also gives the app a new secret.
func (s *Server) handlePatchApp(w http.ResponseWriter, r *http.Request, a *app) {
	var in appInput
	if err := decodeJSON(r, &in); err != nil && r.URL.Query().Get("resetSecret") != "true" {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	next := *a
	next.grants = slices.Clone(a.grants)
	s.applyInput(&next, &in)
	if msg := validateApp(&next); msg != "" {
		jsonError(w, http.StatusBadRequest, msg)
		return
	}
	if r.URL.Query().Get("resetSecret") == "true" {
		next.Secret = randomHex(32)
	}
	*a = next
	writeJSON(w, http.StatusOK, a.json())
}

func (s *Server) handleDeleteApp(w http.ResponseWriter, r *http.Request, a *app) {
	s.revokeAppTokens(a.ClientID)
	for c, ac := range s.codes {
		if ac.clientID == a.ClientID {
			delete(s.codes, c)
		}
	}
	delete(s.apps, a.ClientID)
	s.appOrder = slices.DeleteFunc(s.appOrder, func(id string) bool { return id == a.ClientID })
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleRevokeApp(w http.ResponseWriter, r *http.Request, a *app) {
	s.revokeAppTokens(a.ClientID)
	w.WriteHeader(http.StatusNoContent)
}

type scopeWire struct {
	Scope   string `json:"scope"`
	Context struct {
		Org   string `json:"org,omitempty"`
		EnvID string `json:"envId,omitempty"`
	} `json:"context_params"`
}

func (s *Server) handleListAppScopes(w http.ResponseWriter, r *http.Request, a *app) {
	offset, limit, ok := pageParams(w, r.URL.Query(), 25, 500)
	if !ok {
		return
	}
	data := []scopeWire{}
	for _, g := range pageOf(a.grants, offset, limit) {
		var sw scopeWire
		sw.Scope, sw.Context.Org, sw.Context.EnvID = string(g.Scope), g.OrgID, g.EnvID
		data = append(data, sw)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "total": len(a.grants)})
}

// handleChangeAppScopes serves PUT (replace every scope), PATCH (add; duplicates are ignored)
// and DELETE (remove exact matches) of an app's scopes.
func (s *Server) handleChangeAppScopes(w http.ResponseWriter, r *http.Request, a *app) {
	var in struct {
		Scopes []scopeWire `json:"scopes"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	if in.Scopes == nil {
		jsonError(w, http.StatusBadRequest, "scopes is required")
		return
	}
	if len(in.Scopes) > maxScopesOfApp {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("an application can have at most %d scopes", maxScopesOfApp))
		return
	}
	var grants []scopes.Grant
	for _, sw := range in.Scopes {
		sc := strings.TrimSpace(sw.Scope)
		if sc == "" || strings.ContainsAny(sc, " \t") {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("invalid scope %q", sw.Scope))
			return
		}
		g := a.grantFor(scopes.Grant{Scope: scopes.Scope(sc), OrgID: sw.Context.Org, EnvID: sw.Context.EnvID})
		if a.clientCredentials() {
			if s.orgs[g.OrgID] == nil || !s.descends(g.OrgID, a.OrgID) {
				jsonError(w, http.StatusBadRequest, fmt.Sprintf("invalid context org %q for scope %s", g.OrgID, sc))
				return
			}
			if g.EnvID != "" && !slices.ContainsFunc(s.envs, func(e *environment) bool { return e.ID == g.EnvID && e.OrgID == g.OrgID }) {
				jsonError(w, http.StatusBadRequest, fmt.Sprintf("invalid context envId %q for scope %s", g.EnvID, sc))
				return
			}
		}
		grants = append(grants, g)
	}
	switch r.Method {
	case http.MethodPut:
		a.grants = nil
		for _, g := range grants {
			a.addGrant(g)
		}
	case http.MethodPatch:
		next := slices.Clone(a.grants)
		for _, g := range grants {
			if !slices.Contains(next, g) {
				next = append(next, g)
			}
		}
		if len(next) > maxScopesOfApp {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("an application can have at most %d scopes", maxScopesOfApp))
			return
		}
		a.grants = next
	case http.MethodDelete:
		a.grants = slices.DeleteFunc(a.grants, func(g scopes.Grant) bool { return slices.Contains(grants, g) })
	}
	w.WriteHeader(http.StatusNoContent)
}

// ---- users' authorizations ----

// authorization is a user's consent to an app: every grant (token family) of that user
// and app, seen as one.
type authorization struct {
	id               string
	clientID, userID string
	scopes           []scopes.Scope
	created, updated time.Time
}

func authorizationID(userID, clientID string) string {
	return derivedID("authorization:" + userID + ":" + clientID)
}

// authorizations lists the users' authorizations, by app and user order; the caller
// holds the lock.
func (s *Server) authorizations() []*authorization {
	byID := map[string]*authorization{}
	var list []*authorization
	for _, f := range s.families {
		id := authorizationID(f.userID, f.clientID)
		au := byID[id]
		if au == nil {
			au = &authorization{id: id, clientID: f.clientID, userID: f.userID, created: f.created, updated: f.created}
			byID[id] = au
			list = append(list, au)
		}
		for _, sc := range f.scopes {
			if !slices.Contains(au.scopes, sc) {
				au.scopes = append(au.scopes, sc)
			}
		}
		if f.created.Before(au.created) {
			au.created = f.created
		}
		if f.created.After(au.updated) {
			au.updated = f.created
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if !list[i].created.Equal(list[j].created) {
			return list[i].created.Before(list[j].created)
		}
		return list[i].id < list[j].id
	})
	return list
}

func (au *authorization) json() map[string]any {
	return map[string]any{
		"authorization_id": au.id, "client_id": au.clientID, "user_id": au.userID,
		"scopes": orEmpty(scopeStrings(au.scopes)), "as_id": "anypoint",
		"created_at": au.created.UTC().Format(time.RFC3339Nano), "updated_at": au.updated.UTC().Format(time.RFC3339Nano),
		"last_used": au.updated.UTC().Format(time.RFC3339Nano),
	}
}

// orgAdminHandler serves an endpoint below /organizations/{orgId}/connectedApplications
// (users' authorizations, the organization's policy) under the lock, and calls h once
// appsOrg has let the request through for the organization of the path.
func (s *Server) orgAdminHandler(h orgFunc) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		if _, o := s.appsOrg(w, r, r.PathValue("orgId")); o != nil {
			h(w, r, o)
		}
	})
}

// inOrg reports whether an authorization's user belongs to the organization's tree.
func (s *Server) inOrg(au *authorization, o *org) bool {
	u := s.users[au.userID]
	return u != nil && s.rootOf(u.OrgID) == s.rootOf(o.ID)
}

func (s *Server) rootOf(id string) string {
	for o := s.orgs[id]; o != nil; o = s.orgs[o.ParentID] {
		if o.ParentID == "" {
			return o.ID
		}
	}
	return id
}

func (s *Server) handleListAuthorizations(w http.ResponseWriter, r *http.Request, o *org) {
	q := r.URL.Query()
	offset, limit, ok := pageParams(w, q, 25, 500)
	if !ok {
		return
	}
	var list []*authorization
	for _, au := range s.authorizations() {
		if s.inOrg(au, o) && (q.Get("user_id") == "" || q.Get("user_id") == au.userID) {
			list = append(list, au)
		}
	}
	data := []map[string]any{}
	for _, au := range pageOf(list, offset, limit) {
		data = append(data, au.json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "total": len(list)})
}

// authorizationHandler serves an endpoint below authorizations/{authorizationId}, and answers
// 404 for an authorization that does not exist or whose user is not of the organization.
func (s *Server) authorizationHandler(h func(w http.ResponseWriter, r *http.Request, au *authorization)) orgFunc {
	return func(w http.ResponseWriter, r *http.Request, o *org) {
		for _, au := range s.authorizations() {
			if au.id == r.PathValue("authorizationId") && s.inOrg(au, o) {
				h(w, r, au)
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Authorization not found"})
	}
}

func (s *Server) handleGetAuthorization(w http.ResponseWriter, _ *http.Request, au *authorization) {
	writeJSON(w, http.StatusOK, au.json())
}

// rootOnly refuses deletions of authorizations in a business group (403), as the platform
// does, before h looks for what to delete.
func rootOnly(h orgFunc) orgFunc {
	return func(w http.ResponseWriter, r *http.Request, o *org) {
		if o.ParentID != "" {
			forbidden(w)
			return
		}
		h(w, r, o)
	}
}

func (s *Server) handleDeleteAuthorization(w http.ResponseWriter, _ *http.Request, au *authorization) {
	s.revokeUserGrants(au.userID, au.clientID)
	w.WriteHeader(http.StatusNoContent)
}

// handleDeleteAuthorizations ends every authorization of the user_id user, or of every
// user of the organization when there is no user_id.
func (s *Server) handleDeleteAuthorizations(w http.ResponseWriter, r *http.Request, o *org) {
	userID := r.URL.Query().Get("user_id")
	for _, au := range s.authorizations() {
		if s.inOrg(au, o) && (userID == "" || au.userID == userID) {
			s.revokeUserGrants(au.userID, au.clientID)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// ---- the organization's policy ----

func (s *Server) settingsOf(rootID string) map[string]any {
	st := s.appSettings[rootID]
	if st == nil {
		st = map[string]any{
			"applications_enabled":            "all",
			"grant_types_allowed":             slices.Clone(knownGrantTypes),
			"allowlist_enabled":               false,
			"allowlist_internal_applications": false,
			"whitelist":                       []any{},
		}
		s.appSettings[rootID] = st
	}
	return st
}

// handleGetSettings answers a business group with its root organization's settings.
func (s *Server) handleGetSettings(w http.ResponseWriter, r *http.Request, o *org) {
	writeJSON(w, http.StatusOK, s.settingsOf(s.rootOf(o.ID)))
}

// handlePatchSettings changes a root organization's settings; a business group answers 405.
func (s *Server) handlePatchSettings(w http.ResponseWriter, r *http.Request, o *org) {
	if o.ParentID != "" {
		jsonError(w, http.StatusMethodNotAllowed, "The settings of a business group are those of its root organization")
		return
	}
	var in struct {
		ApplicationsEnabled           *string                    `json:"applications_enabled"`
		GrantTypesAllowed             *[]connectedapps.GrantType `json:"grant_types_allowed"`
		AllowlistEnabled              *bool                      `json:"allowlist_enabled"`
		AllowlistInternalApplications *bool                      `json:"allowlist_internal_applications"`
		Whitelist                     []map[string]any           `json:"whitelist"`
		ImportExistingAuthorizations  *bool                      `json:"import_existing_authorizations"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	if v := in.ApplicationsEnabled; v != nil && *v != "all" && *v != "partial" && *v != "none" {
		jsonError(w, http.StatusBadRequest, "applications_enabled must be all, partial or none")
		return
	}
	if in.GrantTypesAllowed != nil {
		for _, g := range *in.GrantTypesAllowed {
			if !slices.Contains(knownGrantTypes, g) {
				jsonError(w, http.StatusBadRequest, fmt.Sprintf("unknown grant type %q", g))
				return
			}
		}
	}
	st := s.settingsOf(o.ID)
	if in.ApplicationsEnabled != nil {
		st["applications_enabled"] = *in.ApplicationsEnabled
	}
	if in.GrantTypesAllowed != nil {
		st["grant_types_allowed"] = slices.Clone(*in.GrantTypesAllowed)
	}
	if in.AllowlistEnabled != nil {
		st["allowlist_enabled"] = *in.AllowlistEnabled
	}
	if in.AllowlistInternalApplications != nil {
		st["allowlist_internal_applications"] = *in.AllowlistInternalApplications
	}
	if len(in.Whitelist) > 0 {
		list, _ := st["whitelist"].([]any)
		for _, e := range in.Whitelist {
			id, _ := e["client_id"].(string)
			if id == "" {
				jsonError(w, http.StatusBadRequest, "every whitelist entry needs a client_id")
				return
			}
			list = slices.DeleteFunc(list, func(x any) bool { m, _ := x.(map[string]any); return m["client_id"] == id })
			list = append(list, e)
		}
		st["whitelist"] = list
	}
	// Round-trip through JSON so the answer never shares maps with the state.
	b, _ := json.Marshal(st)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	writeJSON(w, http.StatusOK, out)
}
