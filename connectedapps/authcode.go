package connectedapps

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/text"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// AuthorizationCode is the credential of a connected app that acts on behalf
// of a user: the authorization_code grant, with PKCE, and refresh_token to
// keep going. The user signs in to Anypoint in a browser and consents; the
// app then holds the scopes it asked for, bounded by the user's own
// permissions.
//
// A command-line program calls Login, which does the whole browser dance. A
// web application calls Begin when the user starts signing in, sends the
// browser to AuthRequest.URL, and calls Exchange from its redirect handler.
// Either way the result is a *TokenSource for anypoint.NewClient.
//
// Ask for scopes.OfflineAccess ("Background Access") to get a refresh token:
// without it the access token dies with the user's session (an hour by
// default) and the user has to sign in again. With OfflineAccess in Scopes,
// the authorization request also carries prompt=consent: OpenID Connect
// Core 1.0, section 11, has a conformant provider ignore offline_access
// unless the request asks for consent, so without it a standards-following
// provider would issue no refresh token (Anypoint issues one either way).
// Set AuthParams["prompt"] to send another prompt instead, or to "" to send
// none.
//
// The secret never prints: %v, %+v, %#v, slog and JSON show only the client
// ID, the redirect URL and the scopes.
type AuthorizationCode struct {
	// ClientID is the app's client ID.
	ClientID string
	// ClientSecret is the app's client secret. Leave it empty for a public
	// client (a program that cannot keep a secret, such as a CLI handed to
	// users); PKCE then protects the code.
	ClientSecret string
	// RedirectURL is where the platform sends the browser back with the
	// code. It must be one of the app's registered redirect URIs, exactly.
	// For Login it must be a plain-http loopback URL with an explicit port,
	// such as "http://127.0.0.1:8765/callback".
	RedirectURL string
	// Scopes are the scopes to ask the user for. Empty means every scope
	// the app holds.
	Scopes []scopes.Scope

	// Config is the control plane whose token endpoint to use, the HTTP
	// client that sends the token requests, their retry policy, logger and
	// user agent: hand the same Config to anypoint.NewClient
	// (anypoint.WithConfig), so that the region is set once. The zero
	// Config is the US control plane and the process-wide connection pool.
	Config anypoint.Config
	// AuthParams are more parameters of the authorization request, for
	// every Begin and Login of this credential, as golang.org/x/oauth2's
	// AuthCodeOption adds them to one URL: OpenID Connect's prompt
	// ("login", "consent", "select_account", "none"), login_hint, max_age,
	// ui_locales, or anything else the provider understands. Each parameter
	// takes one value; a parameter set to "" is left out of the request
	// (AuthParams{"prompt": {""}} sends no prompt even with OfflineAccess).
	//
	// The parameters the SDK sets itself (client_id, response_type,
	// redirect_uri, scope, state, nonce, code_challenge,
	// code_challenge_method) cannot be set here: Begin and Login refuse
	// them with an *anypoint.ValidationError matching ErrReservedAuthParam
	// before anything is sent. They come from the fields above, or are
	// secrets of the request.
	//
	// A field rather than an option of Begin and Login, because these
	// parameters describe the authorization request the credential makes,
	// as Scopes and RedirectURL do, and so reach Begin and Login alike. To
	// vary them per sign-in (a login_hint per user), set a new map on a copy
	// of the credential: AuthorizationCode is a value, but a copy shares
	// its map, so do not change the map of a credential in use.
	AuthParams url.Values
	// DisablePKCE leaves the PKCE challenge out of the authorization
	// request. The platform ignores it when it does not support it, so only
	// set this for a server that refuses unknown parameters.
	DisablePKCE bool
	// AssumedLifetime is how long a token lives when the token endpoint does
	// not say. Zero means DefaultAssumedLifetime.
	AssumedLifetime time.Duration
}

// AuthRequest is one authorization request in progress: what Begin made and
// Exchange needs back. A web application keeps it in the user's session
// between the two; its fields are secrets of that session, and never print
// (%v, %+v, %#v, slog and JSON show only the authorize endpoint).
type AuthRequest struct {
	// URL is the authorization URL to send the user's browser to.
	URL string
	// State binds the browser's return to this request: 32 random bytes,
	// base64url. Exchange refuses a redirect that does not carry it.
	State string
	// Nonce is the OpenID Connect nonce sent with the request (the SDK does
	// not validate ID tokens; it is there for callers who do).
	Nonce string
	// Verifier is the PKCE code verifier, sent with the code to prove that
	// whoever redeems the code also started the request. Empty when PKCE is
	// disabled.
	Verifier string
}

