package accounts

import "context"

// Me is the identity behind a token, as GET /accounts/api/me answers it. For
// a client-credentials token, User is the app's owner; for a user-delegated
// token, the user who authorized the app.
type Me struct {
	// Client is the connected app that holds the token.
	Client MeClient `json:"client"`
	// User is the user the token acts for (the owner, for client credentials).
	User User `json:"user"`
}

// MeClient is the connected app part of Me.
type MeClient struct {
	// ClientID is the app's client ID.
	ClientID string `json:"client_id"`
	// Name is the app's display name.
	Name string `json:"name"`
	// OrgID is the organization the app belongs to, when the platform
	// sends it (not confirmed for every kind of token).
	OrgID string `json:"org_id,omitempty"`
	// RedirectURIs are the URIs the user is sent back to after authorizing
	// the app; empty for an app that takes no user authorization.
	RedirectURIs []string `json:"redirect_uris,omitempty"`
	// GrantTypes are the OAuth 2.0 grant types the app may use, such as
	// "client_credentials", "authorization_code", "refresh_token" or
	// "password".
	GrantTypes []string `json:"grant_types,omitempty"`
}

// User is an Anypoint user as the Accounts API describes it.
type User struct {
	// ID is the user's UUID.
	ID string `json:"id"`
	// Username is the name the user signs in with.
	Username string `json:"username"`
	// FirstName is the user's first name.
	FirstName string `json:"firstName"`
	// LastName is the user's last name.
	LastName string `json:"lastName"`
	// Email is the user's email address.
	Email string `json:"email"`
	// OrganizationID is the ID of the user's organization.
	OrganizationID string `json:"organizationId"`
	// Organization is the user's organization; Me.OrganizationID reads its
	// ID.
	Organization UserOrganization `json:"organization"`
	// MemberOfOrganizations are the organizations and business groups the
	// user is a member of; empty when the platform leaves them out.
	MemberOfOrganizations []OrganizationRef `json:"memberOfOrganizations,omitempty"`
	// ContributorOfOrganizations are the organizations and business groups
	// the user has contributor access to; empty when the platform leaves
	// them out.
	ContributorOfOrganizations []OrganizationRef `json:"contributorOfOrganizations,omitempty"`
	// Properties are the user's settings; the SDK reads only the active
	// organization from them.
	Properties UserProperties `json:"properties,omitempty"`
}

// UserOrganization is the organization a user belongs to, as embedded in Me.
type UserOrganization struct {
	// ID is the organization's UUID.
	ID string `json:"id"`
	// Name is the organization's display name.
	Name string `json:"name"`
	// OwnerID is the ID of the user who owns the organization.
	OwnerID string `json:"ownerId"`
	// ClientID is the organization's client ID.
	ClientID string `json:"clientId"`
	// Domain is the organization's domain name, such as "mordues-sundays"
	// in the spec's example.
	Domain string `json:"domain"`
	// IsFederated is true when the organization signs its users in through
	// a federated identity provider.
	IsFederated bool `json:"isFederated"`
	// ParentOrganizationIDs are the IDs of the organizations above this
	// one in the hierarchy; empty for a root organization.
	ParentOrganizationIDs []string `json:"parentOrganizationIds"`
	// SubOrganizationIDs are the IDs of the business groups directly below
	// this one.
	SubOrganizationIDs []string `json:"subOrganizationIds"`
	// TenantOrganizationIDs are the IDs of the tenant organizations
	// associated with this one (empty in the spec's examples).
	TenantOrganizationIDs []string `json:"tenantOrganizationIds"`
}

// OrganizationRef names an organization a user is a member or contributor of.
type OrganizationRef struct {
	// ID is the organization's UUID.
	ID string `json:"id"`
	// Name is the organization's display name.
	Name string `json:"name"`
	// IsRoot is true for a root organization, false for a business group.
	IsRoot bool `json:"isRoot"`
	// IsMaster is true for the master organization; the spec says no more
	// than that.
	IsMaster bool `json:"isMaster"`
	// ParentID is the ID of the organization directly above this one;
	// empty for a root organization (null in the spec's example).
	ParentID string `json:"parentId,omitempty"`
	// ParentName is the display name of that parent; empty for a root
	// organization.
	ParentName string `json:"parentName,omitempty"`
}

// UserProperties holds the user's settings that the SDK reads.
type UserProperties struct {
	// CSAuth holds the user's Anypoint Platform sign-in settings.
	CSAuth struct {
		// ActiveOrganizationID is the organization currently active in
		// the user's session; empty when the platform leaves it out.
		ActiveOrganizationID string `json:"activeOrganizationId,omitempty"`
	} `json:"cs_auth"`
}

// OrganizationID returns the organization the token acts in: the app's
// org_id when the platform sends it, else the user's organization (its
// embedded object, then its organizationId field), else the user's active
// organization. (Public clients read it in this order; which
// field the platform fills for which token is not confirmed.)
func (m *Me) OrganizationID() string {
	for _, id := range []string{m.Client.OrgID, m.User.Organization.ID, m.User.OrganizationID, m.User.Properties.CSAuth.ActiveOrganizationID} {
		if id != "" {
			return id
		}
	}
	return ""
}

// Me returns the identity behind the client's token.
//
// GET /accounts/api/me (access-management listMe): any valid token (docs).
func (s *Service) Me(ctx context.Context) (*Me, error) {
	me := new(Me)
	if err := s.call(ctx, meEndpoint, nil, me); err != nil {
		return nil, err
	}
	return me, nil
}
