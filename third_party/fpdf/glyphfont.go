// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
)

// GlyphFont is a TrueType font program addressed by glyph ID, for text that
// the caller has shaped itself: fpdf's other fonts map each character
// through the font's cmap, one glyph per character, which cannot express
// ligatures, reordered clusters or positioned marks.
//
// The caller has already cut the program to the glyphs one document uses
// (glyph IDs are those of Program). Every length (metrics, bounding box,
// widths, StemV) is in font units; fpdf scales them to the 1000 units per
// em of PDF glyph space when it writes the font.
type GlyphFont struct {
	Program    []byte   // TrueType (glyf outlines) font program, embedded as FontFile2
	UnitsPerEm int      // font units per em, from the head table
	Widths     []int    // advance width of each glyph ID of Program, in font units; len = glyph count
	ToUnicode  []string // text each glyph ID stands for ("" = none), for the ToUnicode CMap; may be shorter than Widths

	Ascent, Descent, CapHeight int     // font units (Descent negative)
	BBox                       [4]int  // xMin yMin xMax yMax, font units
	ItalicAngle                float64 // degrees counterclockwise from the vertical
	Flags                      int     // PDF font descriptor flags (caller computes: e.g. 32 nonsymbolic, 64 italic, 2 serif)
	StemV                      int     // font units

	// Name is the font's PostScript name. fpdf keeps only the characters
	// that are safe in a PDF name and prefixes a subset tag made from a hash
	// of Program ("ABCDEF+Name"), so that two different cuts of one face
	// never share a BaseFont in a viewer's font cache.
	Name string

	// Compressed, when not nil, is Program as CompressGlyphProgram returns
	// it: a compressed document embeds it as it is instead of compressing
	// Program again, so that a caller drawing the same cut in many
	// documents compresses it once. fpdf does not check it against
	// Program; an uncompressed or encrypted document ignores it.
	Compressed []byte
}

// CompressGlyphProgram compresses a font program exactly as a compressed
// document would (zlib, best speed), for GlyphFont.Compressed.
func CompressGlyphProgram(program []byte) []byte {
	mem := xmem.compress(program)
	defer mem.release()
	return mem.copy()
}

// PlacedGlyph is one glyph of a run: its ID and its position relative to the
// run's origin, in user units, X to the right and Y down (fpdf's user space
// convention).
type PlacedGlyph struct {
	ID   uint16
	X, Y float64
}

// ActualText marks glyphs [From, To) of a run as standing for Text (written
// as a /Span <</ActualText …>> BDC … EMC marked-content sequence), for
// clusters whose text the ToUnicode map cannot give back (reordered Indic
// clusters, one glyph used for different text).
type ActualText struct {
	From, To int
	Text     string
}

// glyphFont is what fpdf keeps of a GlyphFont. A pointer, so that the copies
// of the font definition that SetFont and templates make share one record of
// the glyphs drawn.
type glyphFont struct {
	def  GlyphFont
	name string   // the BaseFont: subset tag, "+", sanitised Name
	used []uint64 // a bit per glyph ID drawn: /W and the ToUnicode map name only those
	buf  []byte   // GlyphText's operators, kept between runs: a run was a new buffer and a copy of it
}

// glyphFontType is the Tp of a glyph font's definition.
const glyphFontType = "Glyph"

