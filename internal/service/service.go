// Package service is the one request path of the SDK's service packages:
// a declared endpoint, its path parameters, query options and body become a
// request, sent through the anypoint.Client (which finds the request's
// operation in the catalog from its method and path, as for any request).
package service

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/urls"
)

// Request is one call of a declared endpoint.
type Request struct {
	// Endpoint is the operation; its pattern's parameters are filled from
	// Args, in order, each escaped as one path segment.
	Endpoint *endpoint.Endpoint
	Args     []string
	// Query is a struct with `url` tags (go-querystring), or nil.
	Query any
	// Body is encoded as anypoint.Client.NewRequest encodes it.
	Body any
	// Header holds extra headers (Design Center's x-organization-id).
	Header http.Header

	// path is the filled pattern, when At filled it.
	path string
}

// WithQuery returns r with its query options set to query.
func (r Request) WithQuery(query any) Request {
	r.Query = query
	return r
}

// At returns a request of ep with its pattern's parameters filled from args
// at once: args are not kept, so a caller's variadic arguments need not
// outlive the call (one allocation fewer than Args on every call).
func At(ep *endpoint.Endpoint, args ...string) Request {
	return Request{Endpoint: ep, path: ep.Path(args...)}
}

// NewRequest builds the HTTP request of r.
func NewRequest(ctx context.Context, c *anypoint.Client, r Request) (*http.Request, error) {
	path := r.path
	if path == "" {
		path = r.Endpoint.Path(r.Args...)
	}
	path, err := urls.AddQuery(path, r.Query)
	if err != nil {
		return nil, &anypoint.ValidationError{Field: "opts", Reason: strings.TrimPrefix(err.Error(), "encode query options: "), Err: err}
	}
	req, err := c.NewRequest(ctx, r.Endpoint.Method, path, r.Body)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req, nil
}

// Call sends r and decodes the answer into v (nil drops it), as
// anypoint.Client.Do does.
func Call(ctx context.Context, c *anypoint.Client, r Request, v any) error {
	req, err := NewRequest(ctx, c, r)
	if err != nil {
		return err
	}
	_, err = c.Do(req, v)
	return err
}

// RequireID refuses an empty or blank path parameter before any request:
// the request would reach another endpoint (the collection) instead of
// failing.
func RequireID(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &anypoint.ValidationError{Field: field, Reason: "must not be empty"}
	}
	return nil
}

// CheckPage refuses negative paging values and a limit above the
// endpoint's maximum, which the platform would answer with a 400.
func CheckPage(o anypoint.ListOptions, maxLimit int) error {
	switch {
	case o.Offset < 0:
		return &anypoint.ValidationError{Field: "Offset", Reason: "must not be negative"}
	case o.Limit < 0:
		return &anypoint.ValidationError{Field: "Limit", Reason: "must not be negative"}
	case o.Limit > maxLimit:
		return &anypoint.ValidationError{Field: "Limit", Reason: "must be at most " + strconv.Itoa(maxLimit) + " for this endpoint"}
	}
	return nil
}

// All walks a paged list whose options struct O embeds
// anypoint.ListOptions (pageOf reaches it): it copies opts once, so that
// the caller may reuse it while the walk runs, starts at its Offset, asks
// for its Limit a page (defaultLimit when zero), and fetches each page
// with list only when the loop gets to it.
func All[T, O any](ctx context.Context, opts *O, defaultLimit int, pageOf func(*O) *anypoint.ListOptions, list func(context.Context, *O) (*anypoint.Page[T], error)) iter.Seq2[T, error] {
	var o O
	if opts != nil {
		o = *opts
	}
	first := *pageOf(&o)
	if first.Limit == 0 {
		first.Limit = defaultLimit
	}
	return anypoint.Paginate(ctx, first, func(ctx context.Context, page anypoint.ListOptions) (*anypoint.Page[T], error) {
		po := o
		*pageOf(&po) = page
		return list(ctx, &po)
	})
}
