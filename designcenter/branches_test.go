package designcenter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
)

func TestListBranches(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/p1/branches", func(r *http.Request) *http.Response {
		expect(t, r, "")
		return jsonResponse(200, `[{"name":"master","commitId":"734713bc0"},{"name":"feature/x","commitId":"9f0e1d2"}]`)
	})
	bs, err := e.svc.ListBranches(context.Background(), "p1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Branch{{Name: "master", CommitID: "734713bc0"}, {Name: "feature/x", CommitID: "9f0e1d2"}}
	if len(bs) != len(want) || bs[0] != want[0] || bs[1] != want[1] {
		t.Errorf("branches = %+v, want %+v", bs, want)
	}
}

func TestListBranchesNotFound(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodGet, dcBase+"/projects/nope/branches", func(r *http.Request) *http.Response {
		return jsonResponse(404, `{"message":"Project nope not found"}`)
	})
	_, err := e.svc.ListBranches(context.Background(), "nope")
	if !errors.Is(err, anypoint.ErrNotFound) || !strings.Contains(err.Error(), "Project nope not found") {
		t.Errorf("err = %v", err)
	}
}

// The spec's body is {name, commitId}, both required.
func TestCreateBranch(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches", func(r *http.Request) *http.Response {
		expect(t, r, `{"name":"feature/x","commitId":"734713bc0"}`)
		return jsonResponse(201, `{"name":"feature/x","commitId":"734713bc0"}`)
	})
	b, err := e.svc.CreateBranch(context.Background(), "p1", "feature/x", "734713bc0")
	if err != nil {
		t.Fatal(err)
	}
	if *b != (Branch{Name: "feature/x", CommitID: "734713bc0"}) {
		t.Errorf("branch = %+v", b)
	}
}

// CreateBranchFrom asks for the branches, then creates the new one at the
// head of the one named.
func TestCreateBranchFrom(t *testing.T) {
	e := newEnv(t)
	var order []string
	e.on(http.MethodGet, dcBase+"/projects/p1/branches", func(r *http.Request) *http.Response {
		order = append(order, "list")
		expect(t, r, "")
		return jsonResponse(200, `[{"name":"master","commitId":"aaa111"},{"name":"develop","commitId":"bbb222"}]`)
	})
	e.on(http.MethodPost, dcBase+"/projects/p1/branches", func(r *http.Request) *http.Response {
		order = append(order, "create")
		expect(t, r, `{"name":"feature/x","commitId":"bbb222"}`)
		return jsonResponse(201, `{"name":"feature/x","commitId":"bbb222"}`)
	})
	b, err := e.svc.CreateBranchFrom(context.Background(), "p1", "feature/x", "develop")
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "feature/x" || b.CommitID != "bbb222" || strings.Join(order, ",") != "list,create" {
		t.Errorf("branch = %+v after %v", b, order)
	}
}

func TestCreateBranchFromUnknownBranch(t *testing.T) {
	for _, tt := range []struct {
		name, list, want string
		notFound         bool
	}{
		{"no such branch", `[{"name":"master","commitId":"aaa111"}]`, `project p1 has no branch "develop" to branch from`, true},
		{"a branch without a commit", `[{"name":"develop"}]`, `branch "develop" of project p1 has no commit to branch from`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t) // no POST responder: a create request fails the test
			e.on(http.MethodGet, dcBase+"/projects/p1/branches", func(r *http.Request) *http.Response {
				return jsonResponse(200, tt.list)
			})
			b, err := e.svc.CreateBranchFrom(context.Background(), "p1", "feature/x", "develop")
			if b != nil || err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, anypoint.ErrNotFound) != tt.notFound {
				t.Errorf("CreateBranchFrom = %+v, %v; want %q (ErrNotFound: %v)", b, err, tt.want, tt.notFound)
			}
			if e.calls() != 1 {
				t.Errorf("%d requests, want the list only", e.calls())
			}
		})
	}
}

func TestBranchValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	checks := []struct {
		name  string
		err   error
		field string
	}{
		{"ListBranches", func() error { _, err := e.svc.ListBranches(ctx, ""); return err }(), "projectID"},
		{"CreateBranch no project", func() error { _, err := e.svc.CreateBranch(ctx, "", "x", "aaa111"); return err }(), "projectID"},
		{"CreateBranch no name", func() error { _, err := e.svc.CreateBranch(ctx, "p1", "", "aaa111"); return err }(), "name"},
		{"CreateBranch no commit", func() error { _, err := e.svc.CreateBranch(ctx, "p1", "x", " "); return err }(), "commitID"},
		{"CreateBranchFrom no project", func() error { _, err := e.svc.CreateBranchFrom(ctx, "", "x", "master"); return err }(), "projectID"},
		{"CreateBranchFrom no name", func() error { _, err := e.svc.CreateBranchFrom(ctx, "p1", "", "master"); return err }(), "name"},
		{"CreateBranchFrom no base", func() error { _, err := e.svc.CreateBranchFrom(ctx, "p1", "x", ""); return err }(), "fromBranch"},
		{"ListFiles no branch", func() error { _, err := e.svc.ListFiles(ctx, "p1", ""); return err }(), "branch"},
		{"AcquireLock no branch", func() error { _, err := e.svc.AcquireLock(ctx, "p1", ""); return err }(), "branch"},
		{"ReleaseLock no project", e.svc.ReleaseLock(ctx, "", "master"), "projectID"},
		{"ReleaseLock no branch", e.svc.ReleaseLock(ctx, "p1", " "), "branch"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { wantInvalid(t, c.err, c.field, "must not be empty") })
	}
	if e.calls() != 0 {
		t.Errorf("%d requests sent for invalid input", e.calls())
	}
}
