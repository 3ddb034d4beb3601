package anypointtest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// codeLifetime is how long an authorization code can be exchanged.
const codeLifetime = 60 * time.Second

// refreshLifetime is how long a refresh token lives, as on the platform.
const refreshLifetime = 90 * 24 * time.Hour

// AppSpec describes a connected app to add with AddApp.
type AppSpec struct {
	// ClientID is the app's client ID; when empty a stable 32-hex-digit ID is derived from Name.
	ClientID string
	// ClientSecret is the app's secret; when empty a random one is made (read it from the App).
	ClientSecret string
	// Name is the app's name (client_name).
	Name string
	// GrantTypes are the app's grant types; the default is connectedapps.GrantClientCredentials
	// alone.
	GrantTypes []connectedapps.GrantType
	// RedirectURIs are the redirect URIs registered for the authorization-code grant.
	RedirectURIs []string
	// PublicKeys are the PEM public keys that verify the app's JWT bearer assertions
	// ("PUBLIC KEY", "RSA PUBLIC KEY" or "CERTIFICATE" blocks), as
	// connectedapps.PublicKeyPEM writes them.
	PublicKeys []string
	// Scopes are the app's scopes. For a client-credentials app they are granted in the
	// context of OrgID; for an app acting on behalf of a user they are plain scopes.
	Scopes []scopes.Scope
	// OrgID is the organization that owns the app; the default is the root organization.
	OrgID string
	// OwnerUserID is the user who owns the app, the "user" of its client-credentials
	// tokens; the default is the seed user.
	OwnerUserID string
	// Disabled makes the app refuse every token request with invalid_client.
	Disabled bool
}

// App is a snapshot of a connected app as the server knows it now.
type App struct {
	// ClientID is the app's client ID.
	ClientID string
	// ClientSecret is the app's current secret.
	ClientSecret string
	// Name is the app's name.
	Name string
	// GrantTypes are the app's grant types.
	GrantTypes []connectedapps.GrantType
	// RedirectURIs are the app's registered redirect URIs.
	RedirectURIs []string
	// PublicKeys are the app's PEM public keys, for the JWT bearer grant.
	PublicKeys []string
	// Scopes are the distinct scope keywords the app holds, in the order granted.
	Scopes []scopes.Scope
	// Grants are the app's scopes with their contexts. A client-credentials app holds each
	// scope in an organization (OrgID is never empty) and, for the scopes that act in one
	// environment (scopes.Info.NeedsEnvironment), an environment: such a grant lets calls
	// through in that environment only (one with no EnvID, in them all). An app acting on
	// behalf of a user holds plain scopes (OrgID and EnvID empty), which apply wherever the
	// user does.
	Grants []scopes.Grant
	// OrgID is the organization that owns the app.
	OrgID string
	// OwnerUserID is the user who owns the app.
	OwnerUserID string
	// Enabled is false for a disabled app.
	Enabled bool
}

type app struct {
	ClientID, Secret, Name string
	GrantTypes             []connectedapps.GrantType
	RedirectURIs           []string
	grants                 []scopes.Grant
	OrgID, OwnerUserID     string
	Audience               string
	Enabled                bool
	ClientURI              *string
	PolicyURI              *string
	TosURI                 *string
	PublicKeys             []string
	Created                time.Time
}

func (a *app) has(grant connectedapps.GrantType) bool { return slices.Contains(a.GrantTypes, grant) }

func (a *app) clientCredentials() bool { return a.has(gtClientCredentials) }

func (a *app) scopeNames() []scopes.Scope {
	var out []scopes.Scope
	for _, g := range a.grants {
		if !slices.Contains(out, g.Scope) {
			out = append(out, g.Scope)
		}
	}
	return out
}

func (a *app) holds(s scopes.Scope) bool {
	for _, g := range a.grants {
		if g.Scope == s {
			return true
		}
	}
	// Client-credentials apps always hold profile.
	return s == scopeProfile && a.clientCredentials()
}

