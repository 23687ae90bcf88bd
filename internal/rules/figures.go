package rules

import (
	"fmt"
	"slices"
	"strings"

	"pdfexport/render/page"
)

// checkFigures checks where each figure was found: all of it on one page
// (FigureSplit), each of its pictures drawn or stood in for (Text), and a
// figure found after its place no more than a page after the page where
// the text before it ends (FloatDistance). Which figures came out of order
// the reader reported as it read (FloatOrder).
func (c *checker) checkFigures(units []*unit, last int) {
	for _, f := range c.figures {
		var items []*line
		drawn, boxed := 0, 0
		for _, u := range units[f.start:f.end] {
			for _, ln := range u.lines {
				if !slices.Contains(items, ln) {
					items = append(items, ln)
				}
			}
			if len(u.lines) > 0 {
				switch u.kind {
				case picture:
					drawn++
				case missingPicture:
					boxed++
				}
			}
		}
		if len(items) == 0 {
			c.add(Text, min(f.place+1, last), "", "%s is not on the pages: none of its pictures, nor its caption", f.name())
			continue
		}
		first, split := items[0], (*line)(nil)
		for _, ln := range items {
			if ln.page < first.page {
				first = ln
			}
			if ln.page != items[0].page && split == nil {
				split = ln
			}
		}
		if drawn+boxed != f.images {
			c.add(Text, first.page, first.text, "%s shows %d of its %d pictures (%d drawn, %d stood in for as unavailable)", f.name(), drawn+boxed, f.images, drawn, boxed)
		}
		if split != nil {
			c.add(FigureSplit, split.page, split.text, "%s is split: it begins on page %d and goes on on page %d", f.name(), items[0].page+1, split.page+1)
		}
		if f.state == figMoved && c.portraitBetween(f.place, first.page) > 0 {
			c.add(FloatDistance, first.page, first.text, "%s is on page %d, but the text before it ends on page %d: a figure waits a page at most (the turned pages of a table set there apart)", f.name(), first.page+1, f.place+1)
		}
	}
}

// checkHalfEmpty reports the pages, but for the last, whose content ends
// above the middle of the body: from the top of the highest body content
// on any page of its orientation to its footer's rule. A page set with the
// paper turned is measured against the bodies of the turned pages, whose
// footer stands higher. The footnotes at the foot of a page are its
// content: a page is full down to them. A page is left that empty only
// when what follows could not be set on it (a figure too tall, an
// unsplittable run of lines), which is what floats and the page-break
// rules must avoid. The last turned page of a table is exempt, as the
// last page is: the turned pages of a table follow each other, the table
// ends on the last of them and the text goes on on a page not turned, so
// the last is the end of its run, short as the table's end leaves it. (The
// page before a table's turned pages is not: the text after the table
// fills it.) The violation says what the next page begins with (once the
// lines are read), so that a reader can tell which.
func (c *checker) checkHalfEmpty(pages []pageText) {
	if len(pages) < 2 {
		return
	}
	// The top of the body and the lowest content, by orientation.
	var top, low [2]page.Unit
	var found [2]bool
	o := func(p pageText) int {
		if p.turned {
			return 1
		}
		return 0
	}
	for _, p := range pages {
		if k := o(p); !p.empty && (!found[k] || p.top < top[k]) {
			top[k], found[k] = p.top, true
		}
		low[o(p)] = max(low[o(p)], p.bottom)
	}
	for n, p := range pages[:len(pages)-1] {
		k := o(p)
		half := top[k] + (p.footerY-top[k])/2
		if p.empty || p.bottom >= half {
			continue // an empty page is EmptyPage's
		}
		if p.turned && endsTurnedRun(p, pages[n+1]) {
			continue
		}
		snippet := "" // the page's lowest line
		var at page.Unit
		for i, ln := range p.body {
			if i == 0 || ln.y > at {
				snippet, at = ln.text, ln.y
			}
		}
		what := follows(pages[n+1], n)
		detail := fmt.Sprintf("the page's content ends %.0f pt below the body's top, above the middle of the body (%.0f pt), and page %d %s",
			(p.bottom - top[k]).Points(), (half - top[k]).Points(), n+2, what)
		// What is left of the page, down to the lowest content of any page
		// (the body ends a grid line or so above the footer's rule), and
		// what the next page's unbroken run needs there (the page model
		// does not draw white space, so this is near enough, and errs a
		// line towards the run), with the footnotes it refers to.
		next := pages[n+1]
		if kk, need := unbroken(next.body, strings.HasPrefix(what, "goes on")); kk > 1 && next.turned == p.turned {
			notes := ""
			if c.refersToNotes(next, next.body[:kk]) {
				need += next.bottom - next.notesTop
				notes = " with the footnotes they refer to"
			}
			if need > low[k]-p.bottom {
				detail += fmt.Sprintf(": its first %d lines%s, which no page may end between, need about %.0f pt, and %.0f pt are left", kk, notes, need.Points(), (low[k] - p.bottom).Points())
			}
		}
		c.add(HalfEmpty, n, snippet, "%s", detail)
	}
}

