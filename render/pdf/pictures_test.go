package pdf

import (
	"bytes"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/fonts"
	"pdfexport/internal/pdftest"
	"pdfexport/render/page"
	"pdfexport/render/text"
)

// emojiText is s (emoji sequences) set in the colour face at 20 pt.
func emojiText(x, y page.Unit, s string) page.Text {
	sh := text.NewShaper()
	defer sh.Close()
	run := sh.Shape(text.Key{Face: fonts.ColorEmoji}, s)
	t := page.Text{X: x, Y: y, Face: fonts.ColorEmoji, Size: 20 * page.Pt, S: s}
	var pen int64
	upem := int64(text.UnitsPerEm(fonts.ColorEmoji))
	for _, g := range run.Glyphs {
		t.Glyphs = append(t.Glyphs, page.Glyph{ID: g.ID, X: page.Unit(pen * int64(t.Size) / upem), Cluster: g.Cluster})
		pen += int64(g.Advance)
	}
	return t
}

// A document with emoji is the same bytes whether their pictures were
// encoded for it or taken from the cache, and a picture found in the cache
// is the one encoded before, not encoded again. (That the cache is bounded
// is internal/twogen's test.)
func TestPicturesFromCacheAreTheSame(t *testing.T) {
	defer pictures.Reset(pictureBytes)
	pictures.Reset(pictureBytes)
	encoded := 0
	defer func(f func([]byte) (*fpdf.ColorGlyphPicture, error)) { encodePicture = f }(encodePicture)
	encodePicture = func(png []byte) (*fpdf.ColorGlyphPicture, error) {
		encoded++
		return fpdf.EncodeColorGlyphPicture(png)
	}
	doc := func() *page.Document {
		d := testDoc()
		d.Pages[0].Texts = append(d.Pages[0].Texts, emojiText(72*page.Pt, 200*page.Pt, "😀🇫🇷👍🏽😀 👨\u200D👩\u200D👧"))
		return d
	}
	cold := write(t, doc())
	keys := pictures.Keys()
	if len(keys) != 4 {
		t.Errorf("%d pictures cached, want 4", len(keys))
	}
	if encoded != 4 {
		t.Errorf("%d pictures encoded for 4 distinct emoji", encoded)
	}
	warm := write(t, doc())
	if !bytes.Equal(cold, warm) {
		t.Error("the document differs once its pictures come from the cache")
	}
	if encoded != 4 {
		t.Errorf("the cached pictures were encoded again: %d encodings", encoded)
	}
	pdftest.Check(t, warm)
	if got := pdftest.RawText(t, warm, 1); !strings.Contains(got, "😀🇫🇷👍🏽😀") || !strings.Contains(got, "👨\u200D👩\u200D👧") {
		t.Errorf("pdftotext gave %q", got)
	}
}
