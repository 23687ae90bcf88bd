package layout

import (
	"github.com/go-text/typesetting/segmenter"

	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
	"pdfexport/render/compose"
	"pdfexport/render/doc"
	"pdfexport/render/hyphen"
	"pdfexport/render/page"
	"pdfexport/render/text"
)

var update = flag.Bool("update", false, "rewrite the golden layout traces in testdata/golden")

func fixtures(t testing.TB) map[string]*article.Article { return fixture.All(t) }

func sample(t testing.TB) *article.Article { return fixture.Sample(t) }

const rights = "© Intersection - for republishing rights, please contact the editorial team at"

// The paper sizes, as the tests name them.
type Paper = doc.Paper

var A4, Letter = doc.A4, doc.Letter

// testOptions are an article's house options and the layout's page limit.
type testOptions struct {
	compose.Options
	MaxPages int
}

func opts(paper Paper, scale float64) testOptions {
	return testOptions{Options: compose.Options{Paper: paper, Scale: scale, Publication: "Intersection", Rights: rights, Lang: "en"}}
}

// layoutArticle composes a in the house design and lays it out.
func layoutArticle(ctx context.Context, a *article.Article, o testOptions) (*page.Document, Stats, error) {
	return Layout(ctx, compose.Article(a, o.Options), Options{MaxPages: o.MaxPages})
}

// footerSize is the house footer's type size (package compose).
const footerSize = 7.5

var black = page.Color{}

// testLayouter is a layouter for a composed as Layout makes one, for tests
// that set its paragraphs one at a time.
func testLayouter(a *article.Article, o testOptions) *layouter {
	return &layouter{d: compose.Article(a, o.Options), opt: Options{MaxPages: o.MaxPages}}
}

// bodyBlocks are the blocks of the article's body in l's document: those
// after the title block's rule.
func (l *layouter) bodyBlocks() []doc.Block {
	for i, b := range l.d.Blocks {
		if b.Rule != nil {
			return l.d.Blocks[i+1:]
		}
	}
	return l.d.Blocks
}

// bodyStyle is the style of body paragraphs at scale.
func bodyStyle(t testing.TB, scale float64) *style {
	t.Helper()
	l := testLayouter(sample(t), opts(A4, scale))
	for _, b := range l.bodyBlocks() {
		if b.Style.Face == fonts.Serif && (!b.Ragged || b.Hyphenate) {
			return l.style(b.Style)
		}
	}
	t.Fatal("the sample has no body paragraph")
	return nil
}

func mustLayout(t testing.TB, a *article.Article, o testOptions) (*page.Document, Stats) {
	t.Helper()
	doc, st, err := layoutArticle(context.Background(), a, o)
	if err != nil {
		t.Fatal(err)
	}
	return doc, st
}

// textWidth measures a run as the PDF viewer will draw it.
func textWidth(tx page.Text) page.Unit {
	return tx.W
}

// inkWidth is textWidth less the blank half of a full stop, comma or
// closing bracket that ends the run (text.Blanks), which a line may leave
// beyond the measure (punct.go).
func inkWidth(tx page.Text) page.Unit {
	if len(tx.Glyphs) == 0 {
		return tx.W
	}
	g := tx.Glyphs[len(tx.Glyphs)-1]
	r, _ := utf8.DecodeRuneInString(tx.S[g.Cluster:])
	adv := tx.W - g.X // the last glyph's advance, at the run's size
	upem := page.Unit(text.UnitsPerEm(tx.Face))
	_, right := text.Blanks(tx.Face, r, text.Glyph{ID: g.ID, Advance: int32(adv * upem / tx.Size)})
	return tx.W - page.Unit(int64(right)*int64(tx.Size)/int64(upem))
}

// bodyTexts returns the runs between the running head and the footer, in
// drawing order.
func bodyTexts(pg page.Page) []page.Text {
	ruleY := pg.Rules[len(pg.Rules)-1].Y1
	for _, r := range pg.Rules {
		ruleY = max(ruleY, r.Y1)
	}
	var out []page.Text
	for _, tx := range pg.Texts {
		if tx.Y < ruleY && tx.Y > pts(50) {
			out = append(out, tx)
		}
	}
	return out
}

