package pdfcheck

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

const both = PDFA2U | PDFUA1

func check(t testing.TB, pdf []byte, p Profile) []Violation {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	vs, err := Check(ctx, pdf, p)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func rulesOf(vs []Violation) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v.Rule] {
			seen[v.Rule] = true
			out = append(out, v.Rule)
		}
	}
	sort.Strings(out)
	return out
}

func listing(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString("\n\t" + v.String())
	}
	return b.String()
}

func TestCleanDocumentPasses(t *testing.T) {
	needQpdf(t)
	for _, compress := range []bool{false, true} {
		p := cleanPDF(t)
		p.compress = compress
		if vs := check(t, p.bytes(t), both|PDFA3U); len(vs) > 0 && !onlyPart(vs) {
			t.Errorf("compress %v: the clean document has violations:%s", compress, listing(vs))
		}
		if vs := check(t, p.bytes(t), both); len(vs) > 0 {
			t.Errorf("compress %v: the clean document has violations:%s", compress, listing(vs))
		}
	}
}

// onlyPart reports whether the only complaint is the PDF/A part, which a
// document that says it is PDF/A-2 makes under PDFA3U.
func onlyPart(vs []Violation) bool {
	for _, v := range vs {
		if v.Rule != "PDF/A-3 6.6.4" {
			return false
		}
	}
	return true
}

// edit is one change to the clean document.
type edit struct{ obj, old, new string }

