package connectedapps

import (
	"errors"
	"os"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/urls"
	"golang.org/x/oauth2"
)

// The environment variables NewClientFromEnv reads: the names the Anypoint
// CLI and the Terraform providers use, so one set of variables serves all.
const (
	EnvClientID     = "ANYPOINT_CLIENT_ID"
	EnvClientSecret = "ANYPOINT_CLIENT_SECRET"
	EnvAccessToken  = "ANYPOINT_ACCESS_TOKEN"
	EnvHost         = "ANYPOINT_HOST"
	EnvRegion       = "ANYPOINT_REGION"
)

// ErrNoCredentials is what NewClientFromEnv returns when the environment
// holds neither a client ID and secret nor an access token.
var ErrNoCredentials = errors.New("anypoint: no credentials in the environment: set ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET (or ANYPOINT_ACCESS_TOKEN)")

// NewClientFromEnv makes a client from the environment, the way the
// Anypoint CLI and the Terraform providers are configured:
//
//   - ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET: a connected app that
//     acts on its own behalf (client credentials);
//   - else ANYPOINT_ACCESS_TOKEN: a token minted elsewhere, used as it is (a
//     401 then stays anypoint.ErrUnauthorized: nothing can mint another);
//   - ANYPOINT_HOST: the control plane, as a base URL or host name
//     ("eu1.anypoint.mulesoft.com") or as a region name ("us", "eu", "gov",
//     "ca", "jp"); or ANYPOINT_REGION with a region name. The default is US.
//
// opts come after the environment's, so they can override the control
// plane. It returns ErrNoCredentials when no credentials are set.
func NewClientFromEnv(opts ...anypoint.Option) (*anypoint.Client, error) {
	base, err := BaseURLFromEnv()
	if err != nil {
		return nil, err
	}
	var ts oauth2.TokenSource
	id, secret := os.Getenv(EnvClientID), os.Getenv(EnvClientSecret)
	switch {
	case id != "" && secret != "":
		ts = ClientCredentials{ClientID: id, ClientSecret: secret}.TokenSource()
	case id != "" || secret != "":
		return nil, errors.New("anypoint: set both ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET")
	case os.Getenv(EnvAccessToken) != "":
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: os.Getenv(EnvAccessToken), TokenType: "Bearer"})
	default:
		return nil, ErrNoCredentials
	}
	return anypoint.NewClient(ts, append([]anypoint.Option{anypoint.WithBaseURL(base)}, opts...)...)
}

// BaseURLFromEnv returns the control plane the environment names:
// ANYPOINT_HOST as a base URL, a host name ("eu1.anypoint.mulesoft.com") or
// a region name ("us", "eu", "gov", "ca", "jp"); else ANYPOINT_REGION as a
// region name; else the US control plane.
func BaseURLFromEnv() (string, error) {
	if host := strings.TrimSpace(os.Getenv(EnvHost)); host != "" {
		if r, err := anypoint.ParseRegion(host); err == nil {
			return r.BaseURL()
		}
		if !strings.Contains(host, "://") {
			host = "https://" + host
		}
		u, err := urls.ParseBase(host)
		if err != nil {
			return "", err
		}
		return u.String(), nil
	}
	region := anypoint.US
	if name := strings.TrimSpace(os.Getenv(EnvRegion)); name != "" {
		r, err := anypoint.ParseRegion(name)
		if err != nil {
			return "", err
		}
		region = r
	}
	return region.BaseURL()
}
