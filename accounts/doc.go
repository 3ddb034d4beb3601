// Package accounts is the client of Anypoint's Accounts API: who a token
// acts for, its organization and business groups, and their environments.
//
// Make one Service per anypoint.Client and share it:
//
//	c, err := anypoint.NewClient(ts)
//	if err != nil {
//		return err
//	}
//	acc := accounts.New(c)
//
// # Identity
//
// Me needs no scope: any valid token may ask who it acts for. For a
// client-credentials token the user is the connected app's owner; for a
// user-delegated token, the user who authorized the app. Me.OrganizationID
// gives the organization to pass to the other calls:
//
//	me, err := acc.Me(ctx)
//	if err != nil {
//		return err
//	}
//	orgID := me.OrganizationID()
//
// # Organizations and environments
//
// GetOrganization returns an organization or business group with its
// environments. ListEnvironments returns one page of environments, filtered
// by name, type, production flag or a search text; AllEnvironments walks
// every page lazily, as the loop asks for more:
//
//	isProd := false
//	opts := &accounts.ListEnvironmentsOptions{IsProduction: &isProd}
//	for env, err := range acc.AllEnvironments(ctx, orgID, opts) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(env.Name, env.Type)
//	}
//
// Breaking out of the loop stops the fetching. IsProduction is a pointer
// because "only non-production" (false) differs from "no filter" (nil).
//
// # Dates
//
// MuleSoft's Access Management spec shows an organization's and a business
// group's createdAt and updatedAt as "2015-03-13 18:03:23.869000+00:00" in
// its getOrganizations and listHierarchy examples, and as RFC 3339
// elsewhere. Their dates are anypoint.Time, the one date type of every
// package, which reads either, and epoch milliseconds; a date in any other
// form fails the call with an *anypoint.DecodeError.
//
// # The business-group hierarchy
//
// Hierarchy returns the tree of business groups below an organization.
// Walk visits it depth first, a parent before its children; returning
// SkipChildren from the callback prunes a subtree, any other error stops
// the walk. Find looks a group up by ID and All ranges over the whole tree:
//
//	root, err := acc.Hierarchy(ctx, orgID)
//	if err != nil {
//		return err
//	}
//	err = root.Walk(func(g *accounts.BusinessGroup, depth int) error {
//		fmt.Printf("%s%s (%d environments)\n", strings.Repeat("  ", depth), g.Name, g.EnvironmentsCount)
//		return nil
//	})
//
// # Scopes and errors
//
// Each method names the scopes its endpoint needs: view:environment for the
// environments, read:organization or edit:organization for an organization
// and its hierarchy (assumed, as the platform does not document them), none
// for Me. When the connected app lacks one, the call fails with an
// *anypoint.ScopeError whose Required field lists the scopes that would do:
//
//	var denied *anypoint.ScopeError
//	if errors.As(err, &denied) {
//		log.Printf("grant the connected app one of %v", denied.Required)
//	}
//
// An unknown organization or environment gives an *anypoint.Error matching
// anypoint.ErrNotFound. Empty IDs and out-of-range paging options are
// refused before any request is sent, with an *anypoint.ValidationError
// whose Field names the input ("orgID", "envID", "Limit").
package accounts
