package anypoint

import (
	"encoding/json"
	"time"

	"github.com/anypoint-go/anypoint/internal/jsontime"
)

// Time is a time as Anypoint's services write it, which differs between
// services and at times between fields of one answer: RFC 3339 text
// ("2024-01-15T10:30:00Z"), the same with a space for the "T"
// ("2015-03-13 18:03:23.869000+00:00", as the Access Management spec
// writes), ISO 8601 without a zone (read as UTC), or milliseconds since the
// Unix epoch, as a JSON number or in a string. Time
// reads all of them and embeds time.Time, so Format, Before, IsZero and the
// rest work on it directly.
//
// null, "" and 0 read as the zero time (the platform writes them for
// "never"); the zero time is written as null, any other as RFC 3339 text
// in UTC with milliseconds.
type Time struct {
	time.Time
}

// MarshalJSON writes RFC 3339 text in UTC with milliseconds, or null for
// the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
}

// UnmarshalJSON reads any of the forms described on the type (the same
// reader the service packages decode their dates with).
func (t *Time) UnmarshalJSON(data []byte) error {
	v, err := jsontime.Decode(data)
	if err != nil {
		return err
	}
	*t = Time{v}
	return nil
}
