package designcenter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// EpochMillis is a time that Design Center writes as milliseconds since the
// Unix epoch (createdDate: 1702669593404). It embeds time.Time, so Format,
// Before, IsZero and the rest work on it directly.
//
// The zero time is written as null, and null or 0 read back as the zero
// time: the platform sends 0 for "never", and 1970 is never what it means.
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

// UnmarshalJSON reads epoch milliseconds: a JSON number, or a number in a
// string (some services quote them). null, "" and 0 give the zero time.
func (e *EpochMillis) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*e = EpochMillis{}
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("anypoint: epoch milliseconds: %w", err)
		}
		if s == "" {
			*e = EpochMillis{}
			return nil
		}
		data = []byte(s)
	}
	ms, err := strconv.ParseInt(string(data), 10, 64)
	if err != nil {
		// Some JSON encoders write large integers in exponent form.
		f, ferr := strconv.ParseFloat(string(data), 64)
		if ferr != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > math.MaxInt64/2 {
			return fmt.Errorf("anypoint: epoch milliseconds: cannot read %q", clipText(string(data), 40))
		}
		ms = int64(math.Round(f))
	}
	if ms == 0 {
		*e = EpochMillis{}
		return nil
	}
	*e = EpochMillis{time.UnixMilli(ms).UTC()}
	return nil
}

// clipText shortens s to at most n bytes without splitting a UTF-8 sequence.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