// AddGlyphFont registers def under familyStr (style ""); SetFont(familyStr,
// "", size) selects it. Only GlyphText draws with a glyph font: it has no
// character widths, so Text and GetStringWidth (and the methods built on it)
// set an error. fpdf keeps def's slices: do not change them afterwards.
// Adding the same definition under the same family again does nothing;
// adding another one under a family already defined is an error.
func (f *Fpdf) AddGlyphFont(familyStr string, def GlyphFont) {
	if f.err != nil {
		return
	}
	switch {
	case len(def.Program) == 0:
		f.err = fmt.Errorf("fpdf: AddGlyphFont %q: the font program is empty", familyStr)
	case def.UnitsPerEm <= 0:
		f.err = fmt.Errorf("fpdf: AddGlyphFont %q: UnitsPerEm is %d, not positive", familyStr, def.UnitsPerEm)
	case len(def.Widths) == 0:
		f.err = fmt.Errorf("fpdf: AddGlyphFont %q: no glyph widths", familyStr)
	case len(def.Widths) > 1<<16:
		f.err = fmt.Errorf("fpdf: AddGlyphFont %q: %d glyph widths, more than the 65,536 glyph IDs a font has", familyStr, len(def.Widths))
	case len(def.ToUnicode) > len(def.Widths):
		f.err = fmt.Errorf("fpdf: AddGlyphFont %q: %d ToUnicode entries for %d glyphs", familyStr, len(def.ToUnicode), len(def.Widths))
	}
	if f.err != nil {
		return
	}
	key := getFontKey(fontFamilyEscape(familyStr), "")
	program := sha1.Sum(def.Program)
	id := glyphFontID(key, &def, program)
	if old, ok := f.fonts[key]; ok {
		if old.glyph == nil || old.i != id {
			f.err = fmt.Errorf("fpdf: AddGlyphFont %q: the font family is already defined", familyStr)
		}
		return
	}
	name := subsetTag(program) + "+" + pdfFontName(def.Name)
	scale := func(v int) int { return round(float64(v) * 1000 / float64(def.UnitsPerEm)) }
	f.fonts[key] = fontDefType{
		Tp:   glyphFontType,
		Name: name,
		Desc: FontDescType{
			Ascent:      scale(def.Ascent),
			Descent:     scale(def.Descent),
			CapHeight:   scale(def.CapHeight),
			Flags:       def.Flags,
			FontBBox:    fontBoxType{scale(def.BBox[0]), scale(def.BBox[1]), scale(def.BBox[2]), scale(def.BBox[3])},
			ItalicAngle: round(def.ItalicAngle),
			StemV:       scale(def.StemV),
		},
		// fpdf's text methods other than GlyphText index Cw by byte; zero
		// widths rather than an index out of range if one is called anyway
		// (GetStringWidth and Text report the mistake as an error).
		Cw: make([]int, 256),
		i:  id,
		glyph: &glyphFont{
			def:  def,
			name: name,
			used: make([]uint64, (len(def.Widths)+63)/64),
		},
	}
}

// glyphFontID names a glyph font's resource (/F<id>), hashing the whole
// definition in binary as generateFontID does for the other fonts. The
// family key is hashed too: each family keeps its own record of glyphs
// drawn, so two families with equal definitions are two font objects and
// must not share a resource name.
func glyphFontID(key string, def *GlyphFont, program [sha1.Size]byte) string {
	h := sha1.New()
	var buf [binary.MaxVarintLen64]byte
	putInt := func(v int64) { h.Write(buf[:binary.PutVarint(buf[:], v)]) }
	putString := func(s string) {
		putInt(int64(len(s)))
		h.Write([]byte(s))
	}
	putString(glyphFontType)
	putString(key)
	putString(def.Name)
	h.Write(program[:])
	for _, v := range []int{def.UnitsPerEm, def.Ascent, def.Descent, def.CapHeight,
		def.BBox[0], def.BBox[1], def.BBox[2], def.BBox[3], def.Flags, def.StemV} {
		putInt(int64(v))
	}
	putInt(int64(math.Float64bits(def.ItalicAngle)))
	putInt(int64(len(def.Widths)))
	for _, w := range def.Widths {
		putInt(int64(w))
	}
	putInt(int64(len(def.ToUnicode)))
	for _, s := range def.ToUnicode {
		putString(s)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// subsetTag is the six capital letters that PDF asks to prefix to the name
// of an embedded subset, made from the program so that the same cut always
// gets the same tag.
func subsetTag(program [sha1.Size]byte) string {
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + program[i]%26
	}
	return string(tag[:])
}

// pdfFontName keeps the characters of a PostScript name that need no
// escaping in a PDF name: letters, digits, '-', '_' and '.'. Spaces and the
// rest are dropped ("DejaVu Sans" becomes "DejaVuSans"), and the result is
// cut so that, with its subset tag, it stays within PostScript's 63
// characters.
func pdfFontName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 56; i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' {
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		return "Font"
	}
	return string(b)
}

// width is the advance of glyph gid as /W or /DW writes it: in thousandths
// of an em, rounded to three decimals. GlyphText computes its positions from
// this rounded value, so that what viewers draw is where the caller asked.
func (g *glyphFont) width(gid int) float64 {
	return roundTo(float64(g.def.Widths[gid])*1000/float64(g.def.UnitsPerEm), 3)
}