// slack is how far a run may seem to pass the measure: a run merged from
// pieces measured one by one is rounded once instead of once per piece.
var slack = pts(0.01)

func expectedWords(a *article.Article) []string { return fixture.Words(a) }

var scales = []float64{0.5, 1, 1.5, 2, 2.5}

// TestEveryWordInOrder checks that the page model holds every word of every
// fixture, in order. Right-to-left text is drawn in visual order, so for
// articles with Hebrew or Arabic the test compares the characters instead
// (Arabic letters compared after undoing the presentation forms); the
// pdftotext round trip in package render checks their logical order. The one
// fixture with emoji and a rare ideograph has its own test.
func TestEveryWordInOrder(t *testing.T) {
	for name, a := range fixtures(t) {
		if fixture.HasBeyondBMP(a) {
			continue // see TestEveryCharacterFindsAFaceOrAStandIn
		}
		for _, paper := range []Paper{A4, Letter} {
			for _, scale := range scales {
				doc, st := mustLayout(t, a, opts(paper, scale))
				var got []string
				for _, pg := range doc.Pages {
					for _, tx := range bodyTexts(pg) {
						got = append(got, pdftest.Words(tx.S)...)
					}
				}
				if fixture.HasRTL(a) {
					if g, w := fixture.Letters(strings.Join(got, "")), fixture.Letters(strings.Join(expectedWords(a), "")); g != w {
						t.Errorf("%s %s scale %g: the characters drawn differ from the article's", name, paper.Name, scale)
					}
				} else if err := pdftest.CompareWords(expectedWords(a), got); err != nil {
					t.Errorf("%s %s scale %g: %v", name, paper.Name, scale, err)
				}
				if st.MissingGlyphs != 0 {
					t.Errorf("%s: %d characters without a glyph", name, st.MissingGlyphs)
				}
			}
		}
	}
}

func TestNoOverfullLinesAndNothingOffPage(t *testing.T) {
	for name, a := range fixtures(t) {
		for _, paper := range []Paper{A4, Letter} {
			for _, scale := range scales {
				doc, _ := mustLayout(t, a, opts(paper, scale))
				right := paper.Width - compose.SideMargin(scale)
				for n, pg := range doc.Pages {
					for _, tx := range pg.Texts {
						if end := tx.X + inkWidth(tx); end > right+slack {
							t.Errorf("%s %s scale %g page %d: %q ends %s past the measure", name, paper.Name, scale, n+1, tx.S, end-right)
						}
						if tx.X < compose.SideMargin(scale)-1 || tx.Y > paper.Height || tx.Y < 0 {
							t.Errorf("%s page %d: %q at (%s, %s) is outside the text area", name, n+1, tx.S, tx.X, tx.Y)
						}
					}
				}
			}
		}
	}
}

func TestJustifiedLinesReachTheMeasure(t *testing.T) {
	doc, _ := mustLayout(t, sample(t), opts(A4, 1))
	right := A4.Width - pts(72)
	full := 0
	for _, pg := range doc.Pages {
		lines := map[page.Unit]page.Unit{} // baseline → end of its last run
		for _, tx := range bodyTexts(pg) {
			if tx.Face == fonts.Serif {
				lines[tx.Y] = max(lines[tx.Y], tx.X+textWidth(tx))
			}
		}
		for _, end := range lines {
			if d := right - end; d >= -2 && d <= 2 {
				full++
			}
		}
	}
	// 98 body lines in 9 paragraphs: all but the 9 last lines are justified.
	if full < 80 {
		t.Errorf("%d body lines end at the right margin; want at least 80", full)
	}
}

