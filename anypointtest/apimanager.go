package anypointtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/anypoint-go/anypoint/endpoints"
)

// The API Manager part of the fake (MuleSoft's API Manager API, mulesoft-dx
// apis/api-manager/api.yaml): API instances made from Exchange assets or promoted from
// another environment, their policies (with their order, and the direction their template
// allows), SLA tiers, contracts and the client applications that hold them, and the policy
// templates of MuleSoft's common policies, whose configurations the fake checks as the
// platform does, API alerts and automated policies (apimanager_alerts.go), and the upstreams
// a Flex Gateway instance routes to (apimanager_upstreams.go). Contracts are approved, rejected, revoked and restored on the API Platform
// paths (apis/api-platform/api.yaml), the only spec that publishes them.

// APIManagerPath is the base path of the API Manager API.
const APIManagerPath = "/apimanager/api/v1"

// MuleSoftPolicyGroupID is the Exchange group of MuleSoft's own policies.
const MuleSoftPolicyGroupID = "68ef9520-24e9-4cf2-b2f5-620025690913"

// OutboundPolicyAssetID is a custom policy template of the root organization (group OrgID,
// version 1.0.0) that supports only the outbound direction, for tests of direction checks.
const OutboundPolicyAssetID = "upstream-request-signing"

// apimState is the fake's API Manager; the server's lock guards it.
type apimState struct {
	seq       int
	apis      map[int]*apimAPI
	instances map[int]*apimInstance
	policies  map[int]*apimPolicy
	tiers     map[int]*apimTier
	contracts map[int]*apimContract
	apps      map[int]*apimApp
	alerts    map[string]*apimAlert
	auto      map[int]*apimAuto
	upstreams map[string]*apimUpstream
	templates []*apimTemplate
}

type apimAPI struct {
	ID                      int
	OrgID, GroupID, AssetID string
	Name                    string
	Created                 time.Time
}

type apimInstance struct {
	ID, APIID                 int
	OrgID, EnvID              string
	Label, AssetVersion       string
	Technology, ProviderID    string
	Description               string
	Tags                      []string
	Deprecated                bool
	Endpoint                  map[string]any
	Created, Updated          time.Time
	autodiscoveryInstanceName string
}

type apimPolicy struct {
	ID, InstanceID int
	Template       *apimTemplate
	Config         map[string]any
	Pointcuts      any
	Order          int
	Disabled       bool
	Created        time.Time
}

type apimTier struct {
	ID, InstanceID int
	Body           map[string]any
	Created        time.Time
}

type apimContract struct {
	ID, InstanceID, AppID, TierID, RequestedTierID int
	Status                                         string
	Reason                                         string
	Approved, Rejected, Revoked, Created           time.Time
}

type apimApp struct {
	ID                                int
	OrgID, Name, ClientID, ProviderID string
	Description, URL                  string
	Created                           time.Time
}

// apimTemplate is a policy template: its asset, the directions it supports and the
// properties of its configuration.
type apimTemplate struct {
	ID, GroupID, AssetID, Version, Name, Category, Type string
	Directions                                          []string
	Props                                               []map[string]any
}

// apimStates holds each server's API Manager, without keeping the server alive: the
// Server type has no field for it.
var apimStates sync.Map // weak.Pointer[Server] → *apimState

func (s *Server) apim() *apimState {
	v, _ := apimStates.Load(weak.Make(s))
	return v.(*apimState)
}

// prop is one property of a template's configuration.
func prop(name, typ string, optional, multiple bool, options ...string) map[string]any {
	p := map[string]any{"propertyName": name, "name": name, "type": typ, "optional": optional, "allowMultiple": multiple}
	if len(options) > 0 {
		var opts []map[string]any
		for _, o := range options {
			opts = append(opts, map[string]any{"name": o, "value": o})
		}
		p["options"] = opts
	}
	return p
}

func apimTemplates() []*apimTemplate {
	in := []string{"inbound"}
	t := func(id, asset, version, name, category string, props ...map[string]any) *apimTemplate {
		return &apimTemplate{ID: id, GroupID: MuleSoftPolicyGroupID, AssetID: asset, Version: version, Name: name, Category: category, Type: "system", Directions: in, Props: props}
	}
	return []*apimTemplate{
		t("1939", "rate-limiting", "1.4.0", "Rate limiting", "Quality of service",
			prop("rateLimits", "object", false, true), prop("exposeHeaders", "boolean", true, false), prop("clusterizable", "boolean", true, false)),
		t("1940", "rate-limiting-sla-based", "1.3.0", "Rate limiting - SLA based", "Quality of service",
			prop("clientIdExpression", "expression", false, false), prop("clientSecretExpression", "expression", true, false),
			prop("exposeHeaders", "boolean", true, false), prop("clusterizable", "boolean", true, false)),
		t("1941", "client-id-enforcement", "1.3.2", "Client ID enforcement", "Compliance",
			prop("credentialsOriginHasHttpBasicAuthenticationHeader", "radio", false, false, "customExpression", "httpBasicAuthenticationHeader"),
			prop("clientIdExpression", "expression", true, false), prop("clientSecretExpression", "expression", true, false)),
		t("1942", "jwt-validation", "1.3.1", "JWT validation", "Security",
			prop("jwtOrigin", "radio", false, false, "httpBearerAuthenticationHeader", "customExpression"), prop("jwtExpression", "expression", true, false),
			prop("signingMethod", "radio", false, false, "none", "rsa", "hmac", "es"), prop("signingKeyLength", "int", true, false),
			prop("jwtKeyOrigin", "radio", true, false, "jwks", "text"), prop("textKey", "string", true, false), prop("jwksUrl", "string", true, false),
			prop("jwksServiceTimeToLive", "int", true, false), prop("skipClientIdValidation", "boolean", true, false),
			prop("clientIdExpression", "expression", true, false), prop("validateAudClaim", "boolean", true, false),
			prop("mandatoryAudClaim", "boolean", true, false), prop("supportedAudiences", "string", true, false),
			prop("mandatoryExpClaim", "boolean", true, false), prop("mandatoryNbfClaim", "boolean", true, false),
			prop("validateCustomClaim", "boolean", true, false)),
		t("1943", "ip-allowlist", "1.1.0", "IP allowlist", "Security", prop("ipExpression", "expression", false, false), prop("ips", "ipRange", false, true)),
		t("1944", "ip-blocklist", "1.1.0", "IP blocklist", "Security", prop("ipExpression", "expression", false, false), prop("ips", "ipRange", false, true)),
		t("1945", "header-injection", "1.3.0", "Header injection", "Transformation", prop("inboundHeaders", "keyvalues", true, true), prop("outboundHeaders", "keyvalues", true, true)),
		t("1946", "header-removal", "1.1.0", "Header removal", "Transformation", prop("inboundHeaders", "string", true, true), prop("outboundHeaders", "string", true, true)),
		t("1947", "cors", "1.3.0", "Cross-Origin resource sharing", "Security",
			prop("publicResource", "boolean", true, false), prop("supportCredentials", "boolean", true, false), prop("originGroups", "object", true, true)),
		t("1948", "http-basic-authentication", "1.3.0", "Basic authentication - Simple", "Security", prop("username", "string", false, false), prop("password", "string", false, false)),
		{ID: "1949", GroupID: OrgID, AssetID: OutboundPolicyAssetID, Version: "1.0.0", Name: "Upstream request signing", Category: "Security",
			Type: "custom", Directions: []string{"outbound"}, Props: []map[string]any{prop("keyId", "string", false, false)}},
	}
}

