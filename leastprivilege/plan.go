package leastprivilege

import (
	"cmp"
	"slices"
	"strings"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/scopes"
)

// Call is one call of a published operation by a program.
type Call struct {
	// Operation is the catalog's operation the call is.
	Operation *endpoints.Operation
	// Via is what the program called: an SDK method
	// ("(*deployments.Service).CreateDeployment") or the client's raw
	// request ("(*anypoint.Client).Call"). Empty in a runtime record.
	Via string
	// At is where the program calls it, "file.go:42"; empty in a runtime
	// record.
	At string
	// OrgID and EnvID are the organization and environment the call acts
	// in: empty ("any") where the report cannot know them, such as a
	// static call whose argument is a variable. EnvID is empty for an
	// operation that acts on no environment.
	OrgID, EnvID string
	// Count is how many times the call was made (a runtime record), or 1.
	Count int
	// Note says how the call was found when that matters: "method value:
	// where it is called is not known", "through the interface
	// designcenter.API".
	Note string
}

// Unresolved is a call the static report found but could not map to an
// operation: the grant does not cover it.
type Unresolved struct {
	// At is where the program makes it, "file.go:42".
	At string
	// Via is what the program called ("(*anypoint.Client).Call").
	Via string
	// Reason says why it could not be resolved: "the path is built at run
	// time", "a method value of (*anypoint.Client).Call",
	// "POST /x/y is not a published operation".
	Reason string
}

// Grant is one scope of a plan, in the context it is needed in, with the
// calls that need it.
type Grant struct {
	// Grant is the scope and its context; an empty OrgID or EnvID means
	// any (the one the program runs in). EnvID is set only for scopes
	// granted per environment (scopes.Info.NeedsEnvironment).
	scopes.Grant
	// Source is the weakest source of the facts behind it: assumed if any
	// of its calls' operations' scopes are assumed, else docs, else spec.
	Source endpoints.Source
	// Calls are the calls that need it.
	Calls []Call
}

// Plan is the smallest grant that satisfies a program's calls, and the
// calls that need no grant or could not be resolved.
type Plan struct {
	// Grants are the scopes to grant, by scope, organization and
	// environment.
	Grants []Grant
	// AnyToken are calls of operations any valid token may make.
	AnyToken []Call
	// UserOnly are calls of operations that only a user's token may make
	// (connected apps acting on their own behalf cannot); their scopes are
	// in Grants too.
	UserOnly []Call
	// Unpublished are calls of operations whose scope nobody publishes
	// (and the catalog does not assume): no grant is known to satisfy them.
	Unpublished []Call
	// Unresolved are calls that could not be mapped to an operation.
	Unresolved []Unresolved
}

// Scopes returns the distinct scopes of the plan's grants, sorted.
func (p *Plan) Scopes() []scopes.Scope {
	var out []scopes.Scope
	for _, g := range p.Grants {
		if !slices.Contains(out, g.Scope) {
			out = append(out, g.Scope)
		}
	}
	slices.Sort(out)
	return out
}

// Calls returns every call of the plan: those of the grants (each once),
// those that need any token, a user's token, or an unpublished scope.
func (p *Plan) Calls() []Call {
	var out []Call
	seen := map[callKey]bool{}
	add := func(cs []Call) {
		for _, c := range cs {
			if k := keyOf(c); !seen[k] {
				seen[k] = true
				out = append(out, c)
			}
		}
	}
	for _, g := range p.Grants {
		add(g.Calls)
	}
	add(p.AnyToken)
	add(p.UserOnly)
	add(p.Unpublished)
	slices.SortFunc(out, compareCalls)
	return out
}

// Filter returns the plan of the calls keep accepts (and the same
// unresolved calls): the plan of one of a program's apps, when the program
// uses several.
func (p *Plan) Filter(keep func(Call) bool) *Plan {
	return NewPlan(slices.DeleteFunc(p.Calls(), func(c Call) bool { return !keep(c) }), slices.Clone(p.Unresolved))
}

