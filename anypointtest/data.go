package anypointtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/scopes"
)

// The seed organization: a root business group with two sub-organizations,
// one of which has a sub-organization of its own.
//
//	Acme Corp (OrgID)
//	├── Acme Engineering (EngineeringOrgID)
//	│   └── Acme Platform Team (PlatformTeamOrgID)
//	└── Acme Sales (SalesOrgID)
const (
	// OrgID is the ID of the root organization "Acme Corp".
	OrgID = "7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13"
	// OrgName is the name of the root organization.
	OrgName = "Acme Corp"
	// EngineeringOrgID is the business group "Acme Engineering", a child of the root.
	EngineeringOrgID = "2c9f4b7e-8a13-4d52-b6e0-5f1a3c7d9e24"
	// PlatformTeamOrgID is the business group "Acme Platform Team", a child of Engineering.
	PlatformTeamOrgID = "9d3b6e1f-4c27-4a85-8f0e-6a2d8b4c1f35"
	// SalesOrgID is the business group "Acme Sales", a child of the root.
	SalesOrgID = "4f8a2d6c-1e95-4b37-a0c8-3e7b5d9f2a46"
)

// The environments of the root organization (unless WithEnvironments replaces them).
const (
	// ProductionEnvID is the root organization's "Production" environment (type production).
	ProductionEnvID = "b1c4e7f0-2a5d-4e83-9b16-7c0f3a6d9e57"
	// SandboxEnvID is the root organization's "Sandbox" environment (type sandbox).
	SandboxEnvID = "c2d5f801-3b6e-4f94-8c27-8d1a4b7e0f68"
	// DesignEnvID is the root organization's "Design" environment (type design).
	DesignEnvID = "d3e6a912-4c7f-4a05-9d38-9e2b5c8f1a79"
)

// The environment types of Anypoint Platform.
const (
	// EnvProduction is the type of production environments.
	EnvProduction = "production"
	// EnvSandbox is the type of sandbox environments.
	EnvSandbox = "sandbox"
	// EnvDesign is the type of the design environment.
	EnvDesign = "design"
)

// The seed users. The user owns the organization and every seed connected app,
// and is the one who answers the consent page of the authorize endpoint.
// The colleague is a second member, useful to test Design Center locks.
const (
	// UserID is the ID of the seed user "max.mule".
	UserID = "e4f7ba23-5d80-4b16-8e49-af3c6d9a2b8a"
	// Username is the seed user's username.
	Username = "max.mule"
	// UserEmail is the seed user's email address.
	UserEmail = "max.mule@acme.example"
	// ColleagueID is the ID of the second member of the organization, "cora.cloud".
	ColleagueID = "f5a8cb34-6e91-4c27-9f5a-b04d7eab3c9b"
	// ColleagueUsername is the second member's username.
	ColleagueUsername = "cora.cloud"
	// UserPassword is the seed user's password, for the password grant.
	UserPassword = "Mule-Max-1702669593"
	// ColleaguePassword is the colleague's password, for the password grant.
	ColleaguePassword = "Cloud-Cora-1702669593"
	// IdentityProviderID is the ID of "Acme SSO", the identity provider both seed users sign
	// in through: the second field of a JWT bearer assertion's subject
	// ({version}|{identityProviderId}|{username}|…).
	IdentityProviderID = "a8d1f2c3-6b4e-4f70-9c15-3e2d7b9a0c61"
)

// The seed Design Center projects of the root organization, all created by the seed user.
const (
	// OrdersProjectID is "Orders API", a RAML 1.0 API specification.
	OrdersProjectID = "0a6b9c45-7fa2-4d38-a06b-c15e8fbc4dac"
	// CustomersProjectID is "Customers API", an OpenAPI 3.0 specification.
	CustomersProjectID = "1b7cad56-80b3-4e49-b17c-d26f90cd5ebd"
	// CommonTypesProjectID is "Common Types", a RAML library (fragment).
	CommonTypesProjectID = "2c8dbe67-91c4-4f5a-828d-e37a01de6fce"
)

