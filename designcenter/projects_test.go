package designcenter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
)

const projectJSON = `{"id":"a1048809-64eb-4830-9974-9dc673b92013","organizationId":"` + testOrg + `","name":"Orders API","type":"raml","createdBy":"` + testOwner + `","description":"Orders","vcsType":"GIT","vcsStorageType":"GIT_INTERNAL","defaultBranch":"master","createdDate":1702669593404,"lastUpdatedDate":1702669600000,"deleted":false}`

func wantOrdersProject(t *testing.T, p Project) {
	t.Helper()
	want := Project{
		ID:              "a1048809-64eb-4830-9974-9dc673b92013",
		OrganizationID:  testOrg,
		Name:            "Orders API",
		Type:            "raml",
		CreatedBy:       testOwner,
		Description:     "Orders",
		VCSType:         "GIT",
		VCSStorageType:  "GIT_INTERNAL",
		DefaultBranch:   "master",
		CreatedDate:     anypoint.Time{Time: time.Date(2023, 12, 15, 19, 46, 33, 404e6, time.UTC)},
		LastUpdatedDate: anypoint.Time{Time: time.Date(2023, 12, 15, 19, 46, 40, 0, time.UTC)},
	}
	if !p.CreatedDate.Equal(want.CreatedDate.Time) || !p.LastUpdatedDate.Equal(want.LastUpdatedDate.Time) {
		t.Errorf("dates = %v, %v; want %v, %v", p.CreatedDate, p.LastUpdatedDate, want.CreatedDate, want.LastUpdatedDate)
	}
	p.CreatedDate, p.LastUpdatedDate = want.CreatedDate, want.LastUpdatedDate
	if p != want {
		t.Errorf("project = %+v\nwant      %+v", p, want)
	}
}

func TestListProjects(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects", func(r *http.Request) *http.Response {
		expect(t, r, "")
		return jsonResponse(200, `[`+projectJSON+`,{"id":"p2","name":"Customers","type":"oas","createdDate":0}]`)
	})
	ps, err := e.svc.ListProjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 {
		t.Fatalf("got %d projects, want 2", len(ps))
	}
	wantOrdersProject(t, ps[0])
	if ps[1].ID != "p2" || ps[1].Type != "oas" || !ps[1].CreatedDate.IsZero() {
		t.Errorf("second project = %+v", ps[1])
	}
}

func TestListProjectsErrors(t *testing.T) {
	t.Run("not JSON", func(t *testing.T) {
		e := newEnv(t)
		e.on(http.MethodGet, dcBase+"/projects", func(r *http.Request) *http.Response {
			return jsonResponse(200, `<html>maintenance</html>`)
		})
		_, err := e.svc.ListProjects(context.Background())
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("err = %v, want *anypoint.DecodeError", err)
		}
	})
	t.Run("an envelope instead of an array", func(t *testing.T) {
		e := newEnv(t)
		e.on(http.MethodGet, dcBase+"/projects", func(r *http.Request) *http.Response {
			return jsonResponse(200, `{"data":[],"total":0}`)
		})
		_, err := e.svc.ListProjects(context.Background())
		var de *anypoint.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("err = %v, want *anypoint.DecodeError", err)
		}
	})
}

func TestGetProject(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/a1048809-64eb-4830-9974-9dc673b92013", func(r *http.Request) *http.Response {
		expect(t, r, "")
		return jsonResponse(200, projectJSON)
	})
	p, err := e.svc.GetProject(context.Background(), "a1048809-64eb-4830-9974-9dc673b92013")
	if err != nil {
		t.Fatal(err)
	}
	wantOrdersProject(t, *p)
}

func TestGetProjectEscapesTheID(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/a%2Fb%3Fc", func(r *http.Request) *http.Response {
		return jsonResponse(200, `{"id":"a/b?c"}`)
	})
	if _, err := e.svc.GetProject(context.Background(), "a/b?c"); err != nil {
		t.Fatal(err)
	}
}

