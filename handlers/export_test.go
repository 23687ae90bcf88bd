package handlers

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"pdfexport/export"
	"pdfexport/source"
)

func exportServer(t *testing.T, edit func(*Config)) *Server {
	t.Helper()
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Source: arch, MaxExportArticles: 5}
	if edit != nil {
		edit(&cfg)
	}
	return New(cfg)
}

func TestExportStreamsAZip(t *testing.T) {
	s := exportServer(t, nil)
	body := `{"ids": ["lyon-night-trains", "athens-water-reform", "no-such-article"], "scale": 1.25, "paper": "letter"}`
	rec := serve(t, s, req(http.MethodPost, "/v1/exports", body, "application/json"))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("status %d, %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var manifest string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "manifest.jsonl" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			manifest = string(b)
		}
	}
	if len(names) != 3 || !strings.Contains(manifest, `"no such article in the archive"`) || strings.Count(manifest, "\n") != 3 {
		t.Errorf("members %v, manifest:\n%s", names, manifest)
	}
	if v := testutil.ToFloat64(s.metrics.export.articles.WithLabelValues("rendered")); v != 2 {
		t.Errorf("rendered export articles = %v, want 2", v)
	}
	if v := testutil.ToFloat64(s.metrics.export.articles.WithLabelValues("failed")); v != 1 {
		t.Errorf("failed export articles = %v, want 1", v)
	}
}

// TestExportRequestErrors: the body of POST /v1/exports follows the rule of
// POST /v1/render's: empty is a 400, not a usable selection is a 422
// (malformed JSON included, as for an article), too many articles a 413.
func TestExportRequestErrors(t *testing.T) {
	s := exportServer(t, nil)
	for _, c := range []struct {
		body, ctype string
		status      int
		detail      string
	}{
		{`{}`, "application/json", 413, "the limit is 5"},
		{``, "application/json", 400, "empty"},
		{`{"from": "2030-01-01"}`, "application/json", 422, "no article"},
		{`{"ids": ["a"], "format": "tar"}`, "application/json", 422, `"format"`},
		{`{"ids": "a"}`, "application/json", 422, "ids"},
		{`{"ids": ["lyon-night-trains"]`, "application/json", 422, "JSON object"},
		{`{"ids": [lyon-night-trains]}`, "application/json", 422, "JSON object"},
		{`["lyon-night-trains"]`, "application/json", 422, "JSON object"},
		{`{"ids": ["lyon-night-trains"]} {"ids": ["athens-water-reform"]}`, "application/json", 422, "after the JSON object"},
		{`{"ids": ["lyon-night-trains"]} trailing`, "application/json", 422, "after the JSON object"},
		{`{"ids": ["lyon-night-trains"], "scale": 9}`, "application/json", 422, "0.5 to 2.5"},
		{`{"ids": ["lyon-night-trains"], "paper": "a5"}`, "application/json", 422, "a4 or letter"},
		{`{"ids": ["lyon-night-trains"], "pdfa": "2a"}`, "application/json", 422, "1b, 2u, 3u or none"},
		{`{"ids": ["lyon-night-trains"], "pdfa": ""}`, "application/json", 422, "pdfa is empty"},
		{`{"ids": ["lyon-night-trains"], "pdfa": 2}`, "application/json", 422, "pdfa"},
		{`{"from": "2024-13-01"}`, "application/json", 422, "not a date"},
		{`{"from": "2024-12-31", "to": "2024-01-01"}`, "application/json", 422, "after"},
		// IDs and a range: the range would be ignored, as the command line
		// knows too (export.Options.Check).
		{`{"ids": ["lyon-night-trains"], "from": "2999-01-01"}`, "application/json", 422, "not both"},
		{`{"ids": ["../etc/passwd"]}`, "application/json", 422, "not an article ID"},
		{`ids=a`, "application/x-www-form-urlencoded", 415, "application/json"},
	} {
		detail := checkProblem(t, serve(t, s, req(http.MethodPost, "/v1/exports", c.body, c.ctype)), c.status, c.detail)
		if strings.Contains(detail, "invalid option") {
			t.Errorf("%s: detail %q speaks of options, not of the selection", c.body, detail)
		}
	}
}

func TestExportNeedsTheToken(t *testing.T) {
	s := exportServer(t, func(c *Config) { c.Token = "tok" })
	body := `{"ids": ["lyon-night-trains"]}`
	checkProblem(t, serve(t, s, req(http.MethodPost, "/v1/exports", body, "application/json")), http.StatusUnauthorized)
	r := req(http.MethodPost, "/v1/exports", body, "application/json")
	r.Header.Set("Authorization", "Bearer tok")
	if rec := serve(t, s, r); rec.Code != 200 {
		t.Errorf("with the token: %d %s", rec.Code, rec.Body.String())
	}
}

// TestCommandLineExportMetrics checks the metrics a command-line export
// serves while it runs and leaves in a file when it ends.
func TestCommandLineExportMetrics(t *testing.T) {
	x := NewExportMetrics("")
	x.Observe(export.Entry{ID: "a", Bytes: 1000, RenderMS: 12})
	x.Observe(export.Entry{ID: "b", Bytes: 500, RenderMS: 3})
	x.Observe(export.Entry{ID: "c", Error: "no such article in the archive"})
	x.Observe(export.Entry{ID: "d", Skipped: "not public: post d is a draft (draft)"})
	want := []string{
		`pdfexport_export_articles_total{outcome="rendered"} 2`,
		`pdfexport_export_articles_total{outcome="failed"} 1`,
		`pdfexport_export_articles_total{outcome="not_public"} 1`,
		`pdfexport_export_bytes_total 1500`,
		`pdfexport_render_duration_seconds_count{origin="export"} 2`,
		`pdfexport_render_duration_seconds_bucket{origin="export",le="0.005"} 1`,
	}
	rec := httptest.NewRecorder()
	x.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	file := filepath.Join(t.TempDir(), "export.prom")
	if err := x.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	written, _ := os.ReadFile(file)
	for name, text := range map[string]string{"served": rec.Body.String(), "file": string(written)} {
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s metrics lack %q:\n%s", name, w, grepLines(text, "pdfexport_"))
			}
		}
	}
	// The server adds the runtime's metrics; the file must not, since
	// node_exporter, which reads it, has its own under the same names.
	if !strings.Contains(rec.Body.String(), "go_goroutines ") || strings.Contains(string(written), "go_") || strings.Contains(string(written), "process_") {
		t.Errorf("runtime metrics: served %v, in the file %v", strings.Contains(rec.Body.String(), "go_goroutines "), strings.Contains(string(written), "go_"))
	}
	if err := x.WriteFile(filepath.Join(t.TempDir(), "no-such-folder", "export.prom")); err == nil {
		t.Error("writing metrics into a missing folder succeeded")
	}
	rec = httptest.NewRecorder()
	x.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET / on the metrics server = %d, want 404", rec.Code)
	}

	// A part of a sharded export labels its series, so parts stay apart.
	part := NewExportMetrics("3/8")
	part.Observe(export.Entry{ID: "a", Bytes: 10, RenderMS: 1})
	if err := part.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	written, _ = os.ReadFile(file)
	for _, w := range []string{`pdfexport_export_articles_total{outcome="rendered",shard="3/8"} 1`, `pdfexport_export_bytes_total{shard="3/8"} 10`,
		`pdfexport_render_duration_seconds_count{origin="export",shard="3/8"} 1`} {
		if !strings.Contains(string(written), w) {
			t.Errorf("a part's metrics lack %q:\n%s", w, written)
		}
	}
}
