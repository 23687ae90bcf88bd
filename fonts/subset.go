package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Subsetting: a document embeds only the glyphs it draws, and the PDF library
// would find them itself, but only after parsing the whole font for every
// document (tables, character map, metrics, outlines; 4 MB for the Chinese
// and Japanese face). Subset does that work against tables parsed once per
// process and hands the library a font holding just the document's glyphs,
// which it then parses in microseconds.
//
// The subset is a plain TrueType font: the outlines are copied byte for byte
// (composite glyphs keep their components, renumbered), each glyph keeps its
// advance and left side bearing, the hinting programs are kept, and a format 4
// character map maps each requested character to its glyph. Tables the PDF
// never uses (OpenType layout, kerning, glyph names) are left out.

// sfntTables is a face's table directory and glyph locations, parsed once.
type sfntTables struct {
	data      []byte
	tables    map[string][]byte
	numGlyphs int
	numHMetr  int
	loca      []uint32 // numGlyphs+1 offsets into glyf
}

func (f Face) tables() (*sfntTables, error) {
	e := f.mustEntry()
	e.tablesOnce.Do(func() {
		data := e.bytes() // sets e.dir for a face of a collection: first
		e.tables, e.tablesErr = parseTablesAt(data, e.dir)
	})
	return e.tables, e.tablesErr
}

var errMalformed = errors.New("fonts: malformed TrueType font")

func parseTables(data []byte) (*sfntTables, error) { return parseTablesAt(data, 0) }

