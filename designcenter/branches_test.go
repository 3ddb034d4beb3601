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

func TestCreateBranch(t *testing.T) {
	tests := []struct {
		name, from, body string
	}{
		{"from a branch", "master", `{"name":"feature/x","baseBranch":"master"}`},
		{"no base", "", `{"name":"feature/x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.on(http.MethodPost, dcBase+"/projects/p1/branches", func(r *http.Request) *http.Response {
				expect(t, r, tt.body)
				return jsonResponse(201, `{"name":"feature/x","commitId":"734713bc0"}`)
			})
			b, err := e.svc.CreateBranch(context.Background(), "p1", "feature/x", tt.from)
			if err != nil {
				t.Fatal(err)
			}
			if *b != (Branch{Name: "feature/x", CommitID: "734713bc0"}) {
				t.Errorf("branch = %+v", b)
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
		{"CreateBranch no project", func() error { _, err := e.svc.CreateBranch(ctx, "", "x", "master"); return err }(), "projectID"},
		{"CreateBranch no name", func() error { _, err := e.svc.CreateBranch(ctx, "p1", "", "master"); return err }(), "name"},
		{"ListFiles no branch", func() error { _, err := e.svc.ListFiles(ctx, "p1", ""); return err }(), "branch"},
		{"AcquireLock no branch", func() error { _, err := e.svc.AcquireLock(ctx, "p1", ""); return err }(), "branch"},
		{"KeepLockAlive no project", e.svc.KeepLockAlive(ctx, "", "master"), "projectID"},
		{"ReleaseLock no branch", e.svc.ReleaseLock(ctx, "p1", " "), "branch"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { wantInvalid(t, c.err, c.field, "must not be empty") })
	}
	if e.calls() != 0 {
		t.Errorf("%d requests sent for invalid input", e.calls())
	}
}
