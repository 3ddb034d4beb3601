package leastprivilege

import (
	"fmt"
	"sync"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/endpoints"
)

// Recorder records the operations a program calls, through a client made
// with anypoint.WithCallRecorder(rec), and gives the same report as the
// static one: Plan. It is safe for concurrent use.
//
//	rec := leastprivilege.NewRecorder()
//	c, err := anypoint.NewClient(ts, anypoint.WithCallRecorder(rec))
//	… run the program's calls …
//	rec.Plan().WriteText(os.Stdout)
type Recorder struct {
	mu    sync.Mutex
	calls map[recordKey]int
	order []recordKey
	// unpublished counts requests of paths no spec publishes, by method
	// and path.
	unpublished map[string]int
}

type recordKey struct {
	op       *endpoints.Operation
	org, env string
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder {
	return &Recorder{calls: map[recordKey]int{}, unpublished: map[string]int{}}
}

// RecordCall records one call; the client calls it (anypoint.CallRecorder).
func (r *Recorder) RecordCall(c anypoint.RecordedCall) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c.Operation == nil {
		r.unpublished[c.Method+" "+c.Path]++
		return
	}
	k := recordKey{c.Operation, c.OrgID, c.EnvID}
	if _, ok := r.calls[k]; !ok {
		r.order = append(r.order, k)
	}
	r.calls[k]++
}

// Plan returns the smallest grant that satisfies every call recorded so
// far, each call with the organization and environment it acted in and
// how many times it was made. Requests of a path no spec publishes are
// listed as unresolved.
func (r *Recorder) Plan() *Plan {
	r.mu.Lock()
	defer r.mu.Unlock()
	var calls []Call
	for _, k := range r.order {
		calls = append(calls, Call{Operation: k.op, OrgID: k.org, EnvID: k.env, Count: r.calls[k]})
	}
	var un []Unresolved
	for path, n := range r.unpublished {
		un = append(un, Unresolved{Via: path, Reason: fmt.Sprintf("not a published operation (called %d×)", n)})
	}
	return NewPlan(calls, un)
}

// Reset forgets every call recorded.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls, r.order, r.unpublished = map[recordKey]int{}, nil, map[string]int{}
}
