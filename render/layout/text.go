package layout

import (
	"github.com/go-text/typesetting/language"

	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"pdfexport/render/hyphen"
	"pdfexport/render/page"
	"pdfexport/render/text"
	"pdfexport/render/text/dictbreak"
)

// style is a face at a size, with its leading and colour.
type style struct {
	face    text.Face
	size    page.Unit
	leading page.Unit
	color   page.Color
	upem    int64     // the face's units per em
	rise    page.Unit // the baseline raised by (superscript) or lowered by, when negative (subscript)
	strike  bool      // struck through
}

func newStyle(face text.Face, size, leading page.Unit, color page.Color) *style {
	return &style{face: face, size: size, leading: leading, color: color, upem: int64(text.UnitsPerEm(face))}
}

// with returns a copy of s in another face.
func (s *style) with(face text.Face) *style {
	t := newStyle(face, s.size, s.leading, s.color)
	t.rise, t.strike = s.rise, s.strike
	return t
}

// scaled converts font units to a length at the style's size. Summing font
// units first and scaling once keeps a word's width independent of how it was
// split into pieces.
func (s *style) scaled(fontUnits int64) page.Unit {
	return page.Unit(fontUnits * int64(s.size) / s.upem)
}

// spaceWidth is the width of an interword space in this style: the face's
// space, or a quarter em in a face without one.
func (s *style) spaceWidth() page.Unit {
	if _, adv, ok := text.Space(s.face); ok {
		return s.scaled(int64(adv))
	}
	return s.size / 4
}

// baseline is the distance from the top of a line to its baseline: the line's
// capitals are centred in the leading, so mixed sizes sit evenly.
func (s *style) baseline() page.Unit {
	return s.leading/2 + s.size*357/1000
}

// span is a piece of a paragraph's text in one style, possibly a link. Once
// itemised (see shaper.parts) it is also in one face, direction and script.
type span struct {
	text  string
	style *style
	link  string
	// lang is the span's language where it is not the document's
	// (doc.Span.Lang): it is shaped and hyphenated in it, and the tagger
	// tells its text's element by it.
	lang   language.Language
	level  uint8           // bidi embedding level: odd is right to left
	script language.Script // for shaping
}

// shaper turns text into boxes, glue and penalties: it itemises each word
// (face per cluster, bidi level, script), shapes its parts with package
// text, and finds where words may break.
type shaper struct {
	missing int                // characters no face has, drawn as .notdef
	hyph    *hyphen.Hyphenator // nil: no hyphenation for this language
	lang    language.Language  // for shaping (language-specific forms)
	// langHyph is the hyphenator of each other language met in spans
	// (nil: none for that language).
	langHyph map[language.Language]*hyphen.Hyphenator
	variants map[variantKey]*style
	shapes   *text.Shaper
	itemiser text.Itemiser
	levels   []uint8 // bidi levels of the paragraph being set, per byte
	parts    []text.Part
	lines    text.Breaker // UAX #14 line-break opportunities
	// opportunities is lines' answer for the word being broken, kept to be
	// reused.
	opportunities []text.Break

	// Running text repeats its words, so a word is itemised, broken and
	// shaped once per layout: pieces and words are cached by everything
	// their result depends on (see pieceKey and wordKey). Both caches are
	// bounded: a document of a million different tokens gains nothing from
	// them and must not keep them all.
	pieces  map[pieceKey]pieceParts
	words   map[wordKey][]item
	hyphens map[span]*run // the hyphen drawn at a break, by its span
	runs    []*run        // wordItems' scratch: the runs of a word's parts
	starts  []int         // and where each part starts

	// What the caches keep is carved out of slabs rather than allocated
	// piece by piece: every new word would otherwise cost several.
	itemSlab  []item
	spanSlab  []span
	runSlab   []run
	glyphSlab []text.Glyph
}

// carve copies xs to the end of *slab, starting a new slab of at least n
// elements when it has no room, and returns the copy, its capacity capped
// so that appending to it never writes into the slab.
func carve[T any](slab *[]T, xs []T, n int) []T {
	if cap(*slab)-len(*slab) < len(xs) {
		*slab = make([]T, 0, max(n, len(xs)))
	}
	at := len(*slab)
	*slab = append(*slab, xs...)
	return (*slab)[at:len(*slab):len(*slab)]
}

// keepRun returns a copy of r carved from a slab.
func (sh *shaper) keepRun(r run) *run {
	if len(sh.runSlab) == cap(sh.runSlab) {
		sh.runSlab = make([]run, 0, 128)
	}
	sh.runSlab = append(sh.runSlab, r)
	return &sh.runSlab[len(sh.runSlab)-1]
}

