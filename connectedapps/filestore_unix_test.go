//go:build unix

package connectedapps

import (
	"context"
	"errors"
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
