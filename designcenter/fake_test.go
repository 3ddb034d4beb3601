package designcenter_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/scopes"
)

// These tests run the service against the fake platform, end to end.

// The spec has acquire and release, no keep-alive: the fake routes no
// …/keepAlive, and acquiring again while holding the lock is what keeps it.
func TestLockLifecycleAgainstFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	c := newClient(srv)
	dc := designcenter.New(c)
	ctx := context.Background()
	const project, branch = anypointtest.OrdersProjectID, "master"

	if _, err := dc.AcquireLock(ctx, project, branch); err != nil {
		t.Fatal(err)
	}
	if _, err := dc.AcquireLock(ctx, project, branch); err != nil {
		t.Fatalf("acquiring again while holding the lock: %v", err)
	}
	req, err := dc.NewRequest(ctx, http.MethodPost, "/projects/"+project+"/branches/"+branch+"/keepAlive", struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(req, nil); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("POST …/keepAlive: err = %v, want a 404: no source has that route", err)
	}
	if err := dc.ReleaseLock(ctx, project, branch); err != nil {
		t.Fatal(err)
	}
	if _, err := designcenter.New(c, designcenter.WithOwnerID(anypointtest.ColleagueID)).AcquireLock(ctx, project, branch); err != nil {
		t.Errorf("a colleague after the release: %v", err)
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
	if l != nil {
		t.Errorf("lock = %+v with an error, want nil", l)
	}
}

func TestEveryDesignCenterCallNeedsTheScope(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c := newClient(srv)
	dc := designcenter.New(c, designcenter.WithOrganizationID(anypointtest.OrgID), designcenter.WithOwnerID(anypointtest.UserID))
	ctx := context.Background()
	if _, err := dc.ListBranches(ctx, anypointtest.OrdersProjectID); err != nil {
		t.Fatal(err)
	}
	srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})

	// Wrapped and unwrapped endpoints alike are refused as a scope denial
	// that names the scopes the catalog gives the operation.
	for _, call := range []struct {
		name string
		do   func() error
	}{
		{"ListBranches", func() error { _, err := dc.ListBranches(ctx, anypointtest.OrdersProjectID); return err }},
		{"POST open (unwrapped)", func() error {
			req, err := dc.NewRequest(ctx, http.MethodPost, "/projects/"+anypointtest.OrdersProjectID+"/branches/master/open", nil)
			if err != nil {
				return err
			}
			_, err = c.Do(req, nil)
			return err
		}},
	} {
		err := call.do()
		var se *anypoint.ScopeError
		if !errors.As(err, &se) || !scopes.Contains(se.Required, scopes.EditDesignCenter) || se.Operation == nil {
			t.Errorf("%s: err = %v, want a ScopeError naming edit:design_center and its operation", call.name, err)
		}
	}
}

// Every Project field the SDK decodes comes back filled from the fake, so a
// JSON name the platform does not use shows up as a zero field here.
func TestProjectFieldsAgainstFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	dc := designcenter.New(newClient(srv))
	ctx := context.Background()
	check := func(how string, p *designcenter.Project, owner string) {
		t.Helper()
		v := reflect.ValueOf(*p)
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			if name == "Deleted" {
				continue // false for a live project, as it should be
			}
			if v.Field(i).IsZero() {
				t.Errorf("%s: Project.%s is zero", how, name)
			}
		}
		if p.CreatedBy != owner {
			t.Errorf("%s: CreatedBy = %q, want the owner's user ID %s", how, p.CreatedBy, owner)
		}
	}
	p, err := dc.GetProject(ctx, anypointtest.OrdersProjectID)
	if err != nil {
		t.Fatal(err)
	}
	check("GetProject", p, anypointtest.UserID)
	ps, err := dc.ListProjects(ctx)
	if err != nil || len(ps) == 0 {
		t.Fatalf("ListProjects = %d projects, %v", len(ps), err)
	}
	for _, p := range ps {
		check("ListProjects "+p.Name, &p, anypointtest.UserID)
	}
	before := p.LastUpdatedDate
	p, err = dc.TransferProject(ctx, anypointtest.OrdersProjectID, anypointtest.ColleagueID)
	if err != nil {
		t.Fatal(err)
	}
	check("TransferProject", p, anypointtest.ColleagueID)
	if p.LastUpdatedDate.Before(before.Time) {
		t.Errorf("LastUpdatedDate went back from %v to %v", before, p.LastUpdatedDate)
	}
}

