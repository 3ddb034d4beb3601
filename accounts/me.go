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
	ClientID string `json:"client_id"`
	Name     string `json:"name"`
	// OrgID is the organization the app belongs to, when the platform
	// sends it (not confirmed for every kind of token).
	OrgID        string   `json:"org_id,omitempty"`
	RedirectURIs []string `json:"redirect_uris,omitempty"`
	GrantTypes   []string `json:"grant_types,omitempty"`
}

// User is an Anypoint user as the Accounts API describes it.
type User struct {
	ID                         string            `json:"id"`
	Username                   string            `json:"username"`
	FirstName                  string            `json:"firstName"`
	LastName                   string            `json:"lastName"`
	Email                      string            `json:"email"`
	OrganizationID             string            `json:"organizationId"`
	Organization               UserOrganization  `json:"organization"`
	MemberOfOrganizations      []OrganizationRef `json:"memberOfOrganizations,omitempty"`
	ContributorOfOrganizations []OrganizationRef `json:"contributorOfOrganizations,omitempty"`
	Properties                 UserProperties    `json:"properties,omitempty"`
}

// UserOrganization is the organization a user belongs to, as embedded in Me.
type UserOrganization struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	OwnerID               string   `json:"ownerId"`
	ClientID              string   `json:"clientId"`
	Domain                string   `json:"domain"`
	IsFederated           bool     `json:"isFederated"`
	ParentOrganizationIDs []string `json:"parentOrganizationIds"`
	SubOrganizationIDs    []string `json:"subOrganizationIds"`
	TenantOrganizationIDs []string `json:"tenantOrganizationIds"`
}

// OrganizationRef names an organization a user is a member or contributor of.
type OrganizationRef struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	IsRoot     bool   `json:"isRoot"`
	IsMaster   bool   `json:"isMaster"`
	ParentID   string `json:"parentId,omitempty"`
	ParentName string `json:"parentName,omitempty"`
}

// UserProperties holds the user's settings that the SDK reads.
type UserProperties struct {
	CSAuth struct {
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
// Spec: access-management api.yaml, listMe.
//
// GET /accounts/api/me — any valid token; no scope needed.
func (s *Service) Me(ctx context.Context) (*Me, error) {
	me := new(Me)
	if err := s.call(ctx, meEndpoint, nil, me); err != nil {
		return nil, err
	}
	return me, nil
}
