package font

import "github.com/go-text/typesetting/font/opentype/tables"

// glyfTable is a font's 'glyf' table, whose glyphs are parsed when asked
// for (pdfexport's patch 4, see PATCHES.md), not all at once when the font
// is loaded: a CJK face of 20,000 to 60,000 glyphs took 50 to 140 MB of
// parsed outlines, nearly all of them for glyphs no document draws. A
// variable font's glyphs are still parsed whole (all), since its 'gvar'
// table is read against every glyph.
type glyfTable struct {
	raw  []byte
	loca []uint32    // numGlyphs + 1 offsets into raw (the last checked against it at load, each when read)
	all  tables.Glyf // every glyph, parsed, for a variable font; nil otherwise
}

// numGlyphs is the number of glyphs the table describes; 0 when the font
// has none (a CFF or bitmap font) or they could not be read.
func (g *glyfTable) numGlyphs() int {
	if g.all != nil {
		return len(g.all)
	}
	if len(g.loca) == 0 {
		return 0
	}
	return len(g.loca) - 1
}

// glyph parses glyph gid, which must be below numGlyphs. A glyph without
// an outline, or one that cannot be parsed, is the zero Glyph, as a glyph
// without an outline was before.
func (g *glyfTable) glyph(gid gID) tables.Glyph {
	if g.all != nil {
		return g.all[gid]
	}
	start, end := g.loca[gid], g.loca[gid+1]
	if start >= end || int(end) > len(g.raw) {
		return tables.Glyph{}
	}
	gl, _, err := tables.ParseGlyph(g.raw[start:end])
	if err != nil {
		return tables.Glyph{}
	}
	return gl
}
