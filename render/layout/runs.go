package layout

import (
	"sort"

	"github.com/go-text/typesetting/language"

	"pdfexport/render/page"
	"pdfexport/render/text"
)

// run is the visible content of a box: shaped text in one style, face,
// direction and script.
type run struct {
	text   string
	style  *style
	link   string
	lang   language.Language // the span's (see span)
	level  uint8             // bidi embedding level: odd is right to left
	glyphs []text.Glyph      // in visual order; Cluster is a byte offset into text
	width  page.Unit
	// How far the ink reaches above and below the baseline (both positive
	// outward): the whole shaped part's, which a slice keeps, since a
	// slice's own would cost a look at every glyph.
	ascent, descent page.Unit
}

func newRun(sp span, r *text.Run) *run {
	return &run{text: sp.text, style: sp.style, link: sp.link, lang: sp.lang, level: sp.level, glyphs: r.Glyphs, width: sp.style.scaled(r.Advance),
		ascent: sp.style.scaled(int64(r.Top)), descent: -sp.style.scaled(int64(r.Bottom))}
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
	from, to := r.glyphRange(lo, hi)
	gs := make([]text.Glyph, to-from)
	var adv int64
	for i, g := range r.glyphs[from:to] {
		g.Cluster -= int32(lo)
		gs[i] = g
		adv += int64(g.Advance)
	}
	return &run{text: r.text[lo:hi], style: r.style, link: r.link, lang: r.lang, level: r.level, glyphs: gs, width: r.style.scaled(adv), ascent: r.ascent, descent: r.descent}
}

// glyphRange is where the glyphs of the clusters that begin in
// text[lo:hi] are in r.glyphs: glyphs[from:to].
func (r *run) glyphRange(lo, hi int) (from, to int) {
	n := len(r.glyphs)
	if r.rtl() {
		from = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) < hi })
		to = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) < lo })
	} else {
		from = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) >= lo })
		to = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) >= hi })
	}
	return from, to
}

// beginsCluster reports whether a cluster of r begins at byte offset at of
// its text, or at is its end: whether the run may be cut there. The glyphs
// are ordered by cluster, so it is a binary search, rather than a table of
// every offset made for each part of each word.
func (r *run) beginsCluster(at int) bool {
	if at == len(r.text) {
		return true
	}
	n := len(r.glyphs)
	var i int
	if r.rtl() {
		i = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) <= at })
	} else {
		i = sort.Search(n, func(i int) bool { return int(r.glyphs[i].Cluster) >= at })
	}
	return i < n && int(r.glyphs[i].Cluster) == at
}

// cuts returns where to cut r into pieces that each fit in limit, or hold
// one cluster where a cluster alone is wider: the byte offsets of cluster
// boundaries, in logical order, ending with len(r.text). One pass over the
// glyphs, so cutting a megabyte-long word stays linear.
func (r *run) cuts(limit page.Unit) []int {
	var out []int
	var sum int64 // advance of the current piece, whole clusters only
	n := 0        // clusters in the current piece
	at, adv := -1, int64(0)
	flush := func(next int) {
		if at >= 0 {
			if n > 0 && r.style.scaled(sum+adv) > limit {
				out = append(out, at)
				sum, n = 0, 0
			}
			sum += adv
			n++
		}
		at, adv = next, 0
	}
	visit := func(g text.Glyph) {
		if int(g.Cluster) != at {
			flush(int(g.Cluster))
		}
		adv += int64(g.Advance)
	}
	if r.rtl() {
		for i := len(r.glyphs) - 1; i >= 0; i-- {
			visit(r.glyphs[i])
		}
	} else {
		for _, g := range r.glyphs {
			visit(g)
		}
	}
	flush(-1)
	return append(out, len(r.text))
}
