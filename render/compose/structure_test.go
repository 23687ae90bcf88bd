package compose

import (
	"fmt"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// treeOf draws a document's structure with each element's text: the text
// of the blocks, spans, cells and pictures that name it.
func treeOf(d *doc.Document) string {
	text := make([]string, len(d.Elems))
	add := func(e int, s string) {
		if e > 0 {
			text[e] += s
		}
	}
	spans := func(elem int, sp []doc.Span) {
		for _, s := range sp {
			if s.Elem != 0 {
				add(s.Elem, s.Text)
			} else {
				add(elem, s.Text)
			}
		}
	}
	var blocks func([]doc.Block)
	blocks = func(bs []doc.Block) {
		for _, b := range bs {
			add(b.MarkerElem, b.Marker)
			spans(b.Elem, b.Spans)
			for _, p := range b.Pictures {
				add(p.Elem, "[picture]")
			}
			if t := b.Table; t != nil {
				spans(t.CaptionElem, t.Caption)
				for _, r := range t.Rows {
					for _, c := range r.Cells {
						spans(c.Elem, c.Spans)
					}
				}
			}
		}
	}
	blocks(d.Blocks)
	for _, n := range []string{"1"} {
		if b, ok := d.Notes[n]; ok {
			blocks([]doc.Block{b})
		}
	}
	var b strings.Builder
	var walk func(e, depth int)
	walk = func(e, depth int) {
		el := d.Elems[e]
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", depth), el.Role)
		if el.Alt != "" {
			fmt.Fprintf(&b, " alt=%q", el.Alt)
		}
		if el.Scope != "" {
			fmt.Fprintf(&b, " scope=%s", el.Scope)
		}
		if el.ID != "" {
			fmt.Fprintf(&b, " id=%s", el.ID)
		}
		if el.Lang != "" {
			fmt.Fprintf(&b, " lang=%s", el.Lang)
		}
		if text[e] != "" {
			fmt.Fprintf(&b, " %q", text[e])
		}
		b.WriteByte('\n')
		for c := e + 1; c < len(d.Elems); c++ {
			if d.Elems[c].Parent == e {
				walk(c, depth+1)
			}
		}
	}
	walk(0, 0)
	return b.String()
}

// The structure follows the article: headings never skip a level, quotes
// and lists are grouped, a nested list lies in its item, a figure holds
// its caption, a table's header cells head their columns, a link is its
// own element inside its paragraph, a footnote's mark a Reference, a
// footnote a Note with an ID, a block in another language than the
// article's has it (and one in the article's, in any case, has none), and
// what only
// decorates (rules, a pull quote repeating the body) has no element.
func TestStructureOfAnArticle(t *testing.T) {
	pic := &page.Picture{Key: "k", Format: "png", Width: 400, Height: 300}
	a := &article.Article{
		Title: "Title", Standfirst: "Gist.", URL: "https://example.org/a", Lang: "en",
		Body: []article.Block{
			{Kind: article.Paragraph, Runs: []article.Run{{Text: "See "}, {Text: "this", Link: "https://example.org/x"}, {Text: " and", Link: "https://example.org/x", Style: article.Bold}, {Text: " that"}, {Text: "1", Note: "n1"}, {Text: "."}}},
			{Kind: article.Heading, Level: 4, Runs: []article.Run{{Text: "Deep"}}},
			{Kind: article.Quote, Runs: []article.Run{{Text: "Q1"}}},
			{Kind: article.Quote, Runs: []article.Run{{Text: "Q2"}}, Cite: []article.Run{{Text: "Someone"}}, Lang: "fr"},
			{Kind: article.ListItem, Runs: []article.Run{{Text: "one"}}, Lang: "EN"},
			{Kind: article.ListItem, Level: 1, Runs: []article.Run{{Text: "one.a"}}},
			{Kind: article.ListItem, Runs: []article.Run{{Text: "two"}}},
			article.Para("The boats came back to the harbour."),
			{Kind: article.PullQuote, Runs: []article.Run{{Text: "“Boats came back to the harbour”"}}},
			{Kind: article.Divider},
			{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: "p.png", Alt: "A harbour"}}, Caption: []article.Run{{Text: "The harbour."}}}},
			{Kind: article.Table, Table: &article.TableData{HeadRows: 1, Rows: []article.TableRow{
				{Cells: []article.TableCell{{Runs: []article.Run{{Text: "Year"}}, Header: true}, {Runs: []article.Run{{Text: "Boats"}}, Header: true}}},
				{Cells: []article.TableCell{{Runs: []article.Run{{Text: "2024"}}, Header: true}, {Runs: []article.Run{{Text: "12"}}}}},
			}}},
			{Kind: article.Footnote, ID: "n1", Label: "1", Runs: []article.Run{{Text: "A note."}}},
		},
	}
	d := Article(a, Options{Paper: doc.A4, Scale: 1, Pictures: func(string) *page.Picture { return pic }})
	d.Notes = map[string]doc.Block{"1": d.Notes["n1"]}
	want := `Document
  H1 "Title"
  P "Gist."
  P
    Link "https://example.org/a"
  P "See  that."
    Link "this and"
    Reference "1"
  H2 "Deep"
  BlockQuote
    P "Q1"
    P lang=fr "Q2"
    P lang=fr "— Someone"
  L
    LI
      Lbl "•"
      LBody "one"
        L
          LI
            Lbl "◦"
            LBody "one.a"
    LI
      Lbl "•"
      LBody "two"
  P "The boats came back to the harbour."
  Figure alt="A harbour" "[picture]"
    Caption "The harbour."
  Table
    TR
      TH scope=Column "Year"
      TH scope=Column "Boats"
    TR
      TH scope=Row "2024"
      TD "12"
  Note id=note-1
    Lbl "1"
    P "A note."
`
	if got := treeOf(d); got != want {
		t.Errorf("structure:\n%s\nwant:\n%s", got, want)
	}
}
