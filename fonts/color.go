package fonts

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/go-text/typesetting/font"
)

// ColorEmoji is the colour emoji face, Noto Color Emoji (last of embedded
// before the faces added after it; a test checks the index). Its glyphs are
// PNG pictures (CBDT/CBLC tables), not outlines: it has no glyf table, so
// it cannot be subset or embedded as a TrueType font (SubsetGlyphs and
// Descriptor refuse it). The PDF writer draws its glyphs as pictures
// (ColorGlyphs), in a Type 3 font, so that they stay text.
const ColorEmoji Face = 154

// IsColor reports whether f draws its glyphs as colour pictures (see
// ColorEmoji) rather than outlines.
func (f Face) IsColor() bool {
	e := registry().entry(f)
	return e != nil && e.color
}

// ColorGlyph is one glyph of a colour face: its picture and where it goes.
// Lengths are in font units, the picture's box from the pen on the
// baseline (Y up), as the strike's metrics put it.
type ColorGlyph struct {
	PNG     []byte  // the picture as the face stores it; shared, do not modify
	Width   int     // pixels
	Height  int     // pixels
	PPEM    int     // pixels per em of the strike the picture comes from
	X, Y    float64 // the picture's lower left corner (left bearing; bottom, negative below the baseline)
	W, H    float64 // the picture's size
	Advance int     // the glyph's advance
}

// ColorGlyphs returns the pictures of the given glyphs of a colour face, in
// the order asked. A glyph the face has without a picture (Noto's .notdef,
// drawn for a character of an emoji's cluster that it lacks) comes back
// with PNG nil and only its advance: it paints nothing, and its characters
// stay in the text layer. A face that is not a colour face, a glyph beyond
// the face's, or a picture that is not a PNG is an error.
func (f Face) ColorGlyphs(gids []uint16) ([]ColorGlyph, error) {
	if !f.IsColor() {
		return nil, fmt.Errorf("fonts: %s is not a colour face", f)
	}
	fnt := f.Font()
	sizes := fnt.BitmapSizes()
	if len(sizes) == 0 {
		return nil, fmt.Errorf("fonts: %s has no bitmap strike", f)
	}
	// go-text chooses the largest strike when no size is asked for; so
	// does this, for the sharpest pictures (Noto has one, 109 ppem).
	ppem := 0
	for _, s := range sizes {
		ppem = max(ppem, int(max(s.XPpem, s.YPpem)))
	}
	numGlyphs := 0
	if t := sfntTable(f.Data(), "maxp"); len(t) >= 6 {
		numGlyphs = int(binary.BigEndian.Uint16(t[4:]))
	}
	face := font.NewFace(fnt)
	out := make([]ColorGlyph, len(gids))
	for i, g := range gids {
		if int(g) >= numGlyphs {
			return nil, fmt.Errorf("fonts: %s: glyph %d out of range (the face has %d)", f, g, numGlyphs)
		}
		bm, ok := face.GlyphDataBitmap(font.GID(g))
		if !ok {
			out[i] = ColorGlyph{PPEM: ppem, Advance: int(face.HorizontalAdvance(font.GID(g)))}
			continue
		}
		if bm.Format != font.PNG {
			return nil, fmt.Errorf("fonts: %s: glyph %d has a picture that is not a PNG", f, g)
		}
		ext, ok := face.GlyphExtents(font.GID(g))
		if !ok {
			return nil, fmt.Errorf("fonts: %s: glyph %d has no extents", f, g)
		}
		// Extents are float32 from pixels times units per em over ppem;
		// rounded to 1/1024 unit, so that the same glyph gives the same
		// numbers on every machine and in every writer.
		q := func(v float32) float64 { return math.Round(float64(v)*1024) / 1024 }
		out[i] = ColorGlyph{
			PNG: bm.Data, Width: bm.Width, Height: bm.Height, PPEM: ppem,
			X: q(ext.XBearing), Y: q(ext.YBearing + ext.Height), W: q(ext.Width), H: q(-ext.Height),
			Advance: int(face.HorizontalAdvance(font.GID(g))),
		}
	}
	return out, nil
}

// sfntTable returns a table of a TrueType file, or nil.
func sfntTable(data []byte, tag string) []byte {
	if len(data) < 12 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		at := 12 + 16*i
		if at+16 > len(data) {
			return nil
		}
		rec := data[at:]
		if string(rec[:4]) != tag {
			continue
		}
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil
		}
		return data[off : off+length]
	}
	return nil
}
