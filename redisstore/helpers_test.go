package redisstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/redisstore"
	"github.com/redis/go-redis/v9"
)

// AddrEnv names the environment variable that gives the tests the address
// of a real redis-server (host:port). .ci/run starts one and sets it.
const AddrEnv = "ANYPOINT_REDIS_ADDR"

// redisAddr returns the test Redis's address. Without one the tests skip,
// except in CI (CI set), where a missing Redis is a failure: the tests
// must run there.
func redisAddr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv(AddrEnv)
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set, and CI is: the redisstore tests must run against a real redis-server in CI (.ci/run starts one)", AddrEnv)
		}
		t.Skipf("%s is not set: start a redis-server and set it to run these tests (see docs/guide.md, \"Running many replicas\")", AddrEnv)
	}
	return addr
}

// newClient returns a go-redis client of the test Redis, closed when the
// test ends.
func newClient(t testing.TB, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// testPrefix is a key prefix no other test (or run) uses, so tests share
// one Redis without flushing it.
func testPrefix(t testing.TB) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "anypoint-test-" + hex.EncodeToString(b[:])
}

// newStore returns a Store of the test Redis, with its own client (as a
// replica of its own would have) and a prefix of the test's.
func newStore(t testing.TB, addr, prefix, app, user string, o redisstore.Options) *redisstore.Store {
	t.Helper()
	o.Prefix = prefix
	st, err := redisstore.New(newClient(t, addr), app, user, o)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// proxy forwards loopback TCP connections to the real Redis and can be cut,
// to act out Redis going down and coming back (it is not a fake Redis:
// every command reaches the real server while the proxy is up).
type proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns []net.Conn
}

func newProxy(t testing.TB, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go p.serve()
	return p
}

func (p *proxy) Addr() string { return p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		if !down {
			p.conns = append(p.conns, c)
		}
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, up)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(up, c); up.Close() }()
		go func() { _, _ = io.Copy(c, up); c.Close() }()
	}
}

// setDown cuts every connection and refuses new ones (down), or lets them
// through again.
func (p *proxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// silentServer accepts connections and never answers: a Redis that hangs.
func silentServer(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	return ln.Addr().String()
}

func ctxTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// newChildClient is a fleet child's Redis client (no testing.T there).
func newChildClient(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr})
}
