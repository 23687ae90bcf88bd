package fonts

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/go-text/typesetting/font"
)

// ColorEmoji is the colour emoji face, Noto Color Emoji (last of embedded
// before the faces added after it; a test checks the index). Its glyphs are
// PNG pictures (CBDT/CBLC tables), not outlines: it has no glyf table, so
// it cannot be subset or embedded as a TrueType font (SubsetGlyphs returns
// an error for it, and Descriptor, which only outline faces have, panics as
// for any face it cannot read). The PDF writer draws its glyphs as pictures
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
	numGlyphs := f.mustEntry().numGlyphs()
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

// parseEmbedded parses an embedded face stored as it is, reading it from
// the embedded file rather than from a copy: go-text copies the tables it
// keeps (the colour face's 10.5 MB of pictures), and Data's copy of the
// whole file would have doubled that for nothing.
func parseEmbedded(path string) (*font.Face, error) {
	file, err := files.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	r, ok := file.(font.Resource)
	if !ok {
		return nil, fmt.Errorf("%s: an embedded file cannot be read at an offset", path)
	}
	return font.ParseTTF(r)
}

// numGlyphs reads the number of glyphs from the face's maxp table, from the
// embedded file without copying it, or from the bytes AddDir read.
func (e *entry) numGlyphs() int {
	var r io.ReaderAt
	if e.data != nil || !e.color {
		r = bytes.NewReader(e.bytes())
	} else {
		file, err := files.Open(e.path)
		if err != nil {
			return 0
		}
		defer file.Close()
		ra, ok := file.(io.ReaderAt)
		if !ok {
			return 0
		}
		r = ra
	}
	var head [12]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return 0
	}
	for i := range int(binary.BigEndian.Uint16(head[4:])) {
		var rec [16]byte
		if _, err := r.ReadAt(rec[:], int64(12+16*i)); err != nil {
			return 0
		}
		if string(rec[:4]) != "maxp" {
			continue
		}
		var maxp [6]byte
		if _, err := r.ReadAt(maxp[:], int64(binary.BigEndian.Uint32(rec[8:]))); err != nil {
			return 0
		}
		return int(binary.BigEndian.Uint16(maxp[4:]))
	}
	return 0
}
