package connectedapps_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
)

func clearAnypointEnv(t *testing.T) {
	for _, k := range []string{connectedapps.EnvClientID, connectedapps.EnvClientSecret, connectedapps.EnvAccessToken,
		connectedapps.EnvHost, connectedapps.EnvBaseURL, connectedapps.EnvCPlane, connectedapps.EnvRegion} {
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
	const (
		us  = "https://anypoint.mulesoft.com"
		eu  = "https://eu1.anypoint.mulesoft.com"
		gov = "https://gov.anypoint.mulesoft.com"
		ca  = "https://ca1.platform.mulesoft.com"
		jp  = "https://jp1.platform.mulesoft.com"
	)
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{nil, us},
		// The Anypoint CLI: a host name (the SDK also takes a region name or a URL).
		{map[string]string{connectedapps.EnvHost: "eu"}, eu},
		{map[string]string{connectedapps.EnvHost: "gov.anypoint.mulesoft.com"}, gov},
		{map[string]string{connectedapps.EnvHost: "https://jp1.platform.mulesoft.com/"}, jp},
		// MuleSoft's Terraform provider: a base URL.
		{map[string]string{connectedapps.EnvBaseURL: "https://eu1.anypoint.mulesoft.com"}, eu},
		{map[string]string{connectedapps.EnvBaseURL: "ca1.platform.mulesoft.com"}, ca},
		// The community Terraform provider: us, eu or gov.
		{map[string]string{connectedapps.EnvCPlane: "eu"}, eu},
		{map[string]string{connectedapps.EnvCPlane: "GOV"}, gov},
		// MuleSoft's MCP server: PROD_US, PROD_EU, PROD_CA, PROD_JP; and the SDK's names.
		{map[string]string{connectedapps.EnvRegion: "PROD_EU"}, eu},
		{map[string]string{connectedapps.EnvRegion: "prod_jp"}, jp},
		{map[string]string{connectedapps.EnvRegion: "ca"}, ca},
		// Several that agree, in any spelling, are fine.
		{map[string]string{connectedapps.EnvBaseURL: "https://eu1.anypoint.mulesoft.com/", connectedapps.EnvHost: "EU1.anypoint.mulesoft.com",
			connectedapps.EnvCPlane: "eu", connectedapps.EnvRegion: "PROD_EU"}, eu},
		{map[string]string{connectedapps.EnvHost: "anypoint.mulesoft.com", connectedapps.EnvCPlane: "us"}, us},
		// An empty variable is unset.
		{map[string]string{connectedapps.EnvHost: " ", connectedapps.EnvCPlane: "eu"}, eu},
	} {
		clearAnypointEnv(t)
		t.Setenv(connectedapps.EnvAccessToken, "static")
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		c, err := connectedapps.NewClientFromEnv()
		if err != nil {
			t.Fatalf("%v: %v", tc.env, err)
		}
		if got := c.BaseURL().String(); got != tc.want {
			t.Errorf("%v: base URL %s, want %s", tc.env, got, tc.want)
		}
		if got, err := connectedapps.BaseURLFromEnv(); err != nil || got != tc.want {
			t.Errorf("%v: BaseURLFromEnv() = %q, %v, want %s", tc.env, got, err, tc.want)
		}
	}
}

// A user set up for Terraform in the EU and for the CLI in the US is told,
// not silently sent to one of them.
func TestEnvConflictingControlPlanesAreRefused(t *testing.T) {
	for _, env := range []map[string]string{
		{connectedapps.EnvBaseURL: "https://anypoint.mulesoft.com", connectedapps.EnvCPlane: "eu"},
		{connectedapps.EnvHost: "anypoint.mulesoft.com", connectedapps.EnvCPlane: "eu"},
		{connectedapps.EnvCPlane: "gov", connectedapps.EnvRegion: "PROD_US"},
		{connectedapps.EnvHost: "eu1.anypoint.mulesoft.com", connectedapps.EnvRegion: "PROD_EU", connectedapps.EnvBaseURL: "https://my.private.example"},
	} {
		clearAnypointEnv(t)
		t.Setenv(connectedapps.EnvAccessToken, "static")
		for k, v := range env {
			t.Setenv(k, v)
		}
		_, err := connectedapps.NewClientFromEnv()
		var ce *connectedapps.EnvConflictError
		if !errors.As(err, &ce) {
			t.Fatalf("%v: err = %v (%T), want *EnvConflictError", env, err, err)
		}
		if len(ce.Settings) != len(env) {
			t.Errorf("%v: Settings = %+v", env, ce.Settings)
		}
		for k, v := range env {
			if !strings.Contains(err.Error(), k+"="+strconv.Quote(v)) {
				t.Errorf("error %q does not name %s=%q", err, k, v)
			}
		}
		if _, err := connectedapps.BaseURLFromEnv(); !errors.As(err, &ce) {
			t.Errorf("%v: BaseURLFromEnv err = %v", env, err)
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
	for _, bad := range [][2]string{
		{connectedapps.EnvRegion, "mars"},
		{connectedapps.EnvRegion, "PROD_GOV"},
		{connectedapps.EnvCPlane, "ca"}, // the community provider takes us, eu and gov only
		{connectedapps.EnvCPlane, "https://eu1.anypoint.mulesoft.com"},
		{connectedapps.EnvBaseURL, "ftp://anypoint.mulesoft.com"},
	} {
		clearAnypointEnv(t)
		t.Setenv(connectedapps.EnvAccessToken, "static")
		t.Setenv(bad[0], bad[1])
		_, err := connectedapps.NewClientFromEnv()
		if err == nil {
			t.Fatalf("%s=%s was accepted", bad[0], bad[1])
		}
		if !strings.HasPrefix(err.Error(), "anypoint: "+bad[0]+"=") {
			t.Errorf("%s=%s: error %q does not name the variable", bad[0], bad[1], err)
		}
	}
	// Options given in code win over the environment.
	clearAnypointEnv(t)
	t.Setenv(connectedapps.EnvAccessToken, "static")
	t.Setenv(connectedapps.EnvRegion, "eu")
	c, err := connectedapps.NewClientFromEnv(anypoint.WithRegion(anypoint.JP))
	if err != nil || c.BaseURL().Host != "jp1.platform.mulesoft.com" {
		t.Fatalf("c = %v, err = %v", c, err)
	}
}