var (
	// ErrStateMismatch is what a *CallbackError matches when the redirect's
	// state is missing or is not the one of the request in progress: a
	// forged or stale redirect, or a second sign-in in another tab.
	ErrStateMismatch = errors.New("anypoint: the redirect's state does not match the authorization request")
	// ErrMissingCode is what a *CallbackError matches when the redirect has
	// the right state but neither a code nor an error.
	ErrMissingCode = errors.New("anypoint: the redirect carries no authorization code")
	// ErrAccessDenied matches an *AuthorizationError with code
	// access_denied: the user clicked Deny on the consent page.
	ErrAccessDenied = errors.New("anypoint: the user denied access")
	// ErrReservedAuthParam is what the *anypoint.ValidationError of Begin
	// and Login matches when AuthorizationCode.AuthParams sets a parameter
	// the SDK owns (state, nonce, the PKCE challenge, client_id,
	// response_type, redirect_uri, scope).
	ErrReservedAuthParam = errors.New("anypoint: the SDK sets this authorization parameter itself")
	// ErrLoginRequired is what a user-delegated TokenSource answers when its
	// access token is gone and it has no refresh token: the user must sign
	// in again (Login, or Begin and Exchange). Ask for scopes.OfflineAccess
	// to get refresh tokens.
	ErrLoginRequired = errors.New("anypoint: sign-in required")
)

// CallbackError says that a redirect back from the authorize endpoint cannot
// be used. It never quotes the redirect's values. It matches
// ErrStateMismatch or ErrMissingCode.
type CallbackError struct {
	// Err is ErrStateMismatch or ErrMissingCode.
	Err error
}

// Error says what was wrong with the redirect, without its values.
func (e *CallbackError) Error() string {
	if e.Err == nil {
		return "anypoint: unusable authorization redirect"
	}
	return e.Err.Error()
}

// Unwrap returns ErrStateMismatch or ErrMissingCode.
func (e *CallbackError) Unwrap() error { return e.Err }

// AuthorizationError is an error the authorize endpoint sent back to the
// redirect URL instead of a code (RFC 6749 section 4.1.2.1).
type AuthorizationError struct {
	// Code is the RFC 6749 error code: access_denied (the user clicked
	// Deny), invalid_scope (the app does not hold a requested scope),
	// unauthorized_client (the app lacks the authorization_code grant),
	// invalid_request, server_error, temporarily_unavailable.
	Code string
	// Description is the server's error_description, if any.
	Description string
	// URI is the server's error_uri, if any.
	URI string
}

// Error gives the code, the description and what to do about it.
func (e *AuthorizationError) Error() string {
	msg := "anypoint: authorization refused: " + e.Code
	if e.Description != "" {
		msg += ": " + e.Description
	}
	switch e.Code {
	case "access_denied":
		msg += "; the user did not allow access"
	case "invalid_scope":
		msg += "; ask only for scopes the connected app holds"
	case "unauthorized_client":
		msg += "; the connected app needs the authorization_code grant type"
	}
	return msg
}

// Is matches ErrAccessDenied when Code is access_denied.
func (e *AuthorizationError) Is(target error) bool {
	return target == ErrAccessDenied && e.Code == "access_denied"
}

// maxCallbackValue bounds the values of a redirect; real codes and states
// are under 200 bytes.
const maxCallbackValue = 4096

