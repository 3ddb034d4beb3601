package jsonlist

import (
	"errors"
	"testing"
)

func TestCounter(t *testing.T) {
	for _, tc := range []struct {
		key, in string
		max     int
		tooMany bool
	}{
		{"", `[]`, 1, false},
		{"", `[1,2]`, 2, false},
		{"", `[1,2,3]`, 2, true},
		{"", ` [ {} , {} , {} ] `, 2, true},
		{"", `[[1,2,3,4],[5]]`, 2, false},
		{"", `["a,b,c", "d"]`, 2, false},
		{"", `["a\",b", "c"]`, 2, false},
		{"data", `{"data":[{},{}],"total":2}`, 2, false},
		{"data", `{"data":[{},{},{}],"total":3}`, 2, true},
		{"data", `{"total":3, "data" : [ {}, {}, {} ] }`, 2, true},
		// Another member's list is not counted, nor a nested "data".
		{"data", `{"other":[1,2,3,4],"data":[1]}`, 2, false},
		{"data", `{"meta":{"data":[1,2,3,4]},"data":[1]}`, 2, false},
		{"data", `{"datas":[1,2,3],"data":[1]}`, 2, false},
		{"items", `{"total":3,"items":[{"a":[1,2,3]},{"b":"x,y,z"}]}`, 2, false},
		{"items", `{"total":3,"items":[{"a":[1,2,3]},{"b":"x,y,z"},{}]}`, 2, true},
		// A key with an escaped quote is not Key.
		{"data", `{"da\"ta":[1,2,3],"data":[]}`, 2, false},
		// A string value that equals Key is not a member name.
		{"data", `{"kind":"data","x":[1,2,3]}`, 2, false},
	} {
		c := Counter{Key: tc.key, Max: tc.max}
		// Fed a byte at a time, as a reader may hand it over.
		var err error
		for i := 0; i < len(tc.in) && err == nil; i++ {
			err = c.Feed([]byte{tc.in[i]})
		}
		var tm *TooManyError
		if got := errors.As(err, &tm); got != tc.tooMany {
			t.Errorf("Counter{%q, %d} over %s: err = %v, want too many: %v", tc.key, tc.max, tc.in, err, tc.tooMany)
		}
	}
}

func TestCounterAllocatesNothing(t *testing.T) {
	page := []byte(`{"data":[{"id":"a","name":"x,y"},{"id":"b"}],"total":2}`)
	n := testing.AllocsPerRun(100, func() {
		c := Counter{Key: "data", Max: 5}
		if err := c.Feed(page); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("Feed allocates %v times", n)
	}
}

func BenchmarkCounterFeed(b *testing.B) {
	page := []byte(`{"data":[`)
	for i := range 25 {
		if i > 0 {
			page = append(page, ',')
		}
		page = append(page, `{"id":"0f6e6a2c-1b7d-4c1e-9a5b-3d2e1f0a9b8c","organizationId":"7a1e0c5d-3f2b-4c8e-9d61-0b4f2a6e8c13","name":"Environment name","isProduction":false,"type":"sandbox","clientId":"5e0c3b7a9d2f4e6a8b1c0d2e3f4a5b6c"}`...)
	}
	page = append(page, `],"total":25}`...)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		c := Counter{Key: "data", Max: 25}
		if err := c.Feed(page); err != nil {
			b.Fatal(err)
		}
	}
}
