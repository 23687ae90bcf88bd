package layout

import (
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/fonts"
)

// Regression tests from the real-world corpus run (corpus/, go-trafilatura's
// 947 web pages), each built from the smallest input that showed the bug.

// drawn lays out one paragraph and returns its runs and the faces they use.
func drawn(t *testing.T, text string) (string, map[fonts.Face]bool, Stats) {
	t.Helper()
	a := &article.Article{Title: "T", Lang: "de", Body: []article.Block{article.Para(text)}}
	doc, st := mustLayout(t, a, opts(A4, 1))
	var b strings.Builder
	faces := map[fonts.Face]bool{}
	for _, pg := range doc.Pages {
		for _, tx := range bodyTexts(pg) {
			if tx.S == "T" {
				continue
			}
			b.WriteString(tx.S)
			faces[tx.Face] = true
		}
	}
	return b.String(), faces, st
}

// A compound with short parts, on 61 of 947 pages: the wordBreaks panic.
func TestCompoundWordsDoNotPanic(t *testing.T) {
	for _, w := range []string{"Erste-Klasse-Sparpreis-Ticket", "rste-se-s-k"} {
		if got, _, _ := drawn(t, w); got != strings.ReplaceAll(w, "\u00ad", "") {
			t.Errorf("%q drawn as %q", w, got)
		}
	}
}

// Invisible format characters are drawn as nothing, not as U+FFFD: the
// Arabic letter mark and the Mongolian vowel separator came out as visible
// replacement characters.
func TestInvisibleCharactersAreNotReplaced(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ab\u061Ccd", "abcd"},
		{"ab\u180Ecd", "abcd"},
		{"ab\u200Ecd", "abcd"},
		{"ab\u2066cd\u2069", "abcd"},
		{"a\u034Fb", "ab"},
	} {
		got, _, st := drawn(t, c.in)
		if got != c.want || st.MissingGlyphs != 0 {
			t.Errorf("%+q drawn as %+q with %d missing glyphs; want %+q", c.in, got, st.MissingGlyphs, c.want)
		}
	}
	// The soft hyphen and the Arabic number sign are not ignorable.
	if got, _, _ := drawn(t, "ab\u00ADcd \u0600١"); !strings.Contains(got, "abcd") || !strings.ContainsRune(got, 0x0600) {
		t.Errorf("drawn as %+q", got)
	}
}

// A symbol no face has is drawn as its name, whatever its category: the
// arrow ⤵ (a maths symbol, Sm) came out as U+FFFD.
func TestEverySymbolStandsInByName(t *testing.T) {
	got, _, _ := drawn(t, "Programm \u2935\uFE0F")
	if !strings.Contains(got, "[arrow pointing rightwards then curving downwards]") {
		t.Errorf("drawn as %q", got)
	}
}

// An arrow in a Latin text is drawn from the symbol faces, as the README
// says, not from the Korean face, which doubled the render's memory.
func TestArrowsComeFromTheSymbolFaces(t *testing.T) {
	_, faces, _ := drawn(t, "Preise ↑ und ▶ weiter")
	if faces[fonts.Korean] || faces[fonts.CJK] {
		t.Errorf("an arrow drawn from an East Asian face: %v", faces)
	}
}