// slice is r.slice(lo, hi) with the run and its glyphs carved from slabs.
func (sh *shaper) slice(r *run, lo, hi int) *run {
	if lo == 0 && hi == len(r.text) {
		return r
	}
	from, to := r.glyphRange(lo, hi)
	gs := carve(&sh.glyphSlab, r.glyphs[from:to], 1024)
	var adv int64
	for i := range gs {
		gs[i].Cluster -= int32(lo)
		adv += int64(gs[i].Advance)
	}
	return sh.keepRun(run{text: r.text[lo:hi], style: r.style, link: r.link, lang: r.lang, level: r.level, glyphs: gs, width: r.style.scaled(adv), ascent: r.ascent, descent: r.descent})
}

// pieceKey identifies a piece of a word whose characters share one bidi
// level: its parts depend on nothing else (see faceParts).
type pieceKey struct {
	text  string
	style *style
	link  string
	lang  language.Language
	level uint8
}

// pieceParts is what faceParts found for a piece: its parts, with texts
// relative to the piece, and the characters no face has.
type pieceParts struct {
	parts   []span
	missing int
}

// wordKey identifies a word of one part: wordItems' result depends on
// nothing else but the layout's language and hyphenator. A word of several
// parts (several styles, faces or scripts) is rare and not cached.
type wordKey struct {
	part      span
	limit     page.Unit
	hyphenate bool
}

// maxCached bounds each cache, in entries: a news article has a few thousand
// different words. A full cache is emptied and fills again with the words
// that follow.
const maxCached = 1 << 13

type variantKey struct {
	st   *style
	face text.Face
}

// variant is st in another face (a fallback), made once per layout.
func (sh *shaper) variant(st *style, face text.Face) *style {
	if face == st.face {
		return st
	}
	k := variantKey{st, face}
	if v, ok := sh.variants[k]; ok {
		return v
	}
	if sh.variants == nil {
		sh.variants = map[variantKey]*style{}
	}
	v := st.with(face)
	sh.variants[k] = v
	return v
}

// faceParts appends the parts of a piece of a word, which starts at byte
// offset at of the paragraph whose levels sh holds: each in the face that
// draws its clusters, one direction and one script. Characters no face has
// stay in the piece's face, drawn as its .notdef glyph, and are counted.
func (sh *shaper) faceParts(out []span, sp span, at int) []span {
	// A piece at one bidi level is itemised the same wherever it stands.
	var key pieceKey
	uniform := at+len(sp.text) <= len(sh.levels) && len(sp.text) > 0
	if uniform {
		lv := sh.levels[at : at+len(sp.text)]
		for _, l := range lv[1:] {
			if l != lv[0] {
				uniform = false
				break
			}
		}
		key = pieceKey{sp.text, sp.style, sp.link, sp.lang, lv[0]}
		if c, ok := sh.pieces[key]; ok && uniform {
			sh.missing += c.missing
			return append(out, c.parts...)
		}
	}
	first, missing := len(out), 0
	if sp.lang == "" {
		sh.parts = sh.itemiser.Itemise(sh.parts[:0], sp.text, at, sh.levels, sp.style.face)
	} else {
		sh.parts = sh.itemiser.ItemiseIn(sh.parts[:0], sp.text, at, sh.levels, sp.style.face, string(sp.lang))
	}
	for _, p := range sh.parts {
		missing += p.Missing
		out = append(out, span{text: sp.text[p.Start-at : p.End-at], style: sh.variant(sp.style, p.Face),
			link: sp.link, lang: sp.lang, level: p.Level, script: p.Script})
	}
	sh.missing += missing
	if uniform {
		if sh.pieces == nil || len(sh.pieces) >= maxCached {
			sh.pieces = map[pieceKey]pieceParts{}
		}
		sh.pieces[key] = pieceParts{carve(&sh.spanSlab, out[first:], 256), missing}
	}
	return out
}

// hyphenator is the hyphenator of words in lang (a span's; empty for the
// document's): nil when that language has none. A word in another language
// is hyphenated by its own patterns, as TeX's \language does, or not at all:
// the document's patterns would break it where its own language does not.
func (sh *shaper) hyphenator(lang language.Language) *hyphen.Hyphenator {
	if lang == "" {
		return sh.hyph
	}
	h, ok := sh.langHyph[lang]
	if !ok {
		h, _ = hyphen.ForLang(string(lang))
		if sh.langHyph == nil {
			sh.langHyph = map[language.Language]*hyphen.Hyphenator{}
		}
		sh.langHyph[lang] = h
	}
	return h
}

