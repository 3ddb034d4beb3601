package connectedapps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

var ctxBG = context.Background()

func testToken(n int) *oauth2.Token {
	return (&oauth2.Token{
		AccessToken: fmt.Sprintf("access-%d-SECRET", n), TokenType: "Bearer",
		RefreshToken: fmt.Sprintf("refresh-%d-SECRET", n),
		Expiry:       time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), ExpiresIn: 3600,
	}).WithExtra(map[string]any{"scope": "view:environment offline_access"})
}

func TestFileStoreRoundTripIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	path := filepath.Join(dir, "token.json")
	fs := NewFileStore(path)
	if tok, err := fs.Load(ctxBG); tok != nil || err != nil {
		t.Fatalf("Load of a missing file = %v, %v; want nil, nil", tok, err)
	}
	if err := fs.Save(ctxBG, testToken(1)); err != nil {
		t.Fatal(err)
	}
	got, err := fs.Load(ctxBG)
	if err != nil {
		t.Fatal(err)
	}
	want := testToken(1)
	if got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken || !got.Expiry.Equal(want.Expiry) ||
		got.ExpiresIn != 3600 || got.TokenType != "Bearer" || got.Extra("scope") != "view:environment offline_access" {
		t.Errorf("loaded %+v", got)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(path)
		di, _ := os.Stat(dir)
		if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
			t.Errorf("file mode %o, dir mode %o; want 600, 700", fi.Mode().Perm(), di.Mode().Perm())
		}
	}
	raw, _ := os.ReadFile(path)
	var env map[string]any
	if err := json.Unmarshal(raw, &env); err != nil || env["format"] != "anypoint-go-token" || env["version"] != 1.0 {
		t.Errorf("envelope %s", raw)
	}
	tokJSON, _ := env["token"].(map[string]any)
	for _, k := range []string{"access_token", "token_type", "refresh_token", "expiry", "expires_in"} {
		if _, ok := tokJSON[k]; !ok {
			t.Errorf("token field %s missing from %s", k, raw)
		}
	}
	// Replace, then clear.
	if err := fs.Save(ctxBG, testToken(2)); err != nil {
		t.Fatal(err)
	}
	if got, _ := fs.Load(ctxBG); got.AccessToken != testToken(2).AccessToken {
		t.Errorf("after the second save: %q", got.AccessToken)
	}
	if err := fs.Clear(ctxBG); err != nil {
		t.Fatal(err)
	}
	if tok, err := fs.Load(ctxBG); tok != nil || err != nil {
		t.Errorf("after Clear: %v, %v", tok, err)
	}
	if err := fs.Clear(ctxBG); err != nil {
		t.Errorf("Clear of a missing file: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("files left in the directory: %v", entries)
	}
}

func TestFileStoreCrashBeforeRenameKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	fs := NewFileStore(path)
	if err := fs.Save(ctxBG, testToken(1)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	// A crash after the new file is written, before the rename: the
	// process dies, and the temporary file stays behind.
	var tmpAtCrash []string
	fs.beforeRename = func() error {
		tmpAtCrash, _ = filepath.Glob(filepath.Join(dir, ".token.json.tmp-*"))
		for _, p := range tmpAtCrash { // copy what a crash would leave
			b, _ := os.ReadFile(p)
			_ = os.WriteFile(p+"-stray", b[:len(b)/2], 0o600)
		}
		return errors.New("simulated crash")
	}
	if err := fs.Save(ctxBG, testToken(2)); err == nil {
		t.Fatal("Save succeeded despite the crash")
	}
	if len(tmpAtCrash) != 1 {
		t.Fatalf("temporary files at the crash: %v; want one", tmpAtCrash)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Error("the token file changed although the rename never happened")
	}
	fs2 := NewFileStore(path) // "after the restart"
	got, err := fs2.Load(ctxBG)
	if err != nil || got.AccessToken != testToken(1).AccessToken {
		t.Errorf("Load after the crash = %v, %v; want the old token", got, err)
	}
	// The stray half-written temp file does not disturb later saves.
	if err := fs2.Save(ctxBG, testToken(3)); err != nil {
		t.Fatal(err)
	}
	if got, _ := fs2.Load(ctxBG); got.AccessToken != testToken(3).AccessToken {
		t.Errorf("after the next save: %q", got.AccessToken)
	}
}