// ruleCases break one rule each, and name every rule the break violates:
// the rule itself under its number, and the other profile's rule for the same
// fault where both standards have one. The checker must report exactly these.
var ruleCases = []struct {
	name  string
	edits []edit
	want  []string
	page  int // the page the first violation is on, when it matters
}{
	{"MarkInfo Marked false", []edit{{"catalog", "/Marked true", "/Marked false"}}, []string{"PDF/UA-1 6.2"}, 0},
	{"Suspects true", []edit{{"catalog", "/Marked true", "/Marked true /Suspects true"}}, []string{"Matterhorn 01-007"}, 0},
	{"no structure tree", []edit{{"catalog", "/StructTreeRoot {{structRoot}}", ""}},
		[]string{"Matterhorn 01-005", "Matterhorn 28-011", "PDF/UA-1 7.1"}, 0},
	{"artifact inside tagged content", []edit{{"content1", "/P <</MCID 1>> BDC", "/P <</MCID 1>> BDC /Artifact BMC 0 0 m 1 1 l S EMC"}},
		[]string{"Matterhorn 01-003"}, 1},
	{"tagged content inside an artifact", []edit{{"content1", "/P <</MCID 1>> BDC", "/Artifact BMC /P <</MCID 1>> BDC"},
		{"content1", "/Figure <</MCID 2>>", "EMC /Figure <</MCID 2>>"}},
		[]string{"Matterhorn 01-004"}, 1},
	{"text outside marked content", []edit{{"content2", "/P <</MCID 1>>", "BT /F1 12 Tf 0 0 Td <0006> Tj ET /P <</MCID 1>>"}}, []string{"Matterhorn 01-005"}, 2},
	{"path outside marked content", []edit{{"content1", "/H1 /MC0", "0 0 m 10 10 l S /H1 /MC0"}}, []string{"Matterhorn 01-005"}, 1},
	{"shading outside marked content", []edit{{"content1", "/H1 /MC0", "/Sh1 sh /H1 /MC0"}}, []string{"Matterhorn 01-005"}, 1},
	{"inline image outside marked content", []edit{{"content1", "/H1 /MC0", "BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI /H1 /MC0"}}, []string{"Matterhorn 01-005"}, 1},
	{"form outside marked content", []edit{{"content1", "/H1 /MC0", "/Fm1 Do /H1 /MC0"}}, []string{"Matterhorn 01-005"}, 1},
	{"MCID in no structure element", []edit{{"content1", "/H1 /MC0", "/P <</MCID 12>> BDC BT /F1 9 Tf 1 1 Td <0006> Tj ET EMC /H1 /MC0"}}, []string{"Matterhorn 01-005"}, 1},
	{"role map to no standard type", []edit{{"structRoot", "/Headline /H1", "/Headline /Heading"}}, []string{"Matterhorn 02-001"}, 0},
	{"circular role map", []edit{{"structRoot", "/Headline /H1", "/Headline /Big /Big /Headline"}}, []string{"Matterhorn 02-003"}, 0},
	{"standard type remapped", []edit{{"structRoot", "/Headline /H1", "/Headline /H1 /Span /Quote"}}, []string{"Matterhorn 02-004"}, 0},
	{"no XMP", []edit{{"catalog", "/Metadata {{metadata}}", ""}}, []string{"Matterhorn 06-001", "PDF/A-2 6.6.2.1"}, 0},
	{"no PDF/UA identifier", []edit{{"metadata", "<pdfuaid:part>1</pdfuaid:part>", "<pdfuaid:part>2</pdfuaid:part>"}}, []string{"Matterhorn 06-002"}, 0},
	{"no dc:title", []edit{{"metadata", `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Water</rdf:li></rdf:Alt></dc:title>`, ""}, {"info", "/Title (Water) ", ""}},
		[]string{"Matterhorn 06-003"}, 0},
	{"no DisplayDocTitle", []edit{{"catalog", "/DisplayDocTitle true", ""}}, []string{"Matterhorn 07-001"}, 0},
	{"DisplayDocTitle false", []edit{{"catalog", "/DisplayDocTitle true", "/DisplayDocTitle false"}}, []string{"Matterhorn 07-002"}, 0},
	{"table row not a TR", []edit{{"sTR2", "/S /TR", "/S /Div"}}, []string{"Matterhorn 09-004"}, 1},
	{"table rows of unequal width", []edit{{"sTD2", "/K 6", "/A << /O /Table /ColSpan 2 >> /K 6"}}, []string{"Matterhorn 09-004"}, 1},
	{"table row span", []edit{{"sTH1", "/Scope /Row", "/Scope /Row /RowSpan 2"}}, []string{"Matterhorn 09-004"}, 1},
	{"table cell outside a row", []edit{{"sTR2", "/S /TR", "/S /Caption"}}, []string{"Matterhorn 09-004"}, 1},
	{"table row holding marked content", []edit{{"sTH1", "/K 3", "/K []"}, {"sTR1", "/K [{{sTH1}} {{sTD1}}]", "/K [{{sTH1}} 3 {{sTD1}}]"}, {"parentTree", "{{sFig}} {{sTH1}}", "{{sFig}} {{sTR1}}"}},
		[]string{"Matterhorn 09-004"}, 1},
	{"TH with a Scope of no meaning", []edit{{"sTH1", "/Scope /Row", "/Scope /Diagonal"}}, []string{"Matterhorn 15-003"}, 1},
	{"list item holding a paragraph", []edit{{"sLBody", "/S /LBody", "/S /P"}}, []string{"Matterhorn 09-005"}, 1},
	{"list item not an LI", []edit{{"sLI", "/S /LI", "/S /Div"}}, []string{"Matterhorn 09-005"}, 1},
	{"code without Unicode", []edit{{"toUnicode", "<0008> <0057>\n", ""}}, []string{"Matterhorn 10-001", "PDF/A-2 6.2.11.7.2"}, 1},
	{"code mapped to nothing", []edit{{"toUnicode", "<0008> <0057>", "<0008> <>"}}, []string{"Matterhorn 10-001", "PDF/A-2 6.2.11.7.2"}, 1},
	{"no ToUnicode", []edit{{"font", "/ToUnicode {{toUnicode}}", ""}}, []string{"Matterhorn 31-027", "PDF/A-2 6.2.11.7.2"}, 1},
	{"Unicode zero", []edit{{"toUnicode", "<0008> <0057>", "<0008> <0000>"}}, []string{"Matterhorn 31-028", "PDF/A-2 6.2.11.7.2"}, 1},
	{"Unicode FEFF", []edit{{"toUnicode", "<0008> <0057>", "<0008> <FEFF>"}}, []string{"Matterhorn 31-029", "PDF/A-2 6.2.11.7.2"}, 1},
	{"Unicode FFFE in a range", []edit{{"toUnicode", "<0011> <0013> <0072>", "<0011> <0013> <FFFD>"}}, []string{"Matterhorn 31-029", "PDF/A-2 6.2.11.7.2"}, 1},
	{".notdef shown", []edit{{"content2", "Td <0006000B00090001> Tj", "Td <0006000B000900010000> Tj"}, {"toUnicode", "<0001> <0020>", "<0001> <0020>\n<0000> <0020>"}, {"toUnicode", "15 beginbfchar", "16 beginbfchar"}},
		[]string{"Matterhorn 31-030", "PDF/A-2 6.2.11.8"}, 2},
	{"glyph not in the font", []edit{{"content2", "Td <0006000B00090001> Tj", "Td <0006000B000900010030> Tj"}, {"toUnicode", "<0001> <0020>", "<0001> <0020>\n<0030> <0041>"}},
		[]string{"Matterhorn 31-011", "PDF/A-2 6.2.11.4.1"}, 2},
	{"font not embedded", []edit{{"fontDescriptor", "/FontFile2 {{fontFile}} ", ""}}, []string{"Matterhorn 31-009", "PDF/A-2 6.2.11.4.1"}, 1},
	{"CIDSet omits a glyph", []edit{{"cidSet", "\xff\xff\xfc", "\xff\xff\xf8"}}, []string{"Matterhorn 31-014", "PDF/A-2 6.2.11.4.2"}, 1},
	{"CIDSet lists a missing glyph", []edit{{"cidSet", "\xff\xff\xfc", "\xff\xff\xfe"}}, []string{"Matterhorn 31-015", "PDF/A-2 6.2.11.4.2"}, 1},
	{"no catalog Lang but the text's language is declared", []edit{{"catalog", "/Lang (en-GB) ", ""}, {"sDoc", "/K [", "/Lang (en-GB) /K ["}}, []string{"Matterhorn 11-006"}, 0},
	{"no language anywhere", []edit{{"catalog", "/Lang (en-GB) ", ""}}, []string{"Matterhorn 11-001", "Matterhorn 11-006"}, 0},
	{"Figure without Alt", []edit{{"sFig", "/Alt (A fern in the rain) ", ""}}, []string{"Matterhorn 13-004"}, 1},
	{"first heading not H1", []edit{{"structRoot", "/Headline /H1", "/Headline /H2"}}, []string{"Matterhorn 14-002"}, 1},
	{"heading level skipped", []edit{{"sP1", "/S /P", "/S /H3"}}, []string{"Matterhorn 14-003"}, 1},
	{"two H in one node", []edit{{"structRoot", "/Headline /H1", "/Headline /H"}, {"sP1", "/S /P", "/S /H"}}, []string{"Matterhorn 14-006"}, 0},
	{"H and Hn mixed", []edit{{"sP1", "/S /P", "/S /H"}}, []string{"Matterhorn 14-007"}, 0},
	{"TH without Scope", []edit{{"sTH1", "/A << /O /Table /Scope /Row >> ", ""}}, []string{"Matterhorn 15-003"}, 1},
	{"Formula without Alt", []edit{{"sFig", "/S /Figure", "/S /Formula"}, {"sFig", "/Alt (A fern in the rain) ", ""}}, []string{"Matterhorn 17-002"}, 1},
	{"Note without ID", []edit{{"sP1", "/S /P", "/S /Note"}}, []string{"Matterhorn 19-003"}, 1},
	{"Note IDs repeated", []edit{{"sP1", "/S /P", "/S /Note /ID (n1)"}, {"sP2", "/S /P", "/S /Note /ID (n1)"}}, []string{"Matterhorn 19-004"}, 1},
	{"annotation without Contents", []edit{{"page1", "/Annots [{{link}}]", "/Annots [{{link}} << /Type /Annot /Subtype /Text /Rect [0 0 10 10] /F 4 >>]"}}, []string{"Matterhorn 28-004"}, 1},
	{"no Tabs", []edit{{"page1", " /Tabs /S", ""}}, []string{"Matterhorn 28-008"}, 1},
	{"Tabs not S", []edit{{"page1", "/Tabs /S", "/Tabs /R"}}, []string{"Matterhorn 28-009"}, 1},
	{"link not in a Link element", []edit{{"sLink", "<< /Type /OBJR /Obj {{link}} >>", ""}}, []string{"Matterhorn 28-011"}, 1},
	{"link without StructParent", []edit{{"link", "/StructParent 2 ", ""}}, []string{"Matterhorn 28-011"}, 1},
	{"link without Contents", []edit{{"link", "/Contents (The text) ", ""}}, []string{"Matterhorn 28-012"}, 1},
	{"MCID claimed twice", []edit{{"sP2", "/K [9 {{sLink}} 11]", "/K [9 {{sLink}} 11 1]"}}, []string{"ISO 32000-1 14.7.4.4"}, 1},
	{"MCID the page lacks", []edit{{"sP1", "/K 1", "/K [1 13]"}}, []string{"ISO 32000-1 14.7.4.4"}, 1},
	{"ParentTree names another element", []edit{{"parentTree", "{{sH1}} {{sP1}}", "{{sH1}} {{sP2}}"}}, []string{"ISO 32000-1 14.7.4.4"}, 1},
	{"page without StructParents", []edit{{"page2", " /StructParents 1", ""}}, []string{"ISO 32000-1 14.7.4.4"}, 2},
	{"StructParents with no ParentTree entry", []edit{{"page2", "/StructParents 1", "/StructParents 7"}}, []string{"ISO 32000-1 14.7.4.4"}, 2},
	{"MCID on an object that is not a page", []edit{{"sP3", "<< /Type /MCR /Pg {{page2}} /MCID 0 >>", "<< /Type /MCR /Pg {{catalog}} /MCID 0 >>"}},
		[]string{"ISO 32000-1 14.7.4.4", "Matterhorn 01-005"}, 0},
	{"link annotation as a direct object", []edit{{"page1", "/Annots [{{link}}]", "/Annots [<< /Type /Annot /Subtype /Link /Rect [85 515 115 530] /F 4 /Contents (The text) /StructParent 2 >>]"}},
		[]string{"Matterhorn 28-011"}, 1},
	{"output intent without a profile", []edit{{"intent", " /DestOutputProfile {{icc}}", ""}}, []string{"PDF/A-2 6.2.3", "PDF/A-2 6.2.4.3"}, 0},
	{"output profile with N 2", []edit{{"icc", "/N 3", "/N 2"}}, []string{"PDF/A-2 6.2.3", "PDF/A-2 6.2.4.3"}, 0},
	{"no ID in the trailer", nil, []string{"PDF/A-2 6.1.3"}, 0}, // the trailer edit is made in the test
	{"no output intent", []edit{{"catalog", " /OutputIntents [{{intent}}]", ""}}, []string{"PDF/A-2 6.2.3", "PDF/A-2 6.2.4.3"}, 0},
	{"output intent not PDF/A", []edit{{"intent", "/GTS_PDFA1", "/GTS_PDFX"}}, []string{"PDF/A-2 6.2.3", "PDF/A-2 6.2.4.3"}, 0},
	{"output profile N disagrees with its header", []edit{{"icc", "/N 3", "/N 1"}}, []string{"PDF/A-2 6.2.3", "PDF/A-2 6.2.4.3"}, 0},
	{"DeviceCMYK with an RGB intent", []edit{{"content1", "0 0 1 rg", "0 0 1 rg 0 0 0 1 k"}}, []string{"PDF/A-2 6.2.4.3"}, 1},
	{"annotation not printed", []edit{{"link", "/F 4", "/F 0"}}, []string{"PDF/A-2 6.3.2"}, 1},
	{"annotation hidden", []edit{{"link", "/F 4", "/F 6"}}, []string{"PDF/A-2 6.3.2"}, 1},
	{"metadata of the wrong subtype", []edit{{"metadata", "/Subtype /XML", "/Subtype /Text"}}, []string{"PDF/A-2 6.6.2.1"}, 0},
	{"XMP header with bytes", []edit{{"metadata", `id="W5M0MpCehiHzreSzNTczkc9d"`, `id="W5M0MpCehiHzreSzNTczkc9d" bytes="2000"`}}, []string{"PDF/A-2 6.6.2.1"}, 0},
	{"XMP not well-formed", []edit{{"metadata", "</x:xmpmeta>", "</x:xmpmetax>"}}, []string{"Matterhorn 06-001", "PDF/A-2 6.6.2.1"}, 0},
	{"wrong PDF/A part", []edit{{"metadata", `pdfaid:part="2"`, `pdfaid:part="1"`}}, []string{"PDF/A-2 6.6.4"}, 0},
	{"wrong PDF/A conformance", []edit{{"metadata", `pdfaid:conformance="U"`, `pdfaid:conformance="B"`}}, []string{"PDF/A-2 6.6.4"}, 0},
	{"embedded file", []edit{{"catalog", "/Lang (en-GB)", "/Lang (en-GB) /Names << /EmbeddedFiles << /Names [(a.txt) << /Type /Filespec /F (a.txt) /UF (a.txt) >>] >> >>"}}, []string{"PDF/A-2 6.8"}, 0},
	{"Info title differs from XMP", []edit{{"info", "/Title (Water)", "/Title (Rain)"}}, []string{"PDF/A-1 6.7.3"}, 0},
	{"Info author differs from XMP", []edit{{"info", "/Author (A Writer)", "/Author (Another)"}}, []string{"PDF/A-1 6.7.3"}, 0},
	{"Info creation date another instant", []edit{{"metadata", "2024-01-02T02:04:05Z", "2024-01-02T03:04:05Z"}}, []string{"PDF/A-1 6.7.3"}, 0},
	{"Info producer missing from XMP", []edit{{"metadata", ` pdf:Producer="pdfcheck"`, ""}}, []string{"PDF/A-1 6.7.3"}, 0},
}

