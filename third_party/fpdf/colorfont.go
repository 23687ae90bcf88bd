// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
)

// ColorGlyphFont is a font whose glyphs are pictures (colour emoji from a
// CBDT or sbix font), for text the caller has shaped itself. It is written
// as Type 3 fonts whose glyph procedures paint each glyph's picture, so
// that the glyphs stay text: the ToUnicode map gives back what each stands
// for in every viewer, and search and copy find it. An image drawn with
// Image would be lost to the text layer.
//
// Glyph IDs are indices in Glyphs. Lengths are in font units.
type ColorGlyphFont struct {
	UnitsPerEm int
	Glyphs     []ColorGlyph
	Name       string // the fonts' name (sanitised as GlyphFont's is)
}

// ColorGlyph is one glyph of a ColorGlyphFont.
type ColorGlyph struct {
	PNG     []byte  // the picture (fpdf keeps it: do not change it afterwards); nil for a glyph that paints nothing
	X, Y    float64 // the picture's lower left corner from the pen on the baseline, Y up
	W, H    float64 // the picture's size (positive)
	Advance int     // the glyph's advance
	Text    string  // what the glyph stands for (several characters for a sequence); "" for nothing

	// Picture, when not nil, is EncodeColorGlyphPicture(PNG), kept by the
	// caller: it is written as it is (compressed, whether or not the
	// document is), and PNG is not read again. fpdf does not check it
	// against PNG.
	Picture *ColorGlyphPicture
}

// colorFont is what fpdf keeps of a ColorGlyphFont; a pointer, shared by
// the copies of the definition SetFont makes.
type colorFont struct {
	def  ColorGlyphFont
	code []uint16 // glyph ID → its place in order of first use + 1; 0 = not drawn yet
	used []uint16 // glyph IDs in order of first use: glyph used[n] is code n%255+1 of Type 3 font n/255
	subN []int    // each Type 3 font's object number, once written
	buf  []byte   // GlyphText's operators, kept between runs as glyphFont's
}

// colorFontType is the Tp of a colour glyph font's definition.
const colorFontType = "ColorGlyph"

// codesPerFont is how many glyphs one Type 3 font holds: its codes are
// single bytes, and 0 is left out (some readers take it for the end of a
// string).
const codesPerFont = 255

// AddColorGlyphFont registers def under familyStr (style ""); SetFont
// selects it and GlyphText draws with it, as with a glyph font. fpdf keeps
// def's slices. Adding the same definition under the same family again does
// nothing; another one under a family already defined is an error, and so
// is a glyph whose picture is not a PNG or whose box is not finite.
func (f *Fpdf) AddColorGlyphFont(familyStr string, def ColorGlyphFont) {
	if f.err != nil {
		return
	}
	finite := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
		return true
	}
	switch {
	case def.UnitsPerEm <= 0:
		f.err = fmt.Errorf("fpdf: AddColorGlyphFont %q: UnitsPerEm is %d, not positive", familyStr, def.UnitsPerEm)
	case len(def.Glyphs) == 0:
		f.err = fmt.Errorf("fpdf: AddColorGlyphFont %q: no glyphs", familyStr)
	case len(def.Glyphs) > 1<<16:
		f.err = fmt.Errorf("fpdf: AddColorGlyphFont %q: %d glyphs, more than the 65,536 glyph IDs a font has", familyStr, len(def.Glyphs))
	}
	for i, g := range def.Glyphs {
		if f.err != nil {
			break
		}
		if g.PNG == nil && g.Picture == nil {
			continue // paints nothing: its box is not used
		}
		if g.Picture == nil { // a Picture is a PNG decoded already
			if _, err := png.DecodeConfig(bytes.NewReader(g.PNG)); err != nil {
				f.err = fmt.Errorf("fpdf: AddColorGlyphFont %q: glyph %d: its picture is not a PNG: %v", familyStr, i, err)
				break
			}
		}
		if !finite(g.X, g.Y, g.W, g.H) || g.W <= 0 || g.H <= 0 {
			f.err = fmt.Errorf("fpdf: AddColorGlyphFont %q: glyph %d: its box (%g, %g, %g, %g) is not a finite, non-empty box", familyStr, i, g.X, g.Y, g.W, g.H)
		}
	}
	if f.err != nil {
		return
	}
	key := getFontKey(fontFamilyEscape(familyStr), "")
	id := colorFontID(key, &def)
	if old, ok := f.fonts[key]; ok {
		if old.color == nil || old.i != id {
			f.err = fmt.Errorf("fpdf: AddColorGlyphFont %q: the font family is already defined", familyStr)
		}
		return
	}
	f.fonts[key] = fontDefType{
		Tp:    colorFontType,
		Name:  pdfFontName(def.Name),
		Cw:    make([]int, 256), // as for glyph fonts: see AddGlyphFont
		i:     id,
		color: &colorFont{def: def, code: make([]uint16, len(def.Glyphs))},
	}
}

