package render

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"pdfexport/article"
	"pdfexport/images"
	"pdfexport/internal/pdftest"
)

// photo encodes a w×h test picture as JPEG or PNG.
func photo(t *testing.T, w, h int, format string) []byte {
	t.Helper()
	im := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			im.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, im)
	} else {
		err = jpeg.Encode(&b, im, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Figures from a data: URI and from the article's folder are drawn, a
// JPEG as its own bytes (DCT); a picture that cannot be had (a host not
// allowed, a missing file) becomes a box with its alt text, the render
// succeeds, and its result says which failed and why.
func TestFiguresDrawnAndFailuresBoxed(t *testing.T) {
	jpg := photo(t, 1200, 800, "jpeg")
	dir := fstest.MapFS{"photos/harbour.jpg": {Data: jpg}}
	pngURI := "data:image/png;base64," + base64.StdEncoding.EncodeToString(photo(t, 400, 300, "png"))
	fig := func(src, alt, caption string) article.Block {
		return article.Block{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: src, Alt: alt}}, Caption: []article.Run{{Text: caption}}}}
	}
	a := &article.Article{Title: "Harbour", Body: []article.Block{
		article.Para("The harbour at dawn."),
		fig("photos/harbour.jpg", "Boats at their moorings", "The harbour from the north pier."),
		fig(pngURI, "A chart of the tides", "Tides, week 12."),
		fig("https://images.example.org/lost.jpg", "A lighthouse", "The lighthouse."),
		fig("photos/missing.jpg", "A crane", "The crane."),
		article.Para("The boats came in at noon."),
	}}
	o := Options{Images: images.NewLoader(images.Options{}), ImageDir: dir}
	pdf, res := renderPDF(t, a, o)
	imgs := pdftest.Images(t, pdf)
	var encs []string
	for _, im := range imgs {
		if im.Type == "image" {
			encs = append(encs, im.Enc)
		}
	}
	if len(encs) != 2 || encs[0] != "jpeg" {
		t.Errorf("the PDF draws images encoded %v; want the JPEG as DCT and the PNG", encs)
	}
	if !bytes.Contains(pdf, jpg) {
		t.Error("the JPEG is not embedded byte for byte")
	}
	text := pdftest.Normalize(pdftest.Text(t, pdf, 0))
	for _, want := range []string{"The harbour from the north pier.", "Tides, week 12.", "Image unavailable: A lighthouse", "The lighthouse.", "Image unavailable: A crane", "The boats came in at noon."} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q", want)
		}
	}
	got := map[string]string{}
	for _, o := range res.Images {
		got[o.Src] = o.Result
		if (o.Err == nil) != (o.Result == images.ResultOK) {
			t.Errorf("%s: result %s with error %v", o.Src, o.Result, o.Err)
		}
	}
	want := map[string]string{"photos/harbour.jpg": "ok", pngURI: "ok", "https://images.example.org/lost.jpg": "refused", "photos/missing.jpg": "not_found"}
	for src, r := range want {
		if got[src] != r {
			t.Errorf("%.40s: result %q; want %q", src, got[src], r)
		}
	}
	if res.ImagesFailed() != 2 {
		t.Errorf("%d images failed; want 2", res.ImagesFailed())
	}
}

// Without an image loader every figure is its box, and the render still
// succeeds.
func TestFiguresWithoutLoader(t *testing.T) {
	a := &article.Article{Title: "T", Body: []article.Block{
		{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: "a.jpg", Alt: "An A"}}}},
	}}
	pdf, res := renderPDF(t, a, Options{})
	if len(res.Images) != 1 || !errors.Is(res.Images[0].Err, images.ErrRefused) {
		t.Errorf("outcomes %+v; want one refused", res.Images)
	}
	if text := pdftest.Text(t, pdf, 0); !strings.Contains(text, "Image unavailable: An A") {
		t.Errorf("no box in %q", text)
	}
}

// photoLike encodes a w×h JPEG with a photograph's mix of smooth areas and
// fine detail (a gradient with seeded noise), so that it compresses as a
// photo does rather than as a flat test card.
func photoLike(tb testing.TB, w, h int, seed uint32) []byte {
	tb.Helper()
	im := image.NewRGBA(image.Rect(0, 0, w, h))
	s := seed
	for y := range h {
		for x := range w {
			s = s*1664525 + 1013904223
			n := int(s>>27) - 16
			clamp := func(v int) uint8 { return uint8(max(0, min(255, v))) }
			im.Pix[(y*w+x)*4+0] = clamp(x*255/w + n)
			im.Pix[(y*w+x)*4+1] = clamp(y*255/h + n)
			im.Pix[(y*w+x)*4+2] = clamp(128 + n*2)
			im.Pix[(y*w+x)*4+3] = 255
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, im, &jpeg.Options{Quality: 85}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkTenPhotos renders an article of ten paragraphs and ten 3000×2000
// photos from its folder: cold, a new loader each time (every photo read,
// decoded, downsampled to 200 dpi at the measure and encoded), and warm,
// one loader whose cache holds them. It reports the PDF's size.
func BenchmarkTenPhotos(b *testing.B) {
	dir := fstest.MapFS{}
	a := &article.Article{Title: "Ten photographs"}
	for i := range 10 {
		name := fmt.Sprintf("photo%d.jpg", i)
		dir[name] = &fstest.MapFile{Data: photoLike(b, 3000, 2000, uint32(i))}
		a.Body = append(a.Body, article.Para(strings.Repeat("A paragraph of the article between its photographs. ", 8)),
			article.Block{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: name, Alt: name}}, Caption: []article.Run{{Text: "A caption."}}}})
	}
	for _, warm := range []bool{false, true} {
		name := "cold"
		if warm {
			name = "warm"
		}
		b.Run(name, func(b *testing.B) {
			loader := images.NewLoader(images.Options{})
			if warm { // before the loop, which starts the clock
				if _, err := Render(context.Background(), io.Discard, a, Options{Images: loader, ImageDir: dir}); err != nil {
					b.Fatal(err)
				}
			}
			var size int64
			for b.Loop() {
				if !warm {
					loader = images.NewLoader(images.Options{})
				}
				res, err := Render(context.Background(), io.Discard, a, Options{Images: loader, ImageDir: dir})
				if err != nil || res.ImagesFailed() > 0 {
					b.Fatal(err, res.Images)
				}
				size = res.Bytes
			}
			b.ReportMetric(float64(size), "pdf-bytes")
		})
	}
}

// A picture is embedded once however often it is drawn: two files of the
// same bytes, in two figures, make one image object.
func TestSamePictureEmbeddedOnce(t *testing.T) {
	jpg := photo(t, 600, 400, "jpeg")
	dir := fstest.MapFS{"a.jpg": {Data: jpg}, "copy.jpg": {Data: jpg}}
	fig := func(src string) article.Block {
		return article.Block{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: src, Alt: src}}}}
	}
	a := &article.Article{Title: "Twice", Body: []article.Block{fig("a.jpg"), article.Para("Between."), fig("copy.jpg")}}
	pdf, res := renderPDF(t, a, Options{Images: images.NewLoader(images.Options{}), ImageDir: dir})
	if res.ImagesFailed() > 0 {
		t.Fatal(res.Images)
	}
	if n := bytes.Count(pdf, []byte("/Subtype /Image")); n != 1 {
		t.Errorf("%d image objects for one picture drawn twice; want 1", n)
	}
}