func (a *app) export() App {
	return App{
		ClientID: a.ClientID, ClientSecret: a.Secret, Name: a.Name,
		GrantTypes: slices.Clone(a.GrantTypes), RedirectURIs: slices.Clone(a.RedirectURIs),
		PublicKeys: slices.Clone(a.PublicKeys),
		Scopes:     a.scopeNames(), Grants: slices.Clone(a.grants),
		OrgID: a.OrgID, OwnerUserID: a.OwnerUserID, Enabled: a.Enabled,
	}
}

type accessToken struct {
	value    string
	clientID string
	userID   string
	scopes   []scopes.Scope // nil for client credentials: the app's current scopes apply
	familyID string         // the grant of a user-delegated token
	issued   time.Time
	expires  time.Time
}

type refreshToken struct {
	value    string
	familyID string
	issued   time.Time
	expires  time.Time
}

// family is one grant of a user to an app: the tokens that descend from one authorization code.
type family struct {
	id       string
	clientID string
	userID   string
	scopes   []scopes.Scope
	refresh  string // the current refresh token, "" when none
	created  time.Time
}

type authCode struct {
	code        string
	clientID    string
	redirectURI string // "" when the authorize request named none
	challenge   string
	method      string
	scopes      []scopes.Scope
	userID      string
	nonce       string
	expires     time.Time
}

// addApp adds an app from a spec; the caller holds the lock (or is seeding).
func (s *Server) addApp(spec AppSpec) *app {
	s.appSeq++
	if spec.Name == "" {
		spec.Name = fmt.Sprintf("app-%d", s.appSeq)
	}
	if spec.ClientID == "" {
		spec.ClientID = derivedHex(fmt.Sprintf("app:%s:%d", spec.Name, s.appSeq), 32)
	}
	if _, dup := s.apps[spec.ClientID]; dup {
		panic(fmt.Sprintf("anypointtest: a connected app with client ID %q already exists", spec.ClientID))
	}
	if spec.ClientSecret == "" {
		spec.ClientSecret = randomHex(32)
	}
	if len(spec.GrantTypes) == 0 {
		spec.GrantTypes = []connectedapps.GrantType{gtClientCredentials}
	}
	if spec.OrgID == "" {
		spec.OrgID = OrgID
	}
	if spec.OwnerUserID == "" {
		spec.OwnerUserID = UserID
	}
	a := &app{
		ClientID: spec.ClientID, Secret: spec.ClientSecret, Name: spec.Name,
		GrantTypes: slices.Clone(spec.GrantTypes), RedirectURIs: slices.Clone(spec.RedirectURIs),
		OrgID: spec.OrgID, OwnerUserID: spec.OwnerUserID, Audience: "internal",
		Enabled: !spec.Disabled, Created: s.now(), PublicKeys: slices.Clone(spec.PublicKeys),
	}
	if a.PublicKeys == nil {
		a.PublicKeys = []string{}
	}
	if a.RedirectURIs == nil {
		a.RedirectURIs = []string{}
	}
	for _, sc := range spec.Scopes {
		a.addGrant(a.grantFor(scopes.Grant{Scope: sc}))
	}
	s.apps[a.ClientID] = a
	s.appOrder = append(s.appOrder, a.ClientID)
	return a
}

// grantFor puts a grant in the form the app holds it, as the Connected Apps API does: an app
// acting on behalf of a user holds plain scopes, with no context; a client-credentials app
// holds each scope in an organization, its own when the grant names none.
func (a *app) grantFor(g scopes.Grant) scopes.Grant {
	if !a.clientCredentials() {
		return scopes.Grant{Scope: g.Scope}
	}
	if g.OrgID == "" {
		g.OrgID = a.OrgID
	}
	return g
}

func (a *app) addGrant(g scopes.Grant) bool {
	if slices.Contains(a.grants, g) {
		return false
	}
	a.grants = append(a.grants, g)
	return true
}

