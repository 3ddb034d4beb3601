package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/redis/go-redis/v9"
	"golang.org/x/oauth2"
)

// Defaults of Options.
const (
	// DefaultPrefix begins every key the store writes.
	DefaultPrefix = "anypoint"
	// DefaultTTL is how long a token is kept after its last save: as long
	// as the platform's refresh tokens live (90 days). A grant nobody used
	// for that long cannot be refreshed anyway.
	DefaultTTL = 90 * 24 * time.Hour
	// DefaultLease is how long the lock stays held when its holder stops
	// renewing it (the holder died, or lost Redis): the longest a dead
	// replica blocks the others.
	DefaultLease = 15 * time.Second
	// DefaultTimeout bounds each Redis command, so that a slow Redis is an
	// error rather than a hang.
	DefaultTimeout = 2 * time.Second
)

// lockPoll is how often a lock held elsewhere is tried again.
const lockPoll = 20 * time.Millisecond

var (
	// ErrStale is what a save matches (errors.Is) when a newer token is
	// already stored: one saved under a later lock than the one this store
	// held (its lease ran out meanwhile and another replica took the lock),
	// or saved without a lock after this lock was taken. The newer token
	// stays; the token source that tried to save keeps using its token in
	// memory and logs the refusal.
	ErrStale = errors.New("a newer token is stored (saved under a later lock)")
	// ErrCorrupt is what a load matches when the stored value is not a
	// token of this package (a key another program wrote, say).
	ErrCorrupt = errors.New("the stored value is not a token of this package")
	// ErrInvalidKey is what New returns when the client ID or the user is
	// empty.
	ErrInvalidKey = errors.New("redisstore: the client ID and the user must not be empty")
)

// Error is a failed Redis operation of a Store: Redis is down, slow (the
// command timed out), refused the command, or held something unexpected.
// It names the operation and the key, never the token, and says what the
// replicas do meanwhile. It unwraps to the cause: ErrStale, ErrCorrupt,
// context.DeadlineExceeded, or the error of go-redis.
type Error struct {
	// Op is what failed: "load", "save", "clear", "lock" or "unlock".
	Op string
	// Key is the Redis key of the token.
	Key string
	// Err is the cause.
	Err error
}

