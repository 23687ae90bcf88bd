package render

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/internal/fixture"
	"pdfexport/internal/langcorpus"
	"pdfexport/internal/pdftest"
)

var updatePNG = flag.Bool("update-png", false, "rewrite render/testdata/png/*.png (look at every one before committing)")

// pngPages are the pages whose pictures are pinned: one of each kind of
// text issue 14 made drawable, each from text we did not write. Emoji from
// Unicode's emoji-test.txt; Japanese from the archive's article; Traditional
// Chinese and Thai from CLDR (Debian's unicode-cldr-core): territory names
// and character labels, Thai's long compounds broken between dictionary
// words.
func pngPages(t *testing.T) map[string]*article.Article {
	pages := map[string]*article.Article{
		"japanese": fixture.All(t)["tokyo-night-trains"],
	}
	seqs := emojiSample(t)
	var groups []string
	for i := 0; i < len(seqs); i += 12 {
		groups = append(groups, strings.Join(seqs[i:min(i+12, len(seqs))], " "))
	}
	var body []article.Block
	for i := 0; i+1 < len(groups); i += 2 {
		body = append(body, article.Para("Unicode's emoji-test.txt: "+groups[i]+" and "+groups[i+1]+"."))
	}
	pages["emoji"] = &article.Article{Title: "Emoji 👩‍👩‍👧 🇫🇷 1️⃣ 👍🏽", Lang: "en", Body: body}
	for _, s := range langcorpus.ForTest(t) {
		var name string
		switch s.Locale {
		case "zh_Hant":
			name = "traditional-chinese"
		case "th":
			name = "thai"
		default:
			continue
		}
		var body []article.Block
		for _, p := range s.Paragraphs {
			if p != "" {
				body = append(body, article.Para(p))
			}
		}
		pages[name] = &article.Article{Title: s.Name, Lang: s.Lang, Body: body}
	}
	if len(pages) != 4 {
		t.Fatalf("%d pages, want 4", len(pages))
	}
	return pages
}

// TestPNGGoldens pins what a reader sees: page 1 of each of pngPages,
// rendered and rasterised by poppler's pdftoppm at 50 dpi, must match its
// picture in testdata/png, which a person has looked at. Poppler is
// Debian 12's on every machine that runs this (.ci/run), so the pictures
// are exact; a few differing pixels are allowed for anti-aliasing, a few
// hundred are a changed page. On a difference the new picture is written
// beside the test's temporary files and named in the failure: look at both.
// After an intended change: go test ./render -run TestPNGGoldens -update-png,
// then look at every picture.
func TestPNGGoldens(t *testing.T) {
	pdftoppm := pdftest.Tool(t, "pdftoppm")
	for name, a := range pngPages(t) {
		pdf, _ := renderPDF(t, a, Options{})
		path := savePDF(t, pdf)
		out := filepath.Join(t.TempDir(), name)
		runTool(t, pdftoppm, "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", path, out)
		got, err := os.ReadFile(out + ".png")
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "png", name+".png")
		if *updatePNG {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%s: %v (run with -update-png, then look at it)", name, err)
		}
		if n, err := differentPixels(got, want); err != nil || n > maxDifferentPixels {
			t.Errorf("%s: page 1 differs from %s (%d pixels, %v); the new picture is %s.png", name, golden, n, err, out)
		}
	}
}

// maxDifferentPixels is how many pixels of a page may differ by more than
// a quarter of the scale in a channel: anti-aliasing, not a glyph.
const maxDifferentPixels = 50

// differentPixels counts the pixels of two PNGs that differ by more than a
// quarter of the scale in a channel; pictures of different sizes are an
// error.
func differentPixels(a, b []byte) (int, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 0, &sizeError{ia.Bounds(), ib.Bounds()}
	}
	n := 0
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := ia.At(x, y).RGBA()
			r2, g2, b2, _ := ib.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				n++
			}
		}
	}
	return n, nil
}

func far(a, b uint32) bool { return a > b+0x4000 || b > a+0x4000 }

type sizeError struct{ got, want image.Rectangle }

func (e *sizeError) Error() string { return "size " + e.got.String() + ", pinned " + e.want.String() }