// shape shapes a part.
func (sh *shaper) shape(sp span) *text.Run {
	if sh.shapes == nil {
		sh.shapes = text.NewShaper() // a shaper made by a test; Layout makes and closes its own
	}
	return sh.shapes.Shape(text.Key{Face: sp.style.face, RTL: sp.level%2 == 1, Script: sp.script, Lang: cmp.Or(sp.lang, sh.lang)}, sp.text)
}

// line sets a short text (a list marker, a page number) as one line of its
// own, in st and its fallbacks, and returns its runs in logical order with
// their widths. It counts nothing as missing: furniture is measured many
// times over.
func (sh *shaper) line(st *style, s string, rtl bool) []*run {
	saved, savedLevels := sh.missing, sh.levels
	sh.levels = sh.itemiser.Levels(s, sh.itemiser.ParagraphRTL(s, rtl))
	var out []*run
	for _, p := range sh.faceParts(nil, span{text: s, style: st}, 0) {
		out = append(out, newRun(p, sh.shape(p)))
	}
	sh.missing, sh.levels = saved, savedLevels
	return out
}

// width measures text set in st as it will be drawn.
func (sh *shaper) width(st *style, s string) page.Unit {
	var w page.Unit
	for _, r := range sh.line(st, s, false) {
		w += r.width
	}
	return w
}

