package layout

import (
	"strings"
	"unicode"

	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// A table is set as a browser's automatic table layout sets it (CSS 2.1,
// 17.5.2.2, simplified): each column has a least width, its widest word,
// and a natural width, its longest cell unbroken; a cell spanning columns
// widens them evenly when they are too narrow for it. The columns get
// their natural widths when those fit the measure, stretched to fill it;
// else the room between least and natural widths is shared in proportion;
// else the table is set smaller, down to MinShrink, and what is still too
// wide has columns narrower than their longest words.
//
// Each row is one vertical item (the cells that span rows are drawn in the
// first and keep their rows together; a row taller than a page is cut into
// bands), and every body row carries a copy of the header rows, which
// paginate sets at the top of a page that begins inside the table.

// placedCell is a cell at its place in the table's grid.
type placedCell struct {
	cell         *doc.TableCell
	row, col     int
	rows, cols   int
	least, ideal page.Unit // widths, with padding
	spans        []span
	style        *style
	x, w         page.Unit
	lines        []vitem
	height       page.Unit
}

// table sets a table block as rows of vertical items, its caption first:
// on the measure when its columns fit it at MinShrink or more of its size,
// else in landscape (see landscape.go).
func (l *layouter) table(b *doc.Block) []vitem {
	missing := l.sh.missing // a first setting that is thrown away counts nothing
	rows, fits := l.setTable(b, l.geo.measure-b.Start-b.End, l.geo.bottom-l.geo.top)
	if !fits && l.d.Paper.Height > l.d.Paper.Width {
		l.sh.missing = missing
		g := l.landscape()
		rows, _ = l.setTable(b, g.measure-b.Start-b.End, g.bottom-g.top)
		for i := range rows {
			rows[i].landscape = true
		}
	}
	for _, v := range rows {
		l.spend(v.height)
	}
	return rows
}

// setTable sets a table in a measure of avail on pages whose body is body
// tall, and says whether its columns fit at MinShrink or more of its size.
func (l *layouter) setTable(b *doc.Block, avail, body page.Unit) (rows []vitem, fits bool) {
	t := b.Table
	cells, nrows, ncols := grid(t)
	if len(cells) == 0 {
		return nil, true
	}
	pad := t.Pad
	shrink := 1.0
	least, ideal := l.measureColumns(cells, ncols, pad, 1)
	if sum(least) > avail && t.MinShrink > 0 && t.MinShrink < 1 {
		// Text shrinks with its size, padding does not.
		text := sum(least) - page.Unit(ncols)*2*pad
		shrink = max(float64(avail-page.Unit(ncols)*2*pad)/float64(max(text, 1)), t.MinShrink)
		least, ideal = l.measureColumns(cells, ncols, pad, shrink)
	}
	fits = sum(least) <= avail
	widths := columnWidths(least, ideal, avail)
	x0 := l.geo.left + b.Start
	xs := make([]page.Unit, ncols+1)
	xs[0] = x0
	for i, w := range widths {
		xs[i+1] = xs[i] + w
	}
	// Set each cell's text in its width.
	heights := make([]page.Unit, nrows)
	for i := range cells {
		c := &cells[i]
		c.x, c.w = xs[c.col], xs[c.col+c.cols]-xs[c.col]
		o := paragraphOpts{ragged: true, display: true, measure: max(c.w-2*pad, pad)}
		if len(c.spans) > 0 {
			l.tag.begin(c.cell.Elem, c.cell.Spans)
			c.lines = l.lines(c.spans, c.style, o, c.x-l.geo.left+pad)
		}
		c.height = 2 * pad
		for _, v := range c.lines {
			c.height += v.height
		}
		if c.rows == 1 {
			heights[c.row] = max(heights[c.row], c.height)
		}
	}
	for _, c := range cells { // a cell spanning rows deepens its last
		if c.rows > 1 {
			var h page.Unit
			for r := c.row; r < c.row+c.rows; r++ {
				h += heights[r]
			}
			if c.height > h {
				heights[c.row+c.rows-1] += c.height - h
			}
		}
	}
	// Header rows are repeated on every page the table goes on to, unless
	// they take more than half the body: then they are set once,
	// like body rows (and cut like them when taller than a page).
	headRows := t.HeadRows
	var headH page.Unit
	for r := range min(headRows, nrows) {
		headH += heights[r]
	}
	if headH > body/2 {
		headRows = 0
	}
	// A row is kept with the next while a cell spans them.
	joined := make([]bool, nrows) // row r is kept with row r-1
	for _, c := range cells {
		for r := c.row + 1; r < c.row+c.rows; r++ {
			joined[r] = true
		}
	}
	rows = make([]vitem, nrows)
	right := xs[ncols]
	for r := range rows {
		rows[r] = vitem{height: heights[r], breakBefore: !joined[r] && (r != headRows || r == 0), fallback: keepRulesOnly}
		if r < headRows && r > 0 {
			rows[r].breakBefore = false
		}
	}
	rule := func(y, x1, x2, width page.Unit) page.Rule {
		return page.Rule{X1: x1, Y1: y, X2: x2, Y2: y, Width: width, Color: t.Rule.Color}
	}
	// A body row taller than a page (long cells in narrow columns) is
	// cut into bands at its cells' line ends, so that it never runs off
	// the page; a row a cell spans into or out of is not.
	limit := body
	for r := range min(headRows, nrows) {
		limit -= heights[r]
	}
	tall := make([]bool, nrows)
	for r := headRows; r < nrows; r++ {
		tall[r] = heights[r] > limit && !joined[r] && (r+1 == nrows || !joined[r+1]) && limit > 4*pad
	}
	for _, c := range cells {
		if tall[c.row] {
			continue // see bands
		}
		v := &rows[c.row]
		y := pad
		for _, ln := range c.lines {
			v.merge(&ln, y)
			y += ln.height
		}
		// The rule under the cell, at the foot of the last row it spans.
		last := c.row + c.rows - 1
		width := t.Rule.Width
		if last == t.HeadRows-1 {
			width *= 2
		}
		rows[last].rules = append(rows[last].rules, rule(heights[last], c.x, c.x+c.w, width))
	}
	if t.HeadRows > 0 {
		rows[0].rules = append(rows[0].rules, rule(0, x0, right, t.Rule.Width*2))
	} else {
		rows[0].rules = append(rows[0].rules, rule(0, x0, right, t.Rule.Width))
	}
	for r := nrows - 1; r >= headRows; r-- {
		if tall[r] {
			var row []placedCell
			for _, c := range cells {
				if c.row == r {
					row = append(row, c)
				}
			}
			// Bands of a sixth of a page: the page the row begins on
			// is filled, and a page break falls between lines.
			b := bands(row, limit/6, pad, rows[r], func(c placedCell, y page.Unit) page.Rule {
				return rule(y, c.x, c.x+c.w, t.Rule.Width)
			})
			rows = append(rows[:r], append(b, rows[r+1:]...)...)
		}
	}
	if headRows > 0 && headRows < len(rows) {
		head := make([]vitem, headRows)
		copy(head, rows[:headRows])
		for i := range head {
			head[i].breakBefore, head[i].space = false, false
		}
		for r := headRows; r < len(rows); r++ {
			rows[r].head = head
		}
	}
	if len(t.Caption) > 0 {
		// Above the table, kept with its first rows.
		st := l.style(t.CaptionStyle)
		sp := make([]span, len(t.Caption))
		for i, c := range t.Caption {
			sp[i] = span{text: c.Text, style: l.style(c.Style), link: c.Link, lang: spanLang(c.Lang)}
		}
		l.tag.begin(t.CaptionElem, t.Caption)
		caption := l.lines(sp, st, paragraphOpts{ragged: true, display: true, measure: avail}, b.Start)
		for i := range caption {
			caption[i].breakBefore = i == 0
		}
		caption[len(caption)-1].height += pad
		rows[0].breakBefore = false
		rows = append(caption, rows...)
	}
	return rows, fits
}

// merge draws line ln into v with its top at y: a cell's line into its
// row.
func (v *vitem) merge(ln *vitem, y page.Unit) {
	for _, tx := range ln.texts {
		tx.Y += y
		v.texts = append(v.texts, tx)
	}
	for _, rl := range ln.rules {
		rl.Y1 += y
		rl.Y2 += y
		v.rules = append(v.rules, rl)
	}
	for _, lk := range ln.links {
		lk.Y += y
		v.links = append(v.links, lk)
	}
	v.ascent, v.descent = max(v.ascent, ln.ascent), max(v.descent, ln.descent)
}

// bands cuts a row taller than limit into items no taller than it: each
// cell's lines go into the band where they end within it, the bands as
// tall as their tallest cell's part, the cell's rule under its last band.
// The first band takes proto's place (its page-break rules).
func bands(cells []placedCell, limit, pad page.Unit, proto vitem, cellRule func(placedCell, page.Unit) page.Rule) []vitem {
	var out []vitem
	// parts[i][k]: the lines of cell i in band k.
	parts := make([][][]vitem, len(cells))
	nb := 0
	for i, c := range cells {
		var band []vitem
		h := pad
		for _, ln := range c.lines {
			if len(band) > 0 && h+ln.height+pad > limit {
				parts[i] = append(parts[i], band)
				band, h = nil, pad
			}
			band = append(band, ln)
			h += ln.height
		}
		parts[i] = append(parts[i], band)
		nb = max(nb, len(parts[i]))
	}
	for k := range nb {
		v := vitem{breakBefore: true, fallback: keepRulesOnly}
		if k == 0 {
			v = vitem{breakBefore: proto.breakBefore, fallback: proto.fallback}
		}
		for i := range cells {
			if k >= len(parts[i]) {
				continue
			}
			y := pad
			for _, ln := range parts[i][k] {
				v.merge(&ln, y)
				y += ln.height
			}
			v.height = max(v.height, y+pad)
		}
		out = append(out, v)
	}
	last := &out[len(out)-1]
	for _, c := range cells {
		last.rules = append(last.rules, cellRule(c, last.height))
	}
	return out
}

// grid places a table's cells in rows and columns, as HTML does: each
// cell in the first column its row leaves free, a cell spanning rows
// taking its columns in the rows below. Spans are cut at the table's last
// row.
func grid(t *doc.Table) (cells []placedCell, nrows, ncols int) {
	nrows = len(t.Rows)
	taken := map[[2]int]bool{}
	for r := range t.Rows {
		col := 0
		for i := range t.Rows[r].Cells {
			c := &t.Rows[r].Cells[i]
			for taken[[2]int{r, col}] {
				col++
			}
			cols, rows := max(c.ColSpan, 1), max(c.RowSpan, 1)
			rows = min(rows, nrows-r)
			for dr := 0; dr < rows; dr++ {
				for dc := 0; dc < cols; dc++ {
					taken[[2]int{r + dr, col + dc}] = true
				}
			}
			cells = append(cells, placedCell{cell: c, row: r, col: col, rows: rows, cols: cols})
			col += cols
			ncols = max(ncols, col)
		}
	}
	return cells, nrows, ncols
}

// measureColumns finds each column's least and natural widths, padding
// included, with the text at shrink times its size.
func (l *layouter) measureColumns(cells []placedCell, ncols int, pad page.Unit, shrink float64) (least, ideal []page.Unit) {
	least, ideal = make([]page.Unit, ncols), make([]page.Unit, ncols)
	for i := range cells {
		c := &cells[i]
		l.cellSpans(c, shrink)
		c.least, c.ideal = 2*pad, 2*pad
		var line page.Unit
		for _, sp := range c.spans {
			line += l.sh.width(sp.style, sp.text)
			for _, w := range unbreakable(sp.text) {
				c.least = max(c.least, l.sh.width(sp.style, w)+2*pad)
			}
		}
		c.ideal = max(c.least, line+2*pad)
	}
	for _, c := range cells { // single columns first, then spans widen them
		if c.cols == 1 {
			least[c.col], ideal[c.col] = max(least[c.col], c.least), max(ideal[c.col], c.ideal)
		}
	}
	for _, c := range cells {
		if c.cols > 1 {
			widen(least[c.col:c.col+c.cols], c.least)
			widen(ideal[c.col:c.col+c.cols], c.ideal)
		}
	}
	for i := range ideal {
		ideal[i] = max(ideal[i], least[i])
	}
	return least, ideal
}

// cellSpans gives a cell its spans in the layout's styles, at shrink times
// their size.
func (l *layouter) cellSpans(c *placedCell, shrink float64) {
	scale := func(s doc.Style) doc.Style {
		if shrink != 1 {
			s.Size = page.Unit(float64(s.Size) * shrink)
			s.Leading = page.Unit(float64(s.Leading) * shrink)
			s.Rise = page.Unit(float64(s.Rise) * shrink)
		}
		return s
	}
	c.style = l.style(scale(c.cell.Style))
	c.spans = c.spans[:0]
	for _, s := range c.cell.Spans {
		if strings.TrimSpace(s.Text) == "" && len(c.cell.Spans) == 1 {
			continue
		}
		c.spans = append(c.spans, span{text: s.Text, style: l.style(scale(s.Style)), link: s.Link, lang: spanLang(s.Lang)})
	}
}

// widen makes cols together at least w wide, sharing what is missing
// evenly.
func widen(cols []page.Unit, w page.Unit) {
	if short := w - sum(cols); short > 0 {
		each := short / page.Unit(len(cols))
		for i := range cols {
			cols[i] += each
		}
		cols[len(cols)-1] += short - each*page.Unit(len(cols))
	}
}

// columnWidths shares avail between columns of the given least and
// natural widths.
func columnWidths(least, ideal []page.Unit, avail page.Unit) []page.Unit {
	out := make([]page.Unit, len(least))
	sl, si := sum(least), sum(ideal)
	switch {
	case si <= avail && si > 0:
		// Natural widths, the rest shared in proportion to them.
		for i := range out {
			out[i] = ideal[i] + page.Unit(int64(avail-si)*int64(ideal[i])/int64(si))
		}
	case sl <= avail:
		for i := range out {
			out[i] = least[i] + page.Unit(int64(avail-sl)*int64(ideal[i]-least[i])/int64(max(si-sl, 1)))
		}
	default:
		// Too wide even at the least widths: every column keeps up to an
		// even share (a column of long text, whose least width is one
		// short word, would otherwise be squeezed to a word a line), and
		// the rest is shared in proportion to what the columns lack.
		even := avail / page.Unit(len(out))
		var given, short page.Unit
		for i := range out {
			out[i] = min(ideal[i], even)
			given += out[i]
			short += max(least[i]-out[i], 0)
		}
		for i := range out {
			if short > 0 {
				out[i] += page.Unit(int64(avail-given) * int64(max(least[i]-out[i], 0)) / int64(short))
			}
		}
	}
	// Rounding: the last column takes what is left.
	out[len(out)-1] += avail - sum(out)
	return out
}

func sum(us []page.Unit) page.Unit {
	var s page.Unit
	for _, u := range us {
		s += u
	}
	return s
}

// unbreakable lists the pieces of text a line cannot break inside, near
// enough for a column's least width: words between spaces, and each
// character of the scripts written without spaces between words that
// break between any two characters (Han, kana, Hangul).
func unbreakable(text string) []string {
	var out []string
	for _, w := range strings.Fields(text) {
		if !strings.ContainsFunc(w, wide) {
			out = append(out, w)
			continue
		}
		for _, r := range w {
			out = append(out, string(r))
		}
	}
	return out
}

func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
