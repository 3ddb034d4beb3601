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
	if l == nil || l.Locked {
		t.Errorf("lock = %+v, want the platform's answer", l)
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

func TestKeepLockAlive(t *testing.T) {
	e := newEnv(t)
	e.on(http.MethodPost, dcBase+"/projects/p1/branches/feature%2Fx/keepAlive", func(r *http.Request) *http.Response {
		expect(t, r, `{}`)
		return jsonResponse(200, ``)
	})
	if err := e.svc.KeepLockAlive(context.Background(), "p1", "feature/x"); err != nil {
		t.Fatal(err)
	}
	if e.calls() != 1 {
		t.Errorf("%d requests, want 1", e.calls())
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
