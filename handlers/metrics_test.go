package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"pdfexport/internal/pdftest"
	"pdfexport/render"
	"pdfexport/source"
)

// The metric helpers read s.metrics.registry through Gather, as a Prometheus
// server would.

// sample is one gathered series.
type sample struct {
	labels map[string]string
	value  float64 // counter or gauge value
	count  uint64  // histogram sample count
	sum    float64 // histogram sample sum
}

// gather returns the series of the metric family name whose labels include
// want.
func gather(t *testing.T, s *Server, name string, want map[string]string) []sample {
	t.Helper()
	mfs, err := s.metrics.registry.Gather()
	if err != nil {
		t.Fatalf("gathering metrics: %v", err)
	}
	var out []sample
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			sm := sample{labels: map[string]string{}}
			for _, lp := range m.GetLabel() {
				sm.labels[lp.GetName()] = lp.GetValue()
			}
			match := true
			for k, v := range want {
				if sm.labels[k] != v {
					match = false
				}
			}
			if !match {
				continue
			}
			switch {
			case m.GetCounter() != nil:
				sm.value = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				sm.value = m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				sm.count = m.GetHistogram().GetSampleCount()
				sm.sum = m.GetHistogram().GetSampleSum()
			}
			out = append(out, sm)
		}
	}
	return out
}

// value returns the value of the one counter or gauge series with exactly
// these labels (0 when the series does not exist).
func value(t *testing.T, s *Server, name string, labels map[string]string) float64 {
	t.Helper()
	ss := gather(t, s, name, labels)
	switch len(ss) {
	case 0:
		return 0
	case 1:
		return ss[0].value
	}
	t.Fatalf("%s%v matches %d series", name, labels, len(ss))
	return 0
}

// histogram returns the sample count and sum of the one histogram series with
// these labels (0, 0 when it does not exist).
func histogram(t *testing.T, s *Server, name string, labels map[string]string) (uint64, float64) {
	t.Helper()
	ss := gather(t, s, name, labels)
	switch len(ss) {
	case 0:
		return 0, 0
	case 1:
		return ss[0].count, ss[0].sum
	}
	t.Fatalf("%s%v matches %d series", name, labels, len(ss))
	return 0, 0
}

var allReasons = []string{
	reasonUnauthorized, reasonOverloaded,
	reasonBadRequest, reasonNotFound, reasonMediaType, reasonTooLarge,
	reasonUnprocessable, reasonPrecondition, reasonCanceled, reasonTimeout, reasonInternal,
	reasonSourceDown, reasonBadGateway,
}

// errorCounts returns pdfexport_render_errors_total by reason.
func errorCounts(t *testing.T, s *Server) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, sm := range gather(t, s, "pdfexport_render_errors_total", nil) {
		out[sm.labels["reason"]] = sm.value
	}
	return out
}

func TestMetricsRenderDuration(t *testing.T) {
	tests := []struct {
		name   string
		req    func() *http.Request
		origin string
	}{
		{"archive", func() *http.Request { return req(http.MethodGet, "/v1/articles/moscow.pdf", "", "") }, originArchive},
		{"request", func() *http.Request { return req(http.MethodPost, "/v1/render", validText, "text/plain") }, originRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			const dur = "pdfexport_render_duration_seconds"
			if n := len(gather(t, f.srv, dur, nil)); n != 0 {
				t.Fatalf("%d render duration series before any render", n)
			}
			checkPDF(t, serve(t, f.srv, tt.req()))

			series := gather(t, f.srv, dur, nil)
			if len(series) != 1 || series[0].labels["origin"] != tt.origin {
				t.Fatalf("render duration series = %+v, want one with origin=%q", series, tt.origin)
			}
			if series[0].count != 1 {
				t.Errorf("%s{origin=%q} has %d observations, want 1", dur, tt.origin, series[0].count)
			}
			if series[0].sum < 0 || series[0].sum > 60 {
				t.Errorf("render duration sum %v s is implausible", series[0].sum)
			}
			// The fake renderer reports 2 pages and len(fakePDF) bytes.
			if c, sum := histogram(t, f.srv, "pdfexport_render_pages", map[string]string{"origin": tt.origin}); c != 1 || sum != 2 {
				t.Errorf("pages histogram: count %d sum %v, want 1 and 2", c, sum)
			}
			if c, sum := histogram(t, f.srv, "pdfexport_render_bytes", map[string]string{"origin": tt.origin}); c != 1 || sum != float64(len(fakePDF)) {
				t.Errorf("bytes histogram: count %d sum %v, want 1 and %d", c, sum, len(fakePDF))
			}
			for reason, v := range errorCounts(t, f.srv) {
				if v != 0 {
					t.Errorf("a successful render counted an error %q", reason)
				}
			}
			// A second render of the same origin adds an observation, not a series.
			checkPDF(t, serve(t, f.srv, tt.req()))
			if c, _ := histogram(t, f.srv, dur, map[string]string{"origin": tt.origin}); c != 2 {
				t.Errorf("after two renders: %d observations, want 2", c)
			}
			if n := len(gather(t, f.srv, dur, nil)); n != 1 {
				t.Errorf("after two renders: %d series, want 1", n)
			}
		})
	}
}

