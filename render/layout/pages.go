package layout

import (
	"context"
	"strings"

	"pdfexport/render/page"
)

// vitem is one element of the vertical list: a line of text or a space. Its
// texts, rules and links are positioned relative to its top.
type vitem struct {
	height      page.Unit
	space       bool      // discarded at the top of a page
	breakBefore bool      // a page may begin with this item
	fallback    breakRank // where a page may begin if it must: see forcedBreak
	bookmark    string
	level       int // of the bookmark: 0 the top
	keepLines   int // lines of what follows kept on this line's page (a heading's)
	// A line of text: its baseline from its top, and how far its ink
	// reaches above and below the baseline.
	baseline, ascent, descent page.Unit
	// skip is the part of height that keeps the next line's ink clear of
	// this one's (lineskip): not needed where the page ends after it.
	skip page.Unit
	// A space that brings what follows back onto the grid, after at least
	// gridMin: its height is found where it lands on a page (see paginate).
	toGrid  bool
	gridMin page.Unit
	texts   []page.Text
	rules   []page.Rule
	links   []page.Link
	images  []page.Image
	rects   []page.Rect
	// The first item of a float (see doc.Block.Float), which runs to the
	// next item a page may begin with, with the spaces after it.
	floatStart bool
	moved      bool // a float already moved, or found where it falls
	// A table's body row: the table's header rows, set above it when a
	// page begins with it.
	head []vitem
	// The lines of the footnotes first referenced on this line, set at the
	// foot of its page.
	notes []vitem
	// A row of a table set in landscape, on pages of its own (see
	// splitLandscape), and, on the item before such tables, the indices
	// of their rows among the inserts (several when nothing but white
	// space comes between them).
	landscape bool
	inserts   []int
}

// place draws v onto pg with its top at y.
func (v *vitem) place(pg *page.Page, y page.Unit) {
	for _, t := range v.texts {
		t.Y += y
		pg.Texts = append(pg.Texts, t)
	}
	for _, r := range v.rules {
		r.Y1 += y
		r.Y2 += y
		pg.Rules = append(pg.Rules, r)
	}
	for _, l := range v.links {
		l.Y += y
		pg.Links = append(pg.Links, l)
	}
	for _, im := range v.images {
		im.Y += y
		pg.Images = append(pg.Images, im)
	}
	for _, r := range v.rects {
		r.Y += y
		pg.Rects = append(pg.Rects, r)
	}
}

// paginate fills pages of the given body height with the vertical list. Each
// page takes as many items as fit, then backs up to the last item a page may
// begin with, which is how widows, orphans and the unsplittable title block
// are honoured. Spaces at the top of a page are dropped.
//
// An item taller than a page, or a run of items with no legal break that is
// taller than a page (a title block with a very long standfirst at a large
// scale, a paragraph of tokens broken at every line end, a stack of
// headings), must be split somewhere. It is split on the page where it
// starts, not moved whole to the next page first (which left a page holding
// only the title), unless fewer than two of its lines would be on that page
// or the only split would leave a widow or an orphan; the split breaks as
// few rules as it can (see forcedBreak) and leaves at least two lines to
// the next page (not a lone line, nor a lone rule on an otherwise empty
// page). No page is ever empty.
//
// A toGrid space takes the height that brings what follows it back onto
// the grid, counted from the top of the page it lands on (the page's items
// come first in flow, so when a page is chosen its spaces' heights are the
// ones fit set last).
//
// forced lists the pages (from 1) after which the break was such a split.
// It stops with ctx's error when ctx is done.
func paginate(ctx context.Context, flow []vitem, bodyHeight, grid page.Unit) (pages [][]vitem, forced []int, err error) {
	// fit sets the toGrid spaces of flow[i:] for a page beginning at i,
	// returning the height of the items of flow[i:] that fit on the page
	// and where they end.
	fit := func(i int) (int, page.Unit) {
		j, h := i, headHeight(flow[i:])
		var notes page.Unit // the page's footnotes, with the space over them
		for j < len(flow) {
			if v := &flow[j]; v.toGrid {
				v.height = v.gridMin
				if grid > 0 {
					v.height += (grid - (h+v.gridMin)%grid) % grid
				}
			}
			n := notesHeight(&flow[j], notes == 0)
			if h+notes+n+flow[j].height-flow[j].skip > bodyHeight {
				break
			}
			h += flow[j].height
			notes += n
			j++
		}
		return j, h
	}
	i := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		for i < len(flow) && flow[i].space {
			i++
		}
		if i == len(flow) {
			break
		}
		j, _ := fit(i)
		if j < len(flow) {
			k := j
			for k > i && !flow[k].breakBefore {
				k--
			}
			switch {
			case j == i:
				j = i + 1 // one item taller than the page
			case k > i && (runHeight(flow, k, grid) <= bodyHeight || textLines(flow[k:j]) < 2):
				// The run after k fits a page, or so little of it would be
				// on this one that it is better begun on the next.
				j = k
			case k < j: // (k == j: a legal break where the page is full)
				if f, rank := forcedBreak(flow, max(i, k), j); rank > anyRule || k == i {
					j = f
				} else {
					j = k // better the run begun on the next page than a widow or an orphan
				}
			}
		}
		pages = append(pages, flow[i:j])
		if j < len(flow) && !flow[j].breakBefore {
			forced = append(forced, len(pages))
		}
		i = j
	}
	if len(pages) == 0 {
		pages = append(pages, nil) // an article with nothing to draw still has a page
	}
	return pages, forced, nil
}

