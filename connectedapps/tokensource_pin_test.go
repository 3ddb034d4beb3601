package connectedapps

import (
	"context"
	"fmt"
	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// rotatingServer is a token endpoint that answers refresh_token grants as
// the platform does: each refresh token works once, and the answer carries
// a new access token (an hour long) and a new refresh token. It counts the
// token requests.
type rotatingServer struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	live     map[string]bool // refresh tokens not yet spent
	n        int
}

func newRotatingServer(t *testing.T, firstRefresh string) *rotatingServer {
	t.Helper()
	s := &rotatingServer{live: map[string]bool{firstRefresh: true}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		s.mu.Lock()
		defer s.mu.Unlock()
		rt := r.PostForm.Get("refresh_token")
		if r.PostForm.Get("grant_type") != "refresh_token" || !s.live[rt] {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_grant","error_description":"refresh token spent"}`))
			return
		}
		delete(s.live, rt)
		s.n++
		next := fmt.Sprintf("RT-%d", s.n)
		s.live[next] = true
		_, _ = fmt.Fprintf(w, `{"access_token":"AT-%d","refresh_token":%q,"token_type":"bearer","expires_in":3600}`, s.n, next)
	}))
	t.Cleanup(s.Close)
	return s
}

// expired is a user's sign-in whose access token has ended.
func expired(refresh string) *oauth2.Token {
	return &oauth2.Token{AccessToken: "AT-0", RefreshToken: refresh, TokenType: "Bearer", Expiry: time.Now().Add(-time.Minute)}
}

func (s *rotatingServer) authCode() AuthorizationCode {
	return AuthorizationCode{ClientID: "app-id", ClientSecret: "cs-value", RedirectURL: "http://127.0.0.1:8765/cb", Config: sdktest.Config(anypoint.WithBaseURL(s.URL))}
}

func newSource(t *testing.T, ac AuthorizationCode, tok *oauth2.Token, opts ...Option) *TokenSource {
	t.Helper()
	ts, err := ac.TokenSource(ctxBG, tok, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// An Invalidate of an old token that arrives after a newer one was minted
// (a slow caller's 401) keeps the newer one: no token request follows.
func TestLateInvalidateKeepsTheNewerToken(t *testing.T) {
	srv := newTokenServer(t)
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
	old, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	ts.Invalidate(old) // the first caller's 401
	var wg sync.WaitGroup
	got := make([]*oauth2.Token, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = ts.Token()
		}()
	}
	wg.Wait()
	newer := got[0]
	if newer == nil || newer.AccessToken == old.AccessToken {
		t.Fatalf("after Invalidate: %v, want a new token", newer)
	}
	for i, tok := range got {
		if tok == nil || tok.AccessToken != newer.AccessToken {
			t.Errorf("caller %d got %v, want %q", i, tok, newer.AccessToken)
		}
	}
	if n := srv.mints.Load(); n != 2 {
		t.Fatalf("%d token requests for 8 callers after one Invalidate, want 2", n)
	}

	ts.Invalidate(old) // a second, slower caller's 401 for the old token
	again, err := ts.Token()
	if err != nil || again.AccessToken != newer.AccessToken {
		t.Errorf("after a late Invalidate of the old token: %v, %v; want the newer %q kept", again, err, newer.AccessToken)
	}
	if n := srv.mints.Load(); n != 2 {
		t.Errorf("%d token requests, want still 2", n)
	}
	ts.Invalidate(again) // the newer token's own 401 does replace it
	if third, err := ts.Token(); err != nil || third.AccessToken == newer.AccessToken || srv.mints.Load() != 3 {
		t.Errorf("after Invalidate of the current token: %v, %v, %d requests; want a third token", third, err, srv.mints.Load())
	}
}

// Two sources share a FileStore (a lock) and both hold a dead access token
// with the same refresh token. The one that comes second finds, under the
// lock, the still-good token the first stored, and takes it: one token
// request in all, and neither source dies.
func TestStillGoodStoredTokenIsAdoptedUnderTheLock(t *testing.T) {
	for round := range 5 {
		srv := newRotatingServer(t, "RT-0")
		path := filepath.Join(t.TempDir(), "token.json")
		a := newSource(t, srv.authCode(), expired("RT-0"), WithStore(NewFileStore(path)))
		b := newSource(t, srv.authCode(), expired("RT-0"), WithStore(NewFileStore(path)))
		var wg sync.WaitGroup
		toks := make([]*oauth2.Token, 2)
		errs := make([]error, 2)
		for i, ts := range []*TokenSource{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				toks[i], errs[i] = ts.TokenContext(ctxBG)
			}()
		}
		wg.Wait()
		for i := range 2 {
			if errs[i] != nil || toks[i].AccessToken != "AT-1" {
				t.Fatalf("round %d, source %d: %v, %v; want AT-1", round, i, toks[i], errs[i])
			}
		}
		if n := srv.requests.Load(); n != 1 {
			t.Fatalf("round %d: %d token requests, want 1: the second source must adopt the stored token", round, n)
		}
		// And the adopted token is the source's own from then on.
		for i, ts := range []*TokenSource{a, b} {
			if tok, err := ts.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-1" || tok.RefreshToken != "RT-1" {
				t.Errorf("round %d, source %d then: %v, %v", round, i, tok, err)
			}
		}
		if n := srv.requests.Load(); n != 1 {
			t.Errorf("round %d: %d token requests after, want 1", round, n)
		}
	}
}

