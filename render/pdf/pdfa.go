package pdf

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/render/page"
)

// Archival PDF (PDF/A, ISO 19005). Every document is tagged (tags.go) and
// says so in its metadata, as PDF/UA-1 asks; one written to a part of
// PDF/A also carries what an archive needs to render it the same way in
// fifty years: an output intent naming the colours' meaning (sRGB),
// metadata that identifies the part and repeats the document information,
// a file identifier, and, for part 1, no transparency (part 2 and 3 allow
// it). Dates and the identifier come from the document, never the clock,
// so the same article still gives the same bytes.

// Conformance is a PDF/A part and level, or none.
type Conformance string

// The parts of PDF/A written.
const (
	None   Conformance = ""
	PDFA1B Conformance = "1b" // ISO 19005-1, level B: what older archives require, and what PDFBox's Preflight validates
	PDFA2U Conformance = "2u" // ISO 19005-2, level U: every character has its Unicode value
	PDFA3U Conformance = "3u" // ISO 19005-3, level U: 2u with the source attached
)

// ParseConformance reads a conformance as the API and command line give it.
func ParseConformance(s string) (Conformance, error) {
	switch c := Conformance(strings.ToLower(strings.TrimSpace(s))); c {
	case None, PDFA1B, PDFA2U, PDFA3U:
		return c, nil
	}
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		return None, nil
	}
	return None, fmt.Errorf("PDF/A %q is not supported; use 1b, 2u, 3u or none", s)
}

// part is the conformance's part number, 0 for none.
func (c Conformance) part() int {
	if c == None {
		return 0
	}
	return int(c[0] - '0')
}

// Attachment is a file attached to a PDF/A-3 document as its source (an
// associated file, ISO 19005-3 6.8).
type Attachment struct {
	Name, MimeType, Description string
	Data                        []byte
}

//go:embed icc/sRGB.icc
var sRGB []byte

// archival makes f's document conform to c: the output intent, the file
// identifier and, for part 1, no transparency group. The metadata is
// written for every document (metadata), with the part when there is one.
func archival(f *fpdf.Fpdf, c Conformance, id [16]byte, src *Attachment, created time.Time) {
	f.SetFileID(id)
	if c == None {
		return
	}
	f.AddOutputIntent(fpdf.OutputIntentType{
		SubtypeIdent: fpdf.OutputIntent_GTS_PDFA1, OutputConditionIdentifier: "sRGB IEC61966-2.1",
		Info: "sRGB IEC61966-2.1", ICCProfile: sRGB,
	})
	if c == PDFA1B {
		f.SetTransparencyGroup(false)
	}
	if c == PDFA3U && src != nil {
		f.SetAttachments([]fpdf.Attachment{{
			Content: src.Data, Filename: src.Name, Description: src.Description,
			MimeType: src.MimeType, Relationship: "Source", ModTime: created,
		}})
	}
}

// metadata is the document's XMP packet: Dublin Core and PDF properties
// that repeat the information dictionary (PDF/A requires them equal), the
// PDF/UA identification, and the PDF/A part. The PDF/UA schema is not one
// PDF/A predefines, so it is described in an extension schema.
func metadata(in page.Info, c Conformance, producer string, tagged bool) []byte {
	var b strings.Builder
	esc := func(s string) string {
		var e strings.Builder
		xmlEscape(&e, s)
		return e.String()
	}
	date := in.Created.Format("2006-01-02T15:04:05Z07:00")
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">` + "\n")
	b.WriteString(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + "\n")
	b.WriteString(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"`)
	if tagged {
		b.WriteString(` xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"`)
	}
	if c != None {
		b.WriteString(` xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"`)
	}
	b.WriteString(">\n")
	if c != None {
		fmt.Fprintf(&b, "<pdfaid:part>%d</pdfaid:part>\n<pdfaid:conformance>%s</pdfaid:conformance>\n", c.part(), strings.ToUpper(string(c[1:])))
	}
	if tagged { // only a tagged document can be PDF/UA
		b.WriteString("<pdfuaid:part>1</pdfuaid:part>\n")
	}
	b.WriteString("<dc:format>application/pdf</dc:format>\n")
	if in.Title != "" {
		b.WriteString(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(in.Title) + "</rdf:li></rdf:Alt></dc:title>\n")
	}
	if in.Author != "" {
		b.WriteString("<dc:creator><rdf:Seq><rdf:li>" + esc(in.Author) + "</rdf:li></rdf:Seq></dc:creator>\n")
	}
	if in.Subject != "" {
		b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(in.Subject) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if in.Lang != "" {
		b.WriteString("<dc:language><rdf:Bag><rdf:li>" + esc(in.Lang) + "</rdf:li></rdf:Bag></dc:language>\n")
	}
	if in.Keywords != "" {
		b.WriteString("<pdf:Keywords>" + esc(in.Keywords) + "</pdf:Keywords>\n")
	}
	b.WriteString("<pdf:Producer>" + esc(producer) + "</pdf:Producer>\n")
	if in.Creator != "" {
		b.WriteString("<xmp:CreatorTool>" + esc(in.Creator) + "</xmp:CreatorTool>\n")
	}
	b.WriteString("<xmp:CreateDate>" + date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n<xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n")
	b.WriteString("</rdf:Description>\n")
	if c != None && tagged {
		b.WriteString(uaExtension)
	}
	b.WriteString("</rdf:RDF>\n</x:xmpmeta>\n")
	// Room for an editor to change the packet in place, as XMP suggests.
	for range 8 {
		b.WriteString(strings.Repeat(" ", 99) + "\n")
	}
	b.WriteString(`<?xpacket end="w"?>`)
	return []byte(b.String())
}

// uaExtension describes the PDF/UA identification schema to PDF/A, which
// accepts no property it does not know or is not told of (ISO 19005-1
// 6.7.8, 19005-2 6.6.2.3.2).
const uaExtension = `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
`

// cleanInfo is the document information without what XML 1.0 cannot hold
// (xmlEscape), nor white space at either end (which readers of XMP trim), so that the information dictionary and the metadata, which
// PDF/A requires equal, say the same.
func cleanInfo(in page.Info) page.Info {
	clean := func(s string) string {
		return strings.TrimSpace(strings.Map(func(r rune) rune {
			if !xmlChar(r) {
				return -1
			}
			return r
		}, s))
	}
	in.Title, in.Author, in.Subject = clean(in.Title), clean(in.Author), clean(in.Subject)
	in.Keywords, in.Creator = clean(in.Keywords), clean(in.Creator)
	return in
}

// xmlChar reports whether XML 1.0 can hold r.
func xmlChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return true
	case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r < 0xE000:
		return false
	}
	return true
}

// xmlEscape writes s as XML character data, dropping what XML 1.0 cannot
// hold (control characters other than tab and line breaks).
func xmlEscape(b *strings.Builder, s string) {
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case !xmlChar(r):
		default:
			b.WriteRune(r)
		}
	}
}