func TestMetricsErrorReasons(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(*fixture)
		req    func() *http.Request
		status int
		reason string
	}{
		{"unknown article", nil, func() *http.Request { return req(http.MethodGet, "/v1/articles/nope.pdf", "", "") }, 404, reasonNotFound},
		{"malformed ID", nil, func() *http.Request { return req(http.MethodGet, "/v1/articles/a.b.pdf", "", "") }, 400, reasonBadRequest},
		{"bad scale on GET", nil, func() *http.Request { return req(http.MethodGet, "/v1/articles/moscow.pdf?scale=abc", "", "") }, 400, reasonBadRequest},
		{"bad paper on POST", nil, func() *http.Request { return req(http.MethodPost, "/v1/render?paper=a5", validText, "text/plain") }, 400, reasonBadRequest},
		{"empty body", nil, func() *http.Request { return req(http.MethodPost, "/v1/render", "", "text/plain") }, 400, reasonBadRequest},
		{"unsupported media type", nil, func() *http.Request { return req(http.MethodPost, "/v1/render", "<p>", "application/xml") }, 415, reasonMediaType},
		{"too large", nil, func() *http.Request { return req(http.MethodPost, "/v1/render", textOfSize(2048), "text/plain") }, 413, reasonTooLarge},
		{"unprocessable", nil, func() *http.Request { return req(http.MethodPost, "/v1/render", `{"body":["x"]}`, "application/json") }, 422, reasonUnprocessable},
		{"render timeout", func(f *fixture) { f.ren.setErr(fmt.Errorf("layout: %w", context.DeadlineExceeded), "") },
			func() *http.Request { return req(http.MethodGet, "/v1/articles/moscow.pdf", "", "") }, 503, reasonTimeout},
		{"broken stored file", nil, func() *http.Request { return req(http.MethodGet, "/v1/articles/broken.pdf", "", "") }, 500, reasonInternal},
		{"CMS down", func(f *fixture) {
			f.src.broken["moscow"] = &source.UnavailableError{RetryAfter: 3 * time.Second, Err: errors.New("connection refused")}
		}, func() *http.Request { return req(http.MethodGet, "/v1/articles/moscow.pdf", "", "") }, 503, reasonSourceDown},
		{"CMS answer unusable", func(f *fixture) { f.src.broken["moscow"] = fmt.Errorf("%w: post moscow: bad JSON", source.ErrUpstream) },
			func() *http.Request { return req(http.MethodGet, "/v1/articles/moscow.pdf", "", "") }, 502, reasonBadGateway},
		{"renderer failure", func(f *fixture) { f.ren.setErr(errors.New("boom"), "") },
			func() *http.Request { return req(http.MethodPost, "/v1/render", validText, "text/plain") }, 500, reasonInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.MaxBodyBytes = 1024 })
			if tt.setup != nil {
				tt.setup(f)
			}
			before := errorCounts(t, f.srv)
			for _, r := range allReasons {
				if v, ok := before[r]; !ok || v != 0 {
					t.Errorf("before any request: reason %q = %v (present %v), want a zero series", r, v, ok)
				}
			}
			if len(before) != len(allReasons) {
				t.Errorf("reasons = %v, want exactly %v", before, allReasons)
			}

			rec := serve(t, f.srv, tt.req())
			checkProblem(t, rec, tt.status)

			after := errorCounts(t, f.srv)
			for _, r := range allReasons {
				want := 0.0
				if r == tt.reason {
					want = 1
				}
				if after[r] != want {
					t.Errorf("pdfexport_render_errors_total{reason=%q} = %v, want %v", r, after[r], want)
				}
			}
			if n := len(gather(t, f.srv, "pdfexport_render_duration_seconds", nil)); n != 0 {
				t.Errorf("a failed request observed a render duration (%d series)", n)
			}
			if v := value(t, f.srv, "pdfexport_renders_in_flight", nil); v != 0 {
				t.Errorf("renders in flight = %v after the request, want 0", v)
			}
		})
	}
}