// parseTablesAt reads the tables of the face whose table directory starts at
// byte dir of data (not 0 for a face of a collection, whose table offsets
// count from the collection's start).
func parseTablesAt(data []byte, dir int) (*sfntTables, error) {
	if dir < 0 || len(data) < dir+12 {
		return nil, errMalformed
	}
	n := int(binary.BigEndian.Uint16(data[dir+4:]))
	if len(data) < dir+12+16*n {
		return nil, errMalformed
	}
	t := &sfntTables{data: data, tables: make(map[string][]byte, n)}
	for i := range n {
		rec := data[dir+12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("%w: table %q out of bounds", errMalformed, rec[:4])
		}
		t.tables[string(rec[:4])] = data[off : off+length]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "OS/2", "name", "post"} {
		if t.tables[tag] == nil {
			return nil, fmt.Errorf("%w: no %q table", errMalformed, tag)
		}
	}
	head, hhea, maxp := t.tables["head"], t.tables["hhea"], t.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(t.tables["post"]) < 32 {
		return nil, fmt.Errorf("%w: short head, hhea, maxp or post table", errMalformed)
	}
	t.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	t.numHMetr = int(binary.BigEndian.Uint16(hhea[34:]))
	if t.numHMetr == 0 || t.numHMetr > t.numGlyphs || len(t.tables["hmtx"]) < 4*t.numHMetr+2*(t.numGlyphs-t.numHMetr) {
		return nil, fmt.Errorf("%w: bad horizontal metrics", errMalformed)
	}
	loca := t.tables["loca"]
	t.loca = make([]uint32, t.numGlyphs+1)
	long := binary.BigEndian.Uint16(head[50:]) != 0
	if (long && len(loca) < 4*len(t.loca)) || (!long && len(loca) < 2*len(t.loca)) {
		return nil, fmt.Errorf("%w: short loca table", errMalformed)
	}
	for i := range t.loca {
		if long {
			t.loca[i] = binary.BigEndian.Uint32(loca[4*i:])
		} else {
			t.loca[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if t.loca[i] > uint32(len(t.tables["glyf"])) || (i > 0 && t.loca[i] < t.loca[i-1]) {
			return nil, fmt.Errorf("%w: glyph %d out of bounds", errMalformed, i)
		}
	}
	return t, nil
}

func (t *sfntTables) glyph(g uint16) []byte { return t.tables["glyf"][t.loca[g]:t.loca[g+1]] }

// hmetric returns glyph g's advance width and left side bearing as stored.
func (t *sfntTables) hmetric(g uint16) (adv, lsb []byte) {
	hmtx := t.tables["hmtx"]
	if int(g) < t.numHMetr {
		return hmtx[4*int(g) : 4*int(g)+2], hmtx[4*int(g)+2 : 4*int(g)+4]
	}
	last := 4 * (t.numHMetr - 1)
	at := 4*t.numHMetr + 2*(int(g)-t.numHMetr)
	return hmtx[last : last+2], hmtx[at : at+2]
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords    = 0x0001
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	haveTwoByTwo    = 0x0080
	compositeHeader = 10
)

// components calls fn with the offset, within glyph data d, of each component
// glyph index of a composite glyph. It returns errMalformed for a truncated one.
func components(d []byte, fn func(at int)) error {
	if len(d) < compositeHeader || int16(binary.BigEndian.Uint16(d)) >= 0 {
		return nil // empty or simple glyph
	}
	at := compositeHeader
	for {
		if at+4 > len(d) {
			return errMalformed
		}
		flags := binary.BigEndian.Uint16(d[at:])
		fn(at + 2)
		at += 4
		if flags&argsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&haveTwoByTwo != 0:
			at += 8
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// Subset returns a TrueType font holding the face's glyphs for runes (in any
// order, repeats allowed) and nothing else but the .notdef glyph. Characters
// the face cannot draw are left out of its character map.
func (f Face) Subset(runes []rune) ([]byte, error) {
	t, err := f.tables()
	if err != nil {
		return nil, fmt.Errorf("fonts: %s: %w", f, err)
	}
	m := f.Metrics()
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)

	// New glyph IDs: .notdef, then the characters' glyphs in character order,
	// then the components of composite glyphs as they are met.
	newID := map[uint16]uint16{0: 0}
	order := []uint16{0}
	add := func(g uint16) uint16 {
		id, ok := newID[g]
		if !ok {
			id = uint16(len(order))
			newID[g] = id
			order = append(order, g)
		}
		return id
	}
	type mapping struct {
		r   rune
		gid uint16
	}
	cmap := make([]mapping, 0, len(rs))
	for _, r := range rs {
		if g := m.glyphIndex(r); g != 0 && int(g) < t.numGlyphs {
			cmap = append(cmap, mapping{r, add(g)})
		}
	}
	var glyf []byte
	loca := make([]uint32, 0, len(order)+1)
	for i := 0; i < len(order); i++ { // order grows as components are added
		d := t.glyph(order[i])
		start := len(glyf)
		loca = append(loca, uint32(start))
		glyf = append(glyf, d...)
		err := components(d, func(at int) {
			g := binary.BigEndian.Uint16(d[at:])
			if int(g) >= t.numGlyphs {
				g = 0
			}
			binary.BigEndian.PutUint16(glyf[start+at:], add(g))
		})
		if err != nil {
			return nil, fmt.Errorf("fonts: %s: glyph %d: %w", f, order[i], err)
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	loca = append(loca, uint32(len(glyf)))

	out := map[string][]byte{"glyf": glyf}
	lb := make([]byte, 4*len(loca))
	for i, o := range loca {
		binary.BigEndian.PutUint32(lb[4*i:], o)
	}
	out["loca"] = lb
	hmtx := make([]byte, 0, 4*len(order))
	for _, g := range order {
		adv, lsb := t.hmetric(g)
		hmtx = append(append(hmtx, adv...), lsb...)
	}
	out["hmtx"] = hmtx
	head := slices.Clone(t.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	out["head"] = head
	hhea := slices.Clone(t.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(order)))
	out["hhea"] = hhea
	maxp := slices.Clone(t.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(order)))
	out["maxp"] = maxp
	post := slices.Clone(t.tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000) // version 3: no glyph names
	out["post"] = post
	out["OS/2"] = t.tables["OS/2"]
	out["name"] = t.tables["name"]
	for _, tag := range []string{"cvt ", "fpgm", "prep", "gasp"} {
		if d := t.tables[tag]; d != nil {
			out[tag] = d
		}
	}

	// A format 4 map, one segment per run of consecutive characters with
	// consecutive glyph IDs, each mapped by its delta alone.
	type segment struct{ start, end, delta uint16 }
	var segs []segment
	for _, c := range cmap {
		if n := len(segs); n > 0 && c.r == rune(segs[n-1].end)+1 && c.gid-uint16(c.r) == segs[n-1].delta {
			segs[n-1].end++
			continue
		}
		segs = append(segs, segment{uint16(c.r), uint16(c.r), c.gid - uint16(c.r)})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1})
	if 16+8*len(segs) > 0xFFFF {
		// Too scattered for a format 4 map, whose length is 16 bits (more
		// than 8,000 runs of characters, as a very long Chinese text might
		// have): the PDF library reads only format 4, so it gets the whole
		// face, as it did before subsets, and cuts it itself.
		return f.Data(), nil
	}
	sub := make([]byte, 14+8*len(segs)+2)
	segX2 := 2 * len(segs)
	entry := 0
	for 1<<(entry+1) <= len(segs) {
		entry++
	}
	binary.BigEndian.PutUint16(sub[0:], 4)
	binary.BigEndian.PutUint16(sub[2:], uint16(len(sub)))
	binary.BigEndian.PutUint16(sub[6:], uint16(segX2))
	binary.BigEndian.PutUint16(sub[8:], uint16(2<<entry))
	binary.BigEndian.PutUint16(sub[10:], uint16(entry))
	binary.BigEndian.PutUint16(sub[12:], uint16(segX2-2<<entry))
	for i, s := range segs {
		binary.BigEndian.PutUint16(sub[14+2*i:], s.end)
		binary.BigEndian.PutUint16(sub[16+segX2+2*i:], s.start)
		binary.BigEndian.PutUint16(sub[16+2*segX2+2*i:], s.delta)
		// idRangeOffset stays 0
	}
	cm := make([]byte, 12, 12+len(sub))
	binary.BigEndian.PutUint16(cm[2:], 1)  // one subtable
	binary.BigEndian.PutUint16(cm[4:], 3)  // Windows
	binary.BigEndian.PutUint16(cm[6:], 1)  // Unicode BMP
	binary.BigEndian.PutUint32(cm[8:], 12) // offset
	out["cmap"] = append(cm, sub...)

	return assemble(out), nil
}

// assemble writes a TrueType file from its tables, with the checksums and
// the head table's checksum adjustment the format requires.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for tag, d := range tables {
		tags = append(tags, tag)
		size += (len(d) + 3) &^ 3
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags), size)
	n := len(tags)
	entry := 0
	for 1<<(entry+1) <= n {
		entry++
	}
	binary.BigEndian.PutUint32(out[0:], 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<entry))
	binary.BigEndian.PutUint16(out[8:], uint16(entry))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<entry))
	headAt := 0
	for i, tag := range tags {
		d := tables[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(d))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(d)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(d []byte) uint32 {
	var sum uint32
	for i := 0; i < len(d); i += 4 {
		var w [4]byte
		copy(w[:], d[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
