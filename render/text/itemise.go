package text

import (
	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
	xbidi "golang.org/x/text/unicode/bidi"

	"pdfexport/fonts"
	"pdfexport/internal/unichar"
)

// Part is a stretch of a paragraph's text that one face draws, in one
// direction and one script: what is shaped as a unit.
type Part struct {
	Start, End int // byte offsets in the paragraph's text
	Face       fonts.Face
	Level      uint8 // bidi embedding level: odd is right to left
	Script     language.Script
	Missing    int // characters of clusters no face has (drawn as .notdef)
}

// RTL reports whether the part runs right to left.
func (p Part) RTL() bool { return p.Level%2 == 1 }

// Itemiser splits text into parts. It keeps buffers between calls: one
// serves one layout, and is not safe for concurrent use.
type Itemiser struct {
	para    bidi.Paragraph
	seg     segmenter.Segmenter
	runes   []rune
	offsets []int
}

// Levels returns the bidi embedding level of every byte of a paragraph's
// text (UAX #9), rtl being the direction it takes when it has no strong
// character (the paragraph's own first strong character decides first, P2).
func (it *Itemiser) Levels(text string, rtl bool) []uint8 {
	levels := make([]uint8, len(text))
	if len(text) == 0 {
		return levels
	}
	dir := bidi.LeftToRight
	if rtl {
		dir = bidi.RightToLeft
	}
	it.runes, it.offsets = it.runes[:0], it.offsets[:0]
	for i, r := range text {
		it.runes = append(it.runes, r)
		it.offsets = append(it.offsets, i)
	}
	it.offsets = append(it.offsets, len(text))
	runs := it.para.Segment(it.runes, dir)
	// Each character's own level: a run is one direction, not one level
	// (third_party/typesetting patch 2). Taking the run's level put "and
	// moved" after "תל אביב 1948" at the number's level 2, and mirrored the
	// rest of the line into the Hebrew. Levels are kept per byte, which is
	// how every caller addresses the text.
	for i := range it.runes {
		lvl := uint8(runs.Level(i))
		for b := it.offsets[i]; b < it.offsets[i+1]; b++ {
			levels[b] = lvl
		}
	}
	return levels
}

// ParagraphRTL reports the direction UAX #9 gives a paragraph (its first
// strong character, P2 and P3), or rtl when it has none.
func (it *Itemiser) ParagraphRTL(text string, rtl bool) bool {
	for _, r := range text {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.L:
			return false
		case xbidi.R, xbidi.AL:
			return true
		}
	}
	return rtl
}

// Itemise appends the parts of text, which starts at byte offset at in its
// paragraph (whose levels are given), as set in base: each grapheme cluster
// goes whole to the first face of base's fallback chain that has all its
// characters (fonts.ForCluster). A cluster no face has whole goes to the face
// of its first character, as browsers do, so that a letter is not lost for a
// mark no face has; what that face lacks is drawn as its .notdef glyph and
// counted. A part ends where the face, the level
// or the script changes; characters common to scripts (punctuation, digits,
// spaces) and combining marks stay in the part around them.
func (it *Itemiser) Itemise(out []Part, text string, at int, levels []uint8, base fonts.Face) []Part {
	if text == "" {
		return out
	}
	it.runes = it.runes[:0]
	for _, r := range text {
		it.runes = append(it.runes, r)
	}
	it.seg.Init(it.runes)
	g := it.seg.GraphemeIterator()
	cur := -1 // index in out of the part being built
	for g.Next() {
		cl := g.Grapheme()
		start := at + cl.OffsetInBytes
		face, missing := ClusterFace(base, cl.Text)
		level := levels[start]
		script := clusterScript(cl.Text)
		if cur >= 0 {
			p := &out[cur]
			sameScript := script == language.Common || p.Script == language.Common || script == p.Script
			if p.Face == face && p.Level == level && sameScript {
				p.End = start + cl.LengthInBytes
				p.Missing += missing
				if p.Script == language.Common {
					p.Script = script
				}
				continue
			}
		}
		out = append(out, Part{Start: start, End: start + cl.LengthInBytes, Face: face, Level: level, Script: script, Missing: missing})
		cur = len(out) - 1
	}
	return out
}

// clusterScript is the script of a cluster's first character that has one;
// Common when none has (punctuation, digits, symbols).
func clusterScript(cl []rune) language.Script {
	for _, r := range cl {
		switch s := language.LookupScript(r); s {
		case language.Common, language.Inherited, language.Unknown:
		default:
			return s
		}
	}
	return language.Common
}

// ClusterFace is the face that draws a grapheme cluster set in base, and how
// many of its visible characters that face lacks (drawn as .notdef).
func ClusterFace(base fonts.Face, cl []rune) (fonts.Face, int) {
	if face, ok := fonts.ForCluster(base, cl); ok {
		return face, 0
	}
	face := base
	for _, r := range cl {
		if unichar.Invisible(r) {
			continue
		}
		if f, ok := fonts.ForCluster(base, []rune{r}); ok {
			face = f
		}
		break
	}
	missing := 0
	for _, r := range cl {
		if !unichar.Invisible(r) && !face.Has(r) {
			missing++
		}
	}
	return face, missing
}
