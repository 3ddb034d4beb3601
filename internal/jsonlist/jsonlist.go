// Package jsonlist decodes the items of one page of a list with a bound on
// their number. A server that answers a page of far more items than were
// asked for (a few megabytes of empty objects, each decoded into a struct)
// would otherwise cost a hundred times the answer's size in memory; the
// bound stops the decoding at the first item past it.
package jsonlist

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// List is a JSON array of at most Max items. Set Max before decoding; its
// UnmarshalJSON counts the items before decoding any and fails, with a
// *TooManyError, when there are more than Max, so that at most Max items
// are ever held. A JSON null leaves Items nil and Present false.
type List[T any] struct {
	// Max is the most items a page may hold: what the request asked for,
	// or the API's own maximum. Zero or less means no bound.
	Max int
	// Items are the decoded items.
	Items []T
	// Present reports that the member held an array (not null, not absent).
	Present bool
}

// TooManyError is a page with more items than its request asked for.
type TooManyError struct {
	Max int
}

func (e *TooManyError) Error() string {
	return fmt.Sprintf("the page holds more than %d items, more than were asked for (or the API's maximum): refused unread", e.Max)
}

// UnmarshalJSON counts the array's items first, in one pass over its bytes
// that allocates nothing, and refuses more than Max before decoding any;
// then it decodes them.
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		l.Items, l.Present = nil, false
		return nil
	}
	if len(b) == 0 || b[0] != '[' {
		return &json.UnmarshalTypeError{Value: kind(b), Type: reflect.TypeFor[[]T]()}
	}
	if l.Max > 0 && Count(b) > l.Max {
		return &TooManyError{Max: l.Max}
	}
	// Decoded in place: l is already on the heap, a local would be another
	// allocation.
	l.Items = nil
	if err := json.Unmarshal(b, &l.Items); err != nil {
		return err
	}
	if l.Items == nil {
		l.Items = []T{}
	}
	l.Present = true
	return nil
}

// Count returns the number of items of the JSON array b (which encoding/json
// has already checked to be valid JSON): the commas outside strings at the
// array's own depth, plus one when it is not empty.
func Count(b []byte) int {
	n, depth, inString, escaped, empty := 0, 0, false, false, true
	for _, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			if depth == 1 {
				empty = false
			}
		case '[', '{':
			if depth == 1 {
				empty = false
			}
			depth++
		case ']', '}':
			depth--
		case ',':
			if depth == 1 {
				n++
			}
		case ' ', '\t', '\n', '\r':
		default:
			if depth == 1 {
				empty = false
			}
		}
	}
	if empty {
		return 0
	}
	return n + 1
}

// kind names a JSON value's kind as encoding/json does in its type errors.
func kind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "object"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	}
	return "number"
}