func TestFileStoreRefusesFilesItCannotRead(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		is            error
		say           string
	}{
		{"corrupt", `{"format":"anypoint-go-token","version":1,"token":{"access_token":"SECRET-TOKEN-VALUE"`, ErrStoreCorrupt, "syntax error"},
		{"empty", ``, ErrStoreCorrupt, "empty"},
		{"no token", `{"format":"anypoint-go-token","version":1}`, ErrStoreCorrupt, "no token"},
		{"bad token", `{"format":"anypoint-go-token","version":1,"token":{"access_token":"SECRET-TOKEN-VALUE","expiry":"SECRET-TOKEN-VALUE"}}`, ErrStoreCorrupt, "not a valid token"},
		{"foreign JSON", `{"access_token":"SECRET-TOKEN-VALUE","refresh_token":"x"}`, ErrStoreForeign, "format marker"},
		{"other format", `{"format":"gcloud","version":1,"token":{"access_token":"SECRET-TOKEN-VALUE"}}`, ErrStoreForeign, "format marker"},
		{"newer version", `{"format":"anypoint-go-token","version":2,"token":{"access_token":"SECRET-TOKEN-VALUE"}}`, ErrStoreForeign, "version 2"},
		{"array", `["SECRET-TOKEN-VALUE"]`, ErrStoreForeign, "not a JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "token.json")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			fs := NewFileStore(path)
			_, err := fs.Load(ctxBG)
			var se *StoreError
			if !errors.As(err, &se) || se.Path != path || se.Op != "load" || !errors.Is(err, tc.is) {
				t.Fatalf("Load err = %v; want *StoreError matching %v", err, tc.is)
			}
			msg := err.Error()
			if strings.Contains(msg, "SECRET-TOKEN-VALUE") || !strings.Contains(msg, tc.say) || !strings.Contains(msg, path) || !strings.Contains(msg, "delete it") {
				t.Errorf("message %q: want the path, %q, advice, and no file contents", msg, tc.say)
			}
			if err := fs.Save(ctxBG, testToken(1)); !errors.Is(err, tc.is) {
				t.Errorf("Save over it: err = %v; want a refusal", err)
			}
			if err := fs.Clear(ctxBG); !errors.Is(err, tc.is) {
				t.Errorf("Clear of it: err = %v; want a refusal", err)
			}
			if b, _ := os.ReadFile(path); string(b) != tc.content {
				t.Error("the file was changed")
			}
		})
	}
}

func TestFileStoreRefusesAnInsecureFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	path := filepath.Join(t.TempDir(), "token.json")
	fs := NewFileStore(path)
	if err := fs.Save(ctxBG, testToken(1)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := fs.Load(ctxBG)
	if !errors.Is(err, ErrStoreInsecure) || !strings.Contains(err.Error(), "0644") {
		t.Fatalf("Load err = %v; want ErrStoreInsecure naming the mode", err)
	}
	// A new save makes it private again.
	if err := fs.Save(ctxBG, testToken(2)); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after save %o", fi.Mode().Perm())
	}
}

func TestFileStoreIsSafeForConcurrentUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 50 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs <- NewFileStore(path).Save(ctxBG, testToken(i)) // separate FileStores of one path
		}()
		go func() {
			defer wg.Done()
			_, err := NewFileStore(path).Load(ctxBG)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if tok, err := NewFileStore(path).Load(ctxBG); err != nil || tok == nil {
		t.Errorf("final Load = %v, %v", tok, err)
	}
}

func TestFileStoreNeverPrintsTheToken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	fs := NewFileStore(path)
	_ = fs.Save(ctxBG, testToken(1))
	_, _ = fs.Load(ctxBG)
	out := fmt.Sprintf("%v %+v %#v %s", fs, fs, fs, fs)
	if strings.Contains(out, "SECRET") || !strings.Contains(out, "token.json") {
		t.Errorf("printed %q", out)
	}
}

// Save(nil) is an error that leaves the file alone: a nil token is a
// caller's mistake far more often than a wish to sign out, which is Clear.
func TestFileStoreSaveNilIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	s := NewFileStore(path)
	err := s.Save(ctxBG, nil)
	var se *StoreError
	if !errors.As(err, &se) || se.Op != "save" || !errors.Is(err, ErrStoreNilToken) || !strings.Contains(err.Error(), "Clear") {
		t.Fatalf("Save(nil) on no file: err = %v; want a *StoreError matching ErrStoreNilToken that points at Clear", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Save(nil) created the file (stat: %v)", err)
	}
	if err := s.Save(ctxBG, testToken(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctxBG, nil); !errors.Is(err, ErrStoreNilToken) {
		t.Errorf("Save(nil) over a token: err = %v; want ErrStoreNilToken", err)
	}
	tok, err := s.Load(ctxBG)
	if err != nil || tok == nil || tok.RefreshToken != testToken(1).RefreshToken {
		t.Errorf("after Save(nil) the store holds %v (err %v); want the earlier token", tok != nil, err)
	}
}

// A file that is not one of ours is never replaced or removed, whatever
// its mode: the content is judged before the permissions.
func TestForeignFileIsLeftAloneWhateverItsMode(t *testing.T) {
	for _, mode := range []os.FileMode{0o644, 0o600, 0o666} {
		path := filepath.Join(t.TempDir(), "prefs")
		const content = "user_pref=1\n"
		if err := os.WriteFile(path, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		st := NewFileStore(path)
		if err := st.Save(context.Background(), testToken(1)); !errors.Is(err, ErrStoreCorrupt) && !errors.Is(err, ErrStoreForeign) {
			t.Errorf("mode %04o: Save = %v, want a refusal", mode, err)
		}
		if err := st.Clear(context.Background()); err == nil {
			t.Errorf("mode %04o: Clear accepted a foreign file", mode)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != content {
			t.Errorf("mode %04o: the foreign file now holds %q (err %v)", mode, got, err)
		}
	}
	// One of ours with a loose mode is still replaced by a private one.
	path := filepath.Join(t.TempDir(), "token.json")
	st := NewFileStore(path)
	if err := st.Save(context.Background(), testToken(1)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(context.Background(), testToken(2)); err != nil {
		t.Fatalf("Save over our own 0644 file: %v", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after Save: %v (err %v), want 0600", fi.Mode().Perm(), err)
	}
}
