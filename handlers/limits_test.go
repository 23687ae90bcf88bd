package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"pdfexport/article"
	"pdfexport/render"
)

const articleURL = "/v1/articles/moscow.pdf"

func withCache(c *Config) { c.CacheBytes = 1 << 20 }

func TestCacheServesWithoutRendering(t *testing.T) {
	f := newFixture(t, withCache)
	first := checkPDF(t, serve(t, f.srv, req(http.MethodGet, articleURL, "", "")))
	second := serve(t, f.srv, req(http.MethodGet, articleURL, "", ""))
	if got := checkPDF(t, second); string(got) != string(first) {
		t.Error("the cached PDF differs from the rendered one")
	}
	if n := len(f.ren.recorded()); n != 1 {
		t.Errorf("%d renders for two identical requests, want 1", n)
	}
	m := f.srv.metrics
	if hits, misses := testutil.ToFloat64(m.cacheRequests.WithLabelValues("hit")), testutil.ToFloat64(m.cacheRequests.WithLabelValues("miss")); hits != 1 || misses != 1 {
		t.Errorf("cache hits %v, misses %v; want 1 and 1", hits, misses)
	}
	if !strings.Contains(f.log.String(), `cache=hit`) {
		t.Errorf("the access log does not record the hit:\n%s", f.log.String())
	}
	// Another scale is another PDF.
	checkPDF(t, serve(t, f.srv, req(http.MethodGet, articleURL+"?scale=1.5", "", "")))
	if n := len(f.ren.recorded()); n != 2 {
		t.Errorf("%d renders after a request at another scale, want 2", n)
	}
}

func TestCacheIsBoundedInBytes(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.CacheBytes = int64(len(fakePDF)) * 4 })
	for i := range 20 {
		checkPDF(t, serve(t, f.srv, req(http.MethodGet, fmt.Sprintf("%s?scale=%.2f", articleURL, 0.5+float64(i)/10), "", "")))
	}
	m := f.srv.metrics
	if b := testutil.ToFloat64(m.cacheBytes); b > float64(f.srv.cfg.CacheBytes) {
		t.Errorf("cache holds %v bytes, more than its %d", b, f.srv.cfg.CacheBytes)
	}
	if e := testutil.ToFloat64(m.cacheEvictions); e < 10 {
		t.Errorf("%v evictions after 20 PDFs in a cache of 4, want at least 10", e)
	}
	// The most recent stays; the oldest was evicted.
	before := len(f.ren.recorded())
	serve(t, f.srv, req(http.MethodGet, fmt.Sprintf("%s?scale=%.2f", articleURL, 0.5+1.9), "", ""))
	serve(t, f.srv, req(http.MethodGet, articleURL+"?scale=0.50", "", ""))
	if got := len(f.ren.recorded()) - before; got != 1 {
		t.Errorf("%d renders for a recent and an evicted PDF, want 1", got)
	}
}

