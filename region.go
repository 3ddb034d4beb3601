package anypoint

import (
	"fmt"
	"strings"
)

// Region is an Anypoint control plane. Every API path is relative to its host,
// and the OAuth 2.0 endpoints are the same on all of them.
type Region string

// The control planes of Anypoint Platform.
const (
	// US is the default control plane, https://anypoint.mulesoft.com.
	US Region = "us"
	// EU is the European control plane, https://eu1.anypoint.mulesoft.com.
	EU Region = "eu"
	// Gov is the US Government control plane, https://gov.anypoint.mulesoft.com.
	Gov Region = "gov"
	// CA is the Canadian Hyperforce control plane, https://ca1.platform.mulesoft.com.
	CA Region = "ca"
	// JP is the Japanese Hyperforce control plane, https://jp1.platform.mulesoft.com.
	JP Region = "jp"
)

var regionHosts = map[Region]string{
	US:  "https://anypoint.mulesoft.com",
	EU:  "https://eu1.anypoint.mulesoft.com",
	Gov: "https://gov.anypoint.mulesoft.com",
	CA:  "https://ca1.platform.mulesoft.com",
	JP:  "https://jp1.platform.mulesoft.com",
}

// BaseURL returns the control plane's base URL, such as "https://eu1.anypoint.mulesoft.com".
// It returns an error for a region the SDK does not know.
func (r Region) BaseURL() (string, error) {
	known, err := ParseRegion(string(r))
	if err != nil {
		return "", err
	}
	return regionHosts[known], nil
}

// ParseRegion turns a control-plane name as users write it in configuration
// ("us", "EU", "gov", "ca1", "jp1", "eu1") into a Region.
func ParseRegion(name string) (Region, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimSuffix(n, "1")
	r := Region(n)
	if _, ok := regionHosts[r]; !ok {
		return "", fmt.Errorf("anypoint: unknown region %q (want us, eu, gov, ca or jp)", name)
	}
	return r, nil
}
