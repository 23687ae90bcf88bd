package handlers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// errOverloaded is returned when every render slot is busy and the queue is
// full, or a queued request waited too long: the client should retry later.
var errOverloaded = errors.New("overloaded")

// limiter bounds concurrent renders: up to slots at once, up to maxQueue more
// waiting at most wait each; everything beyond is refused at once. Nothing
// waits without bound and no goroutine is started.
type limiter struct {
	slots    chan struct{}
	queued   atomic.Int64
	maxQueue int64
	wait     time.Duration
	m        *metrics
}

func newLimiter(slots, maxQueue int, wait time.Duration, m *metrics) *limiter {
	return &limiter{slots: make(chan struct{}, slots), maxQueue: int64(maxQueue), wait: wait, m: m}
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
	l.m.queued.Inc()
	defer func() {
		l.queued.Add(-1)
		l.m.queued.Dec()
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
type flights struct {
	mu    sync.Mutex
	calls map[string]*flight
}

type flight struct {
	done chan struct{}
	val  cached
	err  error
}

// do runs fn once per key at a time; shared reports whether the result came
// from another request's render.
func (f *flights) do(ctx context.Context, key string, fn func() (cached, error)) (v cached, shared bool, err error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]*flight{}
	}
	if c, ok := f.calls[key]; ok {
		f.mu.Unlock()
		select {
		case <-c.done:
			return c.val, true, c.err
		case <-ctx.Done():
			return cached{}, true, ctx.Err()
		}
	}
	c := &flight{done: make(chan struct{}), err: errors.New("render abandoned")}
	f.calls[key] = c
	f.mu.Unlock()
	defer func() { // even if fn panics, the waiters are released
		f.mu.Lock()
		delete(f.calls, key)
		f.mu.Unlock()
		close(c.done)
	}()
	c.val, c.err = fn()
	return c.val, false, c.err
}