// lockless is a Store without a Locker: two sources sharing it can race
// to spend the same refresh token.
type lockless struct{ m MemoryStore }

func (l *lockless) Load(ctx context.Context) (*oauth2.Token, error)   { return l.m.Load(ctx) }
func (l *lockless) Save(ctx context.Context, tok *oauth2.Token) error { return l.m.Save(ctx, tok) }
func (l *lockless) Clear(ctx context.Context) error                   { return l.m.Clear(ctx) }

// Two sources sharing a store without a lock refresh at once: the platform
// takes the refresh token from one and refuses it (invalid_grant) to the
// other, which then reads the store again and takes the winner's token
// rather than dying. Two token requests, both sources alive.
func TestLocklessStoreSurvivesARotationRace(t *testing.T) {
	for round := range 5 {
		srv := newRotatingServer(t, "RT-0")
		st := &lockless{}
		if _, ok := Store(st).(Locker); ok {
			t.Fatal("the test store must not be a Locker")
		}
		a := newSource(t, srv.authCode(), expired("RT-0"), WithStore(st))
		b := newSource(t, srv.authCode(), expired("RT-0"), WithStore(st))
		var wg sync.WaitGroup
		toks := make([]*oauth2.Token, 2)
		errs := make([]error, 2)
		for i, ts := range []*TokenSource{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				toks[i], errs[i] = ts.TokenContext(ctxBG)
			}()
		}
		wg.Wait()
		for i := range 2 {
			if errs[i] != nil || toks[i].AccessToken != "AT-1" {
				t.Fatalf("round %d, source %d: %v, %v; want AT-1 for both", round, i, toks[i], errs[i])
			}
		}
		if n := srv.requests.Load(); n != 2 {
			t.Fatalf("round %d: %d token requests, want 2 (the winner's, the loser's refused one)", round, n)
		}
		// The loser carries on with the rotated refresh token.
		b.Invalidate(toks[1])
		if tok, err := b.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-2" {
			t.Errorf("round %d: the next refresh = %v, %v; want AT-2", round, tok, err)
		}
	}
}

