package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"pdfexport/render/page"
)

// line is one baseline of text on a page, or a row of pictures, and once
// assigned, the part of a unit's text it holds.
type line struct {
	page   int
	y      page.Unit    // the baseline; a row of pictures: its top
	runs   []page.Text  // left to right
	images []page.Image // a row of pictures (no runs), left to right
	text   string       // the runs joined with spaces, for messages

	unit        *unit
	units       []*unit // a row of pictures: the picture unit of each
	index       int     // among the unit's lines
	to          int     // the unit's atoms up to this line's end
	hyphenAdded bool
}

// isText reports whether the line is text, not a row of pictures.
func (l *line) isText() bool { return l.images == nil }

// isLast reports whether the line is its unit's last.
func (l *line) isLast() bool { return l.to == len(l.unit.atoms) }

// endsInWord reports whether the unit's text goes on after this line without
// a word boundary: the line ends in a hyphenated word, a broken URL or a
// split long word.
func (l *line) endsInWord() bool {
	return l.isText() && !l.isLast() && !l.unit.atoms[l.to].boundary
}

// endsInHyphen reports whether the line ends inside a word with a hyphen: one
// the layout added, or one of the text's own.
func (l *line) endsInHyphen() bool {
	return l.endsInWord() && (l.hyphenAdded || isHyphen(l.unit.atoms[l.to-1].r))
}

// pageText is what the checker reads on one page.
type pageText struct {
	head   *line    // the running head, if any
	body   []*line  // in reading order: text lines and rows of pictures
	notes  []*line  // the footnotes at the foot of the body, under their short rule
	footer []*line  // the footer's lines without the page number
	labels []string // the footer's "page N of M" texts
	// The extent of what is drawn in the body (text, rules, pictures,
	// footnotes) from the top of the highest to the lowest; empty:
	// nothing.
	top, bottom page.Unit
	empty       bool
	notesTop    page.Unit // the footnotes' rule, when there are footnotes
	turned      bool      // set with the paper turned (page.Page.Landscape)
	footerY     page.Unit // the footer's rule: the body's lower bound
}

func (p pageText) footerText() string {
	var parts []string
	for _, l := range p.footer {
		parts = append(parts, l.text)
	}
	return strings.Join(parts, " / ")
}

var pageLabel = regexp.MustCompile(`^page [0-9]+ of [0-9]+$`)