// endsTurnedRun reports whether p, a turned page, is the last of its
// table's run of turned pages: the next page is not turned, or begins
// another table (two tables set after the same page).
func endsTurnedRun(p, next pageText) bool {
	if !next.turned {
		return true
	}
	if len(p.body) == 0 || len(next.body) == 0 {
		return false
	}
	a, b := p.body[len(p.body)-1].unit, next.body[0].unit
	return a != nil && b != nil && a.tbl != nil && a.tbl != b.tbl
}

// refersToNotes reports whether any of items belongs to a block that
// refers first to a footnote set at the foot of page p.
func (c *checker) refersToNotes(p pageText, items []*line) bool {
	if len(p.notes) == 0 {
		return false
	}
	for _, n := range c.notes {
		for _, ln := range items {
			if ln.unit != nil && ln.unit.block == n.ref {
				return true
			}
		}
	}
	return false
}

// unbroken returns how many of a page's first items (text lines and rows
// of pictures, read) no page may end between by these rules, and the room
// they need at the foot of the page before (see checkHalfEmpty): lines of
// a word split across them, of a block that would keep fewer than
// MinLinesAtBreak on either side, of the title block, of a figure, a
// heading and the lines of its section it keeps. A page that ends above
// the middle before such a run taller than what is left of it could not
// have taken any of it (unless a rule was broken).
func unbroken(items []*line, goesOn bool) (int, page.Unit) {
	if len(items) < 2 || items[0].unit == nil {
		return 0, 0
	}
	pitch := items[1].y - items[0].y // the run's line spacing
	if !items[0].isText() {
		pitch = lineSize(items[1]) * 3 / 2
	}
	// From the line above the first to the last, and a line of white space
	// before a block that begins there.
	need := func(last *line) page.Unit {
		if goesOn {
			return bottom(last) - items[0].y + pitch
		}
		return bottom(last) - items[0].y + 2*pitch
	}
	keep := 0 // lines a heading above still keeps
	for k, ln := range items {
		u := ln.unit
		if u == nil || k+1 == len(items) {
			break
		}
		next := items[k+1].unit
		if ln.isText() && u.kind == heading {
			if ln.isLast() {
				keep = KeepAfterHeading
			}
			continue // never at a page's foot
		}
		if next != nil && next.kind == heading {
			keep = 0 // the section ends
		}
		if keep > 0 {
			keep--
			if keep > 0 {
				continue
			}
		}
		switch {
		case ln.endsInWord(), u.kind == titleField || u.inTitle,
			u.fig != nil && next != nil && next.fig == u.fig,
			next == u && u.kind != picture && (ln.index+1 < MinLinesAtBreak || len(u.lines)-ln.index-1 < MinLinesAtBreak):
			continue
		}
		return k + 1, need(ln)
	}
	return len(items), need(items[len(items)-1])
}

// bottom is where a text line's baseline or a row's pictures end.
func bottom(l *line) page.Unit {
	b := l.y
	for _, im := range l.images {
		b = max(b, im.Y+im.H)
	}
	return b
}

// follows says what a page begins with, as the page before it was left:
// "goes on with paragraph 3" (begun on page n), "begins with heading 4",
// or, before the lines were read, "follows".
func follows(next pageText, n int) string {
	if len(next.body) == 0 || next.body[0].unit == nil {
		return "follows"
	}
	u := next.body[0].unit
	what := u.name()
	if u.fig != nil {
		what = u.fig.name()
	}
	if slices.ContainsFunc(u.lines, func(l *line) bool { return l.page == n }) {
		return "goes on with " + what
	}
	return "begins with " + what
}
