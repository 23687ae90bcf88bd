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

// The pagination rules on synthetic documents: a page whose body holds six
// lines, and blocks whose every word takes a line of its own (ten digits, a
// word no hyphenation pattern breaks, on a measure narrower than two of
// them), so that a block of n words is n lines and each line names itself.

var synthStyle = doc.Style{Face: fonts.Serif, Size: pts(8), Leading: pts(10)}

// synth is a block of n lines named after id: "0100000001", "0100000002", ….
func synth(id, n int) doc.Block {
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("%02d%08d", id, i+1)
	}
	return doc.Block{Spans: []doc.Span{{Text: strings.Join(words, " "), Style: synthStyle}}, Style: synthStyle,
		Ragged: true, Orphans: 2, Widows: 2}
}

func synthDoc(blocks ...doc.Block) *doc.Document {
	return &doc.Document{
		Paper:   doc.Paper{Name: "synthetic", Width: pts(160), Height: pts(120)},
		Margins: doc.Margins{Side: pts(50), Top: pts(20), Head: pts(12), Foot: pts(20), FooterGap: pts(10)},
		Lang:    "en",
		Grid:    pts(10),
		Blocks:  blocks,
		Head:    doc.RunningHead{Style: synthStyle},
		Footer:  doc.Footer{Style: synthStyle},
	}
}

// pageLines sets d and returns each page's lines by their words, with what
// the layout reported.
func pageLines(t *testing.T, d *doc.Document) ([][]string, Stats) {
	t.Helper()
	out, st, err := Layout(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := make([][]string, len(out.Pages))
	for n, pg := range out.Pages {
		for _, tx := range pg.Texts {
			pages[n] = append(pages[n], strings.TrimSpace(tx.S))
		}
	}
	return pages, st
}

// lineNames lists the lines from to to (from 1) of block id.
func lineNames(id, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("%02d%08d", id, i))
	}
	return out
}

func TestSyntheticPageHoldsSixLines(t *testing.T) {
	pages, _ := pageLines(t, synthDoc(synth(1, 20)))
	if len(pages[0]) != 6 {
		t.Fatalf("the synthetic page holds %d lines, the table below assumes 6: %q", len(pages[0]), pages[0])
	}
}

func TestPaginationRules(t *testing.T) {
	with := func(b doc.Block, f func(*doc.Block)) doc.Block { f(&b); return b }
	cat := func(parts ...[]string) []string { return slices.Concat(parts...) }
	for _, tt := range []struct {
		name   string
		blocks []doc.Block
		want   [][]string
		forced []int
	}{
		{"a paragraph fills the page and goes on",
			[]doc.Block{synth(1, 4), synth(2, 5)},
			[][]string{cat(lineNames(1, 1, 4), lineNames(2, 1, 2)), lineNames(2, 3, 5)}, nil},
		{"no widow: a paragraph's last line is not alone at the head of a page",
			[]doc.Block{synth(1, 3), synth(2, 4)},
			[][]string{cat(lineNames(1, 1, 3), lineNames(2, 1, 2)), lineNames(2, 3, 4)}, nil},
		{"no widow: a break that would leave one line moves up a line",
			[]doc.Block{synth(1, 4), synth(2, 3)},
			[][]string{lineNames(1, 1, 4), lineNames(2, 1, 3)}, nil},
		{"no orphan: a paragraph's first line is not alone at the foot of a page",
			[]doc.Block{synth(1, 5), synth(2, 4)},
			[][]string{lineNames(1, 1, 5), lineNames(2, 1, 4)}, nil},
		{"three orphans asked for, three kept",
			[]doc.Block{synth(1, 4), with(synth(2, 4), func(b *doc.Block) { b.Orphans = 3 })},
			[][]string{lineNames(1, 1, 4), lineNames(2, 1, 4)}, nil},
		{"a whole block is not split",
			[]doc.Block{synth(1, 4), with(synth(2, 3), func(b *doc.Block) { b.Whole = true })},
			[][]string{lineNames(1, 1, 4), lineNames(2, 1, 3)}, nil},
		{"a heading keeps two lines of what follows",
			[]doc.Block{synth(1, 4), with(synth(2, 1), func(b *doc.Block) { b.Whole, b.KeepLines = true, 2 }), synth(3, 4)},
			[][]string{lineNames(1, 1, 4), cat(lineNames(2, 1, 1), lineNames(3, 1, 4))}, nil},
		{"blocks kept together move as one",
			[]doc.Block{synth(1, 4),
				with(synth(2, 1), func(b *doc.Block) { b.KeepNext = true }),
				with(synth(3, 1), func(b *doc.Block) { b.KeepNext = true }),
				synth(4, 1), synth(5, 2)},
			[][]string{lineNames(1, 1, 4), cat(lineNames(2, 1, 1), lineNames(3, 1, 1), lineNames(4, 1, 1), lineNames(5, 1, 2))}, nil},
		{"space before a block is dropped at the head of a page",
			[]doc.Block{synth(1, 6), with(synth(2, 2), func(b *doc.Block) { b.SpaceBefore = pts(30) })},
			[][]string{lineNames(1, 1, 6), lineNames(2, 1, 2)}, nil},
		{"space takes room on the page",
			[]doc.Block{synth(1, 2), with(synth(2, 4), func(b *doc.Block) { b.SpaceBefore = pts(20) })},
			[][]string{cat(lineNames(1, 1, 2), lineNames(2, 1, 2)), lineNames(2, 3, 4)}, nil},
		{"keep-next binds a block to the next one's first lines, not to all of it",
			[]doc.Block{synth(9, 4), with(synth(1, 1), func(b *doc.Block) { b.KeepNext = true }), synth(2, 8)},
			[][]string{cat(lineNames(9, 1, 4)), cat(lineNames(1, 1, 1), lineNames(2, 1, 5)), lineNames(2, 6, 8)}, nil},
		{"keep-next holds across a return to the grid",
			[]doc.Block{synth(1, 4), with(synth(2, 1), func(b *doc.Block) { b.KeepNext, b.GridAfter = true, true }), synth(3, 3)},
			[][]string{lineNames(1, 1, 4), cat(lineNames(2, 1, 1), lineNames(3, 1, 3))}, nil},
		{"keep-next on the last block keeps nothing, and its space goes at the page's end",
			[]doc.Block{synth(1, 4), with(synth(2, 2), func(b *doc.Block) { b.KeepNext, b.SpaceAfter = true, pts(10) })},
			[][]string{cat(lineNames(1, 1, 4), lineNames(2, 1, 2))}, nil},
		{"keep-next passes over a block with nothing to set",
			[]doc.Block{synth(1, 5), with(synth(2, 1), func(b *doc.Block) { b.KeepNext = true }), {Style: synthStyle}, synth(3, 4)},
			[][]string{lineNames(1, 1, 5), cat(lineNames(2, 1, 1), lineNames(3, 1, 4))}, nil},
		{"a whole block taller than a page is split where it must be",
			[]doc.Block{with(synth(1, 8), func(b *doc.Block) { b.Whole = true })},
			[][]string{lineNames(1, 1, 6), lineNames(1, 7, 8)}, []int{1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, st := pageLines(t, synthDoc(tt.blocks...))
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("pages:\n%q\nwant\n%q", got, tt.want)
			}
			if !slices.Equal(st.ForcedBreaks, tt.forced) {
				t.Errorf("forced breaks after pages %v, want %v", st.ForcedBreaks, tt.forced)
			}
		})
	}
}

