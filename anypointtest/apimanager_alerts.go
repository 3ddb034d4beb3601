package anypointtest

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The API alerts and automated policies of the fake API Manager.

type apimAlert struct {
	ID         string
	InstanceID int
	Body       map[string]any
	Created    time.Time
	Modified   time.Time
}

type apimAuto struct {
	ID       int
	OrgID    string
	Template *apimTemplate
	Body     map[string]any
	Created  time.Time
}

func (s *Server) apiManagerAlertRoutes() {
	const am = "api-manager"
	inst := s.apimInstanceHandler
	s.handle(op(am, "listOrganizationsEnvironmentsApisAlerts"), inst(s.handleListAlerts))
	s.handle(op(am, "createOrganizationsEnvironmentsApisAlerts"), inst(s.handleCreateAlert))
	s.handle(op(am, "getOrganizationsEnvironmentsApisAlerts"), inst(s.alertHandler(s.handleGetAlert)))
	s.handle(op(am, "updateOrganizationsEnvironmentsApisAlerts"), inst(s.alertHandler(s.handlePatchAlert)))
	s.handle(op(am, "deleteOrganizationsEnvironmentsApisAlerts"), inst(s.alertHandler(s.handleDeleteAlert)))
	s.handle(op(am, "listOrganizationsAutomatedpolicies"), s.orgHandler(s.handleListAutomated, "environmentId", "runtimeVersion"))
	s.handle(op(am, "createOrganizationsAutomatedpolicies"), s.orgHandler(s.handleCreateAutomated))
	s.handle(op(am, "getOrganizationsAutomatedpolicies"), s.orgHandler(s.automatedHandler(s.handleGetAutomated)))
	s.handle(op(am, "deleteOrganizationsAutomatedpolicies"), s.orgHandler(s.automatedHandler(s.handleDeleteAutomated)))
}

func (s *Server) alertJSON(a *apimAlert) map[string]any {
	in := s.apim().instances[a.InstanceID]
	out := maps.Clone(a.Body)
	maps.Copy(out, map[string]any{"id": a.ID, "api": map[string]any{"id": in.ID, "name": s.apim().apis[in.APIID].Name},
		"environmentId": in.EnvID, "organizationId": in.OrgID, "createdAt": a.Created.UnixMilli(), "lastModified": a.Modified.UnixMilli()})
	return out
}

func (s *Server) instanceAlerts(instanceID int) []map[string]any {
	st := s.apim()
	var list []*apimAlert
	for _, a := range st.alerts {
		if a.InstanceID == instanceID {
			list = append(list, a)
		}
	}
	slices.SortFunc(list, func(a, b *apimAlert) int { return a.Created.Compare(b.Created) })
	out := []map[string]any{}
	for _, a := range list {
		out = append(out, s.alertJSON(a))
	}
	return out
}

func (s *Server) handleListAlerts(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	writeJSON(w, http.StatusOK, s.instanceAlerts(in.ID))
}

// alertBody reads an alert as alert.json and its example describe it.
func alertBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return nil, false
	}
	for _, f := range []string{"name", "type", "severity"} {
		if v, _ := body[f].(string); v == "" {
			jsonError(w, http.StatusBadRequest, f+" is required")
			return nil, false
		}
	}
	if list, ok := body["recipients"].([]any); !ok || len(list) == 0 {
		jsonError(w, http.StatusBadRequest, "recipients must be a non-empty list")
		return nil, false
	}
	return body, true
}

func (s *Server) handleCreateAlert(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	body, ok := alertBody(w, r)
	if !ok {
		return
	}
	st := s.apim()
	// The clock may stand still (WithClock): order by a sequence as well.
	now := s.now().Add(time.Duration(st.next()))
	a := &apimAlert{ID: randomUUID(), InstanceID: in.ID, Body: body, Created: now, Modified: now}
	st.alerts[a.ID] = a
	writeJSON(w, http.StatusCreated, s.instanceAlerts(in.ID))
}