// Error names the operation, the key and the cause.
func (e *Error) Error() string {
	msg := fmt.Sprintf("redisstore: %s %s: %v", e.Op, e.Key, e.Err)
	switch {
	case errors.Is(e.Err, ErrStale), errors.Is(e.Err, ErrCorrupt), errors.Is(e.Err, connectedapps.ErrStoreNilToken):
	default:
		msg += " (Redis is unreachable or slow: the current access token stays in use, and no refresh token is spent until Redis answers)"
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Options tune a Store. The zero value uses the defaults.
type Options struct {
	// Prefix begins every key (DefaultPrefix when empty). Keys are
	// Prefix:{clientID:user}:token and Prefix:{clientID:user}:lock; the
	// braces keep both in one slot of a Redis Cluster.
	Prefix string
	// TTL is how long a token is kept after its last save (DefaultTTL when
	// zero).
	TTL time.Duration
	// Lease is how long the lock outlives a holder that stopped renewing it
	// (DefaultLease when zero). A live holder renews it every third of the
	// lease for as long as it holds it.
	Lease time.Duration
	// Timeout bounds every Redis command (DefaultTimeout when zero).
	Timeout time.Duration
	// Logger receives a Warn when a held lock could not be renewed or
	// released (slog.Default() when nil).
	Logger *slog.Logger
}

// Store keeps one user's token of one connected app in Redis, for every
// replica of a service, and locks it while a refresh token is rotated. It
// implements connectedapps.Store and connectedapps.Locker; pass it to
// connectedapps.WithStore. It is safe for concurrent use.
type Store struct {
	rdb      redis.UniversalClient
	tokenKey string
	lockKey  string
	ttl      time.Duration
	lease    time.Duration
	timeout  time.Duration
	logger   *slog.Logger

	sem chan struct{} // one holder of the lock in the process, per Store

	mu    sync.Mutex
	fence int64 // the fencing token of the lock this Store holds, 0 when none
}

var (
	_ connectedapps.Store  = (*Store)(nil)
	_ connectedapps.Locker = (*Store)(nil)
)

// New returns the store of user's token of the connected app clientID, in
// the Redis that rdb talks to (a *redis.Client, *redis.ClusterClient or
// *redis.Ring). user is whatever names the user in your service (the
// Anypoint username, or your own account ID); an empty clientID or user is
// ErrInvalidKey. New sends no command.
func New(rdb redis.UniversalClient, clientID, user string, opts Options) (*Store, error) {
	if clientID == "" || user == "" {
		return nil, ErrInvalidKey
	}
	if rdb == nil {
		return nil, errors.New("redisstore: nil Redis client")
	}
	prefix := opts.Prefix
	if prefix == "" {
		prefix = DefaultPrefix
	}
	base := prefix + ":{" + escape(clientID) + ":" + escape(user) + "}"
	s := &Store{
		rdb:      rdb,
		tokenKey: base + ":token",
		lockKey:  base + ":lock",
		ttl:      orDefault(opts.TTL, DefaultTTL),
		lease:    orDefault(opts.Lease, DefaultLease),
		timeout:  orDefault(opts.Timeout, DefaultTimeout),
		logger:   opts.Logger,
		sem:      make(chan struct{}, 1),
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	return s, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// escape keeps a client ID or user from closing the hash tag or running
// into the other part: "a:b"+"c" and "a"+"b:c" get different keys.
var escaper = strings.NewReplacer("%", "%25", ":", "%3A", "{", "%7B", "}", "%7D")

func escape(s string) string { return escaper.Replace(s) }

// Key returns the Redis key of the token (a hash), for operators.
func (s *Store) Key() string { return s.tokenKey }

// String names the key, never the token.
func (s *Store) String() string { return "redisstore.Store{" + s.tokenKey + "}" }

// storedToken is the token as the hash's "token" field holds it.
type storedToken struct {
	Format       string    `json:"format"`
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	ExpiresIn    int64     `json:"expires_in,omitempty"`
	Scope        string    `json:"scope,omitempty"`
}

const tokenFormat = "anypoint-go-token/1"

func (s *Store) fail(op string, err error) error { return &Error{Op: op, Key: s.tokenKey, Err: err} }

// bounded runs one Redis command within Options.Timeout. go-redis honours
// a context's deadline only with ContextTimeoutEnabled, which a caller's
// client may not set: the command then runs on, up to the client's own read
// timeout, in a goroutine nobody waits for, and the caller gets its error at
// once.
func bounded[T any](ctx context.Context, s *Store, run func(context.Context) (T, error)) (T, error) {
	cctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := run(cctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-cctx.Done():
		var zero T
		return zero, cctx.Err()
	}
}

// Load returns the stored token, or nil when there is none.
func (s *Store) Load(ctx context.Context) (*oauth2.Token, error) {
	raw, err := bounded(ctx, s, func(ctx context.Context) ([]byte, error) {
		return s.rdb.HGet(ctx, s.tokenKey, "token").Bytes()
	})
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, s.fail("load", err)
	}
	var st storedToken
	if err := json.Unmarshal(raw, &st); err != nil || st.Format != tokenFormat || (st.AccessToken == "" && st.RefreshToken == "") {
		return nil, s.fail("load", ErrCorrupt)
	}
	tok := &oauth2.Token{AccessToken: st.AccessToken, TokenType: st.TokenType, RefreshToken: st.RefreshToken, Expiry: st.Expiry, ExpiresIn: st.ExpiresIn}
	if st.Scope != "" {
		tok = tok.WithExtra(map[string]any{"scope": st.Scope})
	}
	return tok, nil
}

// saveScript writes the token unless a newer one is stored. The hash holds
// the token, the fence it was written under, and seq, the last fence
// handed out. A save under a lock carries that lock's fence; one without
// (ARGV[2] = 0: a new sign-in, a client-credentials token) takes a new
// fence, which makes every lock taken before it stale.
var saveScript = redis.NewScript(`
local f = tonumber(ARGV[2])
if f == 0 then f = redis.call('HINCRBY', KEYS[1], 'seq', 1) end
local stored = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
if f < stored then return 0 end
redis.call('HSET', KEYS[1], 'token', ARGV[1], 'fence', f)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return f
`)

// Save stores tok. While this Store holds the lock, the save is fenced: it
// is refused with ErrStale when a token saved under a later lock (or
// without one, after this lock was taken) is already there, so a replica
// whose lease ran out mid-refresh cannot overwrite a newer token. It is
// not refused merely because the lease ran out: when the late replica's
// refresh won the race at the platform, its token is the only live one,
// and the replica that took the lock over finds it there.
func (s *Store) Save(ctx context.Context, tok *oauth2.Token) error {
	if tok == nil {
		return s.fail("save", connectedapps.ErrStoreNilToken)
	}
	st := storedToken{Format: tokenFormat, AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry, ExpiresIn: tok.ExpiresIn}
	if sc, ok := tok.Extra("scope").(string); ok {
		st.Scope = sc
	}
	raw, err := json.Marshal(st)
	if err != nil {
		return s.fail("save", err)
	}
	s.mu.Lock()
	fence := s.fence
	s.mu.Unlock()
	n, err := bounded(ctx, s, func(ctx context.Context) (int64, error) {
		return saveScript.Run(ctx, s.rdb, []string{s.tokenKey}, raw, fence, s.ttl.Milliseconds()).Int64()
	})
	if err != nil {
		return s.fail("save", err)
	}
	if n == 0 {
		return s.fail("save", ErrStale)
	}
	return nil
}

// clearScript removes the token and takes a new fence, so that no holder
// of an earlier lock can write the revoked grant's token back.
var clearScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local f = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'fence', f)
redis.call('HDEL', KEYS[1], 'token')
return f
`)

// Clear removes the stored token (after the grant is revoked).
func (s *Store) Clear(ctx context.Context) error {
	_, err := bounded(ctx, s, func(ctx context.Context) (int64, error) {
		return clearScript.Run(ctx, s.rdb, []string{s.tokenKey}).Int64()
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return s.fail("clear", err)
	}
	return nil
}

// lockScript takes the lock when it is free: it hands out the next fence
// (kept in the token's hash, so it survives the lock's expiry) and stores
// owner:fence with the lease as expiry. It answers the fence, or 0 when
// another owner holds the lock.
var lockScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local f = redis.call('HINCRBY', KEYS[1], 'seq', 1)
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
redis.call('SET', KEYS[2], ARGV[1] .. ':' .. f, 'PX', ARGV[2])
return f
`)

// renewScript extends the lease of a lock that is still the caller's.
var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`)

// unlockScript frees the lock only when it is still the caller's: a holder
// whose lease ran out never frees the lock another replica took since.
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// Lock takes the lock of the token for a refresh-token rotation, across
// every replica that shares the Redis, and within the process for every
// user of this Store. It waits while another holder has it, until ctx
// ends; an error from Redis ends the wait at once (*Error). The lock has
// an owner (a random value) and a lease (Options.Lease), which the holder
// renews in the background until it calls the returned function; a holder
// that dies blocks the others for one lease at most.
func (s *Store) Lock(ctx context.Context) (func(), error) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	owner, err := newOwner()
	if err != nil {
		<-s.sem
		return nil, s.fail("lock", err)
	}
	var fence int64
	for {
		fence, err = bounded(ctx, s, func(ctx context.Context) (int64, error) {
			return lockScript.Run(ctx, s.rdb, []string{s.tokenKey, s.lockKey}, owner, s.lease.Milliseconds(), s.ttl.Milliseconds()).Int64()
		})
		if err != nil {
			<-s.sem
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, s.fail("lock", err)
		}
		if fence > 0 {
			break
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-s.sem
			return nil, ctx.Err()
		}
	}
	value := fmt.Sprintf("%s:%d", owner, fence)
	s.mu.Lock()
	s.fence = fence
	s.mu.Unlock()

	stop := make(chan struct{})
	renewed := make(chan struct{})
	go s.renew(value, stop, renewed)

	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-renewed
			s.mu.Lock()
			s.fence = 0
			s.mu.Unlock()
			if _, err := bounded(context.Background(), s, func(ctx context.Context) (int64, error) {
				return unlockScript.Run(ctx, s.rdb, []string{s.lockKey}, value).Int64()
			}); err != nil {
				s.logger.Warn("redisstore: could not release the lock; it ends with its lease", slog.String("key", s.lockKey), slog.String("error", err.Error()))
			}
			<-s.sem
		})
	}, nil
}

// renew extends the lease every third of it until stop is closed or the
// lock is found to be another's.
func (s *Store) renew(value string, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(s.lease / 3)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		n, err := bounded(context.Background(), s, func(ctx context.Context) (int64, error) {
			return renewScript.Run(ctx, s.rdb, []string{s.lockKey}, value, s.lease.Milliseconds()).Int64()
		})
		switch {
		case err != nil:
			s.logger.Warn("redisstore: could not renew the lock's lease; trying again", slog.String("key", s.lockKey), slog.String("error", err.Error()))
		case n == 0:
			s.logger.Warn("redisstore: the lock's lease ran out and another replica may hold it; this replica's save is fenced", slog.String("key", s.lockKey))
			return
		}
	}
}

func newOwner() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// GoString is String, so %#v shows no token and no Redis password either.
func (s *Store) GoString() string { return s.String() }