// readPages sorts each page's text into running head, body, footnotes and
// footer, by position alone:
//   - The footer is everything below the footer's rule, the lowest rule on
//     the pages. It is taken over all pages of an orientation (a page set
//     with the paper turned has its footer higher up), so that a page that
//     lost its footer (and its rule) is still read right: its body is not
//     mistaken for a footer.
//   - The footnotes are what stands under their rule (see noteRule).
//   - The running head, on pages after the first, is the top line when a rule
//     separates it from everything below. On the first page the title block
//     stands there instead.
//   - The body is the rest, read as readBody reads it.
func (c *checker) readPages(doc *page.Document) []pageText {
	// A page set with the paper turned (a wide table) has its footer higher
	// up: its rule is found among the turned pages.
	footerY, wideY := doc.Height, doc.Width
	if y, ok := lowestRule(doc, false); ok {
		footerY = y
	}
	if y, ok := lowestRule(doc, true); ok {
		wideY = y
	}
	out := make([]pageText, len(doc.Pages))
	for n, pg := range doc.Pages {
		footerY := footerY
		if pg.Landscape {
			footerY = wideY
		}
		width := doc.Width
		if pg.Landscape {
			width = doc.Height
		}
		var above, below []page.Text
		for _, t := range pg.Texts {
			if t.Y < footerY {
				above = append(above, t)
			} else {
				below = append(below, t)
			}
		}
		p := &out[n]
		p.turned, p.footerY = pg.Landscape, footerY
		c.turned = append(c.turned, pg.Landscape)
		headRule := page.Unit(-1) << 40 // rules above it are the running head's
		if all := baselines(n, above); n > 0 && len(all) > 0 {
			next := footerY
			if len(all) > 1 {
				next = all[1].y
			}
			for _, r := range pg.Rules {
				if y := min(r.Y1, r.Y2); y > all[0].y && y < next {
					p.head, headRule = all[0], max(r.Y1, r.Y2)
					above = slices.DeleteFunc(above, func(t page.Text) bool { return t.Y == all[0].y })
					break
				}
			}
		}
		var rules []page.Rule
		for _, r := range pg.Rules {
			if min(r.Y1, r.Y2) > headRule && max(r.Y1, r.Y2) < footerY {
				rules = append(rules, r)
			}
		}
		var images []page.Image
		for _, im := range pg.Images {
			if im.Y < footerY {
				images = append(images, im)
			}
		}
		// The footnotes are the body's content too: they end it.
		p.top, p.bottom, p.empty = extent(above, images, rules)
		// Footnotes: below a rule a third of the measure long at the
		// measure's start, the lowest rule of the body.
		if r, ok := noteRule(rules, above, width); ok {
			var notes []page.Text
			above = slices.DeleteFunc(above, func(t page.Text) bool {
				if t.Y > r.Y1 {
					notes = append(notes, t)
					return true
				}
				return false
			})
			rules = slices.DeleteFunc(rules, func(x page.Rule) bool { return x == r })
			p.notes, p.notesTop = baselines(n, notes), r.Y1
		}
		p.body = readBody(n, above, images, rules)
		var footer []page.Text
		for _, t := range below {
			if pageLabel.MatchString(strings.TrimSpace(t.S)) {
				p.labels = append(p.labels, strings.TrimSpace(t.S))
			} else {
				footer = append(footer, t)
			}
		}
		p.footer = baselines(n, footer)
	}
	return out
}

// extent is the top of the highest and the lowest point of what is drawn
// in a page's body: a line of text counts to its baseline, a rule to its
// lower end, a picture to its foot.
func extent(texts []page.Text, images []page.Image, rules []page.Rule) (top, bottom page.Unit, empty bool) {
	empty = true
	see := func(t, b page.Unit) {
		if empty {
			top, bottom, empty = t, b, false
		}
		top, bottom = min(top, t), max(bottom, b)
	}
	for _, t := range texts {
		see(t.Y-t.Size, t.Y)
	}
	for _, im := range images {
		see(im.Y, im.Y+im.H)
	}
	for _, r := range rules {
		see(min(r.Y1, r.Y2), max(r.Y1, r.Y2))
	}
	return top, bottom, empty
}

