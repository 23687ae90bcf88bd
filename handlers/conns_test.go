package handlers

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// listening serves f's API on a capped listener on 127.0.0.1 and returns
// its address; the server is closed at the end of the test.
func listening(t *testing.T, f *fixture) string {
	t.Helper()
	ln, err := f.srv.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := f.srv.HTTPServer("", Timeouts{ReadHeader: 10 * time.Second})
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	t.Cleanup(func() {
		hs.Close()
		select {
		case <-served:
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after Close")
		}
	})
	return ln.Addr().String()
}

// get fetches /healthz through its own transport, which keeps its
// connection alive afterwards (idle), until the test ends.
func get(t *testing.T, addr string) error {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := c.Get("http://" + addr + "/healthz")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

func (l *connLimit) peakOpen() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.peak
}

// TestConnectionCapClosesAnIdleOneForANewClient: at the cap, with one
// connection an idle keep-alive and the other busy with a render that does
// not end, a new client is served at once: the idle one is closed for it,
// not left until an idle timeout that here never comes (a client held that
// long would time out instead).
func TestConnectionCapClosesAnIdleOneForANewClient(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxConns = 2 })
	started, release := blockRenders(f)
	defer close(release)
	addr := listening(t, f)
	if err := get(t, addr); err != nil { // an idle keep-alive from now on
		t.Fatal(err)
	}
	go func() { // a busy connection
		if resp, err := http.Get("http://" + addr + articleURL); err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	if err := get(t, addr); err != nil {
		t.Errorf("a client at the cap, one connection idle and one busy: %v", err)
	}
}

// TestConnectionCapClosesIdleKeepAlives: at the cap, idle keep-alive
// connections give way to new clients, which are all served, and the
// server never holds more connections than the cap.
func TestConnectionCapClosesIdleKeepAlives(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxConns = 3 })
	addr := listening(t, f)
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- get(t, addr)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a client was not served: %v", err)
		}
	}
	if p := f.srv.conns.peakOpen(); p > 3 {
		t.Errorf("%d connections open at once, cap 3", p)
	}
}

// TestConnectionCapWaitsForAConnectionToClose: with every connection busy
// (here: sending no request yet), a new client waits instead of being
// accepted beyond the cap, and is served once one closes.
func TestConnectionCapWaitsForAConnectionToClose(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxConns = 2 })
	addr := listening(t, f)
	var held []net.Conn
	for range 2 {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	waitFor(t, func() bool { return testutil.ToFloat64(f.srv.metrics.conns) == 2 })
	// The third connection is made (the kernel queues it) and sends its
	// request, but is not accepted: no answer comes while the two are open.
	third, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if _, err := io.WriteString(third, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	third.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if n, _ := third.Read(make([]byte, 1)); n > 0 {
		t.Error("a connection beyond the cap was answered while the others were open")
	}
	held[0].Close()
	third.SetReadDeadline(time.Now().Add(15 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(third), nil)
	if err != nil {
		t.Fatalf("the waiting connection was not served after another closed: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the waiting connection: %s", resp.Status)
	}
	if p := f.srv.conns.peakOpen(); p > 2 {
		t.Errorf("%d connections open at once, cap 2", p)
	}
}

// TestConnectionCapListenerCloses: a listener waiting at the cap still
// closes, so shutdown does not hang on it.
func TestConnectionCapListenerCloses(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxConns = 1 })
	ln, err := f.srv.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first, err := ln.Accept() // takes the only slot
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	accepted := make(chan error, 1)
	go func() {
		_, err := ln.Accept()
		accepted <- err
	}()
	ln.Close()
	select {
	case err := <-accepted:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Accept after Close: %v, want net.ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Accept waiting at the cap did not return after Close")
	}
}

func TestIdleTimeoutDefault(t *testing.T) {
	f := newFixture(t, nil)
	hs := f.srv.HTTPServer(":0", Timeouts{})
	if hs.IdleTimeout != 30*time.Second || f.srv.cfg.MaxConns != DefaultMaxConns || hs.ConnState == nil {
		t.Errorf("idle timeout %v, max conns %d, conn state hook %v", hs.IdleTimeout, f.srv.cfg.MaxConns, hs.ConnState != nil)
	}
}
