package handlers

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pdfexport/internal/pdftest"
	"pdfexport/source"
)

// discardRecorder is a ResponseWriter that keeps nothing, so the benchmark
// measures the handler, not the recorder's buffer.
type discardRecorder struct{ h http.Header }

func (d *discardRecorder) Header() http.Header         { return d.h }
func (d *discardRecorder) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardRecorder) WriteHeader(int)             {}

// BenchmarkArticlePDF serves GET /v1/articles/{id}.pdf from the embedded
// archive with the real renderer: "cached" answers from the PDF cache (the
// path of every request but the first), "uncached" renders every time.
// Run: go test ./handlers -run '^$' -bench ArticlePDF -benchmem
func BenchmarkArticlePDF(b *testing.B) {
	arch, err := source.Embedded(nil)
	if err != nil {
		b.Fatal(err)
	}
	arch.Memoize(16 << 20) // as serve does
	for _, c := range []struct {
		name  string
		cache int64
	}{{"cached", 64 << 20}, {"uncached", -1}} {
		b.Run(c.name, func(b *testing.B) {
			s := New(Config{Source: arch, CacheBytes: c.cache, Log: slog.New(slog.DiscardHandler)})
			target := "/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf"
			s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil)) // fill the cache
			b.ReportAllocs()
			for b.Loop() {
				w := &discardRecorder{h: http.Header{}}
				s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
			}
		})
	}
}

// TestEditedArticleGetsNewETag checks the ETag memo against a memoizing
// source: after the article's file changes, the next request gets a new
// ETag and the new text, not the cached PDF of the old one.
func TestEditedArticleGetsNewETag(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "story.txt")
	write := func(title string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(title+"\n\nFirst paragraph of the story.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Duration(len(title)) * time.Second)
		os.Chtimes(path, later, later) // an edit within the file system's clock tick still shows
	}
	write("The first title")
	arch, err := source.Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	arch.Memoize(1 << 20)
	s := New(Config{Source: arch, CacheBytes: 8 << 20, Log: slog.New(slog.DiscardHandler)})
	get := func() (etag, text string) {
		rec := serve(t, s, req(http.MethodGet, "/v1/articles/story.pdf", "", ""))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		return rec.Header().Get("ETag"), pdftest.Text(t, rec.Body.Bytes(), 0)
	}
	e1, text1 := get()
	if e2, _ := get(); e2 != e1 {
		t.Errorf("the same article got ETags %s and %s", e1, e2)
	}
	write("A second, longer title")
	e3, text3 := get()
	if e3 == e1 || !strings.Contains(text3, "second, longer title") || !strings.Contains(text1, "first title") {
		t.Errorf("after an edit: ETag %s (was %s), text %.60q", e3, e1, text3)
	}
}
