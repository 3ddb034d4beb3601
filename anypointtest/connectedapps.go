package anypointtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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

// connectedAppsRoutes serves the Connected Apps routes of MuleSoft's Access Management spec
// (mulesoft-dx, apis/access-management/api.yaml), both families: the org-less ones
// (/connectedApplications…, which act in the caller's organization, or in the app's) and the
// organization's (/organizations/{orgId}/connectedApplications…), with the query parameters
// and bodies as the spec names and requires them.
func (s *Server) connectedAppsRoutes() {
	// The same operations are served on the org-less family and on the
	// organization's own (orgScoped: the org comes from the path).
	for _, fam := range []struct {
		orgScoped bool
		// The operation IDs of the family, in the order below.
		ids [10]string
	}{
		{false, [10]string{"listConnectedApplications", "createConnectedApplications", "getConnectedApplications",
			"updateConnectedApplications", "deleteConnectedApplications", "listConnectedApplicationsScopes",
			"updateConnectedApplicationsScopes", "updateConnectedApplicationScopes", "deleteConnectedApplicationsScopes",
			"deleteConnectedApplicationsRevoke"}},
		{true, [10]string{"listOrganizationConnectedApplications", "createOrganizationConnectedApplication", "getOrganizationConnectedApplication",
			"updateOrganizationConnectedApplication", "deleteOrganizationConnectedApplication", "listOrganizationConnectedApplicationScopes",
			"updateOrganizationConnectedApplicationScopes", "replaceOrganizationConnectedApplicationScopes", "deleteOrganizationConnectedApplicationScopes",
			"revokeOrganizationConnectedApplication"}},
	} {
		org, id := fam.orgScoped, fam.ids
		s.handle(op(accessManagement, id[0]), s.listOrgHandler(org, s.handleListApps))
		s.handle(op(accessManagement, id[1]), s.listOrgHandler(org, s.handleCreateApp))
		s.handle(op(accessManagement, id[2]), s.appHandler(org, s.handleGetApp))
		s.handle(op(accessManagement, id[3]), s.appHandler(org, s.handlePatchApp))
		s.handle(op(accessManagement, id[4]), s.appHandler(org, s.handleDeleteApp))
		s.handle(op(accessManagement, id[5]), s.appHandler(org, s.handleListAppScopes))
		s.handle(op(accessManagement, id[6]), s.appHandler(org, s.handleChangeAppScopes))
		s.handle(op(accessManagement, id[7]), s.appHandler(org, s.handleChangeAppScopes))
		s.handle(op(accessManagement, id[8]), s.appHandler(org, s.handleChangeAppScopes))
		s.handle(op(accessManagement, id[9]), s.appHandler(org, s.handleRevokeApp))
	}

	s.handle(op(accessManagement, "listConnectedApplicationsAuthorizations"), s.orgAdminHandler(s.handleListAuthorizations))
	s.handle(op(accessManagement, "deleteConnectedApplicationsAuthorizations"), s.orgAdminHandler(rootOnly(s.handleDeleteAuthorizations)))
	s.handle(op(accessManagement, "getConnectedApplicationsAuthorizations"), s.orgAdminHandler(s.authorizationHandler(s.handleGetAuthorization)))
	s.handle(op(accessManagement, "deleteOrganizationConnectedApplicationAuthorization"), s.orgAdminHandler(rootOnly(s.authorizationHandler(s.handleDeleteAuthorization))))
	s.handle(op(accessManagement, "listConnectedApplicationsSettings"), s.orgAdminHandler(s.handleGetSettings))
	s.handle(op(accessManagement, "updateConnectedApplicationsSettings"), s.orgAdminHandler(s.handlePatchSettings))
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

// callerOrg is the organization a request acts in when it names none: a client-credentials
// app's owner organization, or the user's.
func callerOrg(p *principal) string {
	if p.tok.scopes == nil {
		return p.app.OrgID
	}
	return p.user.OrgID
}

// listOrgHandler serves the list and the creation of apps under the lock. The organization
// they act in is the path's (inPath), else the organizationId query parameter (the spec's
// name for it on the list; the fake ignores orgId, which the spec does not have), else the
// caller's own organization; h is called once appsOrg has let the request through.
func (s *Server) listOrgHandler(inPath bool, h func(w http.ResponseWriter, r *http.Request, p *principal, o *org)) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		// The token is checked before its organization is taken as the default.
		p := s.bearer(r)
		if p == nil {
			unauthorized(w)
			return
		}
		orgID := r.PathValue("organizationId")
		if !inPath {
			orgID = ""
			if r.Method == http.MethodGet {
				orgID = r.URL.Query().Get("organizationId")
			}
			if orgID == "" {
				orgID = callerOrg(p)
			}
		}
		p, o := s.appsOrg(w, r, orgID)
		if o != nil {
			h(w, r, p, o)
		}
	})
}

func appNotFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"status": http.StatusNotFound, "message": "Connected application with that clientId could not be found"})
}

// appHandler serves an endpoint below …/connectedApplications/{clientId} under the lock. On
// the org-less routes the request acts in the organization that owns the app (in the
// caller's, when there is no such app); on the organization's routes (inPath) it acts in the
// path's organization, and an app of another organization is not found there. An app that
// does not exist is a 404 once the token and its scope have been checked.
func (s *Server) appHandler(inPath bool, h func(w http.ResponseWriter, r *http.Request, a *app)) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		p := s.bearer(r)
		if p == nil {
			unauthorized(w)
			return
		}
		a := s.apps[r.PathValue("clientId")]
		orgID := r.PathValue("organizationId")
		if !inPath {
			orgID = callerOrg(p)
			if a != nil {
				orgID = a.OrgID
			}
		}
		if _, o := s.appsOrg(w, r, orgID); o != nil {
			if a == nil || a.OrgID != o.ID {
				appNotFound(w)
				return
			}
			h(w, r, a)
		}
	})
}

// boolParams checks query parameters of type boolean: those in need must be there (the spec
// marks them required), and any of them that is there must be true or false. It answers
// 400 and reports false when not.
func boolParams(w http.ResponseWriter, q url.Values, need []string, optional ...string) bool {
	for _, name := range append(slices.Clone(need), optional...) {
		v, ok := q[name]
		switch {
		case !ok && slices.Contains(need, name):
			jsonError(w, http.StatusBadRequest, "query parameter "+name+" is required")
			return false
		case ok && (len(v) != 1 || (v[0] != "true" && v[0] != "false")):
			jsonError(w, http.StatusBadRequest, "query parameter "+name+" must be true or false")
			return false
		}
	}
	return true
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

// handleListApps serves listConnectedApplications (and the organization's
// listOrganizationConnectedApplications): includeUsage and ascending are required.
func (s *Server) handleListApps(w http.ResponseWriter, r *http.Request, _ *principal, o *org) {
	q := r.URL.Query()
	if !boolParams(w, q, []string{"includeUsage", "ascending"}, "hide_managed") {
		return
	}
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

// appInput is the body of a POST or PATCH of an app (the spec's ConnectedApplicationCreate
// and ConnectedApplicationUpdate, which allow no other property); nil fields were not sent.
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
	// The spec allows these too; the fake keeps its own ID and secret, and always sets the flag.
	ClientID                     *string `json:"client_id"`
	ClientSecret                 *string `json:"client_secret"`
	GenerateISSClaimWithoutToken *bool   `json:"generate_iss_claim_without_token"`
}

// validateInput checks what the spec says of the fields of an app's body, whatever the
// app's state; it returns the message of a 400, or "".
func (in *appInput) validate() string {
	if in.PublicKeys != nil {
		for _, k := range *in.PublicKeys {
			if len(k) < 1 || len(k) > 4096 {
				return "every public key must be 1 to 4096 characters"
			}
		}
	}
	if in.Scopes != nil {
		for _, sc := range *in.Scopes {
			if sc == "" {
				return "a scope must not be empty"
			}
		}
	}
	if in.RedirectURIs != nil {
		for _, u := range *in.RedirectURIs {
			if u == "" {
				return "a redirect URI must not be empty"
			}
		}
	}
	if in.OwnerUserID != nil && (len(*in.OwnerUserID) < 1 || len(*in.OwnerUserID) > 255) {
		return "owner_user_id must be 1 to 255 characters"
	}
	return ""
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

// decodeStrict decodes the JSON object body of r into v, refusing properties v does not
// have (the spec's additionalProperties: false), or answers 400 and reports false.
func decodeStrict(w http.ResponseWriter, r *http.Request, v any) bool {
	b, _ := io.ReadAll(r.Body)
	if len(bytes.TrimSpace(b)) == 0 {
		jsonError(w, http.StatusBadRequest, "the request body is empty")
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		jsonError(w, http.StatusBadRequest, "the request body is not valid: "+err.Error())
		return false
	}
	if dec.More() {
		jsonError(w, http.StatusBadRequest, "the request body has data after the JSON object")
		return false
	}
	return true
}

func (s *Server) handleCreateApp(w http.ResponseWriter, r *http.Request, p *principal, o *org) {
	orgID := o.ID // owner_org_id may change it
	var in appInput
	if !decodeStrict(w, r, &in) {
		return
	}
	if in.RedirectURIs == nil {
		jsonError(w, http.StatusBadRequest, "redirect_uris is required")
		return
	}
	if msg := in.validate(); msg != "" {
		jsonError(w, http.StatusBadRequest, msg)
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

// handleGetApp serves getConnectedApplications: includeUsage is required.
func (s *Server) handleGetApp(w http.ResponseWriter, r *http.Request, a *app) {
	if !boolParams(w, r.URL.Query(), []string{"includeUsage"}) {
		return
	}
	writeJSON(w, http.StatusOK, a.json())
}

// handlePatchApp changes the fields sent; ?resetSecret=true also gives the app a new secret.
func (s *Server) handlePatchApp(w http.ResponseWriter, r *http.Request, a *app) {
	if !boolParams(w, r.URL.Query(), nil, "resetSecret") {
		return
	}
	var in appInput
	if !decodeStrict(w, r, &in) {
		return
	}
	if msg := in.validate(); msg != "" {
		jsonError(w, http.StatusBadRequest, msg)
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

// scopeWire is a scope of an app as the scopes routes write it.
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

// scopeItem is one scope of a body of the scopes routes: scope and context_params are both
// required, and nothing else is allowed (the spec's Generated8 and Generated9).
type scopeItem struct {
	Scope   *string         `json:"scope"`
	Context *map[string]any `json:"context_params"`
}

// scopesBody is the body of PUT, PATCH and DELETE of an app's scopes; only PATCH may carry
// scopesToDelete.
type scopesBody struct {
	Scopes         *[]scopeItem `json:"scopes"`
	ScopesToDelete *[]scopeItem `json:"scopesToDelete"`
}

// grantsOf checks the items of a scopes body as the spec does (scope 1 to 255 characters,
// context_params an object of at most maxParams properties) and as the platform does (the
// organization and environment exist under the app's), and returns them as grants; it
// answers 400 and returns false when not.
func (s *Server) grantsOf(w http.ResponseWriter, a *app, field string, items []scopeItem, maxParams int) ([]scopes.Grant, bool) {
	if len(items) == 0 {
		jsonError(w, http.StatusBadRequest, field+" must hold at least one scope")
		return nil, false
	}
	if len(items) > maxScopesOfApp {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("an application can have at most %d scopes", maxScopesOfApp))
		return nil, false
	}
	var grants []scopes.Grant
	for i, it := range items {
		if it.Scope == nil || it.Context == nil {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("%s[%d] needs both scope and context_params", field, i))
			return nil, false
		}
		sc := *it.Scope
		if len(sc) < 1 || len(sc) > 255 || strings.ContainsAny(sc, " \t") {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("invalid scope %q", sc))
			return nil, false
		}
		if len(*it.Context) > maxParams {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("%s[%d].context_params has more than %d properties", field, i, maxParams))
			return nil, false
		}
		org, _ := (*it.Context)["org"].(string)
		env, _ := (*it.Context)["envId"].(string)
		g := a.grantFor(scopes.Grant{Scope: scopes.Scope(sc), OrgID: org, EnvID: env})
		if a.clientCredentials() {
			if s.orgs[g.OrgID] == nil || !s.descends(g.OrgID, a.OrgID) {
				jsonError(w, http.StatusBadRequest, fmt.Sprintf("invalid context org %q for scope %s", g.OrgID, sc))
				return nil, false
			}
			if g.EnvID != "" && !slices.ContainsFunc(s.envs, func(e *environment) bool { return e.ID == g.EnvID && e.OrgID == g.OrgID }) {
				jsonError(w, http.StatusBadRequest, fmt.Sprintf("invalid context envId %q for scope %s", g.EnvID, sc))
				return nil, false
			}
		}
		grants = append(grants, g)
	}
	return grants, true
}

// handleChangeAppScopes serves PUT (replace every scope), PATCH (add, duplicates ignored;
// then remove scopesToDelete) and DELETE (remove exact matches) of an app's scopes.
func (s *Server) handleChangeAppScopes(w http.ResponseWriter, r *http.Request, a *app) {
	var in scopesBody
	if !decodeStrict(w, r, &in) {
		return
	}
	if in.Scopes == nil {
		jsonError(w, http.StatusBadRequest, "scopes is required")
		return
	}
	maxParams := 2
	if r.Method == http.MethodPatch {
		maxParams = 7
	} else if in.ScopesToDelete != nil {
		jsonError(w, http.StatusBadRequest, "the request body is not valid: unknown field \"scopesToDelete\"")
		return
	}
	grants, ok := s.grantsOf(w, a, "scopes", *in.Scopes, maxParams)
	if !ok {
		return
	}
	var drop []scopes.Grant
	if in.ScopesToDelete != nil {
		if drop, ok = s.grantsOf(w, a, "scopesToDelete", *in.ScopesToDelete, maxParams); !ok {
			return
		}
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
		next = slices.DeleteFunc(next, func(g scopes.Grant) bool { return slices.Contains(drop, g) })
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
		if _, o := s.appsOrg(w, r, r.PathValue("organizationId")); o != nil {
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

// rootOnly refuses deletions of authorizations in a business group before h looks for what
// to delete: 405, as the spec has it ("The organization is a business group. Revoking must be
// done from a root organization").
func rootOnly(h orgFunc) orgFunc {
	return func(w http.ResponseWriter, r *http.Request, o *org) {
		if o.ParentID != "" {
			jsonError(w, http.StatusMethodNotAllowed, "The organization is a business group. Revoking must be done from a root organization")
			return
		}
		h(w, r, o)
	}
}

func (s *Server) handleDeleteAuthorization(w http.ResponseWriter, _ *http.Request, au *authorization) {
	s.revokeUserGrants(au.userID, au.clientID)
	w.WriteHeader(http.StatusNoContent)
}

// handleDeleteAuthorizations ends every authorization of the user_id user, which the spec
// (deleteConnectedApplicationsAuthorizations) requires.
func (s *Server) handleDeleteAuthorizations(w http.ResponseWriter, r *http.Request, o *org) {
	userID := r.URL.Query().Get("user_id")
	if userID == "" {
		jsonError(w, http.StatusBadRequest, "query parameter user_id is required")
		return
	}
	for _, au := range s.authorizations() {
		if s.inOrg(au, o) && au.userID == userID {
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
	// The spec's ConnectedApplicationSettingsUpdate: applications_enabled and
	// grant_types_allowed are required; the deprecated whitelist_* flags count when the
	// allowlist_* ones are not set.
	var in struct {
		ApplicationsEnabled           *string                    `json:"applications_enabled"`
		GrantTypesAllowed             *[]connectedapps.GrantType `json:"grant_types_allowed"`
		AllowlistEnabled              *bool                      `json:"allowlist_enabled"`
		AllowlistInternalApplications *bool                      `json:"allowlist_internal_applications"`
		WhitelistEnabled              *bool                      `json:"whitelist_enabled"`
		WhitelistInternalApplications *bool                      `json:"whitelist_internal_applications"`
		Whitelist                     []map[string]any           `json:"whitelist"`
		ImportExistingAuthorizations  *bool                      `json:"import_existing_authorizations"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	if in.ApplicationsEnabled == nil || in.GrantTypesAllowed == nil {
		jsonError(w, http.StatusBadRequest, "applications_enabled and grant_types_allowed are required")
		return
	}
	if in.AllowlistEnabled == nil {
		in.AllowlistEnabled = in.WhitelistEnabled
	}
	if in.AllowlistInternalApplications == nil {
		in.AllowlistInternalApplications = in.WhitelistInternalApplications
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
