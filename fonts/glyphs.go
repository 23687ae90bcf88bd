package fonts

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"unicode/utf16"
)

// Glyph-level subsets: shaped text is drawn by glyph ID (a CID font with
// Identity-H encoding and an identity CIDToGIDMap, or the map the PDF writer
// builds from GlyphSubset.IDs), so the subset needs no character map, and
// glyphs no character reaches directly (ligatures, contextual forms, marks
// placed by the shaper) are kept as the shaper chose them.

// GlyphSubset is a TrueType program holding some glyphs of a face.
type GlyphSubset struct {
	// Program is a TrueType font: head, hhea, maxp, loca, glyf, hmtx, the
	// hinting tables the face has (cvt, fpgm, prep, gasp), post (format 3,
	// no glyph names), name, OS/2, and a character map that maps nothing
	// (readers such as go-text's refuse a font without one; a PDF viewer
	// drawing a CID font by glyph ID never reads it).
	Program []byte
	IDs     []uint16 // old glyph ID of each new glyph ID, ascending; IDs[0] == 0
	Widths  []int    // advance of each new glyph, font units
}

// New returns the new glyph ID of an old one, and whether it was kept.
func (s *GlyphSubset) New(old uint16) (uint16, bool) {
	i, ok := slices.BinarySearch(s.IDs, old)
	return uint16(i), ok
}