func (s *Server) apiManagerRoutes() {
	st := &apimState{apis: map[int]*apimAPI{}, instances: map[int]*apimInstance{}, policies: map[int]*apimPolicy{},
		tiers: map[int]*apimTier{}, contracts: map[int]*apimContract{}, apps: map[int]*apimApp{}, alerts: map[string]*apimAlert{}, auto: map[int]*apimAuto{}, upstreams: map[string]*apimUpstream{}, templates: apimTemplates()}
	key := weak.Make(s)
	apimStates.Store(key, st)
	runtime.AddCleanup(s, func(k weak.Pointer[Server]) { apimStates.Delete(k) }, key)

	const am, ap = "api-manager", "api-platform"
	inst := s.apimInstanceHandler
	s.handle(op(am, "listOrganizationsEnvironmentsApis"), s.apimEnvHandler(s.handleListAPIs))
	s.handle(op(am, "createOrganizationsEnvironmentsApis"), s.apimEnvHandler(s.handleCreateAPI))
	s.handle(op(am, "getOrganizationsEnvironmentsApis"), inst(s.handleGetAPI))
	s.handle(op(am, "patchOrganizationsEnvironmentsApis"), inst(s.handlePatchAPI))
	s.handle(op(am, "deleteOrganizationsEnvironmentsApis"), inst(s.handleDeleteAPI))
	s.handle(op(am, "listOrganizationsEnvironmentsApisPolicies"), inst(s.handleListPolicies))
	s.handle(op(am, "createOrganizationsEnvironmentsApisPolicies"), inst(s.handleApplyPolicy))
	s.handle(op(am, "updateOrganizationsEnvironmentsApisPoliciesBulk"), inst(s.handleOrderPolicies))
	s.handle(op(am, "getOrganizationsEnvironmentsApisPolicies"), inst(s.policyHandler(s.handleGetPolicy)))
	s.handle(op(am, "patchOrganizationsEnvironmentsApisPolicy"), inst(s.policyHandler(s.handlePatchPolicy)))
	s.handle(op(am, "deleteOrganizationsEnvironmentsApisPolicies"), inst(s.policyHandler(s.handleDeletePolicy)))
	s.handle(op(am, "listOrganizationsPolicytemplates"), s.orgHandler(s.handleListTemplates, "apiInstanceId", "version"))
	s.handle(op(am, "getOrganizationsPolicytemplates"), s.orgHandler(s.handleGetTemplate, "version"))
	s.handle(op(am, "listOrganizationsEnvironmentsApisTiers"), inst(s.handleListTiers))
	s.handle(op(am, "createOrganizationsEnvironmentsApisTiers"), inst(s.handleCreateTier))
	s.handle(op(am, "updateOrganizationsEnvironmentsApisTiers"), inst(s.tierHandler(s.handlePutTier)))
	s.handle(op(am, "deleteOrganizationsEnvironmentsApisTiers"), inst(s.tierHandler(s.handleDeleteTier)))
	s.handle(op(am, "listOrganizationsEnvironmentsApisContracts"), inst(s.handleListContracts))
	s.handle(op(am, "createOrganizationsEnvironmentsApisContracts"), inst(s.handleCreateContract))
	s.handle(op(am, "getOrganizationsEnvironmentsApisContracts"), inst(s.contractHandler(s.handleGetContract)))
	s.handle(op(am, "updateOrganizationsEnvironmentsApisContracts"), inst(s.contractHandler(s.handlePatchContract)))
	s.handle(op(am, "deleteOrganizationsEnvironmentsApisContracts"), inst(s.contractHandler(s.handleDeleteContract)))
	s.handle(op(am, "createOrganizationsApplications"), s.orgHandler(s.handleImportApplication))
	for _, t := range []struct{ id, from, to string }{
		{"Approve", "PENDING", "APPROVED"}, {"Reject", "PENDING", "REJECTED"},
		{"Revoke", "APPROVED", "REVOKED"}, {"Restore", "REVOKED", "APPROVED"},
	} {
		s.handle(op(ap, "createOrganizationsByOrganizationidApisByApiidVersionsByApiversionidContractsByContractid"+t.id), s.orgHandler(s.contractTransition(t.from, t.to)))
	}
	s.apiManagerAlertRoutes()
	s.apiManagerUpstreamRoutes()
	s.apiPlatformApplicationRoutes()
}

// allOf answers 401 unless the request's token also holds every scope its operation needs
// together (Exchange Viewer beside Manage APIs Configuration), and reports whether it does.
func (s *Server) allOf(w http.ResponseWriter, r *http.Request, orgID string) bool {
	o, ok := endpoints.Lookup(r.Method, r.URL.EscapedPath())
	if !ok || len(o.AllOf) == 0 {
		return true
	}
	p := s.bearer(r)
	for _, sc := range o.AllOf {
		if p == nil || !p.holds(sc, orgID, envOf(r)) {
			unauthorized(w)
			return false
		}
	}
	return true
}

