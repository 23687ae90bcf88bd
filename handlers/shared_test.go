package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// receive waits for a response, failing the test rather than hanging it.
func receive(t *testing.T, c <-chan *httptest.ResponseRecorder) *httptest.ResponseRecorder {
	t.Helper()
	select {
	case rec := <-c:
		return rec
	case <-time.After(10 * time.Second):
		t.Fatal("no response within 10 s")
		return nil
	}
}

// began waits for a blocked render to start, failing the test rather than
// hanging it when none does.
func began(t *testing.T, started <-chan struct{}) {
	t.Helper()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("no render started within 10 s")
	}
}

// TestSharedRenderOutlivesTheFirstClient: two identical requests share one
// render; the first one's client goes away while both are queued for a
// render slot. The second never left and must get its PDF.
func TestSharedRenderOutlivesTheFirstClient(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRenders, c.MaxQueue, c.QueueWait = 1, 4, 10*time.Second })
	started, release := blockRenders(f)
	busy := serveAsync(f, req(http.MethodGet, articleURL+"?scale=2", "", "")) // takes the only slot
	began(t, started)
	ctx, leave := context.WithCancel(context.Background())
	first := serveAsync(f, req(http.MethodGet, articleURL, "", "").WithContext(ctx))
	waitFor(t, func() bool { return testutil.ToFloat64(f.srv.metrics.queued) == 1 })
	second := serveAsync(f, req(http.MethodGet, articleURL, "", ""))
	// Waiting: the busy request for its own render, and the two sharing one.
	waitFor(t, func() bool { return f.srv.flights.waiting() == 3 })

	leave()
	waitFor(t, func() bool { return f.srv.flights.waiting() < 3 }) // the first's leaving is counted
	close(release)
	checkPDF(t, receive(t, second))
	checkPDF(t, receive(t, busy))
	if rec := receive(t, first); rec.Code != statusClientClosed {
		t.Errorf("the client that left: status %d, want 499", rec.Code)
	}
	if n := len(f.ren.recorded()); n != 2 {
		t.Errorf("%d renders, want 2: the busy one and the shared one", n)
	}
}

// TestSharedRenderEndsWhenEveryClientHasGone: when every request waiting
// for a render has gone, the render is called off, and a later identical
// request starts a render of its own rather than joining the cancelled one.
func TestSharedRenderEndsWhenEveryClientHasGone(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRenders, c.MaxQueue, c.QueueWait = 1, 4, time.Minute })
	started, release := blockRenders(f)
	busy := serveAsync(f, req(http.MethodGet, articleURL+"?scale=2", "", ""))
	began(t, started)
	ctx1, leave1 := context.WithCancel(context.Background())
	ctx2, leave2 := context.WithCancel(context.Background())
	first := serveAsync(f, req(http.MethodGet, articleURL, "", "").WithContext(ctx1))
	waitFor(t, func() bool { return f.srv.flights.waiting() == 2 }) // the busy one's and the first
	second := serveAsync(f, req(http.MethodGet, articleURL, "", "").WithContext(ctx2))
	waitFor(t, func() bool { return f.srv.flights.waiting() == 3 })
	leave2()
	receive(t, second)
	leave1()
	// The work's context ended: the first request stops queueing at once,
	// although the slot is still taken.
	receive(t, first)
	if q := testutil.ToFloat64(f.srv.metrics.queued); q != 0 {
		t.Errorf("%v requests still queued after every client left", q)
	}
	third := serveAsync(f, req(http.MethodGet, articleURL, "", ""))
	waitFor(t, func() bool { return f.srv.flights.waiting() == 2 })
	close(release)
	checkPDF(t, receive(t, third))
	checkPDF(t, receive(t, busy))
	if n := len(f.ren.recorded()); n != 2 {
		t.Errorf("%d renders, want 2: the busy one and the third request's", n)
	}
}

// TestClientThatLeavesIsNoServerError: a client that disconnects while its
// request waits for a render slot gets no answer, so none is written: the
// request is logged (below error) and counted with nginx's 499, under the
// reason canceled, never as a 5xx or an internal failure.
func TestClientThatLeavesIsNoServerError(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRenders, c.MaxQueue, c.QueueWait = 1, 4, time.Minute })
	started, release := blockRenders(f)
	defer close(release)
	busy := serveAsync(f, req(http.MethodGet, articleURL+"?scale=2", "", ""))
	began(t, started)
	for _, r := range []*http.Request{
		req(http.MethodGet, articleURL, "", ""),
		req(http.MethodPost, "/v1/render", validText, "text/plain"),
	} {
		ctx, leave := context.WithCancel(context.Background())
		out := serveAsync(f, r.WithContext(ctx))
		waitFor(t, func() bool { return testutil.ToFloat64(f.srv.metrics.queued) == 1 })
		leave()
		rec := receive(t, out)
		if rec.Code != statusClientClosed || rec.Body.Len() != 0 {
			t.Errorf("%s %s: status %d with %d bytes, want 499 and nothing", r.Method, r.URL, rec.Code, rec.Body.Len())
		}
	}
	m := f.srv.metrics
	if v := testutil.ToFloat64(m.errors.WithLabelValues(reasonCanceled)); v != 2 {
		t.Errorf("canceled = %v, want 2", v)
	}
	for _, reason := range []string{reasonInternal, reasonOverloaded, reasonTimeout} {
		if v := testutil.ToFloat64(m.errors.WithLabelValues(reason)); v != 0 {
			t.Errorf("%s = %v, want 0", reason, v)
		}
	}
	for _, code := range []string{"503", "500"} {
		if v := testutil.ToFloat64(m.requests.WithLabelValues(routeArticle, "get", code)); v != 0 {
			t.Errorf("pdfexport_http_requests_total{code=%q} = %v, want 0", code, v)
		}
	}
	if v := testutil.ToFloat64(m.requests.WithLabelValues(routeArticle, "get", "499")); v != 1 {
		t.Errorf("pdfexport_http_requests_total{code=\"499\"} = %v, want 1", v)
	}
	logs := f.log.String()
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("a client leaving is logged as an error:\n%s", logs)
	}
	if !strings.Contains(logs, "client went away") || !strings.Contains(logs, "status=499") {
		t.Errorf("the log does not say the client left:\n%s", logs)
	}
	release <- struct{}{}
	checkPDF(t, receive(t, busy))
}
