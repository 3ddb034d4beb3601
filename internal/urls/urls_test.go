package urls_test

import (
	"net/url"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/urls"
)

func TestAddQuery(t *testing.T) {
	type opts struct {
		anypoint.ListOptions
		Name string `url:"name,omitempty"`
	}
	for _, tc := range []struct {
		path string
		opts any
		want string
	}{
		{"/a", nil, "/a"},
		{"/a", anypoint.ListOptions{}, "/a"},
		{"/a", &anypoint.ListOptions{Offset: 5, Limit: 10}, "/a?limit=10&offset=5"},
		{"/a?x=1", anypoint.ListOptions{Limit: 1}, "/a?x=1&limit=1"},
		{"/a", opts{anypoint.ListOptions{Limit: 2}, "dev & test"}, "/a?limit=2&name=dev+%26+test"},
	} {
		got, err := urls.AddQuery(tc.path, tc.opts)
		if err != nil || got != tc.want {
			t.Errorf("AddQuery(%q, %+v) = %q, %v; want %q", tc.path, tc.opts, got, err, tc.want)
		}
	}
	if _, err := urls.AddQuery("/a", 42); err == nil {
		t.Error("AddQuery with a non-struct gave no error")
	}
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    string
		secrets []string
	}{
		{
			in:      "https://h/cb?code=C0DE&state=ST4TE&x=1",
			want:    "https://h/cb?code=REDACTED&state=REDACTED&x=1",
			secrets: []string{"C0DE", "ST4TE"},
		},
		{
			in:      "https://h/t?access_token=AT&refresh_token=RT&client_secret=CS&client_id=app",
			want:    "https://h/t?access_token=REDACTED&client_id=app&client_secret=REDACTED&refresh_token=REDACTED",
			secrets: []string{"=AT", "=RT", "=CS"},
		},
		{
			in:      "https://user:hunter2@h/x",
			want:    "https://h/x",
			secrets: []string{"hunter2", "user"},
		},
		{
			in:      "https://h/x?Code_Verifier=V3R&ID_TOKEN=IDT&password=PW&api_key=K",
			secrets: []string{"V3R", "IDT", "=PW", "=K"},
		},
		{
			in:      "https://h/x?code=A&code=B",
			want:    "https://h/x?code=REDACTED",
			secrets: []string{"=A", "=B"},
		},
		{
			// A query that does not parse is hidden whole.
			in:      "https://h/x?code=S3CR3T;bad%zz",
			secrets: []string{"S3CR3T"},
		},
		{
			in:      "https://h/x#access_token=FRAG",
			want:    "https://h/x",
			secrets: []string{"FRAG"},
		},
		{in: "https://h/accounts/api/me", want: "https://h/accounts/api/me"},
		{in: "https://h/x?offset=10&limit=5", want: "https://h/x?limit=5&offset=10"},
	} {
		u, err := url.Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got := urls.Redact(u)
		if tc.want != "" && got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for _, s := range tc.secrets {
			if strings.Contains(got, s) {
				t.Errorf("RedactURL(%q) = %q still shows %q", tc.in, got, s)
			}
		}
		if u.String() != tc.in && !strings.Contains(tc.in, "#") {
			t.Errorf("RedactURL changed its argument to %q", u)
		}
	}
	if got := urls.Redact(nil); got != "" {
		t.Errorf("RedactURL(nil) = %q", got)
	}
}
