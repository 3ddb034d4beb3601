package service_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/service"
	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"
)

var listEP = &endpoint.Endpoint{Method: http.MethodGet, Pattern: "/things", Source: "test"}

func client(t *testing.T, body string) *anypoint.Client {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, "https://anypoint.test/things", httpmock.NewStringResponder(200, body))
	c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}),
		anypoint.WithBaseURL("https://anypoint.test"), anypoint.WithHTTPClient(&http.Client{Transport: mt}), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every offset shape becomes the same Page.
func TestListPageShapes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape service.Shape
		body  string
		want  *anypoint.Page[int]
	}{
		{"data and total", service.DataTotal, `{"data":[1,2],"total":5}`, &anypoint.Page[int]{Data: []int{1, 2}, Total: 5}},
		{"total and items", service.ItemsTotal, `{"total":5,"items":[1,2]}`, &anypoint.Page[int]{Data: []int{1, 2}, Total: 5}},
		{"bare array", service.BareArray, `[1,2]`, &anypoint.Page[int]{Data: []int{1, 2}}},
		{"empty items", service.ItemsTotal, `{"total":0}`, &anypoint.Page[int]{Data: []int{}}},
		{"empty array", service.BareArray, `[]`, &anypoint.Page[int]{Data: []int{}}},
	} {
		got, err := service.ListPage[int](context.Background(), client(t, tc.body), service.Request{Endpoint: listEP}, tc.shape, 0)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
	// The wrong shape is a decode error, not an empty page.
	_, err := service.ListPage[int](context.Background(), client(t, `{"data":[1]}`), service.Request{Endpoint: listEP}, service.BareArray, 0)
	var de *anypoint.DecodeError
	if !errors.As(err, &de) {
		t.Errorf("an object for a bare array: err = %v, want a DecodeError", err)
	}
}

// A page of more items than its bound is a *DecodeError in every shape;
// one of exactly the bound is read.
func TestListPageBound(t *testing.T) {
	for _, tc := range []struct {
		shape      service.Shape
		over, full string
	}{
		{service.DataTotal, `{"data":[1,2,3],"total":9}`, `{"data":[1,2],"total":9}`},
		{service.ItemsTotal, `{"total":9,"items":[1,2,3]}`, `{"total":9,"items":[1,2]}`},
		{service.BareArray, `[1,2,3]`, `[1,2]`},
	} {
		_, err := service.ListPage[int](context.Background(), client(t, tc.over), service.Request{Endpoint: listEP}, tc.shape, 2)
		var de *anypoint.DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), "more than 2 items") {
			t.Errorf("shape %d: a page of 3 for 2: err = %v, want a DecodeError naming the bound", tc.shape, err)
		}
		got, err := service.ListPage[int](context.Background(), client(t, tc.full), service.Request{Endpoint: listEP}, tc.shape, 2)
		if err != nil || len(got.Data) != 2 {
			t.Errorf("shape %d: a page of 2 for 2: %+v, %v", tc.shape, got, err)
		}
	}
}

func TestCheckOffset(t *testing.T) {
	for _, tc := range []struct {
		o     anypoint.ListOptions
		field string
	}{
		{anypoint.ListOptions{Offset: -1}, "Offset"},
		{anypoint.ListOptions{Limit: -1}, "Limit"},
		{anypoint.ListOptions{Offset: 10, Limit: 100000}, ""},
	} {
		err := service.CheckOffset(tc.o)
		var ve *anypoint.ValidationError
		if (tc.field == "") != (err == nil) || (err != nil && (!errors.As(err, &ve) || ve.Field != tc.field)) {
			t.Errorf("CheckOffset(%+v) = %v, want field %q", tc.o, err, tc.field)
		}
	}
}
