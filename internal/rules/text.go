package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	xbidi "golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"

	"pdfexport/internal/unichar"
)

// atom is one character of the article's text as the pages must show it.
// White space is not an atom: it only marks the next atom as a boundary.
type atom struct {
	r        rune     // the character (the first of a flag's pair)
	norm     []rune   // its compatibility form, which is what is compared
	alts     [][]rune // what may be drawn for it instead: its stand-in
	standIn  bool     // a symbol or a character beyond the BMP, which may be drawn as a stand-in
	boundary bool     // a line may end before it without splitting a word
	soft     bool     // a soft hyphen comes before it: a line may end there with a hyphen
	level    uint8    // its bidi embedding level (UAX #9): odd is right to left
	gap      int8     // the level of the white space (or invisible marks) before it; -1: none
}

// unit is one block of the body, or one field of the title block: a run of
// text set as one paragraph, whose lines the pages must hold in order.
type unit struct {
	kind  blockKind
	block int // index in the article's body; -1 for the title block and the lead image
	order order
	atoms []atom
	alts  [][]rune // every stand-in spelling in the unit, for reading lines by their letters
	lines []*line  // the lines holding it, once assigned

	optional bool    // a picture, or the box that stands for it: either may be on the pages
	inTitle  bool    // part of the title block (the lead image's)
	alt      string  // a picture's alt text, by which it is known
	fig      *figure // the figure it belongs to
	tbl      *table  // the table it belongs to
	row, col int     // a table cell's place (col counts the row's cells)
	header   bool    // a cell of the table's header rows
}

// order is how a unit's lines are read.
type order uint8

const (
	// leftToRight: all at level 0, each line's runs read left to right.
	leftToRight order = iota
	// visual: right-to-left text, or numbers in it: each line's runs are
	// compared with where UAX #9 puts its characters (see bidi.go).
	visual
	// letters: explicit embeddings, overrides or isolates, which bidi.go
	// does not resolve: a line is compared as a set of characters.
	letters
)

// wildcard stands for a character that may be drawn as a stand-in, when
// lines are compared as sets of characters.
const wildcard = rune(-1)

