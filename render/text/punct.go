package text

import (
	"sync"

	"github.com/go-text/typesetting/font"

	"pdfexport/fonts"
)

// Chinese and Japanese punctuation is set in full-width boxes: an em wide,
// the mark drawn in one half of it. A full stop, a comma or a closing
// bracket sits in the left half, an opening bracket in the right, and the
// other half is blank. Two marks side by side ("。」", "」「") then leave
// a gap of half an em or a whole one, and a line that ends with one stops
// half an em short of the measure: the rules of Japanese composition
// (JIS X 4051, W3C's JLREQ) take those blanks out. Blanks reports them, so
// that layout can.

// Punctuation classes, as JLREQ names them.
const (
	notPunct = iota
	opening  // cl-01: 「『（［｛〔〈《【〘〖〝
	closing  // cl-02, cl-06, cl-07: closing brackets, full stops, commas
)

func punctClass(r rune) int {
	switch r {
	case '「', '『', '（', '［', '｛', '〔', '〈', '《', '【', '〘', '〖', '〝':
		return opening
	case '」', '』', '）', '］', '｝', '〕', '〉', '》', '】', '〙', '〗', '〟', '、', '，', '。', '．':
		return closing
	}
	return notPunct
}

// Blanks returns the blank half of glyph g, drawn for r in face f, in font
// units: on the right of a full stop, comma or closing bracket (right), on
// the left of an opening bracket (left). Both are zero for every other
// character, and for a mark that is not drawn in half of a full-width box:
// a proportional one, one already narrowed, or one drawn in the middle of its
// box, as Traditional Chinese faces draw the full stop and comma. Half of
// the advance is the blank when the mark's ink keeps out of it.
func Blanks(f fonts.Face, r rune, g Glyph) (left, right int32) {
	class := punctClass(r)
	if class == notPunct || g.Advance <= 0 {
		return 0, 0
	}
	upem := int32(f.Font().Upem())
	if g.Advance*10 < upem*9 {
		return 0, 0 // not full width
	}
	ink, ok := inkOf(f, g.ID)
	if !ok {
		return 0, 0
	}
	half := g.Advance / 2
	switch class {
	case opening:
		if g.XOff+ink.left >= half-g.Advance/20 {
			return half, 0
		}
	case closing:
		if g.XOff+ink.right <= half+g.Advance/20 {
			return 0, half
		}
	}
	return 0, 0
}

// extent is where a glyph's ink lies across its advance, in font units.
type extent struct{ left, right int32 }

type glyphKey struct {
	face fonts.Face
	id   uint16
}

var inks sync.Map // glyphKey → extent; punctuation only, so a few dozen entries

// inkOf returns the horizontal extent of glyph id's ink; ok is false for a
// glyph with none.
func inkOf(f fonts.Face, id uint16) (extent, bool) {
	k := glyphKey{f, id}
	if v, found := inks.Load(k); found {
		e := v.(extent)
		return e, e.right > e.left
	}
	var e extent
	if ext, has := font.NewFace(f.Font()).GlyphExtents(font.GID(id)); has && ext.Width > 0 {
		e = extent{int32(ext.XBearing), int32(ext.XBearing + ext.Width)}
	}
	inks.Store(k, e)
	return e, e.right > e.left
}
