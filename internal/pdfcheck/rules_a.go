package pdfcheck

import (
	"fmt"
	"strings"
)

// The PDF/A-2u rules, by clause of ISO 19005-2:2011 (the clause numbers of
// ISO 19005-3 are the same; PDFA3U reports them as "PDF/A-3").
const (
	// a613: "The file trailer dictionary shall contain the ID keyword" and
	// "The keyword Encrypt shall not be used in the trailer dictionary".
	a613 = "6.1.3"
	// a623: the output intent: an OutputIntents entry with S GTS_PDFA1 whose
	// DestOutputProfile is an ICC profile stream with N 1, 3 or 4, agreeing with
	// the colour space the profile's header names.
	a623 = "6.2.3"
	// a6243: DeviceRGB only with an RGB output intent (or DefaultRGB), and
	// DeviceCMYK only with a CMYK one (or DefaultCMYK) (6.2.4.3).
	a6243 = "6.2.4.3"
	// a621141: "The font programs for all fonts used for rendering within a
	// conforming file shall be embedded", and they "shall define all glyphs
	// referenced for rendering" (6.2.11.4.1).
	a621141 = "6.2.11.4.1"
	// a621142: "If the FontDescriptor dictionary of an embedded CID font
	// contains a CIDSet stream, then it shall identify all CIDs which are
	// present in the font program" (6.2.11.4.2); glyphs counted from the
	// TrueType maxp table.
	a621142 = "6.2.11.4.2"
	// a621172: level U: every glyph shown has a Unicode value, through a
	// ToUnicode CMap or a standard encoding, and the values "shall all be
	// greater than zero (0), but not equal to either U+FEFF or U+FFFE"
	// (6.2.11.7.2).
	a621172 = "6.2.11.7.2"
	// a62118: "A PDF/A-2 compliant document shall not contain a reference to
	// the .notdef glyph from any of the text showing operators" (6.2.11.8).
	a62118 = "6.2.11.8"
	// a632: annotations other than Popup carry F with the Print flag set and
	// Hidden, Invisible, ToggleNoView and NoView clear (6.3.2).
	a632 = "6.3.2"
	// a6621: the catalog's Metadata is an XMP stream of Type Metadata and
	// Subtype XML, well-formed, whose packet header has neither bytes nor
	// encoding (6.6.2.1). PDF/A-2 allows the stream to be filtered.
	a6621 = "6.6.2.1"
	// a664: pdfaid:part and pdfaid:conformance identify the part and level
	// (6.6.4).
	a664 = "6.6.4"
	// a68: embedded files (6.8). PDF/A-2 allows only embedded PDF/A files,
	// which this package cannot verify, so any is reported; PDF/A-3 allows any.
	a68 = "6.8"
	// aInfo is ISO 19005-1 6.7.3: Info dictionary entries that have XMP
	// analogues (Title, Author, Subject, Keywords, Creator, Producer,
	// CreationDate, ModDate) shall be embedded in the XMP with equivalent
	// values. ISO 19005-2 has no clause of its own that veraPDF tests for it;
	// it is checked for PDF/A-2u all the same, because readers show the Info
	// dictionary while XMP is what PDF/A makes normative, and the two must not
	// tell different stories. It is reported under its PDF/A-1 number.
	aInfo = "PDF/A-1 6.7.3"
)

func (c *checker) checkA(part int) {
	d := c.d
	rule := func(clause string) string { return fmt.Sprintf("PDF/A-%d %s", part, clause) }
	cat := d.catalog()

	if ids := d.array(c.d.trailer["/ID"]); len(ids) != 2 {
		c.add(rule(a613), 0, "the trailer has no ID of two strings")
	}
	if _, ok := d.trailer["/Encrypt"]; ok || d.encrypted {
		c.add(rule(a613), 0, "the file is encrypted")
	}

	intentN := c.checkOutputIntent(rule(a623))
	for _, s := range c.scans {
		if s.deviceRGB && intentN != 3 && !s.defaultRGB {
			c.add(rule(a6243), s.page, "DeviceRGB is used without an RGB output intent or DefaultRGB")
		}
		if s.deviceCMYK && intentN != 4 && !s.defaultCMYK {
			c.add(rule(a6243), s.page, "DeviceCMYK is used without a CMYK output intent or DefaultCMYK")
		}
	}

	c.checkGlyphs(map[glyphProblem]string{
		glyphNoToUnicode: rule(a621172),
		glyphUnmapped:    rule(a621172),
		glyphZero:        rule(a621172),
		glyphBOM:         rule(a621172),
		glyphNotdef:      rule(a62118),
		glyphMissing:     rule(a621141),
	})
	fonts, first := c.usedFonts()
	for _, f := range fonts {
		if !f.embedded {
			c.add(rule(a621141), first[f], "font %s is not embedded", f.label)
		}
		missing, extra := cidSetMismatch(f)
		if missing >= 0 {
			c.add(rule(a621142), first[f], "font %s: CIDSet omits CID %d, which the font program has", f.label, missing)
		}
		if extra >= 0 {
			c.add(rule(a621142), first[f], "font %s: CIDSet lists CID %d, which the font program lacks", f.label, extra)
		}
	}

	for i, ref := range d.pages {
		for _, a := range d.array(d.dict(ref)["/Annots"]) {
			ad := d.dict(a)
			subtype := d.name(ad["/Subtype"])
			if subtype == "Popup" {
				continue
			}
			flags, _ := d.integer(ad["/F"])
			const invisible, hidden, print, noView, toggleNoView = 1, 2, 4, 32, 256
			if flags&print == 0 || flags&(invisible|hidden|noView|toggleNoView) != 0 {
				c.add(rule(a632), i+1, "a %s annotation has flags %d: Print must be set, Hidden, Invisible, NoView and ToggleNoView clear", subtype, flags)
			}
		}
	}

	md := d.stream(cat["/Metadata"])
	switch {
	case md == nil:
		c.add(rule(a6621), 0, "the catalog has no Metadata stream")
	case d.name(md.dict["/Type"]) != "Metadata" || d.name(md.dict["/Subtype"]) != "XML":
		c.add(rule(a6621), 0, "the Metadata stream is not of Type Metadata and Subtype XML")
	case c.xmp == nil:
		c.add(rule(a6621), 0, "the XMP metadata cannot be read")
	}
	if c.xmp != nil {
		if c.xmp.hasBytes || c.xmp.hasEncoding {
			c.add(rule(a6621), 0, "the XMP packet header has a bytes or encoding attribute")
		}
		p, _ := c.xmp.simple(nsPDFAID, "part")
		conf, _ := c.xmp.simple(nsPDFAID, "conformance")
		if strings.TrimSpace(p) != fmt.Sprint(part) || strings.TrimSpace(conf) != "U" {
			c.add(rule(a664), 0, "XMP identifies PDF/A part %q conformance %q, not %d U", p, conf, part)
		}
		c.checkInfo()
	}
	if part == 2 {
		names := d.dict(cat["/Names"])
		if d.nameTreeHasEntries(names["/EmbeddedFiles"]) {
			c.add(rule(a68), 0, "the document embeds files")
		}
	}
}

