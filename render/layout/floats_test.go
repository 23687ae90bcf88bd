package layout

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"pdfexport/fonts"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// figure is a float of a picture h points tall and a one-line caption
// named after id, as compose sets a figure.
func figure(id int, h float64) []doc.Block {
	pic := &page.Picture{Key: fmt.Sprint(id), Format: "png", Width: 100, Height: 100}
	caption := synth(id, 1)
	caption.Whole = true
	return []doc.Block{
		{Pictures: []doc.Picture{{Pic: pic, W: pts(h), H: pts(h), Alt: fmt.Sprint("picture ", id)}}, Float: true, Whole: true, KeepNext: true},
		caption,
	}
}

// layoutPages sets d and returns its pages.
func layoutPages(t *testing.T, d *doc.Document) []page.Page {
	t.Helper()
	out, _, err := Layout(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out.Pages
}

func texts(pg page.Page) []string {
	var out []string
	for _, tx := range pg.Texts {
		out = append(out, strings.TrimSpace(tx.S))
	}
	return out
}

func alts(pg page.Page) []string {
	var out []string
	for _, im := range pg.Images {
		out = append(out, im.Alt)
	}
	return out
}

// A figure that does not fit where it falls goes to the top of the next
// page, and the text after it fills the page it left: no half-empty page.
func TestFloatGoesToNextPageAndTextFills(t *testing.T) {
	blocks := []doc.Block{synth(1, 4)}
	blocks = append(blocks, figure(2, 30)...)
	blocks = append(blocks, synth(3, 6))
	pages := layoutPages(t, synthDoc(blocks...))
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}
	if got, want := texts(pages[0]), slices.Concat(lineNames(1, 1, 4), lineNames(3, 1, 2)); !slices.Equal(got, want) {
		t.Errorf("page 1 holds %q; want the four lines before the figure and two after it, %q", got, want)
	}
	if got := alts(pages[1]); !slices.Equal(got, []string{"picture 2"}) {
		t.Errorf("page 2 draws %q; want the figure", got)
	}
	if len(pages[1].Images) == 1 && pages[1].Images[0].Y != pts(20) {
		t.Errorf("the figure is at %s; want the top of the body, 20pt", pages[1].Images[0].Y)
	}
	if got := texts(pages[1]); len(got) == 0 || got[0] != lineNames(2, 1, 1)[0] {
		t.Errorf("page 2 begins %q; want the figure's caption first", got)
	}
}

// Floats keep their order: a second figure that would fit where the first
// could not does not overtake it.
func TestFloatsKeepTheirOrder(t *testing.T) {
	blocks := []doc.Block{synth(1, 4)}
	blocks = append(blocks, figure(2, 30)...)
	blocks = append(blocks, figure(3, 5)...)
	blocks = append(blocks, synth(4, 8))
	pages := layoutPages(t, synthDoc(blocks...))
	var order []string
	for _, pg := range pages {
		order = append(order, alts(pg)...)
	}
	if !slices.Equal(order, []string{"picture 2", "picture 3"}) {
		t.Errorf("figures drawn in the order %q", order)
	}
}

// A figure that fits where it falls stays there.
func TestFloatThatFitsStays(t *testing.T) {
	blocks := []doc.Block{synth(1, 2)}
	blocks = append(blocks, figure(2, 10)...)
	blocks = append(blocks, synth(3, 6))
	pages := layoutPages(t, synthDoc(blocks...))
	if got := alts(pages[0]); !slices.Equal(got, []string{"picture 2"}) {
		t.Errorf("page 1 draws %q; want the figure where it falls", got)
	}
	if got := texts(pages[0]); len(got) < 3 || got[2] != lineNames(2, 1, 1)[0] {
		t.Errorf("page 1 reads %q; want the caption after the two lines before it", got)
	}
}

// synthTable is a table of a header row and n body rows of one line each.
func synthTable(n int) doc.Block {
	cell := func(s string) doc.TableCell {
		return doc.TableCell{Spans: []doc.Span{{Text: s, Style: synthStyle}}, Style: synthStyle}
	}
	t := &doc.Table{HeadRows: 1, Rule: doc.Rule{Width: pts(0.5)}}
	t.Rows = append(t.Rows, doc.TableRow{Cells: []doc.TableCell{cell("Hd"), cell("Hx")}})
	for i := range n {
		t.Rows = append(t.Rows, doc.TableRow{Cells: []doc.TableCell{cell(fmt.Sprintf("r%02d", i+1)), cell("x")}})
	}
	return doc.Block{Table: t, Style: synthStyle}
}

