package anypointtest

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The upstreams of the fake API Manager's instances (Flex Gateway routing), and the client
// applications made on the API Platform paths.

type apimUpstream struct {
	ID, Label, URI string
	InstanceID     int
	seq            int
}

func (s *Server) apiManagerUpstreamRoutes() {
	const am = "api-manager"
	inst := s.apimInstanceHandler
	s.handle(op(am, "listOrganizationsEnvironmentsApisUpstreams"), inst(s.handleListUpstreams))
	s.handle(op(am, "createOrganizationsEnvironmentsApisUpstreams"), inst(s.handleCreateUpstream))
	s.handle(op(am, "getOrganizationsEnvironmentsApisUpstreams"), inst(s.upstreamHandler(s.handleGetUpstream)))
	s.handle(op(am, "updateOrganizationsEnvironmentsApisUpstreams"), inst(s.upstreamHandler(s.handlePatchUpstream)))
	s.handle(op(am, "deleteOrganizationsEnvironmentsApisUpstreams"), inst(s.upstreamHandler(s.handleDeleteUpstream)))
}

func (u *apimUpstream) json() map[string]any {
	return map[string]any{"id": u.ID, "label": nullable(u.Label), "uri": u.URI}
}

func (s *Server) handleListUpstreams(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	var list []*apimUpstream
	for _, u := range s.apim().upstreams {
		if u.InstanceID == in.ID {
			list = append(list, u)
		}
	}
	slices.SortFunc(list, func(a, b *apimUpstream) int { return a.seq - b.seq })
	out := []map[string]any{}
	for _, u := range list {
		out = append(out, u.json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(out), "upstreams": out})
}

// upstreamBody reads upstreamPOST-oas.json: uri and label, each at least one character.
func upstreamBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return nil, false
	}
	for k, v := range body {
		sv, ok := v.(string)
		if (k != "uri" && k != "label") || !ok || strings.TrimSpace(sv) == "" {
			jsonError(w, http.StatusBadRequest, k+" is not a non-empty uri or label")
			return nil, false
		}
	}
	return body, true
}

func (s *Server) handleCreateUpstream(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	body, ok := upstreamBody(w, r)
	if !ok {
		return
	}
	uri, _ := body["uri"].(string)
	if uri == "" {
		jsonError(w, http.StatusBadRequest, "uri is required")
		return
	}
	label, _ := body["label"].(string)
	st := s.apim()
	u := &apimUpstream{ID: randomUUID(), Label: label, URI: uri, InstanceID: in.ID, seq: st.next()}
	st.upstreams[u.ID] = u
	writeJSON(w, http.StatusCreated, u.json())
}

func (s *Server) upstreamHandler(h func(w http.ResponseWriter, r *http.Request, u *apimUpstream)) func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	return func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
		u := s.apim().upstreams[r.PathValue("upstreamId")]
		if u == nil || u.InstanceID != in.ID {
			jsonError(w, http.StatusNotFound, "Upstream "+r.PathValue("upstreamId")+" not found")
			return
		}
		h(w, r, u)
	}
}

func (s *Server) handleGetUpstream(w http.ResponseWriter, r *http.Request, u *apimUpstream) {
	writeJSON(w, http.StatusOK, u.json())
}

func (s *Server) handlePatchUpstream(w http.ResponseWriter, r *http.Request, u *apimUpstream) {
	body, ok := upstreamBody(w, r)
	if !ok {
		return
	}
	if v, ok := body["uri"].(string); ok {
		u.URI = v
	}
	if v, ok := body["label"].(string); ok {
		u.Label = v
	}
	writeJSON(w, http.StatusOK, u.json())
}

func (s *Server) handleDeleteUpstream(w http.ResponseWriter, r *http.Request, u *apimUpstream) {
	delete(s.apim().upstreams, u.ID)
	w.WriteHeader(http.StatusNoContent)
}

// ---- client applications made on the API Platform paths ----

func (s *Server) apiPlatformApplicationRoutes() {
	const ap = "api-platform"
	s.handle(op(ap, "createOrganizationsByOrganizationidApplications"), s.orgHandler(s.handleCreateClientApplication, "apiVersionId", "groupInstanceId"))
	s.handle(op(ap, "getOrganizationsByOrganizationidApplicationsByApplicationid"), s.orgHandler(s.clientAppHandler(s.handleGetClientApplication), "ignoreOwners"))
	s.handle(op(ap, "deleteOrganizationsByOrganizationidApplicationsByApplicationid"), s.orgHandler(s.clientAppHandler(s.handleDeleteClientApplication)))
}

func (s *Server) handleCreateClientApplication(w http.ResponseWriter, r *http.Request, o *org) {
	var body struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		URL         string   `json:"url"`
		RedirectURI []string `json:"redirectUri"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if strings.TrimSpace(body.Name) == "" {
		jsonError(w, http.StatusBadRequest, "name is required")
		return
	}
	st := s.apim()
	for _, a := range st.apps {
		if a.Name == body.Name && s.rootOf(a.OrgID) == s.rootOf(o.ID) {
			jsonError(w, http.StatusConflict, "An application named "+body.Name+" already exists")
			return
		}
	}
	a := &apimApp{ID: st.next(), OrgID: o.ID, Name: body.Name, ClientID: randomHex(32), Description: body.Description, URL: body.URL, Created: s.now()}
	st.apps[a.ID] = a
	out := s.appJSON(a)
	out["clientSecret"] = randomHex(32) // answered once, at creation
	out["redirectUri"] = body.RedirectURI
	out["masterOrganizationId"] = s.rootOf(o.ID)
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) clientAppHandler(h func(w http.ResponseWriter, r *http.Request, a *apimApp)) orgFunc {
	return func(w http.ResponseWriter, r *http.Request, o *org) {
		id, _ := strconv.Atoi(r.PathValue("applicationId"))
		a := s.apim().apps[id]
		if a == nil || s.rootOf(a.OrgID) != s.rootOf(o.ID) {
			jsonError(w, http.StatusNotFound, "Application "+r.PathValue("applicationId")+" not found")
			return
		}
		h(w, r, a)
	}
}

func (s *Server) handleGetClientApplication(w http.ResponseWriter, r *http.Request, a *apimApp) {
	writeJSON(w, http.StatusOK, s.appJSON(a))
}

func (s *Server) handleDeleteClientApplication(w http.ResponseWriter, r *http.Request, a *apimApp) {
	st := s.apim()
	maps.DeleteFunc(st.contracts, func(_ int, c *apimContract) bool { return c.AppID == a.ID })
	delete(st.apps, a.ID)
	w.WriteHeader(http.StatusNoContent)
}
