package designcenter_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// These tests run the service against the fake platform, end to end.

func TestLockLifecycleAgainstFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	dc := designcenter.New(newClient(srv))
	ctx := context.Background()
	const project, branch = anypointtest.OrdersProjectID, "master"

	if err := dc.KeepLockAlive(ctx, project, branch); !errors.Is(err, anypoint.ErrConflict) {
		t.Fatalf("keeping alive a lock nobody holds: err = %v, want ErrConflict", err)
	}
	if _, err := dc.AcquireLock(ctx, project, branch); err != nil {
		t.Fatal(err)
	}
	if err := dc.KeepLockAlive(ctx, project, branch); err != nil {
		t.Fatalf("keep alive while holding the lock: %v", err)
	}
	if err := dc.ReleaseLock(ctx, project, branch); err != nil {
		t.Fatal(err)
	}
	if err := dc.KeepLockAlive(ctx, project, branch); !errors.Is(err, anypoint.ErrConflict) {
		t.Fatalf("keep alive after release: err = %v, want ErrConflict", err)
	}
}

// The fake, like the platform, refuses with 409 a lock another user holds.
func TestAcquireLockHeldByColleagueAgainstFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	c := newClient(srv)
	ctx := context.Background()
	const project, branch = anypointtest.OrdersProjectID, "master"
	if _, err := designcenter.New(c, designcenter.WithOwnerID(anypointtest.ColleagueID)).AcquireLock(ctx, project, branch); err != nil {
		t.Fatal(err)
	}
	l, err := designcenter.New(c).AcquireLock(ctx, project, branch)
	if !errors.Is(err, designcenter.ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	var le *designcenter.LockedError
	if !errors.As(err, &le) || le.Holder != anypointtest.ColleagueUsername {
		t.Errorf("LockedError = %+v, want holder %s", le, anypointtest.ColleagueUsername)
	}
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict {
		t.Errorf("the platform's 409 is not reachable: %+v", apiErr)
	}
	if l == nil || l.Locked {
		t.Errorf("lock = %+v, want not locked", l)
	}
}

func TestEveryDesignCenterCallNeedsTheScope(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.ClientCredentialsApp()
	c := newClient(srv)
	dc := designcenter.New(c, designcenter.WithOrganizationID(anypointtest.OrgID), designcenter.WithOwnerID(anypointtest.UserID))
	ctx := context.Background()
	if _, err := dc.ListBranches(ctx, anypointtest.OrdersProjectID); err != nil {
		t.Fatal(err)
	}
	srv.RemoveScope(app.ClientID, scopes.EditDesignCenter)

	// Wrapped and unwrapped endpoints alike are refused as a scope denial.
	for _, call := range []struct {
		name string
		do   func() error
	}{
		{"ListBranches", func() error { _, err := dc.ListBranches(ctx, anypointtest.OrdersProjectID); return err }},
		{"GET branch (unwrapped)", func() error {
			req, err := dc.NewRequest(ctx, http.MethodGet, "/projects/"+anypointtest.OrdersProjectID+"/branches/master", nil)
			if err != nil {
				return err
			}
			_, err = c.Do(req, nil)
			return err
		}},
		{"PUT rename (unwrapped)", func() error {
			req, err := dc.NewRequest(ctx, http.MethodPut, "/projects/"+anypointtest.OrdersProjectID+"/rename", map[string]string{"name": "Renamed"})
			if err != nil {
				return err
			}
			_, err = c.Do(req, nil)
			return err
		}},
	} {
		err := call.do()
		var se *anypoint.ScopeError
		if !errors.As(err, &se) || !scopes.Contains(se.Required, scopes.EditDesignCenter) {
			t.Errorf("%s: err = %v, want a ScopeError naming edit:design_center", call.name, err)
		}
	}
	if p, err := designcenter.New(newClient(srv)).GetProject(ctx, anypointtest.OrdersProjectID); err == nil && p.Name == "Renamed" {
		t.Error("the project was renamed without the scope")
	}
}
