package pdf

import (
	"slices"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/fonts"
	"pdfexport/render/page"
)

// The text layer. A PDF gives text back (copy, search, pdftotext, screen
// readers) through each font's ToUnicode map, which says what one glyph
// stands for, wherever it is drawn. Shaped text does not always fit that:
// a conjunct's glyphs, reordered, stand for their characters together; one
// glyph may stand for different text in different places; the .notdef box
// stands for whatever character no face has. So each glyph is mapped to the
// text of the first cluster it draws alone, and a cluster whose glyphs, read
// through the map in logical order, do not give back its text is wrapped in
// an /ActualText span, which readers prefer to the map. Most text needs no
// span: a ligature is one glyph for several characters, a mark one glyph for
// one character. The choices run in document order, so the same document
// gives the same bytes.

// facePlan is what one face draws in a document: its glyphs, what each
// stands for, and the subset cut for them.
type facePlan struct {
	face    fonts.Face
	gids    []uint16 // distinct, in order of first use
	used    map[uint16]bool
	unicode map[uint16]string // old glyph ID → the text it stands for
	sub     *fonts.GlyphSubset
}

// textPlan is the text layer of a document.
type textPlan struct {
	faces  []*facePlan // in the order of fonts.Faces, for a fixed catalog
	byFace map[fonts.Face]*facePlan
	actual map[textKey][]fpdf.ActualText
}

// textKey identifies one Text of a document: its page and its index there.
type textKey struct{ page, text int }

// planText chooses the text layer of doc: the glyphs of each face, what
// each stands for, and the clusters that need an /ActualText span.
func planText(doc *page.Document) *textPlan {
	p := &textPlan{byFace: map[fonts.Face]*facePlan{}, actual: map[textKey][]fpdf.ActualText{}}
	for n, pg := range doc.Pages {
		for i := range pg.Texts {
			t := &pg.Texts[i]
			fp := p.byFace[t.Face]
			if fp == nil {
				fp = &facePlan{face: t.Face, unicode: map[uint16]string{}, used: map[uint16]bool{}}
				p.byFace[t.Face] = fp
			}
			var spans []fpdf.ActualText
			for _, c := range clusters(t) {
				if !fp.express(t, c) {
					spans = append(spans, fpdf.ActualText{From: c.from, To: c.to, Text: c.text})
				}
			}
			if spans != nil {
				p.actual[textKey{n, i}] = spans
			}
		}
	}
	for _, f := range fonts.Faces() {
		if fp := p.byFace[f]; fp != nil {
			p.faces = append(p.faces, fp)
		}
	}
	return p
}

// express maps the glyphs of cluster c of t to its text where they are not
// mapped yet, and reports whether the map then gives the text back: the
// glyphs, read in logical order, stand for its characters in turn (or a
// single glyph for all of them). The .notdef glyph is never mapped: it
// stands for whatever no face has.
func (fp *facePlan) express(t *page.Text, c cluster) bool {
	gs := t.Glyphs[c.from:c.to]
	for _, g := range gs {
		if !fp.used[g.ID] {
			fp.used[g.ID] = true
			fp.gids = append(fp.gids, g.ID)
		}
	}
	if len(gs) == 1 {
		return fp.mapTo(gs[0].ID, c.text)
	}
	runes := []rune(c.text)
	if len(runes) != len(gs) {
		return false
	}
	rtl := t.Glyphs[0].Cluster > t.Glyphs[len(t.Glyphs)-1].Cluster
	ok := true
	for k, r := range runes {
		g := gs[k]
		if rtl {
			g = gs[len(gs)-1-k]
		}
		ok = fp.mapTo(g.ID, string(r)) && ok
	}
	return ok
}

// mapTo maps glyph id to s unless it is mapped already, and reports whether
// it stands for s.
func (fp *facePlan) mapTo(id uint16, s string) bool {
	if id == 0 {
		return false
	}
	if have, ok := fp.unicode[id]; ok {
		return have == s
	}
	fp.unicode[id] = s
	return true
}

// cluster is a run of glyphs (in visual order) standing for text together.
type cluster struct {
	from, to int // glyph indices
	text     string
}

// clusters splits a Text's glyphs into its clusters. Glyphs of one cluster
// are adjacent and share its start; a cluster's text runs to the next
// cluster's start in logical order, so characters that drew no glyph (a
// hidden joiner) belong to the cluster before them.
func clusters(t *page.Text) []cluster {
	starts := make([]int, 0, len(t.Glyphs))
	for _, g := range t.Glyphs {
		starts = append(starts, int(g.Cluster))
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	var out []cluster
	for i := 0; i < len(t.Glyphs); {
		j := i + 1
		for j < len(t.Glyphs) && t.Glyphs[j].Cluster == t.Glyphs[i].Cluster {
			j++
		}
		start := int(t.Glyphs[i].Cluster)
		end := len(t.S)
		if k, _ := slices.BinarySearch(starts, start); k+1 < len(starts) {
			end = starts[k+1]
		}
		out = append(out, cluster{i, j, t.S[start:end]})
		i = j
	}
	return out
}
