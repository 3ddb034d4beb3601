package anypointtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"time"
)

// The deployments part of the fake: CloudHub 2.0 and Runtime Fabric deployments of MuleSoft's
// Application Manager API (mulesoft-dx apis/amc-application-manager/api.yaml) and the
// deployment targets of the CloudHub 2.0 and Runtime Fabric APIs (apis/cloudhub-20,
// apis/runtime-fabric). A deployment is APPLYING when it is created or updated, and becomes
// APPLIED (its application RUNNING) or FAILED some time later, as SetDeploymentOutcome says.

// DeploymentsPath is the base path of the Application Manager API.
const DeploymentsPath = "/amc/application-manager/api/v2"

// TargetsPath is the base path of the API that lists deployment targets.
const TargetsPath = "/runtimefabric/api"

// The deployment targets every organization of the seed sees.
const (
	// SharedSpaceTargetID is "Cloudhub-US-East-2", CloudHub 2.0's shared space in us-east-2.
	SharedSpaceTargetID = "cloudhub-us-east-2"
	// PrivateSpaceTargetID is "acme-private-space", a CloudHub 2.0 private space.
	PrivateSpaceTargetID = "5b0e6a3c-9d41-4f72-8c15-2e7d9a4b6f10"
	// RuntimeFabricTargetID is "acme-rtf", a Runtime Fabric instance.
	RuntimeFabricTargetID = "8c2f4e6a-1b3d-4a5c-9e7f-0d2b4c6e8a31"
)

// DefaultDeploymentDelay is how long a deployment stays APPLYING unless SetDeploymentOutcome
// says otherwise.
const DefaultDeploymentDelay = 2 * time.Second

// DeploymentOutcome says how the fake settles the deployments created or updated after
// SetDeploymentOutcome.
type DeploymentOutcome struct {
	// After is how long a deployment stays APPLYING, by the server's clock (see WithClock).
	// Zero settles it by the next request that reads it.
	After time.Duration
	// Fail makes it end FAILED, its replicas failed with Reason, instead of APPLIED.
	Fail bool
	// Reason is the replicas' reason of a failure; empty gives a generic one.
	Reason string
}

// deploymentState is the fake's Application Manager; the server's lock guards it.
type deploymentState struct {
	byID    map[string]*deployment
	order   []string
	outcome DeploymentOutcome
	targets []map[string]any
}

type deployment struct {
	ID, OrgID, EnvID, Name string
	Created, Modified      time.Time
	TargetID, Provider     string
	Replicas               int
	Settings               map[string]any
	Ref                    map[string]string
	DesiredState           string
	VCores                 float64
	Properties             map[string]string
	SecureProperties       map[string]string
	Version, LastGood      string
	settleAt               time.Time
	outcome                DeploymentOutcome
	// rolling is true between a rollout and its answer, which is always APPLYING.
	rolling bool
}

// SetDeploymentOutcome changes how the deployments created or updated from now on settle:
// after how long, and whether they fail. The default is DefaultDeploymentDelay, then
// APPLIED.
func (s *Server) SetDeploymentOutcome(o DeploymentOutcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deploys.outcome = o
}

// SettleDeployments ends the APPLYING phase of every deployment now, as its outcome says.
func (s *Server) SettleDeployments() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, d := range s.deploys.byID {
		if d.settleAt.After(now) {
			d.settleAt = now
		}
	}
}

// DeploymentSecureProperties returns the secure properties a deployment was given, which the
// fake, like the platform, never answers back; a test uses it to check they arrived.
func (s *Server) DeploymentSecureProperties(deploymentID string) (map[string]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.deploys.byID[deploymentID]
	if d == nil {
		return nil, false
	}
	return maps.Clone(d.SecureProperties), true
}

