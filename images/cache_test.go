package images

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pdfexport/internal/testctx"
)

// clock is a settable time for freshness.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestCacheHit(t *testing.T) {
	srv := newServer(t)
	srv.put("/a.jpg", encJPEG(t, photo(900, 600, 1), 85), "Cache-Control", "max-age=300")
	l := local(srv, Options{})
	u := srv.URL + "/a.jpg"
	p1 := mustLoad(t, l.Article(nil), u, 200)
	p2 := mustLoad(t, l.Article(nil), u, 200)
	if n := srv.count("/a.jpg"); n != 1 {
		t.Errorf("two articles, one picture: %d fetches", n)
	}
	if p1 != p2 {
		t.Errorf("the same photo at the same width was made twice")
	}
	// Another width: made anew from the cached original, not fetched.
	p3 := mustLoad(t, l.Article(nil), u, 100)
	if n := srv.count("/a.jpg"); n != 1 || p3.Width != 278 {
		t.Errorf("another width: %d fetches, %d px wide", n, p3.Width)
	}
	// Every width at which the photo is kept whole shares one picture.
	p4 := mustLoad(t, l.Article(nil), u, 400)
	p5 := mustLoad(t, l.Article(nil), u, 1000)
	if p4 != p5 || p4.Width != 900 {
		t.Errorf("at its own size: %p %p, %d px", p4, p5, p4.Width)
	}
}

func TestCacheRevalidation(t *testing.T) {
	srv := newServer(t)
	v1 := encJPEG(t, photo(300, 200, 1), 85)
	srv.put("/a.jpg", v1, "ETag", `"v1"`, "Cache-Control", "max-age=60")
	l := local(srv, Options{})
	c := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	l.now = c.now
	u := srv.URL + "/a.jpg"
	p1 := mustLoad(t, l.Article(nil), u, 0)

	c.advance(30 * time.Second) // fresh: not asked
	mustLoad(t, l.Article(nil), u, 0)
	if n := srv.count("/a.jpg"); n != 1 {
		t.Fatalf("a fresh entry was fetched again: %d requests", n)
	}

	c.advance(time.Minute) // stale: asked, with its ETag; 304
	p2 := mustLoad(t, l.Article(nil), u, 0)
	if n := srv.count("/a.jpg"); n != 2 || srv.last.Get("If-None-Match") != `"v1"` {
		t.Fatalf("stale: %d requests, If-None-Match %q", n, srv.last.Get("If-None-Match"))
	}
	if p2 != p1 {
		t.Errorf("a 304 did not reuse the picture")
	}
	c.advance(30 * time.Second) // fresh again for 60 s after the 304
	mustLoad(t, l.Article(nil), u, 0)
	if n := srv.count("/a.jpg"); n != 2 {
		t.Errorf("after a 304, fresh again: %d requests", n)
	}

	// Changed: a 200 with the new picture.
	v2 := encJPEG(t, photo(300, 200, 2), 85)
	srv.put("/a.jpg", v2, "ETag", `"v2"`, "Cache-Control", "max-age=60")
	c.advance(2 * time.Minute)
	p3 := mustLoad(t, l.Article(nil), u, 0)
	if string(p3.Data) != string(v2) || p3.Key == p1.Key {
		t.Errorf("the changed picture was not taken")
	}

	// Last-Modified, when there is no ETag.
	srv.put("/b.jpg", v1, "Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")
	mustLoad(t, l.Article(nil), srv.URL+"/b.jpg", 0)
	c.advance(DefaultCacheTTL + time.Second)
	mustLoad(t, l.Article(nil), srv.URL+"/b.jpg", 0)
	if got := srv.last.Get("If-Modified-Since"); got != "Tue, 01 Dec 2026 10:00:00 GMT" {
		t.Errorf("If-Modified-Since %q", got)
	}
}

func TestCacheNoStore(t *testing.T) {
	srv := newServer(t)
	srv.put("/a.jpg", encJPEG(t, photo(30, 20, 1), 85), "Cache-Control", "no-store")
	l := local(srv, Options{})
	mustLoad(t, l.Article(nil), srv.URL+"/a.jpg", 0)
	mustLoad(t, l.Article(nil), srv.URL+"/a.jpg", 0)
	if n := srv.count("/a.jpg"); n != 2 {
		t.Errorf("no-store: %d fetches, want 2", n)
	}
}

func TestCacheBound(t *testing.T) {
	srv := newServer(t)
	l := local(srv, Options{CacheBytes: 24 << 10})
	for i := range 40 {
		srv.put(fmt.Sprintf("/%d.jpg", i), encJPEG(t, photo(60, 40, i), 85))
		mustLoad(t, l.Article(nil), fmt.Sprintf("%s/%d.jpg", srv.URL, i), 100)
		l.mu.Lock()
		used, n := l.cache.used, len(l.cache.m)
		l.mu.Unlock()
		if used > 24<<10 {
			t.Fatalf("after %d pictures the cache holds %d bytes", i+1, used)
		}
		if i == 39 && (n < 5 || n == 40) {
			t.Errorf("the cache holds %d of 40 pictures", n)
		}
	}
	l.mu.Lock()
	_, first := l.cache.m[srv.URL+"/0.jpg"]
	_, last := l.cache.m[srv.URL+"/39.jpg"]
	l.mu.Unlock()
	if first || !last {
		t.Errorf("the least recently used was kept (%v) or the last dropped (%v)", first, !last)
	}
}

