package connectedapps

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/auth"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"
)

// DefaultAssumedLifetime is how long a token is taken to live when the token
// endpoint does not say (the client-credentials answer has no expires_in).
// Anypoint ends a token with the session it belongs to, and an organization's
// session timeout is 60 minutes by default but can be set as low as 15: so 15
// minutes is the longest lifetime that is safe for every organization. A
// token refresh every quarter hour costs nothing; assuming too long would
// make calls fail once the token dies (the client then recovers with one
// replay, see package anypoint, "How a 401 is told apart").
const DefaultAssumedLifetime = 15 * time.Minute

// mintTimeout bounds one token request made on behalf of many callers: it
// runs detached from any single caller's context, so that one caller giving
// up does not fail the others.
const mintTimeout = 2 * time.Minute

// grant obtains a new token. current is the token source's latest token
// (nil at first); a refresh grant reads its refresh token.
type grant interface {
	mint(ctx context.Context, e *oauthEndpoint, current *oauth2.Token, now func() time.Time) (*minted, error)
	requestedScopes() []scopes.Scope
	// canMint reports whether the grant could obtain a token after current
	// (a user's sign-in can be renewed only with a refresh token).
	canMint(current *oauth2.Token) bool
	// refreshes reports whether the grant renews current with its refresh
	// token: a refused one may have been rotated meanwhile by another
	// program sharing the store, which then holds the live one.
	refreshes(current *oauth2.Token) bool
	// spent reports whether err, the answer to the request the grant made
	// after current, means that asking again cannot help (a refresh token
	// that expired or was revoked, a password that is refused): the source
	// then keeps answering that error.
	spent(current *oauth2.Token, err error) bool
}

// TokenSource gives the access tokens of one connected app credential, for
// every grant type. It is what ClientCredentials.TokenSource,
// AuthorizationCode.TokenSource, AuthorizationCode.Login,
// Password.TokenSource and JWTBearer.TokenSource return, and it implements
// oauth2.TokenSource and the optional interfaces of package anypoint that a
// Client looks for.
//
// A TokenSource is safe for concurrent use. Callers read the current token
// under a read lock; when it nears its end one goroutine refreshes it in the
// background while the others keep using the old one, and when a token is
// missing or dead exactly one token request is made for any number of
// waiting callers. Tokens whose lifetime the server does not state are
// assumed to live DefaultAssumedLifetime (or the credential's
// AssumedLifetime). With a Store, every new token is saved, and a source
// created without a token starts from the stored one.
type TokenSource struct {
	grant       grant
	ep          oauthEndpoint
	store       Store
	now         func() time.Time
	onSaveError func(error)

	flight singleflight.Group
	// waitMu guards the callers waiting for a caller-bound token request,
	// and how to cancel it once they have all given up.
	waitMu       sync.Mutex
	waiters      int
	cancelFlight context.CancelFunc

	mu       sync.RWMutex
	tok      *oauth2.Token // the current token; its AccessToken is "" once invalidated
	mintedAt time.Time     // when tok was obtained; zero for a given or stored token
	lifetime time.Duration
	granted  []scopes.Scope
	loaded   bool  // the store has been read
	dead     error // a refresh token the server refused: nothing more to try
	// refreshFailed is when the last background refresh failed: the next
	// one waits refreshBackoff, so that a token endpoint that refuses (a
	// rotated secret) or is down is not asked again on every call.
	refreshFailed time.Time
}

// assumedLifetime is a credential's AssumedLifetime, or the default when it
// set none.
func assumedLifetime(d time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return DefaultAssumedLifetime
}

// refreshBackoff spaces out failing background refreshes. Callers that
// have no usable token left still ask at once.
const refreshBackoff = 30 * time.Second

// Option configures a TokenSource. Every Option is also a LoginOption, so
// AuthorizationCode.Login takes them for the source it returns.
type Option func(*options)

type options struct {
	store       Store
	now         func() time.Time
	logger      *slog.Logger
	onSaveError func(error)
}

// applyLogin makes every Option a LoginOption.
func (o Option) applyLogin(l *loginConfig) { l.source = append(l.source, o) }

