package render

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"

	"pdfexport/article"
	"pdfexport/internal/langcorpus"
	"pdfexport/render/compose"
	"pdfexport/render/doc"
	"pdfexport/render/layout"
	"pdfexport/render/page"
	"pdfexport/render/text"
)

// inkLine is one line of a page: its baseline and how far its glyphs' ink
// reaches, measured here from the glyph outlines, not from the layout's
// own figures.
type inkLine struct {
	y, top, bottom page.Unit // top and bottom: page coordinates, y down
	text           string
}

func inkLines(t *testing.T, pg page.Page, extents map[text.Face]*font.Face) []inkLine {
	byY := map[page.Unit]*inkLine{}
	for _, tx := range pg.Texts {
		f := extents[tx.Face]
		if f == nil {
			f = font.NewFace(tx.Face.Font())
			extents[tx.Face] = f
		}
		upem := int64(text.UnitsPerEm(tx.Face))
		scale := func(u float32) page.Unit { return page.Unit(int64(u) * int64(tx.Size) / upem) }
		l := byY[tx.Y]
		if l == nil {
			l = &inkLine{y: tx.Y, top: tx.Y, bottom: tx.Y}
			byY[tx.Y] = l
		}
		l.text += tx.S
		for _, g := range tx.Glyphs {
			ext, ok := f.GlyphExtents(font.GID(g.ID))
			if !ok || ext.Height == 0 {
				continue
			}
			y := tx.Y + g.Y
			l.top = min(l.top, y-scale(ext.YBearing))
			l.bottom = max(l.bottom, y-scale(ext.YBearing+ext.Height))
		}
	}
	var out []inkLine
	for _, l := range byY {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].y < out[j].y })
	return out
}

// No line's ink touches the ink of the line under it, or a rule, in any of
// the corpus's 80 languages, at every scale: Khmer subscripts, Myanmar and Tibetan stacks and
// Vietnamese capitals once reached into the next line, whose leading
// follows the Latin body face.
func TestLinesDoNotTouch(t *testing.T) {
	samples := langcorpus.ForTest(t)
	extents := map[text.Face]*font.Face{}
	for _, s := range samples {
		a := &article.Article{Title: s.Name, Date: s.Name, Lang: s.Lang}
		for _, p := range s.Paragraphs {
			a.Body = append(a.Body, article.Para(p))
		}
		for _, scale := range []float64{MinScale, 1, 2, MaxScale} {
			d := compose.Article(a, compose.Options{Paper: doc.A4, Scale: scale, Lang: "en"})
			pages, _, err := layout.Layout(context.Background(), d, layout.Options{MaxPages: 50})
			if err != nil {
				t.Fatalf("%s: %v", s.Locale, err)
			}
			for n, pg := range pages.Pages {
				lines := inkLines(t, pg, extents)
				for i := 1; i < len(lines); i++ {
					if a, b := lines[i-1], lines[i]; a.bottom > b.top {
						t.Errorf("%s at scale %g, page %d: the ink of %.20q reaches %v into %.20q under it",
							s.Locale, scale, n+1, strings.TrimSpace(a.text), a.bottom-b.top, strings.TrimSpace(b.text))
					}
				}
				// Nor does any rule (under the title block and the running
				// head, over the footer) cross a line's ink.
				for _, r := range pg.Rules {
					for _, l := range lines {
						if l.top < r.Y1 && r.Y1 < l.bottom {
							t.Errorf("%s at scale %g, page %d: the rule at %v crosses %.20q (ink %v to %v)",
								s.Locale, scale, n+1, r.Y1, strings.TrimSpace(l.text), l.top, l.bottom)
						}
					}
				}
			}
		}
	}
}

// Lines kept apart leave the grid; what follows the paragraph goes back to
// it, on the page where it lands.
func TestBackOnTheGridAfterTallLines(t *testing.T) {
	khmer := strings.Repeat("អាហ្វ្រិកខាងត្បូង អាមេរិកកណ្ដាល ", 12)
	latin := strings.Repeat("The body text of the article goes on in Latin script. ", 20)
	a := &article.Article{Title: "Grid", Lang: "en"}
	for range 6 { // several pages: the way back is counted from the page's top
		a.Body = append(a.Body, article.Para(khmer), article.Para(latin))
	}
	d := compose.Article(a, compose.Options{Paper: doc.A4, Scale: 1, Lang: "en"})
	pages, _, err := layout.Layout(context.Background(), d, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := d.Grid/2 + d.Blocks[len(d.Blocks)-1].Style.Size*357/1000 // layout's baseline within a line
	latinLines, off := 0, 0
	for _, pg := range pages.Pages {
		for _, tx := range pg.Texts {
			if tx.Size != d.Blocks[len(d.Blocks)-1].Style.Size || !strings.HasPrefix(strings.TrimSpace(tx.S), "The") && !strings.Contains(tx.S, "Latin") {
				continue
			}
			latinLines++
			if (tx.Y-d.Margins.Top-base)%d.Grid != 0 {
				off++
			}
		}
	}
	if len(pages.Pages) < 3 {
		t.Fatalf("%d pages, want several", len(pages.Pages))
	}
	if latinLines == 0 || off > 0 {
		t.Errorf("%d of %d lines of Latin text are off the grid", off, latinLines)
	}
}
