// Package designcenter is the client of Anypoint Design Center's API
// Designer: projects (API specifications and fragments), their branches and
// files, the edit lock, and publishing to Exchange.
//
//	c, err := anypoint.NewClient(ts)
//	dc := designcenter.New(c)
//	projects, err := dc.ListProjects(ctx)
//
// # Organization and owner
//
// Every Design Center call carries two headers: x-organization-id, the
// business group to work in, and x-owner-id, the UUID (not the username) of
// the user to act as. Give them with WithOrganizationID and WithOwnerID, or
// leave them out: the service then asks GET /accounts/api/me once, on its
// first call, and uses the token's organization and user (for a
// client-credentials app, the app's owner). The answer is kept for the
// life of the Service; concurrent first calls share one lookup, and a
// lookup that fails is tried again on the next call. With both options
// given, the service never calls /accounts/api/me. When no token can be
// had for the lookup (a wrong client secret, a token endpoint that is down),
// the call returns that error as it is, such as an *anypoint.TokenError:
// /accounts/api/me was never asked.
//
//	dc := designcenter.New(c,
//		designcenter.WithOrganizationID(orgID), // work in a business group
//		designcenter.WithOwnerID(userID))
//
// # Scopes
//
// The connected app needs Design Center scopes, granted for the
// organization:
//
//   - reading (ListProjects, GetProject, ListBranches, ListFiles, GetFile):
//     edit:design_center (Design Center Developer) or view:design_center
//     (Design Center Viewer);
//   - creating a project: edit:design_center or create:design_center
//     (Design Center Creator);
//   - everything else (handing projects over and deleting them, branches,
//     saving files, locks, publishing): edit:design_center.
//
// A call refused for want of a scope comes back as an *anypoint.ScopeError
// whose Required field lists the scopes that would do:
//
//	_, err := dc.CreateProject(ctx, req)
//	var denied *anypoint.ScopeError
//	if errors.As(err, &denied) {
//		log.Printf("grant the app one of %v", denied.Required)
//	}
//
// # What MuleSoft publishes
//
// Every method is an operation of MuleSoft's published API Designer
// Experience spec (mulesoft-dx, apis/api-designer-experience/api.yaml),
// named in its documentation, and sends what that spec declares: the
// required fields are checked before any request, and no field the spec
// does not have is sent. A save is the spec's bare POST …/save, as MuleSoft's
// own Design Center client (mulesoft/api-vcs-client) pushes a change. Where
// the SDK goes beyond the spec it says so: a commit message
// (SaveOptions.CommitMessage) travels as ?commit=true&message=…, which
// production deployers that are not MuleSoft's send but the spec does not
// list. The spec offers no rename and
// no lock keep-alive, so neither does the SDK; its PATCH only hands a
// project to another owner (TransferProject), and a branch starts at a
// commit (CreateBranch; CreateBranchFrom looks a branch's head up).
//
// # Editing a specification
//
// Design Center lets one user edit a branch at a time. Take the branch's
// lock, save, and let it go (the spec has acquire and release, and no
// keep-alive):
//
//	if _, err := dc.AcquireLock(ctx, projectID, "master"); err != nil {
//		return err // errors.Is(err, designcenter.ErrLocked): someone else is editing
//	}
//	defer dc.ReleaseLock(context.WithoutCancel(ctx), projectID, "master")
//	err := dc.SaveFiles(ctx, projectID, "master", []designcenter.FileChange{
//		{Path: "api.raml", Content: spec},
//	}, nil) // the spec's save, as MuleSoft's own client pushes a change
//
// Then publish the branch to Exchange. The spec's PublishExchange requires
// every field below (and groupId, which the service fills in with its
// organization); an empty one is refused before the request:
//
//	pub, err := dc.PublishToExchange(ctx, projectID, "master", &designcenter.PublishToExchangeRequest{
//		Name: "Orders API", AssetID: "orders-api", Version: "1.0.0",
//		APIVersion: "v1", Main: "api.raml", Classifier: designcenter.ClassifierRAML,
//		Status: designcenter.AssetStatusPublished, Tags: []string{"orders"},
//	})
//
// # Lists
//
// Design Center's list endpoints (projects, branches, files) answer a bare
// JSON array with every item at once, and take no paging parameters. So
// ListProjects, ListBranches and ListFiles return a slice, and there are no
// AllX iterators here: range over the slice. (The services whose endpoints
// page give a *anypoint.Page and an AllX iterator instead.) The spec states
// no maximum; an answer of more than 100,000 items is refused as an
// *anypoint.DecodeError before any is decoded, so that a flood of tiny items
// cannot cost memory many times the answer's size.
//
// # Errors
//
// Input the platform would refuse (an empty project ID or branch, a missing
// required field of the spec, a project type or classifier outside the
// spec's enums, a file that is not UTF-8) is refused before any request with
// an *anypoint.ValidationError whose Field names the input: "projectID",
// "Type", "files[2].Path".
package designcenter