// Begin starts an authorization: it makes a fresh state, nonce and PKCE
// verifier and the URL to send the user's browser to. It makes no network
// call. Each sign-in needs its own AuthRequest.
//
// The URL carries client_id, response_type=code, redirect_uri, scope,
// state, nonce and the PKCE challenge; prompt=consent when Scopes holds
// scopes.OfflineAccess; and AuthParams. An AuthParams entry that names a
// parameter the SDK sets is refused with an *anypoint.ValidationError
// matching ErrReservedAuthParam.
//
// GET /accounts/api/v2/oauth2/authorize (in the browser).
func (ac AuthorizationCode) Begin() (*AuthRequest, error) {
	if ac.ClientID == "" {
		return nil, errors.New("anypoint: AuthorizationCode.ClientID is required")
	}
	if _, err := parseRedirectURL(ac.RedirectURL); err != nil {
		return nil, err
	}
	if err := checkAuthParams(ac.AuthParams); err != nil {
		return nil, err
	}
	ep := ac.oauthEndpoint()
	u, err := ep.url(authorizePath)
	if err != nil {
		return nil, err
	}
	req := &AuthRequest{State: randomString(32), Nonce: randomString(32)}
	q := url.Values{
		"client_id":     {ac.ClientID},
		"response_type": {"code"},
		"redirect_uri":  {ac.RedirectURL},
		"state":         {req.State},
		"nonce":         {req.Nonce},
	}
	if len(ac.Scopes) > 0 {
		q.Set("scope", scopes.Join(ac.Scopes...))
	}
	if !ac.DisablePKCE {
		req.Verifier = oauth2.GenerateVerifier()
		q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(req.Verifier))
		q.Set("code_challenge_method", "S256")
	}
	if _, set := ac.AuthParams["prompt"]; !set && slices.Contains(ac.Scopes, scopes.OfflineAccess) {
		// OpenID Connect Core 1.0, section 11: offline_access is ignored
		// unless the request asks for consent.
		q.Set("prompt", "consent")
	}
	for k, vs := range ac.AuthParams {
		if vs[0] != "" {
			q.Set(k, vs[0])
		}
	}
	u.RawQuery = q.Encode()
	req.URL = u.String()
	return req, nil
}

// reservedAuthParams are the authorization parameters Begin sets itself.
var reservedAuthParams = []string{"client_id", "response_type", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method"}

// checkAuthParams refuses AuthParams that would override a parameter the
// SDK owns (compared without regard to case, in case a server does so), an
// empty name, or a parameter given more than once (RFC 6749 section 3.1).
func checkAuthParams(p url.Values) error {
	for k, vs := range p {
		field := fmt.Sprintf("AuthParams[%q]", k)
		switch {
		case strings.TrimSpace(k) == "":
			return &anypoint.ValidationError{Field: field, Reason: "a parameter needs a name"}
		case slices.ContainsFunc(reservedAuthParams, func(r string) bool { return strings.EqualFold(r, strings.TrimSpace(k)) }):
			return &anypoint.ValidationError{Field: field, Reason: k + " is set by the SDK (from the credential's fields, or as a secret of the request) and cannot be overridden", Err: ErrReservedAuthParam}
		case len(vs) != 1:
			return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("%d values; an authorization parameter takes exactly one", len(vs))}
		}
	}
	return nil
}

// Exchange finishes an authorization: it checks the redirect's query
// (callback, the query of the request that reached RedirectURL) against req,
// and trades its code for tokens. It returns
//   - a *CallbackError (ErrStateMismatch) when the state is missing or
//     wrong: ignore such a request, the real redirect may still come;
//   - an *AuthorizationError when the platform sent an error instead of a
//     code (ErrAccessDenied when the user clicked Deny);
//   - a *CallbackError (ErrMissingCode) when there is neither;
//   - an *anypoint.TokenError when the token endpoint refuses the code
//     (ErrInvalidGrant: used, expired, or redeemed with another verifier).
//
// Pass the token to TokenSource.
//
// POST /accounts/api/v2/oauth2/token (grant_type=authorization_code).
func (ac AuthorizationCode) Exchange(ctx context.Context, req *AuthRequest, callback url.Values) (*oauth2.Token, error) {
	m, err := ac.exchange(ctx, ac.oauthEndpoint(), req, callback, time.Now)
	if err != nil {
		return nil, err
	}
	return m.token, nil
}

func (ac AuthorizationCode) exchange(ctx context.Context, ep oauthEndpoint, req *AuthRequest, callback url.Values, now func() time.Time) (*minted, error) {
	if req == nil {
		return nil, errors.New("anypoint: Exchange needs the AuthRequest that Begin returned")
	}
	code, err := req.checkCallback(callback)
	if err != nil {
		return nil, err
	}
	if ac.ClientID == "" {
		return nil, errors.New("anypoint: AuthorizationCode.ClientID is required")
	}
	form := url.Values{
		"grant_type":   {"authorization_code"},
		"code":         {code},
		"redirect_uri": {ac.RedirectURL},
		"client_id":    {ac.ClientID},
	}
	if ac.ClientSecret != "" {
		form.Set("client_secret", ac.ClientSecret)
	}
	if req.Verifier != "" {
		form.Set("code_verifier", req.Verifier)
	}
	return ep.postToken(ctx, form, ac.assumed(), now)
}

