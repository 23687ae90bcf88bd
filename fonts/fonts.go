// Package fonts holds the embedded TrueType fonts of pdfexport and their
// metrics: which characters each face can draw and how wide they are. Layout
// measures text with it; the PDF backend embeds the same bytes. Both are read
// from the one embedded copy, so the widths the line breaker uses are the
// widths the PDF viewer draws.
//
// The text faces are Noto Serif (regular, italic, bold, bold italic) and Noto
// Sans (regular, bold), covering Latin with Vietnamese, Greek and Cyrillic.
// Characters they lack are drawn with the first face of the fallback chain
// that has them (For): Noto Serif Hebrew, Noto Naskh Arabic (with the Arabic
// presentation forms that layout shapes into), Noto Serif Devanagari, Noto
// Serif Thai, Droid Sans Fallback (Chinese and Japanese), Nanum Myeongjo
// (Korean), Noto Sans Symbols 2 and DejaVu Sans (symbols, arrows, math). All
// are TrueType outlines, which the PDF library requires; licences lie beside
// the files (noto/OFL.txt, droid/LICENSE.txt, nanum/LICENSE.txt,
// dejavu/LICENSE.txt). A face a document does not use costs it nothing.
//
// A document's PDF embeds only the glyphs it draws: Subset cuts them from a
// face, against tables parsed once per process (see subset.go).
//
// Metrics are parsed once per process, on first use of a face, into flat
// tables for the Basic Multilingual Plane. Characters beyond it (U+10000 and
// up: emoji, rare CJK) are reported as not covered: the PDF library in use
// cannot encode them, so they must be replaced before they reach it.
package fonts

import (
	"embed"
	"fmt"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

//go:embed noto/*.ttf droid/*.ttf nanum/*.ttf dejavu/*.ttf
var files embed.FS

// Face is one embedded font face.
type Face uint8

// The embedded faces: the text faces first, then the fallbacks in the order
// they are tried.
const (
	Serif Face = iota
	SerifItalic
	SerifBold
	SerifBoldItalic
	Sans
	SansBold
	Hebrew
	Arabic
	Devanagari
	Thai
	CJK
	Korean
	Symbols
	DejaVu
	numFaces
)

// Faces lists every embedded face, in a fixed order.
func Faces() []Face {
	out := make([]Face, numFaces)
	for i := range out {
		out[i] = Face(i)
	}
	return out
}

var facePaths = [numFaces]string{
	"noto/NotoSerif-Regular.ttf", "noto/NotoSerif-Italic.ttf", "noto/NotoSerif-Bold.ttf", "noto/NotoSerif-BoldItalic.ttf",
	"noto/NotoSans-Regular.ttf", "noto/NotoSans-Bold.ttf",
	"noto/NotoSerifHebrew-Regular.ttf", "noto/NotoNaskhArabic-Regular.ttf", "noto/NotoSerifDevanagari-Regular.ttf",
	"noto/NotoSerifThai-Regular.ttf", "droid/DroidSansFallbackFull.ttf", "nanum/NanumMyeongjo.ttf",
	"noto/NotoSansSymbols2-Regular.ttf", "dejavu/DejaVuSans.ttf",
}

// fallbacks are tried in order for a character the chosen face lacks. A
// symbol (an arrow, a mathematical or other sign) goes to the symbol faces
// first (symbolFallbacks): the Chinese and Korean faces have many symbols
// too, but drawn to sit among ideographs, and each is a 4 MB face to load
// (an arrow in a German article once doubled the render's memory).
var (
	fallbacks       = []Face{Hebrew, Arabic, Devanagari, Thai, CJK, Korean, Symbols, DejaVu}
	symbolFallbacks = []Face{Symbols, DejaVu, Hebrew, Arabic, Devanagari, Thai, CJK, Korean}
)

// String returns the face's file name without its extension, e.g. "NotoSerif-Regular".
func (f Face) String() string {
	if f >= numFaces {
		return fmt.Sprintf("Face(%d)", f)
	}
	p := facePaths[f]
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			p = p[i+1:]
			break
		}
	}
	return p[:len(p)-len(".ttf")]
}

