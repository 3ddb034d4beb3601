// Package apimanager is the client of MuleSoft's API Manager: it puts the
// APIs a pipeline deploys under management.
//
//   - API instances of an environment: ListAPIs/AllAPIs (the spec's
//     filters), GetAPI, CreateAPI from an Exchange asset (Mule 4, Flex
//     Gateway, Mule 3 or Service Mesh, with the endpoint and proxy settings
//     the spec allows), UpdateAPI, DeleteAPI and PromoteAPI from another
//     environment, and the upstreams a Flex Gateway instance routes to.
//   - Policies: ListPolicies, GetPolicy, ApplyPolicy, UpdatePolicy,
//     EnablePolicy, DisablePolicy, RemovePolicy and ReorderPolicies, in the
//     generic form (GenericPolicy) or typed: RateLimiting, SLARateLimiting,
//     ClientIDEnforcement, JWTValidation, IPAllowlist, IPBlocklist,
//     HeaderInjection, HeaderRemoval, CORS and BasicAuthentication.
//   - SLA tiers, contracts (with their approval, rejection, revocation and
//     restoration, which only the API Platform spec publishes), client
//     applications (created on the API Platform paths, or imported from an
//     external client provider), API alerts and automated policies.
//
// A bad policy configuration never reaches the platform: the typed
// configuration's own checks run first, then the configuration is checked
// against its template's definition, fetched from API Manager's
// policy-templates once per template version and kept by the Service;
// either refusal is an *anypoint.ValidationError naming the field. Where
// the definition cannot be had (no such template, or the app may not read
// it), the typed checks alone apply and a GenericPolicy goes as given. A
// template can state the directions it supports: a policy applied in the
// other direction is refused before any request.
//
// Every method names its endpoint and the connected-app scopes it needs
// (from the endpoint catalog, package endpoints); a missing scope is an
// *anypoint.ScopeError naming them. Creating an API instance or a
// contract needs "Exchange Viewer" as well. IDs of instances, policies,
// tiers and contracts are the platform's integers.
package apimanager
