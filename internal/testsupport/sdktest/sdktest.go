// Package sdktest holds what the SDK's own test suites share: assertions
// and helpers. It is test support, apart from the runtime plumbing of
// internal/.
package sdktest

import (
	"errors"
	"iter"
	"reflect"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
)

// WantInvalid checks that err is an *anypoint.ValidationError about field,
// and returns it (nil, with the test marked failed, when it is not one).
func WantInvalid(t testing.TB, err error, field string) *anypoint.ValidationError {
	t.Helper()
	var ve *anypoint.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("err = %v (%T), want *anypoint.ValidationError", err, err)
		return nil
	}
	if ve.Field != field {
		t.Errorf("ValidationError.Field = %q, want %q (err: %v)", ve.Field, field, err)
	}
	return ve
}

// Config is anypoint.NewConfig for options a test knows to be valid: it
// panics on an error, so that it fits in a credential's literal.
func Config(opts ...anypoint.Option) anypoint.Config {
	cfg, err := anypoint.NewConfig(opts...)
	if err != nil {
		panic(err)
	}
	return cfg
}

// WantInvalidWalk checks that seq, a walk refused before any request,
// yields exactly once: the zero value with an *anypoint.ValidationError
// about field. A walk that yields nothing fails, as one that yields more.
func WantInvalidWalk[T any](t testing.TB, seq iter.Seq2[T, error], field string) {
	t.Helper()
	n := 0
	for v, err := range seq {
		n++
		if !reflect.ValueOf(&v).Elem().IsZero() {
			t.Errorf("value with the error = %+v, want the zero value", v)
		}
		WantInvalid(t, err, field)
	}
	if n != 1 {
		t.Errorf("the walk yielded %d times, want once (the %s error)", n, field)
	}
}