// apimEnvHandler is envHandler with the operation's scopes needed together.
func (s *Server) apimEnvHandler(h func(w http.ResponseWriter, r *http.Request, env *environment)) http.HandlerFunc {
	return s.envHandler(func(w http.ResponseWriter, r *http.Request, env *environment) {
		if s.allOf(w, r, env.OrgID) {
			h(w, r, env)
		}
	})
}

// apimInstanceHandler serves a path below an instance of the environment (404 otherwise).
func (s *Server) apimInstanceHandler(h func(w http.ResponseWriter, r *http.Request, in *apimInstance)) http.HandlerFunc {
	return s.apimEnvHandler(func(w http.ResponseWriter, r *http.Request, env *environment) {
		id, _ := strconv.Atoi(r.PathValue("environmentApiId"))
		in := s.apim().instances[id]
		if in == nil || in.EnvID != env.ID {
			jsonError(w, http.StatusNotFound, "API "+r.PathValue("environmentApiId")+" not found")
			return
		}
		h(w, r, in)
	})
}

func (st *apimState) next() int {
	st.seq++
	return 1000 + st.seq
}

func audit(created, updated time.Time) map[string]any {
	u := map[string]any{}
	if !updated.IsZero() && !updated.Equal(created) {
		u["date"] = updated.UTC().Format(time.RFC3339Nano)
	}
	return map[string]any{"created": map[string]any{"date": created.UTC().Format(time.RFC3339Nano)}, "updated": u}
}

func dateOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// ---- instances ----

func (s *Server) instanceJSON(in *apimInstance) map[string]any {
	st := s.apim()
	api := st.apis[in.APIID]
	active := 0
	for _, c := range st.contracts {
		if c.InstanceID == in.ID && c.Status == "APPROVED" {
			active++
		}
	}
	return map[string]any{
		"id": in.ID, "apiId": in.APIID, "organizationId": in.OrgID, "masterOrganizationId": s.rootOf(in.OrgID),
		"environmentId": in.EnvID, "instanceLabel": nullable(in.Label), "autodiscoveryInstanceName": in.autodiscoveryInstanceName,
		"groupId": api.GroupID, "assetId": api.AssetID, "assetVersion": in.AssetVersion, "productVersion": "v1",
		"technology": in.Technology, "status": "unregistered", "description": in.Description, "tags": tagsOf(in),
		"order": 1, "deprecated": in.Deprecated, "pinned": false, "endpointUri": in.Endpoint["uri"], "endpoint": in.Endpoint,
		"activeContractsCount": active, "lastActiveDate": nil, "providerId": nullable(in.ProviderID), "audit": audit(in.Created, in.Updated),
	}
}

func (s *Server) handleListAPIs(w http.ResponseWriter, r *http.Request, env *environment) {
	q := r.URL.Query()
	offset, limit, ok := pageParams(w, q, 100, 1<<31-1)
	if !ok {
		return
	}
	switch q.Get("sort") {
	case "", "id", "name", "createdDate", "updatedDate":
	default:
		jsonError(w, http.StatusBadRequest, "sort must be one of id, name, createdDate, updatedDate")
		return
	}
	st := s.apim()
	byAPI := map[int][]map[string]any{}
	for _, id := range slices.Sorted(maps.Keys(st.instances)) {
		in := st.instances[id]
		api := st.apis[in.APIID]
		if in.EnvID != env.ID ||
			!matches(q.Get("groupId"), api.GroupID) || !matches(q.Get("assetId"), api.AssetID) ||
			!matches(q.Get("assetVersion"), in.AssetVersion) || !matches(q.Get("instanceLabel"), in.Label) ||
			!matches(q.Get("autodiscoveryInstanceName"), in.autodiscoveryInstanceName) ||
			(q.Get("query") != "" && !strings.Contains(strings.ToLower(api.Name+" "+in.Label+" "+in.Description+" "+strings.Join(in.Tags, " ")), strings.ToLower(q.Get("query")))) {
			continue
		}
		byAPI[in.APIID] = append(byAPI[in.APIID], s.instanceJSON(in))
	}
	ids := slices.Sorted(maps.Keys(byAPI))
	if q.Get("sort") == "" || q.Get("sort") == "name" {
		slices.SortStableFunc(ids, func(a, b int) int { return strings.Compare(st.apis[a].Name, st.apis[b].Name) })
	}
	if q.Get("ascending") == "false" {
		slices.Reverse(ids)
	}
	assets := []map[string]any{}
	for _, id := range pageOf(ids, offset, limit) {
		api := st.apis[id]
		total := 0
		for _, in := range st.instances {
			if in.APIID == id && in.EnvID == env.ID {
				total++
			}
		}
		assets = append(assets, map[string]any{"id": id, "name": api.Name, "groupId": api.GroupID, "assetId": api.AssetID,
			"organizationId": api.OrgID, "masterOrganizationId": s.rootOf(api.OrgID), "apis": byAPI[id], "totalApis": total, "audit": audit(api.Created, time.Time{})})
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(ids), "assets": assets})
}

func matches(want, got string) bool { return want == "" || want == got }

// apiAssetTypes are the Exchange asset types API Manager can make an instance of.
var apiAssetTypes = []string{"rest-api", "http-api", "soap-api", "raml", "oas", "wsdl", "async-api", "mcp", "agent"}