func TestETagAndNotModified(t *testing.T) {
	f := newFixture(t, withCache)
	rec := serve(t, f.srv, req(http.MethodGet, articleURL, "", ""))
	checkPDF(t, rec)
	etag := rec.Header().Get("ETag")
	if !regexp.MustCompile(`^"[A-Za-z0-9_-]{24}"$`).MatchString(etag) {
		t.Fatalf("ETag %q is not a strong quoted tag", etag)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=300" {
		t.Errorf("Cache-Control = %q", cc)
	}
	for _, inm := range []string{etag, `W/` + etag, `"other", ` + etag, "*"} {
		r := req(http.MethodGet, articleURL, "", "")
		r.Header.Set("If-None-Match", inm)
		rec := serve(t, f.srv, r)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
			t.Errorf("If-None-Match %s: status %d, %d body bytes, ETag %q; want 304, none, the tag", inm, rec.Code, rec.Body.Len(), rec.Header().Get("ETag"))
		}
	}
	r := req(http.MethodGet, articleURL, "", "")
	r.Header.Set("If-None-Match", `"stale"`)
	checkPDF(t, serve(t, f.srv, r))
	if n := len(f.ren.recorded()); n != 1 {
		t.Errorf("%d renders, want 1: a 304 and a cached answer render nothing", n)
	}
	// The tag follows the options and the article.
	other := serve(t, f.srv, req(http.MethodGet, articleURL+"?paper=letter", "", "")).Header().Get("ETag")
	f.src.articles["moscow"].Body = append(f.src.articles["moscow"].Body, article.Para("An update."))
	edited := serve(t, f.srv, req(http.MethodGet, articleURL, "", "")).Header().Get("ETag")
	if other == etag || edited == etag || other == edited {
		t.Errorf("ETags do not follow the options and the article: %s %s %s", etag, other, edited)
	}
	// Posted articles are not for shared caches.
	post := serve(t, f.srv, req(http.MethodPost, "/v1/render", validText, "text/plain"))
	if cc := post.Header().Get("Cache-Control"); cc != "no-store" || post.Header().Get("ETag") == "" {
		t.Errorf("POST: Cache-Control %q, ETag %q", cc, post.Header().Get("ETag"))
	}
	// A POST whose condition fails is answered 412, never 304 (RFC 9110
	// §13.1.2), and is not rendered.
	renders := len(f.ren.recorded())
	for _, inm := range []string{"*", post.Header().Get("ETag"), `"other", ` + post.Header().Get("ETag"), "W/" + post.Header().Get("ETag")} {
		r := req(http.MethodPost, "/v1/render", validText, "text/plain")
		r.Header.Set("If-None-Match", inm)
		checkProblem(t, serve(t, f.srv, r), http.StatusPreconditionFailed, "If-None-Match")
	}
	if n := len(f.ren.recorded()); n != renders {
		t.Errorf("%d renders for POSTs whose precondition failed", n-renders)
	}
	// A tag of another PDF renders; an invalid article is a 422 first.
	r = req(http.MethodPost, "/v1/render", validText, "text/plain")
	r.Header.Set("If-None-Match", `"other"`)
	checkPDF(t, serve(t, f.srv, r))
	r = req(http.MethodPost, "/v1/render", `{"body": ["no title"]}`, "application/json")
	r.Header.Set("If-None-Match", "*")
	checkProblem(t, serve(t, f.srv, r), http.StatusUnprocessableEntity, "no title")
	// An error carries neither.
	bad := serve(t, f.srv, req(http.MethodGet, "/v1/articles/nope.pdf", "", ""))
	if bad.Header().Get("ETag") != "" || bad.Header().Get("Cache-Control") != "" {
		t.Error("a problem response carries an ETag or Cache-Control")
	}
}

// blockRenders makes every render signal started and wait for release.
func blockRenders(f *fixture) (started chan struct{}, release chan struct{}) {
	started, release = make(chan struct{}, 100), make(chan struct{})
	f.ren.mu.Lock()
	f.ren.started, f.ren.release = started, release
	f.ren.mu.Unlock()
	return started, release
}

func serveAsync(f *fixture, r *http.Request) <-chan *httptest.ResponseRecorder {
	out := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, r)
		out <- rec
	}()
	return out
}

func TestOverloadIsShedWith503(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRenders, c.MaxQueue, c.QueueWait = 1, 1, 5*time.Second })
	started, release := blockRenders(f)
	running := serveAsync(f, req(http.MethodGet, articleURL+"?scale=1", "", ""))
	<-started
	queued := serveAsync(f, req(http.MethodGet, articleURL+"?scale=2", "", ""))
	waitFor(t, func() bool { return testutil.ToFloat64(f.srv.metrics.queued) == 1 })
	shed := serve(t, f.srv, req(http.MethodGet, articleURL+"?scale=1.5", "", ""))
	checkProblem(t, shed, http.StatusServiceUnavailable, "busy")
	if ra := shed.Header().Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After = %q, want 1", ra)
	}
	close(release)
	for _, c := range []<-chan *httptest.ResponseRecorder{running, queued} {
		checkPDF(t, <-c)
	}
	if v := testutil.ToFloat64(f.srv.metrics.errors.WithLabelValues(reasonOverloaded)); v != 1 {
		t.Errorf("overloaded errors = %v, want 1", v)
	}
	// /healthz does not queue behind renders.
	started2, release2 := blockRenders(f)
	busy := serveAsync(f, req(http.MethodGet, articleURL+"?scale=0.5", "", ""))
	<-started2
	if rec := serve(t, f.srv, req(http.MethodGet, "/healthz", "", "")); rec.Code != 200 {
		t.Errorf("/healthz during a render: %d", rec.Code)
	}
	close(release2)
	<-busy
}