// checkOutputIntent checks the PDF/A output intent and returns its number of
// colour components, 0 when there is none.
func (c *checker) checkOutputIntent(rule string) int {
	d := c.d
	for _, oi := range d.array(d.catalog()["/OutputIntents"]) {
		od := d.dict(oi)
		if d.name(od["/S"]) != "GTS_PDFA1" {
			continue
		}
		profile := d.stream(od["/DestOutputProfile"])
		if profile == nil {
			c.add(rule, 0, "the GTS_PDFA1 output intent has no DestOutputProfile stream")
			return 0
		}
		n, _ := d.integer(profile.dict["/N"])
		if n != 1 && n != 3 && n != 4 {
			c.add(rule, 0, "the output intent's ICC profile has N %d, not 1, 3 or 4", n)
			return 0
		}
		if want := iccComponents(profile.data); profile.decoded && want > 0 && want != n {
			c.add(rule, 0, "the output intent's ICC profile has N %d, but its header names a %d-component colour space", n, want)
		}
		return n
	}
	c.add(rule, 0, "the catalog has no GTS_PDFA1 output intent")
	return 0
}

// iccComponents reads the colour space of an ICC profile's header (bytes 16 to
// 19) as a number of components; 0 when the header is absent or unknown.
func iccComponents(b []byte) int {
	if len(b) < 20 {
		return 0
	}
	switch string(b[16:20]) {
	case "GRAY":
		return 1
	case "RGB ", "Lab ", "XYZ ":
		return 3
	case "CMYK":
		return 4
	}
	return 0
}

// checkInfo compares the Info dictionary with the XMP (see aInfo).
func (c *checker) checkInfo() {
	d := c.d
	info := d.dict(d.trailer["/Info"])
	if info == nil {
		return
	}
	texts := []struct{ key, ns, prop string }{
		{"/Title", nsDC, "title"},
		{"/Subject", nsDC, "description"},
		{"/Keywords", nsPDF, "Keywords"},
		{"/Creator", nsXMP, "CreatorTool"},
		{"/Producer", nsPDF, "Producer"},
	}
	for _, e := range texts {
		v, ok := d.text(info[e.key])
		if !ok {
			continue
		}
		got, has := c.xmp.simple(e.ns, e.prop)
		if !has || got != v {
			c.add(aInfo, 0, "Info %s is %q, XMP %s is %q", e.key[1:], v, e.prop, got)
		}
	}
	if author, ok := d.text(info["/Author"]); ok {
		p, has := c.xmp.get(nsDC, "creator")
		var names []string
		for _, it := range p.items {
			names = append(names, it.value)
		}
		if !has || (author != strings.Join(names, ", ") && author != strings.Join(names, "; ")) {
			c.add(aInfo, 0, "Info Author is %q, XMP dc:creator is %q", author, names)
		}
	}
	dates := []struct{ key, prop string }{{"/CreationDate", "CreateDate"}, {"/ModDate", "ModifyDate"}}
	for _, e := range dates {
		v, ok := d.text(info[e.key])
		if !ok {
			continue
		}
		x, has := c.xmp.simple(nsXMP, e.prop)
		a, okA := parsePDFDate(v)
		b, okB := parseXMPDate(x)
		if !has || !okA || !okB || !sameInstant(a, b) {
			c.add(aInfo, 0, "Info %s is %q, XMP xmp:%s is %q", e.key[1:], v, e.prop, x)
		}
	}
}
