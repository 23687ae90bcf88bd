package images

import (
	"container/list"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// entry is one fetched original and the pictures made from it, by target
// width. The cache keeps both: the pictures because the same photo printed
// at the same width is the common case (a lead image in every export of an
// article, a logo on every page of an archive) and making one is the
// expensive part, tens of milliseconds of decoding and resampling; the
// original because another width, or a revalidation that answers 304,
// needs it without a fetch. A passed-through JPEG shares the original's
// bytes and is counted once.
//
// Fields other than the first group are guarded by Loader.mu.
type entry struct {
	id   uint64
	url  string
	data []byte
	// store: the response allowed keeping it (no no-store, no private).
	store         bool
	etag, lastMod string

	expires time.Time
	dispW   int // the displayed width, once a picture has been made; 0 before
	pics    map[int]*Picture
	cost    int64
	elem    *list.Element // nil when not in the cache
}

// picKey is the key of the picture for target width tw: every target that
// leaves the image at its own size shares key 0.
func (e *entry) picKey(tw int) int {
	if e.dispW > 0 && tw > 0 && float64(e.dispW) <= slack*float64(tw) {
		return 0
	}
	return tw
}

// lru is the cache's order and size; the Loader's mutex guards it.
type lru struct {
	max  int64
	used int64
	ll   list.List // front: most recently used
	m    map[string]*entry
}

func (c *lru) get(url string) *entry {
	e := c.m[url]
	if e != nil {
		c.ll.MoveToFront(e.elem)
	}
	return e
}

// put adds or replaces the entry of e.url, if it may be kept and is no more
// than an eighth of the cache: one huge picture must not flush all others.
func (c *lru) put(e *entry) {
	if c.max <= 0 || !e.store {
		return
	}
	if old := c.m[e.url]; old != nil && old != e {
		c.remove(old)
	}
	if e.elem != nil {
		c.ll.MoveToFront(e.elem)
		return
	}
	e.cost = int64(len(e.data)) + 256
	for _, p := range e.pics {
		e.cost += picCost(e, p)
	}
	if e.cost > c.max/8 {
		return
	}
	e.elem = c.ll.PushFront(e)
	c.m[e.url] = e
	c.used += e.cost
	c.evict()
}

func (c *lru) addPicture(e *entry, k int, p *Picture) {
	if e.pics == nil {
		e.pics = make(map[int]*Picture)
	}
	if e.pics[k] != nil {
		return
	}
	e.pics[k] = p
	if e.elem == nil {
		return
	}
	n := picCost(e, p)
	e.cost += n
	c.used += n
	c.evict()
}

// picCost counts a picture's bytes, unless they are the original's.
func picCost(e *entry, p *Picture) int64 {
	if len(p.Data) > 0 && len(e.data) > 0 && &p.Data[0] == &e.data[0] {
		return 64
	}
	return int64(len(p.Data)) + 64
}

func (c *lru) evict() {
	for c.used > c.max {
		back := c.ll.Back()
		if back == nil {
			return
		}
		c.remove(back.Value.(*entry))
	}
}

func (c *lru) remove(e *entry) {
	if e.elem == nil {
		return
	}
	c.ll.Remove(e.elem)
	e.elem = nil
	delete(c.m, e.url)
	c.used -= e.cost
}

// freshness reads how long a response may be used without asking again
// (RFC 9111, as a shared cache: s-maxage before max-age, then Expires, then
// def when the response says nothing) and whether it may be kept at all.
func freshness(h http.Header, now time.Time, def time.Duration) (ttl time.Duration, store bool) {
	store = true
	maxAge, sMaxAge := -1, -1
	noCache := false
	for _, d := range strings.Split(h.Get("Cache-Control"), ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
		val = strings.Trim(val, `"`)
		switch strings.ToLower(name) {
		case "no-store", "private":
			store = false
		case "no-cache":
			noCache = true
		case "max-age":
			if n, err := strconv.Atoi(val); err == nil {
				maxAge = n
			}
		case "s-maxage":
			if n, err := strconv.Atoi(val); err == nil {
				sMaxAge = n
			}
		}
	}
	switch {
	case noCache:
		ttl = 0
	case sMaxAge >= 0:
		ttl = time.Duration(sMaxAge) * time.Second
	case maxAge >= 0:
		ttl = time.Duration(maxAge) * time.Second
	case h.Get("Expires") != "":
		ttl = 0 // an invalid date means "already expired"
		if t, err := http.ParseTime(h.Get("Expires")); err == nil {
			date := now
			if d, err := http.ParseTime(h.Get("Date")); err == nil {
				date = d
			}
			ttl = t.Sub(date)
		}
	default:
		ttl = def
	}
	if age, err := strconv.Atoi(h.Get("Age")); err == nil && age > 0 {
		ttl -= time.Duration(age) * time.Second
	}
	return min(max(ttl, 0), maxTTL), store
}

// maxTTL bounds how long a picture is used unasked, whatever its server
// says: a day, so that a corrected photo reaches new exports.
const maxTTL = 24 * time.Hour

// flight makes concurrent calls with one key share one run of fn: the
// first caller runs it, the others wait for its result. A waiter whose
// own context ends stops waiting. If the first caller's context ended (its
// render was given up), the others do not inherit that: one of them runs fn
// again.
type flight[V any] struct {
	mu      sync.Mutex
	calls   map[string]*call[V]
	waiting int // callers waiting for another's run, for tests
}

type call[V any] struct {
	done chan struct{}
	v    V
	err  error
}

func (g *flight[V]) do(ctx context.Context, key string, fn func() (V, error)) (V, error) {
	for {
		g.mu.Lock()
		if g.calls == nil {
			g.calls = make(map[string]*call[V])
		}
		if c, ok := g.calls[key]; ok {
			g.waiting++
			g.mu.Unlock()
			var err error
			select {
			case <-c.done:
			case <-ctx.Done():
				err = canceled(ctx.Err())
			}
			g.mu.Lock()
			g.waiting--
			g.mu.Unlock()
			if err != nil {
				var zero V
				return zero, err
			}
			if errors.Is(c.err, ErrCanceled) && ctx.Err() == nil {
				continue
			}
			return c.v, c.err
		}
		// The error stands if fn panics, so that waiters do not take a
		// zero value for a result.
		c := &call[V]{done: make(chan struct{}), err: fail(ErrFetch, "the load it waited for failed")}
		g.calls[key] = c
		g.mu.Unlock()
		func() {
			// Even if fn panics, the waiters are released.
			defer func() {
				g.mu.Lock()
				delete(g.calls, key)
				g.mu.Unlock()
				close(c.done)
			}()
			c.v, c.err = fn()
		}()
		return c.v, c.err
	}
}

func (g *flight[V]) waiters() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waiting
}

// canceled is the error of a caller whose context ended.
func canceled(err error) error {
	return failWith(ErrCanceled, err, "loading it was given up: "+err.Error())
}