// colorFontID names a colour font's resources (/F<id>-<n>), hashing the
// whole definition as glyphFontID does.
func colorFontID(key string, def *ColorGlyphFont) string {
	h := sha1.New()
	var buf [binary.MaxVarintLen64]byte
	putInt := func(v int64) { h.Write(buf[:binary.PutVarint(buf[:], v)]) }
	putString := func(s string) {
		putInt(int64(len(s)))
		h.Write([]byte(s))
	}
	putString(colorFontType)
	putString(key)
	putString(def.Name)
	putInt(int64(def.UnitsPerEm))
	putInt(int64(len(def.Glyphs)))
	for _, g := range def.Glyphs {
		sum := sha1.Sum(g.PNG)
		h.Write(sum[:])
		for _, v := range []float64{g.X, g.Y, g.W, g.H} {
			putInt(int64(math.Float64bits(v)))
		}
		putInt(int64(g.Advance))
		putString(g.Text)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// unit is the scale from font units to the fonts' glyph space, thousandths
// of an em as in glyph fonts, so that GlyphText places a picture glyph by
// the same arithmetic as an outline one.
func (c *colorFont) unit() float64 { return 1000 / float64(c.def.UnitsPerEm) }

// width is glyph gid's advance as /Widths writes it: a whole number of
// thousandths of an em, because MuPDF keeps a Type 3 font's widths as
// integers of that unit (a width of 1245.117 moved each glyph 0.002 pt at
// 20 pt, 1.3 pt over a line of emoji); GlyphText's adjustments put each
// glyph where the caller asked from these widths, in every viewer.
func (c *colorFont) width(gid int) float64 {
	return math.Round(float64(c.def.Glyphs[gid].Advance) * c.unit())
}

// place returns glyph gid's Type 3 font and code, giving it the next ones
// when it is drawn for the first time.
func (c *colorFont) place(gid uint16) (sub int, code byte) {
	n := c.code[gid]
	if n == 0 {
		c.used = append(c.used, gid)
		n = uint16(len(c.used))
		c.code[gid] = n
	}
	return int(n-1) / codesPerFont, byte(int(n-1)%codesPerFont + 1)
}

// subName is the resource name of Type 3 font sub of a colour font.
func subName(id string, sub int) string { return "F" + id + "-" + strconv.Itoa(sub) }

// putColorFont writes a colour font: each distinct picture once, as an
// image XObject (with its palette and soft mask), then each Type 3 font
// with its glyph procedures and ToUnicode map. The pictures come first so
// that the fonts' /Resources can name them: fpdf writes fonts before its
// own images, and these belong to the fonts alone, not to the page.
func (f *Fpdf) putColorFont(font fontDefType) {
	c := font.color
	c.subN = c.subN[:0]
	if len(c.used) == 0 {
		return
	}
	// Pictures, in order of first use, each once (two glyphs may share
	// one).
	imageOf := make([]int, len(c.used)) // by code order: index in images
	var images []int                    // object numbers
	seen := map[[sha1.Size]byte]int{}
	for n, gid := range c.used {
		g := c.def.Glyphs[gid]
		if g.PNG == nil && g.Picture == nil {
			imageOf[n] = -1
			continue
		}
		pic := g.Picture
		if pic == nil {
			var compress func([]byte) []byte
			if f.compress {
				compress = func(b []byte) []byte {
					mem := xmem.compress(b)
					defer mem.release()
					return mem.copy()
				}
			}
			var err error
			if pic, err = encodePicture(g.PNG, compress); err != nil {
				f.err = fmt.Errorf("fpdf: colour glyph font %s: glyph %d: %v", font.Name, gid, err)
				return
			}
		}
		k, ok := seen[pic.sum]
		if !ok {
			k = len(images)
			images = append(images, f.putPicture(pic))
			seen[pic.sum] = k
		}
		imageOf[n] = k
	}
	u := c.unit()
	for start := 0; start < len(c.used); start += codesPerFont {
		end := min(start+codesPerFont, len(c.used))
		// Glyph procedures: d0, for a glyph that sets its own colours,
		// then the picture scaled to its box.
		procs := make([]int, end-start)
		bbox := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for n := start; n < end; n++ {
			g := c.def.Glyphs[c.used[n]]
			var b []byte
			b = appendNum(b, c.width(int(c.used[n])))
			b = append(b, " 0 d0"...)
			if imageOf[n] < 0 {
				f.newobj()
				procs[n-start] = f.n
				f.putGlyphFontStream(b, "")
				continue
			}
			x, y, w, h := roundTo(g.X*u, 3), roundTo(g.Y*u, 3), roundTo(g.W*u, 3), roundTo(g.H*u, 3)
			bbox = [4]float64{min(bbox[0], x), min(bbox[1], y), max(bbox[2], x+w), max(bbox[3], y+h)}
			b = append(b, " q "...)
			for _, v := range []float64{w, 0, 0, h, x, y} {
				b = append(appendNum(b, v), ' ')
			}
			b = append(b, "cm /E"...)
			b = strconv.AppendInt(b, int64(imageOf[n]), 10)
			b = append(b, " Do Q"...)
			f.newobj()
			procs[n-start] = f.n
			f.putGlyphFontStream(b, "")
		}
		if math.IsInf(bbox[0], 1) {
			bbox = [4]float64{} // no glyph paints: "no assumption", ISO 32000-1 9.6.5
		}
		var toUnicode []byte
		for n := start; n < end; n++ {
			if t := c.def.Glyphs[c.used[n]].Text; t != "" {
				toUnicode = append(toUnicode, '<')
				toUnicode = append(toUnicode, hexDigits[(n-start+1)>>4], hexDigits[(n-start+1)&15])
				toUnicode = append(appendUTF16Hex(append(toUnicode, "> <"...), t), ">\n"...)
			}
		}
		toUnicodeN := 0
		if toUnicode != nil {
			f.newobj()
			toUnicodeN = f.n
			f.putGlyphFontStream(simpleToUnicode(toUnicode), "")
		}
		// Code 0 is a blank glyph named m, 0.6 em wide, never drawn.
		// Poppler (pdftotext, Evince) cannot know a Type 3 font's scale
		// without rendering it, so its text extraction guesses it from the
		// width of the glyph named m, taken to be 0.6 em, else of the first
		// glyph (a colour glyph of 1.245 em read as 0.5 em): the emoji
		// became text two and a half times its size, and pdftotext took
		// each for a line of its own, out of the sentence it belongs to.
		f.newobj()
		mProc := f.n
		f.putGlyphFontStream([]byte("600 0 d0"), "")
		f.newobj()
		c.subN = append(c.subN, f.n)
		var s fmtBuffer
		s.printf("<</Type /Font /Subtype /Type3 /Name /%s", subName(font.i, start/codesPerFont))
		s.printf(" /FontBBox [%s %s %s %s]", appendNum(nil, bbox[0]), appendNum(nil, bbox[1]), appendNum(nil, bbox[2]), appendNum(nil, bbox[3]))
		s.printf(" /FontMatrix [0.001 0 0 0.001 0 0] /FirstChar 0 /LastChar %d", end-start)
		s.printf("\n/Encoding <</Type /Encoding /Differences [0 /m")
		for n := start; n < end; n++ {
			s.printf(" /g%d", n-start+1)
		}
		s.printf("]>>\n/CharProcs <</m %d 0 R ", mProc)
		for n := start; n < end; n++ {
			s.printf("/g%d %d 0 R ", n-start+1, procs[n-start])
		}
		s.printf(">>\n/Widths [600 ")
		for n := start; n < end; n++ {
			s.printf("%s ", appendNum(nil, c.width(int(c.used[n]))))
		}
		s.printf("]\n/Resources <</XObject <<")
		done := map[int]bool{}
		for n := start; n < end; n++ {
			if k := imageOf[n]; k >= 0 && !done[k] {
				done[k] = true
				s.printf("/E%d %d 0 R ", k, images[k])
			}
		}
		s.printf(">>>>")
		if toUnicodeN != 0 {
			s.printf(" /ToUnicode %d 0 R", toUnicodeN)
		}
		s.printf(">>")
		f.out(s.String())
		f.out("endobj")
	}
}

// simpleToUnicode wraps bfchar lines (one per code, codes one byte) as a
// ToUnicode CMap, in sections of at most 100 entries.
func simpleToUnicode(lines []byte) []byte {
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	for len(lines) > 0 {
		n, end := 0, 0
		for end < len(lines) && n < 100 {
			end += bytes.IndexByte(lines[end:], '\n') + 1
			n++
		}
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfchar\n"...)
		b = append(b, lines[:end]...)
		b = append(b, "endbfchar\n"...)
		lines = lines[end:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"...)
}

// ColorGlyphPicture is a colour glyph's picture encoded as fpdf writes it:
// made by EncodeColorGlyphPicture, for ColorGlyph.Picture.
type ColorGlyphPicture struct {
	sum                    [sha1.Size]byte // of the PNG: one picture per document for equal PNGs
	width, height          int
	colors                 int    // palette entries; 0: RGB
	palette, alpha, pixels []byte // alpha nil: opaque
	compressed             bool
}

// EncodeColorGlyphPicture decodes a PNG and encodes it as a colour glyph
// font writes it, compressed at zlib's default level (for Noto Color
// Emoji's pictures, 10% smaller than the best speed a document uses, for
// 0.3 ms more a picture; the best level saved 3% more for 5 ms more). A
// caller that draws the
// same glyphs in many documents may keep the result and hand it over as
// ColorGlyph.Picture, so that each picture is decoded and compressed once
// rather than once a document (most of the time a document with emoji took
// to write). It is read only: safe to share between documents and
// goroutines.
func EncodeColorGlyphPicture(data []byte) (*ColorGlyphPicture, error) {
	return encodePicture(data, func(b []byte) []byte {
		var buf bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&buf, zlib.DefaultCompression)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	})
}

// encodePicture decodes a PNG and encodes it with compress (nil: not
// compressed). It is decoded and written again rather than passed through
// as fpdf's Image does: colour emoji are mostly palette PNGs whose
// transparency table gives each colour its own alpha (the anti-aliased
// edge), which fpdf's reader turns into a colour key, one fully transparent
// colour, leaving the edges opaque. A palette picture stays a palette
// (/Indexed, a byte a pixel) with its alpha as an /SMask; any other is
// written as RGB with an /SMask.
func encodePicture(data []byte, compress func([]byte) []byte) (*ColorGlyphPicture, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	pic := &ColorGlyphPicture{sum: sha1.Sum(data), width: w, height: h, compressed: compress != nil}
	var pixels, alpha, palette []byte
	opaque := true
	if p, ok := img.(*image.Paletted); ok && len(p.Palette) > 0 && len(p.Palette) <= 256 {
		alphas := make([]byte, len(p.Palette))
		for i, pc := range p.Palette {
			nc := color.NRGBAModel.Convert(pc).(color.NRGBA)
			palette = append(palette, nc.R, nc.G, nc.B)
			alphas[i] = nc.A
		}
		pic.colors = len(p.Palette)
		pixels = make([]byte, 0, w*h)
		alpha = make([]byte, 0, w*h)
		for y := range h {
			for _, ix := range p.Pix[y*p.Stride : y*p.Stride+w] {
				if int(ix) >= len(alphas) {
					ix = 0 // image/png refuses such a PNG; kept safe all the same
				}
				pixels = append(pixels, ix)
				alpha = append(alpha, alphas[ix])
				opaque = opaque && alphas[ix] == 255
			}
		}
	} else {
		pixels = make([]byte, 0, 3*w*h)
		alpha = make([]byte, 0, w*h)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				nc := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				pixels = append(pixels, nc.R, nc.G, nc.B)
				alpha = append(alpha, nc.A)
				opaque = opaque && nc.A == 255
			}
		}
	}
	if opaque {
		alpha = nil
	}
	if compress == nil {
		compress = func(b []byte) []byte { return b }
	}
	if palette != nil {
		pic.palette = compress(palette)
	}
	if alpha != nil {
		pic.alpha = compress(alpha)
	}
	pic.pixels = compress(pixels)
	return pic, nil
}

// putPicture writes a picture as an image XObject (after its palette and
// soft mask) and returns its object number.
func (f *Fpdf) putPicture(pic *ColorGlyphPicture) int {
	paletteN, smaskN := 0, 0
	if pic.colors > 0 {
		f.newobj()
		paletteN = f.n
		f.putPictureStream("", pic.palette, pic.compressed)
	}
	if pic.alpha != nil {
		f.newobj()
		smaskN = f.n
		f.putPictureStream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8", pic.width, pic.height), pic.alpha, pic.compressed)
	}
	f.newobj()
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8", pic.width, pic.height)
	if pic.colors > 0 {
		dict += fmt.Sprintf(" /ColorSpace [/Indexed /DeviceRGB %d %d 0 R]", pic.colors-1, paletteN)
	} else {
		dict += " /ColorSpace /DeviceRGB"
	}
	if smaskN != 0 {
		dict += fmt.Sprintf(" /SMask %d 0 R", smaskN)
	}
	f.putPictureStream(dict, pic.pixels, pic.compressed)
	return f.n
}

// putPictureStream writes the current object as a stream with the given
// dictionary entries and data, compressed already or not.
func (f *Fpdf) putPictureStream(dict string, data []byte, compressed bool) {
	if compressed {
		dict += " /Filter /FlateDecode"
	}
	if f.protect.encrypted {
		data = append([]byte(nil), data...) // putstream encrypts in place; the data may be shared
	}
	if dict != "" && dict[0] == ' ' {
		dict = dict[1:]
	}
	f.outf("<<%s /Length %d>>", dict, len(data))
	f.putstream(data)
	f.out("endobj")
}
