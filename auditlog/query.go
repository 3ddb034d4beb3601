package auditlog

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/jsonlist"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Entry is one action recorded in the audit log: who (a user, through a
// connected app's client ID or a session) did what (Action) to which
// objects, on which platform, when.
//
// The spec leaves the entry's schema open ("log entries"); the field names
// here follow the query's own filters (userIds, clientIds, objectIds,
// platforms, actions) and MuleSoft's description of an entry's contents
// (time, product, type, action, object, user, parent, payload), and are not
// confirmed field by field.
type Entry struct {
	// ID identifies the entry.
	ID string `json:"id"`
	// Timestamp is when the action happened.
	Timestamp anypoint.Time `json:"timestamp"`
	// OrganizationID is the organization or business group the action
	// was done in.
	OrganizationID string `json:"organizationId"`
	// EnvironmentID is the environment the action's objects belong to;
	// empty when the platform sends none.
	EnvironmentID string `json:"environmentId"`
	// Platform is the product the object lives in, such as "exchange".
	Platform string `json:"platform"`
	// Action is what was done, such as "create" or "delete".
	Action string `json:"action"`
	// Objects are what it was done to.
	Objects []Object `json:"objects"`
	// UserID is the ID of the user who acted.
	UserID string `json:"userId"`
	// UserName is that user's username.
	UserName string `json:"userName"`
	// ClientID is the connected app that acted, when one did.
	ClientID string `json:"clientId"`
	// Failed is true for an action that did not succeed.
	Failed bool `json:"failed"`
	// TransactionID is the Anypoint transaction ID of the request.
	TransactionID string `json:"anypointTransactionId"`
	// Payload holds details that depend on the platform and the action,
	// as the platform wrote them.
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Object is an object an entry's action involved.
type Object struct {
	// ID is the object's ID in its system of record; Query.ObjectIDs
	// takes it.
	ID string `json:"objectId"`
	// Name is the object's name as users see it, such as "Shipping API".
	Name string `json:"objectName"`
	// Type is the object's type, an ObjectType.Name such as "api".
	Type string `json:"objectType"`
	// ParentID is the ID of the object this one is a child of; empty when
	// it has none.
	ParentID string `json:"parentId"`
	// ParentType is the type of that parent; empty when it has none.
	ParentType string `json:"parentType"`
}

// Page sizes of the query.
const (
	// MaxQueryLimit is the largest page of ListEntries and AllEntries.
	MaxQueryLimit = 200
	// MaxCSVLimit is the most rows ExportCSV may ask for.
	MaxCSVLimit = 300000
)

// Query selects audit log entries (logQuery in the spec). Start is
// required; every filter given must match (they are ANDed), and within a
// list any one value will do.
type Query struct {
	// Start and End bound the entries' times, both inclusive; a zero End
	// means now.
	Start, End time.Time

	// UserIDs keeps the entries of these users.
	UserIDs []string
	// ClientIDs keeps the entries of these connected apps (client IDs).
	ClientIDs []string
	// ObjectIDs keeps the entries that involve at least one of these
	// objects (Object.ID).
	ObjectIDs []string
	// EnvironmentIDs keeps the entries whose objects belong to one of
	// these environments.
	EnvironmentIDs []string
	// Platforms, ObjectTypes and Actions take the names ListPlatforms,
	// ListObjectTypes and ListActions answer. Platforms keeps the entries
	// of these platforms.
	Platforms []string
	// ObjectTypes keeps the entries about objects of these types.
	ObjectTypes []string
	// Actions keeps the entries of these actions.
	Actions []string
	// Failed, when set, keeps only failed (true) or only successful
	// (false) actions.
	Failed *bool

	// Descending lists the newest entries first; the default is oldest
	// first, the platform's default.
	Descending bool
	// Limit is the page size of ListEntries and AllEntries (at most
	// MaxQueryLimit; zero takes the platform's, 200), or the most rows of
	// ExportCSV (at most MaxCSVLimit).
	Limit int
	// Cursor starts ListEntries and AllEntries after the entry a previous
	// page's Cursor names; empty starts at the beginning.
	Cursor string
	// IncludeTotal asks the platform for the total number of matching
	// entries in each page's Total, at a cost on its side.
	IncludeTotal bool
}

// wireQuery is the body of a query.
type wireQuery struct {
	StartDate      string   `json:"startDate"`
	EndDate        string   `json:"endDate,omitempty"`
	UserIDs        []string `json:"userIds,omitempty"`
	ClientIDs      []string `json:"clientIds,omitempty"`
	ObjectIDs      []string `json:"objectIds,omitempty"`
	EnvironmentIDs []string `json:"environmentIds,omitempty"`
	Platforms      []string `json:"platforms,omitempty"`
	ObjectTypes    []string `json:"objectTypes,omitempty"`
	Actions        []string `json:"actions,omitempty"`
	Failed         *bool    `json:"failed,omitempty"`
	Ascending      bool     `json:"ascending"`
	Limit          int      `json:"limit,omitempty"`
	Cursor         string   `json:"cursor,omitempty"`
}

// queryParams are the query string of a JSON query.
type queryParams struct {
	CursorPagination bool `url:"cursorPagination"`
	DoIncludeTotal   bool `url:"doIncludeTotal,omitempty"`
}

// dateLayout is how the SDK sends a date: ISO 8601 in UTC, to the
// millisecond.
const dateLayout = "2006-01-02T15:04:05.000Z"

func (q *Query) wire(maxLimit int) (*wireQuery, error) {
	if q == nil {
		return nil, &anypoint.ValidationError{Field: "q", Reason: "must not be nil"}
	}
	switch {
	case q.Start.IsZero():
		return nil, &anypoint.ValidationError{Field: "Start", Reason: "is required"}
	case !q.End.IsZero() && q.End.Before(q.Start):
		return nil, &anypoint.ValidationError{Field: "End", Reason: "is before Start"}
	case q.Limit < 0 || q.Limit > maxLimit:
		return nil, &anypoint.ValidationError{Field: "Limit", Reason: fmt.Sprintf("must be between 0 and %d", maxLimit)}
	}
	for name, list := range map[string][]string{"UserIDs": q.UserIDs, "ClientIDs": q.ClientIDs, "ObjectIDs": q.ObjectIDs,
		"EnvironmentIDs": q.EnvironmentIDs, "Platforms": q.Platforms, "ObjectTypes": q.ObjectTypes, "Actions": q.Actions} {
		for i, v := range list {
			if strings.TrimSpace(v) == "" {
				return nil, &anypoint.ValidationError{Field: fmt.Sprintf("%s[%d]", name, i), Reason: "must not be empty"}
			}
		}
	}
	w := &wireQuery{
		StartDate: q.Start.UTC().Format(dateLayout), UserIDs: q.UserIDs, ClientIDs: q.ClientIDs,
		ObjectIDs: q.ObjectIDs, EnvironmentIDs: q.EnvironmentIDs, Platforms: q.Platforms,
		ObjectTypes: q.ObjectTypes, Actions: q.Actions, Failed: q.Failed,
		Ascending: !q.Descending, Limit: q.Limit, Cursor: q.Cursor,
	}
	if !q.End.IsZero() {
		w.EndDate = q.End.UTC().Format(dateLayout)
	}
	return w, nil
}

// ListEntries returns one page of the entries of organization orgID (and,
// as the audit log is business-group aware, of what the caller may see
// below it) that match q, oldest first unless q.Descending, starting after
// q.Cursor. The page's Cursor asks for the next one; it is empty after the
// last. Use AllEntries to walk every page.
//
// POST /audit/v2/organizations/{id}/query{mediaTypeExtension} (audit-log-query createOrganizationsByIdQueryMediatypeextension): scope read:audit_logs (docs).
func (s *Service) ListEntries(ctx context.Context, orgID string, q *Query) (*anypoint.CursorPage[Entry], error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	body, err := q.wire(MaxQueryLimit)
	if err != nil {
		return nil, err
	}
	// A page of more entries than asked for is refused before any is
	// decoded.
	items := jsonlist.List[Entry]{Max: service.PageBound(body.Limit, MaxQueryLimit)}
	wire := struct {
		Data   *jsonlist.List[Entry] `json:"data"`
		Total  int                   `json:"total"`
		Cursor string                `json:"cursor"`
	}{Data: &items}
	r := service.Request{Endpoint: query, Args: []string{orgID, jsonExtension}, Body: body,
		Query: queryParams{CursorPagination: true, DoIncludeTotal: q.IncludeTotal}}
	if err := service.Call(ctx, s.client, r, &wire); err != nil {
		return nil, err
	}
	page := &anypoint.CursorPage[Entry]{Data: items.Items, Total: wire.Total, Cursor: wire.Cursor}
	if page.Data == nil {
		page.Data = []Entry{}
	}
	return page, nil
}

// AllEntries walks every entry that matches q, page by page, by cursor.
// It holds one page at a time, so it streams any number of entries in the
// memory of one page (q.Limit entries, 200 by default). q is read once,
// when AllEntries is called; the walk starts after q.Cursor. An error is
// yielded once, with a zero Entry, and ends the walk.
//
// POST /audit/v2/organizations/{id}/query{mediaTypeExtension} (audit-log-query createOrganizationsByIdQueryMediatypeextension): scope read:audit_logs (docs).
func (s *Service) AllEntries(ctx context.Context, orgID string, q *Query) iter.Seq2[Entry, error] {
	var query Query
	if q != nil {
		query = *q
		query.IncludeTotal = false // the walk does not read it
	}
	return anypoint.PaginateCursor(ctx, query.Cursor, func(ctx context.Context, cursor string) (*anypoint.CursorPage[Entry], error) {
		if q == nil {
			return s.ListEntries(ctx, orgID, nil)
		}
		p := query
		p.Cursor = cursor
		return s.ListEntries(ctx, orgID, &p)
	})
}

// ExportCSV writes the entries that match q to w as CSV, as the platform
// writes them, streamed: the answer is copied to w as it arrives, never
// held whole. q.Limit caps the rows (at most MaxCSVLimit; zero takes the
// platform's limit); q.Cursor and q.IncludeTotal do not apply.
//
// An error answer writes nothing to w; an answer cut off midway leaves
// what arrived in w and returns the error.
//
// POST /audit/v2/organizations/{id}/query{mediaTypeExtension} (audit-log-query createOrganizationsByIdQueryMediatypeextension): scope read:audit_logs (docs).
func (s *Service) ExportCSV(ctx context.Context, orgID string, q *Query, w io.Writer) error {
	if err := service.RequireID("orgID", orgID); err != nil {
		return err
	}
	if w == nil {
		return &anypoint.ValidationError{Field: "w", Reason: "must not be nil"}
	}
	body, err := q.wire(MaxCSVLimit)
	if err != nil {
		return err
	}
	body.Cursor = ""
	req, err := service.NewRequest(ctx, s.client, service.Request{Endpoint: query, Args: []string{orgID, csvExtension}, Body: body})
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/csv")
	_, err = s.client.Do(req, w)
	return err
}
