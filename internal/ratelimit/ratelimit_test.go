package ratelimit

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock; advance also wakes the sleepers, as the end
// of their timers would.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(p *Pacer, d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	p.mu.Lock()
	for _, h := range p.hosts {
		for _, b := range h.buckets {
			b.wakeAll()
		}
	}
	p.mu.Unlock()
}

func announce(limit, remaining int, reset time.Time) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	return h
}

// admitted reports whether Wait lets a request through within a moment.
func admitted(t *testing.T, p *Pacer, path string, share float64) (Ticket, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	tk, err := p.Wait(ctx, "h", path, share)
	return tk, err == nil
}

func TestUnannouncedHostIsNotPaced(t *testing.T) {
	p := New(time.Now)
	for i := range 100 {
		tk, ok := admitted(t, p, "/x", 1)
		if !ok {
			t.Fatalf("call %d waited on a host that announced nothing", i)
		}
		p.Done(tk, http.Header{}, 200)
	}
}

func TestPacesWithinTheWindowAndProbesTheNext(t *testing.T) {
	c := &clock{t: time.Unix(1_000_000, 0)}
	p := New(c.now)
	end := c.t.Add(60 * time.Second)
	first, _ := admitted(t, p, "/x", 1)
	p.Done(first, announce(5, 3, end), 200) // the server says 3 remain

	var held []Ticket
	for i := range 3 {
		tk, ok := admitted(t, p, "/x", 1)
		if !ok {
			t.Fatalf("request %d of the 3 that remain was held", i+1)
		}
		held = append(held, tk)
	}
	if _, ok := admitted(t, p, "/x", 1); ok {
		t.Fatal("a fourth request went through when the server said 3 remain")
	}
	for _, tk := range held {
		p.Done(tk, announce(5, 0, end), 200)
	}

	c.advance(p, 61*time.Second) // the window has ended
	probe, ok := admitted(t, p, "/x", 1)
	if !ok || !probe.probe {
		t.Fatalf("no probe after the window's end (admitted %v)", ok)
	}
	if _, ok := admitted(t, p, "/x", 1); ok {
		t.Fatal("a second request went out before the probe's answer told the new window")
	}
	// The probe's answer opens the next window for those waiting.
	got := make(chan bool, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := p.Wait(ctx, "h", "/x", 1)
		got <- err == nil
	}()
	time.Sleep(20 * time.Millisecond)
	p.Done(probe, announce(5, 4, end.Add(60*time.Second)), 200)
	if !<-got {
		t.Fatal("the caller waiting for the probe was not let through by its answer")
	}
}

func TestShareOfTheLimit(t *testing.T) {
	c := &clock{t: time.Unix(1_000_000, 0)}
	p := New(c.now)
	first, _ := admitted(t, p, "/x", 0.25)
	p.Done(first, announce(8, 8, c.t.Add(time.Minute)), 200)
	n := 0
	for {
		if _, ok := admitted(t, p, "/x", 0.25); !ok {
			break
		}
		n++
	}
	if n != 2 {
		t.Fatalf("a quarter of a limit of 8 let %d requests through; want 2", n)
	}
}

func TestPerAnnouncedLimit(t *testing.T) {
	c := &clock{t: time.Unix(1_000_000, 0)}
	p := New(c.now)
	end := c.t.Add(time.Minute)
	b, _ := admitted(t, p, "/large", 1)
	p.Done(b, announce(500, 400, end), 200)
	a, _ := admitted(t, p, "/small", 1)
	p.Done(a, announce(10, 0, end), 200) // spent
	if _, ok := admitted(t, p, "/small", 1); ok {
		t.Fatal("the spent limit let a request through")
	}
	if _, ok := admitted(t, p, "/large", 1); !ok {
		t.Fatal("the other limit's request was held by the spent one")
	}
	// Another host is another control plane.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := p.Wait(ctx, "other-host", "/small", 1); err != nil {
		t.Fatal("another host was held by this host's limit")
	}
}

func TestUnannouncedPathAndTheUnannounced429(t *testing.T) {
	c := &clock{t: time.Unix(1_000_000, 0)}
	p := New(c.now)
	end := c.t.Add(time.Minute)
	a, _ := admitted(t, p, "/limited", 1)
	p.Done(a, announce(10, 5, end), 200)
	// A path of the host that announces nothing: a 429 there does not
	// close the limited endpoint's budget, and the path is not paced.
	other, _ := admitted(t, p, "/other", 1)
	p.Done(other, http.Header{"Retry-After": {"30"}}, http.StatusTooManyRequests)
	if _, ok := admitted(t, p, "/limited", 1); !ok {
		t.Fatal("a 429 of another, unannounced path closed the limited one")
	}
	// A 429 on the limited path closes it until Retry-After.
	tk, _ := admitted(t, p, "/limited", 1)
	h := announce(10, 3, end)
	h.Set("Retry-After", "90")
	p.Done(tk, h, http.StatusTooManyRequests)
	if _, ok := admitted(t, p, "/limited", 1); ok {
		t.Fatal("a request went through right after a 429")
	}
	c.advance(p, 61*time.Second) // the window ended, but Retry-After has not
	if _, ok := admitted(t, p, "/limited", 1); ok {
		t.Fatal("a request went through before the 429's Retry-After")
	}
}

func TestFirstRequestToAHostGoesAlone(t *testing.T) {
	p := New(time.Now)
	first, ok := admitted(t, p, "/x", 1)
	if !ok || !first.hostProbe {
		t.Fatal("the first request to a host was held")
	}
	if _, ok := admitted(t, p, "/x", 1); ok {
		t.Fatal("a second request went out before the host's first answer")
	}
	p.Done(first, http.Header{}, 200) // the host announces nothing
	for i := range 10 {
		if _, ok := admitted(t, p, "/x", 1); !ok {
			t.Fatalf("request %d to a host that announces nothing was held", i)
		}
	}
	// A failed first request frees the others too.
	q := New(time.Now)
	first, _ = admitted(t, q, "/x", 1)
	q.Done(first, nil, 0)
	if _, ok := admitted(t, q, "/x", 1); !ok {
		t.Fatal("a failed first request left the host closed")
	}
}