func (g *glyphFont) isUsed(gid int) bool { return g.used[gid>>6]&(1<<(gid&63)) != 0 }

// roundTo rounds v to the given number of decimals, without a negative zero
// (which would be written "-0").
func roundTo(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	r := math.Round(v*p) / p
	if r == 0 {
		return 0
	}
	return r
}

// appendNum writes v, already rounded with roundTo, in its shortest form:
// "12", "-3.5", "602.539". The shortest form of a rounded value has no more
// decimals than it was rounded to, and a reader parses it back to the same
// float64, which is what GlyphText's arithmetic relies on.
func appendNum(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

const hexDigits = "0123456789ABCDEF"

func appendHex16(b []byte, v uint16) []byte {
	return append(b, hexDigits[v>>12], hexDigits[v>>8&15], hexDigits[v>>4&15], hexDigits[v&15])
}

// appendUTF16Hex writes s as UTF-16BE hex digits, characters above U+FFFF
// as surrogate pairs.
func appendUTF16Hex(b []byte, s string) []byte {
	for _, r := range s {
		if r1, r2 := utf16.EncodeRune(r); r1 != '\uFFFD' {
			b = appendHex16(appendHex16(b, uint16(r1)), uint16(r2))
		} else {
			b = appendHex16(b, uint16(r))
		}
	}
	return b
}

// glyphTolerance is how far (in points) a glyph may be drawn from the
// position it was given before GlyphText writes a TJ adjustment: below the
// 0.001 pt it promises, well below what any device shows, and large enough
// that the rounding of /W widths alone rarely calls for one.
const glyphTolerance = 0.0005

// GlyphText draws glyphs with the current font (which must be a glyph font,
// see AddGlyphFont) and size, in the current text colour, with the run's
// origin (pen position on the baseline) at (x, y). Each glyph is drawn at
// its own position; actual lists, in order and not overlapping, the ranges
// of glyphs whose text is given as ActualText.
func (f *Fpdf) GlyphText(x, y float64, glyphs []PlacedGlyph, actual []ActualText) {
	if f.err != nil {
		return
	}
	// g or c: an outline glyph font (two-byte codes, one font) or a colour
	// one (one-byte codes over as many Type 3 fonts as it needs).
	g, c := f.currentFont.glyph, f.currentFont.color
	if g == nil && c == nil {
		f.err = fmt.Errorf("fpdf: GlyphText: the current font %q is not a glyph font (see AddGlyphFont, AddColorGlyphFont)", f.fontFamily+f.fontStyle)
		return
	}
	if f.state != 2 {
		f.err = fmt.Errorf("fpdf: GlyphText: no page to draw on (call AddPage first)")
		return
	}
	size := roundTo(f.fontSizePt, 3)
	if size <= 0 {
		f.err = fmt.Errorf("fpdf: GlyphText: the font size is %g pt", f.fontSizePt)
		return
	}
	nGlyphs, buf := 0, (*[]byte)(nil)
	if g != nil {
		nGlyphs, buf = len(g.def.Widths), &g.buf
	} else {
		nGlyphs, buf = len(c.def.Glyphs), &c.buf
	}
	if err := checkGlyphRun(x, y, glyphs, actual, nGlyphs); err != nil {
		f.err = err
		return
	}
	if len(glyphs) == 0 {
		return
	}

	// TJ adjustments are thousandths of the font size: enough decimals that
	// rounding one moves the glyph by at most 0.0001 pt.
	adjDecimals := 0
	for step := 1.0; step*size/2000 > 0.0001 && adjDecimals < 6; step /= 10 {
		adjDecimals++
	}

	b := (*buf)[:0]
	if f.colorFlag {
		b = append(b, "q "...)
		b = append(b, f.color.text.str...)
		b = append(b, ' ')
	}
	b = append(b, "BT"...)
	if g != nil {
		b = append(b, " /F"...)
		b = append(b, f.currentFont.i...)
		b = append(b, ' ')
		b = appendNum(b, size)
		b = append(b, " Tf"...)
	}
	curSub := -1 // a colour font's Type 3 font selected, chosen glyph by glyph

	// lineX, lineY: the text line matrix's origin as a reader computes it
	// from the written Td operands; penX: the text position after the last
	// glyph, from the written widths and adjustments. All in points.
	var lineX, lineY, penX float64
	inArray, inHex := false, false
	endArray := func() {
		if inHex {
			b = append(b, '>')
			inHex = false
		}
		if inArray {
			b = append(b, "] TJ"...)
			inArray = false
		}
	}
	span, inSpan := 0, false
	for i, pg := range glyphs {
		if inSpan && i == actual[span].To {
			endArray()
			b = append(b, " EMC"...)
			inSpan = false
			span++
		}
		if !inSpan && span < len(actual) && i == actual[span].From {
			endArray()
			b = append(b, " /Span <</ActualText <FEFF"...)
			b = appendUTF16Hex(b, actual[span].Text)
			b = append(b, ">>> BDC"...)
			inSpan = true
		}
		var code byte
		if c != nil {
			// Tf changes the font, not the text position: the pen
			// carries on.
			var sub int
			if sub, code = c.place(pg.ID); sub != curSub {
				endArray()
				b = append(b, " /"...)
				b = append(b, subName(f.currentFont.i, sub)...)
				b = append(b, ' ')
				b = appendNum(b, size)
				b = append(b, " Tf"...)
				curSub = sub
			}
		}
		tx := (x + pg.X) * f.k
		ty := (f.h - y - pg.Y) * f.k
		if i == 0 || pg.Y != glyphs[i-1].Y {
			// A glyph off the previous one's baseline (a mark, a
			// superscript) starts a new text line with Td rather than
			// using text rise (Ts): Td changes only the text line
			// matrix, which ends with ET, where Ts is graphics state
			// that outlives the text object and would have to be put
			// back; and Td restarts from an exactly known point, so the
			// horizontal position needs no adjustment either.
			endArray()
			dx, dy := roundTo(tx-lineX, 3), roundTo(ty-lineY, 3)
			b = append(b, ' ')
			b = appendNum(b, dx)
			b = append(b, ' ')
			b = appendNum(b, dy)
			b = append(b, " Td"...)
			lineX += dx
			lineY += dy
			penX = lineX
		} else if d := penX - tx; math.Abs(d) > glyphTolerance {
			// Positive adjustments move the next glyph left. Computed
			// from where the written widths put the pen, not from the
			// caller's advances, so rounding never accumulates.
			if adj := roundTo(d*1000/size, adjDecimals); adj != 0 {
				if inHex {
					b = append(b, '>')
					inHex = false
				}
				if !inArray {
					b = append(b, " ["...)
					inArray = true
				}
				b = appendNum(b, adj)
				penX -= adj * size / 1000
			}
		}
		if !inArray {
			b = append(b, " ["...)
			inArray = true
		}
		if !inHex {
			b = append(b, '<')
			inHex = true
		}
		gid := int(pg.ID)
		if g != nil {
			b = appendHex16(b, pg.ID)
			g.used[gid>>6] |= 1 << (gid & 63)
			penX += g.width(gid) * size / 1000
		} else {
			b = append(b, hexDigits[code>>4], hexDigits[code&15])
			penX += c.width(gid) * size / 1000
		}
	}
	endArray()
	if inSpan {
		b = append(b, " EMC"...)
	}
	b = append(b, " ET"...)
	if f.colorFlag {
		b = append(b, " Q"...)
	}
	b = append(b, '\n')
	must(f.pages[f.page].Write(b)) // f.out's line, without a string copy; state 2 is checked above
	*buf = b
}

// checkGlyphRun checks a run before anything of it is written, so that a
// bad run leaves the page as it was.
func checkGlyphRun(x, y float64, glyphs []PlacedGlyph, actual []ActualText, nGlyphs int) error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if !finite(x) || !finite(y) {
		return fmt.Errorf("fpdf: GlyphText: the run's origin (%g, %g) is not a finite position", x, y)
	}
	for i, pg := range glyphs {
		if int(pg.ID) >= nGlyphs {
			return fmt.Errorf("fpdf: GlyphText: glyph %d has ID %d, but the font has %d glyphs", i, pg.ID, nGlyphs)
		}
		if !finite(pg.X) || !finite(pg.Y) {
			return fmt.Errorf("fpdf: GlyphText: glyph %d's position (%g, %g) is not finite", i, pg.X, pg.Y)
		}
	}
	prev := 0
	for i, a := range actual {
		if a.From < prev || a.To <= a.From || a.To > len(glyphs) {
			return fmt.Errorf("fpdf: GlyphText: ActualText %d covers glyphs [%d, %d) of %d: ranges must be non-empty, in order, not overlapping and within the run",
				i, a.From, a.To, len(glyphs))
		}
		prev = a.To
	}
	return nil
}

