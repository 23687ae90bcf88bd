package pdfcheck

import (
	"encoding/binary"
)

// font is what the checks need of a font dictionary: how its strings split into
// codes, each code's Unicode value and CID, and facts about its embedding.
type font struct {
	label     string // BaseFont, for messages
	subtype   string // Type0, TrueType, Type1, Type3, ...
	composite bool
	// toUnicode is nil when the font has no ToUnicode CMap; toUnicodeBad is
	// set when it has one that does not parse.
	toUnicode    *cmap
	toUnicodeBad bool
	// knownByStandard says a reader can find Unicode values without a
	// ToUnicode CMap: the exceptions of Matterhorn 31-027 (a standard
	// encoding, a non-symbolic TrueType font, a CID font of an Adobe
	// character collection). Only then is a missing CMap not a failure.
	knownByStandard bool
	winAnsi         bool // simple font whose text reads as WinAnsi without a CMap

	identity bool  // Identity-H or Identity-V: a code is its CID
	encoding *cmap // an embedded encoding CMap; nil for predefined ones

	cidFontType string // CIDFontType0 or CIDFontType2 for composite fonts
	cidToGID    []byte // CIDToGIDMap stream; nil with Identity
	cidToGIDOK  bool   // the CIDToGIDMap is Identity or a stream
	embedded    bool
	numGlyphs   int    // from the embedded TrueType maxp table; 0 when unknown
	cidSet      []byte // the font descriptor's CIDSet stream, or nil
}

// loadFont reads a font dictionary. It does not fail: what it cannot read it
// leaves empty, and the checks report what that makes impossible.
func (d *document) loadFont(v any) *font {
	fd := d.dict(v)
	f := &font{}
	if fd == nil {
		return f
	}
	f.label = d.name(fd["/BaseFont"])
	f.subtype = d.name(fd["/Subtype"])
	if f.label == "" {
		f.label = f.subtype + " font"
	}
	if s := d.stream(fd["/ToUnicode"]); s != nil {
		m, err := parseCMap(s.data)
		if err != nil || !s.decoded {
			f.toUnicodeBad = true
		} else {
			f.toUnicode = m
		}
	}
	descriptor := d.dict(fd["/FontDescriptor"])
	switch f.subtype {
	case "Type0":
		f.composite = true
		var cid map[string]any
		if kids := d.array(fd["/DescendantFonts"]); len(kids) > 0 {
			cid = d.dict(kids[0])
		}
		switch enc := d.resolve(fd["/Encoding"]).(type) {
		case string:
			f.identity = enc == "/Identity-H" || enc == "/Identity-V"
		case *stream:
			if m, err := parseCMap(enc.data); err == nil && enc.decoded {
				f.encoding = m
			}
		}
		if cid != nil {
			f.cidFontType = d.name(cid["/Subtype"])
			descriptor = d.dict(cid["/FontDescriptor"])
			info := d.dict(cid["/CIDSystemInfo"])
			ordering, _ := d.text(info["/Ordering"])
			registry, _ := d.text(info["/Registry"])
			switch ordering {
			case "GB1", "CNS1", "Japan1", "Korea1":
				f.knownByStandard = registry == "Adobe"
			}
			switch m := d.resolve(cid["/CIDToGIDMap"]).(type) {
			case string:
				f.cidToGIDOK = m == "/Identity"
			case *stream:
				f.cidToGID, f.cidToGIDOK = m.data, m.decoded
			}
			if f.cidFontType == "CIDFontType0" {
				f.cidToGIDOK = true // CFF CID fonts map CIDs themselves
			}
		}
	case "Type3":
		f.embedded = true // a Type 3 font's glyphs are in the file by definition
	default:
		enc := fd["/Encoding"]
		base := d.name(enc)
		if ed := d.dict(enc); ed != nil {
			base = d.name(ed["/BaseEncoding"])
		}
		switch base {
		case "WinAnsiEncoding", "MacRomanEncoding", "MacExpertEncoding":
			f.knownByStandard = true
			f.winAnsi = base == "WinAnsiEncoding"
		}
		if flags, ok := d.integer(descriptor["/Flags"]); ok && f.subtype == "TrueType" && flags&32 != 0 && flags&4 == 0 {
			f.knownByStandard = true // non-symbolic TrueType
		}
	}
	if descriptor != nil {
		for _, key := range []string{"/FontFile", "/FontFile2", "/FontFile3"} {
			if s := d.stream(descriptor[key]); s != nil {
				f.embedded = true
				if key == "/FontFile2" && s.decoded {
					f.numGlyphs = trueTypeGlyphCount(s.data)
				}
			}
		}
		if s := d.stream(descriptor["/CIDSet"]); s != nil && s.decoded {
			f.cidSet = s.data
		}
	}
	return f
}

