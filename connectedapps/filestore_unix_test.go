//go:build unix

package connectedapps

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO where the token file should be is refused at once: opening it
// would block until something writes to it.
func TestFileStoreRefusesAFIFOAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := NewFileStore(path).Load(context.Background())
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrStoreForeign) {
			t.Errorf("Load = %v, want ErrStoreForeign", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Load blocked on a FIFO")
	}
}

// A symbolic link planted where the lock file goes is refused: Lock
// neither creates the file it points to nor locks one elsewhere.
func TestFileStoreLockRefusesASymlink(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	path := filepath.Join(dir, "token.json")
	for name, target := range map[string]string{
		"dangling": filepath.Join(elsewhere, "created-by-lock"),
		"existing": filepath.Join(elsewhere, "existing"),
	} {
		if name == "existing" {
			if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		_ = os.Remove(path + ".lock")
		if err := os.Symlink(target, path+".lock"); err != nil {
			t.Fatal(err)
		}
		unlock, err := NewFileStore(path).Lock(context.Background())
		if err == nil {
			unlock()
			t.Errorf("%s: Lock followed the link", name)
		} else if !errors.Is(err, ErrStoreForeign) {
			t.Errorf("%s: err = %v, want ErrStoreForeign", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "created-by-lock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Lock created the link's target: %v", err)
	}
	// A regular lock file still locks.
	_ = os.Remove(path + ".lock")
	unlock, err := NewFileStore(path).Lock(context.Background())
	if err != nil {
		t.Fatalf("a plain lock file: %v", err)
	}
	unlock()
}