func TestQueueWaitIsBounded(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRenders, c.MaxQueue, c.QueueWait = 1, 4, 50*time.Millisecond })
	started, release := blockRenders(f)
	running := serveAsync(f, req(http.MethodGet, articleURL, "", ""))
	<-started
	begin := time.Now()
	checkProblem(t, serve(t, f.srv, req(http.MethodGet, articleURL+"?scale=2", "", "")), http.StatusServiceUnavailable)
	if d := time.Since(begin); d > 2*time.Second {
		t.Errorf("a queued request waited %v", d)
	}
	close(release)
	checkPDF(t, <-running)
}

func TestIdenticalRequestsShareOneRender(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRenders = 1 })
	started, release := blockRenders(f)
	var outs []<-chan *httptest.ResponseRecorder
	for range 5 {
		outs = append(outs, serveAsync(f, req(http.MethodGet, articleURL, "", "")))
	}
	<-started
	waitFor(t, func() bool { return f.srv.flights.waiting() == 5 }) // the others found the render in flight
	close(release)
	for _, o := range outs {
		checkPDF(t, <-o)
	}
	if n := len(f.ren.recorded()); n != 1 {
		t.Errorf("%d renders for 5 identical concurrent requests, want 1", n)
	}
}

func TestRenderTimeout(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.RenderTimeout = 50 * time.Millisecond
		c.Renderer = func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			<-ctx.Done()
			return render.Result{}, ctx.Err()
		}
	})
	begin := time.Now()
	checkProblem(t, serve(t, f.srv, req(http.MethodGet, articleURL, "", "")), http.StatusServiceUnavailable, "longer to render")
	if d := time.Since(begin); d > 2*time.Second {
		t.Errorf("the timeout took %v", d)
	}
}

func TestPanicBecomesA500(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Renderer = func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			panic("layout exploded")
		}
	})
	detail := checkProblem(t, serve(t, f.srv, req(http.MethodGet, articleURL, "", "")), http.StatusInternalServerError)
	if strings.Contains(detail, "exploded") {
		t.Errorf("the panic's message reached the client: %q", detail)
	}
	if !strings.Contains(f.log.String(), "layout exploded") || !strings.Contains(f.log.String(), "panic") {
		t.Errorf("the panic is not logged:\n%s", f.log.String())
	}
	// The server goes on serving, and the failed render did not poison others.
	checkProblem(t, serve(t, f.srv, req(http.MethodGet, articleURL, "", "")), http.StatusInternalServerError)
	if rec := serve(t, f.srv, req(http.MethodGet, "/healthz", "", "")); rec.Code != 200 {
		t.Errorf("/healthz after a panic: %d", rec.Code)
	}
}

func TestRequestIDAndAccessLog(t *testing.T) {
	f := newFixture(t, nil)
	r := req(http.MethodGet, articleURL, "", "")
	r.Header.Set("X-Request-ID", "site-1234.abc")
	rec := serve(t, f.srv, r)
	if got := rec.Header().Get("X-Request-ID"); got != "site-1234.abc" {
		t.Errorf("X-Request-ID echoed as %q", got)
	}
	logs := f.log.String()
	for _, want := range []string{"request_id=site-1234.abc", `route=/v1/articles/{id}.pdf`, "status=200", "pages=2", "cache=miss", "bytes="} {
		if !strings.Contains(logs, want) {
			t.Errorf("the access log lacks %s:\n%s", want, logs)
		}
	}
	for _, bad := range []string{"", "has space", strings.Repeat("a", 129), "new\nline", "<script>"} {
		r := req(http.MethodGet, "/healthz", "", "")
		r.Header.Set("X-Request-ID", bad)
		got := serve(t, f.srv, r).Header().Get("X-Request-ID")
		if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(got) {
			t.Errorf("X-Request-ID %q: answered %q, want a fresh ID", bad, got)
		}
	}
}

func TestNosniffEverywhere(t *testing.T) {
	f := newFixture(t, nil)
	for _, r := range []*http.Request{
		req(http.MethodGet, "/healthz", "", ""), req(http.MethodGet, "/readyz", "", ""), req(http.MethodGet, "/metrics", "", ""),
		req(http.MethodGet, "/v1/articles", "", ""), req(http.MethodGet, articleURL, "", ""), req(http.MethodGet, "/nope", "", ""),
		req(http.MethodDelete, articleURL, "", ""), req(http.MethodPost, "/v1/render", "", "text/html"),
	} {
		if got := serve(t, f.srv, r).Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s %s: X-Content-Type-Options %q", r.Method, r.URL, got)
		}
	}
}