// codes cuts a shown string into character codes: two bytes for Identity-H/V,
// by the codespace of an embedded encoding CMap or of the ToUnicode CMap for
// other composite fonts, and one byte for simple fonts, Type 3 included.
func (f *font) codes(s []byte) [][]byte {
	switch {
	case !f.composite:
		out := make([][]byte, len(s))
		for i := range s {
			out[i] = s[i : i+1]
		}
		return out
	case f.encoding != nil && len(f.encoding.space) > 0:
		return f.encoding.split(s)
	case !f.identity && f.toUnicode != nil && len(f.toUnicode.space) > 0:
		return f.toUnicode.split(s)
	}
	var out [][]byte
	for i := 0; i < len(s); i += 2 {
		out = append(out, s[i:min(i+2, len(s))])
	}
	return out
}

// unicode returns the text a code stands for, and whether a Unicode value can
// be found for it at all (ISO 32000-1 9.10.2).
func (f *font) unicode(code []byte) (string, bool) {
	if f.toUnicode != nil {
		s, ok := f.toUnicode.uni[string(code)]
		return s, ok
	}
	if f.toUnicodeBad || !f.knownByStandard {
		return "", false
	}
	if f.composite {
		// Mappable through the Adobe collection's UCS2 CMap, which this
		// package does not carry: the value exists, its text is unknown here.
		return "\uFFFD", true
	}
	return string(decodeSingleByte(code[0], f.winAnsi)), true
}

// cid returns the CID a code selects in a composite font, when it can be known.
func (f *font) cid(code []byte) (int, bool) {
	if !f.composite {
		return 0, false
	}
	if f.encoding != nil {
		c, ok := f.encoding.cids[string(code)]
		return c, ok
	}
	if f.identity && len(code) == 2 {
		return int(binary.BigEndian.Uint16(code)), true
	}
	return 0, false
}

// glyph returns the glyph ID a CID selects, when it can be known.
func (f *font) glyph(cid int) (int, bool) {
	switch {
	case f.cidFontType == "CIDFontType2" && f.cidToGID == nil && f.cidToGIDOK:
		return cid, true
	case f.cidFontType == "CIDFontType2" && f.cidToGID != nil:
		if 2*cid+1 < len(f.cidToGID) {
			return int(binary.BigEndian.Uint16(f.cidToGID[2*cid:])), true
		}
		return 0, true // beyond the map: glyph 0
	case f.cidFontType == "CIDFontType0":
		return cid, true // for CFF CID fonts the notdef glyph is CID 0
	}
	return 0, false
}

// trueTypeGlyphCount reads numGlyphs from a TrueType font's maxp table (a
// 16-bit count 4 bytes into it), or 0 when the font does not parse.
func trueTypeGlyphCount(b []byte) int {
	if len(b) < 12 {
		return 0
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return 0
		}
		if string(b[rec:rec+4]) != "maxp" {
			continue
		}
		off := int(binary.BigEndian.Uint32(b[rec+8:]))
		if off+6 > len(b) || off < 0 {
			return 0
		}
		return int(binary.BigEndian.Uint16(b[off+4:]))
	}
	return 0
}

// cidSetHas reports whether the CIDSet stream marks the CID as present: bit 7
// of the first byte is CID 0 (ISO 32000-1 9.8.3, Table 124).
func cidSetHas(set []byte, cid int) bool {
	if cid/8 >= len(set) {
		return false
	}
	return set[cid/8]&(0x80>>uint(cid%8)) != 0
}

// winAnsiHigh holds the characters of WinAnsiEncoding from 0x80 to 0x9F, where
// it differs from Latin-1 (ISO 32000-1 Annex D); 0 marks an unused code.
var winAnsiHigh = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// decodeSingleByte gives a simple font's code as text: WinAnsi's own
// characters from 0x80 to 0x9F, Latin-1 otherwise. MacRoman text comes out
// wrong above 0x7F; TreeText is for comparing text, and the product writes
// ToUnicode CMaps, so nothing here depends on it.
func decodeSingleByte(c byte, winAnsi bool) rune {
	if winAnsi && c >= 0x80 && c <= 0x9F {
		if r := winAnsiHigh[c-0x80]; r != 0 {
			return r
		}
		return 0xFFFD
	}
	return rune(c)
}
