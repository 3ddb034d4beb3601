package anypoint_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint"
)

func TestTimeReadsEveryForm(t *testing.T) {
	want := time.Date(2024, 1, 15, 10, 30, 0, 123e6, time.UTC)
	for _, in := range []string{
		`"2024-01-15T10:30:00.123Z"`,
		`"2024-01-15T11:30:00.123+01:00"`,
		`"2024-01-15T10:30:00.123"`,
		`1705314600123`,
		`"1705314600123"`,
		`1.705314600123e12`,
	} {
		var got anypoint.Time
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("%s = %v, want %v", in, got, want)
		}
	}
	for _, in := range []string{`null`, `""`, `0`, `"0"`} {
		got := anypoint.Time{Time: time.Now()}
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.IsZero() {
			t.Errorf("%s = %v, %v; want the zero time", in, got, err)
		}
	}
	for _, in := range []string{`"yesterday"`, `true`, `"2024-13-45"`, `{}`} {
		var got anypoint.Time
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("%s read as %v, want an error", in, got)
		}
	}
}

func TestTimeWritesRFC3339(t *testing.T) {
	b, _ := json.Marshal(anypoint.Time{Time: time.Date(2024, 1, 15, 11, 30, 0, 0, time.FixedZone("x", 3600))})
	if string(b) != `"2024-01-15T10:30:00.000Z"` {
		t.Errorf("got %s", b)
	}
	b, _ = json.Marshal(anypoint.Time{})
	if string(b) != `null` {
		t.Errorf("zero time: got %s", b)
	}
}
