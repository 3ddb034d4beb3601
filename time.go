package anypoint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/internal/text"
)

// Time is a time as Anypoint's services write it, which differs between
// services and at times between fields of one answer: RFC 3339 text
// ("2024-01-15T10:30:00Z"), ISO 8601 without a zone (read as UTC), or
// milliseconds since the Unix epoch, as a JSON number or in a string. Time
// reads all of them and embeds time.Time, so Format, Before, IsZero and the
// rest work on it directly.
//
// null, "" and 0 read as the zero time (the platform writes them for
// "never"); the zero time is written as null, any other as RFC 3339 text
// in UTC with milliseconds.
type Time struct {
	time.Time
}

// timeLayouts are the text forms Time reads, tried in order.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999", // ISO 8601 with no zone: UTC
	"2006-01-02T15:04",
	"2006-01-02",
}

// MarshalJSON writes RFC 3339 text in UTC with milliseconds, or null for
// the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
}

// UnmarshalJSON reads any of the forms described on the type.
func (t *Time) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*t = Time{}
		return nil
	}
	s := string(data)
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("anypoint: time: %w", err)
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*t = Time{}
			return nil
		}
		if s[0] < '0' || s[0] > '9' || strings.ContainsAny(s, "-:T") {
			for _, layout := range timeLayouts {
				if v, err := time.Parse(layout, s); err == nil {
					*t = Time{v}
					return nil
				}
			}
			return fmt.Errorf("anypoint: time: cannot read %q", text.Clip(s, 40))
		}
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Some encoders write large integers in exponent form.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > math.MaxInt64/2 {
			return fmt.Errorf("anypoint: time: cannot read %q", text.Clip(s, 40))
		}
		ms = int64(math.Round(f))
	}
	if ms == 0 {
		*t = Time{}
		return nil
	}
	*t = Time{time.UnixMilli(ms).UTC()}
	return nil
}
