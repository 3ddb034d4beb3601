package designcenter

import (
	"strconv"
	"time"

	"github.com/anypoint-go/anypoint/internal/jsontime"
)

// EpochMillis is a time that Design Center writes as milliseconds since the
// Unix epoch (createdDate: 1702669593404, the Project schema of MuleSoft's
// api-designer-experience spec). It embeds time.Time, so Format, Before,
// IsZero and the rest work on it directly.
//
// It reads the other date forms of MuleSoft's specs too (RFC 3339, and
// "2015-03-13 18:03:23.869000+00:00"), with the same decoder as the
// accounts package, so a field the platform writes another way still
// decodes. The zero time is written as null, and null, "" or 0 read back as
// the zero time: the platform sends 0 for "never", and 1970 is never what
// it means.
type EpochMillis struct {
	time.Time
}

// NewEpochMillis returns t truncated to the millisecond, in UTC, as the
// platform would hand it back.
func NewEpochMillis(t time.Time) EpochMillis {
	if t.IsZero() {
		return EpochMillis{}
	}
	return EpochMillis{time.UnixMilli(t.UnixMilli()).UTC()}
}

// MarshalJSON writes the time as epoch milliseconds, or null for the zero time.
func (e EpochMillis) MarshalJSON() ([]byte, error) {
	if e.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, e.UnixMilli(), 10), nil
}

// UnmarshalJSON reads epoch milliseconds (a JSON number, or a number in a
// string, as some services quote them) or a date in one of the other forms
// MuleSoft's specs show. null, "" and 0 give the zero time.
func (e *EpochMillis) UnmarshalJSON(data []byte) error {
	t, err := jsontime.Decode(data)
	if err != nil {
		return err
	}
	*e = EpochMillis{t}
	return nil
}