// Requests that are not for a PDF never count as render errors, whatever
// their status.
func TestMetricsNonRenderRequestsAreNotRenderErrors(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.SetReady(false) // /readyz answers 503
	requests := []*http.Request{
		req(http.MethodGet, "/healthz", "", ""),
		req(http.MethodHead, "/healthz", "", ""),
		req(http.MethodGet, "/readyz", "", ""),
		req(http.MethodGet, "/v1/articles", "", ""),
		req(http.MethodGet, "/metrics", "", ""),
		req(http.MethodGet, "/v1/render", "", ""),            // 405
		req(http.MethodDelete, "/v1/articles/x.pdf", "", ""), // 405
	}
	for _, r := range requests {
		serve(t, f.srv, r)
	}
	for reason, v := range errorCounts(t, f.srv) {
		if v != 0 {
			t.Errorf("pdfexport_render_errors_total{reason=%q} = %v, want 0", reason, v)
		}
	}
	if v := value(t, f.srv, "pdfexport_http_requests_total",
		map[string]string{"handler": routeHealth, "method": "get", "code": "200"}); v != 1 {
		t.Errorf("GET /healthz counted %v times in http_requests_total, want 1", v)
	}
	if v := value(t, f.srv, "pdfexport_http_requests_total",
		map[string]string{"handler": routeReady, "method": "get", "code": "503"}); v != 1 {
		t.Errorf("GET /readyz 503 counted %v times in http_requests_total, want 1", v)
	}
}

func scrape(t *testing.T, s *Server) string {
	t.Helper()
	rec := serve(t, s, req(http.MethodGet, "/metrics", "", ""))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("GET /metrics Content-Type = %q, want the text format", ct)
	}
	return rec.Body.String()
}

func TestMetricsHTTPRequestsUseRouteTemplate(t *testing.T) {
	f := newFixture(t, nil)
	for _, target := range []string{
		"/v1/articles/moscow.pdf",
		"/v1/articles/athens.pdf?scale=2",
		"/v1/articles/secret-unknown-id.pdf",
	} {
		serve(t, f.srv, req(http.MethodGet, target, "", ""))
	}
	serve(t, f.srv, req(http.MethodPost, "/v1/render", validText, "text/plain"))
	text := scrape(t, f.srv)

	want := []string{
		`pdfexport_http_requests_total{code="200",handler="/v1/articles/{id}.pdf",method="get"} 2`,
		`pdfexport_http_requests_total{code="404",handler="/v1/articles/{id}.pdf",method="get"} 1`,
		`pdfexport_http_requests_total{code="200",handler="/v1/render",method="post"} 1`,
		`pdfexport_http_request_duration_seconds_count{code="200",handler="/v1/articles/{id}.pdf",method="get"} 2`,
	}
	for _, w := range want {
		if !strings.Contains(text, w+"\n") {
			t.Errorf("/metrics has no line %q; the http lines are:\n%s", w, grepLines(text, "pdfexport_http_requests_total"))
		}
	}
	for _, leak := range []string{"moscow", "athens", "secret-unknown-id", "scale"} {
		if strings.Contains(text, leak) {
			t.Errorf("/metrics contains the raw request detail %q:\n%s", leak, grepLines(text, leak))
		}
	}
	// The same through the registry.
	if v := value(t, f.srv, "pdfexport_http_requests_total",
		map[string]string{"handler": routeArticle, "method": "get", "code": "200"}); v != 2 {
		t.Errorf("http_requests_total{handler=%q,code=200} = %v, want 2", routeArticle, v)
	}
	handlers := map[string]bool{}
	for _, sm := range gather(t, f.srv, "pdfexport_http_requests_total", nil) {
		handlers[sm.labels["handler"]] = true
	}
	for h := range handlers {
		if !strings.HasPrefix(h, "/") || strings.Contains(h, ".pdf") && h != routeArticle {
			t.Errorf("handler label %q is not a route template", h)
		}
	}
}

