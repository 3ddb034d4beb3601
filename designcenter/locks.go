package designcenter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	anypoint "github.com/anypoint-go/anypoint"
)

// ErrLocked matches the error AcquireLock returns when another user holds
// the branch's lock.
var ErrLocked = errors.New("anypoint: branch is locked by another user")

// Lock is the state of a branch's edit lock. Design Center lets one user
// edit a branch at a time; the others see it read-only.
type Lock struct {
	// Locked is true when the caller holds the lock.
	Locked bool `json:"locked"`
	// Name is the user who holds the lock, when the platform says.
	Name string `json:"name,omitempty"`
}

// LockedError says that another user holds a branch's lock.
type LockedError struct {
	// ProjectID and Branch name the branch.
	ProjectID, Branch string
	// Holder is the user who holds the lock, when the platform said.
	Holder string
	// Err is the platform's refusal (an *anypoint.Error, 409 Conflict) when
	// it answered with one; nil when it answered 200 {"locked":false}.
	Err error
}

// Error names the branch and, when known, who holds its lock. Without a
// holder it adds the platform's answer, which may say more.
func (e *LockedError) Error() string {
	if e.Holder != "" {
		return fmt.Sprintf("anypoint: branch %q of project %s is locked by %s", e.Branch, e.ProjectID, e.Holder)
	}
	msg := fmt.Sprintf("anypoint: branch %q of project %s is locked by another user", e.Branch, e.ProjectID)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the platform's refusal, so that errors.As finds the
// *anypoint.Error with its status, message and request ID.
func (e *LockedError) Unwrap() error { return e.Err }

// Is matches ErrLocked.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// lockedBy finds the holder in the platform's 409 message, "Branch master
// of project Orders API is locked by cora.cloud".
var lockedBy = regexp.MustCompile(`(?i)\blocked by ([^\s,;:]+?)\.?$`)

// lockHolder returns the user a 409 message names as the lock's holder, or
// "" when it names none.
func lockHolder(msg string) string {
	m := lockedBy.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	return m[1]
}

// emptyObject is the body the lock endpoints take.
var emptyObject = struct{}{}

// AcquireLock takes the edit lock of a branch for the owner the service
// acts as, which SaveFiles expects, and returns the lock as the platform
// describes it. When another user holds it, AcquireLock returns nil and a
// *LockedError (errors.Is(err, ErrLocked)) whose Holder names that user
// when the platform said. The platform refuses such a request with 409
// Conflict, whose message names the holder; the *anypoint.Error stays
// reachable through errors.As. An answer of 200 {"locked":false} is taken
// the same way. Whenever the error is not nil, the lock is nil.
//
// Call ReleaseLock when done. The spec has no call that keeps a lock alive
// and says nothing of when one lapses; acquiring it again while holding it
// is how the platform's own editor renews it (not confirmed).
//
// Spec: api-designer-experience api.yaml,
// createProjectsByProjectidBranchesByBranchAcquirelock (200 Lock: locked,
// name).
//
// POST /designcenter/api-designer/projects/{projectId}/branches/{branch}/acquireLock (api-designer-experience createProjectsByProjectidBranchesByBranchAcquirelock): scope edit:design_center (docs).
func (s *Service) AcquireLock(ctx context.Context, projectID, branch string) (*Lock, error) {
	if err := checkBranch(projectID, branch); err != nil {
		return nil, err
	}
	l := new(Lock)
	if err := s.call(ctx, acquireLock, emptyObject, l, projectID, branch); err != nil {
		var apiErr *anypoint.Error
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict {
			return nil, &LockedError{ProjectID: projectID, Branch: branch, Holder: lockHolder(apiErr.Message), Err: err}
		}
		return nil, err
	}
	if !l.Locked {
		return nil, &LockedError{ProjectID: projectID, Branch: branch, Holder: l.Name}
	}
	return l, nil
}

// ReleaseLock gives up the caller's lock on a branch, so that others can
// edit it at once.
//
// Spec: api-designer-experience api.yaml,
// createProjectsByProjectidBranchesByBranchReleaselock (200, no body).
//
// POST /designcenter/api-designer/projects/{projectId}/branches/{branch}/releaseLock (api-designer-experience createProjectsByProjectidBranchesByBranchReleaselock): scope edit:design_center (docs).
func (s *Service) ReleaseLock(ctx context.Context, projectID, branch string) error {
	if err := checkBranch(projectID, branch); err != nil {
		return err
	}
	return s.call(ctx, releaseLock, emptyObject, nil, projectID, branch)
}
