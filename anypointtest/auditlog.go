package anypointtest

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The audit log part of the fake: an audit trail of every call the fake served with a valid
// token (the audit API's own calls aside), with the caller's client ID and user, and the
// Audit Log Query API over it (MuleSoft's mulesoft-dx apis/audit-log-query/api.yaml): the
// query with offset or cursor paging, its CSV export, and the lists of platforms, object
// types and actions.

// AuditPath is the base path of the Audit Log Query API.
const AuditPath = "/audit/v2"

// auditTrailCap bounds the audit trail, as requestLogCap bounds the request log.
const auditTrailCap = 200_000

// AuditEntry is one entry of the fake's audit trail.
type AuditEntry struct {
	// ID identifies the entry; the fake makes one when it is empty.
	ID string
	// Time is when the call was served, by the server's clock.
	Time time.Time
	// OrgID is the organization the call acted in; EnvID its environment, if any.
	OrgID, EnvID string
	// Platform is the product: "coreservices" (Access Management), "design-center",
	// "exchange" or "runtime-manager".
	Platform string
	// Action is "view" (GET), "create" (POST), "update" (PUT, PATCH) or "delete".
	Action string
	// ObjectType, ObjectID and ObjectName name what the call acted on, such as "deployment",
	// its ID and name.
	ObjectType, ObjectID, ObjectName string
	// UserID and UserName are the user the token acts for (for a client-credentials app, its
	// owner); ClientID is the connected app's client ID.
	UserID, UserName, ClientID string
	// Failed is true when the call was answered with an error status.
	Failed bool
	// Method, Path and Status are the call as served (in the entry's payload).
	Method, Path string
	// Status is the HTTP status code the call was answered with.
	Status int
	// RequestID is the X-Request-Id of the answer (the entry's anypointTransactionId).
	RequestID string
}

// auditState is the fake's audit trail; the server's lock guards it.
type auditState struct {
	entries []*AuditEntry // oldest first
	seq     int64
	ids     map[string]int64 // entry ID → its place in the order, for cursors
}

// AuditTrail returns a copy of the audit trail, oldest first.
func (s *Server) AuditTrail() []AuditEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]AuditEntry, len(s.audit.entries))
	for i, e := range s.audit.entries {
		out[i] = *e
	}
	return out
}

// AddAuditEntries adds entries to the audit trail, as if the platform had recorded them:
// for a test of paging, or of a query over a day's worth. An entry without a Time gets the
// server's time, without an OrgID the root organization. Entries are kept in time order.
func (s *Server) AddAuditEntries(entries ...AuditEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range entries {
		if e.Time.IsZero() {
			e.Time = s.now()
		}
		e.OrgID = cmp.Or(e.OrgID, OrgID)
		s.addAudit(&e)
	}
	slices.SortStableFunc(s.audit.entries, func(a, b *AuditEntry) int { return a.Time.Compare(b.Time) })
	s.audit.ids = map[string]int64{}
	for i, e := range s.audit.entries {
		s.audit.ids[e.ID] = int64(i)
	}
}

// addAudit appends an entry; the caller holds the lock.
func (s *Server) addAudit(e *AuditEntry) {
	s.audit.seq++
	if e.ID == "" {
		e.ID = derivedID("audit:" + strconv.FormatInt(s.audit.seq, 10) + ":" + e.Path)
	}
	if len(s.audit.entries) >= auditTrailCap {
		s.audit.entries = slices.Clone(s.audit.entries[len(s.audit.entries)-auditTrailCap/2:])
		s.audit.ids = map[string]int64{}
		for i, old := range s.audit.entries {
			s.audit.ids[old.ID] = int64(i)
		}
	}
	s.audit.ids[e.ID] = int64(len(s.audit.entries))
	s.audit.entries = append(s.audit.entries, e)
}

// auditCall is who made a call, taken before its handler runs (a handler may revoke the
// token it came with), and what the handler says the call acted on.
type auditCall struct {
	clientID, userID, userName, orgID string
	objectID, objectName              string
}

type auditKey struct{}

// noteAuditObject lets a handler name the object a call created, which the route does not
// name (a POST to a collection). The caller holds the lock.
func noteAuditObject(r *http.Request, id, name string) {
	if c, ok := r.Context().Value(auditKey{}).(*auditCall); ok {
		c.objectID, c.objectName = id, name
	}
}