// newUnit makes the unit of one block's text, set right to left or not
// (isRTLText). A list item's marker comes before its text: the layout hangs
// it in the indent on the side where the item's lines start, and orders it
// by UAX #9 on its own in the item's direction (a right-to-left item's
// "12." reads ".12", its full stop towards the text), so its levels are
// resolved apart from the text's.
func (c *checker) newUnit(kind blockKind, block int, marker, text string, rtl bool) *unit {
	u := &unit{kind: kind, block: block}
	rs := []rune(text)
	levels, ok := bidiLevels(rs, rtl)
	if marker != "" {
		ms := []rune(marker + " ")
		lv := make([]uint8, len(ms), len(ms)+len(levels))
		own, ok := bidiLevels(ms[:len(ms)-1], rtl)
		for i := range lv {
			lv[i] = 2 * baseLevel(rtl) // left to right inside either paragraph, unless resolved
			if ok && i < len(own) {
				lv[i] = own[i]
			}
		}
		lv[len(lv)-1] = baseLevel(rtl) // the space after it
		rs, levels = append(ms, rs...), append(lv, levels...)
	}
	switch {
	case !ok:
		u.order = letters
	case slices.ContainsFunc(levels, func(l uint8) bool { return l > 0 }):
		u.order = visual
	}
	u.atoms = make([]atom, 0, len(rs))
	dict := c.dictionaryStarts(rs)
	space := true // the start of a block is a boundary
	soft := false
	prev := rune(0)
	gap := -1    // the white space before the next atom starts at rs[gap]
	hidden := -1 // the lowest level of the invisible characters before the next atom
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case isSpace(r):
			space, soft = true, false
			if gap < 0 {
				gap = i
			}
			continue
		case r == '\u00AD':
			soft = true
			continue
		case isIgnorable(r):
			// Joiners, selectors, bidi marks: drawn as nothing, but a mark
			// has a level like any character, and a right-to-left mark
			// between two left-to-right words of a right-to-left paragraph
			// parts them as white space would (UAX #9, L2).
			if ok && (hidden < 0 || int(levels[i]) < hidden) {
				hidden = int(levels[i])
			}
			continue
		}
		a := atom{r: r, boundary: space || isCJK(prev) || isCJK(r) || dict[i], soft: soft && !space, norm: c.norm.of(r), gap: -1}
		if ok {
			a.level = levels[i]
			if gap >= 0 {
				a.gap = int8(levels[gap])
			}
			if hidden >= 0 && (a.gap < 0 || int8(hidden) < a.gap) {
				a.gap = int8(hidden)
			}
		}
		hidden = -1
		soft = false
		switch {
		case isRegionalIndicator(r) && i+1 < len(rs) && isRegionalIndicator(rs[i+1]):
			// A pair of regional indicators is one flag, named by its letters.
			flag := "[flag:" + string('A'+r-0x1F1E6) + string('A'+rs[i+1]-0x1F1E6) + "]"
			a.norm = slices.Concat(a.norm, c.norm.of(rs[i+1])) // a new slice: the cache's must not change
			a.alts, a.standIn = [][]rune{[]rune(flag)}, true
			i++
		case mayStandIn(r):
			// A symbol no font has is drawn as its name in brackets, a
			// character no font has as U+FFFD.
			a.standIn = true
			if name := runenames.Name(r); name != "" {
				a.alts = [][]rune{[]rune(stripSpace("[" + strings.ToLower(name) + "]"))}
			}
		}
		if len(a.norm) == 0 && !a.standIn {
			continue
		}
		u.alts = append(u.alts, a.alts...)
		u.atoms = append(u.atoms, a)
		space, prev, gap = false, r, -1
	}
	return u
}

// name says which block u is, as the article's validation does: "paragraph
// 12" is the body's twelfth block.
func (u *unit) name() string {
	switch {
	case u.kind == titleField:
		return "the title block"
	case u.block < 0:
		return "the lead image's " + u.kind.String()
	case u.kind == tableCell:
		return fmt.Sprintf("table %d, row %d, cell %d", u.block+1, u.row+1, u.col+1)
	}
	return fmt.Sprintf("%s %d", u.kind, u.block+1)
}

// match reads ln as the continuation of u's text from atom pos. It returns
// where the line's text ends in u, and whether the line ends with a hyphen
// the layout added (the word goes on on the next line).
func (u *unit) match(n *normalizer, pos int, ln *line) (end int, hyphen, ok bool) {
	switch u.order {
	case visual:
		return u.matchVisual(n, pos, ln)
	case letters:
		return u.matchLetters(n, pos, ln)
	}
	d := n.drawn(ln)
	i, q := 0, pos
	for i < len(d) {
		if q < len(u.atoms) {
			if k := u.atoms[q].accepts(d[i:]); k > 0 {
				i, q = i+k, q+1
				continue
			}
		}
		// The only character the text may lack: a hyphen at the end of the
		// line, inside a word, or where the text has a soft hyphen (also
		// between Chinese or Japanese characters, where a line may end
		// without one).
		if i == len(d)-1 && isHyphen(d[i]) && q > pos && q < len(u.atoms) && (!u.atoms[q].boundary || u.atoms[q].soft) {
			return q, true, true
		}
		return 0, false, false
	}
	return q, false, q > pos
}

// accepts returns how many drawn characters stand for the atom, or 0.
func (a *atom) accepts(d []rune) int {
	if hasPrefix(d, a.norm) {
		return len(a.norm)
	}
	for _, alt := range a.alts {
		if hasPrefix(d, alt) {
			return len(alt)
		}
	}
	if len(d) > 0 && d[0] == '\uFFFD' {
		return 1 // a character no font has
	}
	return 0
}

