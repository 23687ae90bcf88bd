package handlers

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// errEncoding is a request body in a content coding the API does not read.
var errEncoding = fmt.Errorf("%w: Content-Encoding", errMediaType)

// readBody admits and reads a request body of at most limit bytes. What a
// body costs in memory is paid before the render limiter is reached
// (reading, parsing, validating, hashing), so bodies are admitted by size
// through the server's byte budget first, and nothing is read before then:
//
//   - a Content-Encoding other than identity is refused (415): the body
//     would have to be decompressed, by an unknown factor, to be checked;
//   - a Content-Length above the limit is refused at once (413), without
//     reading a byte, so that a client sending "Expect: 100-continue" is
//     told before it sends the body (net/http answers 100 Continue only
//     when the handler reads);
//   - the body's size (the limit when the length is not given: chunked) is
//     taken from the budget, waiting at most the queue wait, else 503 with
//     Retry-After;
//   - the body is read into a buffer of its announced size.
//
// The caller holds the budget until its answer is written, since the
// article parsed from the body lives that long, and calls release then.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, limit int64) (data []byte, release func(), err error) {
	if ce := strings.TrimSpace(r.Header.Get("Content-Encoding")); ce != "" && !strings.EqualFold(ce, "identity") {
		w.Header().Set("Accept-Encoding", "identity") // RFC 9110 §12.5.3: the codings a request may use
		return nil, nil, fmt.Errorf("%w %s is not supported; send the body uncompressed (a body is at most %d bytes)", errEncoding, ce, limit)
	}
	if r.ContentLength > limit {
		return nil, nil, &http.MaxBytesError{Limit: limit}
	}
	size := r.ContentLength
	if size < 0 {
		size = limit // chunked: it may be as large as the limit
	}
	release, err = s.bodies.acquire(r.Context(), size)
	if err != nil {
		return nil, nil, err
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	if r.ContentLength >= 0 {
		data = make([]byte, r.ContentLength)
		// net/http returns EOF with a body's last bytes, so ReadFull hits
		// it, and the server starts watching the connection for the client
		// leaving (which cancels r's context).
		_, err = io.ReadFull(body, data)
	} else {
		data, err = io.ReadAll(body)
	}
	if err != nil {
		release()
		// A body cut short is the client's error (400) even when it has
		// gone: one that only half-closed its connection still reads.
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) {
			err = fmt.Errorf("%w: %v (was the upload cut short?)", errBodyRead, err)
		}
		return nil, nil, err
	}
	return data, release, nil
}

// budget is a semaphore counted in bytes: request bodies take their size
// from it before they are read and give it back when answered, so the
// memory that bodies (and the articles parsed from them) hold at once is
// bounded by its size, whatever the number of clients. Waiters are served
// in order of arrival, so a large body is not starved by small ones; each
// waits at most wait. Safe for concurrent use.
type budget struct {
	size  int64
	wait  time.Duration
	gauge prometheus.Gauge

	mu      sync.Mutex
	used    int64
	waiters list.List // of *budgetWaiter, oldest first
}

type budgetWaiter struct {
	n     int64
	ready chan struct{} // closed when the bytes are granted
}

func newBudget(size int64, wait time.Duration, gauge prometheus.Gauge) *budget {
	return &budget{size: size, wait: wait, gauge: gauge}
}

// acquire takes n bytes (at most the whole budget), waiting if they are not
// free; release gives them back.
func (b *budget) acquire(ctx context.Context, n int64) (release func(), err error) {
	n = min(max(n, 0), b.size)
	b.mu.Lock()
	if b.waiters.Len() == 0 && b.used+n <= b.size {
		b.take(n)
		b.mu.Unlock()
		return b.releaser(n), nil
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
	el := b.waiters.PushBack(w)
	b.mu.Unlock()

	timer := time.NewTimer(b.wait)
	defer timer.Stop()
	select {
	case <-w.ready:
		return b.releaser(n), nil
	case <-timer.C:
		err = errOverloaded
	case <-ctx.Done():
		err = ctx.Err()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-w.ready: // granted as it gave up: give the bytes back
		b.give(n)
	default:
		b.waiters.Remove(el)
		b.grant() // those behind it may fit now
	}
	return nil, err
}

func (b *budget) releaser(n int64) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.give(n)
		})
	}
}

// take, give and grant are called with mu held.
func (b *budget) take(n int64) {
	b.used += n
	b.gauge.Set(float64(b.used))
}

func (b *budget) give(n int64) {
	b.used -= n
	b.gauge.Set(float64(b.used))
	b.grant()
}

// grant admits waiters in order while the first one fits.
func (b *budget) grant() {
	for b.waiters.Len() > 0 {
		front := b.waiters.Front()
		w := front.Value.(*budgetWaiter)
		if b.used+w.n > b.size {
			return
		}
		b.take(w.n)
		b.waiters.Remove(front)
		close(w.ready)
	}
}

// inUse reports the bytes taken (for tests).
func (b *budget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}
