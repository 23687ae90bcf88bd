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
	} {
		t.Run(tt.name, func(t *testing.T) {
			pages, _ := pageLines(t, synthDoc(tt.blocks...))
			if !slices.EqualFunc(pages, tt.want, slices.Equal) {
				t.Errorf("pages\n%q\nwant\n%q", pages, tt.want)
			}
		})
	}
}