// A block that asks for the grid after it puts the next block's lines back
// on the grid, with at least a grid line of air.
func TestGridAfter(t *testing.T) {
	odd := doc.Style{Face: fonts.Serif, Size: pts(8), Leading: pts(13)}
	title := synth(1, 1)
	title.Style, title.Spans[0].Style, title.GridAfter = odd, odd, true
	d := synthDoc(title, synth(2, 2))
	out, _, err := Layout(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := out.Pages[0].Texts
	if len(texts) != 3 {
		t.Fatalf("%d texts, want 3", len(texts))
	}
	base := newStyle(synthStyle.Face, synthStyle.Size, synthStyle.Leading, synthStyle.Color).baseline()
	top := texts[1].Y - base // the top of the first line after the title
	if off := (top - d.Margins.Top) % d.Grid; off != 0 {
		t.Errorf("the line after the title is %v off the grid", off)
	}
	if air := top - (d.Margins.Top + odd.Leading); air < d.Grid || air >= 2*d.Grid {
		t.Errorf("%v between the title and the body, want at least a grid line and less than two", air)
	}
	// A title already on the grid gets exactly a line of air.
	onGrid := synth(1, 1)
	onGrid.GridAfter = true
	out, _, err = Layout(context.Background(), synthDoc(onGrid, synth(2, 1)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if texts := out.Pages[0].Texts; len(texts) != 2 || texts[1].Y-texts[0].Y != 2*d.Grid {
		t.Errorf("lines %v apart after a title on the grid, want two grid lines", texts[1].Y-texts[0].Y)
	}
}

// A line's skip (the space lineskip adds below it, so that the next line's
// ink stays clear) is not needed where the page ends after it: the line
// goes on the page its leading fits. TeX drops glue at a break.
func TestSkipIsDroppedAtAPageEnd(t *testing.T) {
	line := func(skip page.Unit) vitem {
		return vitem{height: pts(10) + skip, skip: skip, breakBefore: true, texts: []page.Text{{}}}
	}
	flow := []vitem{line(0), line(0), line(0), line(0), line(0), line(pts(5)), line(0)}
	pages, _, err := paginate(context.Background(), flow, pts(60), pts(10))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || len(pages[0]) != 6 {
		t.Errorf("pages of %d and more lines, want 6 on the first: the sixth fits but for its skip", len(pages[0]))
	}
}

// The grid resumes on the page where a block asking for it lands, not at a
// distance counted from the document's start (a space dropped at the top
// of a page once put what followed off the grid).
func TestGridAfterOnALaterPage(t *testing.T) {
	odd := doc.Style{Face: fonts.Serif, Size: pts(8), Leading: pts(13)}
	title := synth(2, 1)
	title.Style, title.Spans[0].Style, title.GridAfter, title.SpaceBefore = odd, odd, true, pts(5)
	d := synthDoc(synth(1, 6), title, synth(3, 2))
	out, _, err := Layout(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Pages) != 2 {
		t.Fatalf("%d pages, want 2", len(out.Pages))
	}
	base := newStyle(synthStyle.Face, synthStyle.Size, synthStyle.Leading, synthStyle.Color).baseline()
	checked := 0
	for _, tx := range out.Pages[1].Texts {
		if strings.HasPrefix(tx.S, "03") {
			checked++
			if off := (tx.Y - base - d.Margins.Top) % d.Grid; off != 0 {
				t.Errorf("%s is %v off the grid", tx.S, off)
			}
		}
	}
	if checked != 2 {
		t.Errorf("%d lines of block 3 on page 2, want 2", checked)
	}
}
