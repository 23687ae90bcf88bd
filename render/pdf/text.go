package pdf

import (
	"slices"
	"strings"
	"unicode/utf8"

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
	used    glyphSet
	mapped  glyphSet
	unicode glyphTexts // old glyph ID → the text it stands for, where mapped
	first   glyphTexts // old glyph ID → the text of the first cluster that drew it
	sub     *fonts.GlyphSubset
	newIDs  []uint16 // old glyph ID → new, for the glyphs drawn (see remap)
	repl    uint16   // the face's glyph for U+FFFD, once replSet
	replSet bool
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
	var cs []cluster // scratch, for each Text in turn
	var starts []int
	for n, pg := range doc.Pages {
		for i := range pg.Texts {
			t := &pg.Texts[i]
			fp := p.byFace[t.Face]
			if fp == nil {
				fp = &facePlan{face: t.Face}
				p.byFace[t.Face] = fp
			}
			var spans []fpdf.ActualText
			if t.RTL {
				// The space after a right-to-left word is its text's
				// alone, for the structure tree (tags.go): poppler finds
				// the gap between such words from their places.
				tt := *t
				tt.S = strings.TrimSuffix(t.S, " ")
				t = &tt
			}
			cs = clusters(cs[:0], &starts, t)
			for _, c := range cs {
				if !fp.express(t, c) {
					spans = append(spans, fpdf.ActualText{From: c.from, To: c.to, Text: c.text})
				}
			}
			if t.Decorative && len(t.Glyphs) > 0 {
				spans = []fpdf.ActualText{{From: 0, To: len(t.Glyphs), Text: ""}}
			}
			if spans != nil {
				p.actual[textKey{n, i}] = spans
			}
		}
	}
	for _, f := range fonts.Faces() {
		if fp := p.byFace[f]; fp != nil {
			p.faces = append(p.faces, fp)
			fp.complete()
		}
	}
	return p
}

// complete maps each glyph drawn that is mapped to nothing yet: one
// drawn only inside clusters its map cannot express (two glyphs for three
// characters of a conjunct), always under an /ActualText span, which
// readers prefer. PDF/A-2u asks every glyph for a Unicode value all the
// same (ISO 19005-2 6.2.11.7.2); the text of the first such cluster
// serves, read by nothing that reads the span.
func (fp *facePlan) complete() {
	for _, id := range fp.gids {
		if id != 0 && fp.mapped.add(id) {
			s := fp.first.get(id)
			if s == "" || strings.ContainsAny(s, notUnicodeValues) {
				s = string(fonts.Replacement)
			}
			fp.unicode.set(id, s)
		}
	}
}

// notUnicodeValues are what a glyph may not stand for in a ToUnicode map:
// PDF/UA and PDF/A-2u refuse U+0000, U+FEFF and U+FFFE (Matterhorn 31-028,
// 31-029). A glyph drawn for a zero-width no-break space (HarfBuzz draws
// an invisible character as the space glyph) stands for it in an
// /ActualText span instead.
const notUnicodeValues = "\x00\ufeff\ufffe"

// express maps the glyphs of cluster c of t to its text where they are not
// mapped yet, and reports whether the map then gives the text back: the
// glyphs, read in logical order, stand for its characters in turn (or a
// single glyph for all of them). The .notdef glyph is never mapped: it
// stands for whatever no face has.
func (fp *facePlan) express(t *page.Text, c cluster) bool {
	gs := t.Glyphs[c.from:c.to]
	for _, g := range gs {
		if fp.used.add(g.ID) {
			fp.gids = append(fp.gids, g.ID)
			fp.first.set(g.ID, c.text)
		}
	}
	if len(gs) == 1 {
		if gs[0].ID == fp.replacement() && c.text != string(fonts.Replacement) {
			// A character no face has, drawn as the replacement
			// character's glyph: the glyph stands for U+FFFD, the span
			// for the character.
			fp.mapTo(gs[0].ID, string(fonts.Replacement))
			return false
		}
		return fp.mapTo(gs[0].ID, c.text)
	}
	if utf8.RuneCountInString(c.text) != len(gs) {
		return false
	}
	rtl := t.Glyphs[0].Cluster > t.Glyphs[len(t.Glyphs)-1].Cluster
	ok := true
	for k, at := 0, 0; at < len(c.text); k++ {
		r, size := utf8.DecodeRuneInString(c.text[at:])
		// Each character's own text, as string(r) gives it: a substring
		// where the bytes are valid, U+FFFD where they are not.
		s := c.text[at : at+size]
		if r == utf8.RuneError && size == 1 {
			s = string(utf8.RuneError)
		}
		at += size
		g := gs[k]
		if rtl {
			g = gs[len(gs)-1-k]
		}
		ok = fp.mapTo(g.ID, s) && ok
	}
	return ok
}

