// Package anypoint is a Go SDK for MuleSoft's Anypoint Platform, built around
// Connected Apps: programs that reach the platform with OAuth 2.0 scopes
// instead of a user's password.
//
// # The pieces
//
// A program picks a credential, makes one Client, and hands it to the
// service clients it needs:
//
//	cfg, err := anypoint.NewConfig(anypoint.WithRegion(anypoint.EU)) // the region, once
//	ts := connectedapps.ClientCredentials{ClientID: id, ClientSecret: secret, Config: cfg}.TokenSource()
//	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg)) // no network call
//	projects, err := designcenter.New(c).ListProjects(ctx)
//
// The packages:
//
//   - connectedapps: every grant a connected app can hold. An app that acts
//     on its own behalf uses ClientCredentials; an app that acts on behalf
//     of a user uses AuthorizationCode (with PKCE, state, refresh tokens and
//     a browser login for CLIs), Password or JWTBearer. All give the same
//     *connectedapps.TokenSource.
//   - connectedapps/admin: the management API of connected apps,
//     admin.New(c), for the token of an organization administrator signed
//     in through an app that acts on behalf of a user.
//   - scopes: a constant for every scope, with its display name ("Design
//     Center Developer" is scopes.EditDesignCenter).
//   - accounts: the signed-in identity, organizations, environments and the
//     business-group hierarchy.
//   - designcenter: Design Center projects, branches, files, locks and
//     publishing to Exchange.
//   - exchange: searching Exchange and publishing assets, streamed.
//   - deployments: CloudHub 2.0 and Runtime Fabric deployments, and waiting
//     for one to settle.
//   - auditlog: querying and exporting the audit log.
//   - anypointtest: an in-process fake of the platform, for tests and for
//     trying the SDK with no account.
//
// Everything takes a context.Context first; nothing keeps one for later.
// A Client is safe for concurrent use: make one and share it.
//
// # Control planes
//
// The client talks to the US control plane unless WithRegion (US, EU, Gov,
// CA, JP) or WithBaseURL says otherwise. Settings flow one way: NewConfig
// turns the options into one Config, which the credential (its Config
// field) and the client (WithConfig) each copy when they are made, so the
// region is set once. A client never changes the token source it is
// handed, and refuses one that mints its tokens at another control plane.
// One token source may serve several clients; they share its tokens. Plain
// http is refused except to loopback hosts.
// Every client and token source of a process shares one connection pool,
// as http.DefaultTransport is shared, unless WithHTTPClient gives another.
//
// # Errors
//
// Every error works with errors.Is and errors.As:
//
//   - *Error: any answer outside 2xx, with StatusCode, Method, URL (secrets
//     removed), RequestID and a Message parsed from whatever body came back
//     (JSON of several shapes, plain text, HTML). It matches ErrUnauthorized,
//     ErrForbidden, ErrNotFound, ErrConflict or ErrRateLimited by status.
//   - *RateLimitError: a 429 that outlasted the retries, with RetryAfter.
//   - *ScopeError: the token is valid but lacks a scope the endpoint needs
//     (ErrScopeDenied). Required lists the scopes that would do; Granted,
//     what the token holds.
//   - *TokenError: the token endpoint refused, with the RFC 6749 Code:
//     ErrInvalidClient (wrong or rotated secret, deleted app),
//     ErrInvalidGrant (used code, expired refresh token, grant revoked by an
//     administrator: authorize again; a refused password or JWT assertion),
//     ErrInvalidScope.
//   - *DecodeError: a 2xx answer that was not the documented JSON.
//   - *ValidationError: input refused before any request was sent; Field
//     names it as Go spells it ("projectID", "Limit", "files[2].Path").
//
// Every error that came from the token source rather than from the API
// matches ErrNoToken, whatever its type.
//
// A typical check:
//
//	_, err := projects.ListProjects(ctx)
//	var denied *anypoint.ScopeError
//	switch {
//	case errors.As(err, &denied):
//		log.Printf("ask an admin to grant one of %v", denied.Required)
//	case errors.Is(err, anypoint.ErrInvalidClient):
//		log.Print("the client secret is wrong or was rotated")
//	case err != nil:
//		log.Print(err)
//	}
//
// # How a 401 is told apart
//
// Anypoint answers a dead token and a missing scope alike: "401
// Unauthorized", as plain text on some APIs and JSON on others. The client
// never reads the body to decide; it goes by which endpoint refused and
// when the token was minted. Each service package declares its endpoints
// (method, path pattern, the scopes any one of which lets a request
// through, and where that fact comes from), and every request it sends
// carries its endpoint.
//
//  1. A token rejected with 401 that was not minted during this call may
//     simply be stale (expired, revoked). The client tells the token source
//     to forget exactly that token, fetches a fresh one and replays the
//     request once (only when its body can be sent again; otherwise the
//     401 is returned, and the next call gets a fresh token).
//  2. A 401 that comes back for a token minted during this call is a
//     *ScopeError: the token is as fresh as it gets, so what is missing is
//     a scope. The client remembers the denial for a minute, per endpoint
//     pattern (GET …/projects/{projectId}, whatever the ID), so that more
//     calls to that endpoint with the same token are scope denials at once,
//     without throwing the shared token away again.
//  3. A 403 never means a stale token: it is a *ScopeError when the endpoint
//     is declared to need a scope, else a plain *Error, the same way every
//     time, and no token is replaced.
//  4. A refusal by the token endpoint is a *TokenError.
//  5. A 401 with a token source that cannot mint a new token (a static
//     token, a user's sign-in without a refresh token) stays a plain *Error
//     matching ErrUnauthorized, and the token is kept: the 401 may as well
//     be a scope that one endpoint needs.
//  6. A 401 from an endpoint that needs no scope (GET /accounts/api/me) is
//     never a scope denial.
//
// Rule 1 needs a token source that can say when it minted a token and can
// forget one: connectedapps.TokenSource can, and so can a source of your
// own with the methods TokenContext(ctx), Invalidate(tok) and
// MintedAt(tok) time.Time. Any other oauth2.TokenSource gets rules 3 to 6.
// A request built with NewRequest for an endpoint the SDK does not wrap
// follows the same rules; its ScopeError names no required scopes, and its
// 403 is a plain *Error.
//
// # Retries
//
// Requests that are safe to repeat (GET, HEAD, PUT, DELETE, and token
// requests) are retried on connection errors, 429 and 5xx answers, with
// jittered exponential backoff, honouring Retry-After and X-RateLimit-Reset,
// a bounded number of times (DefaultRetryPolicy(); see WithRetry). POST and
// PATCH are retried only when the server certainly did not act on them. A
// wait ends as soon as the context ends.
//
// # Rate limits
//
// Before the retries come in, calls are paced: the client reads the limits
// the platform announces (X-RateLimit-Limit, -Remaining, -Reset), per
// control plane and per announced limit, for the whole process, and a call
// that would go over waits for the window to end instead of meeting a 429.
// WithRateLimitPacing(false) turns it off; WithRateLimitShare divides a
// limit among the replicas of a service.
//
// # Lists
//
// List endpoints that page have a page method (ListX, giving a *Page[T])
// and an iterator (AllX, with the same options) that fetches pages lazily
// as the loop advances:
//
//	for env, err := range accounts.New(c).AllEnvironments(ctx, orgID, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(env.Name)
//	}
//
// An endpoint that answers a bare array with every item and no paging
// (Design Center's projects, branches and files) has a ListX that returns
// a slice, and no AllX.
//
// # Endpoints the SDK does not wrap
//
// NewRequest and Do reach any endpoint of the control plane with the same
// authentication, retries and errors:
//
//	req, err := c.NewRequest(ctx, "GET", "/accounts/api/cs/scopes", nil)
//	var out []map[string]any
//	_, err = c.Do(req, &out)
//
// or, in one step, err = c.Call(ctx, "GET", "/accounts/api/cs/scopes", nil, &out).
//
// # Secrets
//
// Client secrets, tokens, authorization codes and PKCE verifiers never
// appear in errors, logs (WithLogger) or the printed form of the SDK's
// types; URLs in errors have secret-looking query values replaced.
package anypoint
