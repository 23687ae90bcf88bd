package layout

import (
	"pdfexport/render/page"
)

// The paragraph builder follows Knuth and Plass, "Breaking Paragraphs into
// Lines" (1981), as TeX implements it (tex.web §813–890): a paragraph is a list
// of boxes, glue and penalties; every legal break is tried against every
// active breakpoint; badness and demerits are integers, so the same paragraph
// breaks the same way on every machine.

type kind uint8

const (
	boxItem kind = iota
	glueItem
	penaltyItem
)

// item is one element of a paragraph's horizontal list.
type item struct {
	kind    kind
	width   page.Unit
	stretch page.Unit // glue only
	shrink  page.Unit // glue only
	penalty int       // penalty only: cost of breaking here
	flagged bool      // penalty only: a hyphen break (for consecutive-hyphen demerits)
	tie     bool      // penalty only: a no-break space, breakable only in the last resort pass
	run     *run      // box only: what to draw
}

// run is the visible content of a box: text in one style.
type run struct {
	text  string
	style *style
	link  string
}

const (
	infPenalty   = 10000  // a penalty this high forbids the break
	ejectPenalty = -10000 // a penalty this low forces it
	infBad       = 10000  // TeX's inf_bad: the worst finite badness

	linePenalty          = 10
	hyphenDemerits       = 10000 // TeX's \doublehyphendemerits
	finalHyphenDemerits  = 5000
	adjDemerits          = 10000 // fitness classes more than one apart
	tiePenaltyLastResort = 5000  // a no-break space, when nothing else fits
	awfulBad             = int64(1) << 60
)

// fill is the stretch of the glue that ends a paragraph: far more than any
// line can need, so the last line is set at its natural width.
const fill = page.Unit(1) << 44

// badness is TeX's approximation of 100·(t/s)³, capped at infBad (tex.web §108).
func badness(t, s page.Unit) int {
	if t == 0 {
		return 0
	}
	if s <= 0 {
		return infBad
	}
	var r int64
	switch {
	case t <= 7230584:
		r = int64(t) * 297 / int64(s)
	case s >= 1663497:
		r = int64(t) / (int64(s) / 297)
	default:
		r = int64(t)
	}
	if r > 1290 {
		return infBad
	}
	return int((r*r*r + 0x20000) / 0x40000)
}

// Fitness classes, as in TeX.
const (
	veryLoose = iota
	loose
	decent
	tight
)

type breakpoint struct {
	pos      int // index of the break item; -1 for the start of the paragraph
	line     int
	fitness  int
	flagged  bool
	demerits int64
	prev     *breakpoint
}

// breakParams describe one paragraph's line breaking.
type breakParams struct {
	width        page.Unit // the measure
	rightStretch page.Unit // added stretch at every line end: ragged-right setting
}

// line is one chosen line: items[start:end] and how its glue is set.
type line struct {
	start, end int  // the items on the line, discardables at the edges excluded
	breakAt    int  // the break item, or len(items) after the last line
	flagged    bool // the line ends at a hyphen break
	natural    page.Unit
	stretch    page.Unit
	shrink     page.Unit
	target     page.Unit
}

// breakLines chooses the breaks of a paragraph, trying a strict pass, then a
// more tolerant one, then a last-resort pass that accepts any line that is not
// overfull. Items wider than the measure must have been split by the caller,
// so the last pass always finds a solution without overfull lines.
func breakLines(items []item, p breakParams) []line {
	sums := prefixSums(items)
	for _, pass := range []struct {
		threshold  int
		lastResort bool
	}{{100, false}, {200, false}, {infBad, true}} {
		if bp := tryBreak(items, sums, p, pass.threshold, pass.lastResort); bp != nil {
			return buildLines(items, sums, p, bp)
		}
	}
	panic("layout: last-resort line breaking pass failed") // unreachable: the last pass always succeeds
}

type totals struct{ width, stretch, shrink page.Unit }

// prefixSums[i] holds the totals of items[:i]; penalties add no width unless
// a line breaks at them.
func prefixSums(items []item) []totals {
	s := make([]totals, len(items)+1)
	for i, it := range items {
		s[i+1] = s[i]
		switch it.kind {
		case boxItem:
			s[i+1].width += it.width
		case glueItem:
			s[i+1].width += it.width
			s[i+1].stretch += it.stretch
			s[i+1].shrink += it.shrink
		}
	}
	return s
}

// lineStart is the first item of a line that follows a break at pos: glue and
// penalties after a break are discarded, up to the first box.
func lineStart(items []item, pos int) int {
	if pos < 0 {
		return 0
	}
	i := pos + 1
	for i < len(items) && items[i].kind != boxItem {
		i++
	}
	return i
}

