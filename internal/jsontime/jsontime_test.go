package jsontime

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Every date form MuleSoft's published specs show in their examples.
func TestDecodeTheSpecsForms(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		// access-management api.yaml, getOrganizations and listHierarchy.
		{`"2015-03-13 18:03:23.869000+00:00"`, at("2015-03-13T18:03:23.869Z")},
		{`"2015-03-13 18:03:23+00:00"`, at("2015-03-13T18:03:23Z")},
		{`"2015-03-13 20:03:23.869000+02:00"`, at("2015-03-13T18:03:23.869Z")},
		{`"2015-03-13 18:03:23"`, at("2015-03-13T18:03:23Z")},
		{`"2015-03-13 18:03:23.869000"`, at("2015-03-13T18:03:23.869Z")},
		// RFC 3339, as access-management shows it elsewhere.
		{`"2023-08-14T22:33:24+00:00"`, at("2023-08-14T22:33:24Z")},
		{`"2019-01-01T00:00:00Z"`, at("2019-01-01T00:00:00Z")},
		{`"2019-01-01T00:00:00.000Z"`, at("2019-01-01T00:00:00Z")},
		{`"2024-05-20T12:00:00.123456789Z"`, at("2024-05-20T12:00:00.123456789Z")},
		// Offsets without a colon, and none at all.
		{`"2019-01-01T00:00:00.000+0000"`, at("2019-01-01T00:00:00Z")},
		{`"2019-01-01T00:00:00-0500"`, at("2019-01-01T05:00:00Z")},
		{`"2019-01-01T00:00:00"`, at("2019-01-01T00:00:00Z")},
		// Epoch milliseconds (api-designer-experience, Project.createdDate).
		{`1702669593404`, time.UnixMilli(1702669593404)},
		{`"1702669593404"`, time.UnixMilli(1702669593404)},
		{`1.702669593404E12`, time.UnixMilli(1702669593404)},
		{`-86400000`, time.UnixMilli(-86400000)},
		// "Never".
		{`null`, time.Time{}},
		{`""`, time.Time{}},
		{`0`, time.Time{}},
		{`"0"`, time.Time{}},
		{` 12 `, time.UnixMilli(12)},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.in))
		if err != nil {
			t.Errorf("Decode(%s): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.IsZero() != tt.want.IsZero() {
			t.Errorf("Decode(%s) = %v, want %v", tt.in, got, tt.want)
		}
		if !got.IsZero() && got.Location() != time.UTC {
			t.Errorf("Decode(%s) is in %v, want UTC", tt.in, got.Location())
		}
	}
}

// A date alone, and a time without seconds, are read as UTC.
func TestDecodeShortForms(t *testing.T) {
	for in, want := range map[string]time.Time{
		`"2015-03-13"`:       time.Date(2015, 3, 13, 0, 0, 0, 0, time.UTC),
		`"2024-01-15T10:30"`: time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC),
	} {
		if got, err := Decode([]byte(in)); err != nil || !got.Equal(want) {
			t.Errorf("Decode(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestDecodeRefusesOtherForms(t *testing.T) {
	for _, bad := range []string{`"soon"`, `"2015-13-03"`, `"13/03/2015 18:03"`, `true`, `{}`, `[]`, `1e400`, `"NaN"`, `"Inf"`, `"2015-03-13T25:00:00Z"`, `"unterminated`} {
		_, err := Decode([]byte(bad))
		if err == nil {
			t.Errorf("Decode(%s): no error", bad)
			continue
		}
		if !strings.HasPrefix(err.Error(), "anypoint: date: ") {
			t.Errorf("Decode(%s): err = %q, want the SDK's prefix", bad, err)
		}
	}
	// The value is clipped and cleaned in the message.
	_, err := Decode([]byte(`"` + strings.Repeat("x", 100) + `\n"`))
	if err == nil || strings.Contains(err.Error(), strings.Repeat("x", 41)) || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %q, want the value clipped to 40 bytes without control characters", err)
	}
}

func TestTimeField(t *testing.T) {
	var v struct {
		CreatedAt Time `json:"createdAt"`
		UpdatedAt Time `json:"updatedAt"`
	}
	if err := json.Unmarshal([]byte(`{"createdAt":"2015-03-13 18:03:23.869000+00:00","updatedAt":1702669593404}`), &v); err != nil {
		t.Fatal(err)
	}
	if !v.CreatedAt.Equal(time.Date(2015, 3, 13, 18, 3, 23, 869e6, time.UTC)) || !v.UpdatedAt.Equal(time.UnixMilli(1702669593404)) {
		t.Errorf("decoded %v, %v", v.CreatedAt, v.UpdatedAt)
	}
	if err := json.Unmarshal([]byte(`{"createdAt":"yesterday"}`), &v); err == nil {
		t.Error("no error for a date that is none")
	}
}
