package deployments_test

import (
	"context"
	"slices"
	"testing"

	"github.com/anypoint-go/anypoint/deployments"
)

// The targets' kinds compare with the TargetType constants.
func TestTargetTypes(t *testing.T) {
	f := newFixture(t)
	targets, err := f.svc.ListTargets(context.Background(), org)
	if err != nil {
		t.Fatal(err)
	}
	var types []deployments.TargetType
	for _, tg := range targets {
		types = append(types, tg.Type)
	}
	want := []deployments.TargetType{deployments.TargetSharedSpace, deployments.TargetPrivateSpace, deployments.TargetRuntimeFabric}
	if !slices.Equal(types, want) {
		t.Errorf("target types %q, want %q", types, want)
	}
}
