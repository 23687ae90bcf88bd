package page

import (
	"strings"
	"testing"
	"unsafe"

	"pdfexport/fonts"
)

func TestUnits(t *testing.T) {
	for _, c := range []struct {
		pt   float64
		want Unit
	}{{0, 0}, {1, 65536}, {0.5, 32768}, {-1, -65536}, {595.276, 39012008}} {
		if got := FromPoints(c.pt); got != c.want {
			t.Errorf("FromPoints(%g) = %d, want %d", c.pt, got, c.want)
		}
		if back := c.want.Points(); back-c.pt > 1e-4 || c.pt-back > 1e-4 {
			t.Errorf("%d.Points() = %g, want %g", c.want, back, c.pt)
		}
	}
	if s := (Pt * 3 / 2).String(); s != "1.50pt" {
		t.Errorf("String() = %q", s)
	}
}

func TestTraceGroupsRunsByBaseline(t *testing.T) {
	d := &Document{Width: 100 * Pt, Height: 200 * Pt,
		Outline: []Bookmark{{Title: "T", Page: 0, Y: 10 * Pt}},
		Pages: []Page{{
			Texts: []Text{
				{X: 10 * Pt, Y: 20 * Pt, Face: fonts.Serif, Size: 11 * Pt, S: "one"},
				{X: 30 * Pt, Y: 20 * Pt, Face: fonts.Serif, Size: 11 * Pt, S: "two"},
				{X: 10 * Pt, Y: 35 * Pt, Face: fonts.Sans, Size: 8 * Pt, S: "three"},
			},
			Rules: []Rule{{X1: 0, Y1: Pt, X2: 10 * Pt, Y2: Pt}},
			Links: []Link{{X: Pt, Y: 2 * Pt, W: 3 * Pt, H: 4 * Pt, URL: "https://example.org"}},
		}},
	}
	var b strings.Builder
	if err := d.WriteTrace(&b); err != nil {
		t.Fatal(err)
	}
	want := `document 100.00pt x 200.00pt, 1 pages
outline 0 page 1 y 10.00pt "T"
page 1
  y 20.00pt x 10.00pt NotoSerif-Regular 11.00pt | one | two
  y 35.00pt x 10.00pt NotoSans-Regular 8.00pt | three
  rule 0.00pt 1.00pt 10.00pt 1.00pt
  link 1.00pt 2.00pt 3.00pt 4.00pt https://example.org
`
	if b.String() != want {
		t.Errorf("trace:\n%s\nwant:\n%s", b.String(), want)
	}
}

// A glyph takes 24 bytes: a page holds thousands, and the field order of
// 32-byte glyphs was a quarter of the page model's memory.
func TestGlyphSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are stated for 64-bit machines")
	}
	if n := unsafe.Sizeof(Glyph{}); n != 24 {
		t.Errorf("a Glyph takes %d bytes, want 24", n)
	}
}

// A Text takes 88 bytes: a page of letters alternating between two
// scripts holds one per letter.
func TestTextSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are stated for 64-bit machines")
	}
	if n := unsafe.Sizeof(Text{}); n != 88 {
		t.Errorf("a Text takes %d bytes, want 88", n)
	}
}