func tryBreak(items []item, sums []totals, p breakParams, threshold int, lastResort bool) *breakpoint {
	active := []*breakpoint{{pos: -1, fitness: decent}}
	var next []*breakpoint
	for b, it := range items {
		pen := 0
		switch it.kind {
		case boxItem:
			continue
		case glueItem:
			if b == 0 || items[b-1].kind != boxItem {
				continue
			}
		case penaltyItem:
			pen = it.penalty
			if it.tie && lastResort {
				pen = tiePenaltyLastResort
			}
			if pen >= infPenalty {
				continue
			}
		}
		forced := it.kind == penaltyItem && pen <= ejectPenalty
		flagged := it.kind == penaltyItem && (it.flagged || forced)

		var best [4]struct {
			from     *breakpoint
			demerits int64
		}
		for i := range best {
			best[i].demerits = awfulBad
		}
		minDemerits := awfulBad
		next = next[:0]
		for ai, a := range active {
			start := lineStart(items, a.pos)
			natural := sums[b].width - sums[start].width
			if it.kind == penaltyItem {
				natural += it.width
			}
			stretch := sums[b].stretch - sums[start].stretch + p.rightStretch
			shrink := sums[b].shrink - sums[start].shrink
			shortfall := p.width - natural

			var bad, fit int
			switch {
			case shortfall > 0:
				bad = badness(shortfall, stretch)
				switch {
				case bad > 99:
					fit = veryLoose
				case bad > 12:
					fit = loose
				default:
					fit = decent
				}
			case -shortfall > shrink:
				bad = infBad + 1 // overfull
				fit = tight
			default:
				bad = badness(-shortfall, shrink)
				fit = decent
				if bad > 12 {
					fit = tight
				}
			}
			deactivate := bad > infBad || forced
			if bad > infBad && lastResort && len(next) == 0 && ai == len(active)-1 && minDemerits == awfulBad {
				// Nothing else can end here: keep the paragraph going with an
				// overfull line rather than fail (tex.web §854). Splitting wide
				// boxes upstream makes this a formality.
				bad = infBad
			}
			if bad <= threshold {
				d := int64(linePenalty + bad)
				d *= d
				switch {
				case pen > 0:
					d += int64(pen) * int64(pen)
				case pen > ejectPenalty:
					d -= int64(pen) * int64(pen)
				}
				if flagged && a.flagged {
					if forced {
						d += finalHyphenDemerits
					} else {
						d += hyphenDemerits
					}
				}
				if fit-a.fitness > 1 || a.fitness-fit > 1 {
					d += adjDemerits
				}
				d += a.demerits
				if d < best[fit].demerits {
					best[fit].from, best[fit].demerits = a, d
					if d < minDemerits {
						minDemerits = d
					}
				}
			}
			if !deactivate {
				next = append(next, a)
			}
		}
		for fit := range best {
			c := best[fit]
			if c.from != nil && c.demerits <= minDemerits+adjDemerits {
				next = append(next, &breakpoint{
					pos: b, line: c.from.line + 1, fitness: fit,
					flagged: flagged && !forced, demerits: c.demerits, prev: c.from,
				})
			}
		}
		active, next = next, active
		if len(active) == 0 {
			return nil
		}
	}
	// The paragraph ends with a forced break, so every survivor ends there.
	var best *breakpoint
	for _, a := range active {
		if a.pos == len(items)-1 && (best == nil || a.demerits < best.demerits) {
			best = a
		}
	}
	return best
}

func buildLines(items []item, sums []totals, p breakParams, last *breakpoint) []line {
	n := last.line
	lines := make([]line, n)
	for bp := last; bp.prev != nil; bp = bp.prev {
		start := lineStart(items, bp.prev.pos)
		end := bp.pos
		l := line{start: start, breakAt: bp.pos, target: p.width}
		if it := items[bp.pos]; it.kind == penaltyItem {
			l.flagged = it.flagged
			if it.width > 0 {
				l.natural += it.width
			}
		}
		// Trailing glue before the break is not drawn.
		for end > start && items[end-1].kind != boxItem {
			end--
		}
		l.end = end
		l.natural += sums[end].width - sums[start].width
		l.stretch = sums[end].stretch - sums[start].stretch
		l.shrink = sums[end].shrink - sums[start].shrink
		if bp.pos == len(items)-1 {
			l.stretch += fill // the paragraph's last line: set at its natural width
		} else {
			l.stretch += p.rightStretch
		}
		lines[bp.line-1] = l
	}
	return lines
}
