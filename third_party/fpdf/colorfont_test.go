package fpdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// testPicture is a small PNG: a palette picture whose colours have their
// own alpha (as colour emoji are stored: transparent, a half-transparent
// edge, opaque ink), or an RGBA one. seed makes each picture distinct.
func testPicture(t testing.TB, seed int, paletted bool) []byte {
	t.Helper()
	const w, h = 12, 10
	var img image.Image
	if paletted {
		p := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{
			color.NRGBA{0, 0, 0, 0}, color.NRGBA{200, 0, 0, 128}, color.NRGBA{0, 0, uint8(seed), 255}, color.NRGBA{uint8(seed >> 8), 90, 0, 255},
		})
		for y := range h {
			for x := range w {
				switch {
				case x == 0 || y == 0 || x == w-1 || y == h-1:
					p.SetColorIndex(x, y, 0)
				case x == 1 || y == 1:
					p.SetColorIndex(x, y, 1)
				case (x+y)%2 == 0:
					p.SetColorIndex(x, y, 2)
				default:
					p.SetColorIndex(x, y, 3)
				}
			}
		}
		img = p
	} else {
		p := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				p.SetNRGBA(x, y, color.NRGBA{uint8(20 * x), uint8(seed), uint8(20 * y), uint8(255 - 10*x)})
			}
		}
		img = p
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testColorFont is a colour font of n glyphs, each with its own picture
// and standing for its own text: glyph 0 for a ZWJ sequence (several
// characters), the others for one emoji each. 2048 units per em, pictures
// placed as Noto Color Emoji places its own (a little below the baseline).
func testColorFont(t testing.TB, n int) ColorGlyphFont {
	def := ColorGlyphFont{UnitsPerEm: 2048, Name: "Test Color Emoji"}
	for i := range n {
		text := string(rune(0x1F300 + i))
		if i == 0 {
			text = "\U0001F469\u200D\U0001F52C" // woman scientist
		}
		def.Glyphs = append(def.Glyphs, ColorGlyph{
			PNG: testPicture(t, i, i%3 != 2), X: 0, Y: -500, W: 2555.3, H: 2405, Advance: 2550, Text: text,
		})
	}
	return def
}

