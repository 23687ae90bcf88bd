package article

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// table maps a table: its caption (and a figure's, given as extra), its
// rows in the order a browser shows them (the first thead at the top,
// tfoot at the bottom), each cell's text joined into one line. HeadRows
// are the thead's rows or, without one, the leading rows made only of th
// cells. Spans are read as HTML reads them: colspan 0 or invalid is 1,
// and spans are clamped to MaxSpan and a rowspan to the rows left in its
// group (rowspan 0 reaching its end).
func (w *walker) table(t *html.Node, c ctx, extra []Run) {
	w.flush()
	var caption []Run
	var head, body, foot [][]*html.Node // row groups
	theadSeen := false
	var loose []*html.Node
	for ch := t.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		if k := dropKind(ch); k != "" && ch.DataAtom != atom.Col && ch.DataAtom != atom.Colgroup {
			w.drop(k)
			continue
		}
		switch ch.DataAtom {
		case atom.Caption:
			caption = joinRuns(caption, w.inline(ch, c), " / ")
		case atom.Thead:
			if theadSeen {
				body = append(body, w.rows(ch))
			} else {
				head = append(head, w.rows(ch))
				theadSeen = true
			}
		case atom.Tbody:
			body = append(body, w.rows(ch))
		case atom.Tfoot:
			foot = append(foot, w.rows(ch))
		case atom.Tr:
			loose = append(loose, ch)
		}
	}
	if loose != nil {
		body = append(body, loose)
	}
	caption = joinRuns(caption, extra, " / ")
	td := &TableData{Caption: caption}
	for _, g := range head {
		td.Rows = append(td.Rows, w.group(g, c)...)
	}
	td.HeadRows = len(td.Rows)
	for _, groups := range [][][]*html.Node{body, foot} {
		for _, g := range groups {
			td.Rows = append(td.Rows, w.group(g, c)...)
		}
	}
	if !theadSeen {
		n := 0
		for _, r := range td.Rows {
			if !allHeader(r) {
				break
			}
			n++
		}
		if n < len(td.Rows) {
			td.HeadRows = n
		}
	}
	if len(td.Rows) == 0 {
		if caption != nil {
			w.emit(Block{Kind: Paragraph, Runs: caption})
		} else {
			w.drop(dropOther)
		}
		return
	}
	w.emit(Block{Kind: Table, Table: td})
}

// rows are a row group's tr elements; what else is in it can hold no text
// (the parser moves text out of tables) and is counted if dropped.
func (w *walker) rows(g *html.Node) []*html.Node {
	var out []*html.Node
	for ch := g.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		if ch.DataAtom == atom.Tr && dropKind(ch) == "" {
			out = append(out, ch)
		} else if k := dropKind(ch); k != "" {
			w.drop(k)
		}
	}
	return out
}

// group maps one row group's rows; rows without cells are left out.
func (w *walker) group(trs []*html.Node, c ctx) []TableRow {
	var rows []TableRow
	for _, tr := range trs {
		var row TableRow
		rc := c
		if g := tr.Parent; g != nil && (g.DataAtom == atom.Thead || g.DataAtom == atom.Tbody || g.DataAtom == atom.Tfoot) {
			rc = rc.in(g)
		}
		rc = rc.in(tr)
		for cell := tr.FirstChild; cell != nil; cell = cell.NextSibling {
			if cell.Type != html.ElementNode {
				continue
			}
			if k := dropKind(cell); k != "" {
				w.drop(k)
				continue
			}
			if cell.DataAtom != atom.Td && cell.DataAtom != atom.Th {
				continue
			}
			tc := TableCell{Runs: w.inline(cell, rc), Header: cell.DataAtom == atom.Th}
			if v, ok := parseHTMLInt(attr(cell, "colspan")); ok && v > 1 {
				tc.ColSpan = min(v, MaxSpan)
			}
			if v, ok := parseHTMLInt(attr(cell, "rowspan")); ok && v > 1 {
				tc.RowSpan = v // clamped below, once the group's rows are known
			} else if ok && v == 0 {
				tc.RowSpan = -1 // to the end of the group
			}
			row.Cells = append(row.Cells, tc)
		}
		if len(row.Cells) > 0 {
			rows = append(rows, row)
		}
	}
	for i, r := range rows {
		left := len(rows) - i
		for j := range r.Cells {
			rs := &r.Cells[j].RowSpan
			if *rs < 0 || *rs > left {
				*rs = left
			}
			*rs = min(*rs, MaxSpan)
			if *rs == 1 {
				*rs = 0
			}
		}
	}
	return rows
}

func allHeader(r TableRow) bool {
	for _, c := range r.Cells {
		if !c.Header {
			return false
		}
	}
	return len(r.Cells) > 0
}
