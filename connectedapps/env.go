package connectedapps

import (
	"errors"
	"fmt"
	"os"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/urls"
	"golang.org/x/oauth2"
)

// The environment variables NewClientFromEnv reads: the names the tools
// people already use read, so that one set of variables serves them all.
const (
	// EnvClientID and EnvClientSecret are a connected app's credentials, as
	// the Anypoint CLI and both Terraform providers read them.
	EnvClientID     = "ANYPOINT_CLIENT_ID"
	EnvClientSecret = "ANYPOINT_CLIENT_SECRET"
	// EnvAccessToken is a token minted elsewhere, as the community Terraform
	// provider reads it (access_token).
	EnvAccessToken = "ANYPOINT_ACCESS_TOKEN"

	// EnvHost is the Anypoint CLI's control plane: a host name, such as
	// "eu1.anypoint.mulesoft.com" (docs.mulesoft.com, Anypoint CLI 4.x,
	// "ANYPOINT_HOST=<name>"). The SDK also takes a base URL or a region name.
	EnvHost = "ANYPOINT_HOST"
	// EnvBaseURL is MuleSoft's Terraform provider's control plane (its
	// base_url, "May also be provided via ANYPOINT_BASE_URL"), a base URL
	// such as "https://eu1.anypoint.mulesoft.com". The SDK also takes a host
	// name or a region name.
	EnvBaseURL = "ANYPOINT_BASE_URL"
	// EnvCPlane is the community Terraform provider's control plane
	// (mulesoft-anypoint/terraform-provider-anypoint, cplane): "us", "eu" or
	// "gov", and nothing else.
	EnvCPlane = "ANYPOINT_CPLANE"
	// EnvRegion is the control plane of MuleSoft's MCP server
	// (@mulesoft/mcp-server, docs.mulesoft.com "Getting Started with MuleSoft
	// MCP Server"): "PROD_US", "PROD_EU", "PROD_CA" or "PROD_JP". The SDK also
	// takes its own region names ("us", "eu", "gov", "ca", "jp").
	EnvRegion = "ANYPOINT_REGION"
)

// controlPlaneVars are the variables that name a control plane, in the order
// BaseURLFromEnv reads them and reports them.
var controlPlaneVars = []string{EnvBaseURL, EnvHost, EnvCPlane, EnvRegion}

// ErrNoCredentials is what NewClientFromEnv returns when the environment
// holds neither a client ID and secret nor an access token.
var ErrNoCredentials = errors.New("anypoint: no credentials in the environment: set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (or ANYPOINT_ACCESS_TOKEN)")

// EnvSetting is one environment variable that names a control plane, and
// the base URL the SDK reads from it.
type EnvSetting struct {
	// Name is the variable, such as "ANYPOINT_CPLANE".
	Name string
	// Value is what it was set to.
	Value string
	// BaseURL is the control plane it names, such as
	// "https://eu1.anypoint.mulesoft.com".
	BaseURL string
}

// EnvConflictError says that the environment names more than one control
// plane, say ANYPOINT_BASE_URL for the US and ANYPOINT_CPLANE=eu: rather
// than pick one and send the credentials to the wrong region, BaseURLFromEnv
// and NewClientFromEnv refuse.
type EnvConflictError struct {
	// Settings are every control-plane variable that was set, in the order
	// ANYPOINT_BASE_URL, ANYPOINT_HOST, ANYPOINT_CPLANE, ANYPOINT_REGION.
	Settings []EnvSetting
}

// Error names each variable, its value and the control plane it names.
func (e *EnvConflictError) Error() string {
	var b strings.Builder
	b.WriteString("anypoint: the environment names more than one control plane:")
	for i, st := range e.Settings {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s=%q (%s)", st.Name, st.Value, st.BaseURL)
	}
	b.WriteString("; unset all but one, or make them agree")
	return b.String()
}

// NewClientFromEnv makes a client from the environment, the way the
// Anypoint CLI and the Terraform providers are configured:
//
//   - ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET: a connected app that
//     acts on its own behalf (client credentials);
//   - else ANYPOINT_ACCESS_TOKEN: a token minted elsewhere, used as it is (a
//     401 then stays anypoint.ErrUnauthorized: nothing can mint another);
//   - the control plane, from any of ANYPOINT_BASE_URL, ANYPOINT_HOST,
//     ANYPOINT_CPLANE and ANYPOINT_REGION: see BaseURLFromEnv.
//
// opts come after the environment's, so they override its control plane.
// The client and its token source are built from the one anypoint.Config
// that the environment and opts describe, so both talk to the same control
// plane through the same transport, retry policy and logger.
// It returns ErrNoCredentials when no credentials are set, and an
// *EnvConflictError when the variables name different control planes.
func NewClientFromEnv(opts ...anypoint.Option) (*anypoint.Client, error) {
	cfg, err := ConfigFromEnv(opts...)
	if err != nil {
		return nil, err
	}
	var ts oauth2.TokenSource
	id, secret := os.Getenv(EnvClientID), os.Getenv(EnvClientSecret)
	switch {
	case id != "" && secret != "":
		ts = ClientCredentials{ClientID: id, ClientSecret: secret, Config: cfg}.TokenSource()
	case id != "" || secret != "":
		return nil, errors.New("anypoint: set both ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET")
	case os.Getenv(EnvAccessToken) != "":
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv(EnvAccessToken), TokenType: "Bearer"})
	default:
		return nil, ErrNoCredentials
	}
	return anypoint.NewClient(ts, anypoint.WithConfig(cfg))
}

