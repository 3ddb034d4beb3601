package connectedapps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// The envelope of a token file. The marker and version let a file that is
// not ours, or is from a later release, be told apart from a token.
const (
	fileFormat  = "anypoint-go-token"
	fileVersion = 1
	// maxTokenFile bounds what Load reads; a token file is under 8 KiB.
	maxTokenFile = 1 << 20
)

var (
	// ErrStoreCorrupt is what a *StoreError matches when the token file is
	// not valid JSON or holds no token (say, a file cut short by a full
	// disk).
	ErrStoreCorrupt = errors.New("the token file is corrupt")
	// ErrStoreForeign is what a *StoreError matches when the file is JSON
	// but not a token file of this SDK, or of a version it does not know.
	ErrStoreForeign = errors.New("the file is not a token file of this SDK")
	// ErrStoreInsecure is what a *StoreError matches when the token file
	// can be read or written by other users (its mode allows group or
	// other access). Its tokens may have been read: revoke them, delete the
	// file and sign in again.
	ErrStoreInsecure = errors.New("the token file can be accessed by other users")
	// ErrStoreNilToken is what a *StoreError matches when FileStore's Save is
	// given a nil token; Clear removes a stored token.
	ErrStoreNilToken = errors.New("nil token (to remove the stored token, call Clear)")
)

// StoreError is a failure of a FileStore. It names the file and never
// quotes its contents, which may hold tokens. It matches ErrStoreCorrupt,
// ErrStoreForeign or ErrStoreInsecure when one of them is the cause, and the
// underlying os error otherwise.
type StoreError struct {
	// Op is what failed: "load", "save" or "clear".
	Op string
	// Path is the token file.
	Path string
	// Err is the cause.
	Err error
}

// Error names the operation, the file and the cause, and says what to do
// about a file it cannot read.
func (e *StoreError) Error() string {
	msg := fmt.Sprintf("anypoint: token store %s %s: %v", e.Op, e.Path, e.Err)
	if errors.Is(e.Err, ErrStoreCorrupt) || errors.Is(e.Err, ErrStoreForeign) {
		if e.Op != "load" {
			msg += "; it is left as it is"
		}
		msg += "; delete it (or choose another path) and sign in again"
	}
	return msg
}

// Unwrap returns the cause.
func (e *StoreError) Unwrap() error { return e.Err }

// FileStore is a Store that keeps the token in a JSON file, so that a
// user's sign-in survives restarts: pass NewFileStore(path) to WithStore. The file is
// created with mode 0600 (its directory 0700) and replaced atomically, so a
// crash leaves either the old token or the new one, never half of either.
//
// Load answers nil when the file does not exist. A file that is corrupt, not
// a token file of this SDK, or readable by other users is an error
// (*StoreError), and Save and Clear leave such a file alone rather than
// destroy what may be someone else's data: delete it by hand.
//
// The store is safe for concurrent use, also by several FileStores of the
// same path in one program. Separate programs sharing one file each see
// whole files, and the last save wins.
type FileStore struct {
	path string
	mu   *sync.Mutex
	// beforeRename runs between writing the temporary file and renaming it
	// over the token file; tests use it to act out a crash.
	beforeRename func() error
}

// NewFileStore returns the FileStore of the token file at path. It touches
// no file: Load, Save and Clear do.
func NewFileStore(path string) *FileStore {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	mu, _ := fileLocks.LoadOrStore(abs, new(sync.Mutex))
	return &FileStore{path: path, mu: mu.(*sync.Mutex)}
}

var _ Store = (*FileStore)(nil)

// Path returns the token file's path.
func (s *FileStore) Path() string { return s.path }

// fileLocks holds a mutex per absolute path, shared by every FileStore of
// that path in the program.
var fileLocks sync.Map

// fileEnvelope is the token file.
type fileEnvelope struct {
	Format  string     `json:"format"`
	Version int        `json:"version"`
	Token   *fileToken `json:"token"`
}

type fileToken struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	ExpiresIn    int64     `json:"expires_in,omitempty"`
	Scope        string    `json:"scope,omitempty"`
}

// Load returns the stored token, or nil when there is no file.
func (s *FileStore) Load(context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, err := s.read()
	if err != nil {
		return nil, &StoreError{Op: "load", Path: s.path, Err: err}
	}
	return tok, nil
}

// read reads the token file; (nil, nil) when it does not exist.
func (s *FileStore) read() (*oauth2.Token, error) {
	// Look before opening: opening a FIFO (or a device) for reading can
	// block until someone writes to it, whatever the caller's context.
	if fi, err := os.Stat(s.path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: not a regular file", ErrStoreForeign)
	}
	f, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: not a regular file", ErrStoreForeign)
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return nil, err
	}
	// The content first: only a file that is one of ours may be judged
	// (and then replaced or removed) for its permissions. A foreign file
	// is never touched, whatever its mode.
	tok, err := decodeTokenFile(raw)
	if err != nil {
		return nil, err
	}
	// Windows has no Unix permission bits to check; its ACLs are the
	// user profile's.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w (mode %04o; want 0600)", ErrStoreInsecure, fi.Mode().Perm())
	}
	return tok, nil
}