func (s *Server) mustApp(clientID string) *app {
	a, ok := s.apps[clientID]
	if !ok {
		panic(fmt.Sprintf("anypointtest: no connected app with client ID %q", clientID))
	}
	return a
}

// ---- admin controls ----

// AddApp adds a connected app while the server runs and returns it (with its secret).
func (s *Server) AddApp(spec AppSpec) App {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addApp(spec).export()
}

// App returns the connected app with that client ID as it is now (its current secret and
// scopes), and whether it exists.
func (s *Server) App(clientID string) (App, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[clientID]
	if !ok {
		return App{}, false
	}
	return a.export(), true
}

// GrantScope gives an app scopes, each in a context, as the Connected Apps API's PATCH of an
// app's scopes does (without its check that the organization and environment exist, so a
// test may grant anything). A grant with an empty OrgID means the app's own organization; EnvID
// names an environment for the scopes that act in one (scopes.Info.NeedsEnvironment): the
// scope then lets calls through in that environment only, and a call in another is a 401, as
// on the platform. Such a scope granted with no EnvID acts in every environment of the
// organization (the platform would refuse that grant; the fake allows it for short tests).
// An app acting on behalf of a user holds plain scopes: its grants' contexts are dropped,
// and users must still consent to a new scope in a new authorization. Granting a scope the app already holds in that context does nothing.
// It panics if there is no such app.
//
//	srv.GrantScope(id, scopes.Grant{Scope: scopes.ViewEnvironment})                    // in the app's organization
//	srv.GrantScope(id, scopes.Grant{Scope: scopes.ViewEnvironment, OrgID: SalesOrgID}) // in a business group
func (s *Server) GrantScope(clientID string, g ...scopes.Grant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustApp(clientID)
	for _, x := range g {
		a.addGrant(a.grantFor(x))
	}
}

// RemoveScope takes grants away from an app: it undoes GrantScope with the same arguments,
// as the Connected Apps API's DELETE of an app's scopes does. A grant with an empty OrgID
// means the app's own organization, and only an exact match (scope, organization and
// environment) is removed, so a scope the app also holds in another context stays there
// (App.Grants lists them). Tokens the app already holds lose the scope at once: their next
// call to an endpoint that needs it is a 401. It panics if there is no such app.
func (s *Server) RemoveScope(clientID string, g ...scopes.Grant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustApp(clientID)
	remove := make([]scopes.Grant, len(g))
	for i, x := range g {
		remove[i] = a.grantFor(x)
	}
	a.grants = slices.DeleteFunc(a.grants, func(x scopes.Grant) bool { return slices.Contains(remove, x) })
}

// ExpireTokens makes every access token issued so far expired, as if its lifetime had passed.
// Refresh tokens stay valid, so clients that hold one can refresh.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := s.now().Add(-time.Second)
	for _, t := range s.access {
		t.expires = past
	}
}

// RotateSecret gives an app a new random secret and returns it; the old secret is refused
// with invalid_client from then on. Tokens already issued stay valid. It panics if there is
// no such app.
func (s *Server) RotateSecret(clientID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustApp(clientID)
	a.Secret = randomHex(32)
	return a.Secret
}

// RevokeTokens ends every access and refresh token of an app, as the Connected Apps API's
// revoke does. It panics if there is no such app.
func (s *Server) RevokeTokens(clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustApp(clientID)
	s.revokeAppTokens(clientID)
}

func (s *Server) revokeAppTokens(clientID string) {
	for v, t := range s.access {
		if t.clientID == clientID {
			delete(s.access, v)
		}
	}
	for id, f := range s.families {
		if f.clientID == clientID {
			s.endFamily(id)
		}
	}
}

// RevokeAuthorization ends a user's authorization of an app, as an administrator does in
// Access Management (or with the Connected Apps API's DELETE of an authorization): the user's
// refresh and access tokens for that app stop working, and the next refresh is invalid_grant.
// user is a user ID or a username. It reports whether there was an authorization to end.
func (s *Server) RevokeAuthorization(user, clientID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.findUser(user)
	if u == nil {
		return false
	}
	return s.revokeUserGrants(u.ID, clientID)
}