// SubsetGlyphs cuts a TrueType program holding glyph 0 (.notdef), the given
// glyph IDs (any order, repeats allowed) and the components of composite
// glyphs, renumbered compactly 0..n-1 in ascending order of their old IDs, so
// the same glyphs give the same bytes whatever order they were asked in. A
// glyph ID the face does not have is an error.
func (f Face) SubsetGlyphs(gids []uint16) (*GlyphSubset, error) {
	t, err := f.tables()
	if err != nil {
		return nil, fmt.Errorf("fonts: %s: %w", f, err)
	}
	keep := make([]uint64, (t.numGlyphs+63)/64)
	mark := func(g uint16) bool { // reports whether g is new
		if keep[g/64]&(1<<(g%64)) != 0 {
			return false
		}
		keep[g/64] |= 1 << (g % 64)
		return true
	}
	mark(0)
	work := make([]uint16, 0, len(gids))
	for _, g := range gids {
		if int(g) >= t.numGlyphs {
			return nil, fmt.Errorf("fonts: %s: glyph %d out of range (the face has %d)", f, g, t.numGlyphs)
		}
		if mark(g) {
			work = append(work, g)
		}
	}
	// Composite glyphs bring their components, which may be composite too.
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		d := t.glyph(g)
		err := components(d, func(at int) {
			c := binary.BigEndian.Uint16(d[at:])
			if int(c) < t.numGlyphs && mark(c) {
				work = append(work, c)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("fonts: %s: glyph %d: %w", f, g, err)
		}
	}
	n := 0
	for _, w := range keep {
		n += bits.OnesCount64(w)
	}
	s := &GlyphSubset{IDs: make([]uint16, 0, n), Widths: make([]int, 0, n)}
	for i, w := range keep {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			w &^= 1 << b
			s.IDs = append(s.IDs, uint16(64*i+b))
		}
	}

	size := 0
	for _, g := range s.IDs {
		size += (len(t.glyph(g)) + 3) &^ 3
	}
	glyf := make([]byte, 0, size)
	loca := make([]byte, 0, 4*(n+1))
	hmtx := make([]byte, 0, 4*n)
	for _, g := range s.IDs {
		d := t.glyph(g)
		start := len(glyf)
		loca = binary.BigEndian.AppendUint32(loca, uint32(start))
		glyf = append(glyf, d...)
		_ = components(d, func(at int) { // checked above
			c := binary.BigEndian.Uint16(d[at:])
			id, ok := s.New(c)
			if !ok {
				id = 0 // a component past the face's glyphs: .notdef, as readers draw it
			}
			binary.BigEndian.PutUint16(glyf[start+at:], id)
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		adv, lsb := t.hmetric(g)
		hmtx = append(append(hmtx, adv...), lsb...)
		s.Widths = append(s.Widths, int(binary.BigEndian.Uint16(adv)))
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	out := map[string][]byte{"glyf": glyf, "loca": loca, "hmtx": hmtx, "cmap": emptyCmap}
	head := slices.Clone(t.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set by assemble
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	out["head"] = head
	hhea := slices.Clone(t.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(n))
	out["hhea"] = hhea
	maxp := slices.Clone(t.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(n))
	out["maxp"] = maxp
	post := slices.Clone(t.tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000) // version 3: no glyph names
	out["post"] = post
	for _, tag := range []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"} {
		if d := t.tables[tag]; d != nil {
			out[tag] = d
		}
	}
	s.Program = assemble(out)
	return s, nil
}

// emptyCmap is a character map with one format 4 subtable (Windows, Unicode
// BMP) holding only the segment that ends every such table and maps nothing.
var emptyCmap = []byte{
	0, 0, 0, 1, // version 0, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows, Unicode BMP, at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length 24, language 0
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2 2, searchRange 2, entrySelector 0, rangeShift 0
	0xFF, 0xFF, // endCode
	0, 0, // reservedPad
	0xFF, 0xFF, // startCode
	0, 1, // idDelta: 0xFFFF+1 = glyph 0
	0, 0, // idRangeOffset
}

// Descriptor gives what a PDF font descriptor needs, in font units.
type Descriptor struct {
	PostScriptName             string // name ID 6; a subset's tag ("ABCDEF+") is the writer's to add
	UnitsPerEm                 int
	Ascent, Descent, CapHeight int // Descent negative
	BBox                       [4]int
	ItalicAngle                float64
	Flags                      int // PDF font flags (see Descriptor)
	StemV                      int
}

// PDF font descriptor flags.
const (
	flagFixedPitch  = 1
	flagSerif       = 2
	flagSymbolic    = 4
	flagNonsymbolic = 32
	flagItalic      = 64
)

// Descriptor returns what a PDF font descriptor needs. Ascent and Descent
// are the ones line layout uses: OS/2's typographic values when the face asks
// for them (USE_TYPO_METRICS), else hhea's. CapHeight is OS/2's, or the top
// of 'H'. Flags: Serif (2) from the face's design, FixedPitch (1) from post,
// Italic (64) from post's angle or OS/2, and Nonsymbolic (32) for faces with
// a Latin alphabet, Symbolic (4) for the others (script, CJK and symbol
// faces). StemV, which TrueType does not record, is estimated from the
// weight class as typst and krilla do (10 + 0.244 × (weight − 50)).
func (f Face) Descriptor() Descriptor {
	e := f.mustEntry()
	e.descOnce.Do(func() {
		t, err := f.tables()
		if err != nil {
			panic(fmt.Sprintf("fonts: face %s: %v", f, err)) // checked when the face was embedded or added
		}
		e.desc = descriptor(e, t)
	})
	return e.desc
}

func descriptor(e *entry, t *sfntTables) Descriptor {
	u16 := func(b []byte, at int) int {
		if at+2 > len(b) {
			return 0
		}
		return int(binary.BigEndian.Uint16(b[at:]))
	}
	i16 := func(b []byte, at int) int { return int(int16(u16(b, at))) }
	head, hhea, post, os2 := t.tables["head"], t.tables["hhea"], t.tables["post"], t.tables["OS/2"]
	d := Descriptor{
		PostScriptName: postScriptName(t.tables["name"]),
		UnitsPerEm:     u16(head, 18),
		Ascent:         i16(hhea, 4),
		Descent:        i16(hhea, 6),
		BBox:           [4]int{i16(head, 36), i16(head, 38), i16(head, 40), i16(head, 42)},
		ItalicAngle:    float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536,
	}
	if d.PostScriptName == "" {
		d.PostScriptName = e.name
	}
	fsSelection := u16(os2, 62)
	if fsSelection&(1<<7) != 0 && len(os2) >= 72 { // USE_TYPO_METRICS
		d.Ascent, d.Descent = i16(os2, 68), i16(os2, 70)
	}
	if u16(os2, 0) >= 2 && len(os2) >= 90 {
		d.CapHeight = i16(os2, 88)
	}
	if d.CapHeight <= 0 {
		d.CapHeight = d.Ascent
		if g, ok := e.parsed().NominalGlyph('H'); ok && int(g) < t.numGlyphs {
			if gl := t.glyph(uint16(g)); len(gl) >= 10 {
				d.CapHeight = i16(gl, 8) // yMax
			}
		}
	}
	if e.serif {
		d.Flags |= flagSerif
	}
	if binary.BigEndian.Uint32(post[12:]) != 0 {
		d.Flags |= flagFixedPitch
	}
	if d.ItalicAngle != 0 || fsSelection&1 != 0 || u16(head, 44)&2 != 0 {
		d.Flags |= flagItalic
	}
	if c := e.coverage(); c.has('A') && c.has('Z') && c.has('a') && c.has('z') {
		d.Flags |= flagNonsymbolic
	} else {
		d.Flags |= flagSymbolic
	}
	weight := u16(os2, 4)
	if weight == 0 {
		weight = 400
	}
	d.StemV = int(math.Round(10 + 0.244*float64(weight-50)))
	return d
}

// postScriptName reads name ID 6 from a name table: the Windows Unicode
// record if there is one, else the Macintosh Roman one; only the characters
// a PostScript name may hold are kept.
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count, strings := int(binary.BigEndian.Uint16(name[2:])), int(binary.BigEndian.Uint16(name[4:]))
	type cand struct {
		rank int
		s    string
	}
	var found []cand
	for i := range count {
		at := 6 + 12*i
		if at+12 > len(name) {
			break
		}
		r := name[at:]
		platform, encoding := binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[2:])
		if binary.BigEndian.Uint16(r[6:]) != 6 {
			continue
		}
		length, off := int(binary.BigEndian.Uint16(r[8:])), strings+int(binary.BigEndian.Uint16(r[10:]))
		if off+length > len(name) {
			continue
		}
		raw := name[off : off+length]
		switch {
		case platform == 3 && (encoding == 1 || encoding == 0) || platform == 0:
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			found = append(found, cand{0, string(utf16.Decode(u))})
		case platform == 1 && encoding == 0:
			found = append(found, cand{1, string(raw)})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].rank < found[j].rank })
	for _, c := range found {
		b := make([]byte, 0, len(c.s))
		for _, r := range c.s {
			if r > ' ' && r < 0x7F && !isPSDelimiter(byte(r)) {
				b = append(b, byte(r))
			}
		}
		if len(b) > 0 {
			return string(b)
		}
	}
	return ""
}

func isPSDelimiter(c byte) bool {
	switch c {
	case '[', ']', '(', ')', '{', '}', '<', '>', '/', '%':
		return true
	}
	return false
}
