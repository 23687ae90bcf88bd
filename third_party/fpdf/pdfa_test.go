package fpdf

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// preflightJars are PDFBox Preflight and what it needs, as Debian installs
// them (libpdfbox2-java, with libfontbox2-java, libcommons-logging-java,
// libactivation-java and libjaxb-api-java; a Java runtime such as
// default-jre-headless).
var preflightJars = []string{"preflight", "pdfbox2", "xmpbox", "fontbox2", "commons-logging", "javax.activation", "jaxb-api"}

// needFile reads a file a test needs from the system, skipping the test
// where it is missing, but failing in CI, where it must be installed.
func needFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing, and CI must run this test: %v", path, err)
		}
		t.Skipf("%s is missing: %v", path, err)
	}
	return data
}

// preflightA1b validates a document as PDF/A-1b with PDFBox Preflight,
// giving what it said (the document's errors, if any) and whether the
// document is valid.
func preflightA1b(t *testing.T, data []byte) (string, bool) {
	t.Helper()
	java := needTool(t, "java")
	var classpath []string
	for _, jar := range preflightJars {
		path := "/usr/share/java/" + jar + ".jar"
		needFile(t, path)
		classpath = append(classpath, path)
	}
	cmd := exec.Command(java, "-cp", strings.Join(classpath, ":"), "org.apache.pdfbox.preflight.Validator_A1b", savePDF(t, data))
	out, err := cmd.Output() // stderr is Java's logging
	if _, failed := err.(*exec.ExitError); err != nil && !failed {
		t.Fatal(err)
	}
	return string(out), err == nil && strings.Contains(string(out), "is a valid PDF/A-1b file")
}

// pdfA1bDoc is a document with all that PDF/A-1b requires, and what
// PDF/UA adds: an sRGB output intent, XMP metadata (pdfaid part 1,
// conformance B) whose title, producer and dates are the Info
// dictionary's, a file identifier, no transparency groups, text only in
// an embedded glyph font (with its CIDSet), outlines, a printable link
// with contents, and a structure tree over marked content. The dates are
// in a zone east of UT, which the Info dates must carry.
func pdfA1bDoc(t *testing.T) *Fpdf {
	icc := needFile(t, "/usr/share/color/icc/sRGB.icc") // Debian's icc-profiles-free
	def := testGlyphFont(t)
	zone := time.FixedZone("IST", 5*3600+30*60)
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, zone)
	modified := created.Add(90 * time.Minute)

	pdf := New("P", "mm", "A4", "")
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(modified)
	pdf.SetTitle("A PDF/A-1b test", true)
	pdf.SetProducer("fpdf test", true)
	pdf.SetLang("en")
	pdf.SetDisplayDocTitle(true)
	pdf.AddOutputIntent(OutputIntentType{SubtypeIdent: OutputIntent_GTS_PDFA1,
		OutputConditionIdentifier: "sRGB IEC61966-2.1", Info: "sRGB IEC61966-2.1", ICCProfile: icc})
	xmpDate := func(tm time.Time) string { return tm.Format("2006-01-02T15:04:05-07:00") }
	pdf.SetXmpMetadata([]byte(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>1</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A PDF/A-1b test</rdf:li></rdf:Alt></dc:title>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreateDate>` + xmpDate(created) + `</xmp:CreateDate>
<xmp:ModifyDate>` + xmpDate(modified) + `</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>fpdf test</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`))
	pdf.SetFileID([16]byte{0x8a, 0x01, 0x7f, 0xee, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	pdf.SetTransparencyGroup(false)
	pdf.AddGlyphFont("Shaped", def)

	const size = 14.0
	line := func(y float64, names string) {
		pdf.GlyphText(20, y, run(t, def, size, pdf.k, names, nil), nil)
	}
	pdf.AddPage()
	pdf.SetFont("Shaped", "", size)
	pdf.Bookmark("Hotel", 0, 20)
	pdf.BeginArtifact("/Type /Pagination /Subtype /Header")
	line(12, "A V A")
	pdf.EndMarkedContent()
	pdf.BeginMarkedContent("H1")
	line(30, "H o t e l")
	pdf.EndMarkedContent()
	pdf.BeginMarkedContent("P")
	line(45, "W e s t space c o a s t")
	pdf.EndMarkedContent()
	pdf.BeginMarkedContent("Link")
	line(60, "s i t e")
	link := pdf.LinkURL(20, 54, 30, 8, "https://example.org/", "The hotel's site")
	pdf.EndMarkedContent()
	pdf.AddPage()
	pdf.Bookmark("Rates", 1, 20)
	pdf.BeginMarkedContent("P")
	line(30, "T a l e s")
	pdf.EndMarkedContent()
	pdf.SetStructTree([]StructElem{
		{Type: "Document", Parent: -1, Kids: []StructKid{ElemKid(1), ElemKid(2), ElemKid(4)}},
		{Type: "H1", Parent: 0, Kids: []StructKid{ContentKid(1, 0)}},
		{Type: "P", Parent: 0, Kids: []StructKid{ContentKid(1, 1), ElemKid(3)}},
		{Type: "Link", Parent: 2, Kids: []StructKid{ContentKid(1, 2), AnnotKid(link)}},
		{Type: "P", Parent: 0, Kids: []StructKid{ContentKid(2, 0)}},
	})
	return pdf
}

// A document with everything PDF/A-1b requires is valid to PDFBox
// Preflight. It is not without patches 9 to 16: the Info dates without
// their zone (13) disagree with the XMP's, and Preflight finds the empty
// /EmbeddedFiles (10), the outline root without /Count (11), the trailer
// without /ID (12), the pages' transparency groups (14), the glyph font
// without CIDSet (15) and links without the print flag (16). Preflight does
// not notice an /Info that names another object (9): it finds no dates or
// title to compare with the XMP, so the test reads the Info dictionary
// back itself.
func TestPDFA1bPreflight(t *testing.T) {
	data := writePDF(t, pdfA1bDoc(t))
	d := readObjects(t, data)
	info := d.dict(d.trailer["/Info"])
	if info["/Title"] != "u:A PDF/A-1b test" || info["/CreationDate"] != "u:D:20260102030405+05'30'" ||
		info["/ModDate"] != "u:D:20260102043405+05'30'" {
		t.Errorf("the trailer's /Info is %v, not the document's Info dictionary with its dates", info)
	}
	pages := d.pages()
	outline := d.dict(d.dict(d.catalog()["/Outlines"])["/First"])
	for i, item := range []map[string]any{outline, d.dict(outline["/First"])} {
		if dest := ref(d.array(item["/Dest"])[0]); dest != pages[i] {
			t.Errorf("outline %v goes to object %d, want page %d, object %d", item["/Title"], dest, i+1, pages[i])
		}
	}
	out, valid := preflightA1b(t, data)
	if !valid {
		t.Errorf("PDFBox Preflight:\n%s", out)
	}
	if pdftext := runTool(t, "pdftotext", "-enc", "UTF-8", savePDF(t, data), "-"); !strings.Contains(pdftext, "Hotel") ||
		!strings.Contains(pdftext, "Tales") {
		t.Errorf("pdftotext:\n%s", pdftext)
	}
}