func (s *Server) revokeUserGrants(userID, clientID string) bool {
	found := false
	for id, f := range s.families {
		if f.userID == userID && (clientID == "" || f.clientID == clientID) {
			s.endFamily(id)
			found = true
		}
	}
	return found
}

// endFamily ends a grant: its refresh token and every access token that descends from it.
func (s *Server) endFamily(id string) {
	f, ok := s.families[id]
	if !ok {
		return
	}
	delete(s.refresh, f.refresh)
	for v, t := range s.access {
		if t.familyID == id {
			delete(s.access, v)
		}
	}
	delete(s.families, id)
}

func (s *Server) findUser(idOrName string) *user {
	if u, ok := s.users[idOrName]; ok {
		return u
	}
	for _, u := range s.users {
		if u.Username == idOrName {
			return u
		}
	}
	return nil
}

// ---- who is calling ----

// principal is the caller behind a valid access token.
type principal struct {
	tok  *accessToken
	app  *app
	user *user
}

// holds reports whether the caller holds scope sc in the context of orgID ("" for no
// particular organization) and envID ("" for none), by the app's scopes as they are now.
// A client-credentials grant of a scope that acts in one environment
// (scopes.Info.NeedsEnvironment) reaches only the environment it names; one that names no
// environment (which the platform would refuse, but a test may set up) reaches them all.
func (p *principal) holds(sc scopes.Scope, orgID, envID string) bool {
	if p.tok.scopes != nil { // a user-delegated token: what the user consented to, and the app still has
		return slices.Contains(p.tok.scopes, sc) && p.app.holds(sc)
	}
	if sc == scopeProfile {
		return true
	}
	for _, g := range p.app.grants {
		if g.Scope == sc && (g.OrgID == "" || orgID == "" || g.OrgID == orgID) && inEnvironment(g, envID) {
			return true
		}
	}
	return false
}

func (p *principal) grantedScopes() []scopes.Scope {
	if p.tok.scopes != nil {
		return slices.Clone(p.tok.scopes)
	}
	return p.app.scopeNames()
}

// bearer finds the caller of a request; the caller holds the lock.
func (s *Server) bearer(r *http.Request) *principal {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil
	}
	t, ok := s.access[strings.TrimSpace(tok)]
	if !ok || !s.now().Before(t.expires) {
		return nil
	}
	a, ok := s.apps[t.clientID]
	if !ok || !a.Enabled {
		return nil
	}
	u := s.users[t.userID]
	if u == nil {
		return nil
	}
	return &principal{tok: t, app: a, user: u}
}

// inEnvironment reports whether grant g reaches envID: always, unless its scope acts in one
// environment, the grant names one, and the request acts in another.
func inEnvironment(g scopes.Grant, envID string) bool {
	if g.EnvID == "" || envID == "" || g.EnvID == envID {
		return true
	}
	info, ok := scopes.Lookup(g.Scope)
	return !ok || !info.NeedsEnvironment
}

// authorize checks the request's token and that it holds one of anyOf (none: any valid
// token will do) in the context of orgID and of the environment the request's path names
// (envOf). It answers 401 and returns nil when not. The caller holds the lock.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, orgID string, anyOf ...scopes.Scope) *principal {
	p := s.bearer(r)
	if p == nil {
		unauthorized(w)
		return nil
	}
	if len(anyOf) == 0 {
		return p
	}
	envID := envOf(r)
	for _, sc := range anyOf {
		if p.holds(sc, orgID, envID) {
			return p
		}
	}
	unauthorized(w)
	return nil
}

// ---- the OAuth endpoints ----

