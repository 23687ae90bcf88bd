package layout

import (
	"slices"
	"testing"

	"pdfexport/render/doc"
)

// Float placement on the synthetic six-line page of pages_test.go: a float
// is a whole block of lines named after it, as a figure with its caption
// is one float of a picture row and lines.

func synthFloat(id, n int) doc.Block {
	b := synth(id, n)
	b.Float, b.Whole = true, true
	return b
}

func synthHeading(id int) doc.Block {
	b := synth(id, 1)
	b.Whole, b.KeepLines = true, 2
	return b
}

// synthTableRows is a table of one column: a header row, then rows of one
// line each, named after id from 1.
func synthTableRows(id, rows int) doc.Block {
	cell := func(text string) doc.TableCell {
		return doc.TableCell{Spans: []doc.Span{{Text: text, Style: synthStyle}}, Style: synthStyle}
	}
	t := &doc.Table{HeadRows: 1, Rows: []doc.TableRow{{Cells: []doc.TableCell{cell("Head")}}}}
	for _, name := range lineNames(id, 1, rows) {
		t.Rows = append(t.Rows, doc.TableRow{Cells: []doc.TableCell{cell(name)}})
	}
	return doc.Block{Table: t, Style: synthStyle}
}

func TestFloatPlacement(t *testing.T) {
	cat := func(parts ...[]string) []string { return slices.Concat(parts...) }
	space := func(b doc.Block, h float64) doc.Block { b.SpaceBefore = pts(h); return b }
	for _, tt := range []struct {
		name   string
		blocks []doc.Block
		want   [][]string
	}{
		{"a float that does not fit goes to the next page, the text after it fills this one",
			[]doc.Block{synth(1, 4), synthFloat(2, 3), synth(3, 4)},
			[][]string{cat(lineNames(1, 1, 4), lineNames(3, 1, 2)), cat(lineNames(2, 1, 3), lineNames(3, 3, 4))}},
		// Each page's items are counted without the white space dropped at
		// its top: the float was looked for a space too early, found no
		// float there, and stayed, leaving page 2 half empty (with a
		// float further on, it was moved into the middle of a paragraph,
		// leaving a widow).
		{"white space dropped at the top of a page does not hide the float on the next",
			[]doc.Block{synth(1, 6), space(synth(2, 3), 10), synthFloat(3, 4), synth(4, 5)},
			[][]string{lineNames(1, 1, 6), cat(lineNames(2, 1, 3), lineNames(4, 1, 3)), cat(lineNames(3, 1, 4), lineNames(4, 4, 5))}},
		// The page was filled up to the next float, kept with the heading
		// before it: the moved float stood between them, and the heading
		// was left at the page's foot.
		{"a moved float does not part a heading from what it keeps",
			[]doc.Block{synth(1, 4), synthFloat(2, 3), synthHeading(3), synthFloat(4, 2), synth(5, 4)},
			[][]string{lineNames(1, 1, 4), cat(lineNames(2, 1, 3), lineNames(3, 1, 1), lineNames(4, 1, 2)), lineNames(5, 1, 4)}},
		// The table's first rows fill the page; under the float on the
		// next, its rows went on without their header.
		{"a table that goes on under a moved float has its header rows there",
			[]doc.Block{synth(1, 4), synthFloat(2, 3), synthTableRows(3, 6)},
			[][]string{cat(lineNames(1, 1, 4), []string{"Head"}, lineNames(3, 1, 1)),
				cat(lineNames(2, 1, 3), []string{"Head"}, lineNames(3, 2, 2)),
				cat([]string{"Head"}, lineNames(3, 3, 6))}},
		// Page 1 took all of block 3, so the second float's place was on
		// page 1; it cannot share page 2 with the first, and it waited
		// two pages. Block 3 now waits with the first float (which stays
		// where it falls: page 1 is more than half full without it), and
		// the second float's place is page 2.
		{"the text before the next float waits with a float it cannot share a page with",
			[]doc.Block{synth(1, 4), synthFloat(2, 3), synth(3, 2), synthFloat(4, 4), synth(5, 6)},
			[][]string{lineNames(1, 1, 4), cat(lineNames(2, 1, 3), lineNames(3, 1, 2)), cat(lineNames(4, 1, 4), lineNames(5, 1, 2)), lineNames(5, 3, 6)}},
		// The first float had nothing of its own to fill its page with:
		// it stayed, and page 1 was left with four lines of six.
		{"floats in a row move together",
			[]doc.Block{synth(1, 4), synthFloat(2, 3), synthFloat(3, 2), synth(4, 6)},
			[][]string{cat(lineNames(1, 1, 4), lineNames(4, 1, 2)), cat(lineNames(2, 1, 3), lineNames(3, 1, 2), lineNames(4, 3, 3)), lineNames(4, 4, 6)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pages, _ := pageLines(t, synthDoc(tt.blocks...))
			if !slices.EqualFunc(pages, tt.want, slices.Equal) {
				t.Errorf("pages\n%q\nwant\n%q", pages, tt.want)
			}
		})
	}
}
