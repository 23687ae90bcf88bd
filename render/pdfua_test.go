package render

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/images"
	"pdfexport/internal/pdfcheck"
	"pdfexport/internal/pdftest"
	"pdfexport/render/compose"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// needChecker skips a test without qpdf, which the checker reads PDFs
// with, except under CI.
func needChecker(t *testing.T) {
	t.Helper()
	pdftest.Tool(t, "qpdf")
}

// check renders a with o and returns what the checker finds against p.
func check(t *testing.T, a *article.Article, o Options, p pdfcheck.Profile) ([]byte, []pdfcheck.Violation) {
	t.Helper()
	needChecker(t)
	var buf bytes.Buffer
	o.Images = images.NewLoader(images.Options{})
	if _, err := Render(context.Background(), &buf, a, o); err != nil {
		t.Fatal(err)
	}
	vs, err := pdfcheck.Check(context.Background(), buf.Bytes(), p)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), vs
}

// Every fixture, at the smallest, normal and largest scales, is tagged
// PDF/UA-1 whatever its PDF/A part, and PDF/A-2u or -3u when asked, by
// the rules of the checker (internal/pdfcheck).
func TestPDFUAAndPDFA2u(t *testing.T) {
	needChecker(t)
	all := conformanceFixtures(t)
	for _, id := range sortedIDs(all) {
		for _, c := range []struct {
			scale float64
			pdfa  string
			p     pdfcheck.Profile
		}{
			{1, "", pdfcheck.PDFUA1},
			{MinScale, "2u", pdfcheck.PDFUA1 | pdfcheck.PDFA2U},
			{1, "2u", pdfcheck.PDFUA1 | pdfcheck.PDFA2U},
			{MaxScale, "2u", pdfcheck.PDFUA1 | pdfcheck.PDFA2U},
			{1, "3u", pdfcheck.PDFUA1 | pdfcheck.PDFA3U},
		} {
			_, vs := check(t, all[id], Options{Scale: c.scale, PDFA: c.pdfa}, c.p)
			for _, v := range vs {
				t.Errorf("%s at %g, pdfa %q: %s", id, c.scale, c.pdfa, v)
			}
		}
	}
}

// The structure tree, read in its order, is the article's text: every
// block that is not decoration, in the article's order, footnotes where the
// article has them, whatever page the layout put each on (a figure floated
// on, a footnote at the foot of a page). The expected text is the document
// model's (compose's), whose mapping of the article is its own test.
func TestTreeTextIsTheArticle(t *testing.T) {
	needChecker(t)
	all := conformanceFixtures(t)
	for _, id := range sortedIDs(all) {
		a := all[id]
		for _, scale := range []float64{1, MaxScale} {
			pdf, _ := check(t, a, Options{Scale: scale}, 0)
			got, err := pdfcheck.TreeText(context.Background(), pdf)
			if err != nil {
				t.Fatal(err)
			}
			want := modelText(t, a, Options{Scale: scale})
			if g, w := words(got), words(want); g != w {
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				t.Errorf("%s at %g: the tree's text differs from the article's at byte %d:\ntree:    %q\narticle: %q",
					id, scale, i, clip(g, i), clip(w, i))
			}
		}
	}
}

// modelText is the text of a's document model in the structure's order:
// for each element under the root, in the order compose made them (the
// article's), the text of every block, cell and footnote that belongs to
// it, list markers before their item's text.
func modelText(t *testing.T, a *article.Article, o Options) string {
	s, err := o.settings(a)
	if err != nil {
		t.Fatal(err)
	}
	pics, _ := loadPictures(context.Background(), a, images.NewLoader(images.Options{}), nil, s.Compose)
	s.Compose.Pictures = func(src string) *page.Picture { return pics[src] }
	d := compose.Article(a, s.Compose)
	top := func(e int) int {
		for e > 0 && d.Elems[e].Parent > 0 {
			e = d.Elems[e].Parent
		}
		return e
	}
	texts := make([]strings.Builder, len(d.Elems))
	add := func(e int, s string) {
		if e > 0 {
			texts[top(e)].WriteString(s + " ")
		}
	}
	block := func(b doc.Block) {
		if b.MarkerElem > 0 {
			add(b.MarkerElem, b.Marker)
		}
		if b.Elem > 0 {
			add(b.Elem, b.Text())
		}
		if tb := b.Table; tb != nil {
			var c strings.Builder
			for _, sp := range tb.Caption {
				c.WriteString(sp.Text)
			}
			add(tb.CaptionElem, c.String())
			for _, r := range tb.Rows {
				for _, cell := range r.Cells {
					var ct strings.Builder
					for _, sp := range cell.Spans {
						ct.WriteString(sp.Text)
					}
					add(cell.Elem, ct.String())
				}
			}
		}
	}
	for _, b := range d.Blocks {
		block(b)
	}
	names := make([]string, 0, len(d.Notes))
	for n := range d.Notes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		block(d.Notes[n])
	}
	var out strings.Builder
	for i := range texts {
		out.WriteString(texts[i].String())
	}
	return out.String()
}

