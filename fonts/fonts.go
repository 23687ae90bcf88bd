// Package fonts holds the embedded TrueType fonts of pdfexport and their
// metrics: which characters each face can draw and how wide they are. Layout
// measures text with it; the PDF backend embeds the same bytes. Both are read
// from the one embedded copy, so the widths the line breaker uses are the
// widths the PDF viewer draws.
//
// The text faces are Noto Serif (regular, italic, bold, bold italic) and Noto
// Sans (regular, bold), covering Latin with Vietnamese, Greek and Cyrillic.
// Characters they lack are drawn with the first face of the fallback chain
// that has them (ChainIn, ForClusterIn, For). The chain of a face in a
// locale (see Locale: whose letterforms ideographs take) is:
//
//  1. the face itself (so common punctuation, digits and spaces come from
//     the text face, whatever the script around them);
//  2. the faces added at run time with AddDir (a newsroom's house fonts,
//     rare scripts), in file-name order;
//  3. Noto Serif, when the face is not one of the six text faces (a house
//     font or a script face given as the base): Latin from the text face
//     rather than from whichever script face happens to carry it;
//  4. the embedded script faces: first those of the scripts the service
//     had before (Noto Serif Hebrew, Noto Naskh Arabic, Noto Serif
//     Devanagari, Noto Serif Thai), then the major living scripts (Bengali
//     to Thaana, in the order of their constants), then the faces of
//     Chinese, Japanese and Korean in the locale's order (IPAex Mincho and Gothic, AR
//     PL UMing CN, HK and TW, Droid Sans Fallback, Nanum Myeongjo, Hanazono
//     Mincho B; cjkOrder), then every other
//     script Noto covers, historic ones included, in file-name order. A
//     character several scripts share (the Devanagari danda, the Arabic
//     comma, CJK punctuation) thus comes from the most common script's face;
//     the minor faces come after the CJK ones so that none of them takes
//     ideographic punctuation from Chinese and Japanese text;
//  5. the symbol faces: Noto Sans Symbols 2 and DejaVu Sans, as before, then
//     Noto Sans Symbols, Noto Sans Math and Noto Music, which only reach
//     what the first two lack;
//  6. the colour emoji face, Noto Color Emoji (ColorEmoji), for a character
//     no other face has.
//
// An emoji goes to the colour face before all of these, base included: a
// grapheme cluster in emoji presentation as UTS #51 defines it
// (unichar.Emoji: a character that is an emoji by default, anything with
// U+FE0F, keycaps, skin tones, flags, tag and ZWJ sequences). A character
// that is text by default ("☺", "❤", "©", "™", the digits) or asks for text
// with U+FE0E stays with the text and symbol faces, as a reader of running
// text expects, and reaches the colour face only at step 6. ForClusterIn is
// the one place this is decided.
//
// A symbol (unicode.S: arrows, signs, dingbats) tries the symbol faces of
// step 5 before those of step 4: the Chinese and Korean faces have many
// symbols too, but drawn to sit among ideographs, and each is a 4 MB face to
// load (an arrow in a German article once doubled the render's memory).
// Scripts hardly overlap otherwise, so the order of step 4 decides little
// beyond the shared characters named above.
//
// Each script has one regular face: Noto's serif design where Noto has one
// (Bengali, Tamil, Telugu, Kannada, Malayalam, Gujarati, Gurmukhi, Sinhala,
// Khmer, Lao, Myanmar, Ethiopic, Armenian, Georgian, Tibetan, Balinese,
// Grantha and a few more), its sans otherwise (Oriya, Syriac, Thaana and most
// minor and historic scripts); embedded lists them and what was left out.
//
// The fallback faces are stored gzip-compressed and decompressed once per
// process, on first use (Droid Sans Fallback in about 35 ms; the faces of a
// collection, AR PL UMing's three, share one decompressed copy);
// the six text faces, which every render uses, and the two IPAex faces,
// which every Japanese render uses, are stored as they are (see gen.go).
// Which characters each face has is read from a table generated with them
// (coverage.bin), so finding the face for a character never decompresses a
// face that does not draw it.
//
// All faces but the colour one are TrueType outlines (glyf), which the PDF
// backend embeds as subsets. The colour face's glyphs are PNG pictures
// (CBDT/CBLC), which it cannot: the backend draws them as pictures in a
// Type 3 font (ColorGlyphs gives them with their placement), so that an
// emoji stays text a reader can copy and search. Licences lie beside the
// files (noto/OFL.txt, droid/LICENSE.txt, nanum/LICENSE.txt,
// dejavu/LICENSE.txt, emoji/LICENSE.txt, ipaex/LICENSE.txt,
// arphic/LICENSE.txt, hanazono/LICENSE.txt). A face a document does not use
// costs it nothing: the colour face, 11 MB stored as it is (its PNGs do not
// compress), is parsed on a process's first emoji, from the embedded file
// itself (10.9 MB of heap: go-text's copies of its tables).
//
// A document's PDF embeds only the glyphs it draws: Subset (by character,
// for the PDF library's own text encoding) and SubsetGlyphs (by glyph ID,
// for shaped text) cut them from a face, against tables parsed once per
// process (see subset.go, glyphs.go).
//
// Metrics are parsed once per process, on first use of a face, into flat
// tables for the Basic Multilingual Plane; they and For serve the renderer
// that draws characters through the PDF library's text encoding, which
// cannot reach beyond it (U+10000 and up: emoji, rare CJK, historic scripts),
// so for them such characters are not covered. Face.Has, Chain and
// ForCluster, made for shaped text drawn by glyph ID, cover every plane.
package fonts

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