// runHeight is the height of the run of items from k to the next place a
// page may begin, spaces at its top dropped as a page's are.
func runHeight(flow []vitem, k int, grid page.Unit) page.Unit {
	for k < len(flow) && flow[k].space {
		k++
	}
	h, skip := headHeight(flow[k:]), page.Unit(0)
	for m := k; m < len(flow) && (m == k || !flow[m].breakBefore); m++ {
		v := flow[m]
		if v.toGrid { // as fit would set it, the run beginning a page
			v.height = v.gridMin
			if grid > 0 {
				v.height += (grid - (h+v.gridMin)%grid) % grid
			}
		}
		h, skip = h+v.height, v.skip
	}
	return h - skip // the last line's skip is not needed where the run ends
}

// noteGap is the white space over a page's footnotes, its rule in the
// middle.
const noteGap = 8 * page.Pt

// notesHeight is the height v's footnotes add to its page, with the space
// over them when they are the page's first.
func notesHeight(v *vitem, first bool) page.Unit {
	var h page.Unit
	for _, n := range v.notes {
		h += n.height
	}
	if h > 0 && first {
		h += noteGap
	}
	return h
}

// pageHead is the table header rows set above a page beginning with items
// (spaces at its top dropped): those of a table's body row that begins it.
func pageHead(items []vitem) []vitem {
	for i := range items {
		if !items[i].space {
			return items[i].head
		}
	}
	return nil
}

// headHeight is the height of pageHead(items).
func headHeight(items []vitem) page.Unit {
	var h page.Unit
	for _, v := range pageHead(items) {
		h += v.height
	}
	return h
}

// breakRank says which rules a page break before an item would break, when
// no break that keeps them all is to be had (a run of lines taller than a
// page): none but the keep rules (a heading with the lines after it, the
// title block whole), or also the rule against splitting a word across
// pages (the widow and orphan rules still hold), or more.
type breakRank uint8

const (
	anyRule       breakRank = iota // a widow or an orphan, or inside a heading's own lines
	wordRule                       // a word split across pages
	keepRulesOnly                  // a heading or the title block parted from what follows
)

// forcedBreak chooses where to split a run that has no legal break after i
// on a page that holds flow[:j]: at the last item whose break breaks the
// fewest rules (in a stack of headings taller than a page, a heading is
// left at the page's foot rather than a line of one alone at the top of the
// next; a paragraph whose every line ends inside a word is split between
// lines that leave two on each side); else at j, unless that sends fewer
// than two lines of text on to the next page while this one would keep two
// or more. It returns the rank of the break it chose.
func forcedBreak(flow []vitem, i, j int) (int, breakRank) {
	for _, rank := range []breakRank{keepRulesOnly, wordRule} {
		for k := j; k > i+1; k-- {
			if flow[k].fallback >= rank {
				return k, rank
			}
		}
	}
	end := j // the end of the run that goes on
	for end < len(flow) && !flow[end].breakBefore {
		end++
	}
	for j-1 > i && textLines(flow[j:end]) < 2 && textLines(flow[i:j-1]) >= 2 {
		j--
	}
	return j, anyRule
}

func textLines(items []vitem) int {
	n := 0
	for _, v := range items {
		if len(v.texts) > 0 {
			n++
		}
	}
	return n
}

// footerLines breaks the footer's text into lines, leaving room on the
// last line for the widest page label this layout could print.
func (l *layouter) footerLines() []vitem {
	f := &l.d.Footer
	st := l.style(f.Style)
	if f.Text == "" {
		return []vitem{{height: st.leading}}
	}
	var reserve page.Unit
	if f.Label != nil {
		reserve = l.sh.width(st, f.Label(9999, 9999)) + st.size*2
	}
	o := paragraphOpts{ragged: true, display: true, measure: l.geo.measure - reserve}
	l.tag.begin(0, nil) // furniture is an artifact
	return l.lines(plain(f.Text, st), st, o, 0)
}

