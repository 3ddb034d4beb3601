package exchange

import (
	"context"
	"fmt"
	"iter"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// AssetType is the kind of an Exchange asset.
type AssetType string

// The asset types Exchange's search filters by (the spec's enum), and the
// type of a Mule application ("app", the spec's own example).
const (
	RESTAPI         AssetType = "rest-api"
	SOAPAPI         AssetType = "soap-api"
	HTTPAPI         AssetType = "http-api"
	RAMLFragment    AssetType = "raml-fragment"
	Connector       AssetType = "connector"
	Template        AssetType = "template"
	Example         AssetType = "example"
	Custom          AssetType = "custom"
	MCP             AssetType = "mcp"
	Agent           AssetType = "agent"
	Policy          AssetType = "policy"
	MuleApplication AssetType = "app"
)

// AssetSummary is one asset as Exchange's search lists it.
type AssetSummary struct {
	// OrganizationID is the organization or business group that owns the
	// asset.
	OrganizationID string `json:"organizationId"`
	// GroupID is the asset's group: for an organization's own assets, the
	// ID of the business group they belong to (the spec's examples also
	// show names such as "org.mule.modules").
	GroupID string `json:"groupId"`
	// AssetID identifies the asset within its group, such as
	// "endpoints-review".
	AssetID string `json:"assetId"`
	// Version is the version listed, a semantic version such as "1.0.0".
	Version string `json:"version"`
	// MinorVersion is the version's major and minor parts, such as "1.0";
	// tags, reviews and documentation apply to a whole minor version.
	MinorVersion string `json:"minorVersion"`
	// VersionGroup is the group of versions the version belongs to: for an
	// API, its major version such as "v1" (the spec's search example also
	// shows "1.0.0").
	VersionGroup string `json:"versionGroup"`
	// Name is the asset's display name.
	Name string `json:"name"`
	// Description is the asset's free-text description; may be empty.
	Description string `json:"description"`
	// Type is the kind of asset, one of the AssetType constants or another
	// value the platform sends.
	Type AssetType `json:"type"`
	// Status is the lifecycle state of the version: "published" (stable),
	// "development" or "deprecated".
	Status string `json:"status"`
	// IsPublic is true for a version shared to the organization's public
	// portal (sharing applies to a whole major version).
	IsPublic bool `json:"isPublic"`
	// CreatedByID is the ID of the user who owns the version: who
	// published it, unless ownership was transferred since (the spec's
	// ownership update sets this field).
	CreatedByID string `json:"createdById"`
	// CreatedAt is when the version was published; zero when the platform
	// sends no time.
	CreatedAt anypoint.Time `json:"createdAt"`
}

// Asset is one version of an asset, with its files and the asset's other
// versions.
type Asset struct {
	// ID is "groupId/assetId/version".
	ID string `json:"id"`
	// GroupID is the asset's group: for an organization's own assets, the
	// ID of the business group they belong to (the spec's examples also
	// show names such as "org.mule.modules").
	GroupID string `json:"groupId"`
	// AssetID identifies the asset within its group.
	AssetID string `json:"assetId"`
	// Version is this version, a semantic version such as "2.0.0".
	Version string `json:"version"`
	// MinorVersion is the version's major and minor parts, such as "2.0";
	// tags, reviews and documentation apply to a whole minor version.
	MinorVersion string `json:"minorVersion"`
	// VersionGroup is the group of versions this one belongs to: for an
	// API, its major version such as "v2".
	VersionGroup string `json:"versionGroup"`
	// Name is the asset's display name, the same for every version.
	Name string `json:"name"`
	// Description is the asset's free-text description, the same for
	// every version; may be empty.
	Description string `json:"description"`
	// Type is the kind of asset, one of the AssetType constants or another
	// value the platform sends.
	Type AssetType `json:"type"`
	// Status is the lifecycle state of the version: "published" (stable),
	// "development" or "deprecated".
	Status string `json:"status"`
	// IsPublic is true for a version shared to the organization's public
	// portal (sharing applies to a whole major version).
	IsPublic bool `json:"isPublic"`
	// IsSnapshot is true for a snapshot version.
	IsSnapshot bool `json:"isSnapshot"`
	// Labels are the version's tags, such as "asset-tag"; tags apply to a
	// whole minor version. Empty when it has none.
	Labels []string `json:"labels"`
	// CreatedBy is the user who published the version.
	CreatedBy User `json:"createdBy"`
	// CreatedDate is when the version was published.
	CreatedDate anypoint.Time `json:"createdDate"`
	// UpdatedDate is when the version last changed.
	UpdatedDate anypoint.Time `json:"updatedDate"`
	// Organization is the organization or business group that owns the
	// asset: its ID and display name.
	Organization struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"organization"`
	// Files are the version's files, such as its specification, its jar
	// or its POM.
	Files []AssetFile `json:"files"`
	// Dependencies are the assets this version depends on.
	Dependencies []Dependency `json:"dependencies"`
	// OtherVersions are the asset's other versions, newest first as the
	// platform lists them, without their own other versions.
	OtherVersions []Asset `json:"otherVersions"`
}

// Versions returns every version of the asset this answer names: its own
// and those in OtherVersions, in the platform's order.
func (a *Asset) Versions() []string {
	out := make([]string, 0, 1+len(a.OtherVersions))
	out = append(out, a.Version)
	for _, v := range a.OtherVersions {
		out = append(out, v.Version)
	}
	return out
}

// User is who created an asset version.
type User struct {
	// ID is the user's ID.
	ID string `json:"id"`
	// UserName is the name the user signs in with.
	UserName string `json:"userName"`
	// FirstName is the user's first name.
	FirstName string `json:"firstName"`
	// LastName is the user's last name.
	LastName string `json:"lastName"`
}

// AssetFile is a file of an asset version.
type AssetFile struct {
	// Classifier and Packaging name the file, as in "mule-application" and
	// "jar"; a POM has no classifier.
	Classifier string `json:"classifier"`
	// Packaging is the file's format, such as "jar", "zip" or "pom".
	Packaging string `json:"packaging"`
	// DownloadURL is the URL to download the file from, on Exchange's
	// files API.
	DownloadURL string `json:"downloadURL"`
	// MD5 is the file's MD5 checksum, in hexadecimal in the spec's
	// examples.
	MD5 string `json:"md5"`
	// SHA1 is the file's SHA-1 checksum, in hexadecimal in the spec's
	// examples.
	SHA1 string `json:"sha1"`
	// MainFile is the name of the main file inside an archive, such as
	// "api.raml"; empty when the file has none.
	MainFile string `json:"mainFile"`
	// IsGenerated is true for a file Exchange generated rather than one
	// that was uploaded (in the spec's example, the OAS of a RAML asset).
	IsGenerated bool `json:"isGenerated"`
	// CreatedDate is when the file was stored.
	CreatedDate anypoint.Time `json:"createdDate"`
}

// Dependency is an asset another one depends on.
type Dependency struct {
	// GroupID is the group of the asset depended on.
	GroupID string `json:"groupId"`
	// AssetID is its asset ID.
	AssetID string `json:"assetId"`
	// Version is the version depended on, such as "1.0.0".
	Version string `json:"version"`
	// Type is the kind of the asset depended on; may be empty.
	Type AssetType `json:"type,omitempty"`
	// Name is its display name; may be empty.
	Name string `json:"name,omitempty"`
}

// Page sizes of the search endpoint.
const (
	// MaxListAssetsLimit is the largest page ListAssets may ask for; the
	// platform refuses more.
	MaxListAssetsLimit = 250
	// DefaultAllAssetsLimit is the page size AllAssets asks for when
	// opts.Limit is zero.
	DefaultAllAssetsLimit = 100
)

// ListAssetsOptions filters and pages ListAssets and AllAssets. The zero
// value lists every asset the caller may see.
//
// The query is the spec's (getAssetsSearch: types, rootOrganizationId,
// sharedWithMe, sort, ascending, offset, limit), and text search, which the
// spec's operation does not declare but Exchange serves: the most-used
// community Terraform provider sends it (mulesoft-anypoint/
// terraform-provider-anypoint, anypoint/data_source_exchange_assets.go).
type ListAssetsOptions struct {
	// Search is a free-text filter: names, descriptions, tags and more, as
	// Exchange's own search box matches them. It is sent as search, which
	// the spec's search operation does not declare; the community Terraform
	// provider sends it (see ListAssetsOptions).
	Search string
	// Types keeps the assets of these types. The spec's search takes one
	// type (types, a single value of its enum): ListAssets takes at most
	// one, and AllAssets asks for several one after the other, a walk per
	// type, so that each request carries types once. The spec's enum is
	// RESTAPI through Agent; MuleApplication and Policy are not in it, and
	// the fake platform refuses them here as the spec would.
	Types []AssetType
	// RootOrganizationID keeps the assets of a root organization and its
	// business groups.
	RootOrganizationID string
	// SharedWithMe keeps the assets shared with the caller; nil does not
	// filter.
	SharedWithMe *bool
	// Sort names the property to sort by, such as "name"; empty takes the
	// platform's default order. With several Types, each type's assets are
	// sorted among themselves.
	Sort string
	// Ascending gives the sort order: true ascending, false descending,
	// nil the platform's default.
	Ascending *bool

	// ListOptions pages the list. Limit is at most MaxListAssetsLimit;
	// zero takes the platform's default for ListAssets and
	// DefaultAllAssetsLimit for AllAssets.
	anypoint.ListOptions
}

// searchQuery is the query of GET …/assets/search: the spec's parameters,
// each sent once, and search (see ListAssetsOptions).
type searchQuery struct {
	Search             string    `url:"search,omitempty"`
	Type               AssetType `url:"types,omitempty"`
	RootOrganizationID string    `url:"rootOrganizationId,omitempty"`
	SharedWithMe       *bool     `url:"sharedWithMe,omitempty"`
	Sort               string    `url:"sort,omitempty"`
	Ascending          *bool     `url:"ascending,omitempty"`
	anypoint.ListOptions
}

func (o *ListAssetsOptions) validate() error {
	if o == nil {
		return nil
	}
	for i, t := range o.Types {
		if strings.TrimSpace(string(t)) == "" {
			return &anypoint.ValidationError{Field: fmt.Sprintf("Types[%d]", i), Reason: "must not be empty"}
		}
	}
	return service.CheckPage(o.ListOptions, MaxListAssetsLimit)
}

// ListAssets returns one page of the assets that match opts (nil lists
// everything the caller may see). The platform answers a bare list, with
// no total, so the page's Total is zero. Use AllAssets to walk every page.
// A page of more assets than opts.Limit (MaxListAssetsLimit when unset) is
// an *anypoint.DecodeError, refused before the rest is read.
//
// The spec's search takes one type: opts.Types may hold at most one (an
// *anypoint.ValidationError otherwise); AllAssets walks several.
//
// GET /exchange/api/v2/assets/search (exchange-experience getAssetsSearch): scope read:exchange or edit:exchange or manage:exchange (docs).
func (s *Service) ListAssets(ctx context.Context, opts *ListAssetsOptions) (*anypoint.Page[AssetSummary], error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var q searchQuery
	if opts != nil {
		if len(opts.Types) > 1 {
			return nil, &anypoint.ValidationError{Field: "Types", Reason: fmt.Sprintf("the search takes one type (%d given): ask once per type, or use AllAssets, which does", len(opts.Types))}
		}
		q = searchQuery{Search: opts.Search, RootOrganizationID: opts.RootOrganizationID, SharedWithMe: opts.SharedWithMe,
			Sort: opts.Sort, Ascending: opts.Ascending, ListOptions: opts.ListOptions}
		if len(opts.Types) == 1 {
			q.Type = opts.Types[0]
		}
	}
	return service.ListPage[AssetSummary](ctx, s.client, service.Request{Endpoint: searchAssets, Query: q}, service.BareArray, service.PageBound(q.Limit, MaxListAssetsLimit))
}

// AllAssets walks every asset that matches opts, fetching a page only when
// the loop gets to it, opts.Limit assets a page (DefaultAllAssetsLimit when
// zero), and stops after the first page shorter than that. opts may be nil;
// it is read once, when AllAssets is called.
//
// Several opts.Types are asked for one after the other: the spec's search
// takes one type, so the walk goes through every page of the first type,
// then of the next (each asset has one type, so none comes twice), each
// request with types once. opts.Offset applies to each type's walk.
//
// An error is yielded once, with a zero AssetSummary, and ends the walk.
//
// GET /exchange/api/v2/assets/search (exchange-experience getAssetsSearch): scope read:exchange or edit:exchange or manage:exchange (docs).
func (s *Service) AllAssets(ctx context.Context, opts *ListAssetsOptions) iter.Seq2[AssetSummary, error] {
	var filters ListAssetsOptions
	if opts != nil {
		filters = *opts
		filters.Types = append([]AssetType(nil), opts.Types...)
		filters.SharedWithMe = copyBool(opts.SharedWithMe)
		filters.Ascending = copyBool(opts.Ascending)
	}
	if len(filters.Types) <= 1 {
		return service.All(ctx, &filters, DefaultAllAssetsLimit, func(o *ListAssetsOptions) *anypoint.ListOptions { return &o.ListOptions }, s.ListAssets)
	}
	return func(yield func(AssetSummary, error) bool) {
		if err := filters.validate(); err != nil {
			yield(AssetSummary{}, err)
			return
		}
		for _, t := range filters.Types {
			one := filters
			one.Types = []AssetType{t}
			for a, err := range service.All(ctx, &one, DefaultAllAssetsLimit, func(o *ListAssetsOptions) *anypoint.ListOptions { return &o.ListOptions }, s.ListAssets) {
				if !yield(a, err) || err != nil {
					return
				}
			}
		}
	}
}

func copyBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	v := *b
	return &v
}

// GetAsset returns the latest version of an asset, with its files and, in
// OtherVersions, the asset's other versions (Asset.Versions lists them all).
//
// GET /exchange/api/v2/assets/{groupId}/{assetId}/asset (exchange-experience getAssetsByGroupidByAssetidAsset): scope read:exchange or edit:exchange or manage:exchange (docs).
func (s *Service) GetAsset(ctx context.Context, groupID, assetID string) (*Asset, error) {
	if err := checkCoordinates(groupID, assetID, "-"); err != nil {
		return nil, err
	}
	a := new(Asset)
	if err := s.call(ctx, getAsset, nil, a, groupID, assetID); err != nil {
		return nil, err
	}
	return a, nil
}

// GetAssetVersion returns one version of an asset, with its files and the
// asset's other versions.
//
// GET /exchange/api/v2/assets/{groupId}/{assetId}/{version} (exchange-experience getAssetsByGroupidByAssetidByVersion): scope read:exchange or edit:exchange or manage:exchange (docs).
func (s *Service) GetAssetVersion(ctx context.Context, groupID, assetID, version string) (*Asset, error) {
	if err := checkCoordinates(groupID, assetID, version); err != nil {
		return nil, err
	}
	a := new(Asset)
	if err := s.call(ctx, getAssetVersion, nil, a, groupID, assetID, version); err != nil {
		return nil, err
	}
	return a, nil
}

// checkCoordinates refuses an empty group, asset or version before any
// request.
func checkCoordinates(groupID, assetID, version string) error {
	if err := service.RequireID("groupID", groupID); err != nil {
		return err
	}
	if err := service.RequireID("assetID", assetID); err != nil {
		return err
	}
	return service.RequireID("version", version)
}