// matchLetters reads a line that may be drawn in visual order (right to
// left, or with right-to-left words inside): its characters are compared as
// a set, with mirrored brackets as one and Arabic presentation forms as the
// letters they shape, and the line holds as many of the text's characters as
// it draws.
func (u *unit) matchLetters(n *normalizer, pos int, ln *line) (end int, hyphen, ok bool) {
	drawn := map[rune]int{}
	count := 0
	for _, t := range ln.runs {
		for _, r := range replaceAlts([]rune(stripSpace(t.S)), u.alts) {
			if r != wildcard && isIgnorable(r) {
				continue
			}
			for _, k := range drawnKeys(n, r) {
				drawn[k]++
				count++
			}
		}
	}
	take := func(count int) (int, map[rune]int, bool) {
		want := map[rune]int{}
		got, q := 0, pos
		for q < len(u.atoms) && got < count {
			for _, k := range u.atoms[q].keys() {
				want[k]++
				got++
			}
			q++
		}
		return q, want, got == count && q > pos
	}
	if q, want, ok := take(count); ok && sameCounts(drawn, want) {
		return q, false, true
	}
	if drawn['-'] > 0 {
		if drawn['-']--; drawn['-'] == 0 {
			delete(drawn, '-')
		}
		if q, want, ok := take(count - 1); ok && q < len(u.atoms) && (!u.atoms[q].boundary || u.atoms[q].soft) && sameCounts(drawn, want) {
			return q, true, true
		}
	}
	return 0, false, false
}

// matchAll reports whether lines hold exactly u's text, in order.
func (u *unit) matchAll(n *normalizer, lines []*line) bool {
	pos := 0
	for _, ln := range lines {
		end, _, ok := u.match(n, pos, ln)
		if !ok {
			return false
		}
		pos = end
	}
	return pos == len(u.atoms)
}

// keys are the atom's characters as matchLetters counts them.
func (a *atom) keys() []rune {
	if a.standIn {
		return []rune{wildcard}
	}
	out := make([]rune, len(a.norm))
	for i, r := range a.norm {
		out[i] = unmirror(r)
	}
	return out
}

func drawnKeys(n *normalizer, r rune) []rune {
	if r == wildcard || r == '\uFFFD' || mayStandIn(r) {
		return []rune{wildcard}
	}
	nr := n.of(r)
	out := make([]rune, len(nr))
	for i, x := range nr {
		out[i] = unmirror(x)
	}
	return out
}

// replaceAlts replaces every stand-in spelling in d by one wildcard.
func replaceAlts(d []rune, alts [][]rune) []rune {
	if len(alts) == 0 {
		return d
	}
	out := make([]rune, 0, len(d))
	for i := 0; i < len(d); {
		found := false
		for _, alt := range alts {
			if hasPrefix(d[i:], alt) {
				out = append(out, wildcard)
				i += len(alt)
				found = true
				break
			}
		}
		if !found {
			out = append(out, d[i])
			i++
		}
	}
	return out
}