// putGlyphFont writes a glyph font: the Type0 font, its CIDFontType2
// descendant, the ToUnicode CMap (when a glyph drawn has text), the font
// descriptor, the font program and the CIDSet, in that order, the Type0
// font first as putfonts expects.
func (f *Fpdf) putGlyphFont(font fontDefType) {
	g := font.glyph
	toUnicode := g.toUnicodeCMap()
	cidN, next := f.n+2, f.n+3
	toUnicodeN := 0
	if toUnicode != nil {
		toUnicodeN = next
		next++
	}
	descN, fileN, cidSetN := next, next+1, next+2

	f.newobj()
	f.outf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R]", g.name, cidN)
	if toUnicodeN != 0 {
		f.outf("/ToUnicode %d 0 R", toUnicodeN)
	}
	f.out(">>")
	f.out("endobj")

	f.newobj()
	f.outf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s", g.name)
	f.outf("/CIDSystemInfo <</Registry %s /Ordering %s /Supplement 0>>", f.textstring("Adobe"), f.textstring("Identity"))
	f.outf("/FontDescriptor %d 0 R /CIDToGIDMap /Identity", descN)
	if w := g.widthArrays(); w != nil {
		f.out(string(w))
	}
	f.out(">>")
	f.out("endobj")

	if toUnicode != nil {
		f.newobj()
		f.putGlyphFontStream(toUnicode, "")
	}

	f.newobj()
	d := font.Desc
	var s fmtBuffer
	s.printf("<</Type /FontDescriptor /FontName /%s /Flags %d", g.name, d.Flags)
	s.printf(" /FontBBox [%d %d %d %d]", d.FontBBox.Xmin, d.FontBBox.Ymin, d.FontBBox.Xmax, d.FontBBox.Ymax)
	s.printf(" /ItalicAngle %s", appendNum(nil, roundTo(g.def.ItalicAngle, 3)))
	s.printf(" /Ascent %d /Descent %d /CapHeight %d /StemV %d", d.Ascent, d.Descent, d.CapHeight, d.StemV)
	s.printf(" /FontFile2 %d 0 R /CIDSet %d 0 R>>", fileN, cidSetN)
	f.out(s.String())
	f.out("endobj")

	f.newobj()
	length1 := " /Length1 " + strconv.Itoa(len(g.def.Program))
	if g.def.Compressed != nil && f.compress && !f.protect.encrypted {
		f.outf("<</Length %d /Filter /FlateDecode%s>>", len(g.def.Compressed), length1)
		f.putstream(g.def.Compressed)
		f.out("endobj")
	} else {
		f.putGlyphFontStream(g.def.Program, length1)
	}

	f.newobj()
	f.putGlyphFontStream(cidSet(len(g.def.Widths)), "")
}

