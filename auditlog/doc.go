// Package auditlog is the client of Anypoint's Audit Log Query API
// (/audit/v2): who did what in an organization, when, through which
// connected app.
//
//	al := auditlog.New(c)
//	q := &auditlog.Query{
//		Start:     time.Now().Add(-time.Hour),
//		ClientIDs: []string{pipelineClientID},
//	}
//	for e, err := range al.AllEntries(ctx, orgID, q) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(e.Timestamp, e.Action, e.Objects[0].Type, e.Objects[0].Name, e.Failed)
//	}
//
// # Queries
//
// A Query needs its Start; End, users, client IDs, objects, environments,
// platforms, object types, actions and the failed flag narrow it (every
// filter given must match). ListPlatforms, ListObjectTypes and ListActions
// answer the names the filters take.
//
// ListEntries returns one page ({data, total, cursor} on the wire); the
// page's Cursor, passed back in Query.Cursor, asks for the next. AllEntries
// walks every page by cursor with anypoint.PaginateCursor and holds one page
// at a time: a walk over a million entries takes the memory of 200. The
// query is a POST, so the client retries it only where a POST may be
// retried (a 429, a connection that was never made).
//
// ExportCSV writes the matching entries as CSV (up to MaxCSVLimit rows)
// into any io.Writer as the answer arrives, without holding it.
//
// # Scope
//
// Every call takes Audit Log Viewer (read:audit_logs): MuleSoft's audit
// logging documentation gives the Query API to users with that permission
// or Organization Administrator. The log is business-group aware: a query
// sees the entries of the organization it names and what lies below it.
// A missing scope is an *anypoint.ScopeError; a query without a Start, an
// End before it, a Limit out of range or an empty filter value is an
// *anypoint.ValidationError before any request.
//
// Not confirmed: the fields of an entry. The published spec leaves the
// entry's schema open; Entry's field names follow the query's own filter
// names and MuleSoft's description of what an entry holds.
package auditlog
