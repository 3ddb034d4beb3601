// Package anypointtest runs a fake Anypoint Platform in your process, for tests and examples.
//
// The fake serves the endpoints the SDK covers, on one httptest server, and behaves like the
// real control plane: the same paths, the same answer shapes, the same refusals. Point any
// HTTP client (the SDK's, or your own) at Server.URL instead of https://anypoint.mulesoft.com.
//
//	func TestListProjects(t *testing.T) {
//		srv := anypointtest.NewTestServer(t)                          // closed when the test ends
//		app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID) // "quickstart-app", holds edit:design_center
//
//		cfg := srv.Config() // the fake's URL, for the credential and the client
//		c, err := anypoint.NewClient(
//			connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: cfg}.TokenSource(),
//			anypoint.WithConfig(cfg))
//		...
//		srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter}) // the next call is a 401
//		srv.Fail(anypointtest.FaultSpec{Status: 503, Count: 2})                     // and the two after it fail
//	}
//
// The fake speaks the SDK's types (connectedapps.GrantType, scopes.Scope, scopes.Grant) and
// has few methods of its own; the sections below go through them: the seed data, the rules,
// changing the platform under a test, watching the client, a browser login, and faults.
//
// # Seed data
//
// Every server starts with the same data, so tests can name it by the constants of this
// package:
//
//   - the organization "Acme Corp" (OrgID) with the business groups "Acme Engineering"
//     (EngineeringOrgID), below it "Acme Platform Team" (PlatformTeamOrgID), and "Acme Sales"
//     (SalesOrgID);
//   - the root's environments Production, Sandbox and Design (ProductionEnvID, SandboxEnvID,
//     DesignEnvID); WithEnvironments(n) replaces them with env-0001 … env-n for paging tests;
//   - the user "max.mule" (UserID), who owns everything and answers the consent page, and a
//     colleague "cora.cloud" (ColleagueID); their passwords are UserPassword and
//     ColleaguePassword (for the password grant), and both sign in through the identity
//     provider IdentityProviderID (for the JWT bearer grant's subject);
//   - the Design Center projects "Orders API" (RAML), "Customers API" (OAS 3) and "Common
//     Types" (a RAML library), each with a master branch and real files;
//   - three connected apps: "quickstart-app" (DefaultClientCredentialsAppID, client
//     credentials, edit:design_center in the root organization), "cli-login"
//     (DefaultUserAppID, authorization code and refresh token, view:environment,
//     offline_access, openid, profile, redirect URI DefaultUserAppRedirectURI) and
//     "platform-admin" (AdminAppID, client credentials, the Connected Apps management scopes
//     read:orgconnapps, read:orgclients, create:orgclients and admin:orgclients, plus
//     read:organization and view:environment).
//
// Tokens, authorization codes and new secrets are random; every ID is fixed. App returns an
// app as it is now, with its current secret and scopes: App(DefaultClientCredentialsAppID),
// App(DefaultUserAppID), App(AdminAppID).
//
// # Rules it enforces
//
// A missing, unknown, expired or revoked token, and a valid token that lacks the scope of the
// endpoint, get 401 and no WWW-Authenticate header, as on the real platform. The real
// platform's 401 bodies differ by API (plain-text "Unauthorized" from the Accounts API, JSON
// {"status":401,"error":"Unauthorized","message":"Unauthorized"} from CloudHub 2.0 and
// Runtime Fabric), so a client must not read them to decide anything: the fake answers plain
// text by default and the JSON under WithUnauthorizedBody(UnauthorizedJSON), to test that. Scopes are checked against the app's scopes at the time of the
// request: after RemoveScope, the very next call with an existing token is a 401.
// A client-credentials app holds each scope in the context of an organization (its own
// unless a scopes.Grant names another) and, as on the platform, a scope held in one business
// group does not reach another. A scope that acts in one environment
// (scopes.Info.NeedsEnvironment, such as read:applications) granted with an EnvID lets calls
// through in that environment only: a call whose path names another is a 401, which the SDK
// reports as an *anypoint.ScopeError naming the environment. (Granted with no EnvID, which
// the platform would refuse, it acts in every environment.) A user-delegated token holds
// the scopes the user consented to, as long as the app still has them.
//
// Routes and scopes come from the SDK's endpoint catalog (package endpoints), which holds
// every operation of MuleSoft's published specs with the scopes that satisfy it and where
// that fact comes from (the spec itself, a cited MuleSoft doc page, or a stated assumption):
// the fake serves each operation it simulates on the catalog's pattern with the standard
// http.ServeMux, and every other published operation checks the caller's token and the
// catalog's scopes (a 401 as the platform answers a missing scope), then answers
// 501 Not Implemented naming the operation, so that a program can test its handling of a
// scope denial on any operation, wrapped by the SDK or called raw. A path no spec publishes
// is a 404, a published path with another method a 405. RequiredScopes(method, path) and
// Simulates(op) say what the fake does. For the operations it simulates, any one of the
// scopes listed will do (the OAuth endpoints take the client's credentials rather than a
// token):
//
//	POST /accounts/api/v2/oauth2/token, /revoke, /introspect   client authentication
//	GET  /accounts/api/v2/oauth2/authorize                     none (consent is automatic)
//	GET  /accounts/api/v2/oauth2/userinfo                      openid or profile
//	GET  /accounts/api/me                                      any valid token
//	GET  /accounts/api/organizations/{orgId}[/hierarchy]       read:organization or edit:organization
//	GET  /accounts/api/organizations/{orgId}/environments[/…]  view:environment
//	GET  /designcenter/api-designer/…                          edit:design_center or view:design_center
//	POST /designcenter/api-designer/projects                   edit:design_center or create:design_center
//	other Design Center writes                                 edit:design_center
//	GET  /accounts/api/connectedApplications[/…]               read:orgconnapps or admin:orgclients
//	POST /accounts/api/connectedApplications                   create:orgclients or admin:orgclients
//	other Connected Apps writes                                admin:orgclients
//	GET  …/connectedApplications/authorizations, settings      read:orgconnapps or admin:orgclients
//	DELETE authorizations, PATCH settings                      admin:orgclients (root organization only)
//	GET  /exchange/api/v2/assets/…, …/publication/status/…     read:exchange, edit:exchange or manage:exchange
//	POST /exchange/api/v2/organizations/{orgId}/assets/…       edit:exchange or manage:exchange
//	GET  /amc/application-manager/api/v2/…/deployments[/{id}]  read:applications
//	POST, PATCH …/deployments[/{id}]                           create:applications
//	DELETE …/deployments/{id}                                  delete:applications
//	GET  /runtimefabric/api/organizations/{orgId}/targets      read:runtime_fabrics
//	/audit/v2/organizations/{orgId}/…                          read:audit_logs
//	any other published operation                              the catalog's scopes, then 501
//
// Exchange, deployments and the audit log: a publication is a multipart form, streamed and
// hashed, never held (Asset shows what arrived; FailNextPublication makes the next one fail);
// it answers 201 with x-sync-publication: true, else 202 with a status link that reports
// "running" to its first request and "completed" from the second on. A deployment answers
// APPLYING and becomes APPLIED (its application RUNNING) or FAILED, after the delay and with
// the outcome SetDeploymentOutcome gives (DefaultDeploymentDelay, then APPLIED);
// SettleDeployments ends every delay at once. It deploys only assets that Exchange holds, to
// the seed targets (SharedSpaceTargetID, PrivateSpaceTargetID, RuntimeFabricTargetID). Every
// call served with a valid token, the audit API's own aside, goes to the audit trail with the
// caller's client ID and user (AuditTrail; AddAuditEntries adds more, for paging tests).
//
// The Connected Apps routes are those of MuleSoft's Access Management spec, both families:
// /accounts/api/connectedApplications… (acting in the caller's organization, the one the
// list's organizationId names, or the app's) and /accounts/api/organizations/{orgId}/
// connectedApplications… (the same, in the path's organization), with the same scopes. As
// the spec has it, the list needs includeUsage and ascending and a GET of an app includeUsage
// (booleans; 400 without them), the bodies of apps and of their scopes allow no other
// property, a scopes body needs at least one item with both scope and context_params,
// revoking a user's grants needs user_id, the settings need applications_enabled and
// grant_types_allowed, and a business group answers 405 to revoking and to settings changes.
// Refusals are JSON {"status":400,"message":"…"}; a route the spec does not have is a 404.
//
// Other rules: client-credentials token answers carry no expires_in (WithExpiresIn changes
// that); the authorize endpoint takes OpenID Connect's prompt (consent, which a client sends
// with offline_access, login, select_account, none) and changes nothing for it, as the seed
// user is signed in and consents at once; authorization codes are single-use, bound to their redirect_uri and PKCE challenge,
// and expire after 60 seconds; each refresh rotates the refresh token; Design Center wants the
// x-organization-id and x-owner-id headers (the user's ID, not the username) and a branch lock
// before a save; unknown paths are a 404 and wrong methods a 405, both JSON. Accounts answers
// carry X-RateLimit-Limit, -Remaining and -Reset (DefaultRateLimit a minute, announced but not
// enforced; WithRateLimit enforces a limit of its own with a 429 and Retry-After); every answer
// carries X-Request-Id.
//
// # Following the published specs
//
// The Accounts and Design Center routes follow MuleSoft's published specs (mulesoft-dx:
// apis/access-management/api.yaml, apis/api-designer-experience/api.yaml), not the SDK, so
// that an SDK that drifts from them fails its tests:
//
//   - a request body without a field the spec requires is a 400 with the platform's
//     {"status":400,"message":"… is required"} (POST …/projects needs name and type, PATCH
//     …/projects/{id} createdBy, POST …/branches name and commitId, each saved file path and
//     content, a publish the ten fields of PublishExchange), and so is a value outside the
//     spec's enums; members the spec does not declare are ignored;
//   - a query parameter the spec does not name for the route is a 400 (a save takes commit and
//     message, which production deployers send; listEnvironments takes name, isProduction,
//     expandAll, offset, type, limit and search);
//   - a path the spec does not have is a 404: there is no GET …/branches/{branch}, no PUT
//     …/rename and no …/keepAlive, and a file path is one segment, its "/" escaped
//     (…/files/types%2Forder.raml), so …/files/types/order.raml is a 404;
//   - answers have the spec's shapes: a branch is {name, commitId}, a lock {locked, name}, a
//     save answers the branch's files, a publish 200 with PublishResponse, and organization,
//     user and hierarchy dates are written as the spec's examples write them,
//     "2015-03-13 18:03:23.869000+00:00".
//
// Where the spec is silent the fake keeps rules of its own, and says so: a lock lapses after
// a minute unless its holder acquires it again or saves; every save commits, but one with
// commit=false (not in the spec), which writes the files without a commit.
//
// # The grants without a browser
//
// An app with the password grant (connectedapps.GrantPassword) gets a user's token for
// client_id, client_secret, username and password, in a form or in JSON as MuleSoft's
// Terraform provider sends it; a wrong password or an unknown user is invalid_grant. An app
// with the JWT bearer grant (connectedapps.GrantJWTBearer) and public keys (AppSpec.PublicKeys,
// PEM) gets one for a signed assertion. The fake checks it with its own code (RFC 7523 and
// MuleSoft's help article), not the SDK's: signed RS256/384/512 or ES256/384/512 by one of the
// app's keys (never "none" or an HMAC), iss the client ID, aud this token endpoint (the
// server's URL, or the host the request came to, followed by TokenPath), exp still ahead, nbf
// passed, sub {version}|IdentityProviderID|{username}|… naming a seed user, and not used
// before (by jti, else by signature). Any failure is invalid_grant with a description that
// says which check failed. client_secret is optional for this grant: without it, the
// assertion's signature authenticates the app that client_id (or iss) names. Both grants
// take a scope parameter (scopes the app holds; none means all of them), answer expires_in
// and scope, and give a refresh token for offline_access when the app has the refresh_token
// grant. Each token request is a new authorization of the user, which RevokeAuthorization
// ends.
//
// # Changing the platform under a test
//
// These methods act at once and are safe to call while requests are in flight:
//
//   - AddApp adds a connected app (AppSpec says which; the default is a client-credentials
//     app of the root organization) and AddEnvironment an environment.
//   - GrantScope gives an app scopes, each a scopes.Grant: a grant with an empty OrgID is in
//     the app's own organization, one with an OrgID in that business group. RemoveScope
//     takes the same grants away, exactly as GrantScope gave them; tokens the app holds lose
//     the scope at once. (An app acting on behalf of a user holds plain scopes: the context of
//     its grants is dropped.)
//   - RotateSecret gives an app a new secret; RevokeTokens ends all of an app's tokens;
//     RevokeAuthorization ends a user's authorization of an app, as an administrator does,
//     so that the next refresh is invalid_grant; ExpireTokens expires every access token
//     (refresh tokens stay valid).
//   - SetConsent(false) makes the user refuse the consent page from then on.
//   - Clock returns the server's clock, an anypoint.Clock whose Sleep moves the fake's time
//     on at once: give it to deployments.WaitOptions.Clock and exchange.PublishRequest.Clock,
//     and a test that publishes, deploys and waits for the deployment (DefaultDeploymentDelay)
//     takes milliseconds.
//
// Options fix what does not change while the server runs: WithTLS, WithEnvironments (many
// environments, for paging), WithUnauthorizedBody (the 401 body), WithClock (to test expiry without sleeping: access tokens,
// 60-second authorization codes, 90-day refresh tokens, Design Center locks, faults that last
// a while), the token endpoint's settings WithTokenLifetime, WithExpiresIn and
// WithTokenLatency, and WithRateLimit (a rate limit the Accounts API enforces).
//
// # Watching the client
//
// TokenRequests counts calls to the token endpoint, all of them or those of some grant types
// (to prove a client caches its token, or refreshed once), Requests counts any method and
// path, RequestLog keeps every request with its Authorization header redacted, and
// ResetRequestLog starts the counting again. Connections counts TCP connections (to prove a
// client reuses them), and File and Commits show what Design Center saves wrote (each commit
// with the save's message query parameter).
//
// # Testing a browser login
//
// AddLoopbackUserApp registers an app for a command-line tool's sign-in (authorization code
// and refresh token) whose redirect URI is a free loopback port, and Browser plays the
// user's browser: it opens the authorization URL, the fake consents on the user's behalf
// (SetConsent(false) makes the user say no), and it follows the redirect back to the
// login's listener. The credential's Config names the fake (srv.Config()); hand the same
// Config to the client afterwards. Without it the authorization URL is on the real
// platform: Browser refuses it, and Login ends at once with a *connectedapps.BrowserError
// that says so.
//
//	func TestLogin(t *testing.T) {
//		srv := anypointtest.NewTestServer(t)
//		app, err := srv.AddLoopbackUserApp("my-cli", scopes.ViewEnvironment, scopes.OfflineAccess)
//		if err != nil {
//			t.Fatal(err)
//		}
//		ac := connectedapps.AuthorizationCode{
//			ClientID: app.ClientID, ClientSecret: app.ClientSecret,
//			RedirectURL: app.RedirectURIs[0],
//			Scopes:      []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
//			Config:      srv.Config(), // not the real platform's
//		}
//		ts, err := ac.Login(ctx, connectedapps.WithOpener(srv.Browser()))
//		...
//		c, err := anypoint.NewClient(ts, anypoint.WithConfig(ac.Config))
//	}
//
// Browser returns once the login's callback page has loaded, so the login goes on at once.
// Under WithTLS, srv.Config() carries srv.Client(), which trusts the certificate; Browser
// trusts it by itself.
//
// # Faults
//
// Fail adds a fault that a FaultSpec describes: what it does (Kind: answer a Status, by
// default; be slow for Delay; cut the connection halfway; or truncate the body), which
// requests it hits (Method and Path, such as TokenPath for the token endpoint, or a prefix
// ending in "*") and how many (Count, one by default, or every one For a while). A
// request gets at most one fault, the oldest that matches; ClearFaults removes them all.
//
//	// A burst of 503s from the load balancer.
//	srv.Fail(anypointtest.FaultSpec{Status: 503, Count: 2})
//	// A 429 with Retry-After on the next call to /accounts/api/me.
//	srv.Fail(anypointtest.FaultSpec{Status: 429, RetryAfter: "2", Path: anypointtest.MePath})
//	// The next POST's answer lost halfway, after the platform acted on it.
//	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut, Method: http.MethodPost})
//	// The token endpoint down for a minute, by the server's clock.
//	srv.Fail(anypointtest.FaultSpec{Status: 503, Path: anypointtest.TokenPath, For: time.Minute})
//
// WithTokenLatency slows every token answer on top of any fault, for benchmarks of
// concurrent callers.
package anypointtest
