package images

import (
	"context"
	"sync"
)

// budget is a weighted semaphore over bytes of decoding memory: a decode
// takes what it is estimated to hold and gives it back when done. Waiters
// are served in arrival order, so a large picture is not starved by a
// stream of small ones (which would each fit beside whatever runs).
//
// Weighted rather than counted: a semaphore of N decodes bounds memory only
// by N × the worst case, and the worst case differs by a factor of twelve
// between a baseline 4:2:0 JPEG (1.5 bytes a pixel) and a progressive CMYK
// one; weighing each by its own estimate lets many small pictures decode
// side by side while one large one takes most of the budget.
type budget struct {
	mu      sync.Mutex
	size    int64
	used    int64
	waiters []*waiter
}

type waiter struct {
	n     int64
	ready chan struct{} // closed when the bytes are granted
}

func newBudget(size int64) *budget { return &budget{size: size} }

// acquire waits until n bytes (n ≤ size, which the caller checks) are free,
// or ctx ends.
func (b *budget) acquire(ctx context.Context, n int64) error {
	b.mu.Lock()
	if len(b.waiters) == 0 && b.used+n <= b.size {
		b.used += n
		b.mu.Unlock()
		return nil
	}
	w := &waiter{n: n, ready: make(chan struct{})}
	b.waiters = append(b.waiters, w)
	b.mu.Unlock()

	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-w.ready:
		// Granted while giving up: hand the bytes on.
		b.used -= n
	default:
		for i, x := range b.waiters {
			if x == w {
				b.waiters = append(b.waiters[:i], b.waiters[i+1:]...)
				break
			}
		}
	}
	// Either way the head of the queue may fit now.
	b.grant()
	return ctx.Err()
}

func (b *budget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.grant()
	b.mu.Unlock()
}

// grant wakes waiters in order while the first one fits.
func (b *budget) grant() {
	for len(b.waiters) > 0 {
		w := b.waiters[0]
		if b.used+w.n > b.size {
			return
		}
		b.used += w.n
		close(w.ready)
		b.waiters[0] = nil
		b.waiters = b.waiters[1:]
	}
}

// inUse reports the bytes held, for tests.
func (b *budget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}
