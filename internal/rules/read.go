package rules

import (
	"slices"
)

// cursor is a place in a list of units: the unit being read, and how much
// of its text the lines so far held.
type cursor struct {
	units []*unit
	u     int  // the unit being read, or the next to read
	hi    int  // the end of the units this cursor may read
	pos   int  // atoms of units[u] read
	begun bool // units[u] has lines
	main  bool // the article's order, which passes figures by
}

// inside reports whether the unit being read has text left.
func (k *cursor) inside() bool {
	return k.begun && k.u < k.hi && k.pos < len(k.units[k.u].atoms)
}

// next is the first unit not yet begun.
func (k *cursor) next() int {
	if k.begun {
		return k.u + 1
	}
	return k.u
}

// reader walks the body's lines in reading order and gives each its unit.
// The article's units are read in order (the main cursor), but for
//   - figures, which float: a figure not found where it stands in the text
//     is pending, and is read where it is found later (a side cursor);
//   - tables set with the paper turned, which stand on pages of their own
//     after the page where the text before them ends: a table not found
//     where it stands is pending too, and is read where it is found (a
//     side cursor), which must be a turned page;
//   - a table's header rows, read again (the head cursor, over copies of
//     them) at the top of each page the table continues on, whichever
//     cursor reads the table.
type reader struct {
	c        *checker
	units    []*unit
	main     cursor
	side     *cursor // a float or a turned table read out of its place
	head     *cursor // a repeated header
	headTbl  *table  // the table whose header head reads
	pending  []*figure
	pendingT []*table
	// The page of the last line of the main cursor's: where the text
	// before a figure not found in its place ends.
	lastMain int
	lines    []*line // assigned, in reading order
	copies   []*unit // the repeated header cells
}

// read assigns ln its unit, or reports a Text violation and returns false.
func (r *reader) read(ln *line) bool {
	if r.head != nil {
		if r.next(r.head, ln, false) {
			return true
		}
		if u := r.head.missing(); u != nil {
			r.c.add(TableHeader, ln.page, ln.text, "the header rows of %s are repeated only in part: %s is not", r.headTbl.name(), u.name())
		}
		r.head, r.headTbl = nil, nil
	}
	if r.side != nil {
		if r.repeat(r.side, ln) || r.next(r.side, ln, false) {
			return true
		}
		if u := r.side.missing(); u != nil {
			r.c.add(Text, ln.page, ln.text, "the line does not match %s, which goes on %q", u.name(), u.rest(r.side.at(u)))
			return false
		}
		r.side = nil
	}
	if r.repeat(&r.main, ln) || r.next(&r.main, ln, true) {
		return true
	}
	// A figure found after its place: the first pending one, or another
	// out of order.
	for i, f := range r.pending {
		k := &cursor{units: r.units, u: f.start, hi: f.end}
		if !r.next(k, ln, false) {
			continue
		}
		r.pending = slices.Delete(r.pending, i, i+1)
		r.inOrder(f, ln)
		f.state = figMoved
		r.c.report.FloatsMoved++
		r.side = k
		return true
	}
	// A table found after its place: on a turned page, after the page
	// where the text before it ends and the turned pages that follow it.
	for i, t := range r.pendingT {
		k := &cursor{units: r.units, u: t.start, hi: t.end}
		if !r.next(k, ln, false) {
			continue
		}
		r.pendingT = slices.Delete(r.pendingT, i, i+1)
		t.state = figMoved
		r.side = k
		switch {
		case !r.c.isTurned(ln.page):
			r.c.add(Text, ln.page, ln.text, "%s is set after its place in the text (page %d), on a page not turned: only a table set with the paper turned stands apart from the text", t.name(), t.place+1)
		case r.c.portraitBetween(t.place, ln.page) > 0:
			r.c.add(FloatDistance, ln.page, ln.text, "%s begins on page %d, but the text before it ends on page %d: a turned table follows that page", t.name(), ln.page+1, t.place+1)
		}
		return true
	}
	// A figure before its place.
	for _, f := range r.c.figures {
		if !f.float || f.state != figAhead || f.start < r.main.next() {
			continue
		}
		k := &cursor{units: r.units, u: f.start, hi: f.end}
		if r.next(k, ln, false) {
			r.c.add(FloatOrder, ln.page, ln.text, "%s is set before its place in the text", f.name())
			f.state = figEarly
			r.side = k
			return true
		}
	}
	r.mismatch(ln)
	return false
}