type callKey struct {
	op                      *endpoints.Operation
	via, at, org, env, note string
}

func keyOf(c Call) callKey { return callKey{c.Operation, c.Via, c.At, c.OrgID, c.EnvID, c.Note} }

func compareCalls(a, b Call) int {
	return cmp.Or(
		strings.Compare(a.At, b.At),
		strings.Compare(a.Via, b.Via),
		strings.Compare(opName(a.Operation), opName(b.Operation)),
		strings.Compare(a.OrgID, b.OrgID),
		strings.Compare(a.EnvID, b.EnvID),
		strings.Compare(a.Note, b.Note),
	)
}

func opName(op *endpoints.Operation) string {
	if op == nil {
		return ""
	}
	return op.API + " " + op.ID
}

// NewPlan returns the least-privilege plan of calls: the lightest set of
// grants (see the package documentation) with which every call that needs
// a scope goes through. Calls of the same operation from the same place
// and context are merged, their counts added. Calls with a nil Operation
// are ignored; list them as unresolved.
func NewPlan(calls []Call, unresolved []Unresolved) *Plan {
	p := &Plan{Unresolved: slices.Clone(unresolved)}
	slices.SortFunc(p.Unresolved, func(a, b Unresolved) int {
		return cmp.Or(strings.Compare(a.At, b.At), strings.Compare(a.Via, b.Via), strings.Compare(a.Reason, b.Reason))
	})

	merged := map[callKey]int{}
	var list []Call
	for _, c := range calls {
		if c.Operation == nil {
			continue
		}
		if c.Count <= 0 {
			c.Count = 1
		}
		k := keyOf(c)
		if i, ok := merged[k]; ok {
			list[i].Count += c.Count
			continue
		}
		merged[k] = len(list)
		list = append(list, c)
	}
	slices.SortFunc(list, compareCalls)

	// The scope constraints: every scope of AllOf, and one of AnyOf.
	chosen := map[item]bool{}
	type constraint struct {
		options []item
		calls   []int
	}
	var cons []*constraint
	byOptions := map[string]*constraint{}
	for i, c := range list {
		op := c.Operation
		switch {
		case op.AnyToken:
			p.AnyToken = append(p.AnyToken, c)
			continue
		case len(op.AnyOf)+len(op.AllOf) == 0:
			p.Unpublished = append(p.Unpublished, c)
			continue
		}
		if op.UserOnly {
			p.UserOnly = append(p.UserOnly, c)
		}
		for _, s := range op.AllOf {
			chosen[itemOf(s, c)] = true
		}
		if len(op.AnyOf) == 0 {
			continue
		}
		var opts []item
		for _, s := range op.AnyOf {
			opts = append(opts, itemOf(s, c))
		}
		slices.SortFunc(opts, compareItems)
		opts = slices.Compact(opts)
		var key strings.Builder
		for _, o := range opts {
			key.WriteString(o.String() + "\x00")
		}
		if x, ok := byOptions[key.String()]; ok {
			x.calls = append(x.calls, i)
			continue
		}
		x := &constraint{options: opts, calls: []int{i}}
		byOptions[key.String()] = x
		cons = append(cons, x)
	}

	var open [][]item
	for _, x := range cons {
		open = append(open, x.options)
	}
	for _, it := range cover(open, chosen) {
		chosen[it] = true
	}

	// Each call goes to the grants that satisfy it: every AllOf scope, and
	// the lightest chosen scope of AnyOf.
	grants := map[item]*Grant{}
	addTo := func(it item, c Call) {
		g, ok := grants[it]
		if !ok {
			g = &Grant{Grant: scopes.Grant{Scope: it.scope, OrgID: it.org, EnvID: it.env}}
			grants[it] = g
		}
		g.Calls = append(g.Calls, c)
		g.Source = weaker(g.Source, c.Operation.Source)
	}
	for _, c := range list {
		op := c.Operation
		if op.AnyToken || len(op.AnyOf)+len(op.AllOf) == 0 {
			continue
		}
		for _, s := range op.AllOf {
			addTo(itemOf(s, c), c)
		}
		var best *item
		for _, s := range op.AnyOf {
			it := itemOf(s, c)
			if chosen[it] && (best == nil || compareItems(it, *best) < 0) {
				best = &it
			}
		}
		if best != nil {
			addTo(*best, c)
		}
	}
	for _, g := range grants {
		p.Grants = append(p.Grants, *g)
	}
	slices.SortFunc(p.Grants, func(a, b Grant) int {
		return cmp.Or(strings.Compare(string(a.Scope), string(b.Scope)), strings.Compare(a.OrgID, b.OrgID), strings.Compare(a.EnvID, b.EnvID))
	})
	return p
}