// The seed connected apps. Secrets change when rotated; read the current one
// with Server.App.
const (
	// DefaultClientCredentialsAppID is the client ID of "quickstart-app", an app that acts on
	// its own behalf (client_credentials) and holds edit:design_center in the root organization.
	DefaultClientCredentialsAppID = "3f9a1c7e5b2d4806a1e3c5f7b9d0e2a4"
	// DefaultClientCredentialsAppSecret is the initial secret of "quickstart-app".
	DefaultClientCredentialsAppSecret = "8E2b4D6f8A0c2E4f6A8b0C2d4E6f8A0b"

	// DefaultUserAppID is the client ID of "cli-login", an app that acts on behalf of a user
	// (authorization_code and refresh_token) with the scopes view:environment,
	// offline_access, openid and profile.
	DefaultUserAppID = "6b2d8f4a0c1e4e3b9a5c7d1f3e5a7c9b"
	// DefaultUserAppSecret is the initial secret of "cli-login".
	DefaultUserAppSecret = "4A6c8E0b2D4f6A8c0E2b4D6f8A0c2E4f"
	// DefaultUserAppRedirectURI is the only redirect URI registered for "cli-login".
	DefaultUserAppRedirectURI = "http://127.0.0.1:8765/callback"

	// AdminAppID is the client ID of "platform-admin", a client_credentials app holding, in
	// the root organization, the scopes of the Connected Apps management API
	// (read:orgconnapps, read:orgclients, create:orgclients, admin:orgclients) plus
	// read:organization and view:environment.
	AdminAppID = "9c4e2a6b8d0f4a1c8e3b5d7f9a1c3e5d"
	// AdminAppSecret is the initial secret of "platform-admin".
	AdminAppSecret = "2F4a6C8e0B2d4F6a8C0e2B4d6F8a0C2e"
)

// The grant types the fake knows, from the platform's documentation. Converted from strings,
// like the scopes below, so that the fake's rules do not follow the SDK's constants.
const (
	gtClientCredentials = connectedapps.GrantType("client_credentials")
	gtAuthorizationCode = connectedapps.GrantType("authorization_code")
	gtRefreshToken      = connectedapps.GrantType("refresh_token")
	gtPassword          = connectedapps.GrantType("password")
	gtImplicit          = connectedapps.GrantType("implicit")
	gtJWTBearer         = connectedapps.GrantType("urn:ietf:params:oauth:grant-type:jwt-bearer")
)

// The scopes the seed data refers to. Converted from strings so that this package
// does not depend on which constants the scopes package happens to define.
const (
	scopeEditDesignCenter   = scopes.Scope("edit:design_center")
	scopeViewDesignCenter   = scopes.Scope("view:design_center")
	scopeCreateDesignCenter = scopes.Scope("create:design_center")
	scopeViewEnvironment    = scopes.Scope("view:environment")
	scopeReadOrganization   = scopes.Scope("read:organization")
	scopeOfflineAccess      = scopes.Scope("offline_access")
	scopeOpenID             = scopes.Scope("openid")
	scopeProfile            = scopes.Scope("profile")
	scopeEmail              = scopes.Scope("email")
	scopeReadOrgConnApps    = scopes.Scope("read:orgconnapps")
	scopeReadOrgClients     = scopes.Scope("read:orgclients")
	scopeCreateOrgClients   = scopes.Scope("create:orgclients")
	scopeAdminOrgClients    = scopes.Scope("admin:orgclients")
)

// seedEpoch is the creation time of the seed data (2023-12-15T19:46:33.404Z).
var seedEpoch = time.UnixMilli(1702669593404).UTC()

// derivedID returns a stable UUID-looking string for a seed of text, so that generated
// data (environments, commits, authorizations) has the same IDs on every run.
func derivedID(seed string) string {
	sum := sha1.Sum([]byte(seed))
	h := hex.EncodeToString(sum[:16])
	// Shape it like a version 5 UUID.
	return fmt.Sprintf("%s-%s-5%s-%c%s-%s", h[0:8], h[8:12], h[13:16], "89ab"[sum[8]&3], h[17:20], h[20:32])
}

// derivedHex returns n stable hexadecimal digits for a seed of text (client IDs, commit IDs).
func derivedHex(seed string, n int) string {
	sum := sha1.Sum([]byte(seed))
	h := hex.EncodeToString(sum[:])
	for len(h) < n {
		sum = sha1.Sum(sum[:])
		h += hex.EncodeToString(sum[:])
	}
	return h[:n]
}