func TestCORS(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.CORSOrigins = []string{"https://www.example.org"} })
	pre := req(http.MethodOptions, "/v1/render", "", "")
	pre.Header.Set("Origin", "https://www.example.org")
	pre.Header.Set("Access-Control-Request-Method", "POST")
	rec := serve(t, f.srv, pre)
	if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "https://www.example.org" ||
		!strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight: %d %v", rec.Code, rec.Header())
	}
	post := req(http.MethodPost, "/v1/render", validText, "text/plain")
	post.Header.Set("Origin", "https://www.example.org")
	rec = serve(t, f.srv, post)
	checkPDF(t, rec)
	if rec.Header().Get("Access-Control-Allow-Origin") != "https://www.example.org" || !strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "Content-Disposition") {
		t.Errorf("POST from the site: %v", rec.Header())
	}
	evil := req(http.MethodPost, "/v1/render", validText, "text/plain")
	evil.Header.Set("Origin", "https://evil.example")
	if got := serve(t, f.srv, evil).Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("an origin not on the list was allowed: %q", got)
	}
	preEvil := req(http.MethodOptions, "/v1/render", "", "")
	preEvil.Header.Set("Origin", "https://evil.example")
	if rec := serve(t, f.srv, preEvil); rec.Header().Get("Access-Control-Allow-Origin") != "" || rec.Header().Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("a preflight from another origin was allowed: %v", rec.Header())
	}
}

func TestBearerToken(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Token = "s3cret-token" })
	for _, auth := range []string{"", "Bearer wrong", "Basic czNjcmV0LXRva2Vu", "Bearer s3cret-token-and-more", "Bearers3cret-token", "Bearer ", "Bearer", "Token s3cret-token", "s3cret-token"} {
		r := req(http.MethodPost, "/v1/render", validText, "text/plain")
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		rec := serve(t, f.srv, r)
		checkProblem(t, rec, http.StatusUnauthorized, "bearer token")
		if !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%q: no WWW-Authenticate challenge", auth)
		}
	}
	// The scheme's name is case-insensitive (RFC 9110 §11.1); spaces may
	// be more than one (§11.4).
	for _, auth := range []string{"Bearer s3cret-token", "bearer s3cret-token", "BEARER s3cret-token", "Bearer   s3cret-token"} {
		r := req(http.MethodPost, "/v1/render", validText, "text/plain")
		r.Header.Set("Authorization", auth)
		checkPDF(t, serve(t, f.srv, r))
	}
	// Reading an article stays open.
	checkPDF(t, serve(t, f.srv, req(http.MethodGet, articleURL, "", "")))
	if n := len(f.ren.recorded()); n != 5 {
		t.Errorf("%d renders; refused requests must not render", n)
	}
}

func TestLimitsAnswer413(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Renderer = func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			return render.Result{}, fmt.Errorf("%w: the article needs 900 pages; the limit is 500", render.ErrLimit)
		}
	})
	checkProblem(t, serve(t, f.srv, req(http.MethodGet, articleURL, "", "")), http.StatusRequestEntityTooLarge, "the limit is 500")
	// With the real renderer and small limits.
	real := newFixture(t, func(c *Config) {
		c.Renderer = nil
		c.Render.MaxPages = 1
	})
	long := "Title\n\n" + strings.Repeat(strings.Repeat("word ", 200)+"\n\n", 40)
	checkProblem(t, serve(t, real.srv, req(http.MethodPost, "/v1/render", long, "text/plain")), http.StatusRequestEntityTooLarge, "pages", "limit is 1")
	real.srv.cfg.Render.MaxPages, real.srv.cfg.Render.MaxChars = 0, 100
	checkProblem(t, serve(t, real.srv, req(http.MethodPost, "/v1/render", long, "text/plain")), http.StatusRequestEntityTooLarge, "characters", "limit is 100")
}

func TestLimiterNeverLeaksSlots(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRenders, c.MaxQueue, c.QueueWait = 2, 2, 20*time.Millisecond })
	f.ren.setErr(errors.New("boom"), "")
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req(http.MethodGet, fmt.Sprintf("%s?scale=%.2f", articleURL, 0.5+float64(i%20)/10), "", ""))
		}()
	}
	wg.Wait()
	if n := len(f.srv.limit.slots); n != 0 {
		t.Errorf("%d render slots still taken after every request ended", n)
	}
	if q := f.srv.limit.queued.Load(); q != 0 {
		t.Errorf("%d requests still counted as queued", q)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
