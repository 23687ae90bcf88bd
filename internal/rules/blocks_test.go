package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"pdfexport/article"
)

// The blocks beyond paragraphs, headings, quotations and lists, and the
// rules of figures and tables, on hand-made pages (see build): each kind
// read back where the house design sets it, and each rule kept by one
// layout and broken by another.

func runs(text string) []article.Run { return []article.Run{{Text: text}} }

func makeFigure(caption, credit string, alts ...string) article.Block {
	f := &article.FigureData{Caption: runs(caption), Credit: credit}
	if caption == "" {
		f.Caption = nil
	}
	for _, alt := range alts {
		f.Images = append(f.Images, article.Image{Src: "pictures/" + alt + ".jpg", Alt: alt})
	}
	return article.Block{Kind: article.Figure, Figure: f}
}

// table is a table of one header row (or headRows) and the rows given,
// each a list of cells.
func makeTable(caption string, headRows int, rows ...[]string) article.Block {
	t := &article.TableData{HeadRows: headRows}
	if caption != "" {
		t.Caption = runs(caption)
	}
	for r, row := range rows {
		var tr article.TableRow
		for _, c := range row {
			tr.Cells = append(tr.Cells, article.TableCell{Runs: runs(c), Header: r < headRows})
		}
		t.Rows = append(t.Rows, tr)
	}
	return article.Block{Kind: article.Table, Table: t}
}