// WithStore makes the token source save every new token to st, and start
// from the token in st when it was given none. With a FileStore, a user's
// session survives restarts: refresh tokens rotate, and the newest one is
// always on disk.
//
// A save that fails is never silent: the token source logs it at Warn and
// calls the function given with OnSaveError; AuthorizationCode.TokenSource
// and Login return the error of the first save.
func WithStore(st Store) Option {
	return func(o *options) { o.store = st }
}

// OnSaveError makes the token source call f, from the goroutine that
// obtained the token, whenever the store refuses a new token. The token is
// still used, but the store keeps an older one: after a refresh-token
// rotation, the next start of the program would have to sign in again. A
// program can warn its user, or stop, from f. f must not block for long.
func OnSaveError(f func(error)) Option {
	return func(o *options) { o.onSaveError = f }
}

// WithLogger sets where the token source logs: each token request at
// Debug, a failed background refresh or a failed save at Warn. Without it
// the source logs where its credential's Config says (anypoint.WithLogger),
// which is nowhere by default.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// withClock replaces time.Now, for tests.
func withClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

func collect(opts []Option) options {
	o := options{now: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

func newTokenSource(g grant, ep oauthEndpoint, initial *oauth2.Token, o options) *TokenSource {
	if o.logger != nil {
		ep.logger = o.logger
	}
	ts := &TokenSource{grant: g, ep: ep, store: o.store, now: o.now, onSaveError: o.onSaveError}
	if initial != nil {
		ts.tok = cloneToken(initial)
		ts.loaded = true // a given token wins over the store
		if !initial.Expiry.IsZero() {
			ts.lifetime = initial.Expiry.Sub(ts.now())
		}
	}
	if ts.store == nil {
		ts.loaded = true
	}
	return ts
}

// Token returns a valid access token, minting one when needed. It is
// TokenContext with context.Background(); prefer TokenContext.
func (ts *TokenSource) Token() (*oauth2.Token, error) {
	return ts.TokenContext(context.Background())
}

// TokenContext returns a valid access token. It returns at once while the
// current token is good; it waits for a token request only when there is no
// usable token, and then gives up when ctx ends (the request itself goes on
// for the other callers waiting on it).
func (ts *TokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	ts.mu.RLock()
	tok, state := ts.tok, ts.stateLocked()
	dead := ts.dead
	backingOff := !ts.refreshFailed.IsZero() && ts.now().Sub(ts.refreshFailed) < refreshBackoff
	ts.mu.RUnlock()
	switch {
	case state == tokenGood:
		return cloneToken(tok), nil
	case state == tokenAging:
		if !backingOff {
			ts.refreshInBackground()
		}
		return cloneToken(tok), nil
	case dead != nil:
		return nil, dead
	}
	return ts.mintShared(ctx)
}

type tokenState int

const (
	tokenMissing tokenState = iota // none, invalidated, or too close to its end to use
	tokenAging                     // usable, but a new one should be fetched now
	tokenGood
)

// stateLocked classifies the current token. A token is no longer handed out
// shortly before its end (a tenth of its lifetime, at most 10 s), which
// leaves room for clock skew and the request's own travel time; it is
// refreshed in the background a third of its lifetime (at most 5 minutes)
// before that cutoff, so that the token request has that whole lead to
// answer before any caller has to wait for it.
func (ts *TokenSource) stateLocked() tokenState {
	if ts.tok == nil || ts.tok.AccessToken == "" || !ts.loaded {
		return tokenMissing
	}
	if ts.tok.Expiry.IsZero() {
		// A token given without an expiry: use it until the platform
		// rejects it (the client then invalidates it).
		return tokenGood
	}
	left := ts.tok.Expiry.Sub(ts.now())
	lifetime := ts.lifetime
	if lifetime <= 0 {
		lifetime = DefaultAssumedLifetime
	}
	cutoff := min(lifetime/10, 10*time.Second)
	switch {
	case left <= cutoff:
		return tokenMissing
	case left <= cutoff+min(lifetime/3, 5*time.Minute):
		return tokenAging
	}
	return tokenGood
}

// mintShared makes one token request for all callers that need one now.
// The request runs on its own clock (mintTimeout), so that one caller
// giving up does not fail the others; once every caller waiting for it has
// given up, it is cancelled, so that nothing keeps running for nobody.
func (ts *TokenSource) mintShared(ctx context.Context) (*oauth2.Token, error) {
	for {
		ts.join()
		ch := ts.flight.DoChan("token", func() (any, error) {
			mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), mintTimeout)
			defer cancel()
			if !ts.bindFlight(cancel) {
				return nil, context.Canceled // every caller left before it began
			}
			defer ts.bindFlight(nil)
			return ts.mint(mctx)
		})
		select {
		case r := <-ch:
			ts.leave(false)
			if r.Err != nil {
				if ctx.Err() == nil && errors.Is(r.Err, context.Canceled) {
					// A request the other callers abandoned just as this
					// one joined it: this caller is still here, so ask
					// again.
					continue
				}
				return nil, r.Err
			}
			return cloneToken(r.Val.(*oauth2.Token)), nil
		case <-ctx.Done():
			ts.leave(true)
			return nil, ctx.Err()
		}
	}
}