// A table's header rows begin every page it continues on, and each body
// row is drawn once.
func TestTableHeaderRepeats(t *testing.T) {
	pages := layoutPages(t, synthDoc(synthTable(14)))
	if len(pages) < 3 {
		t.Fatalf("the table takes %d pages; the test needs it to take three", len(pages))
	}
	var rows []string
	for n, pg := range pages {
		got := texts(pg)
		if len(got) < 2 || got[0] != "Hd" || got[1] != "Hx" {
			t.Errorf("page %d begins %q; want the header row", n+1, got)
		}
		for _, s := range got {
			if strings.HasPrefix(s, "r") {
				rows = append(rows, s)
			}
		}
	}
	if len(rows) != 14 || rows[0] != "r01" || rows[13] != "r14" || !slices.IsSorted(rows) {
		t.Errorf("body rows drawn: %q", rows)
	}
}

// Column widths: natural widths that fit are stretched to the measure in
// proportion; least widths that do not fit shrink the text, down to
// MinShrink.
func TestTableColumnWidths(t *testing.T) {
	least, ideal := []page.Unit{pts(10), pts(10)}, []page.Unit{pts(20), pts(40)}
	if got := columnWidths(least, ideal, pts(120)); got[0] != pts(40) || got[1] != pts(80) {
		t.Errorf("natural widths 20 and 40 in 120: %v; want 40 and 80", got)
	}
	if got := columnWidths(least, ideal, pts(40)); sum(got) != pts(40) || got[0] >= got[1] {
		t.Errorf("least 10+10, natural 20+40 in 40: %v; want 40 shared, the wider column wider", got)
	}
	// A word too wide for the measure shrinks the table's text.
	b := synthTable(1)
	b.Table.MinShrink = 0.5
	b.Table.Rows[1].Cells[1].Spans[0].Text = "wwwwwwwwwwwww"
	d := synthDoc(b)
	pages := layoutPages(t, d)
	var sizes []page.Unit
	for _, tx := range pages[0].Texts {
		sizes = append(sizes, tx.Size)
	}
	if len(sizes) == 0 || sizes[0] >= synthStyle.Size || sizes[0] < synthStyle.Size/2 {
		t.Errorf("a table with a word wider than the measure is set at %v; want smaller than %s, at least half", sizes, synthStyle.Size)
	}
}

// A footnote is set at the foot of the page of its reference, and the page
// holds that many fewer lines of text.
func TestFootnoteAtFootOfItsPage(t *testing.T) {
	ref := synth(1, 8)
	ref.Spans = append(ref.Spans, doc.Span{Text: " 1", Style: synthStyle, Link: "#n1"})
	d := synthDoc(synth(2, 3), ref)
	d.Notes = map[string]doc.Block{"n1": synth(9, 1)}
	pages := layoutPages(t, d)
	note := lineNames(9, 1, 1)[0]
	for n, pg := range pages {
		got := texts(pg)
		has := slices.Contains(got, note)
		refHere := slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, " 1") || s == "1" })
		if has != refHere {
			t.Errorf("page %d reads %q: the note and its reference are not on one page", n+1, got)
		}
		if has {
			for _, tx := range pg.Texts {
				if strings.TrimSpace(tx.S) == note && tx.Y < pts(60) {
					t.Errorf("the note is at %s, not at the foot of the body (60pt from its top at 20pt)", tx.Y)
				}
			}
			if len(got) > 5 {
				t.Errorf("page %d holds %d lines and a note; the body holds 6 lines, less the note's line and gap", n+1, len(got))
			}
		}
	}
}

