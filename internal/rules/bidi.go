package rules

import (
	"slices"

	gbidi "github.com/go-text/typesetting/bidi"
	xbidi "golang.org/x/text/unicode/bidi"
)

// The checker reads a line with right-to-left text the way a reader does:
// it works out from the article's text, by the Unicode bidirectional
// algorithm (UAX #9), where each character of the line must stand, and
// compares that with where the runs are drawn. The levels are computed from
// the article, never read from the layout, so that a wrong level in the
// layout shows as a line drawn in the wrong order.
//
// Which characters run right to left comes from go-text's bidi package,
// the one render/text itemises with. golang.org/x/text/unicode/bidi would be
// independent of the layout, but it resolves bracket pairs wrongly: it gets
// a third of Unicode's BidiCharacterTest.txt wrong (golang/go#72089), where
// go-text gets none.
//
// Each character's level the checker works out itself, on purpose. go-text's
// in-tree copy does give it (Runs.Level, patch 2 in
// third_party/typesetting/PATCHES.md), render/text takes its levels from it,
// and the layout orders lines by them; a checker that read the same levels
// would repeat the layout's computation and pass a mistake in it unseen,
// such as the one patch 2 fixed (a run's level, its first character's, put
// "and" of "תל אביב 1948 and" at the number's level 2, and the English after
// the year was mirrored into the Hebrew). So only each character's direction
// is taken from go-text (a run's IsLeftToRight), and the level is recovered
// from it: without explicit embeddings the levels are few. A right-to-left
// paragraph has levels 1 (right to left) and 2 (left to right); a
// left-to-right one has 0 and 1, and 2 for what UAX #9's weak rules leave as
// numbers (digits after a right-to-left letter, Arabic-Indic digits), which
// numbers finds by its own pass of rules W1 to W7. TestLevelsConform checks
// the result, direction and level together, against Unicode's
// BidiCharacterTest.txt (Debian's unicode-data, Unicode 15.0.0: 91,605
// cases, none wrong), so what the checker shares with the layout, go-text's
// directions, is itself checked against Unicode rather than taken on trust.
// A text with explicit embeddings, overrides or isolates is not resolved
// here: the checker then compares such a line's characters as a set (see
// unit.matchLetters).

// bidiLevels returns the level UAX #9 gives each of rs in a paragraph of the
// given direction, and false when rs holds what it does not resolve:
// explicit embeddings, overrides, isolates, or a paragraph separator.
func bidiLevels(rs []rune, rtl bool) ([]uint8, bool) {
	cls := make([]xbidi.Class, len(rs))
	mixed := rtl
	for i, r := range rs {
		p, _ := xbidi.LookupRune(r)
		cls[i] = p.Class()
		switch cls[i] {
		case xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF, xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI, xbidi.B:
			return nil, false
		case xbidi.R, xbidi.AL, xbidi.AN:
			mixed = true
		}
	}
	levels := make([]uint8, len(rs))
	if !mixed || len(rs) == 0 {
		// No right-to-left letter and no Arabic-Indic digit: in a
		// left-to-right paragraph every number follows a left-to-right
		// letter or the paragraph's start (W7), so everything is at level 0.
		return levels, true
	}
	var p gbidi.Paragraph
	dir := gbidi.LeftToRight
	if rtl {
		dir = gbidi.RightToLeft
	}
	o := p.Segment(rs, dir)
	odd := make([]bool, len(rs))
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		for k := run.Start; k < run.End; k++ {
			odd[k] = !run.IsLeftToRight()
		}
	}
	var number []bool
	if !rtl {
		number = numbers(cls)
	}
	for i := range rs {
		switch {
		case cls[i] == xbidi.BN && i > 0:
			// Removed by X9: its level is not normative; the previous
			// character's keeps it from separating anything.
			levels[i] = levels[i-1]
		case cls[i] == xbidi.BN:
			levels[i] = baseLevel(rtl)
		case odd[i]:
			levels[i] = 1
		case rtl || number[i]:
			levels[i] = 2
		}
	}
	return levels, true
}

// baseLevel is the level of a paragraph set right to left or not.
func baseLevel(rtl bool) uint8 {
	if rtl {
		return 1
	}
	return 0
}

