package handlers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// untouchable is a request body that records whether anyone read it.
type untouchable struct{ read bool }

func (u *untouchable) Read(p []byte) (int, error) {
	u.read = true
	return 0, io.ErrUnexpectedEOF
}

// TestContentLengthOverTheLimitIsNotRead: a body announced larger than the
// limit is refused with 413 before a byte of it is read.
func TestContentLengthOverTheLimitIsNotRead(t *testing.T) {
	for _, route := range []struct{ path, ctype string }{{"/v1/render", "text/plain"}, {"/v1/exports", "application/json"}} {
		f := exportFixture(t, func(c *Config) { c.MaxBodyBytes = 1024 })
		body := &untouchable{}
		r := req(http.MethodPost, route.path, "", route.ctype)
		r.Body, r.ContentLength = io.NopCloser(body), 1<<40
		checkProblem(t, serve(t, f.srv, r), http.StatusRequestEntityTooLarge, "larger than the limit")
		if body.read {
			t.Errorf("%s: the body of a request announced too large was read", route.path)
		}
		if n := f.srv.bodies.inUse(); n != 0 {
			t.Errorf("%s: %d bytes of the budget taken after a refusal", route.path, n)
		}
	}
}

// TestExpectContinueTooLargeIsAnsweredAtOnce: a client that asks before
// sending a huge body (Expect: 100-continue) must get 413, not "100
// Continue". Against the real server, over raw TCP, since net/http sends
// the 100 itself when a handler starts reading.
func TestExpectContinueTooLargeIsAnsweredAtOnce(t *testing.T) {
	h := newHostileServer(t)
	for _, route := range []struct{ path, ctype string }{{"/v1/render", "text/plain"}, {"/v1/exports", "application/json"}} {
		c := h.dial(t)
		head := "POST " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + route.ctype + "\r\n" +
			"Content-Length: 1099511627776\r\nExpect: 100-continue\r\n\r\n"
		if _, err := io.WriteString(c, head); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		status, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			t.Fatalf("%s: no status line within 10 s: %v", route.path, err)
		}
		if !strings.HasPrefix(status, "HTTP/1.1 413 ") {
			t.Errorf("%s: the first answer is %q, want 413", route.path, strings.TrimSpace(status))
		}
	}
	// A body within the limit still gets its 100 Continue, then its PDF.
	c := h.dial(t)
	head := fmt.Sprintf("POST /v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", len(validText))
	if _, err := io.WriteString(c, head); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	br := bufio.NewReader(c)
	if status, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(status, "HTTP/1.1 100 ") {
		t.Fatalf("a body within the limit: first answer %q (%v), want 100 Continue", status, err)
	}
	if _, err := br.ReadString('\n'); err != nil { // the blank line after the 100
		t.Fatal(err)
	}
	if _, err := io.WriteString(c, validText); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a body within the limit after 100 Continue: status %d", resp.StatusCode)
	}
}

// TestContentEncodingIsRefused: a compressed body is refused with 415 and
// says so, rather than being read as text full of control characters.
func TestContentEncodingIsRefused(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.WriteString(zw, validText)
	zw.Close()
	for _, route := range []struct{ path, ctype, body string }{
		{"/v1/render", "text/plain", gz.String()},
		{"/v1/exports", "application/json", gz.String()},
	} {
		for _, enc := range []string{"gzip", "GZIP", "br", "deflate, identity"} {
			f := exportFixture(t, nil)
			r := req(http.MethodPost, route.path, route.body, route.ctype)
			r.Header.Set("Content-Encoding", enc)
			rec := serve(t, f.srv, r)
			checkProblem(t, rec, http.StatusUnsupportedMediaType, "Content-Encoding "+enc, "uncompressed")
			if got := rec.Header().Get("Accept-Encoding"); got != "identity" {
				t.Errorf("%s with %s: Accept-Encoding %q, want identity", route.path, enc, got)
			}
		}
	}
	f := newFixture(t, nil)
	r := req(http.MethodPost, "/v1/render", validText, "text/plain")
	r.Header.Set("Content-Encoding", "identity")
	checkPDF(t, serve(t, f.srv, r))
}

