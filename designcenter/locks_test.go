package designcenter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
)

func TestAcquireLock(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/acquireLock", func(r *http.Request) *http.Response {
		expect(t, r, `{}`)
		return jsonResponse(200, `{"locked":true,"name":"max.mule"}`)
	})
	l, err := e.svc.AcquireLock(context.Background(), "p1", "master")
	if err != nil {
		t.Fatal(err)
	}
	if *l != (Lock{Locked: true, Name: "max.mule"}) {
		t.Errorf("lock = %+v", l)
	}
}

func TestAcquireLockHeldByAnother(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/acquireLock", func(r *http.Request) *http.Response {
		return jsonResponse(200, `{"locked":false,"name":"ana.colleague"}`)
	})
	l, err := e.svc.AcquireLock(context.Background(), "p1", "master")
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	var le *LockedError
	if !errors.As(err, &le) || le.Holder != "ana.colleague" || le.Branch != "master" || le.ProjectID != "p1" {
		t.Errorf("LockedError = %+v", le)
	}
	if !strings.Contains(err.Error(), "ana.colleague") {
		t.Errorf("error %q should name the holder", err)
	}
	if l != nil {
		t.Errorf("lock = %+v with an error, want nil", l)
	}
}

// The platform refuses a lock another user holds with 409 Conflict and a
// message that names the holder.
func TestAcquireLockConflict(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/acquireLock", func(r *http.Request) *http.Response {
		expect(t, r, `{}`)
		resp := jsonResponse(409, `{"status":409,"message":"Branch master of project Orders API is locked by cora.cloud"}`)
		resp.Header.Set("X-Request-Id", "req-409")
		return resp
	})
	l, err := e.svc.AcquireLock(context.Background(), "p1", "master")
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	var le *LockedError
	if !errors.As(err, &le) || le.Holder != "cora.cloud" || le.Branch != "master" || le.ProjectID != "p1" {
		t.Errorf("LockedError = %+v, want holder cora.cloud on p1/master", le)
	}
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 409 || apiErr.RequestID != "req-409" {
		t.Errorf("errors.As(*anypoint.Error) = %+v, want the 409 with its request ID", apiErr)
	}
	if !errors.Is(err, anypoint.ErrConflict) {
		t.Errorf("errors.Is(err, anypoint.ErrConflict) = false for a 409")
	}
	if want := `anypoint: branch "master" of project p1 is locked by cora.cloud`; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if l != nil {
		t.Errorf("lock = %+v with an error, want nil", l)
	}
}

// A 409 whose message names nobody is still a LockedError; its text keeps
// the platform's words.
func TestAcquireLockConflictNoHolder(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/acquireLock", func(r *http.Request) *http.Response {
		return jsonResponse(409, `{"message":"Branch is being edited"}`)
	})
	l, err := e.svc.AcquireLock(context.Background(), "p1", "master")
	if l != nil {
		t.Errorf("lock = %+v with an error, want nil", l)
	}
	var le *LockedError
	if !errors.As(err, &le) || le.Holder != "" {
		t.Fatalf("err = %v, want a LockedError without holder", err)
	}
	if !strings.HasPrefix(err.Error(), `anypoint: branch "master" of project p1 is locked by another user: `) || !strings.Contains(err.Error(), "Branch is being edited") {
		t.Errorf("err = %q, want the platform's message", err)
	}
}

// Other refusals of acquireLock keep their own meaning.
func TestAcquireLockNotFound(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/gone/acquireLock", func(r *http.Request) *http.Response {
		return jsonResponse(404, `{"message":"Branch gone not found in project p1"}`)
	})
	_, err := e.svc.AcquireLock(context.Background(), "p1", "gone")
	if !errors.Is(err, anypoint.ErrNotFound) || errors.Is(err, ErrLocked) {
		t.Errorf("err = %v, want ErrNotFound and not ErrLocked", err)
	}
}

func TestLockHolder(t *testing.T) {
	for msg, want := range map[string]string{
		"Branch master of project Orders API is locked by cora.cloud":  "cora.cloud",
		"Branch master of project Orders API is locked by cora.cloud.": "cora.cloud",
		"Project is locked by ana@example.com":                         "ana@example.com",
		"Branch is being edited":                                       "",
		"locked by":                                                    "",
		"":                                                             "",
	} {
		if got := lockHolder(msg); got != want {
			t.Errorf("lockHolder(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestAcquireLockBadJSON(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/acquireLock", func(r *http.Request) *http.Response {
		return jsonResponse(200, `locked`)
	})
	_, err := e.svc.AcquireLock(context.Background(), "p1", "master")
	var de *anypoint.DecodeError
	if !errors.As(err, &de) {
		t.Errorf("err = %v, want *anypoint.DecodeError", err)
	}
}

func TestReleaseLock(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/master/releaseLock", func(r *http.Request) *http.Response {
		expect(t, r, `{}`)
		return jsonResponse(200, ``)
	})
	if err := e.svc.ReleaseLock(context.Background(), "p1", "master"); err != nil {
		t.Fatal(err)
	}
	if e.calls() != 1 {
		t.Errorf("%d requests, want 1", e.calls())
	}
}

func TestReleaseLockNotFound(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/gone/branches/master/releaseLock", func(r *http.Request) *http.Response {
		return jsonResponse(404, `{"message":"Project gone not found"}`)
	})
	err := e.svc.ReleaseLock(context.Background(), "gone", "master")
	if !errors.Is(err, anypoint.ErrNotFound) || !strings.Contains(err.Error(), "Project gone not found") {
		t.Errorf("err = %v", err)
	}
}
