package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/redisstore"
	"golang.org/x/oauth2"
)

func sampleToken(n int) *oauth2.Token {
	return (&oauth2.Token{
		AccessToken:  fmt.Sprintf("access-secret-%d", n),
		TokenType:    "bearer",
		RefreshToken: fmt.Sprintf("refresh-secret-%d", n),
		Expiry:       time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
		ExpiresIn:    3600,
	}).WithExtra(map[string]any{"scope": "view:environment offline_access"})
}

func TestSaveLoadClear(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	st := newStore(t, addr, testPrefix(t), "app-1", "max.mule", redisstore.Options{})

	got, err := st.Load(ctx)
	if err != nil || got != nil {
		t.Fatalf("Load of an empty store = %v, %v; want nil, nil", got, err)
	}
	want := sampleToken(1)
	if err := st.Save(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err = st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken || got.TokenType != want.TokenType ||
		!got.Expiry.Equal(want.Expiry) || got.ExpiresIn != want.ExpiresIn || got.Extra("scope") != "view:environment offline_access" {
		t.Fatalf("Load after Save = %+v (scope %v); want %+v", got, got.Extra("scope"), want)
	}

	// Kept as long as a refresh token lives.
	ttl, err := newClient(t, addr).PTTL(ctx, st.Key()).Result()
	if err != nil {
		t.Fatal(err)
	}
	if ttl < 89*24*time.Hour || ttl > 90*24*time.Hour {
		t.Fatalf("the token's TTL is %v; want 90 days", ttl)
	}

	if err := st.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Load(ctx); err != nil || got != nil {
		t.Fatalf("Load after Clear = %v, %v; want nil, nil", got, err)
	}
	if err := st.Save(ctx, nil); !errors.Is(err, connectedapps.ErrStoreNilToken) || strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("Save(nil) = %v; want ErrStoreNilToken, not blamed on Redis", err)
	}
}

func TestKeysPerAppAndUser(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	prefix := testPrefix(t)
	pairs := [][2]string{{"app", "max"}, {"app", "cora"}, {"other", "max"}, {"a:b", "c"}, {"a", "b:c"}, {"{a}", "b"}}
	keys := map[string]bool{}
	for i, p := range pairs {
		st := newStore(t, addr, prefix, p[0], p[1], redisstore.Options{})
		if !strings.HasPrefix(st.Key(), prefix+":{") {
			t.Fatalf("key %q does not begin with the prefix and a hash tag", st.Key())
		}
		keys[st.Key()] = true
		if err := st.Save(ctx, sampleToken(i)); err != nil {
			t.Fatal(err)
		}
	}
	if len(keys) != len(pairs) {
		t.Fatalf("%d distinct keys for %d app/user pairs: %v", len(keys), len(pairs), keys)
	}
	for i, p := range pairs {
		got, err := newStore(t, addr, prefix, p[0], p[1], redisstore.Options{}).Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil || got.AccessToken != sampleToken(i).AccessToken {
			t.Fatalf("app %q user %q loads %v; want its own token", p[0], p[1], got)
		}
	}
	if _, err := redisstore.New(newClient(t, addr), "", "max", redisstore.Options{}); !errors.Is(err, redisstore.ErrInvalidKey) {
		t.Fatalf("New with no client ID = %v; want ErrInvalidKey", err)
	}
	if _, err := redisstore.New(newClient(t, addr), "app", "", redisstore.Options{}); !errors.Is(err, redisstore.ErrInvalidKey) {
		t.Fatalf("New with no user = %v; want ErrInvalidKey", err)
	}
}

func TestCorruptValue(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	st := newStore(t, addr, testPrefix(t), "app", "max", redisstore.Options{})
	if err := newClient(t, addr).HSet(ctx, st.Key(), "token", "not json").Err(); err != nil {
		t.Fatal(err)
	}
	_, err := st.Load(ctx)
	var se *redisstore.Error
	if !errors.As(err, &se) || se.Op != "load" || !errors.Is(err, redisstore.ErrCorrupt) {
		t.Fatalf("Load of a foreign value = %v; want a load *Error matching ErrCorrupt", err)
	}
}

