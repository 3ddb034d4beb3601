package connectedapps

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Locker is a Store that can be locked while a refresh token is used and
// its successor saved. Token sources that share such a store (two runs of
// a command-line tool, say, or two sources in one program) then rotate one
// after the other: the second finds the first's new refresh token in the
// store instead of spending the old one, which the platform refuses. A
// Store of your own (in a database, say) may implement it.
//
// FileStore implements it across programs; MemoryStore within one.
type Locker interface {
	// Lock blocks until the store is the caller's or ctx ends, and returns
	// the function that releases it.
	Lock(ctx context.Context) (unlock func(), err error)
}

// lockPoll is how often a lock held elsewhere is tried again.
const lockPoll = 20 * time.Millisecond

// rotationLocks holds a one-slot semaphore per token file, shared by every
// FileStore of that path in the program. It is separate from the file's
// read/write mutex: Load and Save run while the rotation lock is held.
var rotationLocks sync.Map

// Lock locks the token file for a refresh-token rotation: within the
// program, and across programs through an operating-system lock on a
// sibling file, path+".lock" (flock on Unix, LockFileEx on Windows), which
// is created once and left in place.
func (s *FileStore) Lock(ctx context.Context) (func(), error) {
	abs, err := filepath.Abs(s.path)
	if err != nil {
		abs = filepath.Clean(s.path)
	}
	v, _ := rotationLocks.LoadOrStore(abs, make(chan struct{}, 1))
	sem := v.(chan struct{})
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-sem }
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		release()
		return nil, &StoreError{Op: "lock", Path: s.path, Err: err}
	}
	f, err := os.OpenFile(s.path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		release()
		return nil, &StoreError{Op: "lock", Path: s.path, Err: err}
	}
	for {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			release()
			return nil, &StoreError{Op: "lock", Path: s.path, Err: err}
		}
		if ok {
			break
		}
		select {
		case <-time.After(lockPoll):
		case <-ctx.Done():
			f.Close()
			release()
			return nil, ctx.Err()
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			_ = unlockFile(f)
			f.Close()
			release()
		})
	}, nil
}

// Lock locks the store within the program.
func (m *MemoryStore) Lock(ctx context.Context) (func(), error) {
	m.rotMu.Lock()
	if m.rot == nil {
		m.rot = make(chan struct{}, 1)
	}
	sem := m.rot
	m.rotMu.Unlock()
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() { once.Do(func() { <-sem }) }, nil
}

var (
	_ Locker = (*FileStore)(nil)
	_ Locker = (*MemoryStore)(nil)
)

func lockError(err error) error { return fmt.Errorf("lock the token file: %w", err) }
