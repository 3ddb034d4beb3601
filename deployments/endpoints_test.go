package deployments

import (
	"testing"

	"github.com/anypoint-go/anypoint/internal/endpoint/endpointtest"
)

// The scopes this package declares for its endpoints are the ones the fake
// platform, from its own table, enforces: a wrong entry on either side
// fails here.
func TestEndpointsMatchTheFakePlatform(t *testing.T) {
	endpointtest.Check(t, endpoints)
}

// Each method's documentation names its endpoint and the scopes declared
// for it.
func TestDocumentedScopesMatchDeclarations(t *testing.T) {
	if n := endpointtest.CheckDocs(t, ".", endpoints); n == 0 {
		t.Fatal("no Service methods checked")
	}
}

// Each endpoint names its spec operation, and so does the documentation of
// every method that calls it.
func TestEndpointsNameTheirSpecOperation(t *testing.T) {
	if n := endpointtest.CheckSources(t, ".", endpoints); n == 0 {
		t.Fatal("no Service methods checked")
	}
}