// Space classes: a breakable space becomes stretchable glue; a no-break space
// binds its neighbours; a zero-width space is a break opportunity with no width.
func isNoBreakSpace(r rune) bool   { return r == '\u00A0' || r == '\u2007' || r == '\u202F' }
func isZeroWidthBreak(r rune) bool { return r == '\u200B' }
func isSpace(r rune) bool {
	if r < utf8.RuneSelf { // asked of every character: the tables are for the rest
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || isZeroWidthBreak(r)
}

const softHyphen = '\u00AD'

// Penalties for breaks inside words, as TeX's \exhyphenpenalty and
// \hyphenpenalty.
const (
	exHyphenPenalty = 50  // after an explicit hyphen or dash
	hyphenPenalty   = 50  // at a soft hyphen or a hyphenation point
	urlPenalty      = 100 // after / . - _ ? & = # in a URL or other long token
	splitPenalty    = 500 // between pieces of a word too wide for any line
)

// paragraphOpts say how one paragraph is set.
type paragraphOpts struct {
	indent  page.Unit // first-line indent
	measure page.Unit // line width
	ragged  bool      // ragged-right instead of justified
	display bool      // titles, headings, furniture: never hyphenated
	keep    bool      // preformatted: each white-space character keeps its width
	rtl     bool      // the paragraph runs right to left (UAX #9, P2)
	orphans int       // lines a page break leaves before it; 0 means 1
	widows  int       // lines a page break leaves after it; 0 means 1
}

// word is a run of non-space text, possibly in several styles.
type word struct {
	parts []span
}

func (w *word) text() string {
	if len(w.parts) == 1 {
		return w.parts[0].text
	}
	var b strings.Builder
	for _, p := range w.parts {
		b.WriteString(p.text)
	}
	return b.String()
}

// items builds the horizontal list of one paragraph. Words become boxes;
// white-space runs become one interword glue (a run of only no-break spaces
// becomes glue that cannot break); words may break after explicit hyphens
// and dashes, inside URLs and long tokens after / . - _ ? & = #, at soft
// hyphens (U+00AD, drawn as a hyphen only when used) and at hyphenation points
// (only in the passes that allow hyphenation). Boxes wider than the measure
// are split into pieces that fit, so no line is ever overfull.
func (sh *shaper) items(spans []span, o paragraphOpts) []item {
	var out []item
	sh.levels = sh.itemiser.Levels(spansText(spans), o.rtl)
	if o.indent > 0 {
		out = append(out, item{kind: boxItem, width: o.indent})
	}
	var w word
	var ws []span // the white space since the last word drawn
	var wsLevel uint8
	var next string
	started := false
	lastRune := rune(0) // the last character of the last word drawn
	wordAt := 0         // where the word being gathered starts in the paragraph's text
	// A word becomes its boxes, after the glue of the white space before it.
	// A word with nothing to draw (only invisible characters) adds nothing:
	// the white space on both sides of it is one space, and a paragraph
	// never ends in glue (which made a last line of no items, and a panic).
	flushWord := func() {
		if len(w.parts) == 0 {
			return
		}
		mark := len(out)
		if len(ws) > 0 && started { // white space before the first word carries nothing
			sp, n := spaceItems(ws, o.ragged, o.keep)
			glue := sp[:n]
			for i := range glue {
				glue[i].level = wsLevel
			}
			r, _ := utf8.DecodeRuneInString(next)
			if dictionaryWords && len(glue) == 1 && glue[0].kind == penaltyItem && glue[0].penalty == 0 && dictbreak.Applies(lastRune) && dictbreak.Applies(r) {
				// A zero-width space between Thai, Lao, Khmer or Burmese
				// words (Khmer is often written with one between every
				// word) is a word boundary as the dictionary's are: the
				// line may stretch there too, not only break.
				glue[0] = item{kind: glueItem, level: wsLevel, joint: true}
				if !o.ragged {
					glue[0].stretch = ws[0].style.spaceWidth() / 2
				}
			}
			if (r == '–' || r == '—') && len(glue) == 1 && glue[0].kind == glueItem {
				// A spaced dash stays with the word before it: a line never
				// starts with one.
				sp[1], sp[0] = sp[0], item{kind: penaltyItem, penalty: infPenalty, tie: true}
				glue = sp[:2]
			}
			out = append(out, glue...)
		}
		first := len(out)
		out = sh.wordItems(out, &w, o.measure-o.indent, !o.display)
		if o.ragged {
			// A ragged line's spaces do not stretch; nor do the gaps
			// between Thai words (the word's items are a copy of what
			// the cache keeps).
			for i := first; i < len(out); i++ {
				if out[i].joint {
					out[i].stretch = 0
				}
			}
		}
		if len(out) == first {
			w.parts = w.parts[:0]
			out = out[:mark]
			return
		}
		lastRune, _ = utf8.DecodeLastRuneInString(w.parts[len(w.parts)-1].text)
		w.parts = w.parts[:0]
		out[first].wordAt = int32(wordAt + 1)
		ws = ws[:0]
		started = true
	}
	offset := 0 // of the current span in the paragraph's text
	for _, sp := range spans {
		text := sp.text
		for at := 0; at < len(text); {
			i := at
			r, _ := utf8.DecodeRuneInString(text[i:])
			inSpace := isSpace(r)
			for i < len(text) {
				r, size := utf8.DecodeRuneInString(text[i:])
				if isSpace(r) != inSpace {
					break
				}
				i += size
			}
			piece := span{text: text[at:i], style: sp.style, link: sp.link, lang: sp.lang}
			if inSpace {
				flushWord()
				if len(ws) == 0 {
					wsLevel = sh.levels[offset+at]
				}
				ws = append(ws, piece)
			} else {
				if len(w.parts) == 0 {
					wordAt, next = offset+at, piece.text
				}
				w.parts = sh.faceParts(w.parts, piece, offset+at)
			}
			at = i
		}
		offset += len(text)
	}
	flushWord() // trailing white space is dropped
	return append(out,
		item{kind: penaltyItem, penalty: infPenalty},
		item{kind: glueItem, stretch: fill},
		item{kind: penaltyItem, penalty: ejectPenalty})
}

// spaceItems is the glue for one white-space run, in the style of its first
// character: one interword space however many characters the run holds. It
// returns the items in an array, n of them, rather than a slice: every
// space of a document was an allocation.
func spaceItems(ws []span, ragged, keep bool) (glue [2]item, n int) {
	breakable, zeroWidth := false, true
	count := 0
	for _, sp := range ws {
		for _, r := range sp.text {
			count++
			if !isNoBreakSpace(r) {
				breakable = true
			}
			if !isZeroWidthBreak(r) {
				zeroWidth = false
			}
		}
	}
	if zeroWidth {
		return [2]item{{kind: penaltyItem}}, 1
	}
	space := ws[0].style.spaceWidth()
	g := item{kind: glueItem, width: space, stretch: space / 2, shrink: space / 3}
	if keep {
		g.width = space * page.Unit(count) // columns of preformatted text line up
	}
	if ragged {
		g.stretch, g.shrink = 0, 0
	}
	if breakable {
		return [2]item{g}, 1
	}
	return [2]item{{kind: penaltyItem, penalty: infPenalty, tie: true}, g}, 2
}

// breakKind is what a break inside a word looks like.
type breakKind uint8

const (
	breakExHyphen breakKind = iota + 1 // after an explicit hyphen: the hyphen stays on the line
	breakDash                          // after an en or em dash
	breakURL                           // after / . - _ ? & = # in a URL or long token
	breakSoft                          // at a soft hyphen: a hyphen is added
	breakHyph                          // at a hyphenation point: a hyphen is added
	breakCJK                           // beside a Chinese or Japanese character: stretchable, no hyphen
	breakDict                          // between Thai, Lao, Khmer or Burmese words: stretchable, no hyphen, nothing drawn
	breakOther                         // any other UAX #14 opportunity: after a slash, between emoji...
)

type wordBreak struct {
	at   int // byte offset in the word's text (soft hyphens removed)
	kind breakKind
}

// wordItems appends the boxes and penalties of one word. Each of its parts
// is shaped whole, so that its kerning and ligatures hold where the word is
// not broken; a break may therefore fall only between clusters (a ligature
// or a conjunct is never cut), and a box is a slice of a part's glyphs.
func (sh *shaper) wordItems(out []item, w *word, limit page.Unit, hyphenate bool) []item {
	if len(w.parts) != 1 {
		return sh.breakWord(out, w, limit, hyphenate)
	}
	key := wordKey{w.parts[0], limit, hyphenate}
	if its, ok := sh.words[key]; ok {
		return append(out, its...)
	}
	first := len(out)
	out = sh.breakWord(out, w, limit, hyphenate)
	if sh.words == nil || len(sh.words) >= maxCached {
		sh.words = map[wordKey][]item{}
	}
	sh.words[key] = carve(&sh.itemSlab, out[first:], 256)
	return out
}

// breakWord is wordItems without the cache.
func (sh *shaper) breakWord(out []item, w *word, limit page.Unit, hyphenate bool) []item {
	breaks := sh.stripSoftHyphens(w)
	txt := w.text()
	if txt == "" {
		return out
	}
	// Soft hyphens are the author's choice of break points: the patterns
	// are not asked as well.
	var hyph *hyphen.Hyphenator
	if hyphenate && len(breaks) == 0 {
		hyph = sh.hyphenator(w.parts[0].lang)
	}
	if found := sh.wordBreaks(txt, w.parts[0].style.size, limit, hyph); len(breaks) == 0 {
		breaks = found
	} else {
		breaks = append(breaks, found...)
	}
	sortBreaks(breaks)
	runs, starts := sh.runs[:0], append(sh.starts[:0], 0)
	for _, p := range w.parts {
		r := sh.keepRun(*newRun(p, sh.shape(p)))
		sh.closeUp(r)
		runs = append(runs, r)
		starts = append(starts, starts[len(starts)-1]+len(p.text))
	}
	sh.runs, sh.starts = runs, starts
	breaks = clusterBreaks(breaks, runs, starts)

	// Cut the word at its breaks and at part boundaries.
	first := len(out)
	offset, part := 0, 0
	for bi := 0; bi <= len(breaks); bi++ {
		end := len(txt)
		if bi < len(breaks) {
			end = breaks[bi].at
		}
		for offset < end {
			for starts[part+1] <= offset {
				part++
			}
			stop := min(end, starts[part+1])
			r := sh.slice(runs[part], offset-starts[part], stop-starts[part])
			out = append(out, item{kind: boxItem, width: r.width, run: r})
			offset = stop
		}
		if bi == len(breaks) {
			break
		}
		p := w.parts[part]
		switch b := breaks[bi]; b.kind {
		case breakExHyphen:
			out = append(out, item{kind: penaltyItem, penalty: exHyphenPenalty, flagged: true})
		case breakDash, breakOther:
			out = append(out, item{kind: penaltyItem, penalty: exHyphenPenalty})
		case breakURL:
			// A URL broken after its own hyphen ends the line in a hyphen as
			// much as a hyphenated word does: it counts in the hyphen run.
			dash, _ := utf8.DecodeLastRuneInString(txt[:b.at])
			out = append(out, item{kind: penaltyItem, penalty: urlPenalty, flagged: dash == '-'})
		case breakCJK:
			// Chinese and Japanese lines are justified by spacing their
			// characters; a quarter em separates them from Latin letters and
			// digits (JIS X 4051).
			em := p.style.size
			g := item{kind: glueItem, stretch: em / 8, level: p.level, between: true}
			prev, _ := utf8.DecodeLastRuneInString(txt[:b.at])
			next, _ := utf8.DecodeRuneInString(txt[b.at:])
			// Not beside a mark ("、 1", "1「"): its blank half is the
			// space there (JLREQ's cl-01 to cl-07 take no quarter em).
			cjkSide := prev
			if !isCJK(prev) {
				cjkSide = next
			}
			if isCJK(prev) != isCJK(next) && (isLTRStrong(prev) || isLTRStrong(next)) && !unicode.IsPunct(cjkSide) {
				g.width, g.stretch, g.shrink = em/4, em/8, em/8
			}
			// A line ending in a full stop or closing bracket leaves its
			// blank half beyond the measure (see punct.go).
			if k := partAt(starts, b.at); k >= 0 {
				if h := trailingBlank(runs[k], b.at-starts[k]); h > 0 {
					out = append(out, item{kind: penaltyItem, width: -h, between: true})
				}
			}
			out = append(out, g)
		case breakDict:
			// Thai, Lao, Khmer and Burmese are written without spaces: a
			// line breaks between words as the dictionary finds them, and
			// is justified by widening the gaps between words, never
			// between the letters of a word or the parts of a cluster
			// (CSS's text-justify: inter-word). The glue has no width and
			// stretches as an interword space does, so a line's extra
			// width is shared evenly by its spaces and its word
			// boundaries; it does not shrink (the words would overlap).
			// It is not white space: no space character is drawn for it,
			// and the text layer reads as written.
			// (items takes the stretch away in ragged text, as from its
			// spaces.)
			out = append(out, item{kind: glueItem, stretch: p.style.spaceWidth() / 2, level: p.level, joint: true})
		case breakSoft, breakHyph:
			h := sh.hyphen(p)
			out = append(out, item{kind: penaltyItem, penalty: hyphenPenalty, flagged: true,
				width: h.width, run: h, hyph: b.kind == breakHyph})
		}
	}
	return splitWideBoxes(out, first, limit)
}

// hyphen is the hyphen drawn where p is broken: in p's face, or the first
// of its fallbacks that has one (Droid Sans Fallback has none).
func (sh *shaper) hyphen(p span) *run {
	face, _ := text.ClusterFace(p.style.face, hyphenCluster)
	h := span{text: "-", style: sh.variant(p.style, face), link: p.link, lang: p.lang, level: p.level, script: language.Common}
	if r, ok := sh.hyphens[h]; ok {
		return r
	}
	if sh.hyphens == nil {
		sh.hyphens = map[span]*run{} // a few entries: one per style, link, language and level
	}
	r := newRun(h, sh.shape(h))
	sh.hyphens[h] = r
	return r
}

var hyphenCluster = []rune{'-'}

// clusterBreaks keeps the breaks that fall between clusters: at a part
// boundary, or where a cluster of the part begins.
func clusterBreaks(breaks []wordBreak, runs []*run, starts []int) []wordBreak {
	out := breaks[:0]
	part := 0
	for _, b := range breaks {
		for starts[part+1] <= b.at {
			part++
		}
		if b.at == starts[part] || runs[part].beginsCluster(b.at-starts[part]) {
			out = append(out, b)
		}
	}
	return out
}

// stripSoftHyphens removes soft hyphens from the word's parts and returns
// them as break points.
func (sh *shaper) stripSoftHyphens(w *word) []wordBreak {
	var breaks []wordBreak
	offset := 0
	for i := range w.parts {
		t := w.parts[i].text
		if !strings.ContainsRune(t, softHyphen) {
			offset += len(t)
			continue
		}
		var b strings.Builder
		for _, r := range t {
			if r == softHyphen {
				breaks = append(breaks, wordBreak{at: offset + b.Len(), kind: breakSoft})
				continue
			}
			b.WriteRune(r)
		}
		w.parts[i].text = b.String()
		offset += b.Len()
	}
	// A soft hyphen at either end of the word breaks nothing.
	return dropEdgeBreaks(breaks, offset)
}

// dropEdgeBreaks removes breaks at either end of a word and, of two breaks at
// one place, keeps the one that shows a hyphen (so an explicit hyphen in a
// long token still counts as one).
func dropEdgeBreaks(breaks []wordBreak, n int) []wordBreak {
	out := breaks[:0]
	for _, b := range breaks {
		switch {
		case b.at <= 0 || b.at >= n:
		case len(out) > 0 && out[len(out)-1].at == b.at:
			if b.kind != breakURL && b.kind != breakDash && b.kind != breakCJK && b.kind != breakOther && b.kind != breakDict {
				out[len(out)-1] = b
			}
		default:
			out = append(out, b)
		}
	}
	return out
}

// sortBreaks orders breaks by position, keeping the order of breaks at one
// place (dropEdgeBreaks decides between them). It is O(n log n): a token of
// a hundred thousand hyphenated parts has as many breaks.
func sortBreaks(b []wordBreak) {
	slices.SortStableFunc(b, func(x, y wordBreak) int { return cmp.Compare(x.at, y.at) })
}

// wordBreaks finds the break points of a word: where UAX #14 allows one
// (after hyphens and dashes, beside Chinese and Japanese characters, after
// a slash...; see lineBreaks); inside URLs, e-mail addresses and tokens too
// long for a third of a line, after / . - _ ? & = #; otherwise, at
// hyphenation points of its letters, by hyph (nil: not hyphenated).
// Numbers and all-capital acronyms are not hyphenated.
func (sh *shaper) wordBreaks(text string, size, limit page.Unit, hyph *hyphen.Hyphenator) []wordBreak {
	var breaks []wordBreak
	if isURLLike(text) {
		return urlBreaks(text)
	}
	if page.Unit(utf8.RuneCountInString(text))*size/2 > limit/3 {
		breaks = urlBreaks(text) // a long token: "data_2024/v3.1"
	}
	breaks, cjk := sh.lineBreaks(breaks, text)
	// Thai, Lao, Khmer and Burmese are never hyphenated: they break
	// between words, and a hyphen is no part of their writing.
	if hyph != nil && !cjk && !strings.ContainsFunc(text, dictbreak.Applies) {
		// Each part of a compound ("economic-political") is hyphenated on
		// its own, as modern engines do; TeX would only break at the hyphen.
		// The parts are the stretches between the hyphen and dash breaks
		// (a URL break, or a break after a slash, does not end a part:
		// "data_2024" and "application/x" are not hyphenated anyway). The
		// points found are appended after the n breaks swept here, never
		// into the sweep: appending into the slice being ranged over once
		// overwrote its sentinel and cut a word backwards (a panic on real
		// tokens such as "draft-dejong-remotestorage-04").
		from, n := 0, len(breaks)
		for i := 0; i <= n; i++ {
			end := len(text)
			if i < n {
				if k := breaks[i].kind; k == breakURL || k == breakOther {
					continue
				}
				end = breaks[i].at
			}
			if end <= from {
				continue // a dash break at the same place as a URL break
			}
			for _, h := range hyphenate(hyph, text[from:end]) {
				h.at += from
				breaks = append(breaks, h)
			}
			from = end
		}
	}
	// A long token's URL breaks, UAX #14's breaks and hyphenation points
	// were found in separate sweeps.
	sortBreaks(breaks)
	return dropEdgeBreaks(breaks, len(text))
}

// lineBreaks appends the breaks UAX #14 allows inside a word, each of the
// kind its neighbours make it, and reports whether one is beside a Chinese
// or Japanese character (such words are not hyphenated). The word is asked
// alone, not in its paragraph: its ends are white space, which the layout
// breaks at itself, and every rule that looks across a space either decides
// only the opportunity at the space (LB7, LB8, LB14 to LB18) or treats a
// space as it treats the start or the end of the text (LB10, LB15a, LB15b,
// LB19a, LB20a). The mandatory breaks (after line and paragraph
// separators) are white space to the layout too.
func (sh *shaper) lineBreaks(breaks []wordBreak, text string) ([]wordBreak, bool) {
	// Korean is written with spaces and breaks at them.
	sh.lines.HangulAsLetters = true
	sh.opportunities = sh.lines.LineBreaks(sh.opportunities[:0], text)
	cjk := false
	for _, o := range sh.opportunities {
		if o.At >= len(text) {
			break // the end of the word: its glue decides
		}
		prev, _ := utf8.DecodeLastRuneInString(text[:o.At])
		next, _ := utf8.DecodeRuneInString(text[o.At:])
		kind := lineBreakKind(prev, next)
		if kind == 0 {
			continue
		}
		cjk = cjk || kind == breakCJK
		breaks = append(breaks, wordBreak{at: o.At, kind: kind})
	}
	return breaks, cjk
}

// dictionaryWords says whether Thai, Lao, Khmer and Burmese lines break and
// stretch between words (and at zero-width spaces between them) or, as
// before the dictionary, only at spaces. (A variable only so that a test can
// compare with and without.)
var dictionaryWords = true

// lineBreakKind is what a break that UAX #14 allows between prev and next
// looks like, or 0 where the layout does not take it: before a dash (UAX #14
// allows one before an em dash), since a line never starts with one, as
// the glue before a spaced dash also holds (items).
func lineBreakKind(prev, next rune) breakKind {
	switch {
	case isDash(next):
		return 0
	case prev == '-' || prev == '\u2010':
		return breakExHyphen
	case isDash(prev):
		return breakDash
	case isCJK(prev) || isCJK(next):
		return breakCJK
	case dictbreak.Applies(prev) && dictbreak.Applies(next):
		// UAX #14 never breaks between two letters; only the dictionary
		// does (text.Breaker).
		if !dictionaryWords {
			return 0
		}
		return breakDict
	}
	return breakOther
}

// isDash reports the dashes that set clauses apart: en and em dashes, the
// horizontal bar and the two- and three-em dashes.
func isDash(r rune) bool {
	return r == '\u2013' || r == '\u2014' || r == '\u2015' || r == '\u2E3A' || r == '\u2E3B'
}

// hyphenate returns hyph's hyphenation points of the letters of a word, with
// its leading and trailing punctuation set aside ("“rapprochement,”").
func hyphenate(hyph *hyphen.Hyphenator, text string) []wordBreak {
	start := strings.IndexFunc(text, unicode.IsLetter)
	if start < 0 {
		return nil
	}
	end := strings.LastIndexFunc(text, unicode.IsLetter)
	_, size := utf8.DecodeRuneInString(text[end:])
	core := text[start : end+size]
	upper := true
	for _, r := range core {
		if !unicode.IsLetter(r) {
			return nil // digits, apostrophes, inner punctuation: leave whole
		}
		if !unicode.IsUpper(r) {
			upper = false
		}
	}
	if upper {
		return nil // an acronym
	}
	// The patterns sometimes isolate one letter ("de-mo-c-rat",
	// "aca-d-e-m-i-cally"); a break is kept only two letters or more after
	// the previous one, which reads "de-mo-crat", "aca-de-mi-cally".
	var out []wordBreak
	last := 0
	for _, p := range hyph.Points(core) {
		if utf8.RuneCountInString(core[last:p]) < 2 {
			continue
		}
		out = append(out, wordBreak{at: start + p, kind: breakHyph})
		last = p
	}
	return out
}

// isURLLike reports whether a token is a URL or an e-mail address, which are
// never hyphenated.
func isURLLike(s string) bool {
	if strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "www.") {
		return true
	}
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.Contains(s[at:], ".")
}