// The stored token the loser finds may itself be dead already: it then
// refreshes with the stored refresh token (one more request) and lives.
func TestLocklessStoreRaceWithADeadStoredToken(t *testing.T) {
	srv := newRotatingServer(t, "RT-0")
	st := &lockless{}
	b := newSource(t, srv.authCode(), expired("RT-0"), WithStore(st))
	a := newSource(t, srv.authCode(), expired("RT-0"), WithStore(st))
	if tok, err := a.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-1" {
		t.Fatalf("winner = %v, %v", tok, err)
	}
	// The winner's access token is dead by the time the loser looks.
	stored, _ := st.Load(ctxBG)
	stored.Expiry = time.Now().Add(-time.Second)
	_ = st.Save(ctxBG, stored)
	tok, err := b.TokenContext(ctxBG)
	if err != nil || tok.AccessToken != "AT-2" || tok.RefreshToken != "RT-2" {
		t.Fatalf("loser = %v, %v; want AT-2 from the stored refresh token", tok, err)
	}
	if n := srv.requests.Load(); n != 3 {
		t.Errorf("%d token requests, want 3 (winner, loser refused, loser with the stored refresh token)", n)
	}
}

// The refresh-ahead schedule, pinned by its values: a token of lifetime L
// is handed out until L/10 (at most 10s) before its end, and refreshed in
// the background from L/3 (at most 5 minutes) before that.
func TestRefreshAheadCutoffs(t *testing.T) {
	for _, tc := range []struct {
		lifetime      time.Duration // the AssumedLifetime (no expires_in)
		cutoff, ahead time.Duration
	}{
		{DefaultAssumedLifetime, 10 * time.Second, 5 * time.Minute},
		{15 * time.Minute, 10 * time.Second, 5 * time.Minute},
		{time.Minute, 6 * time.Second, 20 * time.Second},
		{3 * time.Hour, 10 * time.Second, 5 * time.Minute},
	} {
		name := fmt.Sprintf("lifetime %v", tc.lifetime)
		if DefaultAssumedLifetime != 15*time.Minute {
			t.Fatalf("DefaultAssumedLifetime = %v; the doc says 15 minutes", DefaultAssumedLifetime)
		}
		fresh := func() (*tokenServer, *fakeClock, *TokenSource, *oauth2.Token) {
			srv := newTokenServer(t)
			clock := &fakeClock{now: time.Now()}
			ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value", Config: sdktest.Config(anypoint.WithBaseURL(srv.URL)), AssumedLifetime: tc.lifetime}.TokenSource(withClock(clock.Now))
			first, err := ts.Token()
			if err != nil {
				t.Fatal(err)
			}
			if want := clock.Now().Add(tc.lifetime); !first.Expiry.Equal(want) {
				t.Fatalf("%s: expiry %v, want %v", name, first.Expiry, want)
			}
			return srv, clock, ts, first
		}

		// Just before the refresh-ahead window: the token, no request.
		srv, clock, ts, first := fresh()
		clock.Advance(tc.lifetime - tc.cutoff - tc.ahead - time.Second)
		if tok, err := ts.Token(); err != nil || tok.AccessToken != first.AccessToken {
			t.Fatalf("%s: before the window: %v, %v", name, tok, err)
		}
		time.Sleep(100 * time.Millisecond) // a wrongly started refresh would arrive
		if n := srv.mints.Load(); n != 1 {
			t.Errorf("%s: %d token requests before the refresh-ahead window, want 1", name, n)
		}
		// At the window's start: still the token, and one background refresh.
		clock.Advance(time.Second)
		if tok, err := ts.Token(); err != nil || tok.AccessToken != first.AccessToken {
			t.Fatalf("%s: in the window: %v, %v; want the current token at once", name, tok, err)
		}
		waitFor(t, func() bool { return srv.mints.Load() == 2 })

		// Just before the cutoff: the token is still handed out.
		srv, clock, ts, first = fresh()
		srv.mu.Lock()
		srv.status, srv.body = http.StatusUnauthorized, `{"error":"invalid_client"}` // no background refresh succeeds
		srv.mu.Unlock()
		clock.Advance(tc.lifetime - tc.cutoff - time.Second)
		if tok, err := ts.Token(); err != nil || tok.AccessToken != first.AccessToken {
			t.Fatalf("%s: a second before the cutoff: %v, %v; want the current token", name, tok, err)
		}
		waitFor(t, func() bool { ts.mu.RLock(); defer ts.mu.RUnlock(); return !ts.refreshFailed.IsZero() })
		// At the cutoff: no longer handed out; the caller waits for a new one.
		srv.mu.Lock()
		srv.status = 0
		srv.mu.Unlock()
		clock.Advance(time.Second)
		if tok, err := ts.Token(); err != nil || tok.AccessToken == first.AccessToken {
			t.Errorf("%s: at the cutoff: %v, %v; want a new token", name, tok, err)
		}
	}
}

