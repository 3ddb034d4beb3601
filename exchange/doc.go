// Package exchange is the client of Anypoint Exchange's Experience API
// (/exchange/api/v2): search assets, read an asset and its versions, and
// publish a new version, its files streamed from any io.Reader.
//
// Make one Service per anypoint.Client and share it:
//
//	ex := exchange.New(c)
//
// # Finding assets
//
// ListAssets returns one page of a search (by text, type, root
// organization); AllAssets walks every page lazily. Exchange answers a bare
// list with no total, so a page's Total is zero and the walk ends at the
// first page shorter than the limit it asked for. The spec's search takes
// one type: AllAssets asks for several one after the other, and ListAssets
// takes one:
//
//	opts := &exchange.ListAssetsOptions{Types: []exchange.AssetType{exchange.RESTAPI, exchange.Connector}}
//	for a, err := range ex.AllAssets(ctx, opts) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(a.GroupID, a.AssetID, a.Version)
//	}
//
// GetAsset returns an asset's latest version and GetAssetVersion one
// version, each with its files and the asset's other versions
// (Asset.Versions lists them all).
//
// # Publishing
//
// Publish sends the multipart form Exchange documents: name, type,
// properties.*, dependencies, keywords, tags and a files.{classifier}.{packaging}
// part per file. The body is written from each File.Content while it is
// sent, through a pipe: publishing a 200 MiB jar takes a few kilobytes of
// memory, not 200 MiB.
//
//	jar, err := os.Open("target/orders-sync-1.0.0-mule-application.jar")
//	...
//	pub, err := ex.Publish(ctx, orgID, &exchange.PublishRequest{
//		AssetID: "orders-sync", Version: "1.0.0", Name: "Orders Sync",
//		Files: []exchange.File{{Classifier: "mule-application", Packaging: "jar", Content: jar}},
//	})
//
// By default the publication is asynchronous, as MuleSoft recommends for
// automation: the platform answers 202 with a status link at once, and
// Publish polls it (PublicationRunning until PublicationCompleted) for as
// long as its context allows, telling PublishRequest.OnStatus of each
// change. PublishRequest.Sync asks for the synchronous answer (201 once the
// asset is published) instead. A publication that ends in error is a
// *PublicationFailedError with the steps' errors.
//
// A streamed body can be sent only once, unless every File.Content is an
// io.ReadSeeker (an *os.File is): the SDK then rewinds the files and sends
// the body again where the client would replay any request (a 429, a token
// that expired during the call). With a plain io.Reader neither happens: a
// 429 is returned, and a token refused during the upload is dropped and the
// 401 returned with that advice; the next call gets a fresh token.
//
// # Scopes and errors
//
// Reading takes Exchange Viewer (read:exchange), Contributor
// (edit:exchange) or Administrator (manage:exchange); publishing takes
// Contributor or Administrator, as Exchange's documentation of connected
// apps says. A missing scope is an *anypoint.ScopeError naming them;
// publishing a version that exists is an *anypoint.Error matching
// anypoint.ErrConflict; input the platform would refuse (empty IDs, a
// version that is not semantic, a tag with a comma) is an
// *anypoint.ValidationError before any request.
//
// What is not confirmed: the search parameter search (the community
// Terraform provider sends it; the published spec lists types, one value,
// rootOrganizationId, sharedWithMe, sort, ascending, offset and limit, and
// the SDK sends those and search only), the
// publication states other than "running" (public clients wait for
// "completed" and treat "error" as failure), and whether Exchange Creator
// (create:exchange) may publish.
package exchange
