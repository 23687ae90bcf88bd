package layout

import "context"

// Landscape tables. A table too wide for the measure even with its text
// shrunk to doc.Table.MinShrink is set on pages of its own with the paper
// turned, where the measure is the paper's height less the side margins
// (A4: 697 pt where it was 451). The text does not wait for it: the table's
// pages follow the page on which the text before it ends, as a float's
// would, and the text after it fills that page.

// landscape is the geometry of a page with the paper turned: the same
// margins, the body as tall as the footer leaves it, on the grid.
func (l *layouter) landscape() geometry {
	m := l.d.Margins
	g := geometry{
		width: l.d.Paper.Height, height: l.d.Paper.Width,
		left: m.Side, measure: l.d.Paper.Height - 2*m.Side,
		top: m.Top, headBaseline: m.Head, footerBaseline: l.d.Paper.Width - m.Foot,
	}
	portrait := l.geo
	l.geo = g
	body := l.footerTop(len(l.footerLines())) - m.FooterGap - g.top
	l.geo = portrait
	if l.d.Grid > 0 {
		body = body / l.d.Grid * l.d.Grid
	}
	g.bottom = g.top + body
	return g
}

// landscapeFurniture sets the running head and footer for the width of a
// turned page, when the document has one.
func (l *layouter) landscapeFurniture(wide map[int]bool, withHead bool) (head vitem, footer []vitem) {
	if len(wide) == 0 {
		return vitem{}, nil
	}
	portrait := l.geo
	l.geo = l.landscape()
	defer func() { l.geo = portrait }()
	if withHead {
		head = l.runningHead()
	}
	return head, l.footerLines()
}

// landscapeInsert is a table set in landscape; first: it stood before
// everything else, and follows the first page.
type landscapeInsert struct {
	rows  []vitem
	first bool
}

// splitLandscape takes the rows of landscape tables out of the flow,
// marking the item before each table (the float mark of insertLandscape).
func splitLandscape(flow []vitem) (portrait []vitem, inserts []landscapeInsert) {
	has := false
	for i := range flow {
		if flow[i].landscape {
			has = true
			break
		}
	}
	if !has {
		return flow, nil
	}
	portrait = make([]vitem, 0, len(flow))
	for i := 0; i < len(flow); {
		if !flow[i].landscape {
			portrait = append(portrait, flow[i])
			i++
			continue
		}
		j := i
		for j < len(flow) && flow[j].landscape {
			j++
		}
		// The white space around the table goes with it: the text before
		// and after it meets as if it were not there.
		for len(portrait) > 0 && portrait[len(portrait)-1].space {
			portrait = portrait[:len(portrait)-1]
		}
		rows := flow[i:j]
		for j < len(flow) && flow[j].space {
			j++
		}
		inserts = append(inserts, landscapeInsert{rows: rows, first: len(portrait) == 0})
		if len(portrait) > 0 {
			last := &portrait[len(portrait)-1]
			last.inserts = append(last.inserts, len(inserts)-1)
		}
		i = j
	}
	// A heading kept its lines with the table's rows: it keeps them with
	// the text that now follows it.
	keepWith(portrait)
	return portrait, inserts
}

// insertLandscape paginates each landscape table and puts its pages after
// the page that holds the item before it; wide lists the pages set in
// landscape.
func (l *layouter) insertLandscape(ctx context.Context, pages [][]vitem, inserts []landscapeInsert) ([][]vitem, map[int]bool, error) {
	g := l.landscape()
	sets := make([][][]vitem, len(inserts))
	for k, in := range inserts {
		p, _, err := paginate(ctx, in.rows, g.bottom-g.top, l.d.Grid)
		if err != nil {
			return nil, nil, err
		}
		sets[k] = p
	}
	out := make([][]vitem, 0, len(pages)+len(inserts))
	wide := map[int]bool{}
	add := func(k int) {
		for _, p := range sets[k] {
			wide[len(out)] = true
			out = append(out, p)
		}
		sets[k] = nil
	}
	for n, pg := range pages {
		out = append(out, pg)
		for k, in := range inserts {
			if in.first && n == 0 {
				add(k)
			}
		}
		for _, v := range pg {
			for _, k := range v.inserts {
				add(k)
			}
		}
	}
	return out, wide, nil
}