func grepLines(text, substr string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestMetricsEndpoint(t *testing.T) {
	f := newFixture(t, nil)
	text := scrape(t, f.srv)
	for _, re := range []string{
		`(?m)^go_goroutines \d+`,
		`(?m)^go_memstats_alloc_bytes `,
		`(?m)^process_cpu_seconds_total `,
		`(?m)^process_resident_memory_bytes `,
		`(?m)^pdfexport_renders_in_flight 0$`,
		`(?m)^pdfexport_missing_glyphs_total 0$`,
		`(?m)^pdfexport_render_errors_total\{reason="not_found"\} 0$`,
		`(?m)^pdfexport_render_errors_total\{reason="unsupported_media_type"\} 0$`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("/metrics does not match %s", re)
		}
	}
	// The scrape itself is counted under the /metrics template.
	text = scrape(t, f.srv)
	if !strings.Contains(text, `pdfexport_http_requests_total{code="200",handler="/metrics",method="get"} 1`) {
		t.Errorf("the first scrape is not counted:\n%s", grepLines(text, "pdfexport_http_requests_total"))
	}
}

func TestMetricsMissingGlyphs(t *testing.T) {
	f := newFixture(t, nil)
	f.ren.missing = 3
	checkPDF(t, serve(t, f.srv, req(http.MethodGet, "/v1/articles/moscow.pdf", "", "")))
	checkPDF(t, serve(t, f.srv, req(http.MethodPost, "/v1/render", validText, "text/plain")))
	if v := value(t, f.srv, "pdfexport_missing_glyphs_total", nil); v != 6 {
		t.Errorf("missing glyphs = %v, want 6", v)
	}
}

// pdfexport_renders_in_flight counts renders while they run and returns to 0
// afterwards, after successes and failures alike.
func TestMetricsRendersInFlight(t *testing.T) {
	f := newFixture(t, nil)
	const n = 3
	f.ren.started = make(chan struct{})
	f.ren.release = make(chan struct{})
	inFlight := func() float64 { return value(t, f.srv, "pdfexport_renders_in_flight", nil) }

	if v := inFlight(); v != 0 {
		t.Fatalf("in flight at start = %v", v)
	}
	var wg sync.WaitGroup
	codes := make(chan int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Distinct scales: identical requests would share one render.
			r := req(http.MethodGet, fmt.Sprintf("/v1/articles/moscow.pdf?scale=%d", i), "", "")
			if i == 0 {
				r = req(http.MethodPost, "/v1/render", validText, "text/plain")
			}
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, r)
			codes <- rec.Code
		}()
	}
	for range n {
		<-f.ren.started
	}
	if v := inFlight(); v != n {
		t.Errorf("in flight while %d renders block = %v", n, v)
	}
	close(f.ren.release)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 {
			t.Errorf("status %d", c)
		}
	}
	if v := inFlight(); v != 0 {
		t.Errorf("in flight after the renders = %v, want 0", v)
	}

	// A failing render also leaves nothing in flight.
	f.ren.started, f.ren.release = nil, nil
	f.ren.setErr(errors.New("boom"), "")
	checkProblem(t, serve(t, f.srv, req(http.MethodGet, "/v1/articles/moscow.pdf", "", "")), 500)
	if v := inFlight(); v != 0 {
		t.Errorf("in flight after a failed render = %v, want 0", v)
	}
}