func (s *Server) handleCreateAPI(w http.ResponseWriter, r *http.Request, env *environment) {
	var body struct {
		Spec *struct {
			GroupID, AssetID, Version string
		} `json:"spec"`
		Promote *struct {
			OriginAPIID int `json:"originApiId"`
			Policies    *struct {
				AllEntities bool `json:"allEntities"`
			} `json:"policies"`
			Tiers *struct {
				AllEntities bool `json:"allEntities"`
			} `json:"tiers"`
			Contracts *struct {
				AllEntities bool `json:"allEntities"`
			} `json:"contracts"`
		} `json:"promote"`
		InstanceLabel *string        `json:"instanceLabel"`
		Endpoint      map[string]any `json:"endpoint"`
		ProviderID    *string        `json:"providerId"`
		Technology    string         `json:"technology"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	st := s.apim()
	now := s.now()
	in := &apimInstance{OrgID: env.OrgID, EnvID: env.ID, Created: now, Updated: now, Technology: cmp.Or(body.Technology, "mule4")}
	switch body.Technology {
	case "", "mule3", "mule4", "flexGateway", "serviceMesh":
	default:
		jsonError(w, http.StatusBadRequest, "technology must be one of mule3, mule4, flexGateway, serviceMesh")
		return
	}
	var origin *apimInstance
	switch {
	case body.Spec != nil && body.Promote != nil, body.Spec == nil && body.Promote == nil:
		jsonError(w, http.StatusBadRequest, "the body must have exactly one of spec and promote")
		return
	case body.Spec != nil:
		sp := body.Spec
		if sp.GroupID == "" || sp.AssetID == "" || sp.Version == "" {
			jsonError(w, http.StatusBadRequest, "spec.groupId, spec.assetId and spec.version are required")
			return
		}
		a := s.exchange.assets[exchangeKey(sp.GroupID, sp.AssetID, sp.Version)]
		if a == nil {
			jsonError(w, http.StatusNotFound, fmt.Sprintf("Exchange asset %s:%s:%s not found", sp.GroupID, sp.AssetID, sp.Version))
			return
		}
		if !slices.Contains(apiAssetTypes, a.Type) {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("Exchange asset %s:%s:%s is of type %s, which is not an API", sp.GroupID, sp.AssetID, sp.Version, a.Type))
			return
		}
		in.APIID = st.apiFor(env.OrgID, sp.GroupID, sp.AssetID, cmp.Or(a.Name, sp.AssetID), now)
		in.AssetVersion = sp.Version
	default:
		origin = st.instances[body.Promote.OriginAPIID]
		if origin == nil || s.rootOf(origin.OrgID) != s.rootOf(env.OrgID) {
			jsonError(w, http.StatusNotFound, fmt.Sprintf("API %d not found", body.Promote.OriginAPIID))
			return
		}
		if origin.EnvID == env.ID {
			jsonError(w, http.StatusBadRequest, "an API is promoted from another environment")
			return
		}
		in.APIID, in.AssetVersion, in.Technology, in.Endpoint, in.Label = origin.APIID, origin.AssetVersion, origin.Technology, maps.Clone(origin.Endpoint), origin.Label
	}
	if body.InstanceLabel != nil {
		in.Label = *body.InstanceLabel
	}
	for _, other := range st.instances {
		if other.EnvID == env.ID && other.APIID == in.APIID && other.AssetVersion == in.AssetVersion && other.Label == in.Label {
			jsonError(w, http.StatusConflict, "An API instance of this asset version with this label already exists in the environment")
			return
		}
	}
	if body.Endpoint != nil {
		for _, f := range []string{"uri", "proxyUri", "isCloudHub"} {
			if _, ok := body.Endpoint[f]; !ok {
				jsonError(w, http.StatusBadRequest, "endpoint."+f+" is required")
				return
			}
		}
		in.Endpoint = body.Endpoint
	}
	if in.Endpoint == nil {
		in.Endpoint = map[string]any{"uri": nil, "proxyUri": nil, "isCloudHub": nil}
	}
	in.Endpoint["type"] = "http"
	if body.ProviderID != nil {
		in.ProviderID = *body.ProviderID
	}
	in.ID = st.next()
	in.Endpoint["id"] = in.ID
	in.autodiscoveryInstanceName = "v1:" + strconv.Itoa(in.ID)
	st.instances[in.ID] = in
	if origin != nil {
		p := body.Promote
		tierMap := map[int]int{}
		if p.Tiers != nil && p.Tiers.AllEntities {
			for _, id := range slices.Sorted(maps.Keys(st.tiers)) {
				if t := st.tiers[id]; t.InstanceID == origin.ID {
					c := &apimTier{ID: st.next(), InstanceID: in.ID, Body: maps.Clone(t.Body), Created: now}
					st.tiers[c.ID], tierMap[t.ID] = c, c.ID
				}
			}
		}
		if p.Policies != nil && p.Policies.AllEntities {
			for _, id := range slices.Sorted(maps.Keys(st.policies)) {
				if pol := st.policies[id]; pol.InstanceID == origin.ID {
					c := *pol
					c.ID, c.InstanceID, c.Created = st.next(), in.ID, now
					st.policies[c.ID] = &c
				}
			}
		}
		if p.Contracts != nil && p.Contracts.AllEntities {
			for _, id := range slices.Sorted(maps.Keys(st.contracts)) {
				if ct := st.contracts[id]; ct.InstanceID == origin.ID {
					c := *ct
					c.ID, c.InstanceID, c.TierID, c.Created = st.next(), in.ID, tierMap[ct.TierID], now
					st.contracts[c.ID] = &c
				}
			}
		}
	}
	writeJSON(w, http.StatusCreated, s.instanceJSON(in))
}

// apiFor returns the API of an asset in orgID, making it the first time.
func (st *apimState) apiFor(orgID, groupID, assetID, name string, now time.Time) int {
	for _, a := range st.apis {
		if a.OrgID == orgID && a.GroupID == groupID && a.AssetID == assetID {
			return a.ID
		}
	}
	a := &apimAPI{ID: st.next(), OrgID: orgID, GroupID: groupID, AssetID: assetID, Name: name, Created: now}
	st.apis[a.ID] = a
	return a.ID
}

func (s *Server) handleGetAPI(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	writeJSON(w, http.StatusOK, s.instanceJSON(in))
}

func (s *Server) handlePatchAPI(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	for k, v := range body {
		var err error
		switch k {
		case "assetVersion":
			var ver string
			if err = json.Unmarshal(v, &ver); err == nil {
				api := s.apim().apis[in.APIID]
				if s.exchange.assets[exchangeKey(api.GroupID, api.AssetID, ver)] == nil {
					jsonError(w, http.StatusNotFound, "Exchange asset version "+ver+" not found")
					return
				}
				in.AssetVersion = ver
			}
		case "instanceLabel":
			err = json.Unmarshal(v, &in.Label)
		case "description":
			err = json.Unmarshal(v, &in.Description)
		case "deprecated":
			err = json.Unmarshal(v, &in.Deprecated)
		case "endpoint":
			var e map[string]any
			if err = json.Unmarshal(v, &e); err == nil {
				e["id"], e["type"] = in.ID, "http"
				in.Endpoint = e
			}
		case "tags":
			err = json.Unmarshal(v, &in.Tags)
		default:
			jsonError(w, http.StatusBadRequest, k+" cannot be patched")
			return
		}
		if err != nil {
			jsonError(w, http.StatusBadRequest, k+": "+err.Error())
			return
		}
	}
	in.Updated = s.now()
	writeJSON(w, http.StatusOK, s.instanceJSON(in))
}

func (s *Server) handleDeleteAPI(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	st := s.apim()
	for _, c := range st.contracts {
		if c.InstanceID == in.ID && c.Status == "APPROVED" {
			jsonError(w, http.StatusConflict, "The API has active contracts: revoke them first")
			return
		}
	}
	maps.DeleteFunc(st.policies, func(_ int, p *apimPolicy) bool { return p.InstanceID == in.ID })
	maps.DeleteFunc(st.tiers, func(_ int, t *apimTier) bool { return t.InstanceID == in.ID })
	maps.DeleteFunc(st.contracts, func(_ int, c *apimContract) bool { return c.InstanceID == in.ID })
	delete(st.instances, in.ID)
	w.WriteHeader(http.StatusNoContent)
}

// ---- policies and their templates ----

func (s *Server) policyJSON(p *apimPolicy) map[string]any {
	in := s.apim().instances[p.InstanceID]
	t := p.Template
	return map[string]any{
		"id": p.ID, "apiId": p.InstanceID, "policyTemplateId": t.ID, "groupId": t.GroupID, "assetId": t.AssetID, "assetVersion": t.Version,
		"configurationData": p.Config, "order": p.Order, "disabled": p.Disabled, "pointcutData": p.Pointcuts, "type": t.Type,
		"implementationAsset": map[string]any{"groupId": t.GroupID, "assetId": t.AssetID + "-" + cmp.Or(in.Technology, "mule4"), "version": t.Version,
			"technology": in.Technology, "minRuntimeVersion": "4.1.0", "supportedJavaVersions": []string{"8", "11", "17"}},
		"organizationId": in.OrgID, "masterOrganizationId": s.rootOf(in.OrgID), "audit": audit(p.Created, time.Time{}),
	}
}

// instancePolicies returns the policies of an instance in their order.
func (st *apimState) instancePolicies(instanceID int) []*apimPolicy {
	var out []*apimPolicy
	for _, p := range st.policies {
		if p.InstanceID == instanceID {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *apimPolicy) int { return cmp.Or(a.Order-b.Order, a.ID-b.ID) })
	return out
}

// renumber gives an instance's policies the orders 1, 2, … in their current order.
func (st *apimState) renumber(instanceID int) {
	for i, p := range st.instancePolicies(instanceID) {
		p.Order = i + 1
	}
}

func (s *Server) handleListPolicies(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	out := []map[string]any{}
	for _, p := range s.apim().instancePolicies(in.ID) {
		out = append(out, s.policyJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

// checkConfig answers 400 for a configuration the template refuses, as the platform does.
func checkConfig(w http.ResponseWriter, t *apimTemplate, conf map[string]any) bool {
	known := map[string]bool{}
	for _, p := range t.Props {
		name := p["propertyName"].(string)
		known[name] = true
		v, ok := conf[name]
		if !ok || v == nil {
			if p["optional"] == false {
				jsonError(w, http.StatusBadRequest, "configurationData."+name+" is required")
				return false
			}
			continue
		}
		vals := []any{v}
		if p["allowMultiple"] == true {
			list, ok := v.([]any)
			if !ok {
				jsonError(w, http.StatusBadRequest, "configurationData."+name+" must be a list")
				return false
			}
			vals = list
		}
		for _, x := range vals {
			var ok bool
			switch p["type"] {
			case "string", "expression", "radio", "ipRange":
				_, ok = x.(string)
			case "int", "double":
				_, ok = x.(float64)
			case "boolean":
				_, ok = x.(bool)
			case "keyvalues", "object":
				_, ok = x.(map[string]any)
			default:
				ok = true
			}
			if !ok {
				jsonError(w, http.StatusBadRequest, fmt.Sprintf("configurationData.%s must be of type %s", name, p["type"]))
				return false
			}
		}
	}
	for k := range conf {
		if !known[k] {
			jsonError(w, http.StatusBadRequest, "configurationData."+k+" is not a property of "+t.AssetID)
			return false
		}
	}
	return true
}

func (s *Server) handleApplyPolicy(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	var body struct {
		GroupID           string         `json:"groupId"`
		AssetID           string         `json:"assetId"`
		AssetVersion      string         `json:"assetVersion"`
		PolicyTemplateID  string         `json:"policyTemplateId"`
		ConfigurationData map[string]any `json:"configurationData"`
		PointcutData      any            `json:"pointcutData"`
		Order             int            `json:"order"`
		Disabled          bool           `json:"disabled"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	st := s.apim()
	var t *apimTemplate
	for _, x := range st.templates {
		if (x.GroupID == body.GroupID && x.AssetID == body.AssetID && x.Version == body.AssetVersion) || (body.PolicyTemplateID != "" && x.ID == body.PolicyTemplateID) {
			t = x
		}
	}
	if t == nil {
		jsonError(w, http.StatusNotFound, fmt.Sprintf("Policy template %s:%s:%s not found", body.GroupID, body.AssetID, body.AssetVersion))
		return
	}
	if !slices.Contains(t.Directions, "inbound") {
		jsonError(w, http.StatusBadRequest, "Policy "+t.AssetID+" can not be applied as inbound")
		return
	}
	if body.ConfigurationData == nil {
		body.ConfigurationData = map[string]any{}
	}
	if !checkConfig(w, t, body.ConfigurationData) {
		return
	}
	for _, p := range st.instancePolicies(in.ID) {
		if p.Template == t {
			jsonError(w, http.StatusConflict, "Policy "+t.AssetID+" is already applied to the API")
			return
		}
	}
	p := &apimPolicy{ID: st.next(), InstanceID: in.ID, Template: t, Config: body.ConfigurationData, Pointcuts: body.PointcutData, Disabled: body.Disabled, Created: s.now()}
	n := len(st.instancePolicies(in.ID))
	if body.Order < 1 || body.Order > n+1 {
		p.Order = n + 1
	} else {
		for _, q := range st.instancePolicies(in.ID) {
			if q.Order >= body.Order {
				q.Order++
			}
		}
		p.Order = body.Order
	}
	st.policies[p.ID] = p
	st.renumber(in.ID)
	writeJSON(w, http.StatusCreated, s.policyJSON(p))
}

func (s *Server) handleOrderPolicies(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	var body []struct {
		ID    int `json:"id"`
		Order int `json:"order"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	st := s.apim()
	for _, b := range body {
		if p := st.policies[b.ID]; p == nil || p.InstanceID != in.ID {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("Policy %d is not applied to the API", b.ID))
			return
		}
		if b.Order < 1 {
			jsonError(w, http.StatusBadRequest, "order must be positive")
			return
		}
	}
	// The listed policies take their new places; the others keep theirs behind them.
	for _, b := range body {
		st.policies[b.ID].Order = b.Order * 2
	}
	for _, p := range st.instancePolicies(in.ID) {
		if !slices.ContainsFunc(body, func(b struct {
			ID    int `json:"id"`
			Order int `json:"order"`
		}) bool {
			return b.ID == p.ID
		}) {
			p.Order = p.Order*2 + 1
		}
	}
	st.renumber(in.ID)
	writeJSON(w, http.StatusOK, map[string]any{"message": "Policies order updated"})
}

func (s *Server) policyHandler(h func(w http.ResponseWriter, r *http.Request, p *apimPolicy)) func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	return func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
		id, _ := strconv.Atoi(r.PathValue("policyId"))
		p := s.apim().policies[id]
		if p == nil || p.InstanceID != in.ID {
			jsonError(w, http.StatusNotFound, "Policy "+r.PathValue("policyId")+" not found")
			return
		}
		h(w, r, p)
	}
}

func (s *Server) handleGetPolicy(w http.ResponseWriter, r *http.Request, p *apimPolicy) {
	writeJSON(w, http.StatusOK, s.policyJSON(p))
}

func (s *Server) handlePatchPolicy(w http.ResponseWriter, r *http.Request, p *apimPolicy) {
	var body struct {
		ConfigurationData map[string]any  `json:"configurationData"`
		PointcutData      json.RawMessage `json:"pointcutData"`
		Disabled          *bool           `json:"disabled"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.ConfigurationData != nil {
		if !checkConfig(w, p.Template, body.ConfigurationData) {
			return
		}
		p.Config = body.ConfigurationData
	}
	if body.PointcutData != nil {
		_ = json.Unmarshal(body.PointcutData, &p.Pointcuts)
	}
	if body.Disabled != nil {
		p.Disabled = *body.Disabled
	}
	writeJSON(w, http.StatusOK, s.policyJSON(p))
}

func (s *Server) handleDeletePolicy(w http.ResponseWriter, r *http.Request, p *apimPolicy) {
	st := s.apim()
	delete(st.policies, p.ID)
	st.renumber(p.InstanceID)
	w.WriteHeader(http.StatusNoContent)
}

func (t *apimTemplate) json(detail bool) map[string]any {
	out := map[string]any{"id": t.ID, "groupId": t.GroupID, "assetId": t.AssetID, "assetVersion": t.Version, "name": t.Name,
		"category": t.Category, "type": t.Type, "supportedDirections": t.Directions}
	if detail {
		out["configuration"] = t.Props
	}
	return out
}

// visible reports whether org may use the template: MuleSoft's are everyone's, a custom
// one belongs to its group's organization.
func (t *apimTemplate) visible(s *Server, orgID string) bool {
	return t.GroupID == MuleSoftPolicyGroupID || s.rootOf(t.GroupID) == s.rootOf(orgID)
}

func (s *Server) handleListTemplates(w http.ResponseWriter, r *http.Request, o *org) {
	data := []map[string]any{}
	for _, t := range s.apim().templates {
		if t.visible(s, o.ID) {
			data = append(data, t.json(false))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(data), "data": data})
}

func (s *Server) handleGetTemplate(w http.ResponseWriter, r *http.Request, o *org) {
	for _, t := range s.apim().templates {
		if t.ID == r.PathValue("policyTemplateId") && t.visible(s, o.ID) {
			writeJSON(w, http.StatusOK, t.json(true))
			return
		}
	}
	jsonError(w, http.StatusNotFound, "There is no policy template defined under the specified id")
}

// ---- tiers ----

func (s *Server) tierJSON(t *apimTier) map[string]any {
	in := s.apim().instances[t.InstanceID]
	out := maps.Clone(t.Body)
	maps.Copy(out, map[string]any{"id": t.ID, "apiId": t.InstanceID, "organizationId": in.OrgID, "masterOrganizationId": s.rootOf(in.OrgID), "audit": audit(t.Created, time.Time{})})
	return out
}

func (s *Server) handleListTiers(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	offset, limit, ok := pageParams(w, r.URL.Query(), 100, 250)
	if !ok {
		return
	}
	st := s.apim()
	var all []map[string]any
	for _, id := range slices.Sorted(maps.Keys(st.tiers)) {
		if t := st.tiers[id]; t.InstanceID == in.ID && (r.URL.Query().Get("active") != "true" || t.Body["status"] == "ACTIVE") {
			all = append(all, s.tierJSON(t))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(all), "tiers": pageOf(all, offset, limit)})
}

// tierBody reads a tier as tierPOST.json describes it (name and status required).
func tierBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return nil, false
	}
	if name, _ := body["name"].(string); name == "" {
		jsonError(w, http.StatusBadRequest, "name is required")
		return nil, false
	}
	if st := body["status"]; st != "ACTIVE" && st != "DEPRECATED" {
		jsonError(w, http.StatusBadRequest, "status must be ACTIVE or DEPRECATED")
		return nil, false
	}
	if _, ok := body["limits"].([]any); !ok {
		jsonError(w, http.StatusBadRequest, "limits must be a list")
		return nil, false
	}
	return body, true
}

