package layout

import (
	"strings"

	"pdfexport/render/page"
)

// attachNotes gives each line that first refers to a footnote (a link to
// "#" and the note's name) the note's lines, which paginate keeps on the
// line's page and Layout sets at its foot.
func (l *layouter) attachNotes(lines []vitem) {
	if len(l.d.Notes) == 0 {
		return
	}
	for i := range lines {
		for _, lk := range lines[i].links {
			name, ok := strings.CutPrefix(lk.URL, "#")
			if !ok || l.noted[name] {
				continue
			}
			note, ok := l.d.Notes[name]
			if !ok {
				continue
			}
			if l.noted == nil {
				l.noted = map[string]bool{}
			}
			l.noted[name] = true
			lines[i].notes = append(lines[i].notes, l.block(&note)...)
		}
	}
}

// pageNotes lists the lines of the footnotes of a page's lines, in the
// order of their references.
func pageNotes(content []vitem) []vitem {
	var notes []vitem
	for i := range content {
		notes = append(notes, content[i].notes...)
	}
	return notes
}

// placeNotes sets a page's footnotes at the foot of its body, under a
// short rule.
func (l *layouter) placeNotes(pg *page.Page, notes []vitem) {
	if len(notes) == 0 {
		return
	}
	var h page.Unit
	for _, n := range notes {
		h += n.height
	}
	y := l.geo.bottom - h
	r := l.d.NoteRule
	ry := y - noteGap/2
	pg.Rules = append(pg.Rules, page.Rule{X1: l.geo.left, Y1: ry, X2: l.geo.left + l.geo.measure/3, Y2: ry, Width: r.Width, Color: r.Color})
	for _, n := range notes {
		n.place(pg, y)
		y += n.height
	}
}
