package pdf

import (
	"bytes"
	"strings"
	"testing"

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
// is the one encoded before; the cache stays within its bounds.
func TestPicturesFromCacheAreTheSame(t *testing.T) {
	reset := func(limit int) {
		pictures.mu.Lock()
		pictures.hot, pictures.cold, pictures.hotBytes, pictures.limit = nil, nil, 0, limit
		pictures.mu.Unlock()
	}
	defer reset(pictureBytes)
	reset(pictureBytes)
	doc := func() *page.Document {
		d := testDoc()
		d.Pages[0].Texts = append(d.Pages[0].Texts, emojiText(72*page.Pt, 200*page.Pt, "😀🇫🇷👍🏽😀 👨\u200D👩\u200D👧"))
		return d
	}
	cold := write(t, doc())
	if len(pictures.hot) != 4 {
		t.Errorf("%d pictures cached, want 4", len(pictures.hot))
	}
	var first *pictureEntry
	for _, e := range pictures.hot {
		first = &e
		break
	}
	warm := write(t, doc())
	if !bytes.Equal(cold, warm) {
		t.Error("the document differs once its pictures come from the cache")
	}
	same := false
	for _, e := range pictures.hot {
		same = same || e.pic == first.pic
	}
	if !same {
		t.Error("the cached pictures were encoded again")
	}
	pdftest.Check(t, warm)
	if got := pdftest.RawText(t, warm, 1); !strings.Contains(got, "😀🇫🇷👍🏽😀") || !strings.Contains(got, "👨\u200D👩\u200D👧") {
		t.Errorf("pdftotext gave %q", got)
	}

	// Bounded: a small limit keeps at most two generations.
	reset(3000)
	var gids []uint16
	for r := rune(0x1F600); r < 0x1F640; r++ {
		g, _ := fonts.ColorEmoji.Font().NominalGlyph(r)
		gids = append(gids, uint16(g))
	}
	pics, err := fonts.ColorEmoji.ColorGlyphs(gids)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pics {
		if _, err := pictureFor(fonts.ColorEmoji, gids[i], p.PNG); err != nil {
			t.Fatal(err)
		}
		kept := 0
		for _, e := range pictures.hot {
			kept += e.cost
		}
		for _, e := range pictures.cold {
			kept += e.cost
		}
		if kept > 2*3000+2*(len(p.PNG)+256) {
			t.Fatalf("%d bytes kept with a limit of 3000 a generation", kept)
		}
	}
}