func (s *Server) handleCreateTier(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	body, ok := tierBody(w, r)
	if !ok {
		return
	}
	st := s.apim()
	for _, t := range st.tiers {
		if t.InstanceID == in.ID && t.Body["name"] == body["name"] {
			jsonError(w, http.StatusConflict, "A tier with this name already exists")
			return
		}
	}
	t := &apimTier{ID: st.next(), InstanceID: in.ID, Body: body, Created: s.now()}
	st.tiers[t.ID] = t
	writeJSON(w, http.StatusCreated, s.tierJSON(t))
}

func (s *Server) tierHandler(h func(w http.ResponseWriter, r *http.Request, t *apimTier)) func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	return func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
		id, _ := strconv.Atoi(r.PathValue("tierId"))
		t := s.apim().tiers[id]
		if t == nil || t.InstanceID != in.ID {
			jsonError(w, http.StatusNotFound, "Tier "+r.PathValue("tierId")+" not found")
			return
		}
		h(w, r, t)
	}
}

func (s *Server) handlePutTier(w http.ResponseWriter, r *http.Request, t *apimTier) {
	body, ok := tierBody(w, r)
	if !ok {
		return
	}
	t.Body = body
	writeJSON(w, http.StatusCreated, s.tierJSON(t))
}

func (s *Server) handleDeleteTier(w http.ResponseWriter, r *http.Request, t *apimTier) {
	st := s.apim()
	for _, c := range st.contracts {
		if c.TierID == t.ID && c.Status == "APPROVED" {
			jsonError(w, http.StatusConflict, "The tier has approved contracts")
			return
		}
	}
	delete(st.tiers, t.ID)
	w.WriteHeader(http.StatusNoContent)
}

