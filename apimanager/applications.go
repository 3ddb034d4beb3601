package apimanager

import (
	"context"
	"net/url"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// ClientApplicationRequest creates a client application (the API Platform
// spec gives the body no schema; these are the fields of its answer's
// example).
type ClientApplicationRequest struct {
	// Name is the application's name; required.
	Name string `json:"name"`
	// Description says what it is.
	Description string `json:"description,omitempty"`
	// URL is its home page.
	URL string `json:"url,omitempty"`
	// RedirectURI lists its OAuth redirect URIs (absolute URLs).
	RedirectURI []string `json:"redirectUri,omitempty"`
	// GrantTypes lists its OAuth grant types, for an OAuth provider.
	GrantTypes []string `json:"grantTypes,omitempty"`
}

// CreateClientApplication creates a client application in the
// organization's client provider and returns it with its client ID and
// secret (an anypoint.Secret: it prints as REDACTED).
//
// POST /apiplatform/repository/{version}/organizations/{organizationId}/applications (api-platform createOrganizationsByOrganizationidApplications): scope create:client_applications or manage:org_client_applications (assumed).
func (s *Service) CreateClientApplication(ctx context.Context, orgID string, req *ClientApplicationRequest) (*ClientApplication, error) {
	args, err := orgArgs(orgID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if strings.TrimSpace(req.Name) == "" {
		return nil, &anypoint.ValidationError{Field: "Name", Reason: "is required"}
	}
	for i, u := range req.RedirectURI {
		if p, err := url.Parse(u); err != nil || !p.IsAbs() {
			return nil, &anypoint.ValidationError{Field: "RedirectURI[" + itoa(i) + "]", Reason: "must be an absolute URL"}
		}
	}
	var a ClientApplication
	if err := service.Call(ctx, s.client, service.Request{Endpoint: createApp, Args: append([]string{platformVersion}, args...), Body: req}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// GetClientApplication returns a client application, with its owners
// left out (the spec's ignoreOwners).
//
// GET /apiplatform/repository/{version}/organizations/{organizationId}/applications/{applicationId} (api-platform getOrganizationsByOrganizationidApplicationsByApplicationid): scope read:client_applications or manage:client_application or read:org_client_applications or manage:org_client_applications (assumed).
func (s *Service) GetClientApplication(ctx context.Context, orgID string, applicationID int) (*ClientApplication, error) {
	args, err := orgArgs(orgID, "applicationID", applicationID)
	if err != nil {
		return nil, err
	}
	q := struct {
		IgnoreOwners bool `url:"ignoreOwners"`
	}{true}
	var a ClientApplication
	if err := service.Call(ctx, s.client, service.Request{Endpoint: getApp, Args: append([]string{platformVersion}, args...), Query: q}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// DeleteClientApplication deletes a client application and its
// contracts.
//
// DELETE /apiplatform/repository/{version}/organizations/{organizationId}/applications/{applicationId} (api-platform deleteOrganizationsByOrganizationidApplicationsByApplicationid): scope manage:client_application or manage:org_client_applications (assumed).
func (s *Service) DeleteClientApplication(ctx context.Context, orgID string, applicationID int) error {
	args, err := orgArgs(orgID, "applicationID", applicationID)
	if err != nil {
		return err
	}
	return service.Call(ctx, s.client, service.Request{Endpoint: deleteApp, Args: append([]string{platformVersion}, args...)}, nil)
}
