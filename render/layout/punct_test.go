package layout

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"pdfexport/article"
	"pdfexport/render/compose"
	"pdfexport/render/page"
)

// japaneseParagraph is the Japanese fixture's body as one paragraph, so that
// every line but the last is justified.
func japaneseParagraph(t *testing.T) *article.Article {
	a := fixtures(t)["tokyo-night-trains"]
	var body []string
	for _, b := range a.Body {
		body = append(body, b.Text())
	}
	return &article.Article{Title: "T", Lang: "ja", Body: []article.Block{article.Para(strings.Join(body, ""))}}
}

// TestLineEndsAtTheInk checks punctuation compression at line ends: every
// justified line of a Japanese paragraph ends where the measure does with
// its ink, not with its last mark's blank half, and a line ending in a full
// stop, comma or closing bracket lets that blank pass the measure.
func TestLineEndsAtTheInk(t *testing.T) {
	a := japaneseParagraph(t)
	marks := 0
	for _, scale := range scales {
		o := opts(A4, scale)
		o.Lang = "ja"
		d, _ := mustLayout(t, a, o)
		right := A4.Width - compose.SideMargin(scale)
		sizes := map[page.Unit]int{}
		for _, tx := range bodyTexts(d.Pages[0]) {
			sizes[tx.Size]++
		}
		size := page.Unit(0) // the paragraph's: the commonest
		for s, n := range sizes {
			if n > sizes[size] {
				size = s
			}
		}
		var lines [][]page.Text // the body's lines, by baseline
		for _, pg := range d.Pages {
			for _, tx := range bodyTexts(pg) {
				if tx.Size != size {
					continue
				}
				if n := len(lines); n > 0 && lines[n-1][0].Y == tx.Y {
					lines[n-1] = append(lines[n-1], tx)
				} else {
					lines = append(lines, []page.Text{tx})
				}
			}
		}
		if len(lines) < 5 {
			t.Fatalf("scale %g: %d lines", scale, len(lines))
		}
		for i, ln := range lines[:len(lines)-1] {
			last := slices.MaxFunc(ln, func(a, b page.Text) int { return int(a.X - b.X) })
			ink, end := last.X+inkWidth(last), last.X+last.W
			if d := ink - right; d > slack || d < -slack {
				t.Errorf("scale %g line %d %q: the ink ends %s from the measure", scale, i+1, last.S, d)
			}
			if end > ink {
				marks++
			}
		}
	}
	if marks == 0 {
		t.Error("no line ended in a mark: the test tested nothing")
	}
}

// TestMarksCloseUp checks punctuation compression between marks: a full
// stop before a closing bracket ("。」") and a closing bracket before an
// opening one are set half an em wide, as JIS X 4051 sets them.
func TestMarksCloseUp(t *testing.T) {
	a := &article.Article{Title: "T", Lang: "ja", Body: []article.Block{article.Para("「寂しい。」と言った。「また」『本』を読む。")}}
	o := opts(A4, 1)
	o.Lang = "ja"
	d, _ := mustLayout(t, a, o)
	found := map[string]bool{}
	for _, tx := range bodyTexts(d.Pages[0]) {
		for i := 0; i+1 < len(tx.Glyphs); i++ {
			g, h := tx.Glyphs[i], tx.Glyphs[i+1]
			pair := tx.S[g.Cluster:h.Cluster]
			if r, _ := utf8.DecodeRuneInString(tx.S[h.Cluster:]); r != utf8.RuneError {
				pair += string(r)
			}
			switch pair {
			case "。」", "」「", "」『":
				found[pair] = true
				// The first mark's ink is in its left half; the second's
				// box begins half an em after the first's.
				if got, want := h.X-g.X, tx.Size/2; got < want-slack || got > want+slack {
					t.Errorf("%q: %s apart, want %s", pair, got, want)
				}
			}
		}
	}
	if len(found) < 2 {
		for _, tx := range bodyTexts(d.Pages[0]) {
			t.Logf("%q %v", tx.S, tx.Glyphs)
		}
		t.Errorf("found only %v", found)
	}
}