// join counts a caller waiting for the token request.
func (ts *TokenSource) join() {
	ts.waitMu.Lock()
	ts.waiters++
	ts.waitMu.Unlock()
}

// leave uncounts a caller; the last one to give up cancels the request.
func (ts *TokenSource) leave(gaveUp bool) {
	ts.waitMu.Lock()
	defer ts.waitMu.Unlock()
	ts.waiters--
	if gaveUp && ts.waiters == 0 && ts.cancelFlight != nil {
		ts.cancelFlight()
		ts.cancelFlight = nil
	}
}

// bindFlight records how to cancel the caller-bound token request in
// flight (nil when it ends). It reports false when no caller is waiting any
// more, so that a request nobody waits for is not begun.
func (ts *TokenSource) bindFlight(cancel context.CancelFunc) bool {
	ts.waitMu.Lock()
	defer ts.waitMu.Unlock()
	if cancel != nil && ts.waiters == 0 {
		return false
	}
	ts.cancelFlight = cancel
	return true
}

// refreshInBackground starts a token request unless one is in flight; the
// current token stays in use meanwhile.
func (ts *TokenSource) refreshInBackground() {
	ts.flight.DoChan("token", func() (any, error) {
		ctx, cancel := context.WithTimeout(context.Background(), mintTimeout)
		defer cancel()
		tok, err := ts.mint(ctx)
		ts.mu.Lock()
		ts.refreshFailed = time.Time{}
		if err != nil {
			ts.refreshFailed = ts.now()
		}
		ts.mu.Unlock()
		if err != nil {
			ts.logger().LogAttrs(ctx, slog.LevelWarn, "anypoint: refreshing a token ahead of its expiry failed; the current token stays in use", slog.String("error", err.Error()))
		}
		return tok, err
	})
}