func TestGetProjectNotFound(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/missing", func(r *http.Request) *http.Response {
		return jsonResponse(404, `{"status":404,"message":"Project missing not found"}`)
	})
	_, err := e.svc.GetProject(context.Background(), "missing")
	if !errors.Is(err, anypoint.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.Message != "Project missing not found" {
		t.Errorf("message = %q, want the platform's", apiErr.Message)
	}
}

func TestGetProjectBadJSON(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/p1", func(r *http.Request) *http.Response {
		return jsonResponse(200, `{"id":`)
	})
	_, err := e.svc.GetProject(context.Background(), "p1")
	var de *anypoint.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want *anypoint.DecodeError", err)
	}
}

func TestCreateProject(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects", func(r *http.Request) *http.Response {
		expect(t, r, `{"name":"Orders API","type":"raml","description":"Orders","format":"yaml","classifier":"raml"}`)
		return jsonResponse(201, projectJSON)
	})
	p, err := e.svc.CreateProject(context.Background(), &CreateProjectRequest{
		Name: "Orders API", Type: ProjectTypeRAML, Description: "Orders", Format: FormatYAML, Classifier: ClassifierRAML,
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOrdersProject(t, *p)
}

// The body holds the spec's ProjectCreate fields and nothing else: name and
// type always, the optional ones when set.
func TestCreateProjectMinimalAndFullBodies(t *testing.T) {
	tests := []struct {
		name string
		req  CreateProjectRequest
		body string
	}{
		{"minimal", CreateProjectRequest{Name: "Lib", Type: ProjectTypeRAMLFragment},
			`{"name":"Lib","type":"raml-fragment"}`},
		{"fragment", CreateProjectRequest{Name: "Lib", Type: ProjectTypeRAMLFragment, Format: FormatYAML, Classifier: ClassifierRAMLFragment},
			`{"name":"Lib","type":"raml-fragment","format":"yaml","classifier":"raml-fragment"}`},
		{"oas json", CreateProjectRequest{Name: "Pets", Type: ProjectTypeRAML, Format: FormatJSON, Classifier: ClassifierOAS},
			`{"name":"Pets","type":"raml","format":"json","classifier":"oas"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.on(http.MethodPost, dcBase+"/projects", func(r *http.Request) *http.Response {
				expect(t, r, tt.body)
				return jsonResponse(201, `{"id":"p9"}`)
			})
			p, err := e.svc.CreateProject(context.Background(), &tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if p.ID != "p9" {
				t.Errorf("ID = %q", p.ID)
			}
		})
	}
}

func TestCreateProjectConflict(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects", func(r *http.Request) *http.Response {
		return jsonResponse(409, `{"status":409,"message":"Project raml-Orders API already exists"}`)
	})
	_, err := e.svc.CreateProject(context.Background(), &CreateProjectRequest{Name: "Orders API", Type: ProjectTypeRAML})
	if !errors.Is(err, anypoint.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if !strings.Contains(err.Error(), "Project raml-Orders API already exists") {
		t.Errorf("error %q should carry the platform's message", err)
	}
}

// Only the values of the spec's enums are sent: the CLI's fragment types
// and the classifiers the spec does not list are refused before any
// request.
func TestCreateProjectValidation(t *testing.T) {
	raml := ProjectTypeRAML
	tests := []struct {
		name        string
		req         *CreateProjectRequest
		field, want string
	}{
		{"nil", nil, "req", "must not be nil"},
		{"empty name", &CreateProjectRequest{Type: raml}, "Name", "must not be empty"},
		{"blank name", &CreateProjectRequest{Name: "  ", Type: raml}, "Name", "must not be empty"},
		{"no type", &CreateProjectRequest{Name: "x", Classifier: ClassifierRAML}, "Type", "must not be empty (want one of raml, raml-fragment)"},
		{"oas is a classifier, not a type", &CreateProjectRequest{Name: "x", Type: "oas"}, "Type", `"oas" is not one of raml, raml-fragment`},
		{"unknown type", &CreateProjectRequest{Name: "x", Type: "RAML"}, "Type", `"RAML" is not one of raml, raml-fragment`},
		{"unknown classifier", &CreateProjectRequest{Name: "x", Type: raml, Classifier: "RAML"}, "Classifier", `"RAML" is not one of raml, raml-fragment, oas`},
		{"a CLI fragment type", &CreateProjectRequest{Name: "x", Type: ProjectTypeRAMLFragment, Classifier: "oas-components"}, "Classifier", `"oas-components" is not one of`},
		{"json-schema", &CreateProjectRequest{Name: "x", Type: ProjectTypeRAMLFragment, Classifier: "json-schema"}, "Classifier", `"json-schema" is not one of`},
		{"evented-api", &CreateProjectRequest{Name: "x", Type: raml, Classifier: "evented-api"}, "Classifier", `"evented-api" is not one of`},
		{"unknown format", &CreateProjectRequest{Name: "x", Type: raml, Classifier: ClassifierOAS, Format: "yml"}, "Format", `"yml" is not one of yaml, json`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.svc.CreateProject(context.Background(), tt.req)
			wantInvalid(t, err, tt.field, tt.want)
			if e.calls() != 0 {
				t.Errorf("%d requests sent for invalid input", e.calls())
			}
		})
	}
	// The spec sets no length limit on names.
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects", func(r *http.Request) *http.Response { return jsonResponse(201, `{}`) })
	if _, err := e.svc.CreateProject(context.Background(), &CreateProjectRequest{Name: strings.Repeat("é", 150), Type: raml}); err != nil {
		t.Errorf("150-character name: %v", err)
	}
}

// The spec's PATCH body is ProjectPatch: createdBy, required, and nothing
// else.
func TestTransferProject(t *testing.T) {
	const owner = "54bf6b94-d209-44fa-b13a-cb6991ec6fb8"
	e := newEnv(t)
	e.on(http.MethodPatch, dcBase+"/projects/p1", func(r *http.Request) *http.Response {
		expect(t, r, `{"createdBy":"`+owner+`"}`)
		return jsonResponse(200, `{"id":"p1","name":"Orders","createdBy":"`+owner+`"}`)
	})
	p, err := e.svc.TransferProject(context.Background(), "p1", owner)
	if err != nil {
		t.Fatal(err)
	}
	if p.CreatedBy != owner {
		t.Errorf("createdBy = %q", p.CreatedBy)
	}
}

func TestTransferProjectValidation(t *testing.T) {
	tests := []struct {
		name, id, owner string
		field           string
	}{
		{"empty id", "", "u1", "projectID"},
		{"empty owner", "p1", "", "ownerID"},
		{"blank owner", "p1", " ", "ownerID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.svc.TransferProject(context.Background(), tt.id, tt.owner)
			wantInvalid(t, err, tt.field, "must not be empty")
			if e.calls() != 0 {
				t.Errorf("%d requests sent for invalid input", e.calls())
			}
		})
	}
}

func TestDeleteProject(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodDelete, dcBase+"/projects/p1", func(r *http.Request) *http.Response {
		expect(t, r, "")
		return httpmock204()
	})
	if err := e.svc.DeleteProject(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	if e.calls() != 1 {
		t.Errorf("%d requests, want 1", e.calls())
	}
}

func TestDeleteProjectNotFound(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodDelete, dcBase+"/projects/gone", func(r *http.Request) *http.Response {
		return jsonResponse(404, `{"message":"Project not found"}`)
	})
	err := e.svc.DeleteProject(context.Background(), "gone")
	if !errors.Is(err, anypoint.ErrNotFound) || !strings.Contains(err.Error(), "Project not found") {
		t.Errorf("err = %v, want ErrNotFound with the platform's message", err)
	}
}

func TestProjectIDValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, err := e.svc.GetProject(ctx, "")
	wantInvalid(t, err, "projectID", "must not be empty")
	wantInvalid(t, e.svc.DeleteProject(ctx, " "), "projectID", "must not be empty")
	if e.calls() != 0 {
		t.Errorf("%d requests sent for invalid input", e.calls())
	}
}
