package compose

import (
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// composeTree is the structure of a, as treeOf draws it.
func composeTree(a *article.Article) (*doc.Document, string) {
	pic := &page.Picture{Key: "k", Format: "png", Width: 400, Height: 300}
	d := Article(a, Options{Paper: doc.A4, Scale: 1, Pictures: func(string) *page.Picture { return pic }})
	return d, treeOf(d)
}

func run(s string) []article.Run { return []article.Run{{Text: s}} }

// Headings take the level of their source, renumbered only so that none is
// skipped: h2 h3 h2 h4 reads H2 H3 H2 H3.
func TestHeadingLevels(t *testing.T) {
	_, got := composeTree(&article.Article{Title: "T", Body: []article.Block{
		{Kind: article.Heading, Level: 2, Runs: run("A")},
		{Kind: article.Heading, Level: 3, Runs: run("B")},
		{Kind: article.Heading, Level: 2, Runs: run("C")},
		{Kind: article.Heading, Level: 4, Runs: run("D")},
	}})
	want := "Document\n  H1 \"T\"\n  H2 \"A\"\n  H3 \"B\"\n  H2 \"C\"\n  H3 \"D\"\n"
	if got != want {
		t.Errorf("structure:\n%s\nwant:\n%s", got, want)
	}
}

// Quotes apart are two BlockQuotes: a paragraph between them closes the
// first.
func TestQuotesApart(t *testing.T) {
	_, got := composeTree(&article.Article{Title: "T", Body: []article.Block{
		{Kind: article.Quote, Runs: run("Q1")},
		article.Para("Between."),
		{Kind: article.Quote, Runs: run("Q2")},
	}})
	want := "Document\n  H1 \"T\"\n  BlockQuote\n    P \"Q1\"\n  P \"Between.\"\n  BlockQuote\n    P \"Q2\"\n"
	if got != want {
		t.Errorf("structure:\n%s\nwant:\n%s", got, want)
	}
}

// A picture with neither alt nor caption is decoration: no element. One
// without alt takes its caption's text, never the credit's.
func TestFigureAltRules(t *testing.T) {
	_, got := composeTree(&article.Article{Title: "T", Body: []article.Block{
		{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: "a.png"}}}},
		{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: "b.png"}}, Caption: run("The harbour."), Credit: "Photo: A. B."}},
	}})
	want := "Document\n  H1 \"T\"\n  Figure alt=\"The harbour.\" \"[picture]\"\n    Caption \"The harbour. Photo: A. B.\"\n"
	if got != want {
		t.Errorf("structure:\n%s\nwant:\n%s", got, want)
	}
}

// Every cell of a header row is a TH heading its column, marked <th> or
// not; a cell's RowSpan stops at the table's last row.
func TestTableHeaderRowsAndSpans(t *testing.T) {
	d, got := composeTree(&article.Article{Title: "T", Body: []article.Block{
		{Kind: article.Table, Table: &article.TableData{HeadRows: 1, Rows: []article.TableRow{
			{Cells: []article.TableCell{{Runs: run("Year")}, {Runs: run("Boats"), Header: true}}},
			{Cells: []article.TableCell{{Runs: run("2024"), RowSpan: 3}, {Runs: run("12")}}},
		}}},
	}})
	if want := "    TR\n      TH scope=Column \"Year\"\n      TH scope=Column \"Boats\"\n"; !strings.Contains(got, want) {
		t.Errorf("structure:\n%s\nwant the header row:\n%s", got, want)
	}
	for _, e := range d.Elems {
		if e.RowSpan > 1 {
			t.Errorf("a %s spans %d rows; the table has 1 below its header", e.Role, e.RowSpan)
		}
	}
}

