package handlers

import (
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultMaxConns is the default cap on open connections: each costs a
// file descriptor, a goroutine and its buffers, 17 KiB of heap idle and
// 107 KiB while 60 KiB of headers arrive (TestConnectionMemory), so 256 of
// them at most 30 MiB.
const DefaultMaxConns = 256

// Listen listens on addr (TCP) for the server's HTTP server (HTTPServer),
// holding at most Config.MaxConns connections open at once. At the cap, the
// connection idle the longest (a keep-alive between requests) is closed to
// admit the new one, as the idle timeout would have closed it; when none
// is idle, the next connection waits in the kernel's queue until one
// closes. Twenty thousand idle keep-alives once exhausted the process's
// file descriptors.
func (s *Server) Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return s.conns.wrap(ln), nil
}

// connLimit caps the connections of the listeners it wraps and learns from
// the HTTP server (ConnState) which of them are idle. Safe for concurrent
// use.
type connLimit struct {
	slots chan struct{}
	gauge prometheus.Gauge

	mu      sync.Mutex
	idle    map[*limitedConn]time.Time // idle keep-alives, and since when
	waiting int                        // Accepts waiting for a slot
	open    int
	peak    int // the most connections open at once (for tests)
}

func newConnLimit(max int, gauge prometheus.Gauge) *connLimit {
	return &connLimit{slots: make(chan struct{}, max), gauge: gauge, idle: map[*limitedConn]time.Time{}}
}

func (l *connLimit) wrap(ln net.Listener) net.Listener {
	return &limitedListener{Listener: ln, l: l, done: make(chan struct{})}
}

// track is the http.Server's ConnState hook. A connection that turns idle
// while a new one waits for its slot is closed at once.
func (l *connLimit) track(c net.Conn, state http.ConnState) {
	lc, ok := c.(*limitedConn)
	if !ok {
		return // a connection from a listener not wrapped (tests with their own)
	}
	l.mu.Lock()
	giveWay := state == http.StateIdle && l.waiting > 0
	if state == http.StateIdle && !giveWay {
		l.idle[lc] = time.Now()
	} else {
		delete(l.idle, lc)
	}
	l.mu.Unlock()
	if giveWay {
		lc.Close()
	}
}

// closeIdlest closes the connection idle the longest, if any.
func (l *connLimit) closeIdlest() {
	l.mu.Lock()
	var oldest *limitedConn
	var since time.Time
	for c, t := range l.idle {
		if oldest == nil || t.Before(since) {
			oldest, since = c, t
		}
	}
	delete(l.idle, oldest)
	l.mu.Unlock()
	if oldest != nil {
		oldest.Close()
	}
}

// await takes a slot at the cap: the idlest connection gives way, or, if
// none is idle, the first to turn idle or to close does.
func (l *connLimit) await(done <-chan struct{}) error {
	l.mu.Lock()
	l.waiting++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.waiting--
		l.mu.Unlock()
	}()
	l.closeIdlest()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-done:
		return net.ErrClosed
	}
}

// openNow reports the connections open.
func (l *connLimit) openNow() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

func (l *connLimit) opened() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open++
	l.peak = max(l.peak, l.open)
	l.gauge.Set(float64(l.open))
}

func (l *connLimit) closed(c *limitedConn) {
	l.mu.Lock()
	delete(l.idle, c)
	l.open--
	l.gauge.Set(float64(l.open))
	l.mu.Unlock()
	<-l.slots
}

type limitedListener struct {
	net.Listener
	l         *connLimit
	done      chan struct{}
	closeOnce sync.Once
}

// Accept takes a slot before it accepts, so a connection beyond the cap
// stays in the kernel's queue rather than costing a goroutine.
func (ln *limitedListener) Accept() (net.Conn, error) {
	select {
	case ln.l.slots <- struct{}{}:
	default:
		if err := ln.l.await(ln.done); err != nil {
			return nil, err
		}
	}
	c, err := ln.Listener.Accept()
	if err != nil {
		<-ln.l.slots
		return nil, err
	}
	ln.l.opened()
	return &limitedConn{Conn: c, l: ln.l}, nil
}

func (ln *limitedListener) Close() error {
	ln.closeOnce.Do(func() { close(ln.done) })
	return ln.Listener.Close()
}

// limitedConn gives its slot back when closed, once.
type limitedConn struct {
	net.Conn
	l    *connLimit
	once sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.closed(c) })
	return err
}
