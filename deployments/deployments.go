package deployments

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Status is the state of a deployment.
type Status string

// The deployment states of the Application Manager spec. A deployment is
// APPLYING while a new version rolls out and APPLIED once it is in place;
// FAILED when it could not be.
const (
	StatusApplying         Status = "APPLYING"
	StatusApplied          Status = "APPLIED"
	StatusFailed           Status = "FAILED"
	StatusDeploymentFailed Status = "DEPLOYMENT_FAILED"
	StatusPartiallyStarted Status = "PARTIALLY_STARTED"
	StatusStarting         Status = "STARTING"
	StatusStarted          Status = "STARTED"
	StatusStopping         Status = "STOPPING"
	StatusStopped          Status = "STOPPED"
	StatusUndeploying      Status = "UNDEPLOYING"
	StatusUndeployed       Status = "UNDEPLOYED"
	StatusUpdated          Status = "UPDATED"
	StatusDeleted          Status = "DELETED"
)

// Failed reports whether the state is a failure: FAILED, DEPLOYMENT_FAILED,
// or DELETED (the deployment is gone).
func (s Status) Failed() bool {
	return s == StatusFailed || s == StatusDeploymentFailed || s == StatusDeleted
}

// settled reports whether the state is final: a failure, or one of APPLIED,
// STARTED, STOPPED and UNDEPLOYED. The others (APPLYING, STARTING,
// STOPPING, UNDEPLOYING, UPDATED, PARTIALLY_STARTED) are on their way.
func (s Status) settled() bool {
	switch s {
	case StatusApplied, StatusStarted, StatusStopped, StatusUndeployed:
		return true
	}
	return s.Failed()
}

// DesiredState is the state a deployment's application should be in.
type DesiredState string

// The desired states a deployment is given.
const (
	Started DesiredState = "STARTED"
	Stopped DesiredState = "STOPPED"
)

// AppStatus says whether a deployment's application runs.
type AppStatus string

// The application states of the spec.
const (
	Running    AppStatus = "RUNNING"
	NotRunning AppStatus = "NOT_RUNNING"
	Scaling    AppStatus = "SCALING"
)

// ProviderMC is the only target provider the spec knows: Anypoint's
// managed CloudHub 2.0 and Runtime Fabric targets.
const ProviderMC = "MC"

// AssetRef is the Exchange asset a deployment runs: a Mule application's
// groupId, artifactId (the asset ID), version and packaging ("jar").
type AssetRef struct {
	// GroupID is the asset's group in Exchange; for an organization's own
	// asset, the ID of the business group it was published to.
	GroupID string `json:"groupId"`
	// ArtifactID is the asset's ID in Exchange, such as
	// "app-noports-mule4-only" in the spec's example.
	ArtifactID string `json:"artifactId"`
	// Version is the asset version to run, such as "1.0.31".
	Version string `json:"version"`
	// Packaging is the artifact's packaging, "jar" for a Mule application.
	Packaging string `json:"packaging"`
}

// String returns "groupId:artifactId:version".
func (r AssetRef) String() string { return r.GroupID + ":" + r.ArtifactID + ":" + r.Version }