// numbers applies UAX #9's weak rules W1 to W7 to a left-to-right paragraph
// without explicit embeddings (one isolating run sequence, starting and
// ending with L) and reports which characters they leave as European or
// Arabic numbers: those rule I1 raises to level 2.
func numbers(cls []xbidi.Class) []bool {
	var idx []int // the characters X9 keeps
	for i, c := range cls {
		if c != xbidi.BN {
			idx = append(idx, i)
		}
	}
	t := make([]xbidi.Class, len(idx))
	for k, i := range idx {
		t[k] = cls[i]
	}
	// W1: a mark takes the type of what it marks.
	for k := range t {
		if t[k] == xbidi.NSM {
			if k == 0 {
				t[k] = xbidi.L
			} else {
				t[k] = t[k-1]
			}
		}
	}
	// W2: a European number after an Arabic letter is an Arabic number.
	// W3: an Arabic letter is right to left.
	last := xbidi.L
	for k, c := range t {
		switch c {
		case xbidi.L, xbidi.R, xbidi.AL:
			last = c
		case xbidi.EN:
			if last == xbidi.AL {
				t[k] = xbidi.AN
			}
		}
	}
	for k, c := range t {
		if c == xbidi.AL {
			t[k] = xbidi.R
		}
	}
	// W4: one separator between two numbers of a kind joins them.
	for k := 1; k+1 < len(t); k++ {
		switch {
		case t[k] == xbidi.ES && t[k-1] == xbidi.EN && t[k+1] == xbidi.EN,
			t[k] == xbidi.CS && t[k-1] == xbidi.EN && t[k+1] == xbidi.EN:
			t[k] = xbidi.EN
		case t[k] == xbidi.CS && t[k-1] == xbidi.AN && t[k+1] == xbidi.AN:
			t[k] = xbidi.AN
		}
	}
	// W5: terminators next to a European number belong to it.
	for k := 0; k < len(t); {
		if t[k] != xbidi.ET {
			k++
			continue
		}
		j := k
		for j < len(t) && t[j] == xbidi.ET {
			j++
		}
		if (k > 0 && t[k-1] == xbidi.EN) || (j < len(t) && t[j] == xbidi.EN) {
			for m := k; m < j; m++ {
				t[m] = xbidi.EN
			}
		}
		k = j
	}
	// W6 turns the remaining separators and terminators into neutrals,
	// which are not numbers. W7: a European number after a left-to-right
	// letter (or at the start) is left to right.
	out := make([]bool, len(cls))
	last = xbidi.L
	for k, c := range t {
		switch c {
		case xbidi.L, xbidi.R:
			last = c
		case xbidi.EN:
			out[idx[k]] = last != xbidi.L
		case xbidi.AN:
			out[idx[k]] = true
		}
	}
	return out
}

// addedHyphen stands for the hyphen the layout adds at the end of a line
// that ends inside a word.
var addedHyphen = atom{r: '-', norm: []rune{'-'}, alts: [][]rune{{'\u2010'}}}

// matchVisual reads ln as the continuation of u's text from atom pos, where
// the line holds characters at levels other than 0. Each run holds its
// characters in logical order and the runs stand in visual order (UAX #9,
// L2), so the line is not read as one string: the characters the line
// should hold are put in visual order, from their levels, and the runs,
// taken left to right, must draw them there: a left-to-right run reading
// them left to right, a right-to-left one right to left. The line ends
// where the characters drawn run out; a run swapped with another, a word
// dropped or added, or a number reversed is no match.
func (u *unit) matchVisual(n *normalizer, pos int, ln *line) (end int, hyphen, ok bool) {
	runs := make([][]rune, 0, len(ln.runs))
	total, hyphens := 0, 0
	for _, t := range ln.runs {
		d := n.drawnOf(t.S)
		runs = append(runs, d)
		total += len(d)
		for _, r := range d {
			if isHyphen(r) {
				hyphens++
			}
		}
	}
	// Every atom is drawn as at least one character and at most its
	// longest spelling: that bounds where the line can end. The text's own
	// characters are tried first, as in unit.match: a line that ends after
	// the hyphen of "Moscow-Tokyo" ends there, not before the hyphen with
	// one added.
	var seq []vatom
	for _, added := range []bool{false, true} {
		want := total
		if added {
			if hyphens == 0 {
				break
			}
			// One character more drawn than the text has: a hyphen the
			// layout added, where a word may be broken with one.
			want--
		}
		most := 0
		for q := pos + 1; q <= len(u.atoms) && q-pos <= want; q++ {
			if most += u.atoms[q-1].longest(); most < want {
				continue
			}
			if added && (q == len(u.atoms) || u.atoms[q].boundary && !u.atoms[q].soft) {
				continue
			}
			if seq = u.visualOrder(seq[:0], pos, q, added); drawsInOrder(seq, runs) {
				return q, added, true
			}
		}
	}
	return 0, false, false
}