// seed fills a new server's state with the seed data and the options' additions.
func (s *Server) seed(c *config) {
	add := func(id, name, parent string, created time.Time) {
		s.orgs[id] = &org{
			ID: id, Name: name, ParentID: parent, OwnerID: UserID,
			ClientID:  derivedHex("org-client:"+id, 32),
			Domain:    "",
			CreatedAt: created,
		}
		s.orgOrder = append(s.orgOrder, id)
	}
	add(OrgID, OrgName, "", seedEpoch.Add(-400*24*time.Hour))
	s.orgs[OrgID].Domain = "acme-corp"
	add(EngineeringOrgID, "Acme Engineering", OrgID, seedEpoch.Add(-300*24*time.Hour))
	add(PlatformTeamOrgID, "Acme Platform Team", EngineeringOrgID, seedEpoch.Add(-200*24*time.Hour))
	add(SalesOrgID, "Acme Sales", OrgID, seedEpoch.Add(-250*24*time.Hour))

	if c.environments < 0 {
		s.addEnv(&environment{ID: ProductionEnvID, OrgID: OrgID, Name: "Production", Type: EnvProduction})
		s.addEnv(&environment{ID: SandboxEnvID, OrgID: OrgID, Name: "Sandbox", Type: EnvSandbox})
		s.addEnv(&environment{ID: DesignEnvID, OrgID: OrgID, Name: "Design", Type: EnvDesign})
	} else {
		types := []string{EnvProduction, EnvSandbox, EnvDesign}
		for i := 1; i <= c.environments; i++ {
			name := fmt.Sprintf("env-%04d", i)
			s.addEnv(&environment{ID: derivedID("env:" + OrgID + ":" + name), OrgID: OrgID, Name: name, Type: types[(i-1)%3]})
		}
	}
	for _, e := range []struct{ org, name, typ string }{
		{EngineeringOrgID, "Production", EnvProduction},
		{EngineeringOrgID, "Sandbox", EnvSandbox},
		{EngineeringOrgID, "Design", EnvDesign},
		{PlatformTeamOrgID, "Sandbox", EnvSandbox},
		{PlatformTeamOrgID, "Design", EnvDesign},
		{SalesOrgID, "Production", EnvProduction},
		{SalesOrgID, "Design", EnvDesign},
	} {
		s.addEnv(&environment{ID: derivedID("env:" + e.org + ":" + e.name), OrgID: e.org, Name: e.name, Type: e.typ})
	}

	s.users[UserID] = &user{ID: UserID, Username: Username, FirstName: "Max", LastName: "Mule",
		Email: UserEmail, OrgID: OrgID, CreatedAt: seedEpoch.Add(-400 * 24 * time.Hour), password: UserPassword}
	s.users[ColleagueID] = &user{ID: ColleagueID, Username: ColleagueUsername, FirstName: "Cora", LastName: "Cloud",
		Email: "cora.cloud@acme.example", OrgID: OrgID, CreatedAt: seedEpoch.Add(-100 * 24 * time.Hour), password: ColleaguePassword}

	s.seedProjects()

	for _, spec := range []AppSpec{
		{
			ClientID: DefaultClientCredentialsAppID, ClientSecret: DefaultClientCredentialsAppSecret,
			Name: "quickstart-app", GrantTypes: []connectedapps.GrantType{gtClientCredentials},
			Scopes: []scopes.Scope{scopeEditDesignCenter},
		},
		{
			ClientID: DefaultUserAppID, ClientSecret: DefaultUserAppSecret,
			Name: "cli-login", GrantTypes: []connectedapps.GrantType{gtAuthorizationCode, gtRefreshToken},
			RedirectURIs: []string{DefaultUserAppRedirectURI},
			Scopes:       []scopes.Scope{scopeViewEnvironment, scopeOfflineAccess, scopeOpenID, scopeProfile},
		},
		{
			ClientID: AdminAppID, ClientSecret: AdminAppSecret,
			Name: "platform-admin", GrantTypes: []connectedapps.GrantType{gtClientCredentials},
			Scopes: []scopes.Scope{scopeReadOrgConnApps, scopeReadOrgClients, scopeCreateOrgClients,
				scopeAdminOrgClients, scopeReadOrganization, scopeViewEnvironment},
		},
	} {
		s.addApp(spec)
	}
}

