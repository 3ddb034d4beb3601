package connectedapps

import (
	"context"
	"fmt"
	"io/fs"
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
// is created once and left in place. A lock file that is a symbolic link,
// or anything but a regular file, is refused (a *StoreError matching
// ErrStoreForeign): a planted link would make Lock create a file elsewhere.
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
	f, err := openLockFile(s.path + ".lock")
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

// openLockFile opens (creating it if need be) the lock file at path,
// refusing a symbolic link or anything else that is not a regular file: a
// link planted there would make Lock create or open a file wherever it
// points. The link is looked for before opening, refused by the open itself
// where the system can (O_NOFOLLOW), and the file opened is checked to be
// the one at path.
func openLockFile(path string) (*os.File, error) {
	notRegular := fmt.Errorf("%w: the lock file %s is not a regular file (a symbolic link, say); delete it by hand", ErrStoreForeign, filepath.Base(path))
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, notRegular
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, notRegular // a link planted between the look and the open
		}
		return nil, err
	}
	opened, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	there, err := os.Lstat(path)
	if err != nil || !opened.Mode().IsRegular() || !os.SameFile(opened, there) {
		f.Close()
		return nil, notRegular
	}
	return f, nil
}

func lockError(err error) error { return fmt.Errorf("lock the token file: %w", err) }
