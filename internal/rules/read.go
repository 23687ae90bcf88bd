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
//   - a table's header rows, read again (a side cursor over copies of
//     them) at the top of each page the table continues on.
type reader struct {
	c       *checker
	units   []*unit
	main    cursor
	side    *cursor // a float read out of its place, or a repeated header
	sideTbl *table  // the table whose header side reads
	pending []*figure
	// The page of the last line of the main cursor's: where the text
	// before a figure not found in its place ends.
	lastMain int
	lines    []*line // assigned, in reading order
	copies   []*unit // the repeated header cells
}

// read assigns ln its unit, or reports a Text violation and returns false.
func (r *reader) read(ln *line) bool {
	if r.side != nil {
		if r.next(r.side, ln, false) {
			return true
		}
		if u := r.side.missing(); u != nil {
			if r.sideTbl == nil {
				r.c.add(Text, ln.page, ln.text, "the line does not match %s, which goes on %q", u.name(), u.rest(r.side.at(u)))
				return false
			}
			r.c.add(TableHeader, ln.page, ln.text, "the header rows of table %d are repeated only in part: %s is not", r.sideTbl.block+1, u.name())
		}
		r.side, r.sideTbl = nil, nil
	}
	if t := r.continuing(ln); t != nil {
		copies := t.copyHead()
		k := &cursor{units: copies, hi: len(copies)}
		if r.next(k, ln, false) {
			r.side, r.sideTbl = k, t
			r.copies = append(r.copies, copies...)
			r.c.report.HeaderRepeats++
			return true
		}
	}
	if r.next(&r.main, ln, true) {
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

// next reads ln at k: as the rest of the unit being read, or as the start
// of the next unit, or of a later one past optional units (pictures that
// are boxed instead, or boxes for pictures that are drawn). On the main
// cursor a figure not found where it stands becomes pending.
func (r *reader) next(k *cursor, ln *line, main bool) bool {
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
		to := v + 1
		if f != nil {
			to = min(f.end, k.hi) // a figure's units, past optional ones
		}
		if r.start(k, v, to, ln, main) {
			if atStart {
				r.inOrder(f, ln)
				f.state = figInPlace
			}
			return true
		}
		if atStart {
			f.state, f.place = figPending, r.lastMain
			r.pending = append(r.pending, f)
			v = f.end
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

// continuing returns the table whose header rows should come next: the
// main cursor is between two cells of a table with header rows, the next a
// body cell, and ln is on a later page than the table's last line.
func (r *reader) continuing(ln *line) *table {
	if r.main.inside() {
		return nil
	}
	v := r.main.next()
	if v >= len(r.units) {
		return nil
	}
	u := r.units[v]
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
	if r.side != nil {
		if u := r.side.missing(); u != nil {
			if r.sideTbl == nil {
				r.c.add(Text, last, u.rest(r.side.at(u)), "the article's text from here on is not on the pages")
				return false
			}
			r.c.add(TableHeader, last, "", "the header rows of table %d are repeated only in part: %s is not", r.sideTbl.block+1, u.name())
		}
	}
	if u := r.main.missing(); u != nil {
		r.c.add(Text, last, u.rest(r.main.at(u)), "the article's text from here on is not on the pages")
		return false
	}
	return true
}
