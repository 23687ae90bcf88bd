package compose

import (
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// composeFigure composes an article of one figure whose pictures have the
// given pixel sizes (0×0: a picture that could not be had).
func composeFigure(t *testing.T, sizes ...[2]int) (*doc.Document, []doc.Block) {
	t.Helper()
	pics := map[string]*page.Picture{}
	f := &article.FigureData{Caption: []article.Run{{Text: "A caption."}}, Credit: "Photo: Someone"}
	for i, s := range sizes {
		src := string(rune('a'+i)) + ".jpg"
		if s[0] > 0 {
			pics[src] = &page.Picture{Key: src, Format: "jpeg", Width: s[0], Height: s[1]}
		}
		f.Images = append(f.Images, article.Image{Src: src, Alt: "Picture " + src})
	}
	a := &article.Article{Title: "T", Body: []article.Block{article.Para("Before."), {Kind: article.Figure, Figure: f}, article.Para("After.")}}
	d := Article(a, Options{Paper: doc.A4, Scale: 1, Pictures: func(src string) *page.Picture { return pics[src] }})
	var fig []doc.Block
	for i, b := range d.Blocks {
		if b.Float {
			for j := i; j < len(d.Blocks); j++ {
				fig = append(fig, d.Blocks[j])
				if !d.Blocks[j].KeepNext {
					break
				}
			}
		}
	}
	return d, fig
}

func TestFigureSizes(t *testing.T) {
	measure := doc.A4.Width - 2*SideMargin(1)
	// A landscape photo fills the measure.
	_, fig := composeFigure(t, [2]int{3000, 2000})
	if len(fig) != 2 || len(fig[0].Pictures) != 1 {
		t.Fatalf("figure blocks %+v; want a picture row and its caption", fig)
	}
	p := fig[0].Pictures[0]
	if p.W != measure || p.H < measure*2/3-page.Pt || p.H > measure*2/3+page.Pt {
		t.Errorf("a 3:2 photo is %s × %s; want the measure, %s, wide", p.W, p.H, measure)
	}
	if got := fig[1].Text(); got != "A caption. Photo: Someone" || !fig[0].Whole || !fig[0].KeepNext || !fig[1].Whole {
		t.Errorf("caption %q, whole %v %v, kept %v", got, fig[0].Whole, fig[1].Whole, fig[0].KeepNext)
	}
	// A tall portrait photo is narrowed to stay within maxFigure of the body.
	d, fig := composeFigure(t, [2]int{2000, 4000})
	p = fig[0].Pictures[0]
	if limit := page.Unit(float64(bodyHeight(d)) * maxFigure); p.H > limit || p.W >= measure/2+page.Pt {
		t.Errorf("a 1:2 portrait is %s × %s; want at most %s tall, so narrower than half the measure", p.W, p.H, limit)
	}
	// A small web image is not blown up past minDPI.
	_, fig = composeFigure(t, [2]int{300, 200})
	if p = fig[0].Pictures[0]; p.W > page.FromPoints(300*72/minDPI)+page.Pt {
		t.Errorf("a 300 px image is %s wide; want at most %g pt (%d dpi)", p.W, 300.0*72/minDPI, minDPI)
	}
}

func TestGalleryRows(t *testing.T) {
	for _, tc := range []struct {
		n    int
		rows []int
	}{{1, []int{1}}, {3, []int{3}}, {4, []int{2, 2}}, {5, []int{3, 2}}, {7, []int{3, 2, 2}}, {6, []int{3, 3}}} {
		sizes := make([][2]int, tc.n)
		for i := range sizes {
			sizes[i] = [2]int{1200 + 100*i, 900}
			if tc.n == 6 {
				sizes[i] = [2]int{600, 1800} // tall portraits: two rows taller than a page
			}
		}
		_, fig := composeFigure(t, sizes...)
		var rows []int
		for _, b := range fig {
			if len(b.Pictures) > 0 {
				rows = append(rows, len(b.Pictures))
				var w page.Unit
				for i, p := range b.Pictures {
					w += p.W
					if i > 0 {
						w += b.Gap
					}
					if p.H != b.Pictures[0].H {
						t.Errorf("%d pictures: a row of unequal heights", tc.n)
					}
				}
				if measure := doc.A4.Width - 2*SideMargin(1); w > measure+page.Pt {
					t.Errorf("%d pictures: a row %s wide, wider than the measure %s", tc.n, w, measure)
				}
			}
		}
		var h page.Unit
		for i, b := range fig {
			if len(b.Pictures) > 0 {
				h += b.Pictures[0].H
				if i > 0 {
					h += b.SpaceBefore // the gap between rows
				}
			}
		}
		if d, _ := composeFigure(t); h > page.Unit(float64(bodyHeight(d))*maxFigure)+page.Pt {
			t.Errorf("%d pictures: the gallery is %s tall, more than one picture may be", tc.n, h)
		}
		if len(rows) != len(tc.rows) {
			t.Errorf("%d pictures in rows %v; want %v", tc.n, rows, tc.rows)
			continue
		}
		for i := range rows {
			if rows[i] != tc.rows[i] {
				t.Errorf("%d pictures in rows %v; want %v", tc.n, rows, tc.rows)
				break
			}
		}
	}
}

// A picture that could not be had is a framed box with its alt text, and
// the figure keeps its caption.
func TestMissingPictureIsABox(t *testing.T) {
	_, fig := composeFigure(t, [2]int{1200, 800}, [2]int{0, 0})
	var box *doc.Block
	for i := range fig {
		if fig[i].Frame != nil {
			box = &fig[i]
		}
	}
	if box == nil || !strings.Contains(box.Text(), "Image unavailable: Picture b.jpg") {
		t.Fatalf("no framed box for the missing picture in %+v", fig)
	}
	if last := fig[len(fig)-1]; last.Text() != "A caption. Photo: Someone" {
		t.Errorf("the figure ends with %q; want its caption", last.Text())
	}
}

// A footnote referred to from a table cell (or a caption, or a citation)
// goes to the foot of its reference's page, like one referred to from a
// paragraph; only one nothing refers to goes to the end.
func TestFootnoteReferencesOutsideParagraphs(t *testing.T) {
	cell := article.TableCell{Runs: []article.Run{{Text: "412,000"}, {Text: "1", Note: "n1"}}}
	a := &article.Article{Title: "T", Body: []article.Block{
		{Kind: article.Table, Table: &article.TableData{Rows: []article.TableRow{{Cells: []article.TableCell{cell}}}}},
		{Kind: article.Footnote, ID: "n1", Label: "1", Runs: []article.Run{{Text: "Port Authority figures."}}},
		{Kind: article.Footnote, ID: "n2", Label: "2", Runs: []article.Run{{Text: "Nothing refers to this one."}}},
	}}
	d := Article(a, Options{Paper: doc.A4, Scale: 1})
	if _, ok := d.Notes["n1"]; !ok {
		t.Error("the note referred to from a table cell is not set at the foot of its page")
	}
	if _, ok := d.Notes["n2"]; ok {
		t.Error("a note nothing refers to is set as a page's footnote")
	}
}
