package leastprivilege

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/scopes"
)

// WriteText writes the plan as a person reads it: each scope with its
// context ("any" where the program decides at run time) and source, and
// under it the calls that need it; then the calls that need no scope, a
// user's token or a scope nobody publishes, and the calls that could not
// be resolved.
func (p *Plan) WriteText(w io.Writer) error {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	n := len(p.Scopes())
	fmt.Fprintf(tw, "The smallest grant: %d %s, %d %s\n", n, plural(n, "scope", "scopes"), len(p.Grants), plural(len(p.Grants), "grant", "grants"))
	for _, g := range p.Grants {
		name := ""
		if info, ok := scopes.Lookup(g.Scope); ok {
			name = " (" + info.DisplayName + ")"
		}
		env := ""
		if needsEnvironment(g.Scope) {
			env = ", env " + anyIfEmpty(g.EnvID)
		}
		fmt.Fprintf(tw, "\n%s%s in org %s%s; source: %s\n", g.Scope, name, anyIfEmpty(g.OrgID), env, g.Source)
		for _, c := range g.Calls {
			writeCall(tw, c)
		}
	}
	sections := []struct {
		title string
		calls []Call
	}{
		{"Calls any valid token may make (no scope)", p.AnyToken},
		{"Calls only a user's token may make (an app acting on its own behalf cannot)", p.UserOnly},
		{"Calls of operations whose scope nobody publishes (no grant is known to cover them)", p.Unpublished},
	}
	for _, s := range sections {
		if len(s.calls) == 0 {
			continue
		}
		fmt.Fprintf(tw, "\n%s:\n", s.title)
		for _, c := range s.calls {
			writeCall(tw, c)
		}
	}
	if len(p.Unresolved) > 0 {
		fmt.Fprintf(tw, "\nCalls that could not be resolved (the grant above does not cover them):\n")
		for _, u := range p.Unresolved {
			fmt.Fprintf(tw, "    %s\t%s\t%s\n", u.At, u.Via, u.Reason)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeCall(w io.Writer, c Call) {
	where := c.At
	if where == "" {
		where = fmt.Sprintf("called %d×", c.Count)
	}
	ctx := ""
	if c.OrgID != "" || c.EnvID != "" {
		ctx = " [org " + anyIfEmpty(c.OrgID)
		if c.EnvID != "" {
			ctx += ", env " + c.EnvID
		}
		ctx += "]"
	}
	note := ""
	if c.Note != "" {
		note = " (" + c.Note + ")"
	}
	fmt.Fprintf(w, "    %s\t%s\t%s %s%s%s\n", where, c.Via, c.Operation.Method, c.Operation.Pattern, ctx, note)
}

func anyIfEmpty(s string) string {
	if s == "" {
		return "any"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// The JSON form of a plan, for CI: stable names, contexts omitted where
// they are "any".
type (
	jsonPlan struct {
		Scopes      []scopes.Scope   `json:"scopes"`
		Grants      []jsonGrant      `json:"grants"`
		AnyToken    []jsonCall       `json:"any_token,omitempty"`
		UserOnly    []jsonCall       `json:"user_only,omitempty"`
		Unpublished []jsonCall       `json:"unpublished,omitempty"`
		Unresolved  []jsonUnresolved `json:"unresolved"`
	}
	jsonGrant struct {
		Scope  scopes.Scope     `json:"scope"`
		OrgID  string           `json:"org,omitempty"`
		EnvID  string           `json:"env,omitempty"`
		Source endpoints.Source `json:"source"`
		Calls  []jsonCall       `json:"calls"`
	}
	jsonCall struct {
		Operation string `json:"operation"` // "api id"
		Method    string `json:"method"`
		Pattern   string `json:"pattern"`
		Via       string `json:"via,omitempty"`
		At        string `json:"at,omitempty"`
		OrgID     string `json:"org,omitempty"`
		EnvID     string `json:"env,omitempty"`
		Count     int    `json:"count"`
		Note      string `json:"note,omitempty"`
	}
	jsonUnresolved struct {
		At     string `json:"at,omitempty"`
		Via    string `json:"via"`
		Reason string `json:"reason"`
	}
)

func toJSONCalls(cs []Call) []jsonCall {
	var out []jsonCall
	for _, c := range cs {
		out = append(out, jsonCall{Operation: opName(c.Operation), Method: c.Operation.Method, Pattern: c.Operation.Pattern,
			Via: c.Via, At: c.At, OrgID: c.OrgID, EnvID: c.EnvID, Count: c.Count, Note: c.Note})
	}
	return out
}

// MarshalJSON writes the plan for CI: {"scopes":[…],"grants":[{"scope",
// "org","env","source","calls":[…]}],"any_token":[…],"user_only":[…],
// "unpublished":[…],"unresolved":[…]}; an organization or environment
// that is "any" is left out. ReadPlan reads it back.
func (p *Plan) MarshalJSON() ([]byte, error) {
	j := jsonPlan{Scopes: p.Scopes(), Grants: []jsonGrant{}, Unresolved: []jsonUnresolved{},
		AnyToken: toJSONCalls(p.AnyToken), UserOnly: toJSONCalls(p.UserOnly), Unpublished: toJSONCalls(p.Unpublished)}
	if j.Scopes == nil {
		j.Scopes = []scopes.Scope{}
	}
	for _, g := range p.Grants {
		j.Grants = append(j.Grants, jsonGrant{Scope: g.Scope, OrgID: g.OrgID, EnvID: g.EnvID, Source: g.Source, Calls: toJSONCalls(g.Calls)})
	}
	for _, u := range p.Unresolved {
		j.Unresolved = append(j.Unresolved, jsonUnresolved(u))
	}
	return json.Marshal(j)
}

// ErrBadPlan is wrapped by the errors of ReadPlan.
var ErrBadPlan = errors.New("leastprivilege: not a plan")

// ReadPlan reads a plan that MarshalJSON wrote (the -json output of
// command anypoint-scopes) and rebuilds it from its calls, so a plan
// written by an older catalog is chosen again with this one. An operation
// the catalog does not have is an error wrapping ErrBadPlan.
func ReadPlan(r io.Reader) (*Plan, error) {
	var j jsonPlan
	dec := json.NewDecoder(r)
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPlan, err)
	}
	if j.Grants == nil && j.Unresolved == nil && j.Scopes == nil {
		return nil, fmt.Errorf("%w: no scopes, grants or unresolved calls", ErrBadPlan)
	}
	var calls []Call
	add := func(cs []jsonCall) error {
		for _, c := range cs {
			api, id, _ := strings.Cut(c.Operation, " ")
			op, ok := endpoints.Get(api, id)
			if !ok {
				return fmt.Errorf("%w: the catalog has no operation %q", ErrBadPlan, c.Operation)
			}
			calls = append(calls, Call{Operation: op, Via: c.Via, At: c.At, OrgID: c.OrgID, EnvID: c.EnvID, Count: c.Count, Note: c.Note})
		}
		return nil
	}
	for _, g := range j.Grants {
		if err := add(g.Calls); err != nil {
			return nil, err
		}
	}
	for _, cs := range [][]jsonCall{j.AnyToken, j.UserOnly, j.Unpublished} {
		if err := add(cs); err != nil {
			return nil, err
		}
	}
	// A call is listed under every grant it needs: NewPlan merges the
	// copies, so count each call once.
	seen := map[callKey]bool{}
	var once []Call
	for _, c := range calls {
		if k := keyOf(c); !seen[k] {
			seen[k] = true
			once = append(once, c)
		}
	}
	var un []Unresolved
	for _, u := range j.Unresolved {
		un = append(un, Unresolved(u))
	}
	return NewPlan(once, un), nil
}
