package leastprivilege_test

import (
	"testing"

	"github.com/anypoint-go/anypoint/endpoints"
	"github.com/anypoint-go/anypoint/leastprivilege"
)

// A program that calls every published operation: the plan stays
// computable (the exact search is bounded) and covers every call.
func TestPlanOfTheWholeCatalog(t *testing.T) {
	var calls []leastprivilege.Call
	for op := range endpoints.All() {
		calls = append(calls, leastprivilege.Call{Operation: op, At: op.API + ":" + op.ID})
	}
	p := leastprivilege.NewPlan(calls, nil)
	for _, c := range calls {
		op := c.Operation
		if op.AnyToken || len(op.AnyOf)+len(op.AllOf) == 0 {
			continue
		}
		if !op.Satisfied(p.Scopes()) {
			t.Fatalf("%s is not satisfied by the plan %v", op, p.Scopes())
		}
	}
	if len(p.Calls()) != len(calls) {
		t.Fatalf("the plan lists %d calls, want %d", len(p.Calls()), len(calls))
	}
	t.Logf("%d operations: %d scopes", len(calls), len(p.Scopes()))
}

func BenchmarkPlanOfTheWholeCatalog(b *testing.B) {
	var calls []leastprivilege.Call
	for op := range endpoints.All() {
		calls = append(calls, leastprivilege.Call{Operation: op, At: op.API + ":" + op.ID})
	}
	for b.Loop() {
		leastprivilege.NewPlan(calls, nil)
	}
}
