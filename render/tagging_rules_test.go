package render

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"pdfexport/article"
	"pdfexport/images"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdfcheck"
	"pdfexport/internal/pdftest"
)

// treeMatches renders a, checks it against PDF/UA-1 and PDF/A-2u, and
// compares its structure tree's text with the article's.
func treeMatches(t *testing.T, name string, a *article.Article) {
	t.Helper()
	pdf, vs := check(t, a, Options{PDFA: "2u"}, pdfcheck.PDFUA1|pdfcheck.PDFA2U)
	for _, v := range vs {
		t.Errorf("%s: %s", name, v)
	}
	got, err := pdfcheck.TreeText(context.Background(), pdf)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := words(got), words(modelText(t, a, Options{PDFA: "2u"})); g != w {
		t.Errorf("%s: the tree's text:\n%q\nthe article's:\n%q", name, g, w)
	}
}

// Each block's links are its own: a link to the address of one in an
// earlier block, or met again after other text, is a Link of its own,
// even where the block before ended in a link to the same address, or a
// link before it ran over two styles.
func TestLinksOfOneAddressInTwoBlocks(t *testing.T) {
	const u = "https://example.org/report"
	treeMatches(t, "links", &article.Article{Title: "Links", Lang: "en", Body: []article.Block{
		{Kind: article.Paragraph, Runs: []article.Run{{Text: "See "}, {Text: "this", Link: u}, {Text: " site", Link: u, Style: article.Bold},
			{Text: " and "}, {Text: "that", Link: u}}},
		{Kind: article.Paragraph, Runs: []article.Run{{Text: "That link", Link: u}, {Text: " begins this paragraph."}}},
	}})
}

// The running head (every page but the first) and the footer (every page)
// are pagination artifacts of their subtype, each one sequence a page.
func TestFurnitureIsPaginationArtifacts(t *testing.T) {
	pdf, res := renderPDF(t, fixture.Tenfold(fixture.Sample(t)), Options{})
	if res.Pages < 2 {
		t.Fatalf("%d pages; the test needs a running head", res.Pages)
	}
	qdf := pdftest.Uncompressed(t, pdf)
	for _, c := range []struct {
		kind string
		want int
	}{{"Header", res.Pages - 1}, {"Footer", res.Pages}} {
		if n := strings.Count(qdf, "/Artifact <</Type /Pagination /Subtype /"+c.kind+">> BDC"); n != c.want {
			t.Errorf("%d %s artifacts in %d pages; want %d", n, c.kind, res.Pages, c.want)
		}
	}
	// What they hold is text: the rules under the head and over the
	// footer, like every rule, are artifacts of no subtype.
	for _, seg := range strings.Split(qdf, "/Subtype /Footer>> BDC")[1:] {
		if seg, _, _ = strings.Cut(seg, "EMC"); strings.Contains(seg, " l S") {
			t.Fatalf("a rule drawn inside the footer's artifact:%s", seg)
		}
	}
}

// Every picture with something said of it is a Figure with its Alt in the
// file's structure tree: its drawing is the Figure's content.
func TestFiguresInTheTree(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Render(context.Background(), &buf, structuresArticle(t), Options{Images: images.NewLoader(images.Options{})}); err != nil {
		t.Fatal(err)
	}
	figures := 0
	for _, obj := range strings.Split(buf.String(), "endobj") {
		if strings.Contains(obj, "/Type /StructElem /S /Figure") {
			figures++
			if !strings.Contains(obj, "/Alt (") {
				t.Errorf("a Figure without Alt:%s", obj)
			}
		}
	}
	// The figure, and the gallery's three pictures it could load.
	if figures != 4 {
		t.Errorf("%d Figures in the tree; want 4", figures)
	}
}

// A PDF/A-3 document's source is an associated file whose relationship is
// Source, listed by the catalog's /AF.
func TestPDFA3uSourceRelationship(t *testing.T) {
	src := &Attachment{Name: "story.txt", MimeType: "text/plain", Description: SourceDescription, Data: []byte("Title\n\nText.\n")}
	a := &article.Article{Title: "Title", Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Body: []article.Block{article.Para("Text.")}}
	pdf, _ := renderPDF(t, a, Options{PDFA: "3u", Source: src})
	for _, want := range []string{"/AFRelationship /Source", "/AF [", "/Params << /CheckSum"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("the 3u PDF has no %s", want)
		}
	}
	// The source's date is the article's, as the document's are.
	if !regexp.MustCompile(`/Params << /CheckSum <[0-9a-f]+> /Size [0-9]+ /ModDate \(D:20240501`).Match(pdf) {
		t.Error("the attached source has no /ModDate of the article's date")
	}
}

// A face whose space glyph is drawn only for a zero-width no-break space
// (HarfBuzz draws the invisible character as the space glyph) still maps
// no glyph to U+FEFF (Matterhorn 31-028): the glyph completed for
// PDF/A-2u stands for U+FFFD.
func TestInvisibleCharacterAloneInItsFace(t *testing.T) {
	treeMatches(t, "zwnbsp", &article.Article{Title: "Invisible", Lang: "en", Body: []article.Block{
		{Kind: article.Paragraph, Runs: []article.Run{{Text: "Plain text then "}, {Text: "\ufeffword", Style: article.Bold | article.Italic}, {Text: "."}}},
	}})
}

// A PDF/A-3 document's identifier covers its attachment, name, type and
// bytes: two sources of one article give two documents.
func TestPDFA3uIDCoversTheSource(t *testing.T) {
	a := &article.Article{Title: "Title", Body: []article.Block{article.Para("Text.")}}
	ids := map[string]string{}
	for _, src := range []*Attachment{
		{Name: "a.txt", MimeType: "text/plain", Data: []byte("Title\n\nText.\n")},
		{Name: "a.json", MimeType: "application/json", Data: []byte("Title\n\nText.\n")},
		{Name: "a.txt", MimeType: "text/plain", Data: []byte("Title\n\nText!\n")},
	} {
		pdf, _ := renderPDF(t, a, Options{PDFA: "3u", Source: src})
		i := bytes.Index(pdf, []byte("/ID ["))
		if i < 0 {
			t.Fatal("no /ID")
		}
		id := string(pdf[i : i+40])
		if prev, ok := ids[id]; ok {
			t.Errorf("sources %s and %s %q give one identifier", prev, src.Name, src.Data)
		}
		ids[id] = src.Name + " " + string(src.Data)
	}
}

// The article a PDF/A-3 document attaches is the model as rendered,
// without what a parser dropped: dropping a script more or less changes
// no byte.
func TestPDFA3uAttachmentWithoutDropped(t *testing.T) {
	a := &article.Article{Title: "Title", Body: []article.Block{article.Para("Text.")}}
	b := *a
	b.Dropped = map[string]int{"script": 2}
	pa, _ := renderPDF(t, a, Options{PDFA: "3u"})
	pb, _ := renderPDF(t, &b, Options{PDFA: "3u"})
	if !bytes.Equal(pa, pb) {
		t.Error("an article's Dropped changes its PDF/A-3 document")
	}
}