// TestBodyBudget: bodies take their size from the budget before they are
// read and keep it until answered; a body that does not fit within the
// queue wait is refused with 503 and Retry-After, without being read or
// rendered.
func TestBodyBudget(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxBodyBytes, c.BodyBudget, c.QueueWait = 600, 1000, 50*time.Millisecond })
	started, release := blockRenders(f)
	post := func(size int) *http.Request {
		return req(http.MethodPost, "/v1/render", textOfSize(size), "text/plain")
	}

	first := serveAsync(f, post(600))
	began(t, started)
	if n := f.srv.bodies.inUse(); n != 600 {
		t.Fatalf("a body of 600 bytes being rendered holds %d bytes of the budget", n)
	}
	// 600 more do not fit in 1000.
	shed := receive(t, serveAsync(f, post(600))) // async: were it admitted, its render would block
	checkProblem(t, shed, http.StatusServiceUnavailable, "busy")
	if ra := shed.Header().Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After %q, want 1", ra)
	}
	// A chunked body counts as the largest allowed, since it may be.
	chunked := post(100)
	chunked.ContentLength = -1
	checkProblem(t, receive(t, serveAsync(f, chunked)), http.StatusServiceUnavailable, "busy")
	// 400 do fit.
	second := serveAsync(f, post(400))
	began(t, started)
	if v := testutil.ToFloat64(f.srv.metrics.bodyBytes); v != 1000 {
		t.Errorf("pdfexport_request_body_bytes = %v, want 1000", v)
	}
	close(release)
	checkPDF(t, receive(t, first))
	checkPDF(t, receive(t, second))
	if n := len(f.ren.recorded()); n != 2 {
		t.Errorf("%d renders, want 2: refused bodies are not rendered", n)
	}
	if n := f.srv.bodies.inUse(); n != 0 {
		t.Errorf("%d bytes still taken after every answer", n)
	}
	if v := testutil.ToFloat64(f.srv.metrics.errors.WithLabelValues(reasonOverloaded)); v != 2 {
		t.Errorf("overloaded = %v, want 2", v)
	}
}

// TestBodyBudgetDefault: twice the largest body per render slot.
func TestBodyBudgetDefault(t *testing.T) {
	s := New(Config{Source: &fakeSource{}, MaxRenders: 3, MaxBodyBytes: 1000})
	if s.cfg.BodyBudget != 6000 {
		t.Errorf("default body budget %d, want 2 × 3 slots × 1000 bytes", s.cfg.BodyBudget)
	}
}

func newTestBudget(size int64, wait time.Duration) *budget {
	return newBudget(size, wait, prometheus.NewGauge(prometheus.GaugeOpts{Name: "test"}))
}

// acquireAsync takes n bytes in another goroutine.
func acquireAsync(b *budget, ctx context.Context, n int64) <-chan error {
	out := make(chan error, 1)
	go func() {
		_, err := b.acquire(ctx, n)
		out <- err
	}()
	return out
}

func waitErr(t *testing.T, c <-chan error) error {
	t.Helper()
	select {
	case err := <-c:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("acquire did not return within 10 s")
		return nil
	}
}