// cidSet is a CIDSet stream's data for a program of n glyphs: a bit per
// CID, the high bit of the first byte CID 0, each set. CIDs are glyph IDs
// (/CIDToGIDMap /Identity), and the caller's program holds just the glyphs
// of its subset, so every CID below n is in it. PDF/A-1 requires a CIDSet
// for a subset font, and PDF/A-2 and -3 that one present name every glyph
// of the program: not only the glyphs drawn, since the program holds more
// (a cut keeps the glyphs composites are built from, .notdef).
func cidSet(n int) []byte {
	b := make([]byte, (n+7)/8)
	for i := range b {
		b[i] = 0xff
	}
	if r := n % 8; r != 0 {
		b[len(b)-1] = 0xff << (8 - r)
	}
	return b
}

// putGlyphFontStream writes the current object's stream dictionary and
// stream, compressed (with a pooled writer) when the document is.
func (f *Fpdf) putGlyphFontStream(data []byte, extra string) {
	if f.compress {
		mem := xmem.compress(data)
		defer mem.release()
		data = mem.bytes()
		extra = " /Filter /FlateDecode" + extra
	} else if f.protect.encrypted {
		// putstream encrypts in place, and data may be the caller's
		// font program.
		data = append([]byte(nil), data...)
	}
	f.outf("<</Length %d%s>>", len(data), extra)
	f.putstream(data)
	f.out("endobj")
}

