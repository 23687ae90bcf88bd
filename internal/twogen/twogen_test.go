package twogen

import (
	"strconv"
	"sync"
	"testing"
	"unsafe"
)

// The cache holds at most two generations of its limit, however much passes
// through it, and keeps an entry in use.
func TestBounded(t *testing.T) {
	c := New[string, int](1000, 250)
	c.Put("used", 1, 10)
	for i := range 100_000 {
		c.Put(strconv.Itoa(i), i, 7)
		if i%50 == 0 { // a generation holds about 140 entries
			if v, ok := c.Get("used"); !ok || v != 1 {
				t.Fatalf("after %d entries, the entry in use is gone", i)
			}
		}
	}
	if _, cost := c.Stats(); cost > 2*1000+10 {
		t.Errorf("the cache holds %d, more than twice its limit of 1000", cost)
	}
	if _, ok := c.Get("3"); ok {
		t.Error("an entry put long ago is still there")
	}
}

// An entry costing more than the cache keeps is not kept, nor anything when
// the cache is off; Reset empties it.
func TestLimits(t *testing.T) {
	c := New[string, int](1000, 250)
	c.Put("big", 1, 251)
	if _, ok := c.Get("big"); ok {
		t.Error("an entry over the cost limit is kept")
	}
	c.Put("small", 2, 250)
	if v, ok := c.Get("small"); !ok || v != 2 {
		t.Error("an entry at the cost limit is not kept")
	}
	c.Reset(0)
	if n, _ := c.Stats(); n != 0 {
		t.Errorf("%d entries after Reset", n)
	}
	c.Put("off", 3, 1)
	if _, ok := c.Get("off"); ok {
		t.Error("a cache of limit 0 keeps an entry")
	}
}

// A value put again for a key in the hot generation is not replaced: the
// first stays, so every caller gets the same value.
func TestFirstStays(t *testing.T) {
	c := New[string, int](1000, 1000)
	c.Put("k", 1, 1)
	c.Put("k", 2, 1)
	if v, _ := c.Get("k"); v != 1 {
		t.Errorf("Get = %d, want the first value put", v)
	}
}

// An entry moved back from cold keeps the key it was put with.
func TestMovedEntryKeepsItsKey(t *testing.T) {
	type key struct{ s string }
	c := New[key, int](10, 10)
	stored := key{string([]byte("word"))}
	c.Put(stored, 1, 10)
	c.Put(key{"other"}, 2, 10) // hot was full: "word" is cold now
	lookup := key{string([]byte("word"))}
	if _, ok := c.Get(lookup); !ok {
		t.Fatal("not found")
	}
	for _, k := range c.Keys() {
		if k.s == "word" && unsafe.StringData(k.s) != unsafe.StringData(stored.s) {
			t.Error("the entry moved back to hot is kept under the caller's key, not its own")
		}
	}
}

// Concurrent use; run with -race.
func TestConcurrent(t *testing.T) {
	c := New[int, int](100, 10)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				c.Put(i%300, g, 1)
				c.Get(i % 300)
			}
		})
	}
	wg.Wait()
	if _, cost := c.Stats(); cost > 200+1 {
		t.Errorf("cost %d", cost)
	}
}
