package handlers

import (
	"container/list"
	"sync"
	"weak"

	"pdfexport/article"
	"pdfexport/render"
)

// cached is one rendered PDF.
type cached struct {
	pdf      []byte
	pages    int
	degraded bool // a picture could not be had: never cached, no ETag sent
}

// cache holds rendered PDFs by ETag, least recently used first out, bounded
// by the total size of the PDFs it holds. Output is deterministic, so an entry
// never goes stale: the ETag changes when the article, the options or the
// renderer do. Safe for concurrent use.
type cache struct {
	mu       sync.Mutex
	maxBytes int64
	bytes    int64
	order    *list.List // front: most recently used; values are *entry
	byKey    map[string]*list.Element
	m        *metrics
}

type entry struct {
	key string
	val cached
}

func newCache(maxBytes int64, m *metrics) *cache {
	return &cache{maxBytes: maxBytes, order: list.New(), byKey: map[string]*list.Element{}, m: m}
}

// get returns the PDF cached under key, counting a hit or a miss.
func (c *cache) get(key string) (cached, bool) {
	if c.maxBytes <= 0 {
		return cached{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		c.m.cacheRequests.WithLabelValues("miss").Inc()
		return cached{}, false
	}
	c.m.cacheRequests.WithLabelValues("hit").Inc()
	c.order.MoveToFront(el)
	return el.Value.(*entry).val, true
}

// put stores a PDF, evicting the least recently used ones to make room. A
// PDF larger than a quarter of the cache is not stored: it would evict too
// much for one article.
func (c *cache) put(key string, v cached) {
	size := int64(len(v.pdf))
	if c.maxBytes <= 0 || size > c.maxBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok {
		return
	}
	for c.bytes+size > c.maxBytes {
		oldest := c.order.Back()
		e := oldest.Value.(*entry)
		c.order.Remove(oldest)
		delete(c.byKey, e.key)
		c.bytes -= int64(len(e.val.pdf))
		c.m.cacheEvictions.Inc()
	}
	c.byKey[key] = c.order.PushFront(&entry{key, v})
	c.bytes += size
	c.m.cacheBytes.Set(float64(c.bytes))
	c.m.cacheEntries.Set(float64(len(c.byKey)))
}

// maxETags bounds the ETag memo; when full it starts again empty.
const maxETags = 4096

// etagMemo remembers the ETags of archive articles. A memoizing source
// (source.Archive.Memoize) returns the same *article.Article while its file
// is unchanged, so a cached PDF is found without encoding its article again
// (encoding and hashing the sample article takes longer than the rest of a
// cache hit). Keys hold the article weakly: a weak pointer never equals one
// made from another article, even one later allocated at the same address,
// so a stale ETag cannot be served. Safe for concurrent use.
type etagMemo struct {
	mu sync.Mutex
	m  map[etagKey]string
}

type etagKey struct {
	art  weak.Pointer[article.Article]
	opts render.Options
}

func (e *etagMemo) get(a *article.Article, o render.Options) (string, error) {
	// The folder of the pictures does not change the ETag (an article
	// names its pictures by their sources), and an fs.FS may be of a type
	// that cannot be a map key (fstest.MapFS is a map).
	keyed := o
	keyed.ImageDir = nil
	k := etagKey{weak.Make(a), keyed}
	e.mu.Lock()
	tag, ok := e.m[k]
	e.mu.Unlock()
	if ok {
		return tag, nil
	}
	tag, err := render.ETag(a, o)
	if err != nil {
		return "", err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil || len(e.m) >= maxETags {
		e.m = make(map[etagKey]string)
	}
	e.m[k] = tag
	return tag, nil
}
