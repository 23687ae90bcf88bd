package layout

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"pdfexport/fonts"
	"pdfexport/render/hyphen"
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