// blocking serves one picture, each request waiting for release; started
// receives a value as each request arrives.
func blocking(t *testing.T, data []byte) (srv *httptest.Server, started chan struct{}, release chan struct{}, count *atomic.Int32) {
	started, release, count = make(chan struct{}, 16), make(chan struct{}), new(atomic.Int32)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		started <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Cache-Control", "no-store") // so that only the flight can share it
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return
}

// waitFor waits until cond holds: a bound on a hang, not a timing assertion.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testctx.Within(t, what, func() bool {
		for !cond() {
			runtime.Gosched()
			time.Sleep(time.Millisecond)
		}
		return true
	})
}

// TestSingleFlight: concurrent loads of one URL make one request and one
// picture, even when the response may not be cached.
func TestSingleFlight(t *testing.T) {
	srv, started, release, count := blocking(t, encJPEG(t, photo(900, 600, 1), 85))
	l := NewLoader(Options{Hosts: []string{srv.Listener.Addr().String()}, AllowPrivate: true})
	const n = 8
	pics := make([]*Picture, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			pics[i], errs[i] = l.Article(nil).Load(context.Background(), srv.URL+"/a.jpg", 200)
		})
	}
	<-started
	waitFor(t, "the other loads joining the fetch", func() bool { return l.fetches.waiters() == n-1 })
	close(release)
	testctx.Within(t, "the loads", func() bool { wg.Wait(); return true })
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if pics[i] != pics[0] {
			t.Errorf("load %d made a picture of its own", i)
		}
	}
	if c := count.Load(); c != 1 {
		t.Errorf("%d requests, want 1", c)
	}
}

// TestSingleFlightLeaderCanceled: when the load that fetches is given up,
// one that waited on it fetches for itself instead of failing.
func TestSingleFlightLeaderCanceled(t *testing.T) {
	srv, started, release, count := blocking(t, encJPEG(t, photo(30, 20, 1), 85))
	l := NewLoader(Options{Hosts: []string{srv.Listener.Addr().String()}, AllowPrivate: true})
	ctx, cancel := context.WithCancel(context.Background())
	leader := make(chan error, 1)
	go func() {
		_, err := l.Article(nil).Load(ctx, srv.URL+"/a.jpg", 0)
		leader <- err
	}()
	<-started
	follower := make(chan error, 1)
	go func() {
		_, err := l.Article(nil).Load(context.Background(), srv.URL+"/a.jpg", 0)
		follower <- err
	}()
	waitFor(t, "the second load joining the fetch", func() bool { return l.fetches.waiters() == 1 })
	cancel()
	if err := testctx.Within(t, "the canceled load", func() error { return <-leader }); Result(err) != ResultCanceled {
		t.Errorf("the canceled load: %v", err)
	}
	<-started // the follower's own request
	close(release)
	if err := testctx.Within(t, "the second load", func() error { return <-follower }); err != nil {
		t.Errorf("the second load: %v", err)
	}
	if c := count.Load(); c != 2 {
		t.Errorf("%d requests, want 2", c)
	}
}

// TestBudget: the decoding budget grants in order, never beyond its size,
// and a waiter that gives up lets the next one in.
func TestBudget(t *testing.T) {
	b := newBudget(10)
	ctx := context.Background()
	if err := b.acquire(ctx, 6); err != nil {
		t.Fatal(err)
	}
	bigCtx, cancelBig := context.WithCancel(ctx)
	big := make(chan error, 1)
	go func() { big <- b.acquire(bigCtx, 6) }()
	waitFor(t, "the large waiter queueing", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.waiters) == 1 })
	small := make(chan error, 1)
	go func() { small <- b.acquire(ctx, 1) }()
	waitFor(t, "the small waiter queueing", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.waiters) == 2 })
	// 4 bytes are free and the small one fits, but waits its turn.
	select {
	case <-small:
		t.Fatal("the small request overtook the large one")
	default:
	}
	cancelBig()
	if err := testctx.Within(t, "the large waiter", func() error { return <-big }); err == nil {
		t.Error("the canceled waiter was granted")
	}
	if err := testctx.Within(t, "the small waiter", func() error { return <-small }); err != nil {
		t.Error(err)
	}
	if n := b.inUse(); n != 7 {
		t.Errorf("in use %d, want 7", n)
	}
	b.release(6)
	b.release(1)
	if n := b.inUse(); n != 0 {
		t.Errorf("in use %d after all released", n)
	}
}

// TestConcurrentLoads runs many loads of a few pictures at once, from
// several articles, under -race: the cache, the flights and the budget.
func TestConcurrentLoads(t *testing.T) {
	srv := newServer(t)
	for i := range 4 {
		srv.put(fmt.Sprintf("/%d.jpg", i), encJPEG(t, photo(400, 300, i), 85))
	}
	l := local(srv, Options{DecodeMemory: 2 << 20, CacheBytes: 256 << 10})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for a := range 8 {
		s := l.Article(nil)
		for i := range 8 {
			wg.Go(func() {
				_, err := s.Load(context.Background(), fmt.Sprintf("%s/%d.jpg", srv.URL, (a+i)%4), float64(50+20*(i%3)))
				if err != nil {
					errs <- err
				}
			})
		}
	}
	testctx.Within(t, "the loads", func() bool { wg.Wait(); return true })
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := l.decoding.inUse(); n != 0 {
		t.Errorf("%d bytes of the budget still held", n)
	}
}
