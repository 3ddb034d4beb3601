package connectedapps

import (
	"context"
	"sync"

	"golang.org/x/oauth2"
)

// Store keeps a token source's latest token, so that a user's grant
// survives a restart. The token source calls Load once, before its first
// token request, when it was created without a token; and Save after every
// new token, which keeps the newest refresh token when the platform rotates
// them. Implementations must be safe for concurrent use.
type Store interface {
	// Load returns the stored token, or nil and no error when there is none.
	Load(ctx context.Context) (*oauth2.Token, error)
	// Save replaces the stored token.
	Save(ctx context.Context, tok *oauth2.Token) error
	// Clear removes the stored token (after the grant is revoked).
	Clear(ctx context.Context) error
}

// MemoryStore keeps the token in memory: it survives a token source being
// replaced, not the program. The zero value is ready to use.
type MemoryStore struct {
	mu  sync.Mutex
	tok *oauth2.Token

	rotMu sync.Mutex
	rot   chan struct{} // the rotation lock (Lock), made on first use
}

// Load returns the stored token, or nil.
func (m *MemoryStore) Load(context.Context) (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return cloneToken(m.tok), nil
}

// Save replaces the stored token. A nil token is an error (ErrStoreNilToken),
// as for FileStore: use Clear to remove the token.
func (m *MemoryStore) Save(_ context.Context, tok *oauth2.Token) error {
	if tok == nil {
		return ErrStoreNilToken
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tok = cloneToken(tok)
	return nil
}

// Clear removes the stored token.
func (m *MemoryStore) Clear(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tok = nil
	return nil
}

// String never shows the token.
func (m *MemoryStore) String() string { return "connectedapps.MemoryStore" }