func TestFooterOnEveryPage(t *testing.T) {
	for _, scale := range scales {
		doc, _ := mustLayout(t, sample(t), opts(A4, scale))
		for n, pg := range doc.Pages {
			var texts []string
			for _, tx := range pg.Texts {
				texts = append(texts, tx.S)
			}
			all := strings.Join(texts, " ")
			label := fmt.Sprintf("page %d of %d", n+1, len(doc.Pages))
			if !strings.Contains(all, label) {
				t.Errorf("scale %g page %d: no %q", scale, n+1, label)
			}
			if !strings.Contains(all, "Intersection - for republishing rights,") {
				t.Errorf("scale %g page %d: no rights line", scale, n+1)
			}
			for _, tx := range pg.Texts {
				if tx.Size == pts(footerSize) && tx.Face == fonts.Sans && tx.Y < A4.Height-pts(60) && tx.Y > pts(50) {
					t.Errorf("scale %g page %d: footer text %q sits at %s, in the body", scale, n+1, tx.S, tx.Y)
				}
			}
			head := "Intersection · The illusions of Moscow-Tokyo rapprochement"
			if hasHead := strings.Contains(all, head); hasHead != (n > 0) {
				t.Errorf("scale %g page %d: running head present = %v; want it from page 2 on", scale, n+1, hasHead)
			}
		}
	}
}

func TestLongRightsLineWrapsInFooter(t *testing.T) {
	o := opts(A4, 1)
	o.Rights = strings.Repeat("© A publisher with a very long rights notice that goes on and on ", 4)
	doc, _ := mustLayout(t, sample(t), o)
	pg := doc.Pages[0]
	baselines := map[page.Unit]bool{}
	for _, tx := range pg.Texts {
		if tx.Size == pts(footerSize) {
			baselines[tx.Y] = true
			if end := tx.X + textWidth(tx); end > A4.Width-pts(72)+slack {
				t.Errorf("footer run %q runs past the margin", tx.S)
			}
		}
	}
	if len(baselines) < 3 {
		t.Errorf("long rights line set on %d footer lines, want it wrapped onto at least 3", len(baselines))
	}
}

func TestLargerScaleNeverFewerPages(t *testing.T) {
	for name, a := range fixtures(t) {
		prev := 0
		for _, scale := range scales {
			doc, _ := mustLayout(t, a, opts(A4, scale))
			if len(doc.Pages) < prev {
				t.Errorf("%s: scale %g gives %d pages, fewer than the %d of a smaller scale", name, scale, len(doc.Pages), prev)
			}
			prev = len(doc.Pages)
		}
	}
}