// readBody reads a page's body in reading order: top to bottom, a line per
// baseline, but a table cell by cell. The cells of a table's row share a
// baseline, so a baseline across a table holds the first lines of several
// cells side by side; they are told apart by the rules under them. Every
// cell has a rule at its foot, across its columns, and no rule lies between
// a cell's text and that rule; the runs of one cell's line never reach
// beyond its columns, while a line of running text, above a table or not,
// crosses the ends of the rules of a table's row. So a line whose runs each
// lie inside the span of the nearest rule below them, and which is not all
// above one rule, is a row of cells: it is cut into a piece per rule. The
// pieces over one rule that follow each other line by line are a cell
// (lines further apart than their size and a half are not: a caption above
// a table, say), and a cell is read whole where its first line stands, left
// to right among the cells of its row. A rule that crosses text (a
// strikethrough) is no boundary. Pictures side by side are read as one row.
//
// Runs whose baselines are within half an em of a line of larger text are
// read as part of that line: superscripts (footnote marks) and subscripts.
func readBody(pg int, texts []page.Text, images []page.Image, rules []page.Rule) []*line {
	var hr []page.Rule
	for _, r := range rules {
		if r.Y1 != r.Y2 || r.X1 == r.X2 {
			continue // vertical: a frame's sides
		}
		if r.X1 > r.X2 {
			r.X1, r.X2 = r.X2, r.X1
		}
		if !crossesText(r, texts) {
			hr = append(hr, r)
		}
	}
	slices.SortStableFunc(hr, func(a, b page.Rule) int { return cmp.Compare(a.Y1, b.Y1) })
	// below is the index in hr of the nearest rule under y whose span holds
	// x, or -1.
	below := func(x, y page.Unit) int {
		for i, r := range hr {
			if r.Y1 > y && r.X1 <= x && x <= r.X2 {
				return i
			}
		}
		return -1
	}
	// A group is a cell, or a line of running text, or a row of pictures.
	type group struct{ lines []*line }
	var groups []*group
	cells := map[int]*group{} // the cell being gathered over each rule
	for _, l := range mergedLines(pg, texts) {
		keys := make([]int, len(l.runs))
		same, inside := true, true
		for i, t := range l.runs {
			keys[i] = below(t.X+t.W/2, t.Y)
			same = same && keys[i] == keys[0]
			inside = inside && keys[i] >= 0 && hr[keys[i]].X1 <= t.X && t.X+t.W <= hr[keys[i]].X2
		}
		if !same && !inside {
			groups = append(groups, &group{lines: []*line{l}})
			continue
		}
		byKey := map[int]*line{}
		var order []int
		for i, t := range l.runs {
			p := byKey[keys[i]]
			if p == nil {
				p = &line{page: pg, y: l.y}
				byKey[keys[i]] = p
				order = append(order, keys[i])
			}
			p.runs = append(p.runs, t)
		}
		for _, k := range order {
			p, c := byKey[k], cells[k]
			if c != nil {
				last := c.lines[len(c.lines)-1]
				if gap := p.y - last.y; gap > lineSize(p)*3/2 && gap > lineSize(last)*3/2 {
					c = nil // not the next line of the cell
				}
			}
			if k < 0 || c == nil {
				c = &group{}
				groups = append(groups, c)
				cells[k] = c
			}
			c.lines = append(c.lines, p)
		}
	}
	for _, row := range pictureRows(pg, images) {
		groups = append(groups, &group{lines: []*line{row}})
	}
	first := func(g *group) (page.Unit, page.Unit) {
		l := g.lines[0]
		if len(l.images) > 0 {
			return l.y, l.images[0].X
		}
		x := l.runs[0].X
		for _, t := range l.runs {
			x = min(x, t.X)
		}
		return l.y, x
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		ay, ax := first(a)
		by, bx := first(b)
		return cmp.Or(cmp.Compare(ay, by), cmp.Compare(ax, bx))
	})
	var out []*line
	for _, g := range groups {
		for _, l := range g.lines {
			if l.isText() {
				finish(l)
			}
			out = append(out, l)
		}
	}
	return out
}

// lineSize is the largest type on a line.
func lineSize(l *line) page.Unit {
	var s page.Unit
	for _, t := range l.runs {
		s = max(s, t.Size)
	}
	return s
}

// pictureRows groups pictures whose tops are level into rows, left to
// right.
func pictureRows(pg int, images []page.Image) []*line {
	byY := map[page.Unit]*line{}
	var out []*line
	for _, im := range images {
		l, ok := byY[im.Y]
		if !ok {
			l = &line{page: pg, y: im.Y}
			byY[im.Y] = l
			out = append(out, l)
		}
		l.images = append(l.images, im)
	}
	for _, l := range out {
		slices.SortStableFunc(l.images, func(a, b page.Image) int { return cmp.Compare(a.X, b.X) })
		parts := make([]string, len(l.images))
		for i, im := range l.images {
			parts[i] = fmt.Sprintf("[picture %q]", im.Alt)
		}
		l.text = strings.Join(parts, " ")
	}
	return out
}

// lowestRule returns the footer rule's height: of the rules in the lower
// half of the page, the one at the height found on the most pages, the
// lowest of those. A page that lost its footer must not make the title
// block's rule, or the running head's, pass for the footer's; nor must one
// page's content drawn below the footer (a table row taller than the page)
// make every other page's footer pass for body text.
func lowestRule(doc *page.Document, landscape bool) (page.Unit, bool) {
	pages := map[page.Unit]int{}
	height := doc.Height
	if landscape {
		height = doc.Width
	}
	for _, pg := range doc.Pages {
		if pg.Landscape != landscape {
			continue
		}
		seen := map[page.Unit]bool{}
		for _, r := range pg.Rules {
			if ry := min(r.Y1, r.Y2); ry > height/2 && !seen[ry] {
				seen[ry] = true
				pages[ry]++
			}
		}
	}
	var y page.Unit
	found := false
	for ry, n := range pages {
		if !found || n > pages[y] || n == pages[y] && ry > y {
			y, found = ry, true
		}
	}
	return y, found
}