// A table too wide for the measure even at its least size is set on pages
// of its own with the paper turned, after the page where the text reaches
// it; the text after it fills that page. One that fits once shrunk stays
// on the measure.
func TestWideTableGoesLandscape(t *testing.T) {
	st := doc.Style{Face: synthStyle.Face, Size: pts(10), Leading: pts(13)}
	cell := func(s string) doc.TableCell {
		return doc.TableCell{Spans: []doc.Span{{Text: s, Style: st}}, Style: st}
	}
	table := func(cols, rows int) doc.Block {
		tb := &doc.Table{HeadRows: 1, MinShrink: 0.7, Pad: pts(3), Caption: []doc.Span{{Text: "The caption", Style: st}}, CaptionStyle: st}
		for r := range rows + 1 {
			var row doc.TableRow
			for c := range cols {
				row.Cells = append(row.Cells, cell(fmt.Sprintf("Wordy%02d%02d", r, c)))
			}
			tb.Rows = append(tb.Rows, row)
		}
		return doc.Block{Table: tb, Style: st, SpaceBefore: st.Leading / 2, SpaceAfter: st.Leading / 2, GridAfter: true}
	}
	para := func(id int) doc.Block {
		return doc.Block{Spans: []doc.Span{{Text: strings.Repeat(fmt.Sprintf("text%d ", id), 60), Style: st}}, Style: st, Orphans: 2, Widows: 2}
	}
	a4 := func(blocks ...doc.Block) *doc.Document {
		return &doc.Document{Paper: doc.A4, Lang: "en", Grid: st.Leading, Blocks: blocks,
			Margins: doc.Margins{Side: pts(72), Top: pts(64), Head: pts(44), Foot: pts(40), FooterGap: pts(14)},
			Head:    doc.RunningHead{Style: st}, Footer: doc.Footer{Style: st, Text: "rights"}}
	}
	// Twelve columns of 9-letter words: too wide for A4's 451 pt at 70 %,
	// not for the turned page's 697.
	pages := layoutPages(t, a4(para(1), table(12, 60), para(2)))
	var wide []int
	for n, pg := range pages {
		if pg.Landscape {
			wide = append(wide, n)
			if got := texts(pg); !slices.Contains(got, "Wordy0000") {
				t.Errorf("landscape page %d does not begin with the header row: %q", n+1, got[:min(len(got), 4)])
			}
		}
	}
	if len(wide) < 2 || wide[0] != 1 {
		t.Fatalf("landscape pages %v; want the table on pages of its own from page 2", wide)
	}
	if got := texts(pages[0]); slices.Contains(got, "The caption") || !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "text2") }) {
		t.Errorf("page 1 does not go on with the text after the table, or holds its caption: %q", got)
	}
	// The text before the table and after it meet as if it were not
	// there: a line apart, no white space of the table's left behind.
	var last1, first2 page.Unit
	for _, tx := range pages[0].Texts {
		switch {
		case strings.HasPrefix(tx.S, "text1"):
			last1 = tx.Y
		case strings.HasPrefix(tx.S, "text2") && first2 == 0:
			first2 = tx.Y
		}
	}
	if first2-last1 != st.Leading {
		t.Errorf("%s between the text before the table and the text after it; want a line, %s", first2-last1, st.Leading)
	}
	if got := texts(pages[wide[0]]); len(got) == 0 || got[0] != "The caption" {
		t.Errorf("the first landscape page begins %q; want the caption", got[:min(len(got), 2)])
	}
	for _, n := range wide {
		for _, tx := range pages[n].Texts {
			if tx.X+tx.W > doc.A4.Height-pts(72)+pts(1) {
				t.Errorf("landscape page %d: %q ends at %s, past the turned measure", n+1, tx.S, tx.X+tx.W)
			}
		}
	}
	// Five columns fit once shrunk: no landscape page.
	for n, pg := range layoutPages(t, a4(para(1), table(5, 10), para(2))) {
		if pg.Landscape {
			t.Errorf("a table of five columns turned page %d", n+1)
		}
	}
}

// Preformatted text keeps the width of every white-space character, so
// that its columns line up; other text makes a run of spaces one space.
func TestKeepSpacesLinesUpColumns(t *testing.T) {
	st := doc.Style{Face: fonts.Mono, Size: pts(9), Leading: pts(15)}
	space := newStyle(st.Face, st.Size, st.Leading, st.Color).spaceWidth()
	for _, keep := range []bool{true, false} {
		b := doc.Block{Spans: []doc.Span{{Text: "Night    12", Style: st}}, Style: st, Ragged: true, KeepSpaces: keep}
		d := synthDoc(b)
		d.Paper.Width = pts(400)
		pages := layoutPages(t, d)
		// The glyphs left to right, whether drawn as one run or two:
		// "Night", perhaps a space, "12"; the gap runs from the end of
		// "t" (monospaced: its advance is a space's) to "1".
		var xs []page.Unit
		for _, tx := range pages[0].Texts {
			for _, g := range tx.Glyphs {
				xs = append(xs, tx.X+g.X)
			}
		}
		slices.Sort(xs)
		if len(xs) < 7 {
			t.Fatalf("keep %v: %d glyphs", keep, len(xs))
		}
		gap := xs[len(xs)-2] - xs[4] - space
		want := space
		if keep {
			want = 4 * space
		}
		if gap < want-page.Pt/10 || gap > want+space+page.Pt/10 {
			t.Errorf("keep %v: %s between the words; want %s", keep, gap, want)
		}
	}
}

