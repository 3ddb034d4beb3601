package deployments

import (
	"context"

	"github.com/anypoint-go/anypoint/internal/service"
)

// TargetType is the kind of a deployment target (Target.Type).
type TargetType string

// The kinds of deployment targets. The CloudHub 2.0 spec's targets example
// shows "private-space" and "runtime-fabric"; "shared-space" is what
// CloudHub 2.0's shared spaces (such as Cloudhub-US-East-2) answer. The
// spec declares no enum, so other values may come back.
const (
	// TargetSharedSpace is a CloudHub 2.0 shared space, MuleSoft's own
	// infrastructure in one region.
	TargetSharedSpace TargetType = "shared-space"
	// TargetPrivateSpace is a CloudHub 2.0 private space.
	TargetPrivateSpace TargetType = "private-space"
	// TargetRuntimeFabric is a Runtime Fabric instance.
	TargetRuntimeFabric TargetType = "runtime-fabric"
)

// Target is a place to deploy to: a CloudHub 2.0 shared space
// (TargetSharedSpace) or private space (TargetPrivateSpace), or a Runtime
// Fabric (TargetRuntimeFabric).
type Target struct {
	// ID is the target's UUID, the TargetID of a CreateDeploymentRequest.
	ID string `json:"id"`
	// Name is the target's display name.
	Name string `json:"name"`
	// Type is TargetSharedSpace, TargetPrivateSpace or
	// TargetRuntimeFabric.
	Type TargetType `json:"type"`
	// Region is the target's region, such as "us-east-1".
	Region string `json:"region"`
	// Status is the target's state, "Active" in the CloudHub 2.0 spec's
	// example.
	Status string `json:"status"`
	// Version is the version of the target itself, such as "1.8.0"; the
	// runtime versions are in Runtimes.
	Version string `json:"version"`
	// IsAvailableForDeployments is true when a deployment can be made to
	// the target.
	IsAvailableForDeployments bool `json:"isAvailableForDeployments"`
	// Runtimes are the runtimes the target offers, such as "mule".
	Runtimes []Runtime `json:"runtimes"`
}

// Runtime is a runtime a target offers, with its versions.
type Runtime struct {
	// Type is "mule", or another component such as "tokenizer".
	Type string `json:"type"`
	// Versions are the versions of the runtime the target offers: each
	// with its BaseVersion ("4.0.0"), its Tag (the actual version used for
	// deployments) and the release Channel it belongs to ("legacy" in the
	// CloudHub 2.0 spec's example).
	Versions []struct {
		BaseVersion string `json:"baseVersion"`
		// Tag is what Settings.RuntimeVersion takes.
		Tag     string `json:"tag"`
		Channel string `json:"channel"`
	} `json:"versions"`
}

// ListTargets returns the targets organization orgID may deploy to. The
// platform answers them all in one list (more than 100,000 is refused as an
// *anypoint.DecodeError before any is decoded).
//
// GET /runtimefabric/api/organizations/{organizationId}/targets (cloudhub-20 getOrganizationsByOrganizationidTargets): scope read:runtime_fabrics (assumed).
func (s *Service) ListTargets(ctx context.Context, orgID string) ([]Target, error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	out := service.UnpagedList[Target]()
	if err := s.call(ctx, listTargets, nil, nil, out, orgID); err != nil {
		return nil, err
	}
	if out.Items == nil {
		out.Items = []Target{}
	}
	return out.Items, nil
}