//go:embed noto/*.ttf noto/*.ttf.gz droid/*.ttf.gz nanum/*.ttf.gz dejavu/*.ttf.gz ipaex/*.ttf arphic/*.ttc.gz hanazono/*.ttf.gz emoji/*.ttf coverage.bin
var files embed.FS

// Face is one font face: an index into the registry, the embedded faces
// first (in the order of the constants and of Faces), then the faces added at
// run time by AddDir.
type Face uint16

// The embedded faces the rest of the program names: the text faces first,
// then the fallbacks the service has had from the start, then the faces of
// the scripts issue 13 names. Every other embedded face follows them, in the
// order of embedded; Faces lists them all.
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
)

// Faces lists every face of the registry, in a fixed order: the embedded
// ones, then those added by AddDir.
func Faces() []Face {
	n := len(registry().faces)
	out := make([]Face, n)
	for i := range out {
		out[i] = Face(i)
	}
	return out
}

// numText is the number of text faces, Serif to SansBold.
const numText = 6

// isText reports whether f is one of the six text faces.
func (f Face) isText() bool { return f < numText }

// String returns the face's file name without its extension, e.g.
// "NotoSerif-Regular". Faces added by AddDir are named after their files,
// made unique (see AddDir).
func (f Face) String() string {
	e := registry().entry(f)
	if e == nil {
		return fmt.Sprintf("Face(%d)", f)
	}
	return e.name
}

// Data returns the face's TrueType file: for a face of a collection, a copy
// cut out of it on each call; otherwise a slice that is shared: do not
// modify it.
func (f Face) Data() []byte { return f.mustEntry().program() }

// mustEntry returns f's registry entry; an unknown face is a programming
// error, as indexing past a slice is.
func (f Face) mustEntry() *entry {
	e := registry().entry(f)
	if e == nil {
		panic(fmt.Sprintf("fonts: no such face: %d", f))
	}
	return e
}

// bytes returns the face's file, decompressing an embedded one once. For a
// face of a collection it is the whole collection, shared by its faces,
// with the face's table directory at e.dir (see member).
func (e *entry) bytes() []byte {
	e.dataOnce.Do(func() {
		if e.data != nil {
			return // added at run time: read by AddDir
		}
		file, member, collection := strings.Cut(e.path, "#")
		var err error
		if collection {
			// The faces of a collection share all but a few tables (the
			// three faces of AR PL UMing, 21 MB, differ in their character
			// maps): each reads the one copy, from its own table directory,
			// rather than a copy of its own.
			e.data, err = embeddedFile(file)
			if err == nil {
				e.dir, err = memberDirectory(e.data, member)
			}
		} else {
			e.data, err = readEmbedded(file)
		}
		if err != nil {
			panic(fmt.Sprintf("fonts: embedded face %s: %v", e.name, err)) // a build defect, caught by the tests
		}
	})
	return e.data
}

// readEmbedded reads an embedded file, decompressed.
func readEmbedded(file string) ([]byte, error) {
	b, err := files.ReadFile(file)
	if err == nil && strings.HasSuffix(file, ".gz") {
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(b)); err == nil {
			b, err = io.ReadAll(zr)
		}
	}
	return b, err
}

// shared holds the embedded collections read so far, decompressed once per
// process whichever of their faces asks first.
var shared sync.Map // file → func() ([]byte, error)

func embeddedFile(file string) ([]byte, error) {
	load, _ := shared.LoadOrStore(file, sync.OnceValues(func() ([]byte, error) { return readEmbedded(file) }))
	return load.(func() ([]byte, error))()
}

// program returns the face as a file of its own: a face of a collection is
// cut out of it (a copy); any other face's file is returned as it is.
func (e *entry) program() []byte {
	data := e.bytes()
	if e.member == 0 {
		return data
	}
	progs, err := splitCollection(data)
	if err != nil || e.member > len(progs) {
		panic(fmt.Sprintf("fonts: embedded face %s: %v", e.name, err)) // a build defect, caught by the tests
	}
	return progs[e.member-1]
}

// For returns the face that draws r in text set in face f: f itself when it
// has r, else the first face of f's chain that has it (symbols: the symbol
// faces first). ok is false when no face can draw r. For serves text drawn
// by character (see the package comment), so nothing beyond the BMP is
// drawn. Fallback faces are parsed only when a character needs them.
func For(f Face, r rune) (face Face, ok bool) {
	if f.Metrics().Has(r) {
		return f, true
	}
	if r < 0 || r >= 0x10000 {
		return f, false // no face may draw beyond the BMP (see the package comment)
	}
	reg := registry()
	for _, fb := range reg.rest(f, LocaleZhHans, symbolic(r)) {
		if fb != f && reg.faces[fb].has(r) {
			return fb, true
		}
	}
	return f, false
}

// symbolic reports the characters that try the symbol faces first.
func symbolic(r rune) bool { return r >= 0x80 && unicode.In(r, unicode.S) }

// Replacement is the character drawn in place of one that no face can draw:
// U+FFFD, which every text face has, so the gap is visible to a reader.
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

// Metrics returns the face's metrics, parsing the font on first use. Safe for
// concurrent use.
func (f Face) Metrics() *Metrics {
	e := f.mustEntry()
	e.metricsOnce.Do(func() {
		if e.metrics != nil {
			return // added at run time: parsed by AddDir
		}
		m, err := parse(e.program()) // x/image/font/sfnt reads one face per file
		if err != nil {
			panic(fmt.Sprintf("fonts: embedded face %s: %v", f, err)) // a build defect
		}
		e.metrics = m
	})
	return e.metrics
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

// Has reports whether the face has a glyph for r, in the BMP (see Face.Has
// for every plane).
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
