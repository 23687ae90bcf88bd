package text

import (
	"unicode/utf8"

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
	locale  fonts.Locale // whose forms ideographs take (SetLanguage)
	para    bidi.Paragraph
	seg     segmenter.Segmenter
	runes   []rune
	offsets []int
}

// SetLanguage sets the language of the text to come, a BCP 47 tag: its
// ideographs take the letterforms of Japanese, of Korean, or of Chinese as
// written in the mainland, Taiwan or Hong Kong (fonts.LocaleOf; every other
// language takes the mainland's, the likeliest for Chinese quoted in it).
func (it *Itemiser) SetLanguage(tag string) { it.locale = fonts.LocaleOf(tag) }

// Levels returns the bidi embedding level of every byte of a paragraph's
// text (UAX #9), rtl being the direction it takes when it has no strong
// character (the paragraph's own first strong character decides first, P2).
func (it *Itemiser) Levels(text string, rtl bool) []uint8 {
	levels := make([]uint8, len(text))
	if len(text) == 0 || !rtl && leftToRightOnly(text) {
		return levels
	}
	return it.levels(levels, text, rtl)
}

// levels is Levels by the whole algorithm.
func (it *Itemiser) levels(levels []uint8, text string, rtl bool) []uint8 {
	dir := bidi.LeftToRight
	if rtl {
		dir = bidi.RightToLeft
	}
	it.runes, it.offsets = it.runes[:0], it.offsets[:0]
	for i, r := range text {
		if paragraphSeparator(r) {
			// go-text stops at the first one; the paragraph layout sets
			// goes on, and takes it as white space (UAX #9 gives B and WS
			// the same place in a line: rule L1).
			r = ' '
		}
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
	// Characters the algorithm did not reach (it stops at a paragraph
	// separator, and none is left) would keep the paragraph's level.
	done := 0
	if n := runs.NumRuns(); n > 0 {
		done = runs.Run(n - 1).End
	}
	base := uint8(0)
	if rtl {
		base = 1
	}
	for i := range it.runes {
		lvl := base
		if i < done {
			lvl = uint8(runs.Level(i))
		}
		for b := it.offsets[i]; b < it.offsets[i+1]; b++ {
			levels[b] = lvl
		}
	}
	return levels
}

// paragraphSeparator reports the characters of bidi class B.
func paragraphSeparator(r rune) bool {
	return r == '\n' || r == '\r' || (r >= 0x1C && r <= 0x1E) || r == 0x85 || r == 0x2029
}

// leftToRightOnly reports whether text has no character that could take a
// level above 0 in a left-to-right paragraph: no right-to-left letter (R,
// AL), no Arabic number (AN) and no explicit embedding, override or
// isolate. UAX #9 then gives every character level 0 (numbers and
// neutrals resolve to the L around them or to the paragraph's direction),
// so the algorithm (run per paragraph) is skipped for nearly all
// paragraphs of left-to-right text. Below U+0590 (Hebrew) there is no such
// character; above, the blocks whose unassigned characters are
// right-to-left by default are refused whole, so that a character newer
// than x/text's tables cannot slip through.
func leftToRightOnly(text string) bool {
	for _, r := range text {
		if r < 0x0590 {
			continue
		}
		if r <= 0x08FF || 0xFB1D <= r && r <= 0xFDFF || 0xFE70 <= r && r <= 0xFEFF ||
			0x10800 <= r && r <= 0x10FFF || 0x1E800 <= r && r <= 0x1EFFF {
			return false
		}
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.R, xbidi.AL, xbidi.AN, xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF,
			xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI:
			return false
		}
	}
	return true
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
	return it.itemise(out, text, at, levels, base, it.locale, true)
}

// ItemiseIn is Itemise for text in the language tag (a span's, in a
// paragraph of another): a tag of Chinese, Japanese or Korean gives its
// ideographs that language's forms (fonts.HanLocale); any other leaves
// them those of the paragraph's language (SetLanguage), since a run of
// ideographs in a French quotation is no more French than the article.
func (it *Itemiser) ItemiseIn(out []Part, text string, at int, levels []uint8, base fonts.Face, tag string) []Part {
	locale, ok := fonts.HanLocale(tag)
	if !ok {
		locale = it.locale
	}
	return it.itemise(out, text, at, levels, base, locale, true)
}

// itemise is Itemise; shortcut false sends every text through the segmenter,
// for tests of the shortcut.
func (it *Itemiser) itemise(out []Part, text string, at int, levels []uint8, base fonts.Face, locale fonts.Locale, shortcut bool) []Part {
	if text == "" {
		return out
	}
	it.runes = it.runes[:0]
	simple := true
	prev := rune(0)
	for _, r := range text {
		it.runes = append(it.runes, r)
		simple = simple && r < simpleBelow && !(prev == '\r' && r == '\n')
		prev = r
	}
	p := parter{out: out, cur: -1, at: at, levels: levels, base: base, locale: locale}
	if simple && shortcut {
		// Below U+0300 every character is a grapheme cluster of its own
		// (UAX #29: no Extend, SpacingMark, Prepend, ZWJ, Hangul or
		// regional indicator there), but for CR LF: the segmenter, which
		// finds line and word boundaries too, is not needed.
		offset := 0
		for i, r := range it.runes {
			n := utf8.RuneLen(r)
			p.add(it.runes[i:i+1], offset, n)
			offset += n
		}
		return p.out
	}
	it.seg.Init(it.runes)
	g := it.seg.GraphemeIterator()
	for g.Next() {
		cl := g.Grapheme()
		p.add(cl.Text, cl.OffsetInBytes, cl.LengthInBytes)
	}
	return p.out
}

// simpleBelow bounds the characters that are always clusters of their own.
const simpleBelow = 0x0300

// parter builds the parts of one text, a cluster at a time.
type parter struct {
	out    []Part
	cur    int // index in out of the part being built; -1: none yet
	at     int
	levels []uint8
	base   fonts.Face
	locale fonts.Locale
}

// add adds the cluster cl, at byte offset offset of the text and n bytes
// long, to the part being built, or starts a new part with it.
func (pt *parter) add(cl []rune, offset, n int) {
	start := pt.at + offset
	face, missing := clusterFace(pt.base, pt.locale, cl)
	level := pt.levels[start]
	script := clusterScript(cl)
	if pt.cur >= 0 {
		p := &pt.out[pt.cur]
		sameScript := script == language.Common || p.Script == language.Common || script == p.Script
		if p.Face == face && p.Level == level && sameScript {
			p.End = start + n
			p.Missing += missing
			if p.Script == language.Common {
				p.Script = script
			}
			return
		}
	}
	pt.out = append(pt.out, Part{Start: start, End: start + n, Face: face, Level: level, Script: script, Missing: missing})
	pt.cur = len(pt.out) - 1
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
// Its ideographs take the forms of a language that is not Chinese,
// Japanese or Korean (see Itemiser.SetLanguage).
func ClusterFace(base fonts.Face, cl []rune) (fonts.Face, int) {
	return clusterFace(base, fonts.LocaleZhHans, cl)
}

func clusterFace(base fonts.Face, l fonts.Locale, cl []rune) (fonts.Face, int) {
	if face, ok := fonts.ForClusterIn(base, l, cl); ok {
		return face, 0
	}
	face := base
	for _, r := range cl {
		if unichar.Invisible(r) {
			continue
		}
		if f, ok := fonts.ForClusterIn(base, l, []rune{r}); ok {
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