// checkCallback validates the query of a redirect and returns its code. The
// state is checked first, in constant time, so that nothing a forged
// redirect says (not even an error) is believed.
func (req *AuthRequest) checkCallback(q url.Values) (string, error) {
	states := q["state"]
	if req.State == "" || len(states) != 1 ||
		subtle.ConstantTimeCompare([]byte(states[0]), []byte(req.State)) != 1 {
		return "", &CallbackError{Err: ErrStateMismatch}
	}
	if errs := q["error"]; len(errs) > 0 {
		return "", &AuthorizationError{
			Code:        text.Clip(errs[0], 100),
			Description: text.Clip(q.Get("error_description"), 300),
			URI:         text.Clip(q.Get("error_uri"), 300),
		}
	}
	codes := q["code"]
	if len(codes) != 1 || codes[0] == "" || len(codes[0]) > maxCallbackValue {
		return "", &CallbackError{Err: ErrMissingCode}
	}
	return codes[0], nil
}

// TokenSource returns the token source of a signed-in user, starting from
// tok (from Exchange). With WithStore, tok is saved to the store within ctx,
// and a failed save is returned along with the source (which works, but
// whose sign-in will not survive a restart); with a nil tok the source
// starts from the stored token instead, so that a program resumes a sign-in
// from an earlier run without a browser. It makes no network call.
//
// The source refreshes the access token with the refresh token (and keeps
// the new refresh token when the platform rotates it). Without a refresh
// token, once the access token ends, every call fails with ErrLoginRequired;
// a token the platform refuses before its known end is kept (the 401 may as
// well be a scope it lacks) and the call fails with anypoint.ErrUnauthorized,
// saying that the sign-in may have ended.
// When the platform refuses the refresh token (ErrInvalidGrant: it expired
// after 90 days, or an administrator revoked the user's grant), the source
// stops asking and keeps answering that error.
func (ac AuthorizationCode) TokenSource(ctx context.Context, tok *oauth2.Token, opts ...Option) (*TokenSource, error) {
	o := collect(opts)
	ts := ac.newSource(tok, o)
	if tok != nil && o.store != nil {
		if err := ts.save(ctx, tok, ts.logger()); err != nil {
			return ts, fmt.Errorf("anypoint: the token could not be saved: %w", err)
		}
	}
	return ts, nil
}

func (ac AuthorizationCode) newSource(tok *oauth2.Token, o options) *TokenSource {
	g := &authCodeGrant{id: ac.ClientID, secret: ac.ClientSecret, assumed: ac.assumed(), scopes: append([]scopes.Scope(nil), ac.Scopes...)}
	ts := newTokenSource(g, ac.oauthEndpoint(), tok, o)
	if tok != nil {
		if s, ok := tok.Extra("scope").(string); ok && s != "" {
			if granted, err := scopes.Parse(s); err == nil {
				ts.granted = granted
			}
		}
	}
	return ts
}

func (ac AuthorizationCode) oauthEndpoint() oauthEndpoint {
	return newEndpoint(ac.Config)
}

func (ac AuthorizationCode) assumed() time.Duration { return assumedLifetime(ac.AssumedLifetime) }

// String shows the client ID, redirect URL and scopes, never the secret.
func (ac AuthorizationCode) String() string {
	return fmt.Sprintf("connectedapps.AuthorizationCode{ClientID: %q, ClientSecret: REDACTED, RedirectURL: %q, Scopes: %q}",
		ac.ClientID, ac.RedirectURL, scopes.Join(ac.Scopes...))
}

// GoString is String, so %#v prints no secret.
func (ac AuthorizationCode) GoString() string { return ac.String() }

// Format prints String for every verb, so no verb prints the secret.
func (ac AuthorizationCode) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(ac.String())) }

// LogValue keeps the secret out of slog.
func (ac AuthorizationCode) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", ac.ClientID), slog.String("client_secret", "REDACTED"),
		slog.String("redirect_url", ac.RedirectURL), slog.String("scopes", scopes.Join(ac.Scopes...)))
}

