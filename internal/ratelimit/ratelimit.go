// Package ratelimit paces requests by the rate limits a server announces in
// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (UTC epoch
// seconds), so that callers wait before the limit rather than meet a 429.
//
// A Pacer keeps one bucket per host and per announced limit: Anypoint sets
// limits per endpoint, and an endpoint is told apart by the limit it
// announces. A request's bucket is the one its path last answered with (the
// host's latest, for a path not seen yet); a host that announced nothing is
// not paced, and neither is a path that answered without an announcement.
// The first request to a host goes alone, so that callers starting together
// do not spend a budget before its first announcement. Within a window a bucket admits what the server says remains,
// counting the requests it let through since; once the window's reset has
// passed, one request goes first (the probe), and its answer opens the new
// window for the others, so a clock ahead of the server's costs one request
// at a time, never a burst into the old window. A 429 closes the bucket
// until its Retry-After.
//
// The Pacer is shared by every client of a process (Default), so every
// goroutine draws on the same budget.
package ratelimit

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// maxPaths bounds how many paths a host remembers the bucket of; requests
// to other paths go to the host's latest bucket.
const maxPaths = 4096

// Pacer is the rate-limit state of every host a process talks to. It is
// safe for concurrent use.
type Pacer struct {
	now func() time.Time

	mu    sync.RWMutex
	hosts map[string]*host
}

type host struct {
	paths   map[string]int // path → the limit it announced last
	latest  int            // the limit the host announced last
	buckets map[int]*bucket
	// probing is true while the host's first request is out: until its
	// answer says whether the host announces limits, the others wait.
	probing bool
	wake    chan struct{} // closed when that answer comes
}

type bucket struct {
	limit     int
	reset     time.Time // the end of the current window; zero when unknown
	remaining int       // requests left in the window, as reckoned here
	admitted  int       // requests let through in this window
	inflight  int       // requests let through and not yet answered
	probing   bool
	wake      chan struct{} // closed (and replaced) whenever the bucket may admit again
}

// Default is the process's Pacer.
var Default = New(time.Now)

// New returns a Pacer that reads the time from now.
func New(now func() time.Time) *Pacer {
	return &Pacer{now: now, hosts: map[string]*host{}}
}

// Ticket is a request let through by Wait; hand it to Done with the answer.
type Ticket struct {
	host, path string
	b          *bucket
	probe      bool
	guessed    bool // the path had not answered yet: b is the host's latest bucket
	hostProbe  bool // the host's first request
}

// Wait blocks until a request to path on host may be sent without going
// over a limit the host announced, or until ctx ends. share (0 < share ≤ 1)
// is the part of each announced limit this caller may use; 1 is all of it.
func (p *Pacer) Wait(ctx context.Context, hostName, path string, share float64) (Ticket, error) {
	t := Ticket{host: hostName, path: path}
	// The common case, a host that announces no limit, under the read
	// lock only: callers of such a host never wait on one another here.
	p.mu.RLock()
	h := p.hosts[hostName]
	quiet := h != nil && !h.probing && len(h.buckets) == 0
	p.mu.RUnlock()
	if quiet {
		return t, nil
	}
	for {
		t.b = nil
		p.mu.Lock()
		h := p.hosts[hostName]
		if h == nil {
			// The first request to the host goes alone: a burst of
			// callers at start-up could otherwise spend a whole budget
			// before the first answer tells it.
			p.hosts[hostName] = &host{paths: map[string]int{}, buckets: map[int]*bucket{}, probing: true, wake: make(chan struct{})}
			p.mu.Unlock()
			t.hostProbe = true
			return t, nil
		}
		if h.probing {
			wake := h.wake
			p.mu.Unlock()
			if err := sleep(ctx, 0, wake); err != nil {
				return Ticket{}, err
			}
			continue
		}
		limit, ok := h.paths[path]
		if !ok {
			limit = h.latest
		}
		t.guessed = !ok
		b := h.buckets[limit]
		if b == nil || b.reset.IsZero() {
			p.mu.Unlock()
			return t, nil
		}
		t.b = b
		now := p.now()
		var wait time.Duration
		switch {
		case !now.Before(b.reset):
			// The window has ended by this clock: one request learns the
			// new one; the others wait for its answer.
			if !b.probing {
				b.probing = true
				b.inflight++
				p.mu.Unlock()
				t.probe = true
				return t, nil
			}
		case b.remaining > 0 && b.admitted < quota(b.limit, share):
			b.remaining--
			b.admitted++
			b.inflight++
			p.mu.Unlock()
			return t, nil
		default:
			wait = b.reset.Sub(now)
		}
		wake := b.wake
		p.mu.Unlock()
		if err := sleep(ctx, wait, wake); err != nil {
			return Ticket{}, err
		}
	}
}