// auditCaller returns who is calling with a valid token, or nil.
func (s *Server) auditCaller(r *http.Request) *auditCall {
	if strings.HasPrefix(r.URL.Path, AuditPath+"/") || r.Header.Get("Authorization") == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.bearer(r)
	if p == nil {
		return nil
	}
	return &auditCall{clientID: p.app.ClientID, userID: p.user.ID, userName: p.user.Username, orgID: p.app.OrgID}
}

// recordCall adds a served call to the audit trail.
func (s *Server) recordCall(c *auditCall, w http.ResponseWriter, r *http.Request, segs []string) {
	if c == nil {
		return
	}
	status := http.StatusOK
	switch v := w.(type) {
	case *statusWriter:
		if v.entry != nil && v.entry.status.Load() != 0 {
			status = int(v.entry.status.Load())
		}
	case *httptest.ResponseRecorder:
		status = v.Code
	}
	e := &AuditEntry{
		OrgID: c.orgID, UserID: c.userID, UserName: c.userName, ClientID: c.clientID,
		Method: r.Method, Path: r.URL.Path, Status: status, Failed: status >= 400,
		RequestID: w.Header().Get("X-Request-Id"),
	}
	for _, k := range []string{"organizationId", "orgId", "id"} {
		if v := r.PathValue(k); v != "" {
			e.OrgID = v
		}
	}
	if v := r.Header.Get("x-organization-id"); v != "" {
		e.OrgID = v
	}
	e.EnvID = cmp.Or(r.PathValue("environmentId"), r.PathValue("envId"))
	switch {
	case strings.HasPrefix(r.URL.Path, "/accounts/"):
		e.Platform = "coreservices"
	case strings.HasPrefix(r.URL.Path, DesignCenterPath+"/"):
		e.Platform = "design-center"
	case strings.HasPrefix(r.URL.Path, ExchangePath+"/"):
		e.Platform = "exchange"
	default:
		e.Platform = "runtime-manager"
	}
	switch r.Method {
	case http.MethodGet:
		e.Action = "view"
	case http.MethodPost:
		e.Action = "create"
	case http.MethodDelete:
		e.Action = "delete"
	default:
		e.Action = "update"
	}
	// The object is named by the last literal segment of the route and the parameter after
	// it, if any: …/deployments/{deploymentId} is a deployment and its ID.
	for i := len(segs) - 1; i >= 0; i-- {
		if strings.HasPrefix(segs[i], "{") {
			if e.ObjectID == "" {
				e.ObjectID = r.PathValue(strings.TrimSuffix(strings.Trim(segs[i], "{}"), "..."))
			}
			continue
		}
		e.ObjectType = objectTypeOf(segs[i])
		break
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.objectID != "" {
		e.ObjectID, e.ObjectName = c.objectID, c.objectName
	}
	if e.ObjectType == "asset" && r.PathValue("assetId") != "" {
		e.ObjectID = r.PathValue("groupId") + ":" + r.PathValue("assetId") + ":" + r.PathValue("version")
		e.ObjectName = r.PathValue("assetId")
	}
	e.Time = s.now()
	if e.ObjectType == "deployment" {
		if d := s.deploys.byID[e.ObjectID]; d != nil {
			e.ObjectName = d.Name
		}
	}
	s.addAudit(e)
}

// objectTypeOf names the object of a route by its last literal segment.
func objectTypeOf(seg string) string {
	switch seg {
	case "search", "asset":
		return "asset"
	case "status":
		return "publication"
	case "me", "userinfo":
		return "user"
	case "save", "acquireLock", "releaseLock", "keepAlive":
		return "branch"
	case "exchange":
		return "exchange publication"
	}
	if strings.HasSuffix(seg, "ies") {
		return strings.TrimSuffix(seg, "ies") + "y"
	}
	return strings.TrimSuffix(seg, "s")
}

func (e *AuditEntry) json() map[string]any {
	obj := map[string]any{"objectId": e.ObjectID, "objectName": e.ObjectName, "objectType": e.ObjectType}
	return map[string]any{
		"id": e.ID, "timestamp": e.Time.UTC().Format("2006-01-02T15:04:05.000Z"),
		"organizationId": e.OrgID, "environmentId": nullable(e.EnvID),
		"platform": e.Platform, "action": e.Action, "objects": []map[string]any{obj},
		"userId": e.UserID, "userName": e.UserName, "clientId": nullable(e.ClientID),
		"failed": e.Failed, "anypointTransactionId": e.RequestID,
		"payload": map[string]any{"method": e.Method, "path": e.Path, "status": e.Status},
	}
}

// The catalog the helper lists answer: what the fake records.
var (
	auditPlatforms = [][2]string{{"coreservices", "Access Management"}, {"design-center", "Design Center"}, {"exchange", "Exchange"}, {"runtime-manager", "Runtime Manager"}}
	auditTypes     = map[string][]string{
		"coreservices":    {"environment", "organization", "hierarchy", "user", "connectedApplication", "scope", "authorization"},
		"design-center":   {"project", "branch", "file", "exchange publication"},
		"exchange":        {"asset", "publication"},
		"runtime-manager": {"deployment", "target"},
	}
	auditActions = []string{"view", "create", "update", "delete"}
)

func (s *Server) auditRoutes() {
	s.audit = auditState{ids: map[string]int64{}}
	const al = "audit-log-query"
	// The query's path ends in query{mediaTypeExtension}, which a ServeMux
	// pattern cannot hold: the fake serves the two the spec describes.
	query := op(al, "createOrganizationsByIdQueryMediatypeextension")
	s.handleAt(query, AuditPath+"/organizations/{id}/query", s.auditHandler(s.handleAuditQuery))
	s.handleAt(query, AuditPath+"/organizations/{id}/query.csv", s.auditHandler(s.handleAuditQuery))
	s.handle(op(al, "getOrganizationsByIdPlatforms"), s.auditHandler(func(w http.ResponseWriter, _ *http.Request, _ *org) {
		data := []map[string]any{}
		for _, p := range auditPlatforms {
			data = append(data, map[string]any{"name": p[0], "label": p[1]})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "total": len(data)})
	}))
	s.handle(op(al, "getOrganizationsByIdObjecttypes"), s.auditHandler(func(w http.ResponseWriter, _ *http.Request, _ *org) {
		byType := map[string][]string{}
		var names []string
		for _, p := range auditPlatforms {
			for _, t := range auditTypes[p[0]] {
				if byType[t] == nil {
					names = append(names, t)
				}
				byType[t] = append(byType[t], p[0])
			}
		}
		data := []map[string]any{}
		for _, t := range names {
			data = append(data, map[string]any{"name": t, "platforms": byType[t]})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "total": len(data)})
	}))
	s.handle(op(al, "getOrganizationsByIdActions"), s.auditHandler(func(w http.ResponseWriter, _ *http.Request, _ *org) {
		var all []string
		for _, p := range auditPlatforms {
			all = append(all, auditTypes[p[0]]...)
		}
		data := []map[string]any{}
		for _, a := range auditActions {
			data = append(data, map[string]any{"name": a, "objectTypes": all})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "total": len(data)})
	}))
}