func (s *Server) oauthRoutes() {
	s.handle(op(accessManagement, "createV2Oauth2Token"), s.tokenHandler())
	s.handle(op(accessManagement, "listV2Oauth2Authorize"), s.locked(s.handleAuthorize))
	s.handle(op(accessManagement, "createV2Oauth2Revoke"), s.clientHandler(s.handleRevoke))
	s.handle(op(accessManagement, "createV2Oauth2Introspect"), s.clientHandler(s.handleIntrospect))
	s.handle(op(accessManagement, "listV2Oauth2Userinfo"), s.locked(s.handleUserinfo))
	s.handle(op(accessManagement, "createV2Oauth2Userinfo"), s.locked(s.handleUserinfo))
}

// writeNoStore writes an answer of the OAuth endpoints with the headers RFC 6749 §5.1 asks
// of answers that carry tokens, so that no cache keeps them; errors get them too.
func writeNoStore(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, status, v)
}

func oauthError(w http.ResponseWriter, code, desc string) {
	status := http.StatusBadRequest
	if code == "invalid_client" {
		status = http.StatusUnauthorized
	}
	writeNoStore(w, status, map[string]string{"error": code, "error_description": desc})
}

// requiredParam returns the parameter name, or answers invalid_request when it is missing.
func requiredParam(w http.ResponseWriter, p url.Values, name string) (string, bool) {
	v := p.Get(name)
	if v == "" {
		oauthError(w, "invalid_request", name+" is required")
		return "", false
	}
	return v, true
}

// grantRefused is the error_description for an app that asks for a grant it does not have.
func grantRefused(grant connectedapps.GrantType) string {
	return "the client is not allowed the " + string(grant) + " grant"
}

// oauthParams reads the parameters of a token, revoke or introspect request: a form body
// or a JSON object with the same fields.
func oauthParams(r *http.Request) (url.Values, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("the body is not a JSON object")
		}
		v := url.Values{}
		for k, x := range m {
			switch x := x.(type) {
			case string:
				v.Set(k, x)
			case float64, bool:
				v.Set(k, fmt.Sprint(x))
			}
		}
		return v, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, fmt.Errorf("the body is not a valid form")
	}
	return r.PostForm, nil
}

// clientAuth finds the calling app from HTTP Basic or the client_id and client_secret
// parameters. It answers invalid_client and returns nil when they do not fit.
func (s *Server) clientAuth(w http.ResponseWriter, r *http.Request, p url.Values) *app {
	id, secret, basic := r.BasicAuth()
	if basic {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
		if (p.Get("client_id") != "" && p.Get("client_id") != id) || p.Get("client_secret") != "" {
			oauthError(w, "invalid_request", "use one way of client authentication, not two")
			return nil
		}
	} else {
		id, secret = p.Get("client_id"), p.Get("client_secret")
	}
	if id == "" {
		oauthError(w, "invalid_client", "client authentication is required")
		return nil
	}
	a, ok := s.apps[id]
	if !ok || subtle.ConstantTimeCompare([]byte(secret), []byte(a.Secret)) != 1 {
		oauthError(w, "invalid_client", "Invalid client credentials")
		return nil
	}
	if !a.Enabled {
		oauthError(w, "invalid_client", "The client is disabled")
		return nil
	}
	return a
}

// clientHandler serves an endpoint that a client calls with its own credentials (token,
// revoke, introspect): it reads the parameters before taking the lock, as they need no
// state, then holds the lock for the rest of the request and calls h once clientAuth has
// found the app.
func (s *Server) clientHandler(h func(w http.ResponseWriter, r *http.Request, a *app, p url.Values)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := oauthParams(r)
		if err != nil {
			oauthError(w, "invalid_request", err.Error())
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if a := s.clientAuth(w, r, p); a != nil {
			h(w, r, a, p)
		}
	}
}