// replacement is the face's glyph for U+FFFD, or 0 when it has none.
func (fp *facePlan) replacement() uint16 {
	if !fp.replSet {
		if g, ok := fp.face.Font().Cmap.Lookup(fonts.Replacement); ok {
			fp.repl = uint16(g)
		}
		fp.replSet = true
	}
	return fp.repl
}

// mapTo maps glyph id to s unless it is mapped already, and reports whether
// it stands for s.
func (fp *facePlan) mapTo(id uint16, s string) bool {
	if id == 0 || strings.ContainsAny(s, notUnicodeValues) {
		return false
	}
	if !fp.mapped.add(id) {
		return fp.unicode.get(id) == s
	}
	fp.unicode.set(id, s)
	return true
}

// remap fills fp.newIDs from fp.sub, so that each glyph drawn finds its new
// ID by index rather than by a search of the subset's IDs.
func (fp *facePlan) remap() {
	top := 0
	for _, g := range fp.gids {
		top = max(top, int(g))
	}
	fp.newIDs = make([]uint16, top+1)
	for _, g := range fp.gids {
		fp.newIDs[g], _ = fp.sub.New(g)
	}
}

// glyphSet is a set of glyph IDs: a bit each, in pages of 4,096 made when
// first needed, so that a face with few glyphs drawn costs little and one
// with tens of thousands (CJK) no map.
type glyphSet [16]*[64]uint64

// add adds id and reports whether it was new.
func (s *glyphSet) add(id uint16) bool {
	pg := s[id>>12]
	if pg == nil {
		pg = new([64]uint64)
		s[id>>12] = pg
	}
	w, bit := &pg[id>>6&63], uint64(1)<<(id&63)
	if *w&bit != 0 {
		return false
	}
	*w |= bit
	return true
}

// glyphTexts maps glyph IDs to strings, in pages of 256 made when first
// needed. Lookups run once per cluster of a document, too often to hash
// each.
type glyphTexts [256]*[256]string

func (m *glyphTexts) get(id uint16) string {
	if pg := m[id>>8]; pg != nil {
		return pg[id&255]
	}
	return ""
}

func (m *glyphTexts) set(id uint16, s string) {
	pg := m[id>>8]
	if pg == nil {
		pg = new([256]string)
		m[id>>8] = pg
	}
	pg[id&255] = s
}

// cluster is a run of glyphs (in visual order) standing for text together.
type cluster struct {
	from, to int // glyph indices
	text     string
}

// clusters appends the clusters of a Text's glyphs to out. Glyphs of one
// cluster are adjacent and share its start; a cluster's text runs to the
// next cluster's start in logical order, so characters that drew no glyph
// (a hidden joiner) belong to the cluster before them. starts is scratch
// space, kept by the caller between Texts.
func clusters(out []cluster, starts *[]int, t *page.Text) []cluster {
	ss := (*starts)[:0]
	for _, g := range t.Glyphs {
		ss = append(ss, int(g.Cluster))
	}
	if !slices.IsSorted(ss) { // left-to-right text is sorted already
		slices.Sort(ss)
	}
	ss = slices.Compact(ss)
	*starts = ss
	k := 0 // index in ss of the current cluster's start, when ascending
	for i := 0; i < len(t.Glyphs); {
		j := i + 1
		for j < len(t.Glyphs) && t.Glyphs[j].Cluster == t.Glyphs[i].Cluster {
			j++
		}
		start := int(t.Glyphs[i].Cluster)
		if k >= len(ss) || ss[k] != start {
			k, _ = slices.BinarySearch(ss, start)
		}
		end := len(t.S)
		if k+1 < len(ss) {
			end = ss[k+1]
		}
		out = append(out, cluster{i, j, t.S[start:end]})
		k++
		i = j
	}
	return out
}