func (s *Server) auditHandler(h orgFunc) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		if _, o := s.orgRequest(w, r, r.PathValue("id"), required(r)...); o != nil {
			h(w, r, o)
		}
	})
}

// auditQuery is the logQuery schema (with the form's clientIds and environmentIds).
type auditQuery struct {
	StartDate      json.RawMessage `json:"startDate"`
	EndDate        json.RawMessage `json:"endDate"`
	UserIDs        []string        `json:"userIds"`
	ClientIDs      []string        `json:"clientIds"`
	ObjectIDs      []string        `json:"objectIds"`
	EnvironmentIDs []string        `json:"environmentIds"`
	Platforms      []string        `json:"platforms"`
	ObjectTypes    []string        `json:"objectTypes"`
	Actions        []string        `json:"actions"`
	Failed         *bool           `json:"failed"`
	Ascending      *bool           `json:"ascending"`
	Limit          *int            `json:"limit"`
	Offset         int             `json:"offset"`
	Cursor         string          `json:"cursor"`
}

// auditDate reads a date of the query: ISO 8601 text or Unix milliseconds.
func auditDate(raw json.RawMessage) (time.Time, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false, nil
	}
	var ms int64
	if json.Unmarshal(raw, &ms) == nil {
		return time.UnixMilli(ms), true, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, false, fmt.Errorf("%s is not a date", raw)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("%q is not an ISO 8601 date", s)
}

