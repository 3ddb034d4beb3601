package connectedapps

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A token file that its group may read or write is refused like one the
// world may read: Load says ErrStoreInsecure and names the mode. Owner-only
// modes are read.
func TestFileStoreRefusesGroupAccess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	for _, tc := range []struct {
		mode os.FileMode
		ok   bool
	}{
		{0o600, true}, {0o400, true},
		{0o640, false}, {0o660, false}, {0o620, false}, {0o610, false},
		{0o604, false}, {0o602, false}, {0o644, false},
	} {
		path := filepath.Join(t.TempDir(), "token.json")
		s := NewFileStore(path)
		if err := s.Save(ctxBG, testToken(1)); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		tok, err := s.Load(ctxBG)
		if tc.ok {
			if err != nil || tok == nil || tok.AccessToken != testToken(1).AccessToken {
				t.Errorf("mode %04o: Load = %v, %v; want the token", tc.mode, tok, err)
			}
			continue
		}
		var se *StoreError
		if !errors.Is(err, ErrStoreInsecure) || !errors.As(err, &se) || se.Op != "load" || tok != nil {
			t.Errorf("mode %04o: Load = %v, %v; want a load *StoreError matching ErrStoreInsecure", tc.mode, tok, err)
			continue
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("mode %04o", tc.mode)) {
			t.Errorf("mode %04o: %q does not name the mode", tc.mode, err)
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("mode %04o: the error quotes the token: %q", tc.mode, err)
		}
	}
}

// A save that fails after the temporary file was written (here: its rename)
// returns the error, keeps the old token, and leaves no temporary file
// behind: it would hold tokens.
func TestFileStoreFailedSaveLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	s := NewFileStore(path)
	if err := s.Save(ctxBG, testToken(1)); err != nil {
		t.Fatal(err)
	}
	renameFailed := errors.New("rename refused")
	var during []string
	s.beforeRename = func() error {
		during, _ = filepath.Glob(filepath.Join(dir, ".token.json.tmp-*"))
		return renameFailed
	}
	err := s.Save(ctxBG, testToken(2))
	var se *StoreError
	if !errors.Is(err, renameFailed) || !errors.As(err, &se) || se.Op != "save" || se.Path != path {
		t.Fatalf("Save = %v; want a save *StoreError wrapping the failure", err)
	}
	if len(during) != 1 {
		t.Fatalf("temporary files before the rename: %v; want one (the test must see the file it checks is gone)", during)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "token.json" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files after the failed save: %v; want only token.json", names)
	}
	if tok, err := NewFileStore(path).Load(ctxBG); err != nil || tok.AccessToken != testToken(1).AccessToken {
		t.Errorf("Load after the failed save = %v, %v; want the old token", tok, err)
	}

	// A first save (no token file yet) that fails leaves nothing either.
	dir2 := t.TempDir()
	s2 := NewFileStore(filepath.Join(dir2, "token.json"))
	s2.beforeRename = func() error { return renameFailed }
	if err := s2.Save(ctxBG, testToken(1)); !errors.Is(err, renameFailed) {
		t.Fatalf("first Save = %v, want the failure", err)
	}
	if entries, _ := os.ReadDir(dir2); len(entries) != 0 {
		t.Errorf("%d files after a failed first save, want none", len(entries))
	}
}

// A token file of exactly 1 MiB is read whole; one byte more is refused as
// not a token file of this SDK, before anything is decoded.
func TestFileStoreSizeLimit(t *testing.T) {
	const limit = 1 << 20
	dir := t.TempDir()
	good := filepath.Join(dir, "token.json")
	if err := NewFileStore(good).Save(ctxBG, testToken(1)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// Leading blanks, so that a file read short loses its closing brace.
	exact := append([]byte(strings.Repeat(" ", limit-len(raw))), raw...)
	if err := os.WriteFile(good, exact, 0o600); err != nil {
		t.Fatal(err)
	}
	if tok, err := NewFileStore(good).Load(ctxBG); err != nil || tok.AccessToken != testToken(1).AccessToken {
		t.Errorf("a 1 MiB token file: %v, %v; want the token", tok, err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, append([]byte(" "), exact...), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = NewFileStore(big).Load(ctxBG)
	if !errors.Is(err, ErrStoreForeign) || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("a token file of 1 MiB and a byte: %v; want ErrStoreForeign, larger than 1 MiB", err)
	}
}

// A save or clear that meets a corrupt file says the file is left as it
// is; a load, which changes nothing, does not. Each says what to do.
func TestFileStoreCorruptFileErrorsSayWhatHappened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := os.WriteFile(path, []byte(`{"format":"anypoint-go-token","version":1,"token":`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := NewFileStore(path)
	_, loadErr := s.Load(ctxBG)
	saveErr := s.Save(ctxBG, testToken(1))
	clearErr := s.Clear(ctxBG)
	for _, tc := range []struct {
		op   string
		err  error
		left bool
	}{{"load", loadErr, false}, {"save", saveErr, true}, {"clear", clearErr, true}} {
		if !errors.Is(tc.err, ErrStoreCorrupt) {
			t.Errorf("%s: %v, want ErrStoreCorrupt", tc.op, tc.err)
			continue
		}
		msg := tc.err.Error()
		if got := strings.Contains(msg, "it is left as it is"); got != tc.left {
			t.Errorf("%s: %q; says it is left as it is: %v, want %v", tc.op, msg, got, tc.left)
		}
		if !strings.Contains(msg, "delete it (or choose another path) and sign in again") || !strings.Contains(msg, "token store "+tc.op+" "+path) {
			t.Errorf("%s: %q does not name the operation, the file and the fix", tc.op, msg)
		}
	}
	if raw, _ := os.ReadFile(path); string(raw) != `{"format":"anypoint-go-token","version":1,"token":` {
		t.Errorf("the corrupt file changed: %q", raw)
	}
}

// A token file whose expires_in is negative is corrupt, not a token.
func TestFileStoreRefusesANegativeExpiresIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	raw := `{"format":"anypoint-go-token","version":1,"token":{"access_token":"a-SECRET","expires_in":-5}}`
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, err := NewFileStore(path).Load(ctxBG)
	if !errors.Is(err, ErrStoreCorrupt) || tok != nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("Load = %v, %v; want ErrStoreCorrupt without the token", tok, err)
	}
}
