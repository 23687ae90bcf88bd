package rules

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"pdfexport/render/page"
)

// line is one baseline of text on a page, and once assigned, the part of a
// unit's text it holds.
type line struct {
	page int
	y    page.Unit
	runs []page.Text // left to right
	text string      // the runs joined with spaces, for messages

	unit        *unit
	index       int // among the unit's lines
	to          int // the unit's atoms up to this line's end
	hyphenAdded bool
}

// isLast reports whether the line is its unit's last.
func (l *line) isLast() bool { return l.to == len(l.unit.atoms) }

// endsInWord reports whether the unit's text goes on after this line without
// a word boundary: the line ends in a hyphenated word, a broken URL or a
// split long word.
func (l *line) endsInWord() bool { return !l.isLast() && !l.unit.atoms[l.to].boundary }

// endsInHyphen reports whether the line ends inside a word with a hyphen: one
// the layout added, or one of the text's own.
func (l *line) endsInHyphen() bool {
	return l.endsInWord() && (l.hyphenAdded || isHyphen(l.unit.atoms[l.to-1].r))
}

// pageText is what the checker reads on one page.
type pageText struct {
	head   *line    // the running head, if any
	body   []*line  // top to bottom
	footer []*line  // the footer's lines without the page number
	labels []string // the footer's "page N of M" texts
}

func (p pageText) footerText() string {
	var parts []string
	for _, l := range p.footer {
		parts = append(parts, l.text)
	}
	return strings.Join(parts, " / ")
}

var pageLabel = regexp.MustCompile(`^page [0-9]+ of [0-9]+$`)

// readPages sorts each page's text into running head, body and footer, by
// position alone:
//   - The footer is everything below the footer's rule, the lowest rule on
//     the pages. It is taken over all pages, so that a page that lost its
//     footer (and its rule) is still read right: its body is not mistaken for
//     a footer.
//   - The running head, on pages after the first, is the top line when a rule
//     separates it from everything below. On the first page the title block
//     stands there instead.
//   - The body is the rest, one line per baseline, its runs ordered left to
//     right.
func (c *checker) readPages(doc *page.Document) []pageText {
	footerY := doc.Height
	if y, ok := lowestRule(doc); ok {
		footerY = y
	}
	out := make([]pageText, len(doc.Pages))
	for n, pg := range doc.Pages {
		var above, below []page.Text
		for _, t := range pg.Texts {
			if t.Y < footerY {
				above = append(above, t)
			} else {
				below = append(below, t)
			}
		}
		p := &out[n]
		p.body = baselines(n, above)
		if n > 0 && len(p.body) > 0 {
			next := footerY
			if len(p.body) > 1 {
				next = p.body[1].y
			}
			for _, r := range pg.Rules {
				if y := min(r.Y1, r.Y2); y > p.body[0].y && y < next {
					p.head, p.body = p.body[0], p.body[1:]
					break
				}
			}
		}
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

// lowestRule returns the lowest rule's height on any page, among the rules
// in the lower half of the page: a page that lost its footer must not make
// the title block's rule, or the running head's, pass for the footer's.
func lowestRule(doc *page.Document) (page.Unit, bool) {
	var y page.Unit
	found := false
	for _, pg := range doc.Pages {
		for _, r := range pg.Rules {
			if ry := min(r.Y1, r.Y2); ry > doc.Height/2 && (!found || ry > y) {
				y, found = ry, true
			}
		}
	}
	return y, found
}

// baselines groups runs into lines by baseline, top to bottom, each line's
// runs left to right.
func baselines(pg int, texts []page.Text) []*line {
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
	for _, l := range out {
		l.runs = pieces(l.runs)
		slices.SortStableFunc(l.runs, func(a, b page.Text) int { return cmp.Compare(a.X, b.X) })
		parts := make([]string, len(l.runs))
		for i, r := range l.runs {
			parts[i] = r.S
		}
		l.text = strings.Join(parts, " ")
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