func sameCounts(a, b map[rune]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// rest is u's text from atom pos, for messages.
func (u *unit) rest(pos int) string {
	var b strings.Builder
	for i := pos; i < len(u.atoms) && b.Len() < 80; i++ {
		if i > pos && u.atoms[i].boundary && !isCJK(u.atoms[i].r) {
			b.WriteByte(' ')
		}
		b.WriteRune(u.atoms[i].r)
	}
	return b.String()
}

// wordAround is the word of u's text that a line end at atom pos falls in.
func (u *unit) wordAround(pos int) string {
	start, end := pos, pos
	for start > 0 && !u.atoms[start].boundary {
		start--
	}
	for end < len(u.atoms) && (end == pos || !u.atoms[end].boundary) {
		end++
	}
	var b strings.Builder
	for _, a := range u.atoms[start:end] {
		b.WriteRune(a.r)
	}
	return b.String()
}

// normalizer gives characters their compatibility forms (NFKC, one character
// at a time, white space dropped), remembering them: Arabic presentation
// forms become the letters they shape, a full-width comma a comma.
type normalizer struct{ cache map[rune][]rune }

func newNormalizer() *normalizer { return &normalizer{cache: map[rune][]rune{}} }

func (n *normalizer) of(r rune) []rune {
	if rs, ok := n.cache[r]; ok {
		return rs
	}
	var rs []rune
	if r < 0xA0 {
		rs = []rune{r} // ASCII is its own compatibility form
	} else {
		rs = []rune(stripSpace(norm.NFKC.String(string(r))))
	}
	n.cache[r] = rs
	return rs
}

// drawn is a left-to-right line's text as compared: every run, in order,
// without white space or ignorable characters, in compatibility form.
func (n *normalizer) drawn(ln *line) []rune {
	var d []rune
	for _, t := range ln.runs {
		d = n.appendDrawn(d, t.S)
	}
	return d
}

// drawnOf is one run's text as compared.
func (n *normalizer) drawnOf(s string) []rune { return n.appendDrawn(nil, s) }

func (n *normalizer) appendDrawn(d []rune, s string) []rune {
	for _, r := range s {
		if isSpace(r) || isIgnorable(r) {
			continue
		}
		d = append(d, n.of(r)...)
	}
	return d
}

func hasPrefix(d, p []rune) bool {
	if len(p) == 0 || len(p) > len(d) {
		return false
	}
	for i, r := range p {
		if d[i] != r {
			return false
		}
	}
	return true
}

func stripSpace(s string) string {
	if !strings.ContainsFunc(s, isSpace) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, s)
}

// isSpace is white space between words: Unicode's, and the zero-width space,
// which is where a word may break without a mark.
func isSpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || r == '\u200B'
}

// isIgnorable reports characters drawn as nothing (unichar.Invisible).
func isIgnorable(r rune) bool { return unichar.Invisible(r) }

// isHyphen reports the characters a line ending in a hyphen ends with.
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' }

// mayStandIn reports characters that fonts may lack and that are then drawn
// as a stand-in: symbols (unichar.Symbol, emoji among them) and anything
// beyond the BMP.
func mayStandIn(r rune) bool { return r > 0xFFFF || (r >= 0xA0 && unichar.Symbol(r)) }

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isCJK reports Chinese and Japanese characters, between which a line may
// break without a space: such a break does not split a word.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo) ||
		(r >= 0x2E80 && r <= 0x2FFF) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// isRTLText decides a block's direction as the Unicode bidirectional
// algorithm does (its first strong character, P2 and P3), else by the
// language.
func isRTLText(s, lang string) bool {
	for _, r := range s {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.R, xbidi.AL:
			return true
		case xbidi.L:
			return false
		}
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "he", "iw", "yi", "ar", "fa", "ur", "ps":
		return true
	}
	return false
}

// unmirror maps each bracket of a mirrored pair to one of them: a
// right-to-left line draws "(" as ")".
func unmirror(r rune) rune {
	switch r {
	case ')':
		return '('
	case ']':
		return '['
	case '}':
		return '{'
	case '>':
		return '<'
	case '»':
		return '«'
	}
	return r
}

// dictionaryStarts marks the characters of rs that begin a word of Thai,
// Lao, Khmer or Burmese inside a run of them, as their dictionaries find
// the words (package dictbreak, ICU's word lists, in the runs the layout's
// line breaker takes): a line, or a page, may end there as at a space, for
// these languages write none between words.
func (c *checker) dictionaryStarts(rs []rune) []bool {
	starts := make([]bool, len(rs))
	text := string(rs)
	bounds := c.words.TextBoundaries(nil, text)
	k := 0 // the rune that starts at byte i
	for i := range text {
		if len(bounds) == 0 {
			break
		}
		if i == bounds[0] {
			starts[k] = true
			bounds = bounds[1:]
		}
		k++
	}
	return starts
}
