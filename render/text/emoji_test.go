package text

import (
	"testing"

	"github.com/go-text/typesetting/language"

	"pdfexport/fonts"
)

// Text presentation stays with the text and symbol faces; emoji
// presentation goes to the colour face, whatever the base (UTS #51, see
// fonts.ForCluster).
func TestEmojiPresentationChoosesTheFace(t *testing.T) {
	var it Itemiser
	for _, c := range []struct {
		s     string
		color bool
	}{
		{"☺\uFE0E", false}, {"☺", false}, {"☺\uFE0F", true},
		{"❤", false}, {"❤\uFE0F", true}, {"©", false}, {"™", false}, {"7", false},
		{"😀", true}, {"😀\uFE0E", false}, {"7\uFE0F\u20E3", true}, {"🇯🇵", true}, {"👋🏿", true},
		{"☝🏽", true}, {"👩\u200D🚀", true}, {"🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F", true},
	} {
		for _, base := range []fonts.Face{fonts.Serif, fonts.SansBold, fonts.Hebrew} {
			parts := it.Itemise(nil, c.s, 0, make([]uint8, len(c.s)), base)
			if len(parts) != 1 {
				t.Errorf("%+q in %s: %d parts, want 1", c.s, base, len(parts))
				continue
			}
			if got := parts[0].Face == fonts.ColorEmoji; got != c.color || parts[0].Missing != 0 {
				t.Errorf("%+q in %s: drawn with %s (%d missing); colour face wanted: %v", c.s, base, parts[0].Face, parts[0].Missing, c.color)
			}
		}
	}
}

// The colour face's GSUB makes one glyph of each kind of sequence, and a
// run of emoji knows how far their pictures reach (the layout keeps lines
// apart by it): above the x-height, and below the baseline as a descender.
func TestEmojiSequencesShapeToOneGlyph(t *testing.T) {
	s := NewShaper()
	defer s.Close()
	upem := UnitsPerEm(fonts.ColorEmoji)
	for _, seq := range []string{
		"👨\u200D👩\u200D👧\u200D👦", // ZWJ
		"🇫🇷",                     // flag
		"#\uFE0F\u20E3",          // keycap
		"👍🏽",                     // modifier
		"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", // tag
		"❤\uFE0F\u200D🔥", // ZWJ with FE0F
		"😀",
	} {
		r := s.Shape(Key{Face: fonts.ColorEmoji, Script: language.Common}, seq)
		if len(r.Glyphs) != 1 || r.Notdef != 0 {
			t.Errorf("%+q: %d glyphs (%d .notdef), want one", seq, len(r.Glyphs), r.Notdef)
			continue
		}
		if r.Top < upem*3/4 || r.Bottom > -upem/20 || r.Bottom < -upem/2 {
			t.Errorf("%+q: ink from %d to %d, upem %d", seq, r.Bottom, r.Top, upem)
		}
	}
}