// Every series the handlers create has a label value from a fixed set, so no
// request can grow the number of series.
func TestMetricsLabelValuesAreBounded(t *testing.T) {
	f := newFixture(t, nil)
	for i := range 20 {
		serve(t, f.srv, req(http.MethodGet, fmt.Sprintf("/v1/articles/id%d.pdf", i), "", ""))
		serve(t, f.srv, req(http.MethodGet, fmt.Sprintf("/v1/articles/moscow.pdf?scale=%d", i), "", ""))
	}
	var handlers []string
	seen := map[string]bool{}
	for _, sm := range gather(t, f.srv, "pdfexport_http_requests_total", nil) {
		if h := sm.labels["handler"]; !seen[h] {
			seen[h] = true
			handlers = append(handlers, h)
		}
	}
	sort.Strings(handlers)
	if fmt.Sprint(handlers) != fmt.Sprint([]string{routeArticle}) {
		t.Errorf("handler labels = %q, want only %q", handlers, routeArticle)
	}
	if n := len(gather(t, f.srv, "pdfexport_render_errors_total", nil)); n != len(allReasons) {
		t.Errorf("%d error series, want %d", n, len(allReasons))
	}
}

// With the real renderer, the pages and bytes histograms agree with the PDF
// that was served.
func TestMetricsIntegrationRealRender(t *testing.T) {
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Config{Source: arch})
	rec := serve(t, srv, req(http.MethodGet, "/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf", "", ""))
	body := checkPDF(t, rec)
	labels := map[string]string{"origin": originArchive}
	if c, sum := histogram(t, srv, "pdfexport_render_bytes", labels); c != 1 || sum != float64(len(body)) {
		t.Errorf("bytes histogram: count %d sum %v, want 1 and %d", c, sum, len(body))
	}
	if c, _ := histogram(t, srv, "pdfexport_render_duration_seconds", labels); c != 1 {
		t.Errorf("duration observations = %d, want 1", c)
	}
	pages := pdftest.Pages(t, body)
	if c, sum := histogram(t, srv, "pdfexport_render_pages", labels); c != 1 || sum != float64(pages) {
		t.Errorf("pages histogram: count %d sum %v, want 1 and %d (pdfinfo)", c, sum, pages)
	}
}

// A renderer error wrapping render.ErrOption from the real renderer (an
// option the handler let through) is a 400, not a 500.
func TestMetricsRealRendererOptionError(t *testing.T) {
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	// A configured default that the real renderer rejects.
	srv := New(Config{Source: arch, Render: render.Options{Paper: "a5"}})
	rec := serve(t, srv, req(http.MethodGet, "/v1/articles/lyon-night-trains.pdf", "", ""))
	checkProblem(t, rec, http.StatusBadRequest, "a4 or letter")
	if got := errorCounts(t, srv)[reasonBadRequest]; got != 1 {
		t.Errorf("bad_request = %v, want 1", got)
	}
}

// TestMetricsWithTestutil checks the render histogram and the error counter
// with client_golang's own test helpers.
func TestMetricsWithTestutil(t *testing.T) {
	f := newFixture(t, nil)
	m := f.srv.metrics
	if n := testutil.CollectAndCount(m.renderDuration, "pdfexport_render_duration_seconds"); n != 0 {
		t.Fatalf("%d histogram series before any render", n)
	}
	checkPDF(t, serve(t, f.srv, req(http.MethodGet, "/v1/articles/moscow.pdf", "", "")))
	if n := testutil.CollectAndCount(m.renderDuration, "pdfexport_render_duration_seconds"); n != 1 {
		t.Errorf("%d histogram series after one render, want 1", n)
	}
	serve(t, f.srv, req(http.MethodGet, "/v1/articles/nope.pdf", "", ""))
	if v := testutil.ToFloat64(m.errors.WithLabelValues(reasonNotFound)); v != 1 {
		t.Errorf("not_found errors = %v, want 1", v)
	}
	if v := testutil.ToFloat64(m.inFlight); v != 0 {
		t.Errorf("renders in flight = %v after the requests ended", v)
	}
	if err := testutil.GatherAndCompare(m.registry, strings.NewReader(`
# HELP pdfexport_missing_glyphs_total Characters no embedded font could draw, drawn as U+FFFD instead.
# TYPE pdfexport_missing_glyphs_total counter
pdfexport_missing_glyphs_total 0
`), "pdfexport_missing_glyphs_total"); err != nil {
		t.Error(err)
	}
}