func (s *Server) alertHandler(h func(w http.ResponseWriter, r *http.Request, a *apimAlert)) func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
	return func(w http.ResponseWriter, r *http.Request, in *apimInstance) {
		a := s.apim().alerts[r.PathValue("alertId")]
		if a == nil || a.InstanceID != in.ID {
			jsonError(w, http.StatusNotFound, "Specified alert not found")
			return
		}
		h(w, r, a)
	}
}

func (s *Server) handleGetAlert(w http.ResponseWriter, r *http.Request, a *apimAlert) {
	writeJSON(w, http.StatusOK, s.alertJSON(a))
}

func (s *Server) handlePatchAlert(w http.ResponseWriter, r *http.Request, a *apimAlert) {
	body, ok := alertBody(w, r)
	if !ok {
		return
	}
	a.Body, a.Modified = body, s.now()
	writeJSON(w, http.StatusOK, s.alertJSON(a))
}

func (s *Server) handleDeleteAlert(w http.ResponseWriter, r *http.Request, a *apimAlert) {
	delete(s.apim().alerts, a.ID)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) automatedJSON(p *apimAuto) map[string]any {
	out := maps.Clone(p.Body)
	maps.Copy(out, map[string]any{"id": p.ID, "policyTemplateId": p.Template.ID, "audit": audit(p.Created, time.Time{})})
	return out
}

func (s *Server) handleListAutomated(w http.ResponseWriter, r *http.Request, o *org) {
	envID := r.URL.Query().Get("environmentId")
	if envID == "" {
		jsonError(w, http.StatusBadRequest, "environmentId is required")
		return
	}
	st := s.apim()
	out := []map[string]any{}
	for _, id := range slices.Sorted(maps.Keys(st.auto)) {
		p := st.auto[id]
		if rule, _ := p.Body["ruleOfApplication"].(map[string]any); p.OrgID == o.ID && rule["environmentId"] == envID {
			out = append(out, s.automatedJSON(p))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"automatedPolicies": out, "total": len(out)})
}

func (s *Server) handleCreateAutomated(w http.ResponseWriter, r *http.Request, o *org) {
	var body map[string]any
	if !decodeBody(w, r, &body) {
		return
	}
	rule, _ := body["ruleOfApplication"].(map[string]any)
	if env, _ := rule["environmentId"].(string); env == "" {
		jsonError(w, http.StatusBadRequest, "ruleOfApplication.environmentId is required")
		return
	}
	conf, ok := body["configurationData"].(map[string]any)
	if !ok {
		jsonError(w, http.StatusBadRequest, "configurationData is required")
		return
	}
	st := s.apim()
	var t *apimTemplate
	for _, x := range st.templates {
		if x.GroupID == body["groupId"] && x.AssetID == body["assetId"] && x.Version == body["assetVersion"] {
			t = x
		}
	}
	if t == nil {
		jsonError(w, http.StatusNotFound, "Policy template not found")
		return
	}
	if !checkConfig(w, t, conf) {
		return
	}
	p := &apimAuto{ID: st.next(), OrgID: o.ID, Template: t, Body: body, Created: s.now()}
	st.auto[p.ID] = p
	writeJSON(w, http.StatusCreated, s.automatedJSON(p))
}

func (s *Server) automatedHandler(h func(w http.ResponseWriter, r *http.Request, p *apimAuto)) orgFunc {
	return func(w http.ResponseWriter, r *http.Request, o *org) {
		id, _ := strconv.Atoi(r.PathValue("automatedPolicyId"))
		p := s.apim().auto[id]
		if p == nil || p.OrgID != o.ID {
			jsonError(w, http.StatusNotFound, "Automated policy "+r.PathValue("automatedPolicyId")+" not found")
			return
		}
		h(w, r, p)
	}
}

func (s *Server) handleGetAutomated(w http.ResponseWriter, r *http.Request, p *apimAuto) {
	writeJSON(w, http.StatusOK, s.automatedJSON(p))
}

func (s *Server) handleDeleteAutomated(w http.ResponseWriter, r *http.Request, p *apimAuto) {
	delete(s.apim().auto, p.ID)
	w.WriteHeader(http.StatusNoContent)
}
