package deployments

import (
	"context"

	"github.com/anypoint-go/anypoint/internal/service"
)

// Target is a place to deploy to: a CloudHub 2.0 shared space
// ("shared-space") or private space ("private-space"), or a Runtime Fabric
// ("runtime-fabric").
type Target struct {
	ID                        string    `json:"id"`
	Name                      string    `json:"name"`
	Type                      string    `json:"type"`
	Region                    string    `json:"region"`
	Status                    string    `json:"status"`
	Version                   string    `json:"version"`
	IsAvailableForDeployments bool      `json:"isAvailableForDeployments"`
	Runtimes                  []Runtime `json:"runtimes"`
}

// Runtime is a runtime a target offers, with its versions.
type Runtime struct {
	// Type is "mule", or another component such as "tokenizer".
	Type     string `json:"type"`
	Versions []struct {
		BaseVersion string `json:"baseVersion"`
		// Tag is what Settings.RuntimeVersion takes.
		Tag     string `json:"tag"`
		Channel string `json:"channel"`
	} `json:"versions"`
}

// ListTargets returns the targets organization orgID may deploy to. The
// platform answers them all in one list.
//
// GET /runtimefabric/api/organizations/{organizationId}/targets — scope read:runtime_fabrics.
func (s *Service) ListTargets(ctx context.Context, orgID string) ([]Target, error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	var out []Target
	if err := s.call(ctx, listTargets, nil, nil, &out, orgID); err != nil {
		return nil, err
	}
	if out == nil {
		out = []Target{}
	}
	return out, nil
}
