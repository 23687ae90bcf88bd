package fonts

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// Noto's .notdef has no picture: it paints nothing, with its advance.
func TestColorGlyphsEmpty(t *testing.T) {
	gs, err := ColorEmoji.ColorGlyphs([]uint16{0})
	if err != nil || len(gs) != 1 || gs[0].PNG != nil || gs[0].Advance <= 0 {
		t.Errorf("ColorGlyphs(.notdef) = %+v, %v", gs, err)
	}
}

func TestColorEmojiIsTheColourFace(t *testing.T) {
	if int(ColorEmoji) >= len(embedded) || embedded[ColorEmoji].path != "emoji/NotoColorEmoji.ttf" || !ColorEmoji.IsColor() {
		t.Fatalf("ColorEmoji (%d) is not the colour face", ColorEmoji)
	}
	for _, f := range Faces() {
		if f != ColorEmoji && f.IsColor() {
			t.Errorf("%s claims to be a colour face", f)
		}
	}
	if Face(60000).IsColor() {
		t.Error("a face out of range is a colour face")
	}
	// Last for anything not an emoji: after every other face of both orders.
	for l := range numLocales {
		for _, sans := range []bool{false, true} {
			plain, symbols := fallbackOrders(l, sans)
			for _, order := range [][]Face{plain, symbols} {
				if order[len(order)-1] != ColorEmoji {
					t.Errorf("the colour face is not last of %v", order)
				}
			}
		}
	}
}

// TestColorGlyphs reads the pictures of a few emoji and checks their
// placement against the PNGs and the strike.
func TestColorGlyphs(t *testing.T) {
	fnt := ColorEmoji.Font()
	var gids []uint16
	for _, r := range []rune{0x1F600, 0x2764, 0x1F1EB} {
		g, ok := fnt.NominalGlyph(r)
		if !ok {
			t.Fatalf("no glyph for %U", r)
		}
		gids = append(gids, uint16(g))
	}
	gs, err := ColorEmoji.ColorGlyphs(gids)
	if err != nil {
		t.Fatal(err)
	}
	upem := float64(fnt.Upem())
	for i, g := range gs {
		cfg, err := png.DecodeConfig(bytes.NewReader(g.PNG))
		if err != nil {
			t.Fatalf("glyph %d: %v", gids[i], err)
		}
		if cfg.Width != g.Width || cfg.Height != g.Height || g.PPEM <= 0 {
			t.Errorf("glyph %d: %dx%d PNG, metrics say %dx%d at %d ppem", gids[i], cfg.Width, cfg.Height, g.Width, g.Height, g.PPEM)
		}
		scale := upem / float64(g.PPEM)
		if d := g.W - float64(g.Width)*scale; d > 0.01 || d < -0.01 {
			t.Errorf("glyph %d: width %v font units for %d pixels", gids[i], g.W, g.Width)
		}
		if d := g.H - float64(g.Height)*scale; d > 0.01 || d < -0.01 {
			t.Errorf("glyph %d: height %v font units for %d pixels", gids[i], g.H, g.Height)
		}
		// An emoji stands on the baseline and reaches below it as a
		// letter's descender does, never wholly above or below.
		if g.Y >= 0 || g.Y+g.H <= 0 || g.Advance <= 0 {
			t.Errorf("glyph %d: placed at %v..%v, advance %d", gids[i], g.Y, g.Y+g.H, g.Advance)
		}
	}
	for _, c := range []struct {
		f    Face
		gids []uint16
		want string
	}{
		{Serif, []uint16{1}, "not a colour face"},
		{ColorEmoji, []uint16{60000}, "out of range"},
	} {
		if _, err := c.f.ColorGlyphs(c.gids); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ColorGlyphs(%s, %v): %v, want %q", c.f, c.gids, err, c.want)
		}
	}
}

// The colour face is parsed from the embedded file, not from a copy of it:
// go-text keeps copies of its tables (10.5 MB of pictures), and a copy of
// the whole file beside them doubled the heap the first emoji of a process
// cost (21.7 MB, now 10.9 MB).
func TestColorFaceParsedWithoutACopy(t *testing.T) {
	e := &entry{name: "NotoColorEmoji", path: embedded[ColorEmoji].path, color: true}
	if fnt := e.parsed(); fnt == nil || fnt.Upem() != 2048 {
		t.Fatal("the colour face did not parse")
	}
	if e.data != nil {
		t.Error("parsing the colour face copied its file")
	}
	if n := e.numGlyphs(); n != 3968 || e.data != nil {
		t.Errorf("numGlyphs = %d (want Noto's 3,968), file copied: %v", n, e.data != nil)
	}
}
