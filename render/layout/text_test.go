package layout

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"pdfexport/fonts"
	"pdfexport/render/hyphen"
	"pdfexport/render/page"
)

// A word met again in a layout costs no allocation: it is itemised, broken,
// hyphenated and shaped once, and its boxes come from the caches. A
// paragraph of one hyphenated word a thousand times over allocates no more
// than one of ten times, but for the growth of its list of items.
func TestRepeatedWordsAllocateNothing(t *testing.T) {
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	h, _ := hyphen.ForLang("en")
	allocs := func(n int) float64 {
		text := strings.Repeat("“rapprochement,” Tokyo’s self-defence ", n)
		return testing.AllocsPerRun(5, func() {
			sh := shaper{hyph: h}
			sh.items(plain(text, st), paragraphOpts{measure: pts(300)})
		})
	}
	few, many := allocs(10), allocs(1000)
	if many > few+30 {
		t.Errorf("a paragraph of 1,000 repeats allocates %v times, of 10 repeats %v: repeated words allocate", many, few)
	}
}

// The caches give the items the words would have without them, whatever
// the width and hyphenation asked of each (they are part of the key).
func TestCachedWordsAsBroken(t *testing.T) {
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	h, _ := hyphen.ForLang("en")
	text := "Putin said the rapprochement was over; the rapprochement, said Abe, was not. Self-defence forces – and rapprochement"
	sh := shaper{hyph: h}
	for _, o := range []paragraphOpts{{measure: pts(300)}, {measure: pts(40)}, {measure: pts(300), display: true}, {measure: pts(300)}} {
		fresh := shaper{hyph: h}
		want := breaksOf(fresh.items(plain(text, st), o))
		if got := breaksOf(sh.items(plain(text, st), o)); got != want {
			t.Errorf("%+v: with the caches %q, without %q", o, got, want)
		}
	}
}

// isSpace's shortcut for ASCII answers as the Unicode tables do.
func TestIsSpaceASCII(t *testing.T) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if want := unicode.IsSpace(r) || unicode.Is(unicode.Zs, r); isSpace(r) != want {
			t.Errorf("isSpace(%U) = %v, want %v", r, !want, want)
		}
	}
}

// Setting a line allocates the same few times however many words it has:
// its characters go into one string and its glyphs into one array, sized
// beforehand (each run was a string concatenation and a slice growth). And
// each Text stands for its own stretch of them: its glyphs' clusters are
// offsets in its S, the space between words is a glyph and a " ".
func TestSetLineAllocations(t *testing.T) {
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	italic := st.with(fonts.SerifItalic)
	sh := shaper{}
	lineOf := func(words int) ([]item, line) {
		var items []item
		var w page.Unit
		for i := range words {
			s := st
			if i == 1 {
				s = italic // a second Text
			}
			sp := span{text: "word", style: s}
			r := newRun(sp, sh.shape(sp))
			if i > 0 {
				items = append(items, item{kind: glueItem, width: pts(3)})
				w += pts(3)
			}
			items = append(items, item{kind: boxItem, width: r.width, run: r})
			w += r.width
		}
		return items, line{start: 0, end: len(items), breakAt: len(items), natural: w, target: w}
	}
	allocs := func(words int) float64 {
		items, ln := lineOf(words)
		return testing.AllocsPerRun(20, func() {
			var v vitem
			setLine(&v, items, ln, 0, st, false, &tagger{})
		})
	}
	if few, many := allocs(4), allocs(40); many > few {
		t.Errorf("setting a line of 40 words allocates %v times, of 4 words %v", many, few)
	}
	items, ln := lineOf(4)
	var v vitem
	setLine(&v, items, ln, 0, st, false, &tagger{})
	if len(v.texts) != 3 {
		t.Fatalf("%d Texts, want 3 (roman, italic, roman)", len(v.texts))
	}
	for i, tx := range v.texts {
		want := []string{"word ", "word ", "word word"}[i]
		if tx.S != want {
			t.Errorf("Text %d is %q, want %q", i, tx.S, want)
		}
		for _, g := range tx.Glyphs {
			if int(g.Cluster) >= len(tx.S) {
				t.Errorf("Text %d %q: a glyph's cluster %d is beyond its text", i, tx.S, g.Cluster)
			}
		}
		if last := tx.Glyphs[len(tx.Glyphs)-1]; cap(tx.Glyphs) != len(tx.Glyphs) {
			t.Errorf("Text %d's glyphs have room beyond them (%d of %d): appending to them would overwrite the next Text's (last %+v)", i, len(tx.Glyphs), cap(tx.Glyphs), last)
		}
	}
}