// TestBudgetOrder: waiters are served in order, so a large body is not
// starved by a stream of small ones; one that gives up lets those behind
// it in; releasing twice gives back once.
func TestBudgetOrder(t *testing.T) {
	b := newTestBudget(10, time.Minute)
	rel7, err := b.acquire(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	ctx, giveUp := context.WithCancel(context.Background())
	large := acquireAsync(b, ctx, 8)
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.waiters.Len() == 1 })
	small := acquireAsync(b, context.Background(), 2) // would fit, but the large one came first
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.waiters.Len() == 2 })
	if n := b.inUse(); n != 7 {
		t.Fatalf("in use %d, want 7: the small one must queue behind the large one", n)
	}
	giveUp()
	if err := waitErr(t, large); !errors.Is(err, context.Canceled) {
		t.Errorf("the large waiter that gave up: %v", err)
	}
	if err := waitErr(t, small); err != nil {
		t.Errorf("the small waiter after the large one left: %v", err)
	}
	if n := b.inUse(); n != 9 {
		t.Errorf("in use %d, want 9", n)
	}
	rel7()
	rel7()
	if n := b.inUse(); n != 2 {
		t.Errorf("in use %d after releasing 7 twice, want 2", n)
	}
	// More than the whole budget takes the whole budget, once it is free.
	huge := acquireAsync(b, context.Background(), 50)
	waitFor(t, func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.waiters.Len() == 1 })
	b.mu.Lock()
	b.give(2)
	b.mu.Unlock()
	if err := waitErr(t, huge); err != nil || b.inUse() != 10 {
		t.Errorf("a request above the budget: %v, in use %d, want the whole 10", err, b.inUse())
	}
}

// TestBudgetWaitIsBounded: a waiter gives up after the wait, with
// errOverloaded, and leaves no bytes taken.
func TestBudgetWaitIsBounded(t *testing.T) {
	b := newTestBudget(10, 20*time.Millisecond)
	if _, err := b.acquire(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	if err := waitErr(t, acquireAsync(b, context.Background(), 1)); !errors.Is(err, errOverloaded) {
		t.Errorf("after the wait: %v, want errOverloaded", err)
	}
	if n := b.inUse(); n != 10 {
		t.Errorf("in use %d, want 10", n)
	}
}

// stallingWriter is a client that reads its response slowly: Write blocks
// until released.
type stallingWriter struct {
	*httptest.ResponseRecorder
	writing chan struct{}
	release chan struct{}
}

func (s *stallingWriter) Write(p []byte) (int, error) {
	s.writing <- struct{}{}
	<-s.release
	return s.ResponseRecorder.Write(p)
}

// TestResponseBudget: a PDF being written to a slow client holds its size
// of the response budget; another PDF that does not fit within the queue
// wait is answered 503 with Retry-After, and the bytes come back when the
// slow client is done.
func TestResponseBudget(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.ResponseBudget, c.QueueWait = int64(len(fakePDF))*3/2, 20*time.Millisecond })
	slow := &stallingWriter{httptest.NewRecorder(), make(chan struct{}, 1), make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.srv.ServeHTTP(slow, req(http.MethodGet, articleURL, "", ""))
	}()
	select {
	case <-slow.writing:
	case <-time.After(10 * time.Second):
		t.Fatal("the slow response did not start")
	}
	if n := f.srv.responses.inUse(); n != int64(len(fakePDF)) {
		t.Errorf("a PDF being written holds %d bytes of the budget, want %d", n, len(fakePDF))
	}
	rec := receive(t, serveAsync(f, req(http.MethodGet, articleURL+"?scale=2", "", "")))
	checkProblem(t, rec, http.StatusServiceUnavailable, "busy")
	if rec.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// HEAD writes no PDF and takes nothing.
	if rec := receive(t, serveAsync(f, req(http.MethodHead, articleURL+"?scale=2", "", ""))); rec.Code != http.StatusOK {
		t.Errorf("HEAD while the budget is taken: %d", rec.Code)
	}
	close(slow.release)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the slow response did not end")
	}
	checkPDF(t, slow.ResponseRecorder)
	if n := f.srv.responses.inUse(); n != 0 {
		t.Errorf("%d bytes still taken after the slow client", n)
	}
	checkPDF(t, receive(t, serveAsync(f, req(http.MethodGet, articleURL+"?scale=2", "", ""))))
}
