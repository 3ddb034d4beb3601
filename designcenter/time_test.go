package designcenter

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestEpochMillisRoundTrip(t *testing.T) {
	for _, in := range []string{`1702669593404`, `1`, `-86400000`, `253402300799999`} {
		var e EpochMillis
		if err := json.Unmarshal([]byte(in), &e); err != nil {
			t.Fatalf("unmarshal %s: %v", in, err)
		}
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != in {
			t.Errorf("round trip of %s gave %s", in, out)
		}
	}

	var e EpochMillis
	if err := json.Unmarshal([]byte(`1702669593404`), &e); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2023, 12, 15, 19, 46, 33, 404e6, time.UTC)
	if !e.Equal(want) || e.Location() != time.UTC {
		t.Errorf("got %v, want %v in UTC", e.Time, want)
	}
}

func TestEpochMillisFromTime(t *testing.T) {
	local := time.Date(2024, 2, 29, 12, 0, 0, 123456789, time.FixedZone("CET", 3600))
	e := NewEpochMillis(local)
	out, err := json.Marshal(struct {
		At EpochMillis `json:"at"`
	}{e})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"at":1709204400123}` {
		t.Errorf("marshal = %s", out)
	}
	var back struct {
		At EpochMillis `json:"at"`
	}
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if !back.At.Equal(local.Truncate(time.Millisecond)) {
		t.Errorf("read back %v, want %v", back.At, local.Truncate(time.Millisecond))
	}
	if back.At != e {
		t.Errorf("read back %#v, want %#v", back.At, e)
	}
}

func TestEpochMillisZeroAndOtherForms(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{`null`, time.Time{}},
		{`0`, time.Time{}},
		{`""`, time.Time{}},
		{`"1702669593404"`, time.UnixMilli(1702669593404)},
		{`1.702669593404E12`, time.UnixMilli(1702669593404)},
		// The date forms of MuleSoft's other specs, read by the shared decoder.
		{`"2015-03-13 18:03:23.869000+00:00"`, time.Date(2015, 3, 13, 18, 3, 23, 869e6, time.UTC)},
		{`"2023-12-15T19:46:33.404Z"`, time.UnixMilli(1702669593404)},
	}
	for _, tt := range tests {
		e := EpochMillis{time.Now()}
		if err := json.Unmarshal([]byte(tt.in), &e); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if !e.Equal(tt.want) || e.IsZero() != tt.want.IsZero() {
			t.Errorf("%s: got %v, want %v", tt.in, e.Time, tt.want)
		}
	}
	out, err := json.Marshal(EpochMillis{})
	if err != nil || string(out) != `null` {
		t.Errorf("zero marshals to %s (%v), want null", out, err)
	}
	for _, bad := range []string{`"soon"`, `true`, `{}`, `1e400`} {
		var e EpochMillis
		err := json.Unmarshal([]byte(bad), &e)
		if err == nil {
			t.Errorf("%s: no error", bad)
		} else if !strings.HasPrefix(err.Error(), "anypoint: date: ") {
			t.Errorf("%s: err = %q, want the SDK's prefix", bad, err)
		}
	}
}
