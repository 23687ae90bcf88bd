package pdf

import (
	"slices"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/fonts"
	"pdfexport/internal/twogen"
)

// Cuts: the subset of a face that a document draws, and its program
// compressed (the largest stream of most documents), were made anew for
// every document. An article is often rendered again with other options (another scale, the other paper),
// which draws the same glyphs: so the cuts of recent documents are kept,
// keyed by the face and the glyphs asked for, and a document drawing the
// same glyphs embeds the same bytes without cutting or compressing them.
// The cache is bounded as the shaped-word cache of package text is
// (internal/twogen): two generations of cutBytes each.

// cutBytes is each generation's limit: room for the cuts of a few dozen
// articles in Latin script, or of a few in Chinese, whose cuts are
// several times larger. A cut of more than a quarter of it is not kept.
const cutBytes = 2 << 20

// cut is a face's subset for a set of glyphs, and its program compressed as
// a compressed document embeds it.
type cut struct {
	sub        *fonts.GlyphSubset
	compressed []byte
}

func (c *cut) cost() int {
	return len(c.sub.Program) + len(c.compressed) + 10*len(c.sub.IDs) + 256
}

type cutKey struct {
	face fonts.Face
	gids string // the glyph IDs asked for, ascending, two bytes each
}

var cuts = twogen.New[cutKey, *cut](cutBytes, cutBytes/4)

// cutFor returns the cut of face for gids (distinct, in any order), from the
// cache or made now.
func cutFor(face fonts.Face, gids []uint16) (*cut, error) {
	sorted := slices.Clone(gids)
	slices.Sort(sorted)
	b := make([]byte, 0, 2*len(sorted))
	for _, g := range sorted {
		b = append(b, byte(g>>8), byte(g))
	}
	k := cutKey{face, string(b)}
	if c, ok := cuts.Get(k); ok {
		return c, nil
	}
	sub, err := face.SubsetGlyphs(sorted)
	if err != nil {
		return nil, err
	}
	c := &cut{sub: sub, compressed: fpdf.CompressGlyphProgram(sub.Program)}
	cuts.Put(k, c, c.cost()+len(k.gids))
	return c, nil
}
