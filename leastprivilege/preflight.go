package leastprivilege

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// GrantSource says what an app holds: appgrants.FromAdmin (a client-credentials
// app, from the Connected Apps management API), TokenGrants (a user's app,
// from its token) or HeldGrants (a list).
type GrantSource interface {
	// Grants returns the app's grants. A grant with no organization or
	// environment holds in any (a user's app's scopes are plain strings).
	Grants(ctx context.Context) ([]scopes.Grant, error)
}

// HeldGrants is a GrantSource of a fixed list.
type HeldGrants []scopes.Grant

// Grants returns the list.
func (h HeldGrants) Grants(context.Context) ([]scopes.Grant, error) { return slices.Clone(h), nil }

// ErrGrantsUnknown is wrapped by the error of TokenGrants when the token
// does not say which scopes it holds.
var ErrGrantsUnknown = errors.New("leastprivilege: the token's scopes are not known")

// TokenGrants returns the scopes a user's app holds, as its token says:
// ts must report them (GrantedScopes() []scopes.Scope, as the SDK's own
// token sources do, from the token endpoint's "scope" or the scopes the
// credential asked for). The platform does not say which scopes a
// client-credentials token holds: use appgrants.FromAdmin for those apps.
func TokenGrants(ts oauth2.TokenSource) GrantSource { return tokenGrants{ts} }

type tokenGrants struct{ ts oauth2.TokenSource }

func (t tokenGrants) Grants(ctx context.Context) ([]scopes.Grant, error) {
	r, ok := t.ts.(interface{ GrantedScopes() []scopes.Scope })
	if !ok {
		return nil, fmt.Errorf("%w: the token source does not report them", ErrGrantsUnknown)
	}
	if tc, ok := t.ts.(interface {
		TokenContext(context.Context) (*oauth2.Token, error)
	}); ok {
		if _, err := tc.TokenContext(ctx); err != nil {
			return nil, err
		}
	} else if _, err := t.ts.Token(); err != nil {
		return nil, err
	}
	sc := r.GrantedScopes()
	if len(sc) == 0 {
		return nil, fmt.Errorf("%w: the token endpoint did not list them (a client-credentials app? read its grants with the admin API: package leastprivilege/appgrants)", ErrGrantsUnknown)
	}
	var out []scopes.Grant
	for _, s := range sc {
		out = append(out, scopes.Grant{Scope: s})
	}
	return out, nil
}

// CheckOptions give the context a plan's "any" stands for: the
// organization and environment the program will run in.
type CheckOptions struct {
	OrgID, EnvID string
}

// Missing is a grant the app lacks, with the calls that would fail
// without it.
type Missing struct {
	// Grant is the scope to grant, in its context (an empty OrgID or
	// EnvID: the plan's "any", not filled by CheckOptions).
	scopes.Grant
	// Calls would be refused.
	Calls []Call
}

// Result is what Check found.
type Result struct {
	// Missing are the grants the plan needs that the app lacks.
	Missing []Missing
	// Unused are the app's grants that no call of the plan needs (the
	// identity scopes openid, profile, email and offline_access are never
	// listed: they govern sign-in, not calls).
	Unused []scopes.Grant
	// UserOnly are the plan's calls that only a user's token may make:
	// they fail for an app acting on its own behalf, whatever it holds.
	UserOnly []Call
	// Unchecked are the plan's calls no grant is known to satisfy
	// (Plan.Unpublished) and its unresolved calls: the check cannot say
	// whether they will go through.
	Unchecked  []Call
	Unresolved []Unresolved
}

// OK reports whether the app holds every grant the plan needs.
func (r *Result) OK() bool { return len(r.Missing) == 0 }

// MissingScopes returns the distinct scopes of Missing, sorted.
func (r *Result) MissingScopes() []scopes.Scope {
	var out []scopes.Scope
	for _, m := range r.Missing {
		if !slices.Contains(out, m.Scope) {
			out = append(out, m.Scope)
		}
	}
	slices.Sort(out)
	return out
}