// colorTestDoc draws the runs of glyph IDs, one line each, with some
// outline text around, and returns the document and the text each run
// stands for.
func colorTestDoc(t testing.TB, def ColorGlyphFont, lines [][]uint16) (*Fpdf, []string) {
	pdf := New("P", "pt", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.AddColorGlyphFont("Emoji", def)
	pdf.AddPage()
	var texts []string
	const size = 20.0
	for i, ids := range lines {
		y := 40 + float64(i%30)*25
		if i > 0 && i%30 == 0 {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "", 12)
		pdf.Text(20, y, "Line")
		pdf.SetFont("Emoji", "", size)
		var glyphs []PlacedGlyph
		var text strings.Builder
		x := 0.0
		for _, id := range ids {
			glyphs = append(glyphs, PlacedGlyph{ID: id, X: x})
			x += float64(def.Glyphs[id].Advance) * size / float64(def.UnitsPerEm)
			text.WriteString(def.Glyphs[id].Text)
		}
		pdf.GlyphText(60, y, glyphs, nil)
		texts = append(texts, text.String())
	}
	return pdf, texts
}

var (
	type3Font   = regexp.MustCompile(`/Subtype /Type3`)
	imageObject = regexp.MustCompile(`/Subtype /Image`)
	smaskEntry  = regexp.MustCompile(`/SMask \d+ 0 R`)
)

// An emoji drawn 50 times is one picture in the file; each of 20 distinct
// ones is one too, each with its soft mask; the document is well formed.
func TestColorFontPicturesOnce(t *testing.T) {
	def := testColorFont(t, 20)
	same := make([]uint16, 50)
	for i := range same {
		same[i] = 5
	}
	pdf, _ := colorTestDoc(t, def, [][]uint16{same[:25], same[25:]})
	pdf.SetCompression(false)
	out := string(writePDF(t, pdf))
	// Each picture is two image objects: the colours and the soft mask.
	if n, m := len(imageObject.FindAllString(out, -1)), len(smaskEntry.FindAllString(out, -1)); n != 2 || m != 1 {
		t.Errorf("one emoji drawn 50 times: %d image objects, %d soft masks; want 2 and 1", n, m)
	}
	all := make([]uint16, 20)
	for i := range all {
		all[i] = uint16(i)
	}
	pdf, _ = colorTestDoc(t, def, [][]uint16{all, all[3:9], all[:1]})
	pdf.SetCompression(false)
	out = string(writePDF(t, pdf))
	if n, m := len(imageObject.FindAllString(out, -1)), len(smaskEntry.FindAllString(out, -1)); n != 40 || m != 20 {
		t.Errorf("20 emoji, some drawn again: %d image objects, %d soft masks; want 40 and 20", n, m)
	}
	if n := len(type3Font.FindAllString(out, -1)); n != 1 {
		t.Errorf("%d Type 3 fonts for 20 glyphs, want 1", n)
	}
	if !strings.Contains(out, "/ColorSpace [/Indexed /DeviceRGB 3 ") {
		t.Error("a palette picture was not kept as a palette")
	}
	runTool(t, "qpdf", "--check", savePDF(t, []byte(out)))
}

// A glyph without a picture paints nothing, and its text is still there.
func TestColorFontEmptyGlyph(t *testing.T) {
	def := testColorFont(t, 3)
	def.Glyphs[1].PNG = nil
	def.Glyphs[1].X = math.NaN() // not used
	pdf, texts := colorTestDoc(t, def, [][]uint16{{1, 2}})
	pdf.SetCompression(false)
	out := writePDF(t, pdf)
	if n := len(imageObject.FindAllString(string(out), -1)); n != 2 { // glyph 2's RGB picture and its mask
		t.Errorf("%d image objects, want 2", n)
	}
	if !bytes.Contains(out, []byte("stream\n1245 0 d0\nendstream")) {
		t.Error("no empty glyph procedure")
	}
	path := savePDF(t, out)
	runTool(t, "qpdf", "--check", path)
	if got := runTool(t, "pdftotext", path, "-"); !strings.Contains(got, texts[0]) {
		t.Errorf("pdftotext gave %q, want %q", got, texts[0])
	}
}

// Two glyphs with the same picture share it.
func TestColorFontSharedPicture(t *testing.T) {
	def := testColorFont(t, 3)
	def.Glyphs[2].PNG = def.Glyphs[1].PNG
	pdf, _ := colorTestDoc(t, def, [][]uint16{{0, 1, 2}})
	pdf.SetCompression(false)
	out := string(writePDF(t, pdf))
	if n := len(imageObject.FindAllString(out, -1)); n != 4 {
		t.Errorf("three glyphs, two pictures: %d image objects, want 4", n)
	}
}

// More glyphs than one Type 3 font holds: several fonts, each glyph
// traced once where it was drawn, and every one's text given back.
func TestColorFontManyGlyphs(t *testing.T) {
	def := testColorFont(t, 600)
	var lines [][]uint16
	for i := 0; i < 600; i += 20 {
		var l []uint16
		for j := i; j < i+20; j++ {
			l = append(l, uint16(599-j)) // drawn in reverse: codes follow first use, not IDs
		}
		lines = append(lines, l)
	}
	pdf, texts := colorTestDoc(t, def, lines)
	data := writePDF(t, pdf)
	path := savePDF(t, data)
	runTool(t, "qpdf", "--check", path)
	pdf, _ = colorTestDoc(t, def, lines)
	pdf.SetCompression(false)
	if n := len(type3Font.FindAllString(string(writePDF(t, pdf)), -1)); n != 3 {
		t.Errorf("600 glyphs: %d Type 3 fonts, want 3", n)
	}
	got := runTool(t, "pdftotext", "-layout", path, "-")
	for _, want := range texts {
		if !strings.Contains(got, want) {
			t.Errorf("pdftotext lost %q:\n%s", want, got)
			break
		}
	}
	checkTrace(t, path, def, lines, 0)
}

var traceType3Glyph = regexp.MustCompile(`<g unicode="([^"]*)" glyph="\d+" x="([-0-9.]+)" y="([-0-9.]+)"`)

// checkTrace checks mutool's trace of a colour test document: one glyph
// per glyph drawn, at its place, standing for its text. mutool writes a
// glyph's further characters as entries without a glyph, left out here,
// and garbles a sequence's surrogate pairs, so only the text of a glyph
// that stands for one character is compared (pdftotext's tests check the
// sequences).
func checkTrace(t *testing.T, path string, def ColorGlyphFont, lines [][]uint16, extra int) {
	t.Helper()
	trace := runTool(t, "mutool", "trace", path)
	got := traceType3Glyph.FindAllStringSubmatch(trace, -1)
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	if len(got) != n+extra {
		t.Fatalf("mutool traced %d colour glyphs, want %d", len(got), n)
	}
	k := 0
	for i, l := range lines {
		x := 60.0
		for _, id := range l {
			wantY := 841.89 - (40 + float64(i%30)*25)
			gx, _ := fmtFloat(got[k][2])
			gy, _ := fmtFloat(got[k][3])
			text := def.Glyphs[id].Text
			if utf8.RuneCountInString(text) > 1 {
				text = got[k][1]
			}
			if got[k][1] != text || math.Abs(gx-x) > 0.01 || math.Abs(gy-wantY) > 0.01 {
				t.Errorf("glyph %d (line %d): traced %q at (%v, %v), want %q at (%.2f, %.2f)", k, i, got[k][1], gx, gy, text, x, wantY)
			}
			x += float64(def.Glyphs[id].Advance) * 20 / float64(def.UnitsPerEm)
			k++
		}
	}
}

func fmtFloat(s string) (float64, error) {
	var v float64
	_, err := fmt.Sscan(s, &v)
	return v, err
}

// pdftotext gives back each glyph's whole sequence, and an ActualText
// span still replaces what it covers.
func TestColorFontText(t *testing.T) {
	def := testColorFont(t, 4)
	pdf, texts := colorTestDoc(t, def, [][]uint16{{0, 1}, {2, 3, 0}})
	pdf.SetFont("Emoji", "", 20)
	pdf.GlyphText(60, 200, []PlacedGlyph{{ID: 1}, {ID: 2, X: 25}}, []ActualText{{From: 1, To: 2, Text: "spanned"}})
	path := savePDF(t, writePDF(t, pdf))
	got := runTool(t, "pdftotext", path, "-")
	for _, want := range append(texts, string(rune(0x1F301))+"spanned") {
		if !strings.Contains(got, want) {
			t.Errorf("pdftotext gave %q, want %q in it", got, want)
		}
	}
	checkTrace(t, path, def, [][]uint16{{0, 1}, {2, 3, 0}}, 2)
}

func TestColorFontDeterministic(t *testing.T) {
	def := testColorFont(t, 300)
	ids := make([]uint16, 300)
	for i := range ids {
		ids[i] = uint16((i * 7) % 300)
	}
	write := func() []byte {
		pdf, _ := colorTestDoc(t, def, [][]uint16{ids[:150], ids[150:]})
		return writePDF(t, pdf)
	}
	if a, b := write(), write(); !bytes.Equal(a, b) {
		t.Error("two writes of one document differ")
	}
}

// The soft mask is the pictures' own alpha, colour by colour: a
// half-transparent edge stays half transparent (fpdf's Image would have
// made it opaque, keeping one transparent colour as a key).
func TestColorFontAlpha(t *testing.T) {
	def := testColorFont(t, 1)
	pdf, _ := colorTestDoc(t, def, [][]uint16{{0}})
	pdf.SetCompression(false)
	out := string(writePDF(t, pdf))
	m := regexp.MustCompile(`/ColorSpace /DeviceGray /BitsPerComponent 8 /Length (\d+)>>\nstream\n`).FindStringSubmatchIndex(out)
	if m == nil {
		t.Fatal("no soft mask")
	}
	alpha := out[m[1] : m[1]+12*10]
	want := []byte{0, 0, 128, 128, 255}
	for i, at := range []int{0, 12, 13, 14, 26} {
		if alpha[at] != want[i] {
			t.Errorf("alpha at pixel %d is %d, want %d", at, alpha[at], want[i])
		}
	}
}

func TestColorFontErrors(t *testing.T) {
	good := testColorFont(t, 2)
	bad := func(change func(*ColorGlyphFont)) ColorGlyphFont {
		def := testColorFont(t, 2)
		change(&def)
		return def
	}
	for _, c := range []struct {
		name string
		do   func(*Fpdf)
		want string
	}{
		{"no units", func(p *Fpdf) { p.AddColorGlyphFont("E", bad(func(d *ColorGlyphFont) { d.UnitsPerEm = 0 })) }, "UnitsPerEm is 0"},
		{"no glyphs", func(p *Fpdf) { p.AddColorGlyphFont("E", ColorGlyphFont{UnitsPerEm: 1000}) }, "no glyphs"},
		{"not a PNG", func(p *Fpdf) {
			p.AddColorGlyphFont("E", bad(func(d *ColorGlyphFont) { d.Glyphs[1].PNG = []byte("GIF89a") }))
		}, "glyph 1: its picture is not a PNG"},
		{"NaN box", func(p *Fpdf) {
			p.AddColorGlyphFont("E", bad(func(d *ColorGlyphFont) { d.Glyphs[0].X = math.NaN() }))
		}, "not a finite, non-empty box"},
		{"empty box", func(p *Fpdf) { p.AddColorGlyphFont("E", bad(func(d *ColorGlyphFont) { d.Glyphs[0].H = 0 })) }, "non-empty box"},
		{"family taken", func(p *Fpdf) {
			p.AddColorGlyphFont("E", good)
			p.AddColorGlyphFont("E", bad(func(d *ColorGlyphFont) { d.Glyphs[0].Advance = 1 }))
		}, "already defined"},
		{"glyph out of range", func(p *Fpdf) {
			p.AddColorGlyphFont("E", good)
			p.AddPage()
			p.SetFont("E", "", 12)
			p.GlyphText(0, 0, []PlacedGlyph{{ID: 2}}, nil)
		}, "glyph 0 has ID 2, but the font has 2 glyphs"},
		{"Text", func(p *Fpdf) {
			p.AddColorGlyphFont("E", good)
			p.AddPage()
			p.SetFont("E", "", 12)
			p.Text(0, 0, "x")
		}, "draw it with GlyphText"},
		{"broken PNG drawn", func(p *Fpdf) {
			def := bad(func(d *ColorGlyphFont) { d.Glyphs[1].PNG = d.Glyphs[1].PNG[:60] }) // header whole, data cut
			p.AddColorGlyphFont("E", def)
			p.AddPage()
			p.SetFont("E", "", 12)
			p.GlyphText(0, 0, []PlacedGlyph{{ID: 1}}, nil)
		}, "glyph 1: "},
	} {
		pdf := New("P", "pt", "A4", "")
		c.do(pdf)
		err := pdf.Output(&bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}
	// The same definition twice under one family is no error.
	pdf := New("P", "pt", "A4", "")
	pdf.AddColorGlyphFont("E", good)
	pdf.AddColorGlyphFont("E", testColorFont(t, 2))
	pdf.AddPage()
	if err := pdf.Output(&bytes.Buffer{}); err != nil {
		t.Errorf("the same font added twice: %v", err)
	}
}

// A picture encoded by the caller is written as it is: the same document
// as with the PNG given (but for its compression level), in every viewer,
// and each still once; an undecodable PNG is an error.
func TestColorFontEncodedPictures(t *testing.T) {
	def := testColorFont(t, 6)
	lines := [][]uint16{{0, 1, 2}, {3, 4, 5, 1}}
	plain, texts := colorTestDoc(t, def, lines)
	want := writePDF(t, plain)
	for i := range def.Glyphs {
		pic, err := EncodeColorGlyphPicture(def.Glyphs[i].PNG)
		if err != nil {
			t.Fatal(err)
		}
		def.Glyphs[i].Picture = pic
	}
	def.Glyphs[4].PNG = nil // not read when the picture is given
	pdf, _ := colorTestDoc(t, def, lines)
	got := writePDF(t, pdf)
	if bytes.Equal(got, want) || len(got) > len(want) {
		t.Errorf("encoded pictures: %d bytes, against %d from the PNGs: not used, or compressed worse", len(got), len(want))
	}
	path := savePDF(t, got)
	runTool(t, "qpdf", "--check", path)
	text := runTool(t, "pdftotext", path, "-")
	for _, w := range texts {
		if !strings.Contains(text, w) {
			t.Errorf("pdftotext lost %q", w)
		}
	}
	checkTrace(t, path, def, lines, 0)
	// Rendered alike: the pictures decode to the same pixels.
	a, b := runTool(t, "mutool", "draw", "-q", "-r", "72", "-F", "ppm", "-o", "-", savePDF(t, want)), runTool(t, "mutool", "draw", "-q", "-r", "72", "-F", "ppm", "-o", "-", path)
	if len(a) < 1000 || a != b {
		t.Error("the encoded pictures draw unlike the PNGs")
	}
	pdf, _ = colorTestDoc(t, def, lines)
	pdf.SetCompression(false)
	pdf.SetProtection(0, "", "owner")
	runTool(t, "qpdf", "--check", "--password=owner", savePDF(t, writePDF(t, pdf)))
	if _, err := EncodeColorGlyphPicture([]byte("\x89PNG\r\n\x1a\n broken")); err == nil {
		t.Error("a broken PNG encoded without an error")
	}
}

// pdftotext's reading of a page (its default mode, which groups glyphs into
// lines by their size and place) keeps a colour glyph in the sentence
// around it: it sized a Type 3 font from the width of its first glyph, read
// as half an em, until each font got a glyph named m (colorfont.go).
func TestColorFontInLine(t *testing.T) {
	def := testColorFont(t, 2)
	pdf := New("P", "pt", "A4", "")
	pdf.AddColorGlyphFont("Emoji", def)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 11)
	pdf.Text(60, 100, "before")
	w := pdf.GetStringWidth("before ")
	pdf.SetFont("Emoji", "", 11)
	pdf.GlyphText(60+w, 100, []PlacedGlyph{{ID: 1}}, nil)
	pdf.SetFont("Helvetica", "", 11)
	pdf.Text(60+w+11*2550.0/2048, 100, " after")
	pdf.Text(60, 114, "next line")
	got := runTool(t, "pdftotext", savePDF(t, writePDF(t, pdf)), "-")
	want := "before " + def.Glyphs[1].Text + " after\nnext line"
	if !strings.Contains(got, want) {
		t.Errorf("pdftotext gave %q, want %q in it", got, want)
	}
}