// A table row taller than a page is cut into bands at its cells' line
// ends and goes on over pages, never running off a page.
func TestTallTableRowStaysOnThePages(t *testing.T) {
	st := doc.Style{Face: synthStyle.Face, Size: pts(10), Leading: pts(13)}
	var row doc.TableRow
	for c := range 6 {
		row.Cells = append(row.Cells, doc.TableCell{Spans: []doc.Span{{Text: strings.Repeat(fmt.Sprintf("word%d ", c), 150), Style: st}}, Style: st})
	}
	tb := &doc.Table{Rows: []doc.TableRow{row}, Pad: pts(3), MinShrink: 0.7}
	d := &doc.Document{Paper: doc.A4, Lang: "en", Grid: st.Leading, Blocks: []doc.Block{{Table: tb, Style: st}},
		Margins: doc.Margins{Side: pts(72), Top: pts(64), Head: pts(44), Foot: pts(40), FooterGap: pts(14)},
		Head:    doc.RunningHead{Style: st}, Footer: doc.Footer{Style: st, Text: "rights"}}
	pages := layoutPages(t, d)
	if len(pages) < 2 {
		t.Fatalf("%d pages; the row is taller than one", len(pages))
	}
	words := 0
	for n, pg := range pages {
		for _, tx := range pg.Texts {
			if strings.HasPrefix(tx.S, "word") {
				words += len(strings.Fields(tx.S))
				if tx.Y > doc.A4.Height-pts(40)-pts(14)-st.Leading {
					t.Errorf("page %d: %q at %s, in the footer or off the page", n+1, tx.S, tx.Y)
				}
			}
		}
	}
	if words != 6*150 {
		t.Errorf("%d words of the row drawn; want %d", words, 6*150)
	}
}

// Edge cases of tables: two landscape tables in a row are both set, and a
// header row taller than half the body stays on its pages.
func TestLandscapeTablesEdges(t *testing.T) {
	st := doc.Style{Face: synthStyle.Face, Size: pts(10), Leading: pts(13)}
	cell := func(s string) doc.TableCell {
		return doc.TableCell{Spans: []doc.Span{{Text: s, Style: st}}, Style: st}
	}
	table := func(prefix string, cols, rows, headRows int, long string) doc.Block {
		tb := &doc.Table{HeadRows: headRows, MinShrink: 0.7, Pad: pts(3)}
		for r := range rows {
			var row doc.TableRow
			for c := range cols {
				row.Cells = append(row.Cells, cell(fmt.Sprintf("%s%02d%02d", prefix, r, c)))
			}
			if r == 0 && long != "" {
				row.Cells[1] = cell(long)
			}
			tb.Rows = append(tb.Rows, row)
		}
		return doc.Block{Table: tb, Style: st, SpaceBefore: st.Leading / 2, SpaceAfter: st.Leading / 2, GridAfter: true}
	}
	para := doc.Block{Spans: []doc.Span{{Text: "Before.", Style: st}}, Style: st}
	a4 := func(blocks ...doc.Block) []page.Page {
		return layoutPages(t, &doc.Document{Paper: doc.A4, Lang: "en", Grid: st.Leading, Blocks: blocks,
			Margins: doc.Margins{Side: pts(72), Top: pts(64), Head: pts(44), Foot: pts(40), FooterGap: pts(14)},
			Head:    doc.RunningHead{Style: st}, Footer: doc.Footer{Style: st, Text: "rights"}})
	}
	count := func(pages []page.Page, prefix string) int {
		n := 0
		for _, pg := range pages {
			for _, tx := range pg.Texts {
				n += strings.Count(tx.S, prefix)
			}
		}
		return n
	}
	onPage := func(pages []page.Page) {
		t.Helper()
		for n, pg := range pages {
			h := doc.A4.Height
			if pg.Landscape {
				h = doc.A4.Width
			}
			for _, tx := range pg.Texts {
				if tx.S != "rights" && !strings.HasPrefix(tx.S, "page ") && tx.Y > h-pts(40)-pts(14)-st.Leading {
					t.Errorf("page %d: %.20q at %s, in the footer or off the page", n+1, tx.S, tx.Y)
					return
				}
			}
		}
	}
	// Two wide tables with nothing but white space between them.
	pages := a4(para, table("AAA", 14, 20, 1, ""), table("BBB", 14, 20, 1, ""), para)
	if a, b := count(pages, "AAA"), count(pages, "BBB"); a != 14*20 || b != 14*20 {
		t.Errorf("two wide tables in a row: %d and %d cells drawn; want %d each", a, b, 14*20)
	}
	onPage(pages)
	// A header row taller than half the body: set once, cut like body rows.
	onPage(a4(para, table("DDD", 3, 30, 1, strings.Repeat("word ", 900)), para))
}

// Columns too wide even at their least widths: a column of long text
// (its least width one short word) keeps an even share of the measure
// rather than being squeezed to a word a line.
func TestSqueezedColumnsKeepAShare(t *testing.T) {
	least := []page.Unit{pts(20), pts(100), pts(100), pts(100)}
	ideal := []page.Unit{pts(3000), pts(100), pts(100), pts(100)}
	got := columnWidths(least, ideal, pts(240))
	if sum(got) != pts(240) || got[0] < pts(60) {
		t.Errorf("widths %v in 240 pt: want the long text's column an even share (60 pt) or more", got)
	}
}
