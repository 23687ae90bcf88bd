package layout

import (
	"context"
	"math"
	"slices"

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

// item is one element of a paragraph's horizontal list. Its fields are
// ordered to keep it at 48 bytes: a long paragraph has millions.
type item struct {
	kind    kind
	flagged bool  // penalty only: the line ends in a hyphen (for consecutive-hyphen rules)
	tie     bool  // penalty only: a no-break space, breakable only in the last-resort pass
	between bool  // glue or penalty: a break between characters of text written without spaces (Chinese, Japanese): glue that is no white space, so the text layer gets none; a penalty that is not a break inside a word (punct.go)
	hyph    bool  // penalty only: a hyphenation point, used from the second pass on
	wordAt  int32 // box only: 1 + the byte offset in the paragraph's text of the word it starts; 0 for later boxes
	width   page.Unit
	stretch page.Unit // glue only
	shrink  page.Unit // glue only
	penalty int32     // penalty only: cost of breaking here
	level   uint8     // glue only: the bidi level of its white space, for reordering the line
	joint   bool      // glue only: between words written without a space (Thai): nothing is drawn there
	run     *run      // box: what to draw; penalty: what to draw at the line end if broken here
}

const (
	infPenalty   = 10000  // a penalty this high forbids the break
	ejectPenalty = -10000 // a penalty this low forces it
	infBad       = 10000  // TeX's inf_bad: the worst finite badness

	linePenalty          = 10
	hyphenDemerits       = 10000 // TeX's \doublehyphendemerits
	finalHyphenDemerits  = 5000
	adjDemerits          = 10000                // fitness classes more than one apart
	tiePenaltyLastResort = 5000                 // a no-break space, when nothing else fits
	awfulBad             = int64(math.MaxInt64) // demerits saturate here: a 10,000-line paragraph of awful lines stays comparable
)

// fill is the stretch of the glue that ends a paragraph: far more than any
// line can need, so the last line is set at its natural width.
const fill = page.Unit(1) << 44

// satAdd adds demerits, saturating at awfulBad instead of overflowing.
func satAdd(a, b int64) int64 {
	if a > awfulBad-b {
		return awfulBad
	}
	return a + b
}

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

// maxHyphenRun is the most consecutive lines that may end in a hyphen.
const maxHyphenRun = 2

// shortLastDemerits are added when a paragraph's last line would be shorter
// than a fifth of the measure (typically one short word alone), so that the
// breaker pulls a word down when the paragraph allows it. (A variable only so
// that a test can compare with and without.)
var shortLastDemerits int64 = 8000

type breakpoint struct {
	pos     int // index of the break item; -1 for the start of the paragraph
	line    int
	fitness int
	hyphens int  // consecutive lines ending in a hyphen, up to and including this one
	cost    cost // of the lines up to this one
	prev    *breakpoint
}

// cost orders ways of breaking a paragraph: first by how many lines make a
// third (or later) hyphen in a row, which the last-resort pass allows only
// where nothing else can end a line (a hyphenated word several lines long),
// then by TeX's demerits. Ordering them, rather than adding a large excess
// to the demerits, keeps the rule whatever the demerits: an excess once lost
// to two loose lines and let three hyphens in a row through.
type cost struct {
	excess   int
	demerits int64
}

func (c cost) less(d cost) bool {
	if c.excess != d.excess {
		return c.excess < d.excess
	}
	return c.demerits < d.demerits
}

// breakParams describe one paragraph's line breaking.
type breakParams struct {
	width        page.Unit // the measure
	rightStretch page.Unit // added stretch at every line end: ragged-right setting
	ragZone      page.Unit // ragged-right: a line this much short of the measure costs nothing
	hyphenExtra  int32     // added to the penalty of a hyphenation point: large print's sparing hyphens
}

// line is one chosen line: items[start:end] and how its glue is set.
type line struct {
	start, end int  // the items on the line, discardables at the edges excluded
	breakAt    int  // the break item, or len(items) after the last line
	inWord     bool // the line ends inside a word (hyphen, URL or split): the next may not start a page
	natural    page.Unit
	stretch    page.Unit
	shrink     page.Unit
	target     page.Unit
}

// pass is one attempt at breaking a paragraph, TeX-style: a strict pass
// without hyphenation, a tolerant pass with it, a loose pass that still keeps
// every space within twice its natural width (badness 800: glue stretched by
// twice its stretchability), and a last resort that takes any line that is not
// overfull and may break at no-break spaces.
type pass struct {
	threshold  int
	hyphenate  bool
	lastResort bool
}

var passes = []pass{{100, false, false}, {200, true, false}, {looseBadness, true, false}, {infBad, true, true}}

// looseBadness is the badness of a line whose spaces are stretched to twice
// their natural width. In the last-resort pass every line looser than that
// costs at least looseDemerits more (see looseCost), so the breaker first
// keeps such lines few and not much looser than they must be, and only then
// follows TeX's demerits.
const (
	looseBadness  = 800
	looseDemerits = int64(1) << 40
)

// looseCost is the extra cost of a loose line in the last-resort pass: one
// unit of looseDemerits, and another for every 4 times its stretchability
// that the line is short (uncapped, unlike badness), so one line of huge
// gaps costs more than a few lines of moderate ones. A line that cannot
// stretch at all (one word alone) is costlier still: it would stop short and
// read as the end of a paragraph.
func looseCost(shortfall, stretch page.Unit) int64 {
	ratio := int64(maxLooseRatio)
	if stretch > 0 {
		ratio = min(int64(shortfall)*100/int64(stretch), ratio)
	}
	return looseDemerits + looseDemerits*ratio/400
}

// maxLooseRatio caps looseCost's ratio (in percent).
const maxLooseRatio = 100000

// breaker breaks the paragraphs of one layout into lines. It checks the
// layout's context as it goes, so that a deadline stops a long paragraph
// mid-way, and counts its work, so that tests can bound it without a clock.
type breaker struct {
	ctx   context.Context
	err   error // once set (the context's error, or the layout's page limit), every later call fails at once
	work  int64 // active breakpoints examined, summed over every pass
	polls int   // candidate breaks since the context was last checked
}

// pollEvery is how many candidate breaks pass between checks of the
// context: often enough to stop within a millisecond or so, rarely enough to
// cost nothing.
const pollEvery = 1024

// maxActive bounds the active list. Knuth and Plass keep every breakpoint
// from which a line could still reach the current one; with real text that
// is a few dozen at most, but break opportunities of no width (zero-width
// spaces, marks) or very narrow words never make a line overfull, so the
// list, and the work per break, can grow with the paragraph (a 100 KB
// paragraph took 41 s before this bound). Breaking long paragraphs in pieces
// (layout.go) now keeps that growth to a piece; past maxActive the list is
// thinned (see thin), which keeps the work per break small too: without it,
// marks between spaces cost eight times as much. The fixtures never reach
// it.
const maxActive = 64

// breakLines chooses the breaks of a paragraph. Items wider than the measure
// must have been split by the caller, so the last pass always finds a
// solution without overfull lines. It fails only with the context's error.
func (br *breaker) breakLines(items []item, p breakParams) ([]line, error) {
	if br.err != nil {
		return nil, br.err
	}
	sums := prefixSums(items)
	for _, ps := range passes {
		bp, err := br.tryBreak(items, sums, p, ps)
		if err != nil {
			return nil, err
		}
		if bp != nil {
			return buildLines(items, sums, p, bp), nil
		}
	}
	panic("layout: last-resort line breaking pass failed") // unreachable: the last pass always succeeds
}

// poll checks the context every pollEvery calls and returns its error once
// it is done.
func (br *breaker) poll() error {
	if br.polls++; br.polls < pollEvery || br.ctx == nil {
		return br.err
	}
	br.polls = 0
	br.err = br.ctx.Err()
	return br.err
}

// thin keeps, of an active list longer than maxActive, the breakpoint with
// the fewest demerits in each of maxActive/2 bands of where their next line
// would start. Breakpoints whose lines start at nearly the same place have
// nearly the same future, so the one that got there more cheaply is the
// better start for whatever lines follow (exactly so when the places are
// equal, as after a run of zero-width items, but for the adjacency and
// hyphen-run demerits, which thinning is allowed to overlook). The list stays
// in order of position; ties keep the later breakpoint.
func thin(active []*breakpoint, items []item, sums []totals) []*breakpoint {
	const bands = maxActive / 2
	starts := make([]page.Unit, len(active))
	for i, a := range active {
		starts[i] = sums[lineStart(items, a.pos)].width
	}
	lo, hi := slices.Min(starts), slices.Max(starts)
	span := int64(hi-lo) + 1
	band := func(i int) int { return int(int64(starts[i]-lo) * bands / span) }
	var best [bands]int
	for i := range best {
		best[i] = -1
	}
	for i, a := range active {
		if b := best[band(i)]; b < 0 || !active[b].cost.less(a.cost) {
			best[band(i)] = i
		}
	}
	out := active[:0]
	for i, a := range active {
		if best[band(i)] == i {
			out = append(out, a)
		}
	}
	return out
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

// candidate is the best way found so far to end a line at the current break,
// for one fitness class and hyphen run.
type candidate struct {
	from *breakpoint
	cost cost
}

// dominated reports whether the candidate in slot need not become a
// breakpoint: as in TeX, when another is better by more than adjDemerits,
// which the adjacency rule could not make up, but only another ending in no
// longer a hyphen run (a candidate two hyphens into a run may end no more
// lines with one, so a dearer one with a shorter run must be kept: pruned,
// it once left the breaker no way but a third hyphen in a row).
func dominated(best []candidate, slot int) bool {
	c := best[slot]
	hyphens := slot % (maxHyphenRun + 1)
	for s, d := range best {
		if s == slot || d.from == nil || s%(maxHyphenRun+1) > hyphens {
			continue
		}
		if d.cost.excess < c.cost.excess || (d.cost.excess == c.cost.excess && satAdd(d.cost.demerits, adjDemerits) < c.cost.demerits) {
			return true
		}
	}
	return false
}

func (br *breaker) tryBreak(items []item, sums []totals, p breakParams, ps pass) (*breakpoint, error) {
	active := []*breakpoint{{pos: -1, fitness: decent}}
	worst := cost{excess: math.MaxInt, demerits: awfulBad}
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
			if it.hyph && !ps.hyphenate {
				continue
			}
			pen = int(it.penalty)
			if it.hyph {
				pen += int(p.hyphenExtra)
			}
			if it.tie && ps.lastResort {
				pen = tiePenaltyLastResort
			}
			if pen >= infPenalty {
				continue
			}
		}
		if err := br.poll(); err != nil {
			return nil, err
		}
		br.work += int64(len(active))
		forced := it.kind == penaltyItem && pen <= ejectPenalty
		flagged := it.kind == penaltyItem && it.flagged && !forced

		var best [4 * (maxHyphenRun + 1)]candidate
		for i := range best {
			best[i].cost = worst
		}
		found := false
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
				// A ragged line may end anywhere in the rag zone at no cost, so
				// lines do not all crowd the measure: the right edge stays ragged.
				bad = badness(max(shortfall-p.ragZone, 0), stretch)
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
			if bad > infBad && ps.lastResort && len(next) == 0 && ai == len(active)-1 && !found {
				// Nothing else can end here: keep the paragraph going with an
				// overfull line rather than fail (tex.web §854). Splitting wide
				// boxes upstream makes this a formality.
				bad = infBad
			}
			hyphens := 0
			if flagged {
				hyphens = a.hyphens + 1
			}
			tooManyHyphens := hyphens > maxHyphenRun
			excess := a.cost.excess
			if tooManyHyphens && ps.lastResort {
				// A word longer than three lines (a hyphenated 5,000-letter
				// token) has no other way to end a line; anything else does
				// (see cost).
				hyphens, tooManyHyphens = maxHyphenRun, false
				excess++
			}
			if bad <= ps.threshold && !tooManyHyphens {
				d := int64(linePenalty + bad)
				d *= d
				switch {
				case pen > 0:
					d += int64(pen) * int64(pen)
				case pen > ejectPenalty:
					d -= int64(pen) * int64(pen)
				}
				if a.hyphens > 0 {
					if forced {
						d += finalHyphenDemerits
					} else if flagged {
						d += hyphenDemerits
					}
				}
				if fit-a.fitness > 1 || a.fitness-fit > 1 {
					d += adjDemerits
				}
				if forced && p.rightStretch == 0 && natural < p.width/5 {
					d += shortLastDemerits
				}
				if ps.lastResort && bad > looseBadness && !forced {
					// A justified line is loose by its spaces; a ragged one
					// (the title block, headings) only by how short it is
					// against its rag, which is no sin: measured against
					// its spaces, which do not stretch, every short
					// ragged line cost as much as the loosest justified
					// one, and two of them more than a third hyphen in a row.
					flex := stretch - p.rightStretch
					if p.rightStretch > 0 {
						flex = stretch
					}
					d += looseCost(shortfall, flex)
				}
				c := cost{excess, satAdd(d, a.cost.demerits)}
				slot := fit*(maxHyphenRun+1) + hyphens
				if best[slot].from == nil || c.less(best[slot].cost) {
					best[slot] = candidate{a, c}
					found = true
				}
			}
			if !deactivate {
				next = append(next, a)
			}
		}
		for slot, c := range best {
			if c.from != nil && !dominated(best[:], slot) {
				next = append(next, &breakpoint{
					pos: b, line: c.from.line + 1, fitness: slot / (maxHyphenRun + 1),
					hyphens: slot % (maxHyphenRun + 1), cost: c.cost, prev: c.from,
				})
			}
		}
		active, next = next, active
		if len(active) == 0 {
			return nil, nil
		}
		if len(active) > maxActive {
			active = thin(active, items, sums)
		}
	}
	// The paragraph ends with a forced break, so every survivor ends there.
	var best *breakpoint
	for _, a := range active {
		if a.pos == len(items)-1 && (best == nil || a.cost.less(best.cost)) {
			best = a
		}
	}
	return best, nil
}

func buildLines(items []item, sums []totals, p breakParams, last *breakpoint) []line {
	n := last.line
	lines := make([]line, n)
	for bp := last; bp.prev != nil; bp = bp.prev {
		start := lineStart(items, bp.prev.pos)
		end := bp.pos
		l := line{start: start, breakAt: bp.pos, target: p.width}
		if it := items[bp.pos]; it.kind == penaltyItem && bp.pos != len(items)-1 {
			l.inWord = !it.between
			l.natural += it.width
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
