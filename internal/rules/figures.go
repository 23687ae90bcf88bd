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
		if f.state == figMoved && first.page > f.place+1 {
			c.add(FloatDistance, first.page, first.text, "%s is on page %d, but the text before it ends on page %d: a figure waits a page at most", f.name(), first.page+1, f.place+1)
		}
	}
}

// checkHalfEmpty reports the pages, but for the last, whose content ends
// above the middle of the body: from the top of the highest body content
// on any page to the footer's rule. A page is left that empty only when
// what follows could not be set on it (a figure too tall, an unsplittable
// run of lines), which is what floats and the page-break rules must avoid.
// The violation says what the next page begins with (once the lines are
// read), so that a reader can tell which.
func (c *checker) checkHalfEmpty(pages []pageText, footerY page.Unit) {
	var top page.Unit
	found := false
	for _, p := range pages {
		if !p.empty && (!found || p.top < top) {
			top, found = p.top, true
		}
	}
	if !found || len(pages) < 2 {
		return
	}
	half := top + (footerY-top)/2
	var low page.Unit // the lowest content on any page
	for _, p := range pages {
		low = max(low, p.bottom)
	}
	for n, p := range pages[:len(pages)-1] {
		if p.empty || p.bottom >= half {
			continue // an empty page is EmptyPage's
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
			(p.bottom - top).Points(), (half - top).Points(), n+2, what)
		// What is left of the page, down to the lowest content of any page
		// (the body ends a grid line or so above the footer's rule), and
		// what the next page's unbroken run needs there (the page model
		// does not draw white space, so this is near enough, and errs a
		// line towards the run).
		if k, need := unbroken(pages[n+1].body, strings.HasPrefix(what, "goes on")); k > 1 && need > low-p.bottom {
			detail += fmt.Sprintf(": its first %d lines, which no page may end between, need about %.0f pt, and %.0f pt are left", k, need.Points(), (low - p.bottom).Points())
		}
		c.add(HalfEmpty, n, snippet, "%s", detail)
	}
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
