package layout

import (
	"slices"
	"strings"
	"testing"

	"pdfexport/fonts"
	"pdfexport/render/compose"
)

// The rag of large print (compose.LargePrint): the body of the sample at
// scales 2 and 2.5 is set ragged right, its full lines (not a paragraph's
// last, nor a page's, whose paragraph may go on overleaf) stop short of the
// measure by at most 4 ems at the 90th percentile, none by more than a
// quarter of the measure, and few are hyphenated. The figures are the
// README's (typometer's "rag" measures the same in the PDF).
func TestLargePrintRag(t *testing.T) {
	for _, scale := range []float64{2, 2.5} {
		for _, paper := range []Paper{A4, Letter} {
			d, _ := mustLayout(t, sample(t), opts(paper, scale))
			left := compose.SideMargin(scale)
			right := paper.Width - left
			body := bodyStyle(t, scale)
			var short []float64 // in ems
			deep, hyphens, lines := 0, 0, 0
			for _, pg := range d.Pages {
				var ls []bodyLine
				for _, l := range bodyLines(pg) {
					if l.face == fonts.Serif && l.size == body.size {
						ls = append(ls, l)
					}
				}
				for i, l := range ls[:max(len(ls)-1, 0)] {
					next := ls[i+1]
					if next.first.X > left+pts(1) || next.y-l.y > body.leading {
						continue // the paragraph's last line
					}
					lines++
					if strings.HasSuffix(l.text, "-") {
						hyphens++
					}
					if l.end > right+slack {
						t.Errorf("scale %g %s: %q passes the measure", scale, paper.Name, l.text)
					}
					short = append(short, (right-l.end).Points()/body.size.Points())
					if right-l.end > (right-left)/4 {
						deep++
					}
				}
			}
			if lines < 100 {
				t.Fatalf("scale %g %s: %d full lines measured", scale, paper.Name, lines)
			}
			slices.Sort(short)
			p90 := short[len(short)*9/10]
			t.Logf("scale %g %s: %d full lines, rag p90 %.2f em, %d deep, %d hyphenated", scale, paper.Name, lines, p90, deep, hyphens)
			if p90 > 4 || deep > 0 {
				t.Errorf("scale %g %s: rag p90 %.2f em (at most 4), %d lines short by more than a quarter of the measure (none)", scale, paper.Name, p90, deep)
			}
			if hyphens*10 > lines {
				t.Errorf("scale %g %s: %d of %d full lines hyphenated: large print hyphenates only where a line would stop far short", scale, paper.Name, hyphens, lines)
			}
			if p90 < 0.2 {
				t.Errorf("scale %g %s: rag p90 %.2f em: the body is justified, not ragged", scale, paper.Name, p90)
			}
		}
	}
}

// Large print begins at compose.LargePrintScale, for every language but
// Chinese and Japanese, which stay justified on their grid of characters.
func TestLargePrintBegins(t *testing.T) {
	for _, c := range []struct {
		scale float64
		lang  string
		want  bool
	}{
		{1, "en", false}, {1.99, "en", false}, {2, "en", true}, {2.5, "de", true}, {2.5, "th", true}, {2.5, "ko", true},
		{2.5, "ja", false}, {2.5, "zh-Hant", false}, {2.5, "", true},
	} {
		if got := compose.LargePrint(c.scale, c.lang); got != c.want {
			t.Errorf("LargePrint(%g, %q) = %v", c.scale, c.lang, got)
		}
	}
	// Below it the body is justified: every full line reaches the measure.
	d, _ := mustLayout(t, sample(t), opts(A4, 1.5))
	right := A4.Width - compose.SideMargin(1.5)
	reached := 0
	for _, pg := range d.Pages {
		for _, l := range bodyLines(pg) {
			if l.end > right-pts(0.5) && l.end < right+slack {
				reached++
			}
		}
	}
	if reached < 50 {
		t.Errorf("at scale 1.5 only %d lines reach the measure: the body is not justified", reached)
	}
}