// TestNoQuarterEmBesideMarks checks JIS X 4051's spacing between Japanese
// and Latin text: a quarter em between a kanji or kana and a digit, none
// between a mark and a digit, whose blank half is the space there.
func TestNoQuarterEmBesideMarks(t *testing.T) {
	a := &article.Article{Title: "T", Lang: "ja", Body: []article.Block{article.Para("駅は、1本と2本。")}}
	o := opts(A4, 1)
	o.Lang = "ja"
	d, _ := mustLayout(t, a, o)
	var texts []page.Text
	for _, tx := range bodyTexts(d.Pages[0]) {
		if tx.S != "T" {
			texts = append(texts, tx)
		}
	}
	// The line's runs: "駅は、", "1", "本と", "2", "本。".
	if len(texts) != 5 {
		t.Fatalf("%d runs: %v", len(texts), texts)
	}
	em := texts[0].Size
	if gap := texts[1].X - (texts[0].X + texts[0].W); gap > slack || gap < -slack {
		t.Errorf("%s between 、 and 1, want none", gap)
	}
	for _, i := range []int{2, 3, 4} {
		if gap := texts[i].X - (texts[i-1].X + texts[i-1].W); gap < em/4-slack || gap > em/4+slack {
			t.Errorf("%s between %q and %q, want a quarter em", gap, texts[i-1].S, texts[i].S)
		}
	}
}

// Of three opening brackets in a row, the second and the third give up
// their blank (the first keeps the half-em that parts it from the kanji
// before it): the second's is read from its glyph as shaped, not as
// narrowed beside the first.
func TestThreeBracketsCloseUp(t *testing.T) {
	a := &article.Article{Title: "T", Lang: "ja", Body: []article.Block{article.Para("本（「『本』」）本。")}}
	o := opts(A4, 1)
	o.Lang = "ja"
	d, _ := mustLayout(t, a, o)
	for _, tx := range bodyTexts(d.Pages[0]) {
		if !strings.Contains(tx.S, "（「『") {
			continue
		}
		// 本 and （ are a whole em each, 「 and 『 half of one: the
		// second 本 stands three ems after the first (three and a half
		// when 『 kept its blank).
		var first, second page.Unit = -1, -1
		for _, g := range tx.Glyphs {
			if strings.HasPrefix(tx.S[g.Cluster:], "本") {
				if first < 0 {
					first = g.X
				} else if second < 0 {
					second = g.X
				}
			}
		}
		if got, want := second-first, tx.Size*3; got < want-slack || got > want+slack {
			t.Errorf("本（「『本: %s between the two 本, want %s", got, want)
		}
		return
	}
	t.Fatal("no run holds （「『")
}

// In a right-to-left paragraph a Japanese quotation's last mark is not at
// the line's right edge: no line may pass the margins for its blank.
func TestNoHangInRightToLeft(t *testing.T) {
	var body []article.Block
	for n := 1; n <= 12; n++ {
		he := strings.Repeat("שלום עולם זה משפט בעברית ", n)
		body = append(body, article.Para(he+strings.Repeat("「東京」行「夜行」車「今」、", 8)))
	}
	a := &article.Article{Title: "כותרת", Lang: "he", Body: body}
	o := opts(A4, 1)
	o.Lang = "he"
	d, _ := mustLayout(t, a, o)
	left, right := compose.SideMargin(1), A4.Width-compose.SideMargin(1)
	for _, pg := range d.Pages {
		for _, tx := range bodyTexts(pg) {
			if tx.X < left-slack || tx.X+inkWidth(tx) > right+slack {
				t.Errorf("%q from %s to %s: outside the measure %s to %s", tx.S, tx.X, tx.X+tx.W, left, right)
			}
		}
	}
}