func (s *Server) deploymentRoutes() {
	s.deploys = deploymentState{byID: map[string]*deployment{}, outcome: DeploymentOutcome{After: DefaultDeploymentDelay}}
	runtimes := []map[string]any{{"type": "mule", "versions": []map[string]any{
		{"baseVersion": "4.9.0", "tag": "4.9.0:7e-java17", "channel": "lts"},
		{"baseVersion": "4.6.0", "tag": "4.6.0:14e-java17", "channel": "edge"},
	}}}
	s.deploys.targets = []map[string]any{
		{"id": SharedSpaceTargetID, "name": "Cloudhub-US-East-2", "type": "shared-space", "region": "us-east-2", "status": "Active", "isAvailableForDeployments": true, "runtimes": runtimes},
		{"id": PrivateSpaceTargetID, "name": "acme-private-space", "type": "private-space", "region": "us-east-1", "status": "Active", "isAvailableForDeployments": true, "runtimes": runtimes},
		{"id": RuntimeFabricTargetID, "name": "acme-rtf", "type": "runtime-fabric", "version": "2.6.0", "status": "Active", "isAvailableForDeployments": true, "runtimes": runtimes},
	}
	const amc = "amc-application-manager"
	s.handle(op(amc, "getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments"), s.envHandler(s.handleListDeployments))
	s.handle(op(amc, "createOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments"), s.envHandler(s.handleCreateDeployment))
	s.handle(op(amc, "getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid"), s.envHandler(s.deploymentHandler(s.handleGetDeployment)))
	s.handle(op(amc, "patchOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid"), s.envHandler(s.deploymentHandler(s.handlePatchDeployment)))
	s.handle(op(amc, "deleteOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid"), s.envHandler(s.deploymentHandler(s.handleDeleteDeployment)))
	s.handle(op("cloudhub-20", "getOrganizationsByOrganizationidTargets"), s.locked(s.handleListTargets))
}

// envHandler serves an endpoint below an environment under the lock: the token and its scope
// in the organization (401), the organization (404/403) and the environment in it (404).
func (s *Server) envHandler(h func(w http.ResponseWriter, r *http.Request, env *environment)) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		orgID := r.PathValue("organizationId")
		if _, o := s.orgRequest(w, r, orgID, required(r)...); o == nil {
			return
		}
		for _, e := range s.envs {
			if e.ID == r.PathValue("environmentId") && e.OrgID == orgID {
				h(w, r, e)
				return
			}
		}
		jsonError(w, http.StatusNotFound, "Environment "+r.PathValue("environmentId")+" not found in organization "+orgID)
	})
}

func (s *Server) deploymentHandler(h func(w http.ResponseWriter, r *http.Request, d *deployment)) func(w http.ResponseWriter, r *http.Request, env *environment) {
	return func(w http.ResponseWriter, r *http.Request, env *environment) {
		d := s.deploys.byID[r.PathValue("deploymentId")]
		if d == nil || d.EnvID != env.ID {
			jsonError(w, http.StatusNotFound, "Deployment "+r.PathValue("deploymentId")+" not found")
			return
		}
		h(w, r, d)
	}
}

func (s *Server) handleListTargets(w http.ResponseWriter, r *http.Request) {
	if _, o := s.orgRequest(w, r, r.PathValue("organizationId"), required(r)...); o == nil {
		return
	}
	writeJSON(w, http.StatusOK, s.deploys.targets)
}

// state returns the deployment's status, its application's status and its replicas' state
// now, settling it when its time has come.
func (d *deployment) state(now time.Time) (status, appStatus, replicaState, reason string) {
	if d.rolling || now.Before(d.settleAt) {
		return "APPLYING", "NOT_RUNNING", "STARTING", ""
	}
	if d.outcome.Fail {
		return "FAILED", "NOT_RUNNING", "FAILED", cmp.Or(d.outcome.Reason, "The application failed to start; see its logs")
	}
	d.LastGood = d.Version
	if d.DesiredState == "STOPPED" {
		return "APPLIED", "NOT_RUNNING", "STOPPED", ""
	}
	return "APPLIED", "RUNNING", "STARTED", ""
}