// identity scopes are never reported unused.
func identity(s scopes.Scope) bool {
	switch s {
	case "openid", "profile", "email", "offline_access":
		return true
	}
	return false
}

// Check compares plan with the grants an app holds: which grants are
// missing, with the calls that would be refused, and which held grants no
// call needs. opts fills the plan's "any" contexts; nil leaves them any,
// which a grant in any organization or environment satisfies.
func Check(plan *Plan, held []scopes.Grant, opts *CheckOptions) *Result {
	if opts == nil {
		opts = &CheckOptions{}
	}
	holds := func(s scopes.Scope, org, env string) []int {
		var idx []int
		for i, h := range held {
			if h.Scope != s || (h.OrgID != "" && org != "" && h.OrgID != org) {
				continue
			}
			if needsEnvironment(s) && h.EnvID != "" && env != "" && h.EnvID != env {
				continue
			}
			idx = append(idx, i)
		}
		return idx
	}
	ctxOf := func(c Call) (string, string) { return cmp.Or(c.OrgID, opts.OrgID), cmp.Or(c.EnvID, opts.EnvID) }

	r := &Result{UserOnly: slices.Clone(plan.UserOnly), Unchecked: slices.Clone(plan.Unpublished), Unresolved: slices.Clone(plan.Unresolved)}
	missing := map[scopes.Grant]*Missing{}
	used := make([]bool, len(held))
	// The plan's choice of an any-of scope for each call.
	choice := map[callKey]scopes.Scope{}
	for _, g := range plan.Grants {
		for _, c := range g.Calls {
			if slices.Contains(c.Operation.AnyOf, g.Scope) {
				choice[keyOf(c)] = g.Scope
			}
		}
	}
	for _, g := range plan.Grants {
		for _, c := range g.Calls {
			org, env := ctxOf(c)
			op := c.Operation
			met := false
			if slices.Contains(op.AllOf, g.Scope) {
				met = len(holds(g.Scope, org, env)) > 0
			} else {
				met = slices.ContainsFunc(op.AnyOf, func(s scopes.Scope) bool { return len(holds(s, org, env)) > 0 })
			}
			if met {
				continue
			}
			want := scopes.Grant{Scope: g.Scope, OrgID: cmp.Or(g.OrgID, opts.OrgID)}
			if needsEnvironment(g.Scope) {
				want.EnvID = cmp.Or(g.EnvID, opts.EnvID)
			}
			m, ok := missing[want]
			if !ok {
				m = &Missing{Grant: want}
				missing[want] = m
			}
			m.Calls = append(m.Calls, c)
		}
	}
	for _, c := range plan.Calls() {
		op := c.Operation
		if op.AnyToken {
			continue
		}
		org, env := ctxOf(c)
		for _, s := range op.AllOf {
			for _, i := range holds(s, org, env) {
				used[i] = true
			}
		}
		if len(op.AnyOf) == 0 {
			continue
		}
		// The plan's choice if held, else the lightest held alternative.
		pick := scopes.Scope("")
		if s, ok := choice[keyOf(c)]; ok && len(holds(s, org, env)) > 0 {
			pick = s
		} else {
			for _, s := range op.AnyOf {
				if len(holds(s, org, env)) > 0 && (pick == "" || Privilege(s) < Privilege(pick) || (Privilege(s) == Privilege(pick) && s < pick)) {
					pick = s
				}
			}
		}
		if pick != "" {
			for _, i := range holds(pick, org, env) {
				used[i] = true
			}
		}
	}
	for i, h := range held {
		if !used[i] && !identity(h.Scope) && !slices.Contains(r.Unused, h) {
			r.Unused = append(r.Unused, h)
		}
	}
	for _, m := range missing {
		r.Missing = append(r.Missing, *m)
	}
	slices.SortFunc(r.Missing, func(a, b Missing) int { return strings.Compare(a.String(), b.String()) })
	slices.SortFunc(r.Unused, func(a, b scopes.Grant) int { return strings.Compare(a.String(), b.String()) })
	return r
}

