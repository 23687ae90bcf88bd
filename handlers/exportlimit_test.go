package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"pdfexport/article"
	"pdfexport/render"
	"pdfexport/source"
)

// exportable is the fixture's source with what exports also ask for.
type exportable struct{ *fakeSource }

func (exportable) Rejected() []source.Rejected { return nil }

func exportFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	return newFixture(t, func(c *Config) {
		c.Source = exportable{c.Source.(*fakeSource)}
		if edit != nil {
			edit(c)
		}
	})
}

const exportBody = `{"ids": ["moscow", "athens"], "scale": 1.25}`

func postExport() *http.Request {
	return req(http.MethodPost, "/v1/exports", exportBody, "application/json")
}

// manifest returns the manifest of an export's ZIP.
func manifest(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("export: status %d: %s", rec.Code, rec.Body.String())
	}
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "manifest.jsonl" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatal("the ZIP has no manifest")
	return ""
}

// TestExportsTakeAtMostTheirShare: an export holds a render slot for its
// whole run, so exports may take at most their share of the slots (half,
// by default); the other half keep rendering the site's PDFs.
func TestExportsTakeAtMostTheirShare(t *testing.T) {
	f := exportFixture(t, func(c *Config) { c.MaxRenders, c.QueueWait = 4, 50*time.Millisecond })
	if f.srv.cfg.MaxExports != 2 {
		t.Fatalf("MaxExports = %d with 4 render slots, want 2", f.srv.cfg.MaxExports)
	}
	started, release := blockRenders(f)
	one, two := serveAsync(f, postExport()), serveAsync(f, postExport())
	began(t, started)
	began(t, started)
	// Each export's article renders counts as a render in flight.
	if v := testutil.ToFloat64(f.srv.metrics.inFlight); v != 2 {
		t.Errorf("renders in flight = %v during two exports, want 2", v)
	}
	third := receive(t, serveAsync(f, postExport()))
	checkProblem(t, third, http.StatusServiceUnavailable, "busy")
	if third.Header().Get("Retry-After") == "" {
		t.Error("a refused export has no Retry-After")
	}
	// The site's PDFs still render in the slots the exports left.
	pdf := serveAsync(f, req(http.MethodGet, articleURL, "", ""))
	began(t, started)
	close(release)
	checkPDF(t, receive(t, pdf))
	for _, c := range []<-chan *httptest.ResponseRecorder{one, two} {
		if m := manifest(t, receive(t, c)); strings.Count(m, `"sha256"`) != 2 {
			t.Errorf("an export's manifest:\n%s", m)
		}
	}
	if v := testutil.ToFloat64(f.srv.metrics.inFlight); v != 0 {
		t.Errorf("renders in flight = %v after the exports, want 0", v)
	}
}

// TestExportShare: half the render slots, at least one, at most all of them.
func TestExportShare(t *testing.T) {
	for _, c := range []struct{ renders, exports, want int }{{1, 0, 1}, {2, 0, 1}, {5, 0, 2}, {8, 0, 4}, {4, 3, 3}, {2, 9, 2}} {
		s := New(Config{Source: &fakeSource{}, MaxRenders: c.renders, MaxExports: c.exports})
		if s.cfg.MaxExports != c.want {
			t.Errorf("%d slots, MaxExports %d: %d exports at once, want %d", c.renders, c.exports, s.cfg.MaxExports, c.want)
		}
	}
}

// TestExportUsesTheServersRenderer: an export renders through the
// configured renderer (not render.Render behind its back), each article
// within the render timeout, and observes its pages and bytes.
func TestExportUsesTheServersRenderer(t *testing.T) {
	var deadlines []time.Duration
	f := exportFixture(t, func(c *Config) {
		c.RenderTimeout = 40 * time.Second
		next := c.Renderer
		c.Renderer = func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			d, ok := ctx.Deadline()
			if ok {
				deadlines = append(deadlines, time.Until(d))
			}
			return next(ctx, w, a, o)
		}
	})
	manifest(t, serve(t, f.srv, postExport()))
	calls := f.ren.recorded()
	if len(calls) != 2 || calls[0].Opts.Scale != 1.25 {
		t.Fatalf("the configured renderer was called %d times (%+v), want twice at scale 1.25", len(calls), calls)
	}
	if len(deadlines) != 2 || deadlines[0] > 40*time.Second || deadlines[1] > 40*time.Second {
		t.Errorf("deadlines of the export's renders: %v; want each within the render timeout", deadlines)
	}
	if n, _ := histogram(t, f.srv, "pdfexport_render_pages", map[string]string{"origin": originExport}); n != 2 {
		t.Errorf("pages observed for %d exported articles, want 2", n)
	}
	if n, _ := histogram(t, f.srv, "pdfexport_render_duration_seconds", map[string]string{"origin": originExport}); n != 2 {
		t.Errorf("durations observed for %d exported articles, want 2", n)
	}
}

// TestExportArticleTimeout: an article that takes longer than the render
// timeout fails in the manifest; the export goes on and ends whole.
func TestExportArticleTimeout(t *testing.T) {
	f := exportFixture(t, func(c *Config) {
		c.RenderTimeout = 20 * time.Millisecond
		next := c.Renderer
		c.Renderer = func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			if a.Title == moscowTitle {
				select {
				case <-ctx.Done():
					return render.Result{}, ctx.Err()
				case <-time.After(10 * time.Second):
					t.Error("the render of an export's article was not bounded by the render timeout")
				}
			}
			return next(ctx, w, a, o)
		}
	})
	m := manifest(t, receive(t, serveAsync(f, postExport())))
	if !strings.Contains(m, "longer to render than the server allows") || strings.Count(m, `"sha256"`) != 1 {
		t.Errorf("manifest:\n%s", m)
	}
}

// TestClientLeavingAnExportIsNoServerError: a client that goes away during
// an export is logged below error and counted as canceled. (Over a real
// server: the handler then aborts the connection, which net/http expects.)
func TestClientLeavingAnExportIsNoServerError(t *testing.T) {
	started := make(chan struct{}, 10)
	f := exportFixture(t, func(c *Config) {
		// The render ends when the server notices that the client left.
		c.Renderer = func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			started <- struct{}{}
			<-ctx.Done()
			return render.Result{}, ctx.Err()
		}
	})
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	ctx, leave := context.WithCancel(context.Background())
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/exports", strings.NewReader(exportBody))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	failed := make(chan error, 1)
	go func() {
		resp, err := ts.Client().Do(r)
		if err == nil {
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		failed <- err
	}()
	began(t, started)
	leave()
	select {
	case <-failed:
	case <-time.After(10 * time.Second):
		t.Fatal("the client's request did not end")
	}
	waitFor(t, func() bool { return testutil.ToFloat64(f.srv.metrics.errors.WithLabelValues(reasonCanceled)) == 1 })
	if logs := f.log.String(); strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "client went away during an export") {
		t.Errorf("log:\n%s", logs)
	}
}