// mint is the single place a TokenSource obtains a token: from the store
// on first use, else from the token endpoint.
func (ts *TokenSource) mint(ctx context.Context) (*oauth2.Token, error) {
	if err := ts.loadStore(ctx); err != nil {
		return nil, err
	}
	ts.mu.RLock()
	state, current, dead := ts.stateLocked(), cloneToken(ts.tok), ts.dead
	ep := ts.ep
	ts.mu.RUnlock()
	if state == tokenGood {
		return current, nil // another flight, or the store, had one
	}
	if dead != nil {
		return nil, dead
	}
	if locker, ok := ts.store.(Locker); ok && current != nil && current.RefreshToken != "" {
		// Rotating a refresh token shared through the store: one source
		// (or program) at a time, and each first looks whether another
		// already rotated it.
		unlock, err := locker.Lock(ctx)
		if err != nil {
			return nil, err
		}
		defer unlock()
		stored, lerr := ts.store.Load(ctx)
		if storeDown(lerr) {
			// The store is locked but cannot be read (a database that
			// went down meanwhile): it may hold a newer refresh token
			// than current, which another program already spent. Spend
			// nothing; the grant stays as it is for the next call.
			return nil, lerr
		}
		if lerr == nil && stored != nil && stored.RefreshToken != "" && stored.RefreshToken != current.RefreshToken {
			current = cloneToken(stored)
			if ts.adopt(current) {
				return cloneToken(current), nil
			}
		}
	}
	m, err := ts.grant.mint(ctx, &ep, current, ts.now)
	var recheckErr error // the store's error when it could not be read again
	if err != nil && errors.Is(err, anypoint.ErrInvalidGrant) && ts.store != nil && ts.grant.refreshes(current) {
		// Another program (or source) sharing the store may have rotated
		// the refresh token: the stored one is then the live one. A store
		// without a lock may not hold it yet: look a few times, briefly,
		// before telling anyone to sign in again.
		for try := 0; try < storeRecheckTries; try++ {
			stored, lerr := ts.store.Load(ctx)
			recheckErr = nil
			if storeDown(lerr) {
				recheckErr = lerr
			}
			if lerr == nil && stored != nil && stored.RefreshToken != "" && stored.RefreshToken != current.RefreshToken {
				current = cloneToken(stored)
				if ts.adopt(current) {
					return cloneToken(current), nil
				}
				m, err = ts.grant.mint(ctx, &ep, current, ts.now)
				break
			}
			if try+1 < storeRecheckTries && retry.Sleep(ctx, storeRecheckWait) != nil {
				break
			}
		}
	}
	if err != nil {
		if recheckErr != nil {
			// The refused refresh token may have been rotated by another
			// program into a store that cannot be read just now: the
			// grant may well be alive. Say both, and try again next call.
			return nil, errors.Join(err, recheckErr)
		}
		if ts.grant.spent(current, err) {
			// The refresh token is spent (an administrator revoked the
			// grant, or it expired), or the user's password is refused.
			// Asking again cannot help; sending a wrong password again
			// and again could lock the user's account.
			ts.mu.Lock()
			ts.dead = err
			ts.tok = nil
			ts.mu.Unlock()
		}
		return nil, err
	}
	if m.token.RefreshToken == "" && current != nil {
		// A refresh answer may leave the refresh token out: keep the old one.
		m.token.RefreshToken = current.RefreshToken
	}
	ts.mu.Lock()
	// mintedAt is when the token arrived, by the wall clock the client
	// compares it with: a caller that joined this token request after it
	// started still gets a token minted during its call.
	ts.tok, ts.mintedAt, ts.lifetime = m.token, time.Now(), m.lifetime
	if m.scopes != nil {
		ts.granted = m.scopes
	}
	ts.mu.Unlock()
	_ = ts.save(ctx, m.token, ep.logger)
	return cloneToken(m.token), nil
}

// storeDown reports whether err is a store that could not be read, as
// opposed to one that was read and holds nothing usable (a corrupt or
// foreign token file, where no newer token is to be found either).
func storeDown(err error) bool {
	return err != nil && !errors.Is(err, ErrStoreCorrupt) && !errors.Is(err, ErrStoreForeign)
}

// How long a source whose refresh token was refused looks for a newer one
// in the store before it gives up: a few tries, a tenth of a second apart.
const (
	storeRecheckTries = 4
	storeRecheckWait  = 100 * time.Millisecond
)

