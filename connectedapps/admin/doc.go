// Package admin is the client of Anypoint's Connected Apps management API:
// the connected apps of an organization, the scopes granted to apps that act
// on their own behalf, the consents users gave to apps that act on theirs,
// and the organization's connected apps policy.
//
// # The credential it needs
//
// On the real platform, administering connected apps takes the token of an
// organization administrator, a user: MuleSoft documents that only
// organization administrators can view or manage connected apps, and that
// changing an app's scopes (PATCH …/connectedApplications/{clientId}/scopes)
// "can only be executed by the user with the Org Admin role in the Master
// Org". A connected app's own client credentials are not enough: MuleSoft's
// Terraform provider signs an administrator in for Access Management because
// connected-app client credentials "do not have sufficient privileges".
//
// So the client must send the token of an org administrator signed in
// through a connected app that acts on behalf of a user: with the
// authorization code grant (connectedapps.AuthorizationCode, with Login for a
// command-line tool), or, for automation with no browser, the password grant
// (connectedapps.Password), which is what MuleSoft's Terraform provider does.
// The app asks for the scopes the methods name
// (read:orgconnapps, create:orgclients, admin:orgclients; MuleSoft documents
// none for these endpoints, so they are the SDK's assumption):
//
//	ac := connectedapps.AuthorizationCode{
//		ClientID: id, ClientSecret: secret,
//		RedirectURL: "http://127.0.0.1:8765/callback",
//		Scopes: []scopes.Scope{scopes.ReadOrgConnApps, scopes.CreateOrgClients, scopes.AdminOrgClients},
//	}
//	ts, err := ac.Login(ctx) // an org administrator signs in in the browser
//	c, err := anypoint.NewClient(ts)
//	apps := admin.New(c)
//
// The fake platform (anypointtest) accepts such a token too, and also the
// client credentials of its seed administration app ("platform-admin",
// anypointtest.AdminAppID), which the Example functions here use for
// brevity; the real platform does not let an app administer apps that way
// (examples/admin signs an administrator in).
//
// # What it does
//
//	app, err := apps.CreateApp(ctx, &admin.CreateAppRequest{
//		ClientName: "ci-pipeline",
//		GrantTypes: []connectedapps.GrantType{connectedapps.GrantClientCredentials},
//	})
//	grant := scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: orgID}
//	err = apps.AddScopes(ctx, app.ClientID, grant)                    // the app can list projects
//	err = apps.RemoveScopes(ctx, app.OwnerOrgID, app.ClientID, grant) // its next call is a scope denial
//	err = apps.RevokeTokens(ctx, app.ClientID)                        // every token of the app dies
//	err = apps.DeleteApp(ctx, app.ClientID)
//
// Removing a scope takes effect at once: the app's next call that needs it
// is an *anypoint.ScopeError. Revoking never needs anyone to change a
// password.
//
// An app for the JWT bearer grant registers the public half of the key
// that signs its assertions; the key pair never needs to leave the program
// that creates it:
//
//	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
//	pub, err := connectedapps.PublicKeyPEM(key.Public())
//	app, err := apps.CreateApp(ctx, &admin.CreateAppRequest{
//		ClientName: "jwt-server",
//		GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer},
//		PublicKeys: []string{pub},
//		Scopes:     []scopes.Scope{scopes.ViewEnvironment},
//	})
//	app, err = apps.SetPublicKeys(ctx, app.ClientID, pub, nextPub) // rotate: add, switch, remove
//
// A private key handed to PublicKeys or SetPublicKeys is refused before
// anything is sent.
//
// # Lists
//
// The list endpoints page: ListApps, ListScopes and ListAuthorizations return
// one *anypoint.Page, and AllApps, AllScopes and AllAuthorizations walk every
// page lazily, with the same options.
//
// # Errors
//
// Input the platform would refuse (an empty ID, a Limit above the
// endpoint's maximum, a request that sets no field, an incomplete scope
// grant) is refused before any request with an *anypoint.ValidationError
// whose Field names the input ("clientID", "Limit", "req", "grants[1]").
// Which scope each endpoint takes is not documented by MuleSoft; each
// method names the one the SDK assumes, and a refusal comes back as an
// *anypoint.ScopeError naming it.
//
// A refusal of the credential (an *anypoint.ScopeError, or any 401 or 403)
// also says, in its text, that administering connected apps needs an
// organization administrator's user token and that an app's client
// credentials do not have sufficient privileges: on the real platform that
// is the usual cause. The error is wrapped, so errors.As and errors.Is find
// the *anypoint.ScopeError, the *anypoint.Error and their sentinels as
// before.
//
// # Where the routes come from
//
// Every method calls a route of MuleSoft's published Access Management spec
// (mulesoft/mulesoft-dx, apis/access-management/api.yaml) and names its
// operation; the spec names no scopes, so those are "not confirmed". The
// query parameters go by the spec's names, and those it requires are always
// sent (the list's includeUsage and ascending, Get's includeUsage).
// RemoveScopes takes the organization's route, DELETE
// /accounts/api/organizations/{orgId}/connectedApplications/{clientId}/scopes,
// as MuleSoft's Terraform provider does; the other methods take the
// org-less routes.
package admin