func applyEdits(t *testing.T, p *testPDF, edits []edit) {
	t.Helper()
	for _, e := range edits {
		p.edit(t, e.obj, e.old, e.new)
	}
}

func TestEachRuleIsReportedByNumber(t *testing.T) {
	needQpdf(t)
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			p := cleanPDF(t)
			applyEdits(t, p, tc.edits)
			if tc.name == "no ID in the trailer" {
				p.trailer = "/Root {{catalog}} /Info {{info}}"
			}
			vs := check(t, p.bytes(t), both)
			if got := rulesOf(vs); !slices.Equal(got, tc.want) {
				t.Fatalf("rules %q, want %q:%s", got, tc.want, listing(vs))
			}
			if tc.page > 0 && vs[0].Page != tc.page {
				t.Errorf("first violation on page %d, want %d:%s", vs[0].Page, tc.page, listing(vs))
			}
			// Each profile reports its own rules only.
			for _, v := range check(t, p.bytes(t), PDFUA1) {
				if strings.HasPrefix(v.Rule, "PDF/A") {
					t.Errorf("PDFUA1 alone reported %v", v)
				}
			}
			for _, v := range check(t, p.bytes(t), PDFA2U) {
				if !strings.HasPrefix(v.Rule, "PDF/A") {
					t.Errorf("PDFA2U alone reported %v", v)
				}
			}
		})
	}
}