// handleToken answers by the grant_type; a grant the app does not have is refused here,
// before its own checks.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request, a *app, p url.Values) {
	gt := connectedapps.GrantType(p.Get("grant_type"))
	var grant func(http.ResponseWriter, *app, url.Values)
	switch gt {
	case "":
		oauthError(w, "invalid_request", "grant_type is required")
		return
	case gtClientCredentials:
		grant = s.grantClientCredentials
	case gtAuthorizationCode:
		grant = s.grantAuthorizationCode
	case gtRefreshToken:
		grant = s.grantRefresh
	case gtPassword:
		grant = s.grantPassword
	case gtJWTBearer:
		grant = func(w http.ResponseWriter, a *app, p url.Values) { s.grantJWTBearer(w, r, a, p) }
	default:
		oauthError(w, "unsupported_grant_type", "grant_type "+string(gt)+" is not supported")
		return
	}
	if !a.has(gt) {
		oauthError(w, "unauthorized_client", grantRefused(gt))
		return
	}
	grant(w, a, p)
}

func (s *Server) newAccess(a *app, userID string, sc []scopes.Scope, familyID string) *accessToken {
	now := s.now()
	t := &accessToken{value: randomUUID(), clientID: a.ClientID, userID: userID, scopes: sc,
		familyID: familyID, issued: now, expires: now.Add(s.tokenLifetime)}
	s.access[t.value] = t
	return t
}

func (s *Server) grantClientCredentials(w http.ResponseWriter, a *app, p url.Values) {
	for _, sc := range strings.Fields(p.Get("scope")) {
		if !a.holds(scopes.Scope(sc)) {
			oauthError(w, "invalid_scope", "the client does not hold the scope "+sc)
			return
		}
	}
	t := s.newAccess(a, a.OwnerUserID, nil, "")
	ans := map[string]any{"access_token": t.value, "token_type": "bearer"}
	if s.expiresIn {
		ans["expires_in"] = int(s.tokenLifetime / time.Second)
	}
	writeNoStore(w, http.StatusOK, ans)
}

func (s *Server) grantAuthorizationCode(w http.ResponseWriter, a *app, p url.Values) {
	code, ok := requiredParam(w, p, "code")
	if !ok {
		return
	}
	c, found := s.codes[code]
	if !found {
		if fam, used := s.usedCodes[code]; used {
			// A code presented twice: end what the first exchange produced (RFC 6749 §4.1.2).
			s.endFamily(fam)
			oauthError(w, "invalid_grant", "the authorization code has already been used")
			return
		}
		oauthError(w, "invalid_grant", "the authorization code is invalid")
		return
	}
	if c.clientID != a.ClientID {
		oauthError(w, "invalid_grant", "the authorization code was issued to another client")
		return
	}
	if !s.now().Before(c.expires) {
		delete(s.codes, code)
		oauthError(w, "invalid_grant", "the authorization code has expired")
		return
	}
	if c.redirectURI != "" && p.Get("redirect_uri") != c.redirectURI {
		oauthError(w, "invalid_grant", "redirect_uri does not match the one of the authorization request")
		return
	}
	if c.challenge != "" {
		v := p.Get("code_verifier")
		if v == "" {
			oauthError(w, "invalid_grant", "code_verifier is required")
			return
		}
		want := v
		if c.method == "S256" {
			sum := sha256.Sum256([]byte(v))
			want = base64.RawURLEncoding.EncodeToString(sum[:])
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(c.challenge)) != 1 {
			oauthError(w, "invalid_grant", "code_verifier does not match the code_challenge")
			return
		}
	}
	delete(s.codes, code)
	f := &family{id: randomUUID(), clientID: a.ClientID, userID: c.userID, scopes: c.scopes, created: s.now()}
	s.families[f.id] = f
	s.usedCodes[code] = f.id
	s.answerUserTokens(w, a, f, f.scopes)
}

