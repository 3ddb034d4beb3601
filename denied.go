package anypoint

import (
	"crypto/sha256"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// deniedEndpoints remembers which endpoints refused which recent tokens as
// a scope denial. An endpoint is its declared pattern ("GET
// /designcenter/api-designer/projects/{projectId}"), so a denial on one ID
// covers every other. Without it, every later call to such an endpoint would
// look like a stale token (the token was not minted during that call),
// throw the shared token away, mint another and replay: a token request per
// denied call, and the other goroutines' token gone with it.
//
// It keeps hashes of the last few tokens only, never the tokens; an
// endpoint leaves it as soon as it answers 2xx again (the scope was granted
// back), and a denial is trusted for deniedTTL only: a token revoked after
// its denial is then found out by the usual replacement, at the cost of one
// token request per endpoint and TTL at most.
type deniedEndpoints struct {
	// tokens is len(byHash), read without the lock: every successful call
	// checks for a denial to forget, and almost always there is none.
	tokens atomic.Int32

	mu     sync.Mutex
	order  [][sha256.Size]byte // oldest first
	byHash map[[sha256.Size]byte]map[string]time.Time
}

// deniedTTL is how long a scope denial is trusted.
const deniedTTL = time.Minute

// Bounds: tokens remembered (concurrent callers may still hold the previous
// ones) and endpoints per token.
const (
	maxDeniedTokens    = 4
	maxDeniedEndpoints = 256
)

func (d *deniedEndpoints) has(tok *oauth2.Token, key string) bool {
	if d.empty() {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.byHash) == 0 {
		return false
	}
	at, ok := d.byHash[sha256.Sum256([]byte(tok.AccessToken))][key]
	return ok && time.Since(at) < deniedTTL
}

func (d *deniedEndpoints) add(tok *oauth2.Token, key string) {
	h := sha256.Sum256([]byte(tok.AccessToken))
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.byHash == nil {
		d.byHash = map[[sha256.Size]byte]map[string]time.Time{}
	}
	set, ok := d.byHash[h]
	if !ok || len(set) >= maxDeniedEndpoints {
		if !ok && len(d.order) >= maxDeniedTokens {
			delete(d.byHash, d.order[0])
			d.order = d.order[1:]
		}
		if !ok {
			d.order = append(d.order, h)
		}
		set = map[string]time.Time{}
		d.byHash[h] = set
	}
	set[key] = time.Now()
	d.tokens.Store(int32(len(d.byHash)))
}

// empty reports, without the lock, whether no denial is known.
func (d *deniedEndpoints) empty() bool { return d.tokens.Load() == 0 }

func (d *deniedEndpoints) forget(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for h, set := range d.byHash {
		delete(set, key)
		if len(set) == 0 {
			delete(d.byHash, h)
			d.order = slices.DeleteFunc(d.order, func(o [sha256.Size]byte) bool { return o == h })
		}
	}
	d.tokens.Store(int32(len(d.byHash)))
}