// Variants of the clean document that must stay clean: they pin down what a
// rule does not forbid.
func TestAllowedVariants(t *testing.T) {
	needQpdf(t)
	cases := []struct {
		name  string
		edits []edit
	}{
		{"n paints nothing", []edit{{"content1", "/H1 /MC0", "0 0 m 10 10 l n /H1 /MC0"}}},
		{"metadata language from dc:title", []edit{{"catalog", "/Lang (en-GB) ", ""}, {"sDoc", "/K [", "/Lang (en-GB) /K ["},
			{"metadata", `<rdf:li xml:lang="x-default">Water</rdf:li>`, `<rdf:li xml:lang="x-default">Water</rdf:li><rdf:li xml:lang="en-GB">Water</rdf:li>`}}},
		{"table organised by Headers and IDs", []edit{{"sTH1", "/A << /O /Table /Scope /Row >> ", "/ID (h1) "}, {"sTD1", "/K 4", "/A << /O /Table /Headers [(h1)] >> /K 4"}}},
		{"dates without a zone agree by clock", []edit{{"info", "/CreationDate (D:20240102030405+01'00')", "/CreationDate (D:20240102020405)"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := cleanPDF(t)
			applyEdits(t, p, tc.edits)
			if vs := check(t, p.bytes(t), both); len(vs) > 0 {
				t.Fatalf("violations:%s", listing(vs))
			}
		})
	}
}

func TestPDFA3AllowsEmbeddedFiles(t *testing.T) {
	needQpdf(t)
	p := cleanPDF(t)
	applyEdits(t, p, []edit{
		{"catalog", "/Lang (en-GB)", "/Lang (en-GB) /Names << /EmbeddedFiles << /Names [(a.txt) << /Type /Filespec /F (a.txt) /UF (a.txt) >>] >> >>"},
		{"metadata", `pdfaid:part="2"`, `pdfaid:part="3"`},
	})
	if vs := check(t, p.bytes(t), PDFA3U|PDFUA1); len(vs) > 0 {
		t.Fatalf("violations:%s", listing(vs))
	}
	if got := rulesOf(check(t, p.bytes(t), PDFA2U)); !slices.Equal(got, []string{"PDF/A-2 6.6.4", "PDF/A-2 6.8"}) {
		t.Fatalf("PDFA2U rules %q", got)
	}
}

// An encrypted file is made with qpdf itself, which encrypts everything else
// of the clean document unchanged.
func TestEncryptionIsReported(t *testing.T) {
	needQpdf(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(in, cleanPDF(t).bytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("qpdf", "--encrypt", "", "owner", "256", "--", in, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("qpdf --encrypt: %v\n%s", err, b)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	vs := check(t, pdf, both)
	if got := rulesOf(vs); !slices.Equal(got, []string{"PDF/A-2 6.1.3"}) {
		t.Fatalf("rules %q:%s", got, listing(vs))
	}
}

func TestUnreadablePDFIsAnError(t *testing.T) {
	needQpdf(t)
	if _, err := Check(context.Background(), []byte("not a PDF at all"), both); err == nil {
		t.Fatal("no error for a file that is not a PDF")
	}
	p := cleanPDF(t)
	p.edit(t, "content1", "/H1 /MC0 BDC", "/H1 /MC0 BDC (unterminated")
	if _, err := Check(context.Background(), p.bytes(t), both); err == nil || !strings.Contains(err.Error(), "page 1") {
		t.Fatalf("error %v, want one naming page 1", err)
	}
}

func TestTreeText(t *testing.T) {
	needQpdf(t)
	for _, compress := range []bool{false, true} {
		p := cleanPDF(t)
		p.compress = compress
		got, err := TreeText(context.Background(), p.bytes(t))
		if err != nil {
			t.Fatal(err)
		}
		if got != cleanText {
			t.Errorf("compress %v: TreeText\n%q, want\n%q", compress, got, cleanText)
		}
	}
}

// An element's ActualText stands for all its content.
func TestTreeTextElementActualText(t *testing.T) {
	needQpdf(t)
	p := cleanPDF(t)
	p.edit(t, "sTable", "/K [", "/ActualText (Area: ten; tax: six) /K [")
	got, err := TreeText(context.Background(), p.bytes(t))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(cleanText, "Area\nTen\nTax\nsix\n", "Area: ten; tax: six\n", 1)
	if got != want {
		t.Errorf("TreeText\n%q, want\n%q", got, want)
	}
}

func TestViolationString(t *testing.T) {
	v := Violation{Rule: "Matterhorn 13-004", Page: 2, Detail: "a Figure has neither Alt nor ActualText"}
	if got, want := v.String(), "Matterhorn 13-004 (page 2): a Figure has neither Alt nor ActualText"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	v.Page = 0
	if got := v.String(); !strings.Contains(got, "(document)") {
		t.Errorf("%q does not say document", got)
	}
}

// With a CIDToGIDMap stream the glyph, and so .notdef, follows from the map:
// here CID 22 maps to glyph 0, and every other CID to itself.
func TestNotdefThroughCIDToGIDMap(t *testing.T) {
	needQpdf(t)
	gidMap := make([]byte, 2*23)
	for cid := 0; cid < 22; cid++ {
		gidMap[2*cid+1] = byte(cid)
	}
	for _, tc := range []struct {
		show string
		want []string
	}{
		{"Td <0006000B00090001> Tj", nil},
		{"Td <0006000B000900010016> Tj", []string{"Matterhorn 31-030", "PDF/A-2 6.2.11.8"}},
	} {
		p := cleanPDF(t)
		p.addStream("gidMap", "<< >>", gidMap)
		p.edit(t, "cidFont", "/CIDToGIDMap /Identity", "/CIDToGIDMap {{gidMap}}")
		p.edit(t, "toUnicode", "<0001> <0020>", "<0001> <0020>\n<0016> <0041>")
		p.edit(t, "content2", "Td <0006000B00090001> Tj", tc.show)
		vs := check(t, p.bytes(t), both)
		if got := rulesOf(vs); !slices.Equal(got, tc.want) {
			t.Errorf("%s: rules %q, want %q:%s", tc.show, got, tc.want, listing(vs))
		}
	}
}

// Simple fonts and Type 3 fonts show one-byte codes. A WinAnsi font needs no
// ToUnicode (its encoding gives the Unicode values) but must be embedded; a
// Type 3 font is embedded by nature but needs a ToUnicode CMap.
func TestSimpleFonts(t *testing.T) {
	needQpdf(t)
	const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	const type3 = "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /A {{glyphA}} >> /Encoding << /Differences [65 /A] >> /FirstChar 65 /LastChar 65 /Widths [1000] /Resources << >> >>"
	cases := []struct {
		name, font, shown string
		want              []string
		text              string
	}{
		{"WinAnsi, not embedded", helvetica, `(Ten \351t\351 \200)`, []string{"Matterhorn 31-009", "PDF/A-2 6.2.11.4.1"}, "Ten été €"},
		{"Type 3 without ToUnicode", type3, "(AA)", []string{"Matterhorn 31-027", "PDF/A-2 6.2.11.7.2"}, "\uFFFD\uFFFD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := cleanPDF(t)
			p.addStream("glyphA", "<< >>", []byte("1000 0 0 0 1000 1000 d1 0 0 1000 1000 re f"))
			p.add("font2", tc.font)
			p.edit(t, "page1", "/F1 {{font}}", "/F1 {{font}} /F2 {{font2}}")
			p.edit(t, "content1", "/P <</MCID 1>> BDC BT /F1 12 Tf 72 730 Td", "/P <</MCID 1>> BDC BT /F2 12 Tf 72 730 Td "+tc.shown+" Tj /F1 12 Tf")
			pdf := p.bytes(t)
			vs := check(t, pdf, both)
			if got := rulesOf(vs); !slices.Equal(got, tc.want) {
				t.Fatalf("rules %q, want %q:%s", got, tc.want, listing(vs))
			}
			if tc.font == type3 && !strings.Contains(vs[0].Detail, "(2 times") {
				t.Errorf("(AA) in a Type 3 font is not two one-byte codes: %v", vs[0])
			}
			text, err := TreeText(context.Background(), pdf)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Replace(cleanText, "Ten lots", tc.text+"Ten lots", 1); text != want {
				t.Errorf("TreeText\n%q, want\n%q", text, want)
			}
		})
	}
}

// Without qpdf, Available and Check say so with ErrNoQpdf: an error, not a
// clean result, so that a test never passes for want of the tool.
func TestWithoutQpdf(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if err := Available(); !errors.Is(err, ErrNoQpdf) {
		t.Errorf("Available() = %v", err)
	}
	if _, err := Check(context.Background(), []byte("%PDF-1.7"), both); !errors.Is(err, ErrNoQpdf) {
		t.Errorf("Check error %v", err)
	}
	if _, err := TreeText(context.Background(), []byte("%PDF-1.7")); !errors.Is(err, ErrNoQpdf) {
		t.Errorf("TreeText error %v", err)
	}
}

// Languages names each element that declares a language, with its text.
func TestLanguages(t *testing.T) {
	needQpdf(t)
	p := cleanPDF(t)
	p.edit(t, "sTable", "/K [", "/Lang (fr-CA) /K [")
	got, err := Languages(context.Background(), p.bytes(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []Tagged{{Role: "Table", Lang: "fr-CA", Text: "Area\nTen\nTax\nsix"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Languages: %+v, want %+v", got, want)
	}
}