// longest is the most characters the atom may be drawn as.
func (a *atom) longest() int {
	n := max(len(a.norm), 1)
	for _, alt := range a.alts {
		n = max(n, len(alt))
	}
	return n
}

// vatom is an atom of a line in visual order, or the white space between two.
type vatom struct {
	a     *atom // nil: white space
	level uint8
}

// visualOrder appends atoms pos to q of u, and an added hyphen after them,
// in the order UAX #9's rule L2 draws them, left to right: from the highest
// level on the line down to the lowest odd one, every maximal stretch at
// that level or higher is reversed. White space between atoms stands in the
// stretches with its own level (it may separate two stretches of a higher
// one), and is then dropped; white space at the line's ends is not on the
// line (L1 gives it the paragraph's level, which reverses nothing).
func (u *unit) visualOrder(out []vatom, pos, q int, hyphen bool) []vatom {
	top := uint8(0)
	for i := pos; i < q; i++ {
		a := &u.atoms[i]
		if i > pos && a.gap >= 0 {
			out = append(out, vatom{level: uint8(a.gap)})
		}
		out = append(out, vatom{a: a, level: a.level})
		top = max(top, a.level, uint8(max(a.gap, 0)))
	}
	if hyphen {
		// The layout draws the hyphen as part of the broken word, at its
		// level.
		out = append(out, vatom{a: &addedHyphen, level: u.atoms[q-1].level})
	}
	for lvl := top; lvl >= 1; lvl-- {
		for i := 0; i < len(out); {
			if out[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(out) && out[j].level >= lvl {
				j++
			}
			slices.Reverse(out[i:j])
			i = j
		}
	}
	return slices.DeleteFunc(out, func(v vatom) bool { return v.a == nil })
}

// drawsInOrder reports whether the runs, each its characters in logical
// order, left to right, draw seq: each run a stretch of it, read left to
// right where seq is left to right, right to left (from the run's end)
// where seq runs right to left.
func drawsInOrder(seq []vatom, runs [][]rune) bool {
	k := 0
	for _, d := range runs {
		if len(d) == 0 {
			continue
		}
		if k == len(seq) {
			return false
		}
		rtl := seq[k].level%2 == 1
		for i, j := 0, len(d); i < j; k++ {
			if k == len(seq) || (seq[k].level%2 == 1) != rtl {
				return false
			}
			if rtl {
				m := seq[k].a.acceptsEnd(d[i:j])
				if m == 0 {
					return false
				}
				j -= m
			} else {
				m := seq[k].a.accepts(d[i:j])
				if m == 0 {
					return false
				}
				i += m
			}
		}
	}
	return k == len(seq)
}

// acceptsEnd returns how many drawn characters at the end of d stand for
// the atom, or 0.
func (a *atom) acceptsEnd(d []rune) int {
	if hasSuffix(d, a.norm) {
		return len(a.norm)
	}
	for _, alt := range a.alts {
		if hasSuffix(d, alt) {
			return len(alt)
		}
	}
	if len(d) > 0 && d[len(d)-1] == '\uFFFD' {
		return 1 // a character no font has
	}
	return 0
}

func hasSuffix(d, s []rune) bool {
	return len(s) > 0 && len(s) <= len(d) && hasPrefix(d[len(d)-len(s):], s)
}