// Data returns the face's TrueType file. The slice is shared: do not modify it.
func (f Face) Data() []byte {
	b, err := files.ReadFile(facePaths[f])
	if err != nil {
		panic("fonts: embedded face missing: " + f.String()) // a build defect, caught by the tests
	}
	return b
}

// For returns the face that draws r in text set in face f: f itself when it
// has r, else the first fallback that has it. ok is false when no embedded
// face can draw r. Fallback faces are parsed only when a character needs them.
func For(f Face, r rune) (face Face, ok bool) {
	if f.Metrics().Has(r) {
		return f, true
	}
	if r >= 0x10000 {
		return f, false // no face may draw beyond the BMP (see the package comment)
	}
	chain := fallbacks
	if unicode.In(r, unicode.S) {
		chain = symbolFallbacks
	}
	for _, fb := range chain {
		if fb != f && fb.Metrics().Has(r) {
			return fb, true
		}
	}
	return f, false
}

// Replacement is the character drawn in place of one that no face can draw:
// U+FFFD, which every embedded face has, so the gap is visible to a reader.
const Replacement = '\uFFFD'

// Metrics are the measurements of one face, in font units.
type Metrics struct {
	UnitsPerEm int32
	Ascent     int32 // above the baseline, positive
	Descent    int32 // below the baseline, positive
	advance    []uint16
	glyph      []uint16 // glyph index per BMP character, 0 for none
	covered    []uint64 // one bit per BMP character
}

var (
	metricsOnce [numFaces]sync.Once
	metrics     [numFaces]*Metrics
)

// Metrics returns the face's metrics, parsing the font on first use. Safe for
// concurrent use.
func (f Face) Metrics() *Metrics {
	metricsOnce[f].Do(func() {
		m, err := parse(f.Data())
		if err != nil {
			panic(fmt.Sprintf("fonts: embedded face %s: %v", f, err)) // a build defect
		}
		metrics[f] = m
	})
	return metrics[f]
}

func parse(data []byte) (*Metrics, error) {
	fnt, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	upm := fnt.UnitsPerEm()
	ppem := fixed.I(int(upm)) // one pixel per font unit: advances come back in font units
	fm, err := fnt.Metrics(&buf, ppem, font.HintingNone)
	if err != nil {
		return nil, err
	}
	m := &Metrics{
		UnitsPerEm: int32(upm),
		Ascent:     int32(fm.Ascent.Round()),
		Descent:    int32(fm.Descent.Round()),
		advance:    make([]uint16, 0x10000),
		glyph:      make([]uint16, 0x10000),
		covered:    make([]uint64, 0x10000/64),
	}
	for r := rune(0); r < 0x10000; r++ {
		g, err := fnt.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			continue
		}
		adv, err := fnt.GlyphAdvance(&buf, g, ppem, font.HintingNone)
		if err != nil {
			return nil, fmt.Errorf("advance of U+%04X: %w", r, err)
		}
		m.advance[r] = uint16(adv.Round())
		m.glyph[r] = uint16(g)
		m.covered[r/64] |= 1 << (r % 64)
	}
	return m, nil
}

// Has reports whether the face has a glyph for r.
func (m *Metrics) Has(r rune) bool {
	return r >= 0 && r < 0x10000 && m.covered[r/64]&(1<<(r%64)) != 0
}

// Advance returns the advance width of r in font units, or 0 if the face has
// no glyph for it.
func (m *Metrics) Advance(r rune) int32 {
	if !m.Has(r) {
		return 0
	}
	return int32(m.advance[r])
}

// glyphIndex returns the face's glyph for r, 0 (.notdef) if it has none.
func (m *Metrics) glyphIndex(r rune) uint16 {
	if !m.Has(r) {
		return 0
	}
	return m.glyph[r]
}