// widthArrays is the CIDFont's /DW and /W entries. /DW is the commonest
// whole width of the glyphs drawn, and /W gives the others, as runs of
// consecutive glyph IDs "c [w1 w2 …]": glyphs never drawn get no entry.
// /DW must be an integer (ISO 32000-1, table 117): poppler ignores a real
// one and takes 1000, which once made pdftotext join Korean words whose
// glyphs (0.950195 em) were all left to /DW.
func (g *glyphFont) widthArrays() []byte {
	counts := make(map[float64]int)
	listed := 0
	for gid := range g.def.Widths {
		if g.isUsed(gid) {
			listed++
			if w := g.width(gid); w == math.Trunc(w) {
				counts[w]++
			}
		}
	}
	if listed == 0 {
		return nil
	}
	dw, most := 1000.0, 0 // the default when no width is whole
	for w, n := range counts {
		if n > most || n == most && w < dw {
			dw, most = w, n
		}
	}
	b := append([]byte("/DW "), appendNum(nil, dw)...)
	if most == listed {
		return b
	}
	b = append(b, " /W ["...)
	last := -2
	for gid := range g.def.Widths {
		if !g.isUsed(gid) {
			continue
		}
		w := g.width(gid)
		if w == dw {
			continue
		}
		if gid == last+1 {
			b = append(b, ' ')
		} else {
			if last >= 0 {
				b = append(b, "]\n"...)
			}
			b = strconv.AppendInt(b, int64(gid), 10)
			b = append(b, " ["...)
		}
		b = appendNum(b, w)
		last = gid
	}
	return append(b, "]]"...)
}

// toUnicodeCMap is the ToUnicode CMap of the glyphs drawn that have text,
// or nil if none has. Runs of consecutive glyph IDs standing for
// consecutive characters are written as bfrange entries, the rest as
// bfchar: a glyph may stand for several characters (a ligature), and
// characters above U+FFFF are written as surrogate pairs.
func (g *glyphFont) toUnicodeCMap() []byte {
	type entry struct {
		lo, hi int    // glyph IDs, hi > lo for a bfrange
		dst    string // UTF-16BE hex of lo's text
		unit   int    // lo's text as one UTF-16 code unit, or -1
	}
	var chars, ranges []entry
	var cur *entry
	for gid, text := range g.def.ToUnicode {
		if text == "" || !g.isUsed(gid) {
			continue
		}
		unit := -1
		if r := []rune(text); len(r) == 1 && r[0] < 0x10000 && (r[0] < 0xD800 || r[0] > 0xDFFF) {
			unit = int(r[0])
		}
		// A bfrange increments only the last byte of its source and of its
		// destination: it may not cross a multiple of 256 in either.
		if cur != nil && cur.unit >= 0 && unit >= 0 && gid == cur.hi+1 && unit == cur.unit+gid-cur.lo &&
			gid>>8 == cur.lo>>8 && unit>>8 == cur.unit>>8 {
			cur.hi = gid
			continue
		}
		if cur != nil {
			if cur.hi > cur.lo {
				ranges = append(ranges, *cur)
			} else {
				chars = append(chars, *cur)
			}
		}
		cur = &entry{lo: gid, hi: gid, dst: string(appendUTF16Hex(nil, text)), unit: unit}
	}
	if cur == nil {
		return nil
	}
	if cur.hi > cur.lo {
		ranges = append(ranges, *cur)
	} else {
		chars = append(chars, *cur)
	}

	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	// A CMap section holds at most 100 entries.
	for len(chars) > 0 {
		n := min(len(chars), 100)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfchar\n"...)
		for _, e := range chars[:n] {
			b = append(appendHex16(append(b, '<'), uint16(e.lo)), "> <"...)
			b = append(append(b, e.dst...), ">\n"...)
		}
		b = append(b, "endbfchar\n"...)
		chars = chars[n:]
	}
	for len(ranges) > 0 {
		n := min(len(ranges), 100)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfrange\n"...)
		for _, e := range ranges[:n] {
			b = append(appendHex16(append(b, '<'), uint16(e.lo)), "> <"...)
			b = append(appendHex16(b, uint16(e.hi)), "> <"...)
			b = append(append(b, e.dst...), ">\n"...)
		}
		b = append(b, "endbfrange\n"...)
		ranges = ranges[n:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"...)
}