// repeat reads ln as the start of a repetition of the header rows of the
// table k is reading, when the table goes on on ln's page.
func (r *reader) repeat(k *cursor, ln *line) bool {
	t := r.continuing(k, ln)
	if t == nil {
		return false
	}
	copies := t.copyHead()
	h := &cursor{units: copies, hi: len(copies)}
	if !r.next(h, ln, false) {
		return false
	}
	r.head, r.headTbl = h, t
	r.copies = append(r.copies, copies...)
	r.c.report.HeaderRepeats++
	return true
}

// next reads ln at k: as the rest of the unit being read, or as the start
// of the next unit, or of a later one past optional units (pictures that
// are boxed instead, or boxes for pictures that are drawn). On the main
// cursor a figure or a table not found where it stands becomes pending.
func (r *reader) next(k *cursor, ln *line, main bool) (found bool) {
	// What the line passed by is pending only if it is read.
	nf, nt := len(r.pending), len(r.pendingT)
	defer func() {
		if found {
			return
		}
		for _, f := range r.pending[nf:] {
			f.state, f.place = figAhead, 0
		}
		for _, t := range r.pendingT[nt:] {
			t.state, t.place = figAhead, 0
		}
		r.pending, r.pendingT = r.pending[:nf], r.pendingT[:nt]
	}()
	if k.inside() {
		u := k.units[k.u]
		if !ln.isText() {
			return false
		}
		end, hyph, ok := u.match(r.c.norm, k.pos, ln)
		if !ok {
			return false
		}
		r.assign(ln, []*unit{u}, end, hyph, main)
		k.pos = end
		return true
	}
	for v := k.next(); v < k.hi; {
		u := k.units[v]
		f := u.fig
		atStart := main && f != nil && f.float && v == f.start
		if atStart && f.state != figAhead {
			v = f.end // read already, or pending
			continue
		}
		t := u.tbl
		tblStart := main && t != nil && v == t.start
		if tblStart && t.state != figAhead {
			v = t.end // read out of its place already, or pending
			continue
		}
		to := v + 1
		if f != nil {
			to = min(f.end, k.hi) // a figure's units, past optional ones
			if v == f.start && f.images > 0 {
				// A figure begins with a picture, drawn or boxed: its
				// caption alone is not it (a paragraph may say what a
				// caption says).
				to = min(f.start+2*f.images, k.hi)
			}
		}
		if r.start(k, v, to, ln, main) {
			if atStart {
				r.inOrder(f, ln)
				f.state = figInPlace
			}
			if tblStart {
				t.state = figInPlace
			}
			return true
		}
		if atStart {
			f.state, f.place = figPending, r.lastMain
			r.pending = append(r.pending, f)
			v = f.end
			continue
		}
		if tblStart {
			t.state, t.place = figPending, r.lastMain
			r.pendingT = append(r.pendingT, t)
			v = t.end
			continue
		}
		for ; v < to; v++ {
			if !k.units[v].optional {
				return false
			}
		}
	}
	return false
}

// inOrder reports f, found at ln, when a figure before it is still to be
// found.
func (r *reader) inOrder(f *figure, ln *line) {
	for _, g := range r.pending {
		if g.start < f.start {
			r.c.add(FloatOrder, ln.page, ln.text, "%s comes before %s, which precedes it in the article", f.name(), g.name())
			return
		}
	}
}

// start reads ln as the start of k.units[from], or of a later unit before
// to past optional ones; a row of pictures takes a picture unit for each.
func (r *reader) start(k *cursor, from, to int, ln *line, main bool) bool {
	if !ln.isText() {
		var took []*unit
		v := from
		for _, im := range ln.images {
			for v < to && !(k.units[v].kind == picture && k.units[v].alt == im.Alt && len(k.units[v].lines) == 0) {
				if !k.units[v].optional {
					return false
				}
				v++
			}
			if v == to {
				return false
			}
			took = append(took, k.units[v])
			v++
		}
		r.assign(ln, took, 0, false, main)
		k.u, k.pos, k.begun = v-1, 0, true
		return true
	}
	for v := from; v < to; v++ {
		u := k.units[v]
		if u.kind != picture {
			if end, hyph, ok := u.match(r.c.norm, 0, ln); ok {
				r.assign(ln, []*unit{u}, end, hyph, main)
				k.u, k.pos, k.begun = v, end, true
				return true
			}
		}
		if !u.optional {
			return false
		}
	}
	return false
}

