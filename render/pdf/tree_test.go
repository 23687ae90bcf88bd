package pdf

import (
	"testing"

	"pdfexport/fonts"
	"pdfexport/render/page"
)

// The tree leaves out elements without content (a paragraph whose text
// is all artifacts), but keeps a table's empty cells, which hold their
// places in their rows.
func TestTreeLeavesOutEmptyElementsButNotCells(t *testing.T) {
	elems := []page.Elem{
		{Role: "Document", Parent: -1},
		{Role: "P", Parent: 0},     // 1: drawn
		{Role: "P", Parent: 0},     // 2: nothing drawn
		{Role: "Table", Parent: 0}, // 3
		{Role: "TR", Parent: 3},    // 4
		{Role: "TD", Parent: 4},    // 5: drawn
		{Role: "TD", Parent: 4},    // 6: empty
	}
	tg := newTagger(nil, elems)
	tg.content[1] = []mark{{page: 1, mcid: 0, seq: 0}}
	tg.content[5] = []mark{{page: 1, mcid: 1, seq: 1}}
	tg.seq = 2
	var got []string
	for _, e := range tg.tree() {
		got = append(got, e.Type)
	}
	want := []string{"Document", "P", "Table", "TR", "TD", "TD"}
	if len(got) != len(want) {
		t.Fatalf("tree %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("tree %v; want %v", got, want)
		}
	}
}

// A character no face has, drawn as the face's U+FFFD, leaves that glyph
// standing for U+FFFD in the ToUnicode map: the character itself is the
// text of an /ActualText span around it, and a later U+FFFD of the text
// reads through the map as itself.
func TestReplacementGlyphStandsForFFFD(t *testing.T) {
	doc := &page.Document{Pages: []page.Page{{Texts: []page.Text{shaped(72*page.Pt, 100*page.Pt, "Programm \u23B7")}}}}
	p := planText(doc)
	fp := p.byFace[fonts.Serif]
	r := fp.replacement()
	if r == 0 {
		t.Skip("Noto Serif has no U+FFFD")
	}
	if got := fp.unicode.get(r); got != "\uFFFD" {
		t.Errorf("the replacement glyph stands for %+q; want U+FFFD", got)
	}
	if a := p.actual[textKey{0, 0}]; len(a) != 1 || a[0].Text != "\u23B7" {
		t.Errorf("actual text spans %+v; want one of U+23B7", a)
	}
}