// quota is how many requests of a window of limit a caller with share may
// send: at least one.
func quota(limit int, share float64) int {
	if share <= 0 || share >= 1 {
		return limit
	}
	return max(1, int(float64(limit)*share))
}

// sleep waits for d (none when d is 0), wake, or ctx.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-timer:
		return nil
	case <-wake:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Done records the answer to a request Wait let through: header and status
// of the answer, or a nil header when there was none (the request failed).
func (p *Pacer) Done(t Ticket, header http.Header, status int) {
	limit, remaining, reset, announced := parse(header)
	if !announced && t.b == nil && !t.hostProbe && status != http.StatusTooManyRequests {
		return // the common case of a host that announces nothing: no lock
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.hostProbe {
		if h := p.hosts[t.host]; h != nil && h.probing {
			h.probing = false
			close(h.wake)
		}
	}
	if t.b != nil {
		t.b.inflight--
		if t.probe {
			t.b.probing = false
			if !announced && !p.now().Before(t.b.reset) {
				// The probe learnt nothing: the window is unknown, and the
				// bucket stops pacing until an answer announces one.
				t.b.reset = time.Time{}
			}
			t.b.wakeAll()
		}
	}
	if !announced {
		if t.guessed {
			// The path announces no limit of its own: not paced from now on.
			if h := p.hosts[t.host]; h != nil && len(h.paths) < maxPaths {
				h.paths[t.path] = 0
			}
		} else if status == http.StatusTooManyRequests && t.b != nil {
			t.b.closeFor(p.now(), header)
		}
		return
	}
	h := p.hosts[t.host]
	if h == nil {
		h = &host{paths: map[string]int{}, buckets: map[int]*bucket{}}
		p.hosts[t.host] = h
	}
	if _, ok := h.paths[t.path]; ok || len(h.paths) < maxPaths {
		h.paths[t.path] = limit
	}
	h.latest = limit
	b := h.buckets[limit]
	if b == nil {
		b = &bucket{limit: limit, wake: make(chan struct{})}
		h.buckets[limit] = b
	}
	switch end := time.Unix(reset, 0); {
	case end.After(b.reset):
		// A new window: what the server says remains, less the requests
		// let through that it may not have counted yet.
		b.reset = end
		b.remaining = max(0, remaining-b.inflight)
		b.admitted = 0
		b.wakeAll()
	case end.Equal(b.reset):
		b.remaining = min(b.remaining, remaining)
	}
	if status == http.StatusTooManyRequests {
		b.closeFor(p.now(), header)
	}
}

// closeFor admits nothing more until the later of the window's end and the
// 429's Retry-After.
func (b *bucket) closeFor(now time.Time, header http.Header) {
	b.remaining = 0
	if secs, err := strconv.Atoi(header.Get("Retry-After")); err == nil && secs > 0 {
		if until := now.Add(time.Duration(secs) * time.Second); until.After(b.reset) {
			b.reset = until
		}
	}
}

func (b *bucket) wakeAll() {
	close(b.wake)
	b.wake = make(chan struct{})
}

// parse reads the three headers; announced is false unless all three are
// there and make sense.
func parse(h http.Header) (limit, remaining int, reset int64, announced bool) {
	if h == nil {
		return 0, 0, 0, false
	}
	// The canonical keys, read from the map directly: Header.Get would
	// allocate each key's canonical form on every answer.
	l, r, s := first(h["X-Ratelimit-Limit"]), first(h["X-Ratelimit-Remaining"]), first(h["X-Ratelimit-Reset"])
	if l == "" || r == "" || s == "" {
		return 0, 0, 0, false
	}
	limit, err1 := strconv.Atoi(l)
	remaining, err2 := strconv.Atoi(r)
	reset, err3 := strconv.ParseInt(s, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || limit <= 0 || remaining < 0 || reset <= 0 {
		return 0, 0, 0, false
	}
	return limit, remaining, reset, true
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// Transport paces the requests of next with p. share is as for Wait.
type Transport struct {
	Next  http.RoundTripper
	Pacer *Pacer
	Share float64
}

// RoundTrip waits for the request's turn, sends it, and records the
// answer's announcement.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ticket, err := t.Pacer.Wait(req.Context(), req.URL.Host, req.URL.Path, t.Share)
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close() // a RoundTripper closes the body, even on error
		}
		return nil, err
	}
	resp, err := t.Next.RoundTrip(req)
	if err != nil || resp == nil {
		t.Pacer.Done(ticket, nil, 0)
		return resp, err
	}
	t.Pacer.Done(ticket, resp.Header, resp.StatusCode)
	return resp, nil
}

// CloseIdleConnections closes the idle connections of Next, so that
// http.Client.CloseIdleConnections reaches the transport under the pacer.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.Next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