// MarshalJSON keeps the secret out of JSON.
func (ac AuthorizationCode) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"client_id":%q,"client_secret":"REDACTED","redirect_url":%q}`, ac.ClientID, ac.RedirectURL), nil
}

// String shows where the request goes, without its state, nonce or
// challenge.
func (req AuthRequest) String() string {
	return fmt.Sprintf("connectedapps.AuthRequest{URL: %q, State: REDACTED, Nonce: REDACTED, Verifier: REDACTED}", req.endpoint())
}

// endpoint is the request's URL without its query (state, challenge).
func (req AuthRequest) endpoint() string {
	if u, err := url.Parse(req.URL); err == nil {
		return u.Scheme + "://" + u.Host + u.Path
	}
	return "?"
}

// GoString is String, so %#v prints no secret.
func (req AuthRequest) GoString() string { return req.String() }

// Format prints String for every verb, so no verb prints a secret.
func (req AuthRequest) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(req.String())) }

// LogValue keeps the request's secrets out of slog.
func (req AuthRequest) LogValue() slog.Value { return slog.StringValue(req.String()) }

// MarshalJSON keeps the request's secrets out of JSON, so that a struct or
// map holding an AuthRequest prints none of them through slog's JSON
// handler either. To keep a request in a session store, store its fields
// themselves (State, Nonce, Verifier), or encode it with encoding/gob.
func (req AuthRequest) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"url": req.endpoint(), "state": "REDACTED", "nonce": "REDACTED", "verifier": "REDACTED"})
}

// authCodeGrant refreshes the token of a user's grant.
type authCodeGrant struct {
	id, secret string
	assumed    time.Duration
	scopes     []scopes.Scope
}

func (g *authCodeGrant) String() string {
	return fmt.Sprintf("authorization_code, client %q", g.id)
}

func (g *authCodeGrant) requestedScopes() []scopes.Scope {
	if len(g.scopes) == 0 {
		return nil
	}
	return g.scopes
}

func (g *authCodeGrant) canMint(current *oauth2.Token) bool {
	return current != nil && current.RefreshToken != ""
}

func (g *authCodeGrant) refreshes(current *oauth2.Token) bool { return g.canMint(current) }

func (g *authCodeGrant) spent(current *oauth2.Token, err error) bool {
	return errors.Is(err, anypoint.ErrInvalidGrant) && g.canMint(current)
}

// mint refreshes: a user-delegated token can only be renewed with a refresh
// token, never without the user.
func (g *authCodeGrant) mint(ctx context.Context, e *oauthEndpoint, current *oauth2.Token, now func() time.Time) (*minted, error) {
	if current == nil || current.RefreshToken == "" {
		if current == nil {
			return nil, fmt.Errorf("%w: there is no token yet; sign in with AuthorizationCode.Login (or Begin and Exchange), or give the token source a store that holds one", ErrLoginRequired)
		}
		return nil, fmt.Errorf("%w: the access token has expired and there is no refresh token to renew it; sign in again, and ask for the offline_access scope (scopes.OfflineAccess) to get a refresh token", ErrLoginRequired)
	}
	if g.id == "" {
		return nil, errors.New("anypoint: AuthorizationCode.ClientID is required")
	}
	form := url.Values{
		"grant_type":    {"refresh_token"},
		"refresh_token": {current.RefreshToken},
		"client_id":     {g.id},
	}
	if g.secret != "" {
		form.Set("client_secret", g.secret)
	}
	return e.postToken(ctx, form, g.assumed, now)
}

// revokeForm is the client authentication of a revocation request: the same
// form fields as the grant's token requests.
func (g *authCodeGrant) revokeForm() url.Values {
	v := url.Values{"client_id": {g.id}}
	if g.secret != "" {
		v.Set("client_secret", g.secret)
	}
	return v
}

// randomString returns n random bytes, base64url without padding.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseRedirectURL checks that a redirect URL is absolute and has no
// fragment (RFC 6749 section 3.1.2).
func parseRedirectURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("anypoint: AuthorizationCode.RedirectURL is required (one of the connected app's redirect URIs)")
	}
	u, err := url.Parse(raw)
	if err == nil && u.User != nil {
		return nil, errors.New("anypoint: AuthorizationCode.RedirectURL must not carry a user name or password")
	}
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("anypoint: AuthorizationCode.RedirectURL %q is not an absolute URL", text.Clip(raw, 200))
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, fmt.Errorf("anypoint: AuthorizationCode.RedirectURL %q must not have a fragment", text.Clip(raw, 200))
	}
	return u, nil
}