func (s *Server) handleAuditQuery(w http.ResponseWriter, r *http.Request, o *org) {
	var q auditQuery
	if !decodeBody(w, r, &q) {
		return
	}
	csvOut := strings.HasSuffix(r.URL.Path, ".csv")
	start, ok, err := auditDate(q.StartDate)
	if err == nil && !ok {
		err = fmt.Errorf("startDate is required")
	}
	end, hasEnd, err2 := auditDate(q.EndDate)
	if err = cmp.Or(err, err2); err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	most := 200
	if csvOut {
		most = 300000
	}
	limit := most
	if q.Limit != nil {
		if *q.Limit < 1 || *q.Limit > most {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("limit must be between 1 and %d", most))
			return
		}
		limit = *q.Limit
	}
	if q.Offset < 0 {
		jsonError(w, http.StatusBadRequest, "offset must not be negative")
		return
	}
	ascending := q.Ascending == nil || *q.Ascending
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	match := func(e *AuditEntry) bool {
		return s.descends(e.OrgID, o.ID) && !e.Time.Before(start) && (!hasEnd || !e.Time.After(end)) &&
			in(q.UserIDs, e.UserID) && in(q.ClientIDs, e.ClientID) && in(q.ObjectIDs, e.ObjectID) &&
			in(q.EnvironmentIDs, e.EnvID) && in(q.Platforms, e.Platform) && in(q.ObjectTypes, e.ObjectType) &&
			in(q.Actions, e.Action) && (q.Failed == nil || *q.Failed == e.Failed)
	}
	// Walk the trail in the order asked, from the cursor's entry (exclusive) or the offset.
	n := len(s.audit.entries)
	at := func(i int) *AuditEntry {
		if ascending {
			return s.audit.entries[i]
		}
		return s.audit.entries[n-1-i]
	}
	cursorMode := r.URL.Query().Get("cursorPagination") == "true"
	from, skip := 0, q.Offset
	if cursorMode {
		skip = 0
		if q.Cursor != "" {
			id, _, _ := strings.Cut(q.Cursor, "_")
			pos, ok := s.audit.ids[id]
			if !ok {
				jsonError(w, http.StatusBadRequest, "cursor "+q.Cursor+" is not valid")
				return
			}
			from = int(pos) + 1
			if !ascending {
				from = n - int(pos)
			}
		}
	}
	var page []*AuditEntry
	total := 0
	for i := from; i < n; i++ {
		e := at(i)
		if !match(e) {
			continue
		}
		total++
		if skip > 0 {
			skip--
			continue
		}
		if len(page) < limit {
			page = append(page, e)
		}
	}
	if csvOut {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"Timestamp", "Platform", "Action", "Object Type", "Object ID", "Object Name", "User", "Client ID", "Environment", "Failed"})
		for _, e := range page {
			_ = cw.Write([]string{e.Time.UTC().Format(time.RFC3339Nano), e.Platform, e.Action, e.ObjectType, e.ObjectID, e.ObjectName,
				e.UserName, e.ClientID, e.EnvID, strconv.FormatBool(e.Failed)})
		}
		cw.Flush()
		return
	}
	data := make([]map[string]any, 0, len(page))
	for _, e := range page {
		data = append(data, e.json())
	}
	out := map[string]any{"data": data}
	if !cursorMode || r.URL.Query().Get("doIncludeTotal") == "true" {
		if cursorMode && q.Cursor != "" {
			// The total of the whole query, not of what follows the cursor.
			total = 0
			for i := range n {
				if match(at(i)) {
					total++
				}
			}
		}
		out["total"] = total
	}
	if cursorMode && len(page) > 0 {
		last := page[len(page)-1]
		out["cursor"] = last.ID + "_" + strconv.FormatInt(last.Time.UnixMilli(), 36)
	}
	writeJSON(w, http.StatusOK, out)
}