// answerUserTokens issues an access token (and a refresh token when the grant has
// offline_access and the app the refresh_token grant) for a user's grant, and writes the answer.
func (s *Server) answerUserTokens(w http.ResponseWriter, a *app, f *family, sc []scopes.Scope) {
	t := s.newAccess(a, f.userID, sc, f.id)
	ans := map[string]any{
		"access_token": t.value,
		"token_type":   "bearer",
		"expires_in":   int(s.tokenLifetime / time.Second),
		"scope":        strings.Join(scopeStrings(sc), " "),
	}
	if slices.Contains(f.scopes, scopeOfflineAccess) && a.has(gtRefreshToken) {
		delete(s.refresh, f.refresh)
		now := s.now()
		rt := &refreshToken{value: randomUUID(), familyID: f.id, issued: now, expires: now.Add(refreshLifetime)}
		s.refresh[rt.value] = rt
		f.refresh = rt.value
		ans["refresh_token"] = rt.value
	}
	writeNoStore(w, http.StatusOK, ans)
}

func (s *Server) grantRefresh(w http.ResponseWriter, a *app, p url.Values) {
	v, ok := requiredParam(w, p, "refresh_token")
	if !ok {
		return
	}
	rt, found := s.refresh[v]
	if !found {
		oauthError(w, "invalid_grant", "the refresh token is invalid, rotated or revoked")
		return
	}
	f := s.families[rt.familyID]
	if f == nil || f.clientID != a.ClientID {
		oauthError(w, "invalid_grant", "the refresh token was issued to another client")
		return
	}
	if !s.now().Before(rt.expires) {
		oauthError(w, "invalid_grant", "the refresh token has expired")
		return
	}
	sc := f.scopes
	if req := strings.Fields(p.Get("scope")); len(req) > 0 {
		sc = nil
		for _, x := range req {
			if !slices.Contains(f.scopes, scopes.Scope(x)) {
				oauthError(w, "invalid_scope", "the scope "+x+" was not part of the grant")
				return
			}
			sc = append(sc, scopes.Scope(x))
		}
	}
	s.answerUserTokens(w, a, f, sc)
}

