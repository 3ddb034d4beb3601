package designcenter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
)

func TestListFiles(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/p1/branches/master/files", func(r *http.Request) *http.Response {
		expect(t, r, "")
		return jsonResponse(200, `[{"path":"api.raml","type":"FILE"},{"path":"types","type":"FOLDER"},{"path":"types/order.raml","type":"FILE"}]`)
	})
	files, err := e.svc.ListFiles(context.Background(), "p1", "master")
	if err != nil {
		t.Fatal(err)
	}
	want := []File{{"api.raml", FileTypeFile}, {"types", FileTypeFolder}, {"types/order.raml", FileTypeFile}}
	if len(files) != len(want) {
		t.Fatalf("files = %+v", files)
	}
	for i := range want {
		if files[i] != want[i] {
			t.Errorf("files[%d] = %+v, want %+v", i, files[i], want[i])
		}
	}
}

func TestListFilesEscapesTheBranch(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/p1/branches/feature%2Forders/files", func(r *http.Request) *http.Response {
		return jsonResponse(200, `[]`)
	})
	if _, err := e.svc.ListFiles(context.Background(), "p1", "feature/orders"); err != nil {
		t.Fatal(err)
	}
	if e.calls() != 1 {
		t.Errorf("%d requests, want 1", e.calls())
	}
}

func TestGetFileNested(t *testing.T) {
	const content = "#%RAML 1.0 DataType\ntype: object\nproperties:\n  id: string # \"quoted\" <ok>\n"
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/p1/branches/master/files/src%2Ftypes%2Forder.raml", func(r *http.Request) *http.Response {
		expect(t, r, "")
		return jsonResponse(200, `"#%RAML 1.0 DataType\ntype: object\nproperties:\n  id: string # \"quoted\" \u003cok\u003e\n"`)
	})
	got, err := e.svc.GetFile(context.Background(), "p1", "master", "src/types/order.raml")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != content {
		t.Errorf("content = %q, want %q", got, content)
	}
}

// The file path travels as one path segment, "/" escaped as %2F:
// MuleSoft's spec says filePath "Must be URI complain [sic] and escape '/'
// characters".
func TestGetFileSendsThePathAsOneSegment(t *testing.T) {
	tests := []struct {
		branch, path, want string
	}{
		{"master", "/api.raml", "/branches/master/files/api.raml"},
		{"master", "my types/order #1.raml", "/branches/master/files/my%20types%2Forder%20%231.raml"},
		{"feature/x", "a?b/c%d.raml", "/branches/feature%2Fx/files/a%3Fb%2Fc%25d.raml"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e := newEnv(t)
			e.on(http.MethodGet, dcBase+"/projects/p1"+tt.want, func(r *http.Request) *http.Response {
				return jsonResponse(200, `"x"`)
			})
			got, err := e.svc.GetFile(context.Background(), "p1", tt.branch, tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != "x" {
				t.Errorf("content = %q", got)
			}
			if e.calls() != 1 {
				t.Errorf("%d requests, want 1", e.calls())
			}
		})
	}
}

func TestGetFileValidation(t *testing.T) {
	tests := []struct{ path, want string }{
		{"", "must not be empty"},
		{"/", "must not be empty"},
		{"types//order.raml", "empty segment"},
		{"types/", "empty segment"},
		{"../secrets", `".." segment`},
		{"types/./order.raml", `"." segment`},
	}
	for _, tt := range tests {
		e := newEnv(t)
		_, err := e.svc.GetFile(context.Background(), "p1", "master", tt.path)
		wantInvalid(t, err, "path", tt.want)
		if e.calls() != 0 {
			t.Errorf("GetFile(%q): %d requests sent for invalid input", tt.path, e.calls())
		}
	}
}