// urlBreaks are the places after / . - _ ? & = # where a URL may break, not
// inside its scheme ("https://") and not right before its end.
func urlBreaks(s string) []wordBreak {
	skip := 0
	if i := strings.Index(s, "://"); i >= 0 {
		skip = i + 3
	}
	var out []wordBreak
	for i := skip; i < len(s)-2; i++ {
		if strings.IndexByte("/.-_?&=#", s[i]) >= 0 && strings.IndexByte("/.-_?&=#", s[i+1]) < 0 {
			out = append(out, wordBreak{at: i + 1, kind: breakURL})
		}
	}
	return out
}

// splitWideBoxes makes every unbreakable stretch of items[first:] (boxes
// with no glue or penalty between them: a word, or a word in several faces)
// fit in limit: a stretch wider than limit gets a costly break between each
// of its boxes, and any box still wider than limit is cut into pieces that
// fit. A 5,000-character word, or a long token mixing scripts, then fills
// lines instead of running off the page.
func splitWideBoxes(items []item, first int, limit page.Unit) []item {
	wide := false
	var stretch page.Unit
	for _, it := range items[first:] {
		if it.kind != boxItem {
			stretch = 0
			continue
		}
		if stretch += it.width; stretch > limit {
			wide = true
			break
		}
	}
	if !wide {
		return items
	}
	out := items[:first:first]
	for i, it := range items[first:] {
		if it.kind != boxItem || it.run == nil {
			out = append(out, it)
			continue
		}
		if i > 0 && items[first+i-1].kind == boxItem && items[first+i-1].run != nil && !clusterContinues(it) {
			out = append(out, item{kind: penaltyItem, penalty: splitPenalty})
		}
		if it.width <= limit {
			out = append(out, it)
			continue
		}
		lo := 0
		for i, hi := range it.run.cuts(limit) {
			if i > 0 {
				out = append(out, item{kind: penaltyItem, penalty: splitPenalty})
			}
			piece := it.run.slice(lo, hi)
			out = append(out, item{kind: boxItem, width: piece.width, run: piece})
			lo = hi
		}
	}
	return out
}

// clusterContinues reports whether a box belongs with the box before it: it
// has no width, so a break before it would gain nothing. Breaking there
// would also give a line-breaker a break opportunity that never makes a line
// longer: thousands of them in a row made the breaker quadratic. (Boxes
// begin at cluster boundaries, so a mark is never cut from its letter.)
func clusterContinues(it item) bool { return it.width == 0 }

// isMark reports combining marks, which must stay with the letter before.
func isMark(r rune) bool {
	// No mark comes before U+0300; this is asked of nearly every character.
	return r >= 0x0300 && unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}
