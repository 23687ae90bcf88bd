package pdfcheck

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// The font fixture, DejaVu Sans cut to 22 glyphs; its README lists the glyph
// order, which gid gives.
const fontFixture = "../../third_party/fpdf/testdata/DejaVuSans-subset.ttf"

var gid = map[rune]int{
	' ': 1, ',': 2, '.': 3, 'A': 4, 'H': 5, 'T': 6, 'V': 7, 'W': 8, 'a': 9, 'c': 10, 'e': 11,
	'f': 12, 'i': 13, 'l': 14, 'n': 15, 'o': 16, 'r': 17, 's': 18, 't': 19, 'x': 20, '\u0301': 21,
}

// show returns the hex string that shows s in the fixture font through
// Identity-H: each character's glyph ID as two bytes.
func show(t testing.TB, s string) string {
	t.Helper()
	var b strings.Builder
	b.WriteByte('<')
	for _, r := range s {
		g, ok := gid[r]
		if !ok {
			t.Fatalf("the fixture font has no glyph for %q", r)
		}
		fmt.Fprintf(&b, "%04X", g)
	}
	b.WriteByte('>')
	return b.String()
}

// The ToUnicode CMap of the clean document uses both forms of bfrange and
// bfchar; r s t are consecutive glyphs and code points, a c e consecutive
// glyphs only.
const toUnicode = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfrange
<0011> <0013> <0072>
<0009> <000B> [<0061> <0063> <0065>]
endbfrange
15 beginbfchar
<0001> <0020>
<0002> <002C>
<0003> <002E>
<0004> <0041>
<0005> <0048>
<0006> <0054>
<0007> <0056>
<0008> <0057>
<000C> <0066>
<000D> <0069>
<000E> <006C>
<000F> <006E>
<0010> <006F>
<0014> <0078>
<0015> <0301>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`

const xmpPacketText = `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Water</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>A Writer</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Rain</rdf:li></rdf:Alt></dc:description>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreateDate>2024-01-02T02:04:05Z</xmp:CreateDate>
<xmp:ModifyDate>2024-01-02T03:04:05Z</xmp:ModifyDate>
<xmp:CreatorTool>pdfcheck test</xmp:CreatorTool>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="pdfcheck">
<pdf:Keywords>rain, water</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="U"/>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`

// iccProfile is an ICC header that names an RGB colour space: all the checker
// reads of a profile.
func iccProfile() []byte {
	b := make([]byte, 128)
	copy(b[12:], "mntr")
	copy(b[16:], "RGB ")
	copy(b[20:], "XYZ ")
	copy(b[36:], "acsp")
	return b
}

// cleanPDF builds a two-page tagged PDF/A-2u and PDF/UA-1 document that breaks
// none of the checked rules: a heading (a role-mapped type), paragraphs, a
// figure drawn by a form XObject, a table with row headers, a list, a link
// with its annotation, a span with ActualText, a footer artifact with a rule
// and an inline image, and on page 2 a paragraph whose two parts are drawn
// in the opposite order to the one the tree reads them in, as right-to-left
// text is.
func cleanPDF(t testing.TB) *testPDF {
	t.Helper()
	fontProgram, err := os.ReadFile(fontFixture)
	if err != nil {
		t.Fatal(err)
	}
	p := &testPDF{}
	p.trailer = "/Root {{catalog}} /Info {{info}} /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]"
	p.add("catalog", `<< /Type /Catalog /Pages {{pages}} /StructTreeRoot {{structRoot}} /MarkInfo << /Marked true >> /Lang (en-GB) /ViewerPreferences << /DisplayDocTitle true >> /Metadata {{metadata}} /OutputIntents [{{intent}}] >>`)
	p.add("info", `<< /Title (Water) /Author (A Writer) /Subject (Rain) /Keywords (rain, water) /Creator (pdfcheck test) /Producer (pdfcheck) /CreationDate (D:20240102030405+01'00') /ModDate (D:20240102030405Z) >>`)
	p.addStream("metadata", `<< /Type /Metadata /Subtype /XML >>`, []byte(xmpPacketText))
	p.add("intent", `<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) /DestOutputProfile {{icc}} >>`)
	p.addStream("icc", `<< /N 3 >>`, iccProfile())
	p.add("pages", `<< /Type /Pages /Kids [{{page1}} {{page2}}] /Count 2 /MediaBox [0 0 595 842] >>`)
	p.add("page1", `<< /Type /Page /Parent {{pages}} /Contents {{content1}} /Resources << /Font << /F1 {{font}} >> /XObject << /Fm1 {{form}} >> /Properties << /MC0 << /MCID 0 >> >> >> /StructParents 0 /Annots [{{link}}] /Tabs /S >>`)
	p.add("page2", `<< /Type /Page /Parent {{pages}} /Contents {{content2}} /Resources << /Font << /F1 {{font}} >> >> /StructParents 1 >>`)

	text := func(mcidTag string, x, y int, s string) string {
		return fmt.Sprintf("%s BDC BT /F1 12 Tf %d %d Td %s Tj ET EMC\n", mcidTag, x, y, show(t, s))
	}
	var c1 strings.Builder
	c1.WriteString(text("/H1 /MC0", 72, 760, "Water"))
	c1.WriteString(text("/P <</MCID 1>>", 72, 730, "Ten lots of rain."))
	c1.WriteString("/Figure <</MCID 2>> BDC q 1 0 0 1 72 640 cm /Fm1 Do Q EMC\n")
	c1.WriteString(text("/TH <</MCID 3>>", 72, 600, "Area"))
	c1.WriteString(text("/TD <</MCID 4>>", 200, 600, "Ten"))
	c1.WriteString(text("/TH <</MCID 5>>", 72, 580, "Tax"))
	fmt.Fprintf(&c1, "/TD <</MCID 6>> BDC BT /F1 12 Tf 200 580 Td [%s -250 %s] TJ ET EMC\n", show(t, "si"), show(t, "x"))
	c1.WriteString(text("/Lbl <</MCID 7>>", 72, 550, "a. "))
	fmt.Fprintf(&c1, "/LBody <</MCID 8>> BDC BT /F1 12 Tf 14 TL 90 564 Td %s ' ET EMC\n", show(t, "Tea"))
	c1.WriteString(text("/P <</MCID 9>>", 72, 520, "A "))
	c1.WriteString(text("/Link <</MCID 10>>", 85, 520, "Text"))
	// The span shows e and a combining acute; its ActualText is the precomposed
	// é, written as a literal UTF-16BE string with octal escapes.
	fmt.Fprintf(&c1, "/P <</MCID 11>> BDC BT /F1 12 Tf 115 520 Td %s Tj /Span <</ActualText (\\376\\377\\000\\351)>> BDC %s Tj EMC %s Tj ET EMC\n",
		show(t, " caf"), show(t, "e\u0301"), show(t, "."))
	// The footer: an artifact of text, a rule, a colour and an inline image
	// whose six bytes of data spell " EI ", which must not end it.
	fmt.Fprintf(&c1, "/Artifact <</Type /Pagination /Subtype /Footer>> BDC 0 0 1 rg BT /F1 8 Tf 72 40 Td %s Tj ET 0.5 w 72 50 m 523 50 l S q 10 0 0 10 500 35 cm BI /W 2 /H 1 /CS /RGB /BPC 8 ID  EI \x00\xff EI Q EMC\n", show(t, "Water"))
	p.addStream("content1", `<< >>`, []byte(c1.String()))
	// Page 2 draws MCID 1 before MCID 0, left to right as right-to-left text is
	// laid out; the tree reads MCID 0 first.
	c2 := text("/P <</MCID 1>>", 200, 760, "later.") + text("/P <</MCID 0>>", 72, 760, "Tea ")
	p.addStream("content2", `<< >>`, []byte(c2))

	p.addStream("form", `<< /Type /XObject /Subtype /Form /BBox [0 0 100 60] /Resources << /XObject << /Im1 {{image}} >> >> >>`, []byte("q 100 0 0 60 0 0 cm /Im1 Do Q"))
	p.addStream("image", `<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8 >>`, []byte{0x80, 0x80, 0x80})
	p.add("link", `<< /Type /Annot /Subtype /Link /Rect [85 515 115 530] /Border [0 0 0] /F 4 /Contents (The text) /StructParent 2 /A << /S /URI /URI (https://example.org/) >> >>`)

	p.add("font", `<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAA+DejaVuSans /Encoding /Identity-H /DescendantFonts [{{cidFont}}] /ToUnicode {{toUnicode}} >>`)
	p.add("cidFont", `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAA+DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {{fontDescriptor}} /CIDToGIDMap /Identity /DW 600 >>`)
	p.add("fontDescriptor", `<< /Type /FontDescriptor /FontName /AAAAAA+DejaVuSans /Flags 4 /FontBBox [-1021 -463 1793 1232] /ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 /FontFile2 {{fontFile}} /CIDSet {{cidSet}} >>`)
	p.addStream("fontFile", fmt.Sprintf(`<< /Length1 %d >>`, len(fontProgram)), fontProgram)
	p.addStream("cidSet", `<< >>`, []byte{0xFF, 0xFF, 0xFC}) // CIDs 0 to 21
	p.addStream("toUnicode", `<< >>`, []byte(toUnicode))

	p.add("structRoot", `<< /Type /StructTreeRoot /K [{{sDoc}}] /ParentTree {{parentTree}} /ParentTreeNextKey 3 /RoleMap << /Headline /H1 >> >>`)
	p.add("parentTree", `<< /Nums [0 [{{sH1}} {{sP1}} {{sFig}} {{sTH1}} {{sTD1}} {{sTH2}} {{sTD2}} {{sLbl}} {{sLBody}} {{sP2}} {{sLink}} {{sP2}}] 1 [{{sP3}} {{sP3}}] 2 {{sLink}}] >>`)
	elem := func(name, s, parent, rest string) {
		p.add(name, fmt.Sprintf(`<< /Type /StructElem /S /%s /P {{%s}} %s >>`, s, parent, rest))
	}
	elem("sDoc", "Document", "structRoot", `/K [{{sH1}} {{sP1}} {{sFig}} {{sTable}} {{sL}} {{sP2}} {{sP3}}]`)
	elem("sH1", "Headline", "sDoc", `/Pg {{page1}} /K 0`)
	elem("sP1", "P", "sDoc", `/Pg {{page1}} /K 1`)
	elem("sFig", "Figure", "sDoc", `/Pg {{page1}} /Alt (A fern in the rain) /K 2`)
	elem("sTable", "Table", "sDoc", `/Pg {{page1}} /K [{{sTR1}} {{sTR2}}]`)
	elem("sTR1", "TR", "sTable", `/Pg {{page1}} /K [{{sTH1}} {{sTD1}}]`)
	elem("sTH1", "TH", "sTR1", `/Pg {{page1}} /A << /O /Table /Scope /Row >> /K 3`)
	elem("sTD1", "TD", "sTR1", `/Pg {{page1}} /K 4`)
	elem("sTR2", "TR", "sTable", `/Pg {{page1}} /K [{{sTH2}} {{sTD2}}]`)
	elem("sTH2", "TH", "sTR2", `/Pg {{page1}} /A [<< /O /Table /Scope /Row >> 0] /K 5`)
	elem("sTD2", "TD", "sTR2", `/Pg {{page1}} /K 6`)
	elem("sL", "L", "sDoc", `/Pg {{page1}} /K [{{sLI}}]`)
	elem("sLI", "LI", "sL", `/Pg {{page1}} /K [{{sLbl}} {{sLBody}}]`)
	elem("sLbl", "Lbl", "sLI", `/Pg {{page1}} /K 7`)
	elem("sLBody", "LBody", "sLI", `/Pg {{page1}} /K 8`)
	elem("sP2", "P", "sDoc", `/Pg {{page1}} /K [9 {{sLink}} 11]`)
	elem("sLink", "Link", "sP2", `/Pg {{page1}} /K [10 << /Type /OBJR /Obj {{link}} >>]`)
	elem("sP3", "P", "sDoc", `/Pg {{page2}} /K [<< /Type /MCR /Pg {{page2}} /MCID 0 >> 1]`)
	return p
}

// cleanText is what TreeText gives for the clean document: the tree's order,
// the span's ActualText instead of e and a combining acute, and page 2's
// paragraph in tree order although its content draws it the other way round.
const cleanText = "Water\nTen lots of rain.\nArea\nTen\nTax\nsix\na. Tea\nA Text café.\nTea later.\n"

// needQpdf skips a test when qpdf is missing, except under CI, where .ci/run
// installs it and its absence is a failure.
func needQpdf(t testing.TB) {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must have qpdf", err)
		}
		t.Skip(err)
	}
}