// decodeTokenFile parses a token file. Its errors never quote the file.
func decodeTokenFile(raw []byte) (*oauth2.Token, error) {
	if len(raw) > maxTokenFile {
		return nil, fmt.Errorf("%w: larger than 1 MiB", ErrStoreForeign)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrStoreCorrupt)
	}
	// The envelope first, so that a file that is not ours is told apart
	// from a damaged one of ours.
	var env struct {
		Format  json.RawMessage `json:"format"`
		Version json.RawMessage `json:"version"`
		Token   json.RawMessage `json:"token"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("%w: not JSON (syntax error at byte %d)", ErrStoreCorrupt, syn.Offset)
		}
		return nil, fmt.Errorf("%w: not a JSON object", ErrStoreForeign)
	}
	var format string
	if json.Unmarshal(env.Format, &format) != nil || format != fileFormat {
		return nil, fmt.Errorf("%w: no %q format marker", ErrStoreForeign, fileFormat)
	}
	var version int
	if err := json.Unmarshal(env.Version, &version); err != nil {
		return nil, fmt.Errorf("%w: the version is missing or not a number", ErrStoreForeign)
	}
	if version != fileVersion {
		return nil, fmt.Errorf("%w: version %d is not supported (written by a newer release?); this release reads version %d", ErrStoreForeign, version, fileVersion)
	}
	var t *fileToken
	if len(env.Token) > 0 {
		if err := json.Unmarshal(env.Token, &t); err != nil {
			return nil, fmt.Errorf("%w: the token is not a valid token object", ErrStoreCorrupt)
		}
	}
	if t == nil || (t.AccessToken == "" && t.RefreshToken == "") {
		return nil, fmt.Errorf("%w: it holds no token", ErrStoreCorrupt)
	}
	if t.ExpiresIn < 0 {
		return nil, fmt.Errorf("%w: invalid expires_in", ErrStoreCorrupt)
	}
	tok := &oauth2.Token{
		AccessToken:  t.AccessToken,
		TokenType:    t.TokenType,
		RefreshToken: t.RefreshToken,
		Expiry:       t.Expiry,
		ExpiresIn:    t.ExpiresIn,
	}
	if t.Scope != "" {
		tok = tok.WithExtra(map[string]any{"scope": t.Scope})
	}
	return tok, nil
}

// Save replaces the token file: it writes a temporary file next to it (mode
// 0600), flushes it to disk and renames it over the old one. Save refuses to
// replace a file that Load could not read.
//
// A nil token is an error (ErrStoreNilToken), and the file is left as it is: a
// nil token is most likely the result of a call that failed, and taking it
// for "remove" would throw away the user's sign-in (a refresh token good for
// months) without a word. To remove the token, call Clear.
func (s *FileStore) Save(_ context.Context, tok *oauth2.Token) error {
	if tok == nil {
		return &StoreError{Op: "save", Path: s.path, Err: ErrStoreNilToken}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.read(); err != nil && !errors.Is(err, ErrStoreInsecure) {
		// An insecure file of ours is replaced by a private one; anything
		// we cannot read may not be ours to destroy.
		return &StoreError{Op: "save", Path: s.path, Err: err}
	}
	ft := &fileToken{
		AccessToken:  tok.AccessToken,
		TokenType:    tok.TokenType,
		RefreshToken: tok.RefreshToken,
		Expiry:       tok.Expiry,
		ExpiresIn:    tok.ExpiresIn,
	}
	if sc, ok := tok.Extra("scope").(string); ok {
		ft.Scope = sc
	}
	raw, err := json.MarshalIndent(fileEnvelope{Format: fileFormat, Version: fileVersion, Token: ft}, "", "  ")
	if err != nil {
		return &StoreError{Op: "save", Path: s.path, Err: err}
	}
	if err := s.writeAtomic(append(raw, '\n')); err != nil {
		return &StoreError{Op: "save", Path: s.path, Err: err}
	}
	return nil
}

func (s *FileStore) writeAtomic(data []byte) (err error) {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(s.path)+".tmp-*") // mode 0600
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if s.beforeRename != nil {
		if err := s.beforeRename(); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return err
	}
	// Make the rename itself durable. Directories cannot be synced on
	// every system; the file is whole either way.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Clear deletes the token file. A missing file is not an error; a file
// that is not a token file is left alone (an error).
func (s *FileStore) Clear(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.read(); err != nil && !errors.Is(err, ErrStoreInsecure) {
		return &StoreError{Op: "clear", Path: s.path, Err: err}
	}
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &StoreError{Op: "clear", Path: s.path, Err: err}
	}
	return nil
}

// String names the file, never the token.
func (s *FileStore) String() string { return fmt.Sprintf("connectedapps.NewFileStore(%q)", s.path) }

// GoString is String.
func (s *FileStore) GoString() string { return s.String() }