// item is a scope in a context.
type item struct {
	scope    scopes.Scope
	org, env string
}

func (it item) String() string { return string(it.scope) + "@" + it.org + "/" + it.env }

// itemOf is scope s in the context of call c: with c's environment only
// when s is granted per environment.
func itemOf(s scopes.Scope, c Call) item {
	it := item{scope: s, org: c.OrgID}
	if needsEnvironment(s) {
		it.env = c.EnvID
	}
	return it
}

func needsEnvironment(s scopes.Scope) bool {
	info, ok := scopes.Lookup(s)
	return ok && info.NeedsEnvironment
}

// compareItems orders items by privilege, then by name.
func compareItems(a, b item) int {
	return cmp.Or(Privilege(a.scope)-Privilege(b.scope), strings.Compare(a.String(), b.String()))
}

// Privilege weighs a scope by its verb, as the package documentation says:
// a plan is the set of grants of the least total weight.
func Privilege(s scopes.Scope) int {
	verb, _, ok := strings.Cut(string(s), ":")
	if !ok {
		switch {
		case s == "full":
			return 64
		case strings.HasSuffix(verb, "_admin"):
			return 16
		}
		return 1 // openid, profile, email, offline_access: who the caller is
	}
	switch verb {
	case "view", "read":
		if s == "read:full" {
			return 32
		}
		return 1
	case "create", "publish", "subscribe", "download", "restart", "execute", "execution", "promote", "clear":
		return 2
	case "edit", "write", "delete":
		return 4
	case "manage", "administer":
		return 8
	case "admin":
		return 16
	}
	return 4
}

// searchBudget bounds the exact search of cover; past it the search keeps
// the best set found so far (the greedy first descent is always complete).
const searchBudget = 200_000

// cover returns the lightest set of items that, with have, holds one item
// of every constraint.
func cover(constraints [][]item, have map[item]bool) []item {
	var (
		best     []item
		bestCost = -1
		cur      []item
		nodes    int
	)
	isHeld := func(it item) bool { return have[it] || slices.Contains(cur, it) }
	var walk func(cost int)
	walk = func(cost int) {
		nodes++
		var open []item
		for _, opts := range constraints {
			if !slices.ContainsFunc(opts, isHeld) {
				open = opts
				break
			}
		}
		if open == nil {
			if bestCost < 0 || cost < bestCost || (cost == bestCost && len(cur) < len(best)) {
				best, bestCost = slices.Clone(cur), cost
			}
			return
		}
		for _, it := range open { // lightest first
			w := Privilege(it.scope)
			if bestCost >= 0 && (cost+w > bestCost || nodes > searchBudget) {
				continue
			}
			cur = append(cur, it)
			walk(cost + w)
			cur = cur[:len(cur)-1]
		}
	}
	walk(0)
	return best
}

// weaker returns the weaker of two sources: assumed, then docs, then spec.
func weaker(a, b endpoints.Source) endpoints.Source {
	rank := func(s endpoints.Source) int {
		switch s {
		case endpoints.FromSpec:
			return 1
		case endpoints.FromDocs:
			return 2
		case endpoints.Assumed:
			return 3
		}
		return 0
	}
	if rank(a) >= rank(b) {
		return a
	}
	return b
}