// authorizeErrorPage is the page for requests that cannot be redirected back to the client.
func authorizeErrorPage(w http.ResponseWriter, msg string) {
	page := "<!DOCTYPE html>\n<html>\n<head><title>Anypoint Platform - Error</title></head>\n<body>\n<h1>Something went wrong</h1>\n<p>" +
		html.EscapeString(msg) + "</p>\n</body>\n</html>\n"
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(http.StatusBadRequest)
	_, _ = io.WriteString(w, page)
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a, ok := s.apps[q.Get("client_id")]
	if !ok || !a.Enabled {
		authorizeErrorPage(w, "Unknown client_id.")
		return
	}
	redirect := q.Get("redirect_uri")
	bound := redirect
	if redirect == "" {
		if len(a.RedirectURIs) != 1 {
			authorizeErrorPage(w, "redirect_uri is required.")
			return
		}
		redirect = a.RedirectURIs[0]
	} else if !slices.Contains(a.RedirectURIs, redirect) {
		authorizeErrorPage(w, "The redirect_uri is not registered for this application.")
		return
	}
	target, err := url.Parse(redirect)
	if err != nil {
		authorizeErrorPage(w, "The redirect_uri is not a valid URL.")
		return
	}
	state := q.Get("state")
	back := func(params ...string) {
		v := target.Query()
		for i := 0; i+1 < len(params); i += 2 {
			v.Set(params[i], params[i+1])
		}
		if state != "" {
			v.Set("state", state)
		}
		u := *target
		u.RawQuery = v.Encode()
		w.Header().Set("Location", u.String())
		w.WriteHeader(http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back("error", "unsupported_response_type", "error_description", "response_type must be code")
		return
	}
	if !a.has(gtAuthorizationCode) {
		back("error", "unauthorized_client", "error_description", grantRefused(gtAuthorizationCode))
		return
	}
	var sc []scopes.Scope
	for _, x := range strings.Fields(q.Get("scope")) {
		if !a.holds(scopes.Scope(x)) {
			back("error", "invalid_scope", "error_description", "the client does not hold the scope "+x)
			return
		}
		if !slices.Contains(sc, scopes.Scope(x)) {
			sc = append(sc, scopes.Scope(x))
		}
	}
	if sc == nil { // no scope asked: everything the app has
		sc = a.scopeNames()
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge != "" {
		if method == "" {
			method = "plain"
		}
		if method != "S256" && method != "plain" {
			back("error", "invalid_request", "error_description", "code_challenge_method must be S256 or plain")
			return
		}
		if len(challenge) < 43 || len(challenge) > 128 {
			back("error", "invalid_request", "error_description", "code_challenge must be 43 to 128 characters")
			return
		}
	}
	// OpenID Connect's prompt: the seed user is always signed in and answers the consent
	// page at once (SetConsent), so login, consent and select_account change nothing;
	// prompt=consent is what a client sends with offline_access (OpenID Connect Core 1.0,
	// section 11), and the refresh token is issued as before. none alone is fine too, as
	// there is nothing to show; combined with another value it is an error (section 3.1.2.1).
	if prompt := strings.Fields(q.Get("prompt")); len(prompt) > 1 && slices.Contains(prompt, "none") {
		back("error", "invalid_request", "error_description", "prompt=none cannot be combined with other values")
		return
	}
	if !s.consent {
		back("error", "access_denied", "error_description", "The user denied access to the application")
		return
	}
	c := &authCode{code: randomHex(40), clientID: a.ClientID, redirectURI: bound, challenge: challenge,
		method: method, scopes: sc, userID: UserID, nonce: q.Get("nonce"), expires: s.now().Add(codeLifetime)}
	s.codes[c.code] = c
	back("code", c.code)
}

func (s *Server) handleRevoke(w http.ResponseWriter, _ *http.Request, a *app, p url.Values) {
	tok, ok := requiredParam(w, p, "token")
	if !ok {
		return
	}
	// RFC 7009: the hint only speeds up the search; unknown tokens are not an error.
	if t, ok := s.access[tok]; ok && t.clientID == a.ClientID {
		delete(s.access, tok)
	}
	if rt, ok := s.refresh[tok]; ok {
		if f := s.families[rt.familyID]; f != nil && f.clientID == a.ClientID {
			s.endFamily(f.id)
		}
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

func (s *Server) handleIntrospect(w http.ResponseWriter, _ *http.Request, _ *app, p url.Values) {
	tok := p.Get("token")
	now := s.now()
	if t, ok := s.access[tok]; ok && now.Before(t.expires) {
		ans := map[string]any{"active": true, "token_type": "access_token", "client_id": t.clientID,
			"exp": t.expires.Unix(), "iat": t.issued.Unix(), "sub": t.userID}
		if u := s.users[t.userID]; u != nil {
			ans["username"] = u.Username
		}
		if a := s.apps[t.clientID]; a != nil {
			p := &principal{tok: t, app: a}
			ans["scope"] = strings.Join(scopeStrings(p.grantedScopes()), " ")
		}
		writeJSON(w, http.StatusOK, ans)
		return
	}
	if rt, ok := s.refresh[tok]; ok && now.Before(rt.expires) {
		if f := s.families[rt.familyID]; f != nil {
			ans := map[string]any{"active": true, "token_type": "refresh_token", "client_id": f.clientID,
				"exp": rt.expires.Unix(), "iat": rt.issued.Unix(), "sub": f.userID,
				"scope": strings.Join(scopeStrings(f.scopes), " ")}
			writeJSON(w, http.StatusOK, ans)
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"active": false})
}

func (s *Server) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	p := s.authorize(w, r, "", required(r)...)
	if p == nil {
		return
	}
	u := p.user
	writeJSON(w, http.StatusOK, map[string]any{
		"sub":                u.ID,
		"name":               u.FirstName + " " + u.LastName,
		"given_name":         u.FirstName,
		"family_name":        u.LastName,
		"preferred_username": u.Username,
		"email":              u.Email,
		"email_verified":     true,
		"organization_id":    u.OrgID,
	})
}