// A token handed to a source keeps the lifetime its expiry gives it: a
// one-minute token is refreshed ahead 26s before its end (6s cutoff plus a
// third of a minute), not on the schedule of a 15-minute token.
func TestGivenTokenKeepsItsOwnLifetime(t *testing.T) {
	srv := newRotatingServer(t, "RT-0")
	clock := &fakeClock{now: time.Now()}
	given := &oauth2.Token{AccessToken: "AT-0", RefreshToken: "RT-0", TokenType: "Bearer", Expiry: clock.Now().Add(time.Minute)}
	ts := newSource(t, srv.authCode(), given, withClock(clock.Now))
	clock.Advance(time.Minute - 27*time.Second)
	if tok, err := ts.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-0" {
		t.Fatalf("27s before the end: %v, %v; want the given token", tok, err)
	}
	time.Sleep(100 * time.Millisecond) // a wrongly started refresh would arrive
	if n := srv.requests.Load(); n != 0 {
		t.Fatalf("%d token requests 27s before the end of a one-minute token, want 0", n)
	}
	clock.Advance(time.Second)
	if tok, err := ts.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-0" {
		t.Fatalf("26s before the end: %v, %v; want the given token at once", tok, err)
	}
	waitFor(t, func() bool { return srv.requests.Load() == 1 })
}

// A token handed over without an expiry is used until the platform rejects
// it: no token request before that.
func TestGivenTokenWithoutExpiryIsUsed(t *testing.T) {
	srv := newRotatingServer(t, "RT-0")
	ts := newSource(t, srv.authCode(), &oauth2.Token{AccessToken: "AT-0", RefreshToken: "RT-0", TokenType: "Bearer"})
	for range 3 {
		if tok, err := ts.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-0" {
			t.Fatalf("%v, %v; want the given token", tok, err)
		}
	}
	time.Sleep(50 * time.Millisecond) // a wrongly started refresh would arrive
	if n := srv.requests.Load(); n != 0 {
		t.Fatalf("%d token requests, want 0", n)
	}
	ts.Invalidate(&oauth2.Token{AccessToken: "AT-0"}) // the platform's 401
	if tok, err := ts.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-1" || srv.requests.Load() != 1 {
		t.Errorf("after the 401: %v, %v, %d requests; want AT-1 from one refresh", tok, err, srv.requests.Load())
	}
}

// A stored token keeps the lifetime its expires_in gives it, as a given one
// does; and MintedAt of no token is the zero time.
func TestStoredTokenKeepsItsOwnLifetime(t *testing.T) {
	srv := newRotatingServer(t, "RT-0")
	clock := &fakeClock{now: time.Now()}
	st := &MemoryStore{}
	_ = st.Save(ctxBG, &oauth2.Token{AccessToken: "AT-0", RefreshToken: "RT-0", TokenType: "Bearer", Expiry: clock.Now().Add(time.Minute), ExpiresIn: 60})
	ts := newSource(t, srv.authCode(), nil, WithStore(st), withClock(clock.Now))
	clock.Advance(time.Minute - 27*time.Second)
	if tok, err := ts.TokenContext(ctxBG); err != nil || tok.AccessToken != "AT-0" {
		t.Fatalf("27s before the end: %v, %v; want the stored token", tok, err)
	}
	time.Sleep(100 * time.Millisecond) // a wrongly started refresh would arrive
	if n := srv.requests.Load(); n != 0 {
		t.Fatalf("%d token requests 27s before the end of a stored one-minute token, want 0", n)
	}
	if !ts.MintedAt(nil).IsZero() || !ts.MintedAt(&oauth2.Token{AccessToken: "AT-0"}).IsZero() {
		t.Error("MintedAt of no token, or of a stored one, is not the zero time")
	}
}