// footerTop is the top of a footer of n lines, whose last baseline sits at
// geometry.footerBaseline.
func (l *layouter) footerTop(n int) page.Unit {
	st := l.style(l.d.Footer.Style)
	return l.geo.footerBaseline - page.Unit(n-1)*st.leading - st.baseline()
}

// drawFooter composes the footer of page n of total: a rule, the footer's
// lines, and the page label flush right on the last line.
func (l *layouter) drawFooter(pg *page.Page, lines []vitem, n, total int) {
	f := &l.d.Footer
	st := l.style(f.Style)
	top := l.footerTop(len(lines))
	ruleY := top - pts(4)
	if len(lines) > 0 && len(lines[0].texts) > 0 {
		if ink := top + lines[0].baseline - lines[0].ascent; ink < ruleY {
			ruleY = ink - lineSkip // clear of tall ink
		}
	}
	pg.Rules = append(pg.Rules, page.Rule{X1: l.geo.left, Y1: ruleY, X2: l.geo.left + l.geo.measure, Y2: ruleY, Width: f.Rule.Width, Color: f.Rule.Color})
	y := top
	from := len(pg.Texts)
	defer furniture(pg, from, page.Footer)
	for i := range lines {
		lines[i].place(pg, y)
		y += st.leading
	}
	if f.Label == nil {
		return
	}
	runs := l.sh.line(st, f.Label(n, total), false)
	var w page.Unit
	for _, r := range runs {
		w += r.width
	}
	pg.Texts = append(pg.Texts, drawRuns(runs, l.geo.left+l.geo.measure-w, l.geo.footerBaseline, false)...)
}

// furniture marks the page's texts from index from on as its furniture.
func furniture(pg *page.Page, from int, kind page.Furniture) {
	for i := range pg.Texts[from:] {
		pg.Texts[from+i].Furniture = kind
	}
}

// runningHead sets the running head's prefix and title for the top of every
// page after the first, the title shortened word by word (or, without
// spaces, character by character) with an ellipsis to fit the measure. It
// is laid out once, as a line, so fallback faces and right-to-left titles
// work as in the body.
func (l *layouter) runningHead() vitem {
	h := &l.d.Head
	st := l.style(h.Style)
	prefix, title := h.Prefix, h.Title
	fits := func(s string) bool { return l.sh.width(st, s) <= l.geo.measure }
	head := prefix + title
	if !fits(head) {
		head = ""
		words := strings.Fields(title)
		for n := len(words) - 1; n > 0 && head == ""; n-- {
			if s := prefix + strings.Join(words[:n], " ") + "…"; fits(s) {
				head = s
			}
		}
		if head == "" { // one long word, or a title without spaces
			rs := []rune(prefix + title)
			for len(rs) > 1 && !fits(string(rs)+"…") {
				rs = rs[:len(rs)-1]
			}
			head = string(rs) + "…"
		}
	}
	l.tag.begin(0, nil) // furniture is an artifact
	lines := l.lines(plain(head, st), st, paragraphOpts{ragged: true, display: true, measure: l.geo.measure}, 0)
	v := lines[0]
	// The rule under it, a line's leading below its top, or lower where
	// the title's ink reaches further (a Tibetan or Myanmar title at the
	// largest scale).
	y := st.leading
	if ink := v.baseline + v.descent; ink > y {
		y = ink + lineSkip
	}
	v.rules = []page.Rule{{X1: l.geo.left, Y1: y, X2: l.geo.left + l.geo.measure, Y2: y, Width: h.Rule.Width, Color: h.Rule.Color}}
	return v
}

// drawRunningHead places the running head above the body.
func (l *layouter) drawRunningHead(pg *page.Page, head *vitem) {
	from := len(pg.Texts)
	head.place(pg, l.geo.headBaseline-l.style(l.d.Head.Style).baseline())
	furniture(pg, from, page.Header)
}

// keepWith forbids a page break after a line that keeps lines with it (a
// heading's) until that many lines of what follows have passed, across block
// boundaries, so a page never ends with a heading or with a heading and a
// single line.
func keepWith(flow []vitem) {
	for i := 0; i < len(flow); i++ {
		if flow[i].keepLines == 0 {
			continue
		}
		j, left := i+1, flow[i].keepLines
		for ; j < len(flow) && left > 0; j++ {
			flow[j].breakBefore = false
			if flow[j].keepLines > 0 {
				break // another heading ("Part 2", then "Chapter 2.1"): kept with this one, it keeps its own lines
			}
			if !flow[j].space {
				left--
			}
		}
	}
}