func TestBlockRules(t *testing.T) {
	three := para("one two three four five six seven eight nine")
	four := para("alpha beta gamma delta epsilon zeta eta theta")
	five := para("red orange yellow green blue indigo violet")
	art := func(blocks ...article.Block) *article.Article {
		return &article.Article{Title: "The title", Lang: "en", Body: blocks}
	}
	harbour := makeFigure("Boats at dawn", "Photo: Ann", "A harbour")
	bridge := makeFigure("The old bridge", "", "A bridge")
	scores := makeTable("Results", 1, []string{"Team", "Score"}, []string{"North", "3"}, []string{"South side team", "12"}, []string{"East", "7"}, []string{"West", "9"})
	noted := article.Block{Kind: article.Paragraph, Runs: []article.Run{{Text: "A claim"}, {Text: "1", Note: "n1"}, {Text: " and more"}}}
	footnote := article.Block{Kind: article.Footnote, ID: "n1", Label: "1", Runs: runs("The source of the claim")}
	for _, c := range []struct {
		name   string
		a      *article.Article
		sheets []sheet
		want   []Rule
	}{
		// Each kind read back.
		{"a figure where it stands: its picture, then caption and credit", art(three, harbour, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "img:A harbour", "Boats at dawn Photo: Ann", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a gallery with a picture that could not be had: the others drawn, a box for it", art(three, makeFigure("Three views", "", "One", "Two", "Three"), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "img:One|Three", "Image unavailable: Two", "Three views", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a picture neither drawn nor stood in for", art(three, makeFigure("Three views", "", "One", "Two", "Three"), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "img:One|Three", "Three views", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{Text}},
		{"a pull quote between rules with its source, a quotation with its source", art(three,
			article.Block{Kind: article.PullQuote, Runs: runs("Words worth saying twice"), Cite: runs("A. Person")},
			article.Block{Kind: article.Quote, Runs: runs("quoted words from elsewhere"), Cite: runs("The Source")}, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "rule", "Words worth", "saying twice", "— A. Person", "rule",
				"quoted words", "from elsewhere", "— The Source", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a note, an embed, preformatted lines, a divider", art(three,
			article.Block{Kind: article.Note, Label: "Correction", Runs: runs("An earlier version erred.")},
			article.Block{Kind: article.Embed, Embed: &article.EmbedData{URL: "https://example.org/v/1", Provider: "Video", Title: "A clip"}},
			article.Block{Kind: article.Preformatted, Runs: runs("line one\n\n\tline  two\n")},
			article.Block{Kind: article.Divider}, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "rule", "Correction: An earlier", "version erred.", "rule",
				"Video: A clip", "https://example.org/v/1", "line one", "line two", "rule", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a footnote mark raised in its line, the footnote at the foot of its page", art(noted, four, footnote), []sheet{
			{lines: []string{"The title", "A claim^1 and more", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}, notes: []string{"1 The source", "of the claim"}},
		}, nil},
		{"a footnote at the foot of the page where its reference's block ends", art(three, noted, four, footnote), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}},
			{lines: []string{"A claim^1 and more", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}, notes: []string{"1 The source of the claim"}},
		}, nil},
		{"a footnote lost", art(noted, four, footnote), []sheet{
			{lines: []string{"The title", "A claim^1 and more", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{FootnotePage}},
		{"a footnote at the foot of the page after its reference's", art(noted, four, footnote), []sheet{
			{lines: []string{"The title", "A claim^1 and more", "alpha beta", "gamma delta"}},
			{lines: []string{"epsilon zeta", "eta theta"}, notes: []string{"1 The source", "of the claim"}},
		}, []Rule{FootnotePage}},
		{"a footnote at the end, where one nothing refers to goes", art(noted, four, footnote), []sheet{
			{lines: []string{"The title", "A claim^1 and more", "alpha beta", "gamma delta", "epsilon zeta", "eta theta", "rule", "1 The source", "of the claim"}},
		}, []Rule{Text}},
		{"a footnote nothing refers to, at the end", art(para("A claim and more"), four, footnote), []sheet{
			{lines: []string{"The title", "A claim and more", "alpha beta", "gamma delta", "epsilon zeta", "eta theta", "rule", "1 The source", "of the claim"}},
		}, nil},
		{"a line under the footnotes' rule that is no footnote", art(noted, four, footnote), []sheet{
			{lines: []string{"The title", "A claim^1 and more", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}, notes: []string{"1 The source", "of the claim", "and more"}},
		}, []Rule{Text}},
		{"a table read cell by cell, a cell of two lines", art(three, scores, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Results", "row:Team|Score", "row:North|3", "row:South side/team|12",
				"row:East|7", "row:West|9", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a table's cells out of order", art(three, scores, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Results", "row:Team|Score", "row:3|North", "row:South side/team|12",
				"row:East|7", "row:West|9", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{Text}},
		{"the lead image in the title block", &article.Article{Title: "The title", Lang: "en", Lead: &harbour, Body: []article.Block{three}}, []sheet{
			{lines: []string{"The title", "img:A harbour", "Boats at dawn Photo: Ann", "rule", "one two three", "four five six", "seven eight nine"}},
		}, nil},
		{"the lead image's picture on page 2", &article.Article{Title: "The title", Lang: "en", Lead: &harbour, Body: []article.Block{three}}, []sheet{
			{lines: []string{"The title"}},
			{lines: []string{"img:A harbour", "Boats at dawn Photo: Ann", "rule", "one two three", "four five six", "seven eight nine"}},
		}, []Rule{TitleSplit, TitleSplit}},

		// FloatOrder and FloatDistance.
		{"a figure floated to the top of the next page, the text after it filling this one", art(three, harbour, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
			{lines: []string{"img:A harbour", "Boats at dawn Photo: Ann", "red orange", "yellow green", "blue indigo violet"}},
		}, nil},
		{"two figures floated, the second set first", art(three, harbour, four, bridge, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
			{lines: []string{"img:A bridge", "The old bridge", "img:A harbour", "Boats at dawn Photo: Ann", "red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{FloatOrder}},
		{"a figure before its place in the text", art(three, four, harbour, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "img:A harbour", "Boats at dawn Photo: Ann", "alpha beta", "gamma delta", "epsilon zeta", "eta theta", "red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{FloatOrder}},
		{"a figure two pages after its place", art(three, harbour, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta"}},
			{lines: []string{"epsilon zeta", "eta theta"}},
			{lines: []string{"img:A harbour", "Boats at dawn Photo: Ann", "red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{FloatDistance}},

		// FigureSplit.
		{"a figure's picture at the foot of one page, its caption at the top of the next", art(three, harbour, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "img:A harbour"}},
			{lines: []string{"Boats at dawn Photo: Ann", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{FigureSplit}},
		{"a gallery's rows on two pages", art(three, makeFigure("Three views", "", "One", "Two", "Three"), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "img:One|Two"}},
			{lines: []string{"img:Three", "Three views", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{FigureSplit}},

		// HalfEmpty.
		{"a page that ends above the middle of the body, a figure too tall for the rest of it after", art(three, harbour, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}, short: true},
			{lines: []string{"img:A harbour", "Boats at dawn Photo: Ann", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{HalfEmpty}},
		{"a short last page", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta"}},
			{lines: []string{"epsilon zeta", "eta theta"}},
		}, nil},

		// TableHeader.
		{"a table across two pages, its header row at the top of the second", art(three, scores, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Results", "row:Team|Score", "row:North|3", "row:South side/team|12"}},
			{lines: []string{"row:Team|Score", "row:East|7", "row:West|9", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a table across two pages without its header row on the second", art(three, scores, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Results", "row:Team|Score", "row:North|3", "row:South side/team|12"}},
			{lines: []string{"row:East|7", "row:West|9", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{TableHeader}},
		{"two header rows, one repeated", art(three, makeTable("", 2, []string{"Team", "Score"}, []string{"name", "goals"}, []string{"North", "3"}, []string{"South", "12"}, []string{"East", "7"}), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "row:Team|Score", "row:name|goals", "row:North|3", "row:South|12"}},
			{lines: []string{"row:Team|Score", "row:East|7", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{TableHeader}},
		{"a header row repeated where the table does not go on", art(three, scores, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Results", "row:Team|Score", "row:North|3", "row:South side/team|12", "row:East|7", "row:West|9"}},
			{lines: []string{"row:Team|Score", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{Text}},
		{"a figure floated above a table that goes on, the header under it", art(three, harbour, scores, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Results", "row:Team|Score", "row:North|3", "row:South side/team|12"}},
			{lines: []string{"img:A harbour", "Boats at dawn Photo: Ann", "row:Team|Score", "row:East|7", "row:West|9", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a figure floated above a table that goes on without its header", art(three, harbour, scores, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Results", "row:Team|Score", "row:North|3", "row:South side/team|12"}},
			{lines: []string{"img:A harbour", "Boats at dawn Photo: Ann", "row:East|7", "row:West|9", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{TableHeader}},

		// Tables set with the paper turned.
		{"a table on turned pages after the page where the text before it ends, its header on each", art(three, scores, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
			{lines: []string{"Results", "row:Team|Score", "row:North|3", "row:South side/team|12"}, turned: true},
			{lines: []string{"row:Team|Score", "row:East|7", "row:West|9"}, turned: true, short: true},
			{lines: []string{"red orange", "yellow green", "blue indigo violet"}},
		}, nil},
		{"a table on turned pages without its header on the second", art(three, scores, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
			{lines: []string{"Results", "row:Team|Score", "row:North|3", "row:South side/team|12"}, turned: true},
			{lines: []string{"row:East|7", "row:West|9"}, turned: true, short: true},
			{lines: []string{"red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{TableHeader}},
		{"a turned page half empty before the table goes on", art(three, scores, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
			{lines: []string{"Results", "row:Team|Score", "row:North|3"}, turned: true, short: true},
			{lines: []string{"row:Team|Score", "row:South side/team|12", "row:East|7", "row:West|9"}, turned: true, short: true},
			{lines: []string{"red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{HalfEmpty}},
		{"a table on turned pages a page after the text before it ends", art(three, scores, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta"}},
			{lines: []string{"epsilon zeta", "eta theta"}},
			{lines: []string{"Results", "row:Team|Score", "row:North|3", "row:South side/team|12", "row:East|7", "row:West|9"}, turned: true},
			{lines: []string{"red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{FloatDistance}},
		{"a table on the measure after the text that follows it", art(three, scores, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
			{lines: []string{"Results", "row:Team|Score", "row:North|3", "row:South side/team|12", "row:East|7", "row:West|9", "red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{Text}},
		{"a table on turned pages lost", art(three, scores, four, five), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
			{lines: []string{"red orange", "yellow green", "blue indigo violet"}},
		}, []Rule{Text}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := rulesOf(t, c.a, build(c.sheets...)); !slices.Equal(got, c.want) {
				t.Errorf("rules broken: %q, want %q", got, c.want)
			}
		})
	}
}

// TestHalfEmptySaysWhatFollows: a page left half empty before a run of
// lines no page may end between (a long path broken after each "/"),
// taller than what is left of it, is still a violation, but one that says
// so; before a run that would have fitted, it does not.
func TestHalfEmptySaysWhatFollows(t *testing.T) {
	for _, c := range []struct {
		name  string
		segs  int // of the path, a line each
		unfit bool
	}{
		{"a run taller than what is left", 45, true},
		{"a run that would have fitted", 3, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var segs, lines []string
			for i := range c.segs {
				segs = append(segs, fmt.Sprintf("seg%02d", i))
				lines = append(lines, fmt.Sprintf("seg%02d/", i))
			}
			lines[0] = "see " + lines[0]
			lines[len(lines)-1] = strings.TrimSuffix(lines[len(lines)-1], "/") + " end"
			a := &article.Article{Title: "The title", Lang: "en", Body: []article.Block{
				para("one two three four five six seven eight nine"), para("alpha beta gamma delta epsilon zeta eta theta"),
				para("red orange yellow green blue indigo violet"), para("see " + strings.Join(segs, "/") + " end")}}
			r := Check(a, build(
				sheet{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
				sheet{lines: []string{"red orange", "yellow green", "blue indigo violet"}, short: true},
				sheet{lines: lines},
			), Options{Rights: testRights})
			if len(r.Violations) != 1 || r.Violations[0].Rule != HalfEmpty || r.Violations[0].Page != 2 {
				t.Fatalf("violations %v, want a half-empty page 2", r.Violations)
			}
			v := r.Violations[0]
			t.Log(v)
			if says := strings.Contains(v.Detail, "which no page may end between"); says != c.unfit {
				t.Errorf("the violation says the run could not be set on the page: %v, want %v", says, c.unfit)
			}
		})
	}
}