func (s *Server) seedProjects() {
	type seedFile struct{ path, content string }
	for i, p := range []struct {
		id, name, typ, desc string
		files               []seedFile
	}{
		{OrdersProjectID, "Orders API", "raml", "Place, track and cancel customer orders.", []seedFile{
			{"orders-api.raml", ordersRAML},
			{"examples/order.json", orderExample},
			{"exchange.json", exchangeJSON("orders-api.raml", "Orders API", "raml", "orders-api")},
		}},
		{CustomersProjectID, "Customers API", "oas", "Customer accounts and addresses.", []seedFile{
			{"customers-api.yaml", customersOAS},
			{"exchange.json", exchangeJSON("customers-api.yaml", "Customers API", "oas", "customers-api")},
		}},
		{CommonTypesProjectID, "Common Types", "raml-fragment", "Types shared by Acme's APIs.", []seedFile{
			{"common-types.raml", commonTypesRAML},
			{"exchange.json", exchangeJSON("common-types.raml", "Common Types", "raml-fragment", "common-types")},
		}},
	} {
		created := seedEpoch.Add(time.Duration(i) * 26 * time.Hour)
		pr := &project{
			ID: p.id, OrgID: OrgID, Name: p.name, Type: p.typ, Description: p.desc,
			CreatedBy: UserID, Created: created, Updated: created,
			branches: map[string]*branch{},
		}
		b := &branch{Name: "master", files: map[string]string{}}
		for _, f := range p.files {
			b.files[f.path] = f.content
		}
		pr.commit(b, commitRecord{Message: "Initial commit", Author: Username, Time: created})
		pr.branches["master"] = b
		pr.branchOrder = []string{"master"}
		s.projects[pr.ID] = pr
		s.projectOrder = append(s.projectOrder, pr.ID)
	}
}

func exchangeJSON(main, name, classifier, assetID string) string {
	return fmt.Sprintf(`{
  "main": %q,
  "name": %q,
  "classifier": %q,
  "tags": [],
  "groupId": %q,
  "assetId": %q,
  "version": "1.0.0",
  "apiVersion": "v1",
  "dependencies": [],
  "originalFormatVersion": "1.0"
}
`, main, name, classifier, OrgID, assetID)
}

const ordersRAML = `#%RAML 1.0
title: Orders API
version: v1
baseUri: https://api.acme.example/orders/{version}
mediaType: application/json
description: Place, track and cancel customer orders.

types:
  Order:
    properties:
      id: string
      customerId: string
      status:
        enum: [placed, paid, shipped, delivered, cancelled]
      total: number
      currency:
        type: string
        pattern: ^[A-Z]{3}$
      placedAt: datetime

/orders:
  get:
    description: List the orders, newest first.
    queryParameters:
      status?: string
      offset?:
        type: integer
        default: 0
      limit?:
        type: integer
        default: 25
    responses:
      200:
        body:
          type: Order[]
  post:
    body:
      type: Order
      example: !include examples/order.json
    responses:
      201:
        body:
          type: Order
  /{orderId}:
    get:
      responses:
        200:
          body:
            type: Order
            example: !include examples/order.json
        404:
          description: No order with that id.
    delete:
      description: Cancel an order that has not shipped yet.
      responses:
        204:
        409:
          description: The order has already shipped.
`

const orderExample = `{
  "id": "ord-10042",
  "customerId": "cus-3141",
  "status": "paid",
  "total": 129.90,
  "currency": "EUR",
  "placedAt": "2023-12-14T09:30:00Z"
}
`

const customersOAS = `openapi: 3.0.3
info:
  title: Customers API
  version: v1
  description: Customer accounts and addresses.
servers:
  - url: https://api.acme.example/customers/v1
paths:
  /customers:
    get:
      summary: List customers
      parameters:
        - name: email
          in: query
          schema:
            type: string
      responses:
        "200":
          description: The customers.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Customer"
  /customers/{customerId}:
    get:
      summary: Get one customer
      parameters:
        - name: customerId
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The customer.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Customer"
        "404":
          description: No customer with that id.
components:
  schemas:
    Customer:
      type: object
      required: [id, name, email]
      properties:
        id:
          type: string
        name:
          type: string
        email:
          type: string
          format: email
        addresses:
          type: array
          items:
            $ref: "#/components/schemas/Address"
    Address:
      type: object
      properties:
        street:
          type: string
        city:
          type: string
        postalCode:
          type: string
        country:
          type: string
`

const commonTypesRAML = `#%RAML 1.0 Library
usage: Types shared by Acme's APIs.

types:
  Money:
    properties:
      amount: number
      currency:
        type: string
        pattern: ^[A-Z]{3}$
  Address:
    properties:
      street: string
      city: string
      postalCode: string
      country:
        type: string
        pattern: ^[A-Z]{2}$
  Error:
    properties:
      code: string
      message: string
`