// ---- contracts and client applications ----

func (s *Server) appJSON(a *apimApp) map[string]any {
	return map[string]any{"id": a.ID, "name": a.Name, "description": nullable(a.Description), "url": nullable(a.URL),
		"coreServicesId": a.ClientID, "clientId": a.ClientID, "grantTypes": []string{}, "redirectUri": []string{},
		"clientProvider": map[string]any{"providerId": a.ProviderID}, "audit": audit(a.Created, time.Time{})}
}

func (s *Server) contractJSON(c *apimContract) map[string]any {
	st := s.apim()
	in := st.instances[c.InstanceID]
	out := map[string]any{
		"id": c.ID, "status": c.Status, "applicationId": c.AppID, "application": s.appJSON(st.apps[c.AppID]),
		"tierId": nil, "tier": nil, "requestedTierId": nil, "requestedTier": nil, "apiId": c.InstanceID,
		"approvedDate": dateOrNull(c.Approved), "rejectedDate": dateOrNull(c.Rejected), "revokedDate": dateOrNull(c.Revoked),
		"partyId": "", "partyName": "", "terms": nil, "organizationId": in.OrgID, "masterOrganizationId": s.rootOf(in.OrgID),
		"audit": audit(c.Created, time.Time{}),
	}
	if t := st.tiers[c.TierID]; t != nil {
		out["tierId"], out["tier"] = t.ID, s.tierJSON(t)
	}
	if t := st.tiers[c.RequestedTierID]; t != nil {
		out["requestedTierId"], out["requestedTier"] = t.ID, s.tierJSON(t)
	}
	if c.Reason != "" {
		out["requestAccessInfo"] = map[string]any{"reason": c.Reason}
	}
	return out
}