// A run in another language than its block's is a Span with its /Lang (a
// link one a Link with it); a run in its block's language is the block's
// text, whatever case its tag is written in; and in a block in another
// language, a run in the article's is a Span with the article's. The
// spans carry their language relative to the document's, for shaping.
func TestSpanLanguages(t *testing.T) {
	const u = "https://example.org/"
	d, got := composeTree(&article.Article{Title: "T", Lang: "en", Body: []article.Block{
		{Kind: article.Paragraph, Runs: []article.Run{{Text: "Hello "}, {Text: "bonjour", Lang: "fr"}, {Text: " le", Lang: "fr", Style: article.Italic},
			{Text: " and "}, {Text: "Straße", Lang: "de", Link: u}, {Text: " here", Link: u}, {Text: " and "}, {Text: "EN", Lang: "EN"}}},
		{Kind: article.Paragraph, Lang: "fr", Runs: []article.Run{{Text: "Bonjour "}, {Text: "hello", Lang: "en"}, {Text: " "}, {Text: "hallo", Lang: "de"}}},
		{Kind: article.Paragraph, Lang: "fr", Runs: []article.Run{{Text: "Tout "}, {Text: "français", Lang: "FR"}}},
		{Kind: article.Paragraph, Runs: []article.Run{{Text: "Say "}, {Text: "bonjour", Lang: "fr"}, {Text: " "}, {Text: "madame", Lang: "FR", Style: article.Italic}, {Text: " twice."}}},
		{Kind: article.Table, Table: &article.TableData{Rows: []article.TableRow{{Cells: []article.TableCell{
			{Runs: []article.Run{{Text: "Zelle", Lang: "de"}}}, {Runs: run("cell")}}}}}},
	}})
	want := `Document
  H1 "T"
  P "Hello  and  and EN"
    Span lang=fr "bonjour le"
    Link lang=de "Straße"
    Link " here"
  P lang=fr "Bonjour  "
    Span lang=en "hello"
    Span lang=de "hallo"
  P lang=fr "Tout français"
  P "Say  twice."
    Span lang=fr "bonjour madame"
  Table
    TR
      TD
        Span lang=de "Zelle"
      TD "cell"
`
	if got != want {
		t.Errorf("structure:\n%s\nwant:\n%s", got, want)
	}
	var langs []string
	for _, s := range d.Blocks[len(d.Blocks)-4].Spans {
		langs = append(langs, s.Text+"="+s.Lang)
	}
	if g, w := strings.Join(langs, "|"), "Bonjour =fr|hello=| =fr|hallo=de"; g != w {
		t.Errorf("spans of the French paragraph: %s, want %s", g, w)
	}
}

// What the renderer writes itself in English (a missing picture's box, an
// embed without a provider) is English in an article in another language,
// and the article's words beside it (the alt text) are the article's.
func TestRenderersWordsAreEnglish(t *testing.T) {
	a := &article.Article{Title: "T", Lang: "fr", Body: []article.Block{
		{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: "missing.png", Alt: "Un port"}}}},
		{Kind: article.Embed, Embed: &article.EmbedData{URL: "https://example.org/v"}},
	}}
	d := Article(a, Options{Paper: doc.A4, Scale: 1, Pictures: func(string) *page.Picture { return nil }})
	var got []string
	for _, b := range d.Blocks {
		for _, s := range b.Spans {
			if s.Text != "T" && strings.TrimSpace(s.Text) != "" {
				got = append(got, s.Text+"="+s.Lang)
			}
		}
	}
	want := "Image unavailable: =en|Un port=|Embedded content=en|https://example.org/v="
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("spans and languages: %s, want %s", g, want)
	}
}

// In a block in another language, the spans compose writes itself (a
// note's label, an embed's provider, preformatted lines, a credit) are in
// the block's language: no Span of the article's language around them. A
// footnote in another language has its own on its Note.
func TestBlockLanguageCoversComposedSpans(t *testing.T) {
	_, got := composeTree(&article.Article{Title: "T", Lang: "en", Body: []article.Block{
		{Kind: article.Note, Lang: "fr", Label: "Correction", Runs: run("Une erreur.")},
		{Kind: article.Embed, Lang: "fr", Embed: &article.EmbedData{Provider: "Vidéo", Title: "Le port", URL: "https://example.org/v"}},
		{Kind: article.Preformatted, Lang: "fr", Runs: run("ligne un")},
		{Kind: article.Figure, Lang: "fr", Figure: &article.FigureData{Images: []article.Image{{Src: "a.png", Alt: "Un port"}}, Caption: run("Le port."), Credit: "Photo : moi"}},
		{Kind: article.Footnote, ID: "n1", Label: "1", Lang: "fr", Runs: run("Une note.")},
	}})
	if strings.Contains(got, "Span") {
		t.Errorf("a Span in blocks wholly in French:\n%s", got)
	}
	if !strings.Contains(got, "Note id=note-1 lang=fr") {
		t.Errorf("the French footnote's Note has no lang=fr:\n%s", got)
	}
}