// noteRule finds the rule over a page's footnotes: horizontal, a third of
// the measure long from the measure's start (the page's width less two
// margins of the rule's own x), alone at its height (a table's cell, a
// third of the measure wide, has its neighbours' rules beside its own),
// below every other rule but those that cross text (a word struck
// through in a footnote), and with text below it.
func noteRule(rules []page.Rule, texts []page.Text, width page.Unit) (page.Rule, bool) {
	if len(texts) == 0 {
		return page.Rule{}, false
	}
	var best page.Rule
	found := false
	for _, r := range rules {
		third := (width - 2*r.X1) / 3
		if r.Y1 != r.Y2 || r.X1 <= 0 || abs(r.X2-r.X1-third) > page.Pt/2 || crossesText(r, texts) {
			continue
		}
		if !found || r.Y1 > best.Y1 {
			best, found = r, true
		}
	}
	if !found {
		return page.Rule{}, false
	}
	for _, r := range rules {
		if r == best || crossesText(r, texts) {
			continue
		}
		below := min(r.Y1, r.Y2) > best.Y1
		beside := r.Y1 == r.Y2 && abs(r.Y1-best.Y1) <= page.Pt/2
		if below || beside {
			return page.Rule{}, false // not the notes': a rule below it, or beside it
		}
	}
	for _, t := range texts {
		if t.Y > best.Y1 {
			return best, true
		}
	}
	return page.Rule{}, false
}

// crossesText reports whether a horizontal rule runs through a run of
// text (a strikethrough), between its top and its baseline.
func crossesText(r page.Rule, texts []page.Text) bool {
	if r.Y1 != r.Y2 {
		return false
	}
	x1, x2 := min(r.X1, r.X2), max(r.X1, r.X2)
	return slices.ContainsFunc(texts, func(t page.Text) bool {
		return r.Y1 > t.Y-t.Size && r.Y1 < t.Y && x1 < t.X+t.W && x2 > t.X
	})
}

func abs(u page.Unit) page.Unit {
	if u < 0 {
		return -u
	}
	return u
}

// baselines groups runs into lines by baseline, top to bottom, each line's
// runs left to right.
func baselines(pg int, texts []page.Text) []*line {
	out := mergedLines(pg, texts)
	for _, l := range out {
		finish(l)
	}
	return out
}

// mergedLines groups runs by baseline, top to bottom, raised and lowered
// runs with their line (mergeRaised).
func mergedLines(pg int, texts []page.Text) []*line {
	byY := map[page.Unit]*line{}
	var out []*line
	for _, t := range texts {
		l, ok := byY[t.Y]
		if !ok {
			l = &line{page: pg, y: t.Y}
			byY[t.Y] = l
			out = append(out, l)
		}
		l.runs = append(l.runs, t)
	}
	slices.SortFunc(out, func(a, b *line) int { return cmp.Compare(a.y, b.y) })
	out = mergeRaised(out)
	for _, l := range out {
		slices.SortStableFunc(l.runs, func(a, b page.Text) int { return cmp.Compare(a.X, b.X) })
	}
	return out
}

// finish orders a line's runs as a reader reads them (pieces) and writes
// its text for messages.
func finish(l *line) {
	l.runs = pieces(l.runs)
	slices.SortStableFunc(l.runs, func(a, b page.Text) int { return cmp.Compare(a.X, b.X) })
	parts := make([]string, len(l.runs))
	for i, r := range l.runs {
		parts[i] = r.S
	}
	l.text = strings.Join(parts, " ")
}