func (s *Server) deploymentJSON(d *deployment, detail bool) map[string]any {
	status, appStatus, replicaState, reason := d.state(s.now())
	out := map[string]any{
		"id": d.ID, "name": d.Name, "creationDate": d.Created.UnixMilli(), "lastModifiedDate": d.Modified.UnixMilli(),
		"target": map[string]any{"provider": d.Provider, "targetId": d.TargetID},
		"status": status, "application": map[string]any{"status": appStatus},
	}
	if !detail {
		return out
	}
	out["target"] = map[string]any{"provider": d.Provider, "targetId": d.TargetID, "deploymentSettings": d.Settings, "replicas": d.Replicas}
	secure := map[string]string{}
	for k := range d.SecureProperties {
		secure[k] = "" // never answered back
	}
	out["application"] = map[string]any{
		"status": appStatus, "desiredState": d.DesiredState, "ref": d.Ref, "vCores": d.VCores,
		"configuration": map[string]any{"mule.agent.application.properties.service": map[string]any{
			"applicationName": d.Name, "properties": d.Properties, "secureProperties": secure,
		}},
	}
	replicas := []map[string]any{}
	for i := range d.Replicas {
		rep := map[string]any{"id": fmt.Sprintf("%s-%s-%d", d.Name, d.Version[:8], i), "state": replicaState,
			"deploymentLocation": d.TargetID, "currentDeploymentVersion": d.Version}
		if reason != "" {
			rep["reason"] = reason
		}
		replicas = append(replicas, rep)
	}
	out["replicas"] = replicas
	out["desiredVersion"] = d.Version
	out["lastSuccessfulVersion"] = nullable(d.LastGood)
	return out
}

