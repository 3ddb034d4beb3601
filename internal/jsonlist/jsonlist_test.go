package jsonlist

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestCount(t *testing.T) {
	for in, want := range map[string]int{
		`[]`: 0, ` [ ] `: 0, `[1]`: 1, `[1,2,3]`: 3, `[{}, {}]`: 2, `[[1,2],[3]]`: 2,
		`["a,b", "c\",d", "e\\"]`: 3, `[{"a":[1,2,{"b":","}]}]`: 1, `[null,true,false]`: 3,
	} {
		if got := Count([]byte(in)); got != want {
			t.Errorf("Count(%s) = %d, want %d", in, got, want)
		}
	}
}

func TestListBound(t *testing.T) {
	var v struct {
		Data *List[map[string]int] `json:"data"`
	}
	v.Data = &List[map[string]int]{Max: 2}
	err := json.Unmarshal([]byte(`{"data":[{},{},{}]}`), &v)
	var tm *TooManyError
	if !errors.As(err, &tm) || tm.Max != 2 {
		t.Fatalf("err = %v, want a *TooManyError for 2", err)
	}
	v.Data = &List[map[string]int]{Max: 2}
	if err := json.Unmarshal([]byte(`{"data":[{"a":1},{}]}`), &v); err != nil || len(v.Data.Items) != 2 || v.Data.Items[0]["a"] != 1 || !v.Data.Present {
		t.Fatalf("two items for 2: %+v, %v", v.Data, err)
	}
	l := List[int]{Max: 2}
	if err := json.Unmarshal([]byte(`{"a":1}`), &l); err == nil {
		t.Error("an object decoded as a list")
	}
	if err := json.Unmarshal([]byte(`null`), &l); err != nil || l.Present {
		t.Errorf("null: %+v, %v", l, err)
	}
}
