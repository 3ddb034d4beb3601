// Package connectedapps holds what a program needs to act as an Anypoint
// connected app: a credential for every grant a connected app can hold, the
// token source they give, the browser login for command-line tools, and
// token stores. The
// management API with which administrators create apps, grant and remove
// scopes and revoke access is in package connectedapps/admin.
//
// # An app that acts on its own behalf
//
// Client credentials: the app holds the scopes an administrator granted it,
// in its own organization.
//
//	cfg, err := anypoint.NewConfig(anypoint.WithRegion(anypoint.EU))
//	ts := connectedapps.ClientCredentials{ClientID: id, ClientSecret: secret, Config: cfg}.TokenSource()
//	c, err := anypoint.NewClient(ts, anypoint.WithConfig(cfg))
//	projects, err := designcenter.New(c).ListProjects(ctx)
//
// Every credential has a Config field: the control plane whose token
// endpoint it uses, the HTTP client, retry policy, logger and user agent
// of its token requests. Hand the same anypoint.Config to the client, so
// that the region is set once; the client never changes the source, and
// refuses one of another control plane. A zero Config is the US control
// plane. One source may serve several clients: they share its tokens.
//
// The platform does not say how long such a token lives (its answer has no
// expires_in); the source assumes DefaultAssumedLifetime, 15 minutes, the
// shortest session timeout an organization can set, and fetches the next
// token ahead of that.
//
// # An app that acts on behalf of a user
//
// Authorization code with PKCE: the user signs in in the browser and
// consents to the scopes the app asks for. A command-line tool does it all
// with Login, which listens on the redirect URL's loopback port, opens the
// browser, and waits for the one redirect that carries its state:
//
//	ac := connectedapps.AuthorizationCode{
//		ClientID: id, ClientSecret: secret,
//		RedirectURL: "http://127.0.0.1:8765/callback",
//		Scopes:      []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
//		Config:      cfg,
//	}
//	ts, err := ac.Login(ctx, connectedapps.WithStore(connectedapps.NewFileStore(path)))
//
// On a machine with no browser (an SSH session), WithoutBrowser prints the
// URL and reads the redirect URL the user pastes back. A web application
// calls Begin and Exchange from its own handlers instead.
//
// Ask for scopes.OfflineAccess to get a refresh token: the source then
// renews the user's access without a browser, keeps each rotated refresh
// token, and saves it to its Store, so that ac.TokenSource(ctx, nil,
// connectedapps.WithStore(store)) resumes after a restart. When the refresh
// token expires (after 90 days) or an administrator revokes the user's
// grant, calls fail with anypoint.ErrInvalidGrant: have the user sign in
// again. The source does not retry a refused refresh token.
//
// # Acting for a user without a browser
//
// Password: the program holds a user's username and password, as MuleSoft's
// Terraform provider does to sign an organization administrator in for
// Access Management. The source re-mints with the password, keeps it out of
// every printed form and error and out of its Store, and never sends a
// refused password again, whatever form the refusal takes (a lockout risk):
//
//	ts := connectedapps.Password{
//		ClientID: id, ClientSecret: secret,
//		Username: os.Getenv("ANYPOINT_USERNAME"), Password: os.Getenv("ANYPOINT_PASSWORD"),
//	}.TokenSource()
//
// JWT bearer (RFC 7523): a server acts as users of the organization's
// federated identity provider with no password at all. The app registers
// the public half of a key (admin.CreateAppRequest's PublicKeys, from
// PublicKeyPEM); the program signs a short-lived assertion naming the user
// with the private key, a new one for every token request (a signer that
// answers with an empty signature, or one of the wrong length for its key,
// is refused before anything is sent):
//
//	key, err := connectedapps.ParsePrivateKeyPEM(pemBytes) // or any crypto.Signer: an HSM, a KMS
//	ts := connectedapps.JWTBearer{
//		ClientID: id,
//		Signer:   key,
//		Subject:  connectedapps.Subject{IdentityProviderID: idpID, Username: "max.mule"},
//	}.TokenSource()
//
// Neither needs a refresh token: each mints again with its credential when
// a token nears its end. A refused password or assertion is an
// *anypoint.TokenError matching anypoint.ErrInvalidGrant.
//
// # The token source
//
// Every credential gives the same *TokenSource. It is safe for any number of
// goroutines: they read the current token under a read lock, one token
// request at a time is made for all callers that need one, and tokens are
// renewed ahead of their end so that callers do not wait. It tells the
// anypoint.Client when it minted a token and accepts invalidation, which is
// how the client tells a scope denial (*anypoint.ScopeError) from a stale
// token (replaced, and the request replayed once). It takes its control
// plane and transport from the client when the credential names none.
// Revoke ends the grant on the platform and clears the store.
//
// Secrets, tokens, codes, verifiers, passwords, private keys and assertions
// never appear in the printed form of these types (%v, %+v, %#v, slog, JSON)
// nor in errors.
//
// # Administering connected apps
//
// Package connectedapps/admin is the management API. On the real platform
// it needs the token of an organization administrator signed in through an
// app that acts on behalf of a user (AuthorizationCode, or Password for
// automation), not an app's own client credentials:
//
//	apps := admin.New(c)
//	app, err := apps.CreateApp(ctx, &admin.CreateAppRequest{
//		ClientName: "ci-pipeline",
//		GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
//	})
//	err = apps.AddScopes(ctx, app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: orgID})
//	err = apps.RemoveScopes(ctx, app.OwnerOrgID, app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: orgID})
//	err = apps.RevokeTokens(ctx, app.ClientID)
//
// Removing a scope takes effect at once: the app's next call with that
// scope is a scope denial. Revoking never needs anyone to change a password.
package connectedapps
