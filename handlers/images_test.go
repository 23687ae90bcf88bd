package handlers

import (
	"bytes"
	"image"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"pdfexport/article"
	"pdfexport/images"
	"pdfexport/render"
)

// figureServer is a server with the real renderer over two stored
// articles: one whose picture is in the archive's folder, one whose picture
// is on a host the loader does not allow.
func figureServer(t *testing.T) *fixture {
	t.Helper()
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 600, 400)), nil); err != nil {
		t.Fatal(err)
	}
	fig := func(src string) *article.Article {
		return &article.Article{Title: "Harbour", Body: []article.Block{
			article.Para("The harbour at dawn."),
			{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: src, Alt: "Boats"}}, Caption: []article.Run{{Text: "Boats."}}}},
		}}
	}
	f := newFixture(t, func(c *Config) {
		c.Renderer = render.Render
		c.CacheBytes = 1 << 20
		c.Render.Images = images.NewLoader(images.Options{})
		c.Render.ImageDir = fstest.MapFS{"harbour.jpg": {Data: jpg.Bytes()}}
	})
	f.src.articles["harbour"] = fig("harbour.jpg")
	f.src.articles["lost"] = fig("https://images.example.org/lost.jpg")
	return f
}

// A PDF whose picture could not be had is served, with the picture's box,
// but neither cached nor tagged: the next request tries again, and a client
// is not told the bytes are the ETag's. Each outcome is counted, and the
// log line names the failure. A complete PDF is tagged and cached.
func TestDegradedRenderIsNotCached(t *testing.T) {
	f := figureServer(t)
	h := f.srv
	ok := serve(t, h, req(http.MethodGet, "/v1/articles/harbour.pdf", "", ""))
	if ok.Code != http.StatusOK || ok.Header().Get("ETag") == "" || strings.Contains(ok.Header().Get("Cache-Control"), "no-store") {
		t.Errorf("complete PDF: %d, ETag %q, Cache-Control %q", ok.Code, ok.Header().Get("ETag"), ok.Header().Get("Cache-Control"))
	}
	for i := range 2 {
		rec := serve(t, h, req(http.MethodGet, "/v1/articles/lost.pdf", "", ""))
		if rec.Code != http.StatusOK || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF")) {
			t.Fatalf("request %d: %d %s", i+1, rec.Code, rec.Body.String())
		}
		if tag, cc := rec.Header().Get("ETag"), rec.Header().Get("Cache-Control"); tag != "" || cc != "no-store" {
			t.Errorf("request %d of a PDF with a picture missing: ETag %q, Cache-Control %q; want none and no-store", i+1, tag, cc)
		}
	}
	if n := strings.Count(f.log.String(), "images_failed=1"); n != 2 {
		t.Errorf("%d log lines say a picture failed; want 2, one per render (not cached):\n%s", n, f.log.String())
	}
	if !strings.Contains(f.log.String(), "images.example.org") {
		t.Errorf("the log does not name the failed picture:\n%s", f.log.String())
	}
	m := scrape(t, f.srv)
	for _, want := range []string{`pdfexport_images_total{result="ok"} 1`, `pdfexport_images_total{result="refused"} 2`, `pdfexport_images_total{result="timeout"} 0`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
