// Package jsontime reads the dates of Anypoint's answers, which come in
// more forms than encoding/json's time.Time accepts (RFC 3339 only).
//
// The forms are the ones MuleSoft's published specs (mulesoft-dx,
// apis/*/api.yaml) show in their examples:
//
//   - RFC 3339: "2023-08-14T22:33:24+00:00", "2019-01-01T00:00:00.000Z";
//   - a space between date and time, with microseconds:
//     "2015-03-13 18:03:23.869000+00:00" (access-management: getOrganizations,
//     listHierarchy, /me);
//   - an offset without a colon: "2019-01-01T00:00:00.000+0000";
//   - no offset at all: "2015-03-13 18:03:23", read as UTC (the YAML
//     rule for such timestamps; which zone the platform means is not
//     confirmed);
//   - no seconds, or a date alone: "2024-01-15T10:30", "2024-01-15", read as
//     UTC;
//   - milliseconds since the Unix epoch, as a JSON number or a number in a
//     string: 1702669593404 (api-designer-experience: Project.createdDate).
//
// null, "", 0 and "0" are the zero time: the platform writes 0 for
// "never", and 1970 is never what it means. Every time comes back in UTC.
// Anything else is an error, which the client reports as an
// *anypoint.DecodeError.
package jsontime

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

// layouts are the date forms tried in order. A fraction of a second after
// the seconds is accepted by every one of them (time.Parse reads one even
// when the layout has none).
var layouts = []string{
	time.RFC3339,                // 2023-08-14T22:33:24+00:00, …Z
	"2006-01-02 15:04:05Z07:00", // 2015-03-13 18:03:23.869000+00:00
	"2006-01-02T15:04:05Z0700",  // 2019-01-01T00:00:00.000+0000
	"2006-01-02 15:04:05Z0700",
	"2006-01-02T15:04:05", // no offset: UTC
	"2006-01-02 15:04:05",
	"2006-01-02T15:04", // no seconds
	"2006-01-02",       // a date alone
}

// Decode reads one JSON value as a time, in any of the package's forms.
func Decode(data []byte) (time.Time, error) {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		return time.Time{}, nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return time.Time{}, fmt.Errorf("anypoint: date: %w", err)
		}
		return Parse(s)
	}
	if ms, ok := epochMillis(string(data)); ok {
		return ms, nil
	}
	return time.Time{}, fmt.Errorf("anypoint: date: cannot read %s: want a date such as 2015-03-13T18:03:23Z or epoch milliseconds", text.Clip(string(data), 40))
}

// Parse reads a date given as text (the content of a JSON string) in any of
// the package's forms.
func Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, ok := epochMillis(s); ok {
		return t, nil
	}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("anypoint: date: cannot read %q: want a date such as 2015-03-13T18:03:23Z or epoch milliseconds", text.Clip(s, 40))
}

// epochMillis reads s as milliseconds since the epoch: an integer, or one
// written in exponent form (as some JSON encoders write large numbers).
func epochMillis(s string) (time.Time, bool) {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > math.MaxInt64/2 {
			return time.Time{}, false
		}
		ms = int64(math.Round(f))
	}
	if ms == 0 {
		return time.Time{}, true
	}
	return time.UnixMilli(ms).UTC(), true
}

// Time is a time.Time that decodes from any of the package's forms, for
// the fields of the structs a service decodes its answers into.
type Time struct {
	time.Time
}

// UnmarshalJSON reads the time with Decode.
func (t *Time) UnmarshalJSON(data []byte) error {
	v, err := Decode(data)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}