// adopt takes a token another source sharing the store obtained, when its
// access token is still good: no token request is needed. It reports
// whether it did.
func (ts *TokenSource) adopt(tok *oauth2.Token) bool {
	if tok.AccessToken == "" || tok.Expiry.IsZero() || !tok.Expiry.After(ts.now()) {
		return false
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	prev := ts.tok
	ts.tok, ts.mintedAt = cloneToken(tok), time.Time{}
	if tok.ExpiresIn > 0 {
		ts.lifetime = time.Duration(tok.ExpiresIn) * time.Second
	}
	if ts.stateLocked() == tokenMissing {
		ts.tok = prev
		return false
	}
	return true
}

// save hands tok to the store, if any. A failure is logged and reported
// to OnSaveError's function, and returned.
func (ts *TokenSource) save(ctx context.Context, tok *oauth2.Token, logger *slog.Logger) error {
	if ts.store == nil {
		return nil
	}
	err := ts.store.Save(ctx, tok)
	if err == nil {
		return nil
	}
	logger.LogAttrs(ctx, slog.LevelWarn, "anypoint: could not save the new token; the store keeps an older one", slog.String("error", err.Error()))
	if ts.onSaveError != nil {
		ts.onSaveError(err)
	}
	return err
}

// loadStore reads the store once, before the first token request.
func (ts *TokenSource) loadStore(ctx context.Context) error {
	ts.mu.RLock()
	loaded := ts.loaded
	ts.mu.RUnlock()
	if loaded {
		return nil
	}
	tok, err := ts.store.Load(ctx)
	if err != nil {
		return err
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.loaded = true
	if tok != nil && ts.tok == nil {
		ts.tok = cloneToken(tok)
		if !tok.Expiry.IsZero() && tok.ExpiresIn > 0 {
			ts.lifetime = time.Duration(tok.ExpiresIn) * time.Second
		}
	}
	return nil
}

// Invalidate forgets tok if it is still the current access token, so that
// the next call mints a new one; a refresh token is kept. The client calls
// it when the platform rejects tok with 401.
//
// A token that nothing could replace (a user's sign-in without a refresh
// token) is kept: the 401 may mean the session ended, but it may as well
// mean the token lacks a scope for that one endpoint, and dropping a token
// that still works everywhere else would end the sign-in for nothing. The
// client then reports a plain 401 that says both.
func (ts *TokenSource) Invalidate(tok *oauth2.Token) {
	if tok == nil {
		return
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.tok != nil && ts.tok.AccessToken == tok.AccessToken && ts.grant.canMint(ts.tok) {
		kept := &oauth2.Token{RefreshToken: ts.tok.RefreshToken}
		ts.tok = kept
		ts.mintedAt = time.Time{}
	}
}

// MintedAt returns when tok was obtained from the token endpoint by this
// source, or the zero time for a token it did not mint (given, stored, or
// already replaced).
func (ts *TokenSource) MintedAt(tok *oauth2.Token) time.Time {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	if tok == nil || ts.tok == nil || ts.tok.AccessToken != tok.AccessToken {
		return time.Time{}
	}
	return ts.mintedAt
}

// GrantedScopes returns the scopes the current token holds, as the token
// endpoint stated them, else the scopes the credential asked for; nil when
// neither is known (client credentials: the platform does not say).
func (ts *TokenSource) GrantedScopes() []scopes.Scope {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	if ts.granted != nil {
		return append([]scopes.Scope(nil), ts.granted...)
	}
	if req := ts.grant.requestedScopes(); req != nil {
		return append([]scopes.Scope(nil), req...)
	}
	return nil
}

// logger returns the source's logger, read under the lock.
func (ts *TokenSource) logger() *slog.Logger {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	return ts.ep.logger
}

// BaseURL returns the control plane the source mints its tokens at (its
// credential's Config): anypoint.NewClient refuses a client of another one.
func (ts *TokenSource) BaseURL() *url.URL {
	u := *ts.ep.baseURL
	return &u
}

// String describes the source without its secrets.
func (ts *TokenSource) String() string {
	return fmt.Sprintf("connectedapps.TokenSource{%s}", ts.grant)
}

// GoString is String, so %#v prints no secret either.
func (ts *TokenSource) GoString() string { return ts.String() }

// Format prints String for every verb, so no verb prints a secret.
func (ts *TokenSource) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(ts.String())) }

// LogValue keeps secrets out of slog.
func (ts *TokenSource) LogValue() slog.Value { return slog.StringValue(ts.String()) }

func cloneToken(t *oauth2.Token) *oauth2.Token {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

var (
	_ auth.ContextSource = (*TokenSource)(nil)
	_ auth.ControlPlane  = (*TokenSource)(nil)
	_ auth.Invalidator   = (*TokenSource)(nil)
	_ auth.MintTimer     = (*TokenSource)(nil)
	_ auth.ScopeReporter = (*TokenSource)(nil)
	_ oauth2.TokenSource = (*TokenSource)(nil)
)
