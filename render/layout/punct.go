package layout

import (
	"sort"
	"unicode/utf8"

	"pdfexport/render/page"
	"pdfexport/render/text"
)

// Punctuation compression, as Japanese composition does it (JIS X 4051,
// JLREQ) and as Chinese faces that draw their marks in half of an em box
// need it too. A full stop, comma or bracket carries half an em of blank
// (text.Blanks). Two marks side by side keep only one half-em between
// them: a mark's blank is taken out before another mark ("。」" sets the
// full stop half wide, "」「" the closing bracket, "「『" the second opening
// bracket). And a line may end with a mark's blank beyond the measure, so
// that its ink, not its box, meets the right edge: the break after the mark
// carries a penalty whose width takes the blank back (Knuth and Plass's
// penalty width, which counts only where the line ends), so a justified
// line is set half an em wider rather than its gaps stretched by that much.
// Faces that centre a full stop or a comma in its box (AR PL UMing, in its
// three forms, centres 。 and 、) leave it no blank, and it is left alone.

// closeUp takes the blanks out from between adjacent marks of r (left to
// right text only: these marks do not occur in right-to-left runs), copying
// its glyphs first when one changes: they are shared with the shaper's
// caches.
func (sh *shaper) closeUp(r *run) {
	if r.rtl() || !hasPunct(r.text) {
		return
	}
	orig, gs := r.glyphs, r.glyphs
	copied := false
	for i := 0; i+1 < len(gs); i++ {
		// Each mark's blanks are read from its glyph as shaped, not as
		// narrowed at the previous pair: in "「『「" the middle bracket
		// keeps its left half for the bracket after it to take out.
		a, b := orig[i], orig[i+1]
		if a.Cluster == b.Cluster {
			continue
		}
		ra, _ := utf8.DecodeRuneInString(r.text[a.Cluster:])
		rb, _ := utf8.DecodeRuneInString(r.text[b.Cluster:])
		aLeft, aRight := text.Blanks(r.style.face, ra, a)
		bLeft, bRight := text.Blanks(r.style.face, rb, b)
		if bLeft == 0 && bRight == 0 {
			continue
		}
		if !copied {
			gs = carve(&sh.glyphSlab, gs, 1024)
			copied = true
		}
		switch {
		case aRight > 0: // "。」", "」「": the first mark's blank goes
			gs[i].Advance -= aRight
		case aLeft > 0 && bLeft > 0: // "「『": the second's goes
			gs[i+1].XOff -= bLeft
			gs[i+1].Advance -= bLeft
		}
	}
	if !copied {
		return
	}
	var adv int64
	for _, g := range gs {
		adv += int64(g.Advance)
	}
	r.glyphs, r.width = gs, r.style.scaled(adv)
}

// hasPunct reports whether s may hold a mark with a blank: all of them lie
// in U+3000 to U+30FF and U+FF00 to U+FFEF.
func hasPunct(s string) bool {
	for _, c := range []byte(s) {
		if c == 0xE3 || c == 0xEF { // the lead bytes of U+3000–U+3FFF and U+F000–U+FFFF
			return true
		}
	}
	return false
}

// trailingBlank is the blank on the right of the character that ends just
// before byte offset at of r's text, at r's size: what a line ending there
// may leave beyond the measure. Only a run at level 0 (left to right in a
// left-to-right paragraph) ends its line at the right edge: in a
// right-to-left paragraph the end of a Japanese quotation is drawn inside
// the line, and a blank taken out there pushed the line past the margin.
func trailingBlank(r *run, at int) page.Unit {
	if r.level != 0 || at <= 0 || at > len(r.text) {
		return 0
	}
	i := sort.Search(len(r.glyphs), func(i int) bool { return int(r.glyphs[i].Cluster) >= at }) - 1
	if i < 0 || (i+1 < len(r.glyphs) && int(r.glyphs[i+1].Cluster) != at) || (i > 0 && r.glyphs[i-1].Cluster == r.glyphs[i].Cluster) {
		return 0 // not one glyph for the character before the break
	}
	g := r.glyphs[i]
	c, _ := utf8.DecodeRuneInString(r.text[g.Cluster:])
	if int(g.Cluster)+utf8.RuneLen(c) != at {
		return 0
	}
	_, right := text.Blanks(r.style.face, c, g)
	return r.style.scaled(int64(right))
}

// partAt is the index of the part whose text ends at or holds the byte
// before offset at of a word whose parts start at starts (with the word's
// end last); -1 for offset 0.
func partAt(starts []int, at int) int {
	for k := 0; k+1 < len(starts); k++ {
		if starts[k] < at && at <= starts[k+1] {
			return k
		}
	}
	return -1
}