// TransferProject hands a project over by user ID; Project.CreatedBy then
// holds that ID. A username is refused by the platform.
func TestTransferProjectAgainstFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	dc := designcenter.New(newClient(srv))
	ctx := context.Background()
	_, err := dc.TransferProject(ctx, anypointtest.OrdersProjectID, anypointtest.ColleagueUsername)
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("a username: err = %v, want a 400", err)
	}
	id := anypointtest.ColleagueID
	p, err := dc.TransferProject(ctx, anypointtest.OrdersProjectID, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.CreatedBy != id {
		t.Errorf("CreatedBy = %q, want %s", p.CreatedBy, id)
	}
	if p, err = dc.GetProject(ctx, anypointtest.OrdersProjectID); err != nil || p.CreatedBy != id {
		t.Errorf("GetProject after the handover: CreatedBy = %q, %v; want %s", p.CreatedBy, err, id)
	}
}

// A client whose secret is wrong cannot mint a token: the caller gets the
// token endpoint's refusal as it is, not an error about the /me lookup.
func TestLookupWithWrongSecretAgainstFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)
	c, err := anypoint.NewClient(connectedapps.ClientCredentials{ClientID: app.ClientID, ClientSecret: "wrong", Config: srv.Config()}.TokenSource(), anypoint.WithConfig(srv.Config()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = designcenter.New(c).ListProjects(context.Background())
	var te *anypoint.TokenError
	if !errors.As(err, &te) || !errors.Is(err, anypoint.ErrInvalidClient) {
		t.Fatalf("err = %v (%T), want a *anypoint.TokenError matching ErrInvalidClient", err, err)
	}
	if strings.Contains(err.Error(), "/accounts/api/me") {
		t.Errorf("err = %q sends the reader to /accounts/api/me, which was never asked", err)
	}
	if n := srv.Requests(http.MethodGet, "/accounts/api/me"); n != 0 {
		t.Errorf("GET /accounts/api/me sent %d times without a token", n)
	}
}

// A branch made from another branch's head holds its files; one made at an
// older commit holds that commit's.
func TestCreateBranchAgainstFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	dc := designcenter.New(newClient(srv))
	ctx := context.Background()
	const project = anypointtest.OrdersProjectID
	initial := srv.Commits(project, "master")[0].ID

	if _, err := dc.AcquireLock(ctx, project, "master"); err != nil {
		t.Fatal(err)
	}
	if err := dc.SaveFiles(ctx, project, "master", []designcenter.FileChange{{Path: "notes.md", Content: []byte("# Notes\n")}}, nil); err != nil {
		t.Fatal(err)
	}
	b, err := dc.CreateBranchFrom(ctx, project, "feature/notes", "master")
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "feature/notes" || b.CommitID == initial || b.CommitID == "" {
		t.Errorf("branch = %+v, want master's new head", b)
	}
	if _, err := dc.GetFile(ctx, project, "feature/notes", "notes.md"); err != nil {
		t.Errorf("the new branch lacks master's saved file: %v", err)
	}

	old, err := dc.CreateBranch(ctx, project, "before-notes", initial)
	if err != nil {
		t.Fatal(err)
	}
	if old.CommitID != initial {
		t.Errorf("branch = %+v, want commit %s", old, initial)
	}
	if _, err := dc.GetFile(ctx, project, "before-notes", "notes.md"); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("a branch at the first commit has a file saved after it: err = %v", err)
	}
	if _, err := dc.CreateBranchFrom(ctx, project, "x", "no-such-branch"); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("from a branch that does not exist: err = %v, want ErrNotFound", err)
	}
}
