package layout

import (
	"sort"

	"pdfexport/render/page"
	"pdfexport/render/text"
)

// run is the visible content of a box: shaped text in one style, face,
// direction and script.
type run struct {
	text   string
	style  *style
	link   string
	level  uint8        // bidi embedding level: odd is right to left
	glyphs []text.Glyph // in visual order; Cluster is a byte offset into text
	width  page.Unit
}

func newRun(sp span, r *text.Run) *run {
	return &run{text: sp.text, style: sp.style, link: sp.link, level: sp.level, glyphs: r.Glyphs, width: sp.style.scaled(r.Advance)}
}

func (r *run) rtl() bool { return r.level%2 == 1 }

// slice is the part of r made of the clusters that begin in text[lo:hi],
// with their clusters counted from lo. lo and hi must be cluster
// boundaries. The glyphs are ordered by cluster (ascending left to right,
// descending right to left), so the slice is found by binary search.
func (r *run) slice(lo, hi int) *run {
	if lo == 0 && hi == len(r.text) {
		return r
	}
	n := len(r.glyphs)
	var from, to int
	if r.rtl() {
		from = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) < hi })
		to = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) < lo })
	} else {
		from = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) >= lo })
		to = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) >= hi })
	}
	gs := make([]text.Glyph, to-from)
	var adv int64
	for i, g := range r.glyphs[from:to] {
		g.Cluster -= int32(lo)
		gs[i] = g
		adv += int64(g.Advance)
	}
	return &run{text: r.text[lo:hi], style: r.style, link: r.link, level: r.level, glyphs: gs, width: r.style.scaled(adv)}
}

// clusterStarts marks, for each byte offset of r's text (and its end), whether
// a cluster begins there: where the run may be cut.
func (r *run) clusterStarts() []bool {
	at := make([]bool, len(r.text)+1)
	at[len(r.text)] = true
	for _, g := range r.glyphs {
		at[g.Cluster] = true
	}
	return at
}

// fit returns where to cut r so that its first piece is as long as fits in
// limit, and at least one cluster long: the byte offset of a cluster
// boundary.
func (r *run) fit(limit page.Unit) int {
	// Clusters in logical order, with their advances.
	type cl struct {
		at  int
		adv int64
	}
	var cls []cl
	add := func(g text.Glyph) {
		if n := len(cls); n > 0 && cls[n-1].at == int(g.Cluster) {
			cls[n-1].adv += int64(g.Advance)
			return
		}
		cls = append(cls, cl{int(g.Cluster), int64(g.Advance)})
	}
	if r.rtl() {
		for i := len(r.glyphs) - 1; i >= 0; i-- {
			add(r.glyphs[i])
		}
	} else {
		for _, g := range r.glyphs {
			add(g)
		}
	}
	var sum int64
	for i, c := range cls {
		if i > 0 && r.style.scaled(sum+c.adv) > limit {
			return c.at
		}
		sum += c.adv
	}
	return len(r.text)
}
