package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// subsetSamples are characters each face draws, including accented letters
// that Noto draws as composite glyphs (a base letter plus a mark).
var subsetSamples = map[Face]string{
	Serif:           "Hello, world — “Straße” café Ệ Łódź ĂăǺǻ Αθήνα Москва 1234567890 \uFFFD",
	SerifItalic:     "Hà Nội ǻ fiancé",
	SerifBold:       "Ắ Ổ Bold",
	SerifBoldItalic: "Ǻ x",
	Sans:            "page 1 of 3 © Ǻ",
	SansBold:        "Twelve ǻ",
	Hebrew:          "ירושלים",
	Arabic:          "ﺍﻟﻘﺎﻫﺮﺓ",
	Devanagari:      "नमस्ते",
	Thai:            "กรุงเทพ",
	CJK:             "東京こんにちは北京「」、。",
	Korean:          "서울 부산",
	Symbols:         "☕✈",
	DejaVu:          "⇒→∞",
}

// TestSubsetKeepsGlyphs checks that each character of a subset has the same
// advance and the same outline as in the whole face, that composite glyphs
// come with their components, and that nothing else is kept.
func TestSubsetKeepsGlyphs(t *testing.T) {
	composites := 0
	for face, text := range subsetSamples {
		runes := []rune(text)
		data, err := face.Subset(runes)
		if err != nil {
			t.Fatalf("%s: %v", face, err)
		}
		whole, err := sfnt.Parse(face.Data())
		if err != nil {
			t.Fatal(err)
		}
		sub, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: subset does not parse: %v", face, err)
		}
		if n := sub.NumGlyphs(); n > 2*len(runes)+1 {
			t.Errorf("%s: %d glyphs kept for %d characters", face, n, len(runes))
		}
		var wb, sb sfnt.Buffer
		ppem := fixed.I(int(whole.UnitsPerEm()))
		for _, r := range runes {
			if r == ' ' && !face.Metrics().Has(r) {
				continue
			}
			wg, _ := whole.GlyphIndex(&wb, r)
			sg, err := sub.GlyphIndex(&sb, r)
			if err != nil || sg == 0 {
				t.Errorf("%s: %q missing from the subset (%v)", face, r, err)
				continue
			}
			wa, _ := whole.GlyphAdvance(&wb, wg, ppem, font.HintingNone)
			sa, _ := sub.GlyphAdvance(&sb, sg, ppem, font.HintingNone)
			if wa != sa {
				t.Errorf("%s: %q advance %v in the subset, %v in the face", face, r, sa, wa)
			}
			wsegs, err1 := whole.LoadGlyph(&wb, wg, ppem, nil)
			wsegs = slices.Clone(wsegs)
			ssegs, err2 := sub.LoadGlyph(&sb, sg, ppem, nil)
			if err1 != nil || err2 != nil || !slices.Equal(wsegs, ssegs) {
				t.Errorf("%s: %q outline differs (%v, %v)", face, r, err1, err2)
			}
			if t, _ := face.tables(); isComposite(t.glyph(face.Metrics().glyphIndex(r))) {
				composites++
			}
		}
		if g, _ := sub.GlyphIndex(&sb, 'Q'); g != 0 && !slices.Contains(runes, 'Q') {
			t.Errorf("%s: the subset maps a character it was not asked for", face)
		}
	}
	if composites == 0 {
		t.Error("no composite glyph among the samples: the component renumbering is untested")
	}
}

func isComposite(glyph []byte) bool {
	return len(glyph) >= 2 && int16(binary.BigEndian.Uint16(glyph)) < 0
}

func TestSubsetEdges(t *testing.T) {
	// No characters, characters the face lacks, repeats and disorder.
	for _, runes := range [][]rune{nil, {'\U0001F600', 0x0378}, {'b', 'a', 'b', 'a'}} {
		data, err := Serif.Subset(runes)
		if err != nil {
			t.Fatalf("%q: %v", runes, err)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%q: %v", runes, err)
		}
		want := 1 // .notdef
		if len(runes) == 4 {
			want = 3
		}
		if f.NumGlyphs() != want {
			t.Errorf("%q: %d glyphs, want %d", runes, f.NumGlyphs(), want)
		}
	}
	// The same request gives the same bytes.
	a, _ := Serif.Subset([]rune("déjà vu"))
	b, _ := Serif.Subset([]rune("uv àjéd "))
	if !bytes.Equal(a, b) {
		t.Error("subset depends on the order of the characters asked for")
	}
	// A whole face is far larger than a page's worth of its characters.
	if len(a)*10 > len(Serif.Data()) {
		t.Errorf("subset of 7 characters is %d bytes, the face %d", len(a), len(Serif.Data()))
	}
}

func TestParseTablesRejectsMalformed(t *testing.T) {
	good := Serif.Data()
	short := func(n int) []byte { return good[:n] }
	badLoca := slices.Clone(good)
	// Point the loca table's offset past the end of the file.
	n := int(binary.BigEndian.Uint16(good[4:]))
	for i := range n {
		rec := badLoca[12+16*i:]
		if string(rec[:4]) == "loca" {
			binary.BigEndian.PutUint32(rec[8:], uint32(len(good)))
		}
	}
	for name, data := range map[string][]byte{
		"empty":             nil,
		"header only":       short(12),
		"truncated":         short(4096),
		"table out of file": badLoca,
	} {
		if _, err := parseTables(data); !errors.Is(err, errMalformed) {
			t.Errorf("%s: err = %v, want errMalformed", name, err)
		}
	}
}
