package connectedapps_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
)

func clearAnypointEnv(t *testing.T) {
	for _, k := range []string{connectedapps.EnvClientID, connectedapps.EnvClientSecret, connectedapps.EnvAccessToken, connectedapps.EnvHost, connectedapps.EnvRegion} {
		t.Setenv(k, "")
	}
}

func TestNewClientFromEnvClientCredentials(t *testing.T) {
	clearAnypointEnv(t)
	srv := anypointtest.NewTestServer(t)
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	t.Setenv(connectedapps.EnvClientID, app.ClientID)
	t.Setenv(connectedapps.EnvClientSecret, app.ClientSecret)
	t.Setenv(connectedapps.EnvHost, srv.URL)
	c, err := connectedapps.NewClientFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Call(context.Background(), http.MethodGet, "/accounts/api/me", nil, nil); err != nil {
		t.Fatal(err)
	}
	if srv.TokenRequests(connectedapps.GrantClientCredentials) != 1 {
		t.Fatal("the client did not mint a client-credentials token at the environment's host")
	}
}

func TestNewClientFromEnvControlPlanes(t *testing.T) {
	for _, tc := range []struct{ host, region, want string }{
		{"", "", "https://anypoint.mulesoft.com"},
		{"eu", "", "https://eu1.anypoint.mulesoft.com"},
		{"gov.anypoint.mulesoft.com", "", "https://gov.anypoint.mulesoft.com"},
		{"https://jp1.platform.mulesoft.com/", "", "https://jp1.platform.mulesoft.com"},
		{"", "ca", "https://ca1.platform.mulesoft.com"},
	} {
		clearAnypointEnv(t)
		t.Setenv(connectedapps.EnvAccessToken, "static")
		t.Setenv(connectedapps.EnvHost, tc.host)
		t.Setenv(connectedapps.EnvRegion, tc.region)
		c, err := connectedapps.NewClientFromEnv()
		if err != nil {
			t.Fatalf("host %q region %q: %v", tc.host, tc.region, err)
		}
		if got := c.BaseURL().String(); got != tc.want {
			t.Errorf("host %q region %q: base URL %s, want %s", tc.host, tc.region, got, tc.want)
		}
	}
}

func TestNewClientFromEnvRefusals(t *testing.T) {
	clearAnypointEnv(t)
	if _, err := connectedapps.NewClientFromEnv(); !errors.Is(err, connectedapps.ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
	t.Setenv(connectedapps.EnvClientID, "only-the-id")
	if _, err := connectedapps.NewClientFromEnv(); err == nil {
		t.Fatal("an ID without a secret was accepted")
	}
	clearAnypointEnv(t)
	t.Setenv(connectedapps.EnvAccessToken, "static")
	t.Setenv(connectedapps.EnvHost, "http://example.com")
	if _, err := connectedapps.NewClientFromEnv(); err == nil {
		t.Fatal("plain http to a non-loopback host was accepted")
	}
	t.Setenv(connectedapps.EnvHost, "")
	t.Setenv(connectedapps.EnvRegion, "mars")
	if _, err := connectedapps.NewClientFromEnv(); err == nil {
		t.Fatal("an unknown region was accepted")
	}
	// Options given in code win over the environment.
	t.Setenv(connectedapps.EnvRegion, "eu")
	c, err := connectedapps.NewClientFromEnv(anypoint.WithRegion(anypoint.JP))
	if err != nil || c.BaseURL().Host != "jp1.platform.mulesoft.com" {
		t.Fatalf("c = %v, err = %v", c, err)
	}
}