func (s *Server) handleListContracts(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	q := r.URL.Query()
	offset, limit, ok := pageParams(w, q, 100, 250)
	if !ok {
		return
	}
	st := s.apim()
	var all []map[string]any
	for _, id := range slices.Sorted(maps.Keys(st.contracts)) {
		c := st.contracts[id]
		if c.InstanceID != in.ID || (q.Get("status") != "" && !strings.EqualFold(q.Get("status"), c.Status)) ||
			(q.Get("coreServicesId") != "" && st.apps[c.AppID].ClientID != q.Get("coreServicesId")) {
			continue
		}
		all = append(all, s.contractJSON(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(all), "contracts": pageOf(all, offset, limit)})
}

func (s *Server) handleCreateContract(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	var body struct {
		ApplicationID     int `json:"applicationId"`
		RequestedTierID   int `json:"requestedTierId"`
		RequestAccessInfo *struct {
			Reason string `json:"reason"`
		} `json:"requestAccessInfo"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	st := s.apim()
	app := st.apps[body.ApplicationID]
	if body.ApplicationID < 1 || app == nil || s.rootOf(app.OrgID) != s.rootOf(in.OrgID) {
		jsonError(w, http.StatusNotFound, fmt.Sprintf("Application %d not found", body.ApplicationID))
		return
	}
	c := &apimContract{InstanceID: in.ID, AppID: app.ID, Status: "APPROVED", Created: s.now()}
	hasTiers := false
	for _, t := range st.tiers {
		hasTiers = hasTiers || t.InstanceID == in.ID
	}
	switch t := st.tiers[body.RequestedTierID]; {
	case body.RequestedTierID != 0 && (t == nil || t.InstanceID != in.ID):
		jsonError(w, http.StatusNotFound, fmt.Sprintf("Tier %d not found", body.RequestedTierID))
		return
	case t != nil && t.Body["status"] != "ACTIVE":
		jsonError(w, http.StatusBadRequest, "The tier is deprecated")
		return
	case t != nil:
		c.TierID = t.ID
		if auto, _ := t.Body["autoApprove"].(bool); !auto {
			c.Status, c.TierID, c.RequestedTierID = "PENDING", 0, t.ID
		}
	case hasTiers:
		jsonError(w, http.StatusBadRequest, "The API has SLA tiers: requestedTierId is required")
		return
	}
	for _, o := range st.contracts {
		if o.InstanceID == in.ID && o.AppID == app.ID {
			jsonError(w, http.StatusConflict, "The application already has a contract with this API")
			return
		}
	}
	if body.RequestAccessInfo != nil {
		c.Reason = body.RequestAccessInfo.Reason
	}
	if c.Status == "APPROVED" {
		c.Approved = c.Created
	}
	c.ID = st.next()
	st.contracts[c.ID] = c
	writeJSON(w, http.StatusCreated, s.contractJSON(c))
}

func (s *Server) contractHandler(h func(w http.ResponseWriter, r *http.Request, c *apimContract)) func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	return func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
		id, _ := strconv.Atoi(r.PathValue("contractId"))
		c := s.apim().contracts[id]
		if c == nil || c.InstanceID != in.ID {
			jsonError(w, http.StatusNotFound, "Contract "+r.PathValue("contractId")+" not found")
			return
		}
		h(w, r, c)
	}
}

func (s *Server) handleGetContract(w http.ResponseWriter, r *http.Request, c *apimContract) {
	writeJSON(w, http.StatusOK, s.contractJSON(c))
}

func (s *Server) handlePatchContract(w http.ResponseWriter, r *http.Request, c *apimContract) {
	var body struct {
		TierID          int `json:"tierId"`
		RequestedTierID int `json:"requestedTierId"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	for _, id := range []int{body.TierID, body.RequestedTierID} {
		if t := s.apim().tiers[id]; id != 0 && (t == nil || t.InstanceID != c.InstanceID) {
			jsonError(w, http.StatusNotFound, fmt.Sprintf("Tier %d not found", id))
			return
		}
	}
	if body.TierID != 0 {
		c.TierID, c.RequestedTierID = body.TierID, 0
	}
	if body.RequestedTierID != 0 {
		c.RequestedTierID = body.RequestedTierID
	}
	writeJSON(w, http.StatusOK, s.contractJSON(c))
}

func (s *Server) handleDeleteContract(w http.ResponseWriter, r *http.Request, c *apimContract) {
	if c.Status == "APPROVED" || c.Status == "PENDING" {
		jsonError(w, http.StatusConflict, "Contract "+strconv.Itoa(c.ID)+" is "+c.Status+": revoke or reject it first")
		return
	}
	delete(s.apim().contracts, c.ID)
	w.WriteHeader(http.StatusNoContent)
}

// contractTransition serves an API Platform status path: the contract moves from one
// status to another, or the request is a 409.
func (s *Server) contractTransition(from, to string) orgFunc {
	return func(w http.ResponseWriter, r *http.Request, o *org) {
		st := s.apim()
		apiID, _ := strconv.Atoi(r.PathValue("apiId"))
		instID, _ := strconv.Atoi(r.PathValue("apiVersionId"))
		contractID, _ := strconv.Atoi(r.PathValue("contractId"))
		in := st.instances[instID]
		c := st.contracts[contractID]
		if in == nil || in.APIID != apiID || s.rootOf(in.OrgID) != s.rootOf(o.ID) || c == nil || c.InstanceID != in.ID {
			jsonError(w, http.StatusNotFound, "Contract "+r.PathValue("contractId")+" not found")
			return
		}
		if c.Status != from {
			jsonError(w, http.StatusConflict, "Contract "+strconv.Itoa(c.ID)+" is "+c.Status+", not "+from)
			return
		}
		now := s.now()
		c.Status = to
		switch to {
		case "APPROVED":
			c.Approved, c.Revoked = now, time.Time{}
			if c.RequestedTierID != 0 {
				c.TierID, c.RequestedTierID = c.RequestedTierID, 0
			}
		case "REJECTED":
			c.Rejected = now
		case "REVOKED":
			c.Revoked = now
		}
		writeJSON(w, http.StatusCreated, s.contractJSON(c))
	}
}

func (s *Server) handleImportApplication(w http.ResponseWriter, r *http.Request, o *org) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return
	}
	for k := range body {
		if k != "clientId" && k != "providerId" && k != "description" && k != "url" {
			jsonError(w, http.StatusBadRequest, k+" is not a property of an application import")
			return
		}
	}
	clientID, _ := body["clientId"].(string)
	providerID, _ := body["providerId"].(string)
	if clientID == "" || len(clientID) > 20 || providerID == "" {
		jsonError(w, http.StatusBadRequest, "clientId (1 to 20 characters) and providerId are required")
		return
	}
	st := s.apim()
	for _, a := range st.apps {
		if a.ClientID == clientID && s.rootOf(a.OrgID) == s.rootOf(o.ID) {
			jsonError(w, http.StatusConflict, "Client "+clientID+" is already imported")
			return
		}
	}
	desc, _ := body["description"].(string)
	url, _ := body["url"].(string)
	a := &apimApp{ID: st.next(), OrgID: o.ID, Name: clientID, ClientID: clientID, ProviderID: providerID, Description: desc, URL: url, Created: s.now()}
	st.apps[a.ID] = a
	writeJSON(w, http.StatusCreated, s.appJSON(a))
}

func tagsOf(in *apimInstance) []string {
	if in.Tags == nil {
		return []string{}
	}
	return in.Tags
}

// AddAPIAsset publishes an API specification (a rest-api asset with a RAML main file) to
// the fake's Exchange in the group orgID, as a pipeline would before managing it, and
// returns it.
func (s *Server) AddAPIAsset(orgID, assetID, version string) ExchangeAsset {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &ExchangeAsset{OrgID: orgID, GroupID: orgID, AssetID: assetID, Version: version, Name: assetID, Type: "rest-api",
		Status: "published", Properties: map[string]string{"apiVersion": "v1", "mainFile": assetID + ".raml"}, Created: s.now(),
		Files: []ExchangeFile{{Classifier: "raml", Packaging: "zip", Name: assetID + ".zip"}}}
	s.exchange.assets[exchangeKey(a.GroupID, a.AssetID, a.Version)] = a
	return *a
}