func TestGetFileErrors(t *testing.T) {
	t.Run("not found", func(t *testing.T) {
		e := newEnv(t)
		e.on(http.MethodGet, dcBase+"/projects/p1/branches/master/files/nope.raml", func(r *http.Request) *http.Response {
			return jsonResponse(404, `{"message":"File nope.raml not found"}`)
		})
		_, err := e.svc.GetFile(context.Background(), "p1", "master", "nope.raml")
		if !errors.Is(err, anypoint.ErrNotFound) || !strings.Contains(err.Error(), "File nope.raml not found") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("unquoted content", func(t *testing.T) {
		e := newEnv(t)
		e.on(http.MethodGet, dcBase+"/projects/p1/branches/master/files/api.raml", func(r *http.Request) *http.Response {
			return jsonResponse(200, "#%RAML 1.0\ntitle: Orders\n")
		})
		_, err := e.svc.GetFile(context.Background(), "p1", "master", "api.raml")
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("err = %v, want *anypoint.DecodeError", err)
		}
	})
}

// Each file is the spec's {path, content}, nothing more; the commit and its
// message travel in the query, as production deployers send them, and no
// header carries them.
func TestSaveFiles(t *testing.T) {
	files := []FileChange{
		{Path: "api.raml", Content: []byte("#%RAML 1.0\ntitle: Orders & \"Returns\"\n")},
		{Path: "types/order.raml", Content: []byte("#%RAML 1.0 DataType\ntype: object\n")},
	}
	const body = `[{"path":"api.raml","content":"#%RAML 1.0\ntitle: Orders \u0026 \"Returns\"\n"},` +
		`{"path":"types/order.raml","content":"#%RAML 1.0 DataType\ntype: object\n"}]`
	tests := []struct {
		name    string
		opts    *SaveOptions
		query   string
		message string
	}{
		{"with a message", &SaveOptions{CommitMessage: "Add the order type"}, "commit=true&message=Add+the+order+type", "Add the order type"},
		{"a message of two lines & more", &SaveOptions{CommitMessage: "Add types\n\nand 100% more"}, "commit=true&message=Add+types%0A%0Aand+100%25+more", "Add types\n\nand 100% more"},
		// The spec's request, as MuleSoft's api-vcs-client sends it: no query.
		{"nil options", nil, "", ""},
		{"empty message", &SaveOptions{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.onQuery(http.MethodPost, dcBase+"/projects/p1/branches/master/save", tt.query, func(r *http.Request) *http.Response {
				expect(t, r, body)
				if got := r.URL.Query().Get("message"); got != tt.message {
					t.Errorf("message = %q, want %q", got, tt.message)
				}
				if r.URL.RawQuery != tt.query {
					t.Errorf("query = %q, want %q", r.URL.RawQuery, tt.query)
				}
				if v := r.Header.Values("x-commit-message"); len(v) > 0 {
					t.Errorf("x-commit-message = %q: the spec has no such header", v)
				}
				return jsonResponse(200, `[{"path":"api.raml","type":"FILE"}]`)
			})
			if err := e.svc.SaveFiles(context.Background(), "p1", "master", files, tt.opts); err != nil {
				t.Fatal(err)
			}
			if e.calls() != 1 {
				t.Errorf("%d requests, want 1", e.calls())
			}
		})
	}
}

func TestSaveFilesConflict(t *testing.T) {
	e := newEnv(t)
	e.onQuery(http.MethodPost, dcBase+"/projects/p1/branches/master/save", "", func(r *http.Request) *http.Response {
		return jsonResponse(409, `{"message":"Could not save changes"}`)
	})
	err := e.svc.SaveFiles(context.Background(), "p1", "master", []FileChange{{Path: "a.raml"}}, nil)
	if !errors.Is(err, anypoint.ErrConflict) || !strings.Contains(err.Error(), "Could not save changes") {
		t.Errorf("err = %v", err)
	}
}

func TestSaveFilesValidation(t *testing.T) {
	tests := []struct {
		name        string
		files       []FileChange
		opts        *SaveOptions
		field, want string
	}{
		{"no files", nil, nil, "files", "at least one file"},
		{"empty path", []FileChange{{Path: "a"}, {Path: ""}}, nil, "files[1].Path", "must not be empty"},
		{"binary", []FileChange{{Path: "logo.png", Content: []byte{0x89, 'P', 'N', 'G', 0xff}}}, nil, "files[0].Content", `"logo.png" is not UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			err := e.svc.SaveFiles(context.Background(), "p1", "master", tt.files, tt.opts)
			wantInvalid(t, err, tt.field, tt.want)
			if e.calls() != 0 {
				t.Errorf("%d requests sent for invalid input", e.calls())
			}
		})
	}
}
