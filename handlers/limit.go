package handlers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// errOverloaded is returned when every render slot is busy and the queue is
// full, or a queued request waited too long: the client should retry later.
var errOverloaded = errors.New("overloaded")

// limiter bounds concurrent work: up to slots at once, up to maxQueue more
// waiting at most wait each; everything beyond is refused at once. Nothing
// waits without bound and no goroutine is started. The server has one for
// renders, one for exports (a share of the render slots) and one for the
// reader pages.
type limiter struct {
	slots    chan struct{}
	queued   atomic.Int64
	maxQueue int64
	wait     time.Duration
	gauge    prometheus.Gauge // of the requests queued; nil: none
}

func newLimiter(slots, maxQueue int, wait time.Duration, queued prometheus.Gauge) *limiter {
	return &limiter{slots: make(chan struct{}, slots), maxQueue: int64(maxQueue), wait: wait, gauge: queued}
}

// acquire takes a render slot, waiting in the queue if there is room. The
// returned release must be called when the render is done.
func (l *limiter) acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-l.slots }
	select {
	case l.slots <- struct{}{}:
		return release, nil
	default:
	}
	if l.queued.Add(1) > l.maxQueue {
		l.queued.Add(-1)
		return nil, errOverloaded
	}
	if l.gauge != nil {
		l.gauge.Inc()
	}
	defer func() {
		l.queued.Add(-1)
		if l.gauge != nil {
			l.gauge.Dec()
		}
	}()
	timer := time.NewTimer(l.wait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return release, nil
	case <-timer.C:
		return nil, errOverloaded
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// flights makes concurrent requests for the same PDF share one render: the
// first renders, the others wait for its result (or for their own context).
//
// The shared work runs under a context of its own, not the first request's:
// it ends when every request waiting for the result has gone (or when the
// work is done), so a client that disconnects while queued for a slot does
// not take the PDF from the others, who never left.
type flights struct {
	mu    sync.Mutex
	calls map[string]*flight
}

type flight struct {
	done    chan struct{}
	val     cached
	err     error
	waiters int                // requests waiting for the result, the first included
	cancel  context.CancelFunc // ends the work's context
}

// do runs fn once per key at a time, with a context that ends when every
// caller waiting for it has gone; shared reports whether the result came
// from another request's render.
func (f *flights) do(ctx context.Context, key string, fn func(context.Context) (cached, error)) (v cached, shared bool, err error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]*flight{}
	}
	if c, ok := f.calls[key]; ok {
		c.waiters++
		f.mu.Unlock()
		stop := context.AfterFunc(ctx, func() { f.leave(key, c) })
		select {
		case <-c.done:
			stop()
			return c.val, true, c.err
		case <-ctx.Done():
			if stop() { // the AfterFunc will not run: count the leaving here
				f.leave(key, c)
			}
			return cached{}, true, ctx.Err()
		}
	}
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	c := &flight{done: make(chan struct{}), err: errors.New("render abandoned"), waiters: 1, cancel: cancel}
	f.calls[key] = c
	f.mu.Unlock()
	// The first caller runs the work itself, in its request's goroutine, so
	// that a panic reaches the request's recovery; its client leaving counts
	// as one waiter less, like any other's.
	stop := context.AfterFunc(ctx, func() { f.leave(key, c) })
	defer func() { // even if fn panics, the waiters are released
		stop()
		cancel()
		f.forget(key, c)
		close(c.done)
	}()
	c.val, c.err = fn(work)
	return c.val, false, c.err
}

// leave counts one waiter of c gone; the last one to go ends the work, and
// the flight is forgotten at once, so that a request arriving later starts
// a render of its own instead of joining one that is being cancelled.
func (f *flights) leave(key string, c *flight) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.waiters--; c.waiters == 0 {
		c.cancel()
		if f.calls[key] == c {
			delete(f.calls, key)
		}
	}
}

func (f *flights) forget(key string, c *flight) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls[key] == c {
		delete(f.calls, key)
	}
}

// waiting counts the requests waiting for shared work (for tests).
func (f *flights) waiting() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c.waiters
	}
	return n
}
