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

// TestSubsetTooScattered checks the fallback for a character set a format 4
// map cannot hold: every other CJK ideograph, 10,451 runs of one.
func TestSubsetTooScattered(t *testing.T) {
	var rs []rune
	for r := rune(0x4E00); r < 0x9FA6; r += 2 {
		rs = append(rs, r)
	}
	data, err := CJK.Subset(rs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, CJK.Data()) {
		t.Errorf("a subset of %d scattered characters is %d bytes; want the whole face", len(rs), len(data))
	}
	// A few hundred scattered characters are still a subset.
	few, _ := CJK.Subset(rs[:400])
	if len(few) >= len(CJK.Data())/4 {
		t.Errorf("400 characters gave %d bytes", len(few))
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

// TestSubsetChecksums checks what strict font readers verify: each table's
// checksum, and the whole file summing to 0xB1B0AFBA through head's
// checksum adjustment.
func TestSubsetChecksums(t *testing.T) {
	data, err := Serif.Subset([]rune("Checksums, ǻ and Ệ"))
	if err != nil {
		t.Fatal(err)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	var headAdj uint32
	for i := range n {
		rec := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		table := slices.Clone(data[off : off+length])
		if string(rec[:4]) == "head" {
			headAdj = binary.BigEndian.Uint32(table[8:])
			binary.BigEndian.PutUint32(table[8:], 0)
		}
		if off%4 != 0 || checksum(table) != binary.BigEndian.Uint32(rec[4:]) {
			t.Errorf("table %q: offset %d, checksum %08x, recorded %08x", rec[:4], off, checksum(table), binary.BigEndian.Uint32(rec[4:]))
		}
		if i > 0 && string(rec[:4]) <= string(data[12+16*(i-1):][:4]) {
			t.Errorf("tables out of order at %q", rec[:4])
		}
	}
	if headAdj == 0 || checksum(data) != 0xB1B0AFBA {
		t.Errorf("whole-file checksum %08x, want B1B0AFBA", checksum(data))
	}
}