func TestTitleBlockStaysOnFirstPage(t *testing.T) {
	a := sample(t)
	for _, scale := range scales {
		doc, _ := mustLayout(t, a, opts(Letter, scale))
		for n, pg := range doc.Pages[1:] {
			for _, tx := range pg.Texts {
				if tx.Face == fonts.SansBold || tx.Face == fonts.SerifItalic {
					t.Errorf("scale %g: title block text %q on page %d", scale, tx.S, n+2)
				}
			}
		}
		if len(doc.Outline) != 1 || doc.Outline[0].Page != 0 || doc.Outline[0].Title != a.Title {
			t.Errorf("scale %g: outline %+v, want the title on page 1", scale, doc.Outline)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := sample(t)
	var traces [2]bytes.Buffer
	for i := range traces {
		doc, _ := mustLayout(t, a, opts(A4, 1.3))
		if err := doc.WriteTrace(&traces[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(traces[0].Bytes(), traces[1].Bytes()) {
		t.Error("two layouts of the same article differ")
	}
}

// TestGoldenTraces compares the laid-out pages with reviewed traces. After an
// intended layout change, run: go test ./render/layout -run Golden -update
func TestGoldenTraces(t *testing.T) {
	cases := []struct {
		name  string
		paper Paper
		scale float64
		id    string
	}{
		{"sample-a4-1", A4, 1, "sample"},
		{"sample-letter-2", Letter, 2, "sample"},
		{"ferry-a4-1.5", A4, 1.5, "harbour-ferry-notebook"}, // headings, quotes, lists, runs
		{"bodensee-a4-1", A4, 1, "bodensee-faehren"},        // German hyphenation
		{"tokyo-a4-1", A4, 1, "tokyo-night-trains"},         // Japanese: breaks between characters
		{"haifa-a4-1", A4, 1, "haifa-desalination"},         // Hebrew: right to left
		{"amman-letter-1", Letter, 1, "amman-water"},        // Arabic: shaped, right to left
		{"world-desk-a4-1", A4, 1, "world-desk-mixed"},      // every script, emoji stand-ins
	}
	all := fixtures(t)
	for _, c := range cases {
		doc, _ := mustLayout(t, all[c.id], opts(c.paper, c.scale))
		var got bytes.Buffer
		if err := doc.WriteTrace(&got); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "testdata", "golden", c.name+".trace")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: layout differs from %s; review the diff and run with -update if intended\n%s", c.name, path, firstDiff(string(want), got.String()))
		}
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, w[i], g[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(w), len(g))
}

func TestEveryCharacterFindsAFaceOrNotdef(t *testing.T) {
	body := "Kanji 漢字, Hebrew שלום, Thai กรุงเทพ, Korean 서울, arrows →⇒ and an emoji 🎉 here; a flag 🇫🇷, " +
		"a thumb 👍🏽, a heart ❤️ and a rare ideograph 𠀋."
	a := &article.Article{Title: "Smile 🙂", Body: []article.Block{article.Para(body)}}
	doc, st := mustLayout(t, a, opts(A4, 1))
	// Every character of a cluster no face has counts as missing.
	missing := 0
	for _, cl := range []string{"🙂", "🎉", "🇫🇷", "👍🏽", "𠀋"} {
		_, n := text.ClusterFace(fonts.Serif, []rune(cl))
		missing += n
	}
	if st.MissingGlyphs != missing {
		t.Errorf("MissingGlyphs = %d, want %d", st.MissingGlyphs, missing)
	}
	var all strings.Builder
	faces := map[fonts.Face]bool{}
	for _, tx := range doc.Pages[0].Texts {
		all.WriteString(tx.S + " ")
		faces[tx.Face] = true
		if err := notdefCheck(tx); err != nil {
			t.Error(err)
		}
	}
	for _, want := range []string{"🙂", "🎉", "🇫🇷", "👍🏽", "𠀋", "漢", "字", "❤️", "Hebrew", "Korean"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the page lacks %q:\n%s", want, all.String())
		}
	}
	if strings.ContainsRune(all.String(), fonts.Replacement) {
		t.Errorf("the page holds U+FFFD:\n%s", all.String())
	}
	han, _ := fonts.ForCluster(fonts.Serif, []rune("漢"))
	for _, f := range []fonts.Face{han, fonts.Hebrew, fonts.Thai, fonts.Korean} {
		if !faces[f] {
			t.Errorf("nothing drawn in %s", f)
		}
	}
}

func TestHugeWordIsSplitNotOverfull(t *testing.T) {
	word := strings.Repeat("abcdefghij", 500)
	a := &article.Article{Title: "Long", Body: []article.Block{article.Para("Before " + word + " after.")}}
	for _, scale := range []float64{0.5, 2.5} {
		doc, _ := mustLayout(t, a, opts(A4, scale))
		var got []string
		right := A4.Width - compose.SideMargin(scale)
		for _, pg := range doc.Pages {
			for _, tx := range bodyTexts(pg) {
				got = append(got, pdftest.Words(tx.S)...)
				if tx.X+textWidth(tx) > right+slack {
					t.Errorf("scale %g: run of %d bytes is overfull", scale, len(tx.S))
				}
			}
		}
		if err := pdftest.CompareWords(expectedWords(a), got); err != nil {
			t.Errorf("scale %g: %v", scale, err)
		}
	}
}

func TestNoBreakSpaceBindsWords(t *testing.T) {
	var sh shaper
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	items := sh.items(plain("Putin admits\u00a0that.  Yes \u00a0 no", st), paragraphOpts{measure: pts(400)})
	var kinds []string
	for _, it := range items {
		switch {
		case it.kind == boxItem:
			kinds = append(kinds, "box:"+it.run.text)
		case it.kind == glueItem && it.stretch >= fill:
			kinds = append(kinds, "fill")
		case it.kind == glueItem:
			kinds = append(kinds, "glue")
		case it.tie:
			kinds = append(kinds, "tie")
		default:
			kinds = append(kinds, fmt.Sprint("penalty:", it.penalty))
		}
	}
	want := "box:Putin glue box:admits tie glue box:that. glue box:Yes glue box:no penalty:10000 fill penalty:-10000"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("items:\n got %s\nwant %s", got, want)
	}
}

func TestExplicitHyphenIsABreakPoint(t *testing.T) {
	var sh shaper
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	items := sh.items(plain("Moscow-Tokyo -x a- well-", st), paragraphOpts{measure: pts(400)})
	var boxes []string
	breaks := 0
	for _, it := range items {
		if it.kind == boxItem {
			boxes = append(boxes, it.run.text)
		}
		if it.kind == penaltyItem && it.penalty == exHyphenPenalty {
			breaks++
		}
	}
	if got := strings.Join(boxes, "|"); got != "Moscow-|Tokyo|-x|a-|well-" {
		t.Errorf("boxes %q", got)
	}
	if breaks != 1 {
		t.Errorf("%d hyphen breaks, want 1 (only between letters)", breaks)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := layoutArticle(ctx, sample(t), opts(A4, 1))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestBadness(t *testing.T) {
	for _, c := range []struct {
		t, s page.Unit
		want int
	}{
		{0, 0, 0}, {pts(1), 0, infBad}, {pts(1), pts(1), 100}, {pts(1), pts(2), 12}, // TeX: 100·(1/2)³ = 12.5, truncated
		{pts(2), pts(1), 800}, {pts(10), pts(1), infBad},
	} {
		if got := badness(c.t, c.s); got != c.want {
			t.Errorf("badness(%s, %s) = %d, want %d", c.t, c.s, got, c.want)
		}
	}
}

// TestPaginateKeepsWidowsAndOrphansOff pages paragraphs of every length into
// pages of every height and checks every break against the rules.
func TestPaginateKeepsWidowsAndOrphansOff(t *testing.T) {
	for lines := 1; lines <= 9; lines++ {
		for height := 4; height <= 12; height++ {
			var flow []vitem
			var para, index []int
			for p := 0; p < 6; p++ {
				for i := 0; i < lines+p%3; i++ {
					n := lines + p%3
					flow = append(flow, vitem{height: 10, breakBefore: i == 0 || (i >= 2 && i <= n-2)})
					para = append(para, p)
					index = append(index, i)
				}
			}
			pages, _, err := paginate(context.Background(), flow, page.Unit(height*10), 0)
			if err != nil {
				t.Fatal(err)
			}
			pos := 0
			for n, pg := range pages {
				if len(pg) == 0 {
					t.Fatalf("lines %d height %d: page %d is empty", lines, height, n+1)
				}
				if n > 0 && !pg[0].breakBefore {
					t.Errorf("lines %d height %d: page %d starts at line %d of paragraph %d", lines, height, n+1, index[pos]+1, para[pos])
				}
				pos += len(pg)
			}
			if pos != len(flow) {
				t.Errorf("lines %d height %d: %d of %d lines placed", lines, height, pos, len(flow))
			}
		}
	}
}

// BenchmarkLayout lays out the sample and the ten-times-longer sample; the
// second should cost about ten times the first (the line breaker is linear in
// the paragraph's length for a fixed measure).
// Run: go test ./render/layout -run '^$' -bench Layout -benchmem
func BenchmarkLayout(b *testing.B) {
	a := sample(b)
	for _, c := range []struct {
		name  string
		a     *article.Article
		scale float64
	}{{"sample/scale-1", a, 1}, {"sample/scale-2", a, 2}, {"tenfold/scale-1", fixture.Tenfold(a), 1}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				mustLayout(b, c.a, opts(A4, c.scale))
			}
		})
	}
}

// BenchmarkBreakLines is the Knuth–Plass pass alone over every paragraph of
// the sample, its boxes, glue and penalties already built.
func BenchmarkBreakLines(b *testing.B) {
	a := sample(b)
	body := bodyStyle(b, 1)
	var sh shaper
	sh.hyph, _ = hyphen.ForLang("en")
	var paras [][]item
	for _, blk := range a.Body {
		paras = append(paras, sh.items(plain(blk.Text(), body), paragraphOpts{measure: A4.Width - pts(144), indent: pts(16.5)}))
	}
	b.ReportAllocs()
	var br breaker
	for b.Loop() {
		for _, items := range paras {
			br.breakLines(items, breakParams{width: A4.Width - pts(144)})
		}
	}
}

// notdefCheck checks the rule for characters no face has: a run draws the
// .notdef glyph (ID 0) only for a grapheme cluster that no face of the
// fallback chain has whole, and only for a character its own face lacks;
// the characters stay in the run's text.
func notdefCheck(tx page.Text) error {
	var seg segmenter.Segmenter
	for _, g := range tx.Glyphs {
		if g.ID != 0 {
			continue
		}
		// The shaper's cluster of the glyph: from its cluster to the next
		// one of the run. It may hold several grapheme clusters (HarfBuzz
		// keeps what follows a joiner with it: "x\u200d" and a character
		// no face has), and the .notdef is right when any of them has no
		// face.
		end := len(tx.S)
		for _, o := range tx.Glyphs {
			if o.Cluster > g.Cluster && int(o.Cluster) < end {
				end = int(o.Cluster)
			}
		}
		seg.Init([]rune(tx.S))
		it := seg.GraphemeIterator()
		var drawable []string
		missing := false
		for it.Next() {
			gr := it.Grapheme()
			if gr.OffsetInBytes+gr.LengthInBytes <= int(g.Cluster) || gr.OffsetInBytes >= end {
				continue
			}
			if _, ok := fonts.ForCluster(tx.Face, gr.Text); ok {
				drawable = append(drawable, string(gr.Text))
				continue
			}
			lacks := false
			for _, r := range gr.Text {
				lacks = lacks || !tx.Face.Has(r)
			}
			if !lacks {
				return fmt.Errorf("run %q draws %q as .notdef in %s, which has all its characters", tx.S, string(gr.Text), tx.Face)
			}
			missing = true
		}
		if !missing {
			return fmt.Errorf("run %q draws %q as .notdef, which a face has", tx.S, strings.Join(drawable, ""))
		}
	}
	return nil
}

// A line's runs do not overlap: left-to-right words that are logically
// adjacent but drawn on either side of a right-to-left word are separate
// runs, so neither a run nor its link spans the other word.
func TestRunsOfAMixedLineDoNotOverlap(t *testing.T) {
	a := &article.Article{Title: "T", Lang: "en", Body: []article.Block{{Kind: article.Paragraph, Runs: []article.Run{
		{Text: "She was born in ירושלים "},
		{Text: "1948 and moved", Link: "https://example.org/a"},
		{Text: " to Haifa."},
	}}}}
	doc, _ := mustLayout(t, a, opts(A4, 1))
	pg := doc.Pages[0]
	body := bodyTexts(pg)
	for i, x := range body {
		for j, y := range body {
			if i != j && x.Y == y.Y && y.X > x.X && y.X < x.X+x.W {
				t.Errorf("%q (from %v, %v wide) spans %q at %v", x.S, x.X, x.W, y.S, y.X)
			}
		}
	}
	if len(pg.Links) == 0 {
		t.Fatal("the link was not drawn")
	}
	for _, l := range pg.Links {
		for _, y := range body {
			if strings.ContainsAny(y.S, "ירושלים") && y.X >= l.X && y.X < l.X+l.W {
				t.Errorf("the link %s from %v, %v wide, covers %q at %v", l.URL, l.X, l.W, y.S, y.X)
			}
		}
	}
}

// notdefCheck itself: a .notdef where the face has the character is an
// error; one in a shaper's cluster that holds a character no face has (a
// rocket kept with the letter before by a joiner) is not.
func TestNotdefCheck(t *testing.T) {
	bad := page.Text{Face: fonts.Serif, S: "abc", Glyphs: []page.Glyph{{ID: 68}, {ID: 0, Cluster: 1}, {ID: 70, Cluster: 2}}}
	if notdefCheck(bad) == nil {
		t.Error("a .notdef for b passed")
	}
	// U+10FFFD (private use) stands for a character no face has: the
	// rocket this test once used is the colour emoji face's now.
	ok := page.Text{Face: fonts.Serif, S: "x\u200d\U0010FFFD", Glyphs: []page.Glyph{{ID: 91}, {ID: 3}, {ID: 0}}}
	if err := notdefCheck(ok); err != nil {
		t.Error(err)
	}
}