// words is s with its white space one space between words, and without
// zero-width spaces and soft hyphens, which mark where a line may break
// (in Khmer, inside a word) and which the layout takes as that, not as
// characters.
func words(s string) string {
	s = strings.NewReplacer("\u200b", "", "\u00ad", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// clip is up to 60 bytes of s around byte i.
func clip(s string, i int) string {
	from, to := max(i-30, 0), min(i+30, len(s))
	return fmt.Sprint(s[from:to])
}

// The same article and options give the same bytes, every time: what the
// ETag and the file identifier promise. The structures article has a
// gallery of pictures of one width, which fpdf once wrote in a random
// order. Other options give another identifier.
func TestSameInputSameBytes(t *testing.T) {
	a := structuresArticle(t)
	render := func(o Options) []byte {
		var buf bytes.Buffer
		o.Images = images.NewLoader(images.Options{})
		if _, err := Render(context.Background(), &buf, a, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first := render(Options{PDFA: "2u"})
	for i := range 10 {
		if !bytes.Equal(render(Options{PDFA: "2u"}), first) {
			t.Fatalf("render %d of one article differs from the first", i+2)
		}
	}
	id := func(pdf []byte) string {
		i := bytes.Index(pdf, []byte("/ID ["))
		if i < 0 {
			t.Fatal("no /ID in the trailer")
		}
		return string(pdf[i : i+40])
	}
	ids := map[string]string{}
	for _, o := range []Options{{PDFA: "2u"}, {PDFA: "1b"}, {}, {PDFA: "2u", Scale: 1.5}, {PDFA: "2u", Paper: "letter"}} {
		k := id(render(o))
		if prev, ok := ids[k]; ok {
			t.Errorf("options %+v and %s give one file identifier", o, prev)
		}
		ids[k] = fmt.Sprintf("%+v", o)
	}
}

// A span in another language than its block's (HTML's lang on inline text)
// is an element with its /Lang and exactly its text, in the tree read from
// the PDF; a block in another language has its own, and inside it a span
// in the article's language has the article's. The catalog keeps the
// article's.
func TestSpanLanguagesInThePDF(t *testing.T) {
	needChecker(t)
	body := `<p>He said <span lang="fr">à bientôt, mes amis</span> and read <a href="https://example.org/b" lang="de">Die Wissenschaftsgeschichte</a> twice.</p>` +
		`<p lang="de">Ein Absatz mit <em lang="en">English words</em> darin.</p>` +
		`<p>Plain text with a <span lang="EN">redundant</span> tag.</p>` +
		`<table><caption>Boats, <span lang="fr">bateaux</span></caption><tr><th>Year</th><th>Port</th></tr><tr><td>2024</td><td><span lang="de">Hafen</span> of Kiel</td></tr></table>`
	blocks, _, err := article.ParseHTMLBody([]byte(body), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &article.Article{Title: "Languages", Lang: "en", Body: blocks}
	pdf, vs := check(t, a, Options{PDFA: "2u"}, pdfcheck.PDFUA1|pdfcheck.PDFA2U)
	for _, v := range vs {
		t.Error(v)
	}
	got, err := pdfcheck.Languages(context.Background(), pdf)
	if err != nil {
		t.Fatal(err)
	}
	want := []pdfcheck.Tagged{
		{Role: "Span", Lang: "fr", Text: "à bientôt, mes amis"},
		{Role: "Link", Lang: "de", Text: "Die Wissenschaftsgeschichte"},
		{Role: "P", Lang: "de", Text: "Ein Absatz mit English words darin."},
		{Role: "Span", Lang: "en", Text: "English words"},
		{Role: "Span", Lang: "fr", Text: "bateaux"},
		{Role: "Span", Lang: "de", Text: "Hafen"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("elements with a language:\n%+v\nwant\n%+v", got, want)
	}
	if !bytes.Contains(pdf, []byte("/Lang (en)")) {
		t.Error("the catalog lost the article's /Lang (en)")
	}
}