// Settings are the deployment settings of the target (DeploymentSettings in
// the spec), the commonly used ones; nil and zero fields are not sent.
type Settings struct {
	// RuntimeVersion is the Mule runtime, such as "4.9.0:7e-java17".
	RuntimeVersion string `json:"runtimeVersion,omitempty"`
	// RuntimeReleaseChannel is the release channel of the Mule runtime,
	// as a target's runtime versions name it (Runtime.Versions' Channel);
	// empty leaves the platform's default.
	RuntimeReleaseChannel string `json:"runtimeReleaseChannel,omitempty"`
	// InstanceType is the replica size on CloudHub 2.0, such as "mule.c1".
	InstanceType string `json:"instanceType,omitempty"`
	// UpdateStrategy is "rolling" or "recreate".
	UpdateStrategy string `json:"updateStrategy,omitempty"`
	// Clustered, when true, runs the replicas as a Mule runtime cluster
	// (on CloudHub 2.0 this takes at least two replicas). The spec gives
	// the flags below no description; nil leaves each to the platform.
	Clustered *bool `json:"clustered,omitempty"`
	// LastMileSecurity is the platform's lastMileSecurity flag: HTTPS
	// from the load balancer to the replicas too (not confirmed by the
	// spec).
	LastMileSecurity *bool `json:"lastMileSecurity,omitempty"`
	// PersistentObjectStore is the platform's persistentObjectStore flag:
	// whether the application uses a persistent object store (not
	// confirmed by the spec).
	PersistentObjectStore *bool `json:"persistentObjectStore,omitempty"`
	// GenerateDefaultPublicURL is the platform's generateDefaultPublicUrl
	// flag: whether the platform generates a default public URL for the
	// application (not confirmed by the spec).
	GenerateDefaultPublicURL *bool `json:"generateDefaultPublicUrl,omitempty"`
	// DisableAMLogForwarding is the platform's disableAmLogForwarding
	// flag: true stops forwarding the application's logs to Anypoint
	// Monitoring (not confirmed by the spec).
	DisableAMLogForwarding *bool `json:"disableAmLogForwarding,omitempty"`
	// JVM holds the replicas' JVM settings: Args, the JVM arguments as one
	// string, such as "-XX:MaxRAMPercentage=60.0" in the spec's example.
	// Nil sends none.
	JVM *struct {
		Args string `json:"args,omitempty"`
	} `json:"jvm,omitempty"`
	// HTTP holds the application's inbound HTTP settings: its PublicURL
	// and its PathRewrite; nil sends none. The spec describes neither
	// field.
	HTTP *struct {
		Inbound struct {
			PublicURL   string `json:"publicUrl,omitempty"`
			PathRewrite string `json:"pathRewrite,omitempty"`
		} `json:"inbound"`
	} `json:"http,omitempty"`
}

// DeploymentTarget is where a deployment runs and how many replicas.
type DeploymentTarget struct {
	// Provider is the cloud provider the target belongs to; ProviderMC is
	// the only value the spec knows.
	Provider string `json:"provider"`
	// TargetID is the target's ID, a Target.ID from ListTargets.
	TargetID string `json:"targetId"`
	// Settings are the target's deployment settings; nil when the platform
	// sends none.
	Settings *Settings `json:"deploymentSettings,omitempty"`
	// Replicas is the number of replicas of the deployment.
	Replicas int `json:"replicas"`
}

// Application is a deployment's application: the asset it runs, its
// desired and actual state, its size and its properties.
type Application struct {
	// Status says whether the application runs: Running, NotRunning or
	// Scaling.
	Status AppStatus `json:"status"`
	// DesiredState is the state the application should be in, Started or
	// Stopped (the spec's enum also lists the deployment states).
	DesiredState DesiredState `json:"desiredState"`
	// Ref is the Exchange asset the application runs.
	Ref AssetRef `json:"ref"`
	// VCores is the size of each replica (CloudHub 2.0 only).
	VCores float64 `json:"vCores"`
	// Properties are the application's properties, names to values, read
	// from its configuration; nil when it has none.
	Properties map[string]string `json:"-"`
	// SecureProperties are the application's secure properties. The
	// platform does not answer secure values back; their names are kept.
	SecureProperties SecureProperties `json:"-"`
}

// Replica is one replica of a deployment.
type Replica struct {
	// ID is the replica's ID, such as "app-replicas-55585bd94c-tl4g6".
	ID string `json:"id"`
	// State is the replica's current state, such as "STOPPED".
	State string `json:"state"`
	// DeploymentLocation is the node the replica is deployed on.
	DeploymentLocation string `json:"deploymentLocation"`
	// CurrentDeploymentVersion is the deployment version the replica runs,
	// to compare with Deployment.DesiredVersion.
	CurrentDeploymentVersion string `json:"currentDeploymentVersion"`
	// Reason says what went wrong, when something did.
	Reason string `json:"reason"`
}

// Deployment is a deployment as GetDeployment, CreateDeployment and
// UpdateDeployment answer it.
type Deployment struct {
	// ID is the deployment's UUID, the deploymentID of the other calls.
	ID string `json:"id"`
	// Name is the deployment's name, the application's name.
	Name string `json:"name"`
	// CreationDate is when the deployment was created.
	CreationDate anypoint.Time `json:"creationDate"`
	// LastModifiedDate is when the deployment was last modified.
	LastModifiedDate anypoint.Time `json:"lastModifiedDate"`
	// Target is where the deployment runs, with how many replicas.
	Target DeploymentTarget `json:"target"`
	// Status is the deployment's state, one of the Status constants.
	Status Status `json:"status"`
	// Application is the application the deployment runs.
	Application Application `json:"application"`
	// DesiredVersion is the version (a UUID) the deployment is moving to.
	DesiredVersion string `json:"desiredVersion"`
	// LastSuccessfulVersion is the last version (a UUID) of the deployment
	// that applied correctly; empty when none has yet.
	LastSuccessfulVersion string `json:"lastSuccessfulVersion"`
	// Replicas are the deployment's replicas.
	Replicas []Replica `json:"replicas"`
}

