package render

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
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