// Preflight reads what an app holds from src and checks plan against it.
func Preflight(ctx context.Context, plan *Plan, src GrantSource, opts *CheckOptions) (*Result, error) {
	held, err := src.Grants(ctx)
	if err != nil {
		return nil, fmt.Errorf("leastprivilege: reading the app's grants: %w", err)
	}
	return Check(plan, held, opts), nil
}

// Require is the check a program makes as its first step: it returns a
// *MissingScopesError naming every grant the app lacks at once (and the
// calls that would fail), before any call that needs one is made. Grants
// the app holds that no call needs are not an error (see Preflight).
func Require(ctx context.Context, plan *Plan, src GrantSource, opts *CheckOptions) error {
	r, err := Preflight(ctx, plan, src, opts)
	if err != nil {
		return err
	}
	if !r.OK() {
		return &MissingScopesError{Missing: r.Missing}
	}
	return nil
}

// MissingScopesError says which grants an app lacks. errors.Is(err,
// anypoint.ErrScopeDenied) is true for it: it is the scope denials the
// program would otherwise meet one by one.
type MissingScopesError struct {
	Missing []Missing
}

// Error names every missing grant and, for each, the first call that
// needs it.
func (e *MissingScopesError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "leastprivilege: the app lacks %d %s the program needs:", len(e.Missing), plural(len(e.Missing), "grant", "grants"))
	for i, m := range e.Missing {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " %s (for %s %s", describeGrant(m.Grant), m.Calls[0].Operation.Method, m.Calls[0].Operation.Pattern)
		if n := len(m.Calls) - 1; n > 0 {
			fmt.Fprintf(&b, " and %d more", n)
		}
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether target is anypoint.ErrScopeDenied.
func (e *MissingScopesError) Is(target error) bool { return target == anypoint.ErrScopeDenied }

func describeGrant(g scopes.Grant) string {
	s := string(g.Scope) + " in org " + anyIfEmpty(g.OrgID)
	if needsEnvironment(g.Scope) {
		s += ", env " + anyIfEmpty(g.EnvID)
	}
	return s
}

// WriteText writes the result as a person reads it: the missing grants
// with the calls that would fail, the unused grants, and what could not
// be checked.
func (r *Result) WriteText(w io.Writer) error {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	if r.OK() {
		fmt.Fprintln(tw, "The app holds every grant the program needs.")
	} else {
		fmt.Fprintf(tw, "MISSING: %d %s; these calls would be refused:\n", len(r.Missing), plural(len(r.Missing), "grant", "grants"))
		for _, m := range r.Missing {
			fmt.Fprintf(tw, "  %s\n", describeGrant(m.Grant))
			for _, c := range m.Calls {
				writeCall(tw, c)
			}
		}
	}
	if len(r.Unused) > 0 {
		fmt.Fprintf(tw, "UNUSED: %d %s no call needs (take them away):\n", len(r.Unused), plural(len(r.Unused), "grant", "grants"))
		for _, g := range r.Unused {
			fmt.Fprintf(tw, "  %s\n", describeGrant(g))
		}
	}
	if len(r.UserOnly) > 0 {
		fmt.Fprintln(tw, "These calls need a user's token (an app acting on its own behalf is refused):")
		for _, c := range r.UserOnly {
			writeCall(tw, c)
		}
	}
	if n := len(r.Unchecked) + len(r.Unresolved); n > 0 {
		fmt.Fprintf(tw, "NOT CHECKED: %d %s whose scope is not known:\n", n, plural(n, "call", "calls"))
		for _, c := range r.Unchecked {
			writeCall(tw, c)
		}
		for _, u := range r.Unresolved {
			fmt.Fprintf(tw, "    %s\t%s\t%s\n", u.At, u.Via, u.Reason)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