// Two stores with their own Redis connections act as two replicas.
func TestLockExcludesOtherReplicas(t *testing.T) {
	addr := redisAddr(t)
	prefix := testPrefix(t)
	a := newStore(t, addr, prefix, "app", "max", redisstore.Options{})
	b := newStore(t, addr, prefix, "app", "max", redisstore.Options{})
	other := newStore(t, addr, prefix, "app", "cora", redisstore.Options{})

	unlockA, err := a.Lock(ctxTimeout(t, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Lock(ctxTimeout(t, 200*time.Millisecond)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a second replica's Lock while the first holds it = %v; want it to wait until its context ends", err)
	}
	unlockOther, err := other.Lock(ctxTimeout(t, time.Second))
	if err != nil {
		t.Fatalf("another user's lock is separate, but Lock = %v", err)
	}
	unlockOther()

	got := make(chan error, 1)
	go func() {
		unlock, err := b.Lock(ctxTimeout(t, 5*time.Second))
		if err == nil {
			unlock()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("the second replica got the lock (%v) before the first released it", err)
	case <-time.After(100 * time.Millisecond):
	}
	unlockA()
	unlockA() // twice is harmless
	if err := <-got; err != nil {
		t.Fatalf("the second replica's Lock after the release = %v", err)
	}
}

// A holder that renews keeps the lock well past one lease.
func TestLockRenewsItsLease(t *testing.T) {
	addr := redisAddr(t)
	prefix := testPrefix(t)
	lease := 300 * time.Millisecond
	a := newStore(t, addr, prefix, "app", "max", redisstore.Options{Lease: lease})
	b := newStore(t, addr, prefix, "app", "max", redisstore.Options{Lease: lease})
	unlock, err := a.Lock(ctxTimeout(t, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := b.Lock(ctxTimeout(t, 4*lease)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock of another replica during four leases of a live holder = %v; want to wait", err)
	}
}

// A replica that died holding the lock blocks the others for its lease
// and no longer. (The fleet test kills a real process; here the dead
// holder's lock is written as it would have left it.)
func TestDeadHolderBlocksForItsLeaseOnly(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	st := newStore(t, addr, testPrefix(t), "app", "max", redisstore.Options{})
	lockKey := strings.TrimSuffix(st.Key(), ":token") + ":lock"
	lease := 500 * time.Millisecond
	if err := newClient(t, addr).Set(ctx, lockKey, "dead-replica:7", lease).Err(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	unlock, err := st.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if waited := time.Since(start); waited < lease/2 {
		t.Fatalf("Lock took the lock of a holder whose lease had %v left after %v", lease, waited)
	}
}

// The lease of A runs out (here: its lock key vanishes, as at the end of a
// lease A could not renew), B takes the lock: A's release must not free
// B's lock, and A's save must not overwrite B's newer token.
func TestLateHolderIsFenced(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	prefix := testPrefix(t)
	a := newStore(t, addr, prefix, "app", "max", redisstore.Options{})
	b := newStore(t, addr, prefix, "app", "max", redisstore.Options{})
	c := newStore(t, addr, prefix, "app", "max", redisstore.Options{})
	rdb := newClient(t, addr)
	lockKey := strings.TrimSuffix(a.Key(), ":token") + ":lock"

	if err := a.Save(ctx, sampleToken(0)); err != nil {
		t.Fatal(err)
	}
	unlockA, err := a.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rdb.Del(ctx, lockKey) // A's lease ran out
	unlockB, err := b.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bValue, _ := rdb.Get(ctx, lockKey).Result()

	// B has saved nothing yet: A's refresh may have won at the platform,
	// and its token must reach the store (B finds it there).
	if err := a.Save(ctx, sampleToken(1)); err != nil {
		t.Fatalf("A's save before any newer one = %v; want it stored", err)
	}
	if err := b.Save(ctx, sampleToken(2)); err != nil {
		t.Fatal(err)
	}
	err = a.Save(ctx, sampleToken(3))
	if !errors.Is(err, redisstore.ErrStale) {
		t.Fatalf("A's save after B's (later lock) = %v; want ErrStale", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatalf("the error shows a token: %v", err)
	}
	if got, _ := a.Load(ctx); got == nil || got.AccessToken != sampleToken(2).AccessToken {
		t.Fatalf("stored token after A's late save = %v; want B's", got)
	}

	unlockA()
	if v, _ := rdb.Get(ctx, lockKey).Result(); v != bValue || v == "" {
		t.Fatalf("A's release changed B's lock: %q, was %q", v, bValue)
	}
	if _, err := c.Lock(ctxTimeout(t, 200*time.Millisecond)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a third replica got the lock B holds after A's release: %v", err)
	}
	unlockB()
	unlockC, err := c.Lock(ctxTimeout(t, time.Second))
	if err != nil {
		t.Fatalf("Lock after B's release = %v", err)
	}
	unlockC()
}

// A save made without a lock (a new sign-in) wins over a lock taken
// before it; a Clear makes earlier locks stale too.
func TestUnlockedSaveAndClearFenceOlderLocks(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	prefix := testPrefix(t)
	a := newStore(t, addr, prefix, "app", "max", redisstore.Options{})
	signIn := newStore(t, addr, prefix, "app", "max", redisstore.Options{})

	unlock, err := a.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := signIn.Save(ctx, sampleToken(1)); err != nil {
		t.Fatal(err)
	}
	if err := a.Save(ctx, sampleToken(2)); !errors.Is(err, redisstore.ErrStale) {
		t.Fatalf("a save under a lock older than a sign-in's save = %v; want ErrStale", err)
	}
	unlock()

	unlock, err = a.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := signIn.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Save(ctx, sampleToken(3)); !errors.Is(err, redisstore.ErrStale) {
		t.Fatalf("a save under a lock older than Clear = %v; want ErrStale", err)
	}
	unlock()
	if got, _ := a.Load(ctx); got != nil {
		t.Fatalf("the cleared token came back: %v", got)
	}
}

func TestRedisDownIsAClearError(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	p := newProxy(t, addr)
	st := newStore(t, p.Addr(), testPrefix(t), "app", "max", redisstore.Options{Timeout: 300 * time.Millisecond})
	if err := st.Save(ctx, sampleToken(1)); err != nil {
		t.Fatal(err)
	}
	p.setDown(true)
	checks := map[string]func() error{
		"load":  func() error { _, err := st.Load(ctx); return err },
		"save":  func() error { return st.Save(ctx, sampleToken(2)) },
		"clear": func() error { return st.Clear(ctx) },
		"lock":  func() error { _, err := st.Lock(ctx); return err },
	}
	for op, f := range checks {
		err := f()
		var se *redisstore.Error
		if !errors.As(err, &se) || se.Op != op || se.Key != st.Key() {
			t.Fatalf("%s with Redis down = %v; want an *Error of op %q naming the key", op, err, op)
		}
		if msg := err.Error(); !strings.Contains(msg, "Redis is unreachable or slow") || strings.Contains(msg, "secret") {
			t.Fatalf("%s error %q does not say Redis is unreachable, or shows a token", op, msg)
		}
	}
	if ctx.Err() != nil {
		t.Fatal("a Redis that is down made the calls wait for the context")
	}
	p.setDown(false)
	if got, err := st.Load(ctx); err != nil || got == nil || got.AccessToken != sampleToken(1).AccessToken {
		t.Fatalf("Load once Redis is back = %v, %v; want the stored token", got, err)
	}
}

func TestRedisSlowIsAnErrorNotAHang(t *testing.T) {
	st := newStore(t, silentServer(t), testPrefix(t), "app", "max", redisstore.Options{Timeout: 200 * time.Millisecond})
	ctx := ctxTimeout(t, 10*time.Second)
	start := time.Now()
	_, err := st.Lock(ctx)
	var se *redisstore.Error
	if !errors.As(err, &se) || se.Op != "lock" {
		t.Fatalf("Lock against a Redis that never answers = %v; want a lock *Error", err)
	}
	_, err = st.Load(ctx)
	if !errors.As(err, &se) || se.Op != "load" {
		t.Fatalf("Load against a Redis that never answers = %v; want a load *Error", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Fatalf("two commands took %v with a 200ms timeout", waited)
	}
}

func TestStoreNeverPrintsTheToken(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 10*time.Second)
	st := newStore(t, addr, testPrefix(t), "app", "max", redisstore.Options{})
	if err := st.Save(ctx, sampleToken(1)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprintf("%v", st), fmt.Sprintf("%+v", st), fmt.Sprintf("%#v", st), st.String()} {
		if strings.Contains(s, "secret") {
			t.Fatalf("the store prints a token: %s", s)
		}
	}
}