// mergeRaised reads runs raised or lowered off a line's baseline
// (superscripts, footnote marks, subscripts) as part of it: a baseline whose
// text is all smaller than a neighbouring line's, within half that line's
// size of its baseline, joins it. Two lines of text are never that close:
// their leading is more than their size.
func mergeRaised(ls []*line) []*line {
	into := make([]int, len(ls))
	for i, l := range ls {
		into[i] = -1
		best := page.Unit(0)
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(ls) {
				continue
			}
			m := ls[j]
			d := m.y - l.y
			if d < 0 {
				d = -d
			}
			if lineSize(m) > lineSize(l) && d <= lineSize(m)/2 && (into[i] < 0 || d < best) {
				into[i], best = j, d
			}
		}
	}
	out := ls[:0:0]
	for i, l := range ls {
		if j := into[i]; j >= 0 && into[j] < 0 {
			ls[j].runs = append(ls[j].runs, l.runs...)
			continue
		}
		out = append(out, l)
	}
	return out
}

// pieces splits the runs of a line where another run starts between two of
// a run's glyphs (at the first or after it, before the second), so that
// each piece is read where a reader sees it. The layout draws two words
// that follow each other in the text as one run even when right-to-left
// words stand between them on the line ("1948" and "and" of "born in
// ירושלים 1948 and moved", one on each side of the Hebrew), and the space
// glyph it draws after the first may stand where the Hebrew starts. A run
// without glyphs (a test's) is one piece.
func pieces(runs []page.Text) []page.Text {
	var out []page.Text
	for i, t := range runs {
		if len(t.Glyphs) < 2 || len(runs) < 2 {
			out = append(out, t)
			continue
		}
		var cuts []int // the glyphs that start a piece, after the first
		for k := 1; k < len(t.Glyphs); k++ {
			lo, hi := t.X+t.Glyphs[k-1].X, t.X+t.Glyphs[k].X
			if lo > hi {
				lo, hi = hi, lo
			}
			for j, o := range runs {
				if j != i && o.X >= lo && o.X < hi {
					cuts = append(cuts, k)
					break
				}
			}
		}
		if ps, ok := split(t, cuts); ok {
			out = append(out, ps...)
		} else {
			out = append(out, t)
		}
	}
	return out
}

// split cuts t before each glyph of cuts. A piece holds the characters of
// its glyphs' clusters, up to the next cluster of t; the first in the text
// also those before its first cluster. It returns false when the pieces'
// characters would overlap (glyphs not in the order of their clusters).
func split(t page.Text, cuts []int) ([]page.Text, bool) {
	if len(cuts) == 0 {
		return nil, false
	}
	clusters := make([]int, 0, len(t.Glyphs)+1)
	for _, g := range t.Glyphs {
		clusters = append(clusters, int(g.Cluster))
	}
	slices.Sort(clusters)
	clusters = append(slices.Compact(clusters), len(t.S))
	type piece struct {
		from, to int // of t.S
		x        page.Unit
	}
	var ps []piece
	start := 0
	for _, end := range append(cuts, len(t.Glyphs)) {
		gs := t.Glyphs[start:end]
		lo, hi := int(gs[0].Cluster), int(gs[0].Cluster)
		x := gs[0].X
		for _, g := range gs {
			lo, hi, x = min(lo, int(g.Cluster)), max(hi, int(g.Cluster)), min(x, g.X)
		}
		next, _ := slices.BinarySearch(clusters, hi+1)
		ps = append(ps, piece{lo, clusters[next], t.X + x})
		start = end
	}
	slices.SortFunc(ps, func(a, b piece) int { return cmp.Compare(a.from, b.from) })
	ps[0].from = 0
	for k := 1; k < len(ps); k++ {
		if ps[k].from != ps[k-1].to {
			return nil, false
		}
	}
	if ps[len(ps)-1].to != len(t.S) {
		return nil, false
	}
	out := make([]page.Text, len(ps))
	for k, p := range ps {
		out[k] = t
		out[k].S, out[k].X, out[k].Glyphs = t.S[p.from:p.to], p.x, nil
	}
	return out, true
}