// Settled reports whether the deployment has stopped changing: it failed,
// or its state is APPLIED, STARTED, STOPPED or UNDEPLOYED, and an
// application that should run runs.
func (d *Deployment) Settled() bool {
	if d.Status.Failed() {
		return true
	}
	if !d.Status.settled() {
		return false
	}
	return d.Application.DesiredState != Started || d.Application.Status == "" || d.Application.Status == Running
}

// Failed reports whether the deployment failed.
func (d *Deployment) Failed() bool { return d.Status.Failed() }

// Reason is why the deployment failed, from its replicas' reasons, or ""
// when no replica says.
func (d *Deployment) Reason() string {
	var reasons []string
	for _, r := range d.Replicas {
		if r.Reason != "" && !contains(reasons, r.Reason) {
			reasons = append(reasons, r.Reason)
		}
	}
	return strings.Join(reasons, "; ")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// DeploymentSummary is a deployment as the list answers it: every field
// the spec's list entry (DeploymentResponse) carries, and no more. The list
// does not carry the desired state, the replicas (with the reason one is
// not running), the version or the target's settings, so a stopped
// application and a crashed one can both read StatusApplied and NotRunning
// here. When Application.Status is not Running, or for anything beyond
// these fields, GetDeployment gives the whole Deployment
// (Application.DesiredState, Replicas, Reason): one more call per
// deployment.
type DeploymentSummary struct {
	// ID is the deployment's UUID, the deploymentID of the other calls.
	ID string `json:"id"`
	// Name is the deployment's name, the application's name.
	Name string `json:"name"`
	// CreationDate is when the deployment was created.
	CreationDate anypoint.Time `json:"creationDate"`
	// LastModifiedDate is when the deployment was last modified.
	LastModifiedDate anypoint.Time `json:"lastModifiedDate"`
	// Target is where the deployment runs: its Provider (ProviderMC) and
	// TargetID.
	Target struct {
		Provider string `json:"provider"`
		TargetID string `json:"targetId"`
	} `json:"target"`
	// Status is the deployment's state, one of the Status constants.
	Status Status `json:"status"`
	// Application holds the application's Status: Running, NotRunning or
	// Scaling.
	Application struct {
		Status AppStatus `json:"status"`
	} `json:"application"`
}

// propertiesService is the configuration entry of an application's
// properties (ApplicationSpecConfiguration in the spec).
const propertiesService = "mule.agent.application.properties.service"

// wireConfiguration is the configuration as the platform reads and writes it.
type wireConfiguration map[string]struct {
	ApplicationName  string            `json:"applicationName,omitempty"`
	Properties       map[string]string `json:"properties"`
	SecureProperties map[string]string `json:"secureProperties"`
}

// UnmarshalJSON reads the application and its properties out of the
// configuration entry they live in.
func (a *Application) UnmarshalJSON(data []byte) error {
	type plain Application
	var v struct {
		plain
		Configuration wireConfiguration `json:"configuration"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*a = Application(v.plain)
	if c, ok := v.Configuration[propertiesService]; ok {
		a.Properties = c.Properties
		if c.SecureProperties != nil {
			a.SecureProperties = SecureProperties{}
			for k, s := range c.SecureProperties {
				a.SecureProperties[k] = anypoint.Secret(s)
			}
		}
	}
	return nil
}

// ListDeploymentsOptions filters and pages ListDeployments and
// AllDeployments (DeploymentQuery in the spec). The zero value lists every
// deployment of the environment.
type ListDeploymentsOptions struct {
	// TargetID keeps the deployments on one target.
	TargetID string `url:"targetId,omitempty"`
	// Provider keeps the deployments of one provider (ProviderMC).
	Provider string `url:"provider,omitempty"`
	// ListOptions pages the list. The spec documents no maximum Limit;
	// zero takes the platform's default for ListDeployments and
	// DefaultAllDeploymentsLimit for AllDeployments.
	anypoint.ListOptions
}

// DefaultAllDeploymentsLimit is the page size AllDeployments asks for when
// opts.Limit is zero.
const DefaultAllDeploymentsLimit = 100

// maxUnaskedPage is the most deployments ListDeployments takes in a page
// when opts.Limit is zero: the spec states no maximum page size, and a
// page is never decoded without a bound (a server answering a flood of
// items would cost memory many times the answer's size).
const maxUnaskedPage = 5000

func checkEnv(orgID, envID string) error {
	if err := service.RequireID("orgID", orgID); err != nil {
		return err
	}
	return service.RequireID("envID", envID)
}

// ListDeployments returns one page of the deployments of environment envID
// of organization orgID. The platform answers {total, items}. opts may be
// nil. Use AllDeployments to walk every page. Each entry is a
// DeploymentSummary, which says when a GetDeployment is needed (why an
// application is not running, its desired state). A page of more
// deployments than opts.Limit (5000 when unset: the spec states no maximum)
// is an *anypoint.DecodeError, refused before the rest is read.
//
// GET /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments (amc-application-manager getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments): scope read:applications (docs).
func (s *Service) ListDeployments(ctx context.Context, orgID, envID string, opts *ListDeploymentsOptions) (*anypoint.Page[DeploymentSummary], error) {
	if err := checkEnv(orgID, envID); err != nil {
		return nil, err
	}
	var limit int
	if opts != nil {
		if err := service.CheckOffset(opts.ListOptions); err != nil {
			return nil, err
		}
		limit = opts.Limit
	}
	return service.ListPage[DeploymentSummary](ctx, s.client, service.At(listDeployments, orgID, envID).WithQuery(opts), service.ItemsTotal, service.PageBound(limit, maxUnaskedPage))
}

// AllDeployments walks every deployment of the environment that matches
// opts, fetching a page only when the loop gets to it. opts may be nil; it
// is read once. An error is yielded once, with a zero DeploymentSummary,
// and ends the walk.
//
// GET /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments (amc-application-manager getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments): scope read:applications (docs).
func (s *Service) AllDeployments(ctx context.Context, orgID, envID string, opts *ListDeploymentsOptions) iter.Seq2[DeploymentSummary, error] {
	return service.All(ctx, opts, DefaultAllDeploymentsLimit, func(o *ListDeploymentsOptions) *anypoint.ListOptions { return &o.ListOptions },
		func(ctx context.Context, o *ListDeploymentsOptions) (*anypoint.Page[DeploymentSummary], error) {
			return s.ListDeployments(ctx, orgID, envID, o)
		})
}

// GetDeployment returns one deployment, with its application and replicas.
//
// GET /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments/{deploymentId} (amc-application-manager getOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid): scope read:applications (docs).
func (s *Service) GetDeployment(ctx context.Context, orgID, envID, deploymentID string) (*Deployment, error) {
	if err := checkEnv(orgID, envID); err != nil {
		return nil, err
	}
	if err := service.RequireID("deploymentID", deploymentID); err != nil {
		return nil, err
	}
	d := new(Deployment)
	if err := s.call(ctx, getDeployment, nil, nil, d, orgID, envID, deploymentID); err != nil {
		return nil, err
	}
	return d, nil
}

// CreateDeploymentRequest describes a new deployment of an Exchange asset.
type CreateDeploymentRequest struct {
	// Name is the application's name: on CloudHub 2.0, 3 to 42 lowercase
	// letters, digits and hyphens. Required.
	Name string
	// TargetID is where to deploy: a CloudHub 2.0 shared or private space,
	// or a Runtime Fabric (ListTargets). Required.
	TargetID string
	// Asset is the Mule application in Exchange. Required; an empty
	// Packaging is "jar".
	Asset AssetRef
	// Replicas is how many replicas run; zero is 1.
	Replicas int
	// VCores is the size of each replica on CloudHub 2.0, such as 0.1;
	// zero leaves the platform's default.
	VCores float64
	// DesiredState is Started (the default) or Stopped.
	DesiredState DesiredState
	// Properties are the application's properties, names to values.
	Properties map[string]string
	// SecureProperties are the application's secure properties. Their
	// values never appear in an error, a log line or a printed value; they
	// are sent in the request body only. A name may not be in both.
	SecureProperties SecureProperties
	// Settings are the target's deployment settings, such as the runtime
	// version; nil leaves the platform's defaults.
	Settings *Settings
}

// wireRequest is the body of a POST (PostDeploymentRequest) and a PATCH
// (PatchDeploymentRequest). It holds secure values revealed: it exists only
// to be encoded into the request body.
type wireRequest struct {
	Name        string       `json:"name,omitempty"`
	Target      *wireTarget  `json:"target,omitempty"`
	Application *wireAppSpec `json:"application,omitempty"`
}

type wireTarget struct {
	Provider string    `json:"provider,omitempty"`
	TargetID string    `json:"targetId,omitempty"`
	Settings *Settings `json:"deploymentSettings,omitempty"`
	Replicas *int      `json:"replicas,omitempty"`
}

type wireAppSpec struct {
	DesiredState  DesiredState      `json:"desiredState,omitempty"`
	Ref           *AssetRef         `json:"ref,omitempty"`
	VCores        *float64          `json:"vCores,omitempty"`
	Configuration wireConfiguration `json:"configuration,omitempty"`
}

func configuration(name string, props map[string]string, secure SecureProperties) wireConfiguration {
	if props == nil && secure == nil {
		return nil
	}
	c := wireConfiguration{}
	e := c[propertiesService]
	e.ApplicationName = name
	e.Properties = props
	if e.Properties == nil {
		e.Properties = map[string]string{}
	}
	e.SecureProperties = secure.reveal()
	if e.SecureProperties == nil {
		e.SecureProperties = map[string]string{}
	}
	c[propertiesService] = e
	return c
}

func checkProperties(props map[string]string, secure SecureProperties) error {
	for k := range props {
		if strings.TrimSpace(k) == "" {
			return &anypoint.ValidationError{Field: "Properties", Reason: "a property name must not be empty"}
		}
	}
	for k := range secure {
		if strings.TrimSpace(k) == "" {
			return &anypoint.ValidationError{Field: "SecureProperties", Reason: "a property name must not be empty"}
		}
		if _, ok := props[k]; ok {
			return &anypoint.ValidationError{Field: "SecureProperties[" + k + "]", Reason: "is also in Properties"}
		}
	}
	return nil
}

func checkRef(field string, r *AssetRef) error {
	for name, v := range map[string]string{"GroupID": r.GroupID, "ArtifactID": r.ArtifactID, "Version": r.Version} {
		if strings.TrimSpace(v) == "" {
			return &anypoint.ValidationError{Field: field + "." + name, Reason: "must not be empty"}
		}
	}
	if r.Packaging == "" {
		r.Packaging = "jar"
	}
	return nil
}

func checkState(field string, st DesiredState) error {
	if st != "" && st != Started && st != Stopped {
		return &anypoint.ValidationError{Field: field, Reason: fmt.Sprintf("must be %s or %s", Started, Stopped)}
	}
	return nil
}

// CreateDeployment deploys an Exchange asset to a target in environment
// envID of organization orgID. The platform answers at once (202) with the
// deployment APPLYING; WaitForDeployment follows it until it runs or
// fails. Secure property values are scrubbed from any error the platform
// answers.
//
// Empty IDs, a missing name, target or asset, a negative replica count or
// size, and a property both plain and secure are refused before any
// request, with an *anypoint.ValidationError.
//
// POST /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments (amc-application-manager createOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeployments): scope create:applications (docs).
func (s *Service) CreateDeployment(ctx context.Context, orgID, envID string, req *CreateDeploymentRequest) (*Deployment, error) {
	if err := checkEnv(orgID, envID); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if err := service.RequireID("Name", req.Name); err != nil {
		return nil, err
	}
	if err := service.RequireID("TargetID", req.TargetID); err != nil {
		return nil, err
	}
	ref := req.Asset
	if err := checkRef("Asset", &ref); err != nil {
		return nil, err
	}
	switch {
	case req.Replicas < 0:
		return nil, &anypoint.ValidationError{Field: "Replicas", Reason: "must not be negative"}
	case req.VCores < 0:
		return nil, &anypoint.ValidationError{Field: "VCores", Reason: "must not be negative"}
	}
	if err := checkState("DesiredState", req.DesiredState); err != nil {
		return nil, err
	}
	if err := checkProperties(req.Properties, req.SecureProperties); err != nil {
		return nil, err
	}
	replicas := max(req.Replicas, 1)
	body := &wireRequest{
		Name:   req.Name,
		Target: &wireTarget{Provider: ProviderMC, TargetID: req.TargetID, Settings: req.Settings, Replicas: &replicas},
		Application: &wireAppSpec{
			DesiredState: cmpOr(req.DesiredState, Started), Ref: &ref,
			Configuration: configuration(req.Name, req.Properties, req.SecureProperties),
		},
	}
	if req.VCores > 0 {
		v := req.VCores
		body.Application.VCores = &v
	}
	d := new(Deployment)
	if err := s.call(req.SecureProperties.scrubbing(ctx), createDeployment, nil, body, d, orgID, envID); err != nil {
		return nil, err
	}
	return d, nil
}

func cmpOr(a, b DesiredState) DesiredState {
	if a != "" {
		return a
	}
	return b
}

// UpdateDeploymentRequest changes a deployment: a new version of its asset (a
// redeploy), its replicas or size, its state, its settings or its
// properties. Nil and zero fields are left as they are.
type UpdateDeploymentRequest struct {
	// Asset, when set, redeploys another version (an empty Packaging is
	// "jar").
	Asset *AssetRef
	// Replicas, when set, is the new number of replicas.
	Replicas *int
	// VCores, when set, is the new size of each replica on CloudHub 2.0,
	// such as 0.1.
	VCores *float64
	// DesiredState starts or stops the application.
	DesiredState DesiredState
	// Properties and SecureProperties, when either is non-nil, replace the
	// application's properties: both are sent, so give both (the platform
	// does not answer secure values back, so they cannot be kept for you).
	Properties map[string]string
	// SecureProperties are the new secure properties, sent with
	// Properties; their values never appear in an error or a log line.
	SecureProperties SecureProperties
	// Settings, when set, replace the target's deployment settings.
	Settings *Settings
}

// UpdateDeployment changes a deployment and returns it, APPLYING the new
// version; WaitForDeployment follows it. Secure property values are
// scrubbed from any error the platform answers.
//
// PATCH /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments/{deploymentId} (amc-application-manager patchOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid): scope create:applications (assumed).
func (s *Service) UpdateDeployment(ctx context.Context, orgID, envID, deploymentID string, req *UpdateDeploymentRequest) (*Deployment, error) {
	if err := checkEnv(orgID, envID); err != nil {
		return nil, err
	}
	if err := service.RequireID("deploymentID", deploymentID); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	body := &wireRequest{}
	if req.Replicas != nil || req.Settings != nil {
		if req.Replicas != nil && *req.Replicas < 1 {
			return nil, &anypoint.ValidationError{Field: "Replicas", Reason: "must be at least 1"}
		}
		body.Target = &wireTarget{Settings: req.Settings, Replicas: req.Replicas}
	}
	app := &wireAppSpec{DesiredState: req.DesiredState, VCores: req.VCores}
	if err := checkState("DesiredState", req.DesiredState); err != nil {
		return nil, err
	}
	if req.VCores != nil && *req.VCores <= 0 {
		return nil, &anypoint.ValidationError{Field: "VCores", Reason: "must be positive"}
	}
	if req.Asset != nil {
		ref := *req.Asset
		if err := checkRef("Asset", &ref); err != nil {
			return nil, err
		}
		app.Ref = &ref
	}
	if err := checkProperties(req.Properties, req.SecureProperties); err != nil {
		return nil, err
	}
	app.Configuration = configuration("", req.Properties, req.SecureProperties)
	if app.DesiredState != "" || app.VCores != nil || app.Ref != nil || app.Configuration != nil {
		body.Application = app
	}
	if body.Target == nil && body.Application == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "changes nothing"}
	}
	d := new(Deployment)
	if err := s.call(req.SecureProperties.scrubbing(ctx), updateDeployment, nil, body, d, orgID, envID, deploymentID); err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDeployment deletes a deployment and its application.
//
// DELETE /amc/application-manager/api/v2/organizations/{organizationId}/environments/{environmentId}/deployments/{deploymentId} (amc-application-manager deleteOrganizationsByOrganizationidEnvironmentsByEnvironmentidDeploymentsByDeploymentid): scope delete:applications (docs).
func (s *Service) DeleteDeployment(ctx context.Context, orgID, envID, deploymentID string) error {
	if err := checkEnv(orgID, envID); err != nil {
		return err
	}
	if err := service.RequireID("deploymentID", deploymentID); err != nil {
		return err
	}
	return s.call(ctx, deleteDeployment, nil, nil, nil, orgID, envID, deploymentID)
}
