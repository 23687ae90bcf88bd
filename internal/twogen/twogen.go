// Package twogen is the bounded cache the renderer keeps across documents
// (shaped words, font subsets, emoji pictures): entries in two generations,
// each holding about a limit's worth of what they cost. New entries go into
// the hot generation; when it has cost its limit it becomes the cold one
// and the old cold one is dropped whole; an entry found in cold moves back
// into hot. So the entries in use stay, the cache never holds much more
// than twice its limit, and dropping is one step, not a walk over entries
// (an LRU list would cost a write under the lock on every hit).
package twogen

import "sync"

// Cache is a two-generation cache. The zero value holds nothing; New makes
// one. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu        sync.Mutex
	hot, cold map[K]entry[K, V]
	hotBytes  int
	limit     int // cost per generation; 0 turns the cache off
	maxCost   int // an entry that costs more is not kept
}

// entry keeps its key: an entry moved from cold to hot keeps the key it was
// put with, not the looking-up caller's (whose strings may be slices of a
// document).
type entry[K comparable, V any] struct {
	key  K
	val  V
	cost int
}

// New returns a cache of limit per generation (in the unit of the costs
// given to Put, bytes as the callers estimate them) that keeps no entry
// costing more than maxCost.
func New[K comparable, V any](limit, maxCost int) *Cache[K, V] {
	return &Cache[K, V]{limit: limit, maxCost: maxCost}
}

// Get returns the value put for k, moving it into the hot generation.
func (c *Cache[K, V]) Get(k K) (v V, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, found := c.hot[k]; found {
		return e.val, true
	}
	e, found := c.cold[k]
	if !found {
		return v, false
	}
	delete(c.cold, k)
	c.add(e)
	return e.val, true
}

// Put keeps v for k at the given cost, unless k is in the hot generation
// already, the cost is more than the cache keeps, or the cache is off. The
// cache keeps k as it is given: a caller whose key holds a slice of a larger
// string passes a copy.
func (c *Cache[K, V]) Put(k K, v V, cost int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.limit == 0 || cost > c.maxCost {
		return
	}
	if _, found := c.hot[k]; !found {
		c.add(entry[K, V]{k, v, cost})
	}
}

// add puts e in hot, turning hot into cold first when it is full. The lock
// is held.
func (c *Cache[K, V]) add(e entry[K, V]) {
	if c.hot == nil || c.hotBytes >= c.limit {
		c.cold, c.hot, c.hotBytes = c.hot, map[K]entry[K, V]{}, 0
	}
	c.hot[e.key] = e
	c.hotBytes += e.cost
}

// Reset empties the cache and sets its limit per generation (0 turns it
// off).
func (c *Cache[K, V]) Reset(limit int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hot, c.cold, c.hotBytes, c.limit = nil, nil, 0, limit
}

// Stats returns how many entries the cache holds and what they cost.
func (c *Cache[K, V]) Stats() (entries, cost int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, g := range []map[K]entry[K, V]{c.hot, c.cold} {
		for _, e := range g {
			entries++
			cost += e.cost
		}
	}
	return entries, cost
}

// Keys returns the keys the cache holds, in no order, as they were put.
func (c *Cache[K, V]) Keys() []K {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []K
	for _, g := range []map[K]entry[K, V]{c.hot, c.cold} {
		for _, e := range g {
			out = append(out, e.key)
		}
	}
	return out
}
