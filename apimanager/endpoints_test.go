package apimanager

import (
	"testing"

	"github.com/anypoint-go/anypoint/internal/endpoint/endpointtest"
)

// The operations this package declares are served by the fake platform
// with the catalog's scopes.
func TestEndpointsMatchTheFakePlatform(t *testing.T) {
	endpointtest.Check(t, endpoints)
}

// Each method's documentation ends with the catalog's line for every
// operation it calls (ANYPOINT_UPDATE_DOCS=1 rewrites them).
func TestDocumentedScopesMatchDeclarations(t *testing.T) {
	if n := endpointtest.CheckDocs(t, ".", endpoints); n == 0 {
		t.Fatal("no Service methods checked")
	}
}