func (s *Server) handleListDeployments(w http.ResponseWriter, r *http.Request, env *environment) {
	q := r.URL.Query()
	offset, limit, ok := pageParams(w, q, 25, 500)
	if !ok {
		return
	}
	var list []*deployment
	for _, id := range s.deploys.order {
		d := s.deploys.byID[id]
		if d.EnvID != env.ID || (q.Get("targetId") != "" && d.TargetID != q.Get("targetId")) || (q.Get("provider") != "" && d.Provider != q.Get("provider")) {
			continue
		}
		list = append(list, d)
	}
	items := []map[string]any{}
	for _, d := range pageOf(list, offset, limit) {
		items = append(items, s.deploymentJSON(d, false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": len(list), "items": items})
}

// deploymentInput is the body of a deployment's POST and PATCH (PostDeploymentRequest,
// PatchDeploymentRequest).
type deploymentInput struct {
	Name   *string `json:"name"`
	Target *struct {
		Provider           *string        `json:"provider"`
		TargetID           *string        `json:"targetId"`
		DeploymentSettings map[string]any `json:"deploymentSettings"`
		Replicas           *int           `json:"replicas"`
	} `json:"target"`
	Application *struct {
		DesiredState  *string            `json:"desiredState"`
		Ref           *map[string]string `json:"ref"`
		VCores        *json.Number       `json:"vCores"`
		Configuration map[string]struct {
			Properties       map[string]string `json:"properties"`
			SecureProperties map[string]string `json:"secureProperties"`
		} `json:"configuration"`
	} `json:"application"`
}

// appName is what CloudHub 2.0 takes as an application name.
var appName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$`)

const propertiesService = "mule.agent.application.properties.service"

// apply changes d as in says, or returns why it cannot; create says that the fields a new
// deployment needs are required.
func (s *Server) applyDeployment(d *deployment, in *deploymentInput, create bool) string {
	if in.Name != nil {
		if !create && *in.Name != d.Name {
			return "the name of a deployment cannot change"
		}
		d.Name = *in.Name
	}
	if create && !appName.MatchString(d.Name) {
		return "name must be 3 to 42 lowercase letters, digits and hyphens, starting and ending with a letter or digit"
	}
	if t := in.Target; t != nil {
		if t.Provider != nil {
			d.Provider = *t.Provider
		}
		if t.TargetID != nil {
			d.TargetID = *t.TargetID
		}
		if t.DeploymentSettings != nil {
			d.Settings = t.DeploymentSettings
		}
		if t.Replicas != nil {
			d.Replicas = *t.Replicas
		}
	} else if create {
		return "target is required"
	}
	if d.Provider != "MC" {
		return "target.provider must be MC"
	}
	known := false
	for _, t := range s.deploys.targets {
		known = known || t["id"] == d.TargetID
	}
	if !known {
		return "target " + d.TargetID + " not found"
	}
	if d.Replicas < 1 || d.Replicas > 16 {
		return "target.replicas must be between 1 and 16"
	}
	if a := in.Application; a != nil {
		if a.DesiredState != nil {
			d.DesiredState = *a.DesiredState
		}
		if a.Ref != nil {
			d.Ref = *a.Ref
		}
		if a.VCores != nil {
			v, err := a.VCores.Float64()
			if err != nil || v <= 0 {
				return "application.vCores must be a positive number"
			}
			d.VCores = v
		}
		if c, ok := a.Configuration[propertiesService]; ok {
			d.Properties, d.SecureProperties = orEmptyMap(c.Properties), orEmptyMap(c.SecureProperties)
		}
	} else if create {
		return "application is required"
	}
	if d.DesiredState != "STARTED" && d.DesiredState != "STOPPED" {
		return "application.desiredState must be STARTED or STOPPED"
	}
	for _, k := range []string{"groupId", "artifactId", "version", "packaging"} {
		if d.Ref[k] == "" {
			return "application.ref." + k + " is required"
		}
	}
	if a, _ := s.exchangeAsset(d.Ref["groupId"], d.Ref["artifactId"], d.Ref["version"]); a == nil {
		return fmt.Sprintf("the asset %s:%s:%s was not found in Exchange", d.Ref["groupId"], d.Ref["artifactId"], d.Ref["version"])
	}
	for k := range d.SecureProperties {
		if _, clash := d.Properties[k]; clash {
			return "property " + k + " is both a property and a secure property"
		}
	}
	return ""
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// rollout starts a new version of d: APPLYING until the outcome in force says otherwise.
func (s *Server) rollout(d *deployment) {
	now := s.now()
	d.Modified = now
	d.Version = randomUUID()
	d.outcome = s.deploys.outcome
	d.settleAt = now.Add(d.outcome.After)
	d.rolling = true
}

// answerRollout answers a POST or PATCH with the deployment as it starts rolling out.
func (s *Server) answerRollout(w http.ResponseWriter, status int, d *deployment) {
	out := s.deploymentJSON(d, true)
	d.rolling = false
	writeJSON(w, status, out)
}

func (s *Server) handleCreateDeployment(w http.ResponseWriter, r *http.Request, env *environment) {
	var in deploymentInput
	if !decodeBody(w, r, &in) {
		return
	}
	now := s.now()
	d := &deployment{ID: randomUUID(), OrgID: env.OrgID, EnvID: env.ID, Created: now, Provider: "MC", Replicas: 1,
		DesiredState: "STARTED", Settings: map[string]any{}, Ref: map[string]string{},
		Properties: map[string]string{}, SecureProperties: map[string]string{}}
	if msg := s.applyDeployment(d, &in, true); msg != "" {
		jsonError(w, http.StatusBadRequest, msg)
		return
	}
	for _, other := range s.deploys.byID {
		if other.EnvID == env.ID && other.Name == d.Name {
			jsonError(w, http.StatusConflict, "An application named "+d.Name+" already exists in the environment")
			return
		}
	}
	s.rollout(d)
	s.deploys.byID[d.ID] = d
	s.deploys.order = append(s.deploys.order, d.ID)
	noteAuditObject(r, d.ID, d.Name)
	s.answerRollout(w, http.StatusAccepted, d)
}

func (s *Server) handleGetDeployment(w http.ResponseWriter, _ *http.Request, d *deployment) {
	writeJSON(w, http.StatusOK, s.deploymentJSON(d, true))
}

func (s *Server) handlePatchDeployment(w http.ResponseWriter, r *http.Request, d *deployment) {
	var in deploymentInput
	if !decodeBody(w, r, &in) {
		return
	}
	next := *d
	next.Settings, next.Ref = maps.Clone(d.Settings), maps.Clone(d.Ref)
	if msg := s.applyDeployment(&next, &in, false); msg != "" {
		jsonError(w, http.StatusBadRequest, msg)
		return
	}
	*d = next
	s.rollout(d)
	s.answerRollout(w, http.StatusOK, d)
}

func (s *Server) handleDeleteDeployment(w http.ResponseWriter, _ *http.Request, d *deployment) {
	delete(s.deploys.byID, d.ID)
	s.deploys.order = slices.DeleteFunc(s.deploys.order, func(id string) bool { return id == d.ID })
	w.WriteHeader(http.StatusNoContent)
}
