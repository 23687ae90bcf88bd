package compose

import (
	"testing"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/render/doc"
)

func TestArticleMapsOntoBlocks(t *testing.T) {
	a := &article.Article{
		Title: "A title", Date: "1 May 2024", Standfirst: "The gist.", Byline: "By A. Writer", URL: "https://example.org/a",
		Lang: "fr",
		Body: []article.Block{
			article.Para("First."),
			article.Para("Second."),
			{Kind: article.Heading, Runs: []article.Run{{Text: "Part two"}}},
			article.Para("After the heading."),
			{Kind: article.Quote, Runs: []article.Run{{Text: "Quoted "}, {Text: "emphasis", Style: article.Italic}}},
			{Kind: article.ListItem, Ordered: true, Number: 7, Runs: []article.Run{{Text: "Seventh", Style: article.Bold}}},
			{Kind: article.ListItem, Ordered: true, Number: 8, Runs: []article.Run{{Text: "Eighth"}}},
		},
	}
	d := Article(a, Options{Paper: doc.A4, Scale: 1, Publication: "Pub", Rights: "© Pub", Lang: "en"})
	if d.Lang != "fr" || d.Info.Lang != "fr" {
		t.Errorf("language %q (info %q), want the article's fr", d.Lang, d.Info.Lang)
	}
	if d.Info.Author != "A. Writer" || d.Info.Title != "A title" {
		t.Errorf("info %+v", d.Info)
	}
	if d.Head.Prefix != "Pub · " || d.Head.Title != "A title" || d.Footer.Text != "© Pub" || d.Footer.Label(2, 9) != "page 2 of 9" {
		t.Errorf("furniture: head %+v, footer %q", d.Head, d.Footer.Text)
	}
	texts := func(bs []doc.Block) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Text())
		}
		return out
	}
	want := []string{"1 May 2024", "A title", "The gist.", "By A. Writer", "https://example.org/a", "",
		"First.", "Second.", "Part two", "After the heading.", "Quoted emphasis", "Seventh", "Eighth"}
	got := texts(d.Blocks)
	if len(got) != len(want) {
		t.Fatalf("blocks %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d is %q, want %q", i, got[i], want[i])
		}
	}
	b := d.Blocks
	// The title block is kept whole and closed by a rule that puts the body
	// back on the grid.
	for i := 0; i < 5; i++ {
		if !b[i].KeepNext || !b[i].Ragged {
			t.Errorf("title block part %q: keep %v, ragged %v", b[i].Text(), b[i].KeepNext, b[i].Ragged)
		}
	}
	if b[5].Rule == nil || !b[5].GridAfter || b[5].KeepNext {
		t.Errorf("the title block's rule: %+v", b[5])
	}
	if b[1].Bookmark != "A title" || b[1].Level != 0 || b[8].Bookmark != "Part two" || b[8].Level != 1 {
		t.Errorf("bookmarks: %q/%d, %q/%d", b[1].Bookmark, b[1].Level, b[8].Bookmark, b[8].Level)
	}
	if b[4].Spans[0].Link != a.URL {
		t.Errorf("the URL is not a link")
	}
	// Paragraphs after the first of a run are indented.
	if b[6].FirstIndent != 0 || b[7].FirstIndent == 0 || b[9].FirstIndent != 0 {
		t.Errorf("first indents %v %v %v: want none, some, none (after a heading)", b[6].FirstIndent, b[7].FirstIndent, b[9].FirstIndent)
	}
	// A heading is whole, kept with two lines, and spaced from what is above.
	if h := b[8]; !h.Whole || h.KeepLines != 2 || h.SpaceBefore != d.Grid {
		t.Errorf("heading: whole %v, keeps %d lines, space before %v", h.Whole, h.KeepLines, h.SpaceBefore)
	}
	// Italic toggles in a quote; bold is bold in a list.
	if q := b[10]; q.Spans[0].Style.Face != fonts.SerifItalic || q.Spans[1].Style.Face != fonts.Serif || q.Start == 0 || q.End != q.Start {
		t.Errorf("quote: faces %v %v, insets %v %v", q.Spans[0].Style.Face, q.Spans[1].Style.Face, q.Start, q.End)
	}
	if l := b[11]; l.Marker != "7." || l.Spans[0].Style.Face != fonts.SerifBold || l.SpaceBefore == 0 || l.SpaceAfter != 0 {
		t.Errorf("first list item: marker %q, face %v, space %v/%v", l.Marker, l.Spans[0].Style.Face, l.SpaceBefore, l.SpaceAfter)
	}
	if l := b[12]; l.Marker != "8." || l.SpaceBefore != 0 || l.SpaceAfter == 0 {
		t.Errorf("last list item: marker %q, space %v/%v", l.Marker, l.SpaceBefore, l.SpaceAfter)
	}
	for _, blk := range b[6:] {
		if blk.Orphans != 2 || blk.Widows != 2 {
			t.Errorf("%q keeps %d orphans, %d widows; want 2 and 2", blk.Text(), blk.Orphans, blk.Widows)
		}
	}
}

func TestFaceFor(t *testing.T) {
	for _, tt := range []struct {
		base fonts.Face
		st   article.Style
		want fonts.Face
	}{
		{fonts.Serif, 0, fonts.Serif},
		{fonts.Serif, article.Italic | article.Bold, fonts.SerifBoldItalic},
		{fonts.SerifItalic, article.Italic, fonts.Serif},
		{fonts.SerifItalic, article.Bold, fonts.SerifBoldItalic},
		{fonts.SansBold, article.Italic, fonts.SansBold},
	} {
		if got := faceFor(tt.base, tt.st); got != tt.want {
			t.Errorf("faceFor(%v, %v) = %v, want %v", tt.base, tt.st, got, tt.want)
		}
	}
}

// The page furniture does not grow with the font scale; the text does.
func TestScale(t *testing.T) {
	a := &article.Article{Title: "T", Body: []article.Block{article.Para("x")}}
	small, large := Article(a, Options{Paper: doc.A4, Scale: 1}), Article(a, Options{Paper: doc.A4, Scale: 2})
	if small.Footer.Style != large.Footer.Style {
		t.Errorf("the footer's style changes with the scale")
	}
	if large.Grid != 2*small.Grid || large.Margins.Side >= small.Margins.Side {
		t.Errorf("at scale 2: grid %v (scale 1: %v), side margin %v (%v)", large.Grid, small.Grid, large.Margins.Side, small.Margins.Side)
	}
}
