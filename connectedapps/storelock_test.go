package connectedapps_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/connectedapps"
	"golang.org/x/oauth2"
)

// Two token sources sharing one token file refresh at the same moment,
// round after round: the platform rotates the refresh token each time, so
// the one that comes second must take the first one's new token from the
// store instead of spending the old one. Neither ever dies.
func TestSourcesSharingAFileStoreRotateInTurn(t *testing.T) {
	f := newACFixture(t)
	path := filepath.Join(t.TempDir(), "token.json")
	tok := f.signIn(t, f.ac)
	first := source(t, f.ac, tok, connectedapps.WithStore(connectedapps.NewFileStore(path)))
	second := source(t, f.ac, nil, connectedapps.WithStore(connectedapps.NewFileStore(path)))
	for round := range 30 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, ts := range []*connectedapps.TokenSource{first, second} {
			cur, err := ts.TokenContext(context.Background())
			if err != nil {
				t.Fatalf("round %d, source %d: %v", round, i, err)
			}
			ts.Invalidate(cur) // as the client does after a 401
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = ts.TokenContext(context.Background())
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: source %d died: %v", round, i, err)
			}
		}
	}
}

// The lock holds across programs: while another process holds the token
// file's lock, Lock waits; once it lets go, Lock succeeds.
func TestFileStoreLockHoldsAcrossProcesses(t *testing.T) {
	if path := os.Getenv("ANYPOINT_TEST_HOLD_LOCK"); path != "" {
		holdLockForParent(path)
		return
	}
	path := filepath.Join(t.TempDir(), "token.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestFileStoreLockHoldsAcrossProcesses$")
	cmd.Env = append(os.Environ(), "ANYPOINT_TEST_HOLD_LOCK="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("the other process said %q (%v)", line, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if unlock, err := connectedapps.NewFileStore(path).Lock(ctx); !errors.Is(err, context.DeadlineExceeded) {
		if unlock != nil {
			unlock()
		}
		t.Fatalf("Lock while another process holds it: %v, want to wait until the deadline", err)
	}
	stdin.Close() // the other process lets go and exits
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	unlock, err := connectedapps.NewFileStore(path).Lock(ctx2)
	if err != nil {
		t.Fatalf("Lock after the other process let go: %v", err)
	}
	unlock()
}

// holdLockForParent locks path, says so, and holds the lock until its
// standard input closes.
func holdLockForParent(path string) {
	unlock, err := connectedapps.NewFileStore(path).Lock(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	unlock()
	os.Exit(0)
}

// unreadableStore is a MemoryStore whose Load fails while down is set, as
// a database that went down after its lock was taken.
type unreadableStore struct {
	connectedapps.MemoryStore
	mu   sync.Mutex
	down bool
}

var errStoreDown = errors.New("the token database is unreachable")

func (s *unreadableStore) Load(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		return nil, errStoreDown
	}
	return s.MemoryStore.Load(ctx)
}

// A store that is locked but cannot be read may hold a newer refresh token
// than the source's: the source spends nothing, says why, and goes on once
// the store answers. The grant is never given up for an unreadable store.
func TestUnreadableLockedStoreSpendsNoRefreshToken(t *testing.T) {
	f := newACFixture(t)
	st := &unreadableStore{}
	ts := source(t, f.ac, f.signIn(t, f.ac), connectedapps.WithStore(st))
	cur, err := ts.TokenContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ts.Invalidate(cur) // a new token is needed
	st.mu.Lock()
	st.down = true
	st.mu.Unlock()
	f.srv.ResetRequestLog()
	if _, err := ts.TokenContext(context.Background()); !errors.Is(err, errStoreDown) {
		t.Fatalf("TokenContext with the locked store unreadable = %v; want the store's error", err)
	}
	if n := f.srv.TokenRequests(); n != 0 {
		t.Fatalf("%d token requests while the locked store could not be read", n)
	}
	st.mu.Lock()
	st.down = false
	st.mu.Unlock()
	if _, err := ts.TokenContext(context.Background()); err != nil {
		t.Fatalf("TokenContext once the store answers = %v; want a new token", err)
	}
}