// ConfigFromEnv returns the settings for the control plane the environment
// names (see BaseURLFromEnv), followed by opts: hand it to a credential (its
// Config field) and to anypoint.NewClient (anypoint.WithConfig), so that
// both talk to the same control plane.
func ConfigFromEnv(opts ...anypoint.Option) (anypoint.Config, error) {
	base, err := BaseURLFromEnv()
	if err != nil {
		return anypoint.Config{}, err
	}
	return anypoint.NewConfig(append([]anypoint.Option{anypoint.WithBaseURL(base)}, opts...)...)
}

// BaseURLFromEnv returns the control plane the environment names. Each
// tool people configure Anypoint with has its own variable, and all four
// are read:
//
//   - ANYPOINT_BASE_URL (MuleSoft's Terraform provider): a base URL;
//   - ANYPOINT_HOST (the Anypoint CLI): a host name;
//   - ANYPOINT_CPLANE (the community Terraform provider): us, eu or gov;
//   - ANYPOINT_REGION (MuleSoft's MCP server): PROD_US, PROD_EU, PROD_CA or
//     PROD_JP.
//
// ANYPOINT_BASE_URL and ANYPOINT_HOST also take a host name, a base URL or a
// region name (us, eu, gov, ca, jp), and ANYPOINT_REGION a region name. A
// variable that is empty counts as unset.
//
// None of them takes precedence over another: when more than one is set,
// they must name the same control plane, or BaseURLFromEnv returns an
// *EnvConflictError naming each (a user set up for Terraform in the EU with
// ANYPOINT_CPLANE=eu, and for the CLI with a US ANYPOINT_HOST, is told so,
// not sent to one of them at random). With none set, the control plane is
// the US one. A value that names no control plane is an error that names
// its variable.
func BaseURLFromEnv() (string, error) {
	var set []EnvSetting
	for _, name := range controlPlaneVars {
		v := strings.TrimSpace(os.Getenv(name))
		if v == "" {
			continue
		}
		base, err := parseControlPlane(name, v)
		if err != nil {
			return "", fmt.Errorf("anypoint: %s=%q: %w", name, v, err)
		}
		set = append(set, EnvSetting{Name: name, Value: v, BaseURL: base})
	}
	if len(set) == 0 {
		return anypoint.US.BaseURL()
	}
	for _, st := range set[1:] {
		if !strings.EqualFold(st.BaseURL, set[0].BaseURL) {
			return "", &EnvConflictError{Settings: set}
		}
	}
	return set[0].BaseURL, nil
}

// mcpRegions are the values MuleSoft's MCP server takes in ANYPOINT_REGION.
var mcpRegions = map[string]anypoint.Region{
	"PROD_US": anypoint.US, "PROD_EU": anypoint.EU, "PROD_CA": anypoint.CA, "PROD_JP": anypoint.JP,
}

// parseControlPlane reads the value of one control-plane variable.
func parseControlPlane(name, v string) (string, error) {
	switch name {
	case EnvCPlane:
		// The community provider accepts exactly these three.
		switch strings.ToLower(v) {
		case "us", "eu", "gov":
			return anypoint.Region(strings.ToLower(v)).BaseURL()
		}
		return "", errors.New("want us, eu or gov, as the community Terraform provider reads it")
	case EnvRegion:
		if r, ok := mcpRegions[strings.ToUpper(v)]; ok {
			return r.BaseURL()
		}
		if r, err := anypoint.ParseRegion(v); err == nil {
			return r.BaseURL()
		}
		return "", errors.New("want PROD_US, PROD_EU, PROD_CA or PROD_JP (as MuleSoft's MCP server reads it), or us, eu, gov, ca or jp")
	}
	// ANYPOINT_BASE_URL and ANYPOINT_HOST: a region name, a host name or a
	// base URL.
	if r, err := anypoint.ParseRegion(v); err == nil {
		return r.BaseURL()
	}
	if !strings.Contains(v, "://") {
		v = "https://" + v
	}
	u, err := urls.ParseBase(v)
	if err != nil {
		return "", errors.New(strings.TrimPrefix(err.Error(), "anypoint: "))
	}
	return u.String(), nil
}