// assign gives ln its units.
func (r *reader) assign(ln *line, us []*unit, end int, hyph, main bool) {
	u := us[0]
	if t := u.tbl; t != nil {
		if u.kind == tableCell && !u.header && len(t.head) > 0 && t.lastPage >= 0 && ln.page > t.lastPage {
			r.c.add(TableHeader, ln.page, ln.text, "table %d continues on this page without its header rows", t.block+1)
		}
		t.lastPage = ln.page
	}
	ln.unit, ln.units, ln.to, ln.hyphenAdded = u, us, end, hyph
	ln.index = len(u.lines)
	for _, v := range us {
		v.lines = append(v.lines, ln)
	}
	if main {
		r.lastMain = ln.page
	}
	r.lines = append(r.lines, ln)
}

// continuing returns the table whose header rows should come next: k is
// between two cells of a table with header rows, the next a body cell,
// and ln is on a later page than the table's last line.
func (r *reader) continuing(k *cursor, ln *line) *table {
	if k.inside() {
		return nil
	}
	v := k.next()
	if v >= k.hi {
		return nil
	}
	u := k.units[v]
	if t := u.tbl; t != nil && u.kind == tableCell && !u.header && len(t.head) > 0 && t.lastPage >= 0 && ln.page > t.lastPage {
		return t
	}
	return nil
}

// missing returns the first unit the cursor has not read that must be on
// the pages, or nil when it has read all it must. On the main cursor,
// figures read elsewhere and pending ones are passed over (the figure
// checks count what they lack).
func (k *cursor) missing() *unit {
	if k.inside() {
		return k.units[k.u]
	}
	for v := k.next(); v < k.hi; v++ {
		u := k.units[v]
		if f := u.fig; k.main && f != nil && f.float && v == f.start && f.state != figAhead && f.state != figInPlace {
			v = f.end - 1
			continue
		}
		if t := u.tbl; k.main && t != nil && v == t.start && t.state != figAhead && t.state != figInPlace {
			v = t.end - 1
			continue
		}
		if !u.optional {
			return u
		}
	}
	return nil
}

// at is how much of u the cursor has read.
func (k *cursor) at(u *unit) int {
	if k.u < k.hi && k.units[k.u] == u && k.begun {
		return k.pos
	}
	return 0
}

// mismatch reports a line that is none of what may come next.
func (r *reader) mismatch(ln *line) {
	k := &r.main
	u := k.missing()
	if u == nil {
		r.c.add(Text, ln.page, ln.text, "a line after the end of the article")
		return
	}
	pos := k.at(u)
	if ln.isText() {
		// The line may start a later block, some text having been lost;
		// say which, if so.
		i := slices.Index(r.units, u)
		for v := i + 1; v < len(r.units) && v <= i+3; v++ {
			if _, _, ok := r.units[v].match(r.c.norm, 0, ln); ok && r.units[v].kind != picture {
				r.c.add(Text, ln.page, ln.text, "the text before this line is missing: %q", u.rest(pos))
				return
			}
		}
	}
	r.c.add(Text, ln.page, ln.text, "the line does not match %s, which goes on %q", u.name(), u.rest(pos))
}

// finish reports the article's text that the pages lack, after the last
// line; it returns false when it did.
func (r *reader) finish(last int) bool {
	if r.head != nil {
		if u := r.head.missing(); u != nil {
			r.c.add(TableHeader, last, "", "the header rows of %s are repeated only in part: %s is not", r.headTbl.name(), u.name())
		}
	}
	if r.side != nil {
		if u := r.side.missing(); u != nil {
			r.c.add(Text, last, u.rest(r.side.at(u)), "the article's text from here on is not on the pages")
			return false
		}
	}
	if u := r.main.missing(); u != nil {
		r.c.add(Text, last, u.rest(r.main.at(u)), "the article's text from here on is not on the pages")
		return false
	}
	for _, t := range r.pendingT {
		u := r.units[t.start]
		r.c.add(Text, min(t.place+1, last), u.rest(0), "%s is not on the pages: the text after it is, but not it", t.name())
		return false
	}
	return true
}
