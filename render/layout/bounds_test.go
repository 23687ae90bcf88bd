package layout

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/internal/adversarial"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
	"pdfexport/internal/testctx"
	"pdfexport/render/page"
)

// Tokens from real pages (a MIME type, an IETF draft name, JSON keys) that
// are long enough for URL-style breaks and hold dashes between hyphenatable
// parts. Their dash breaks and URL breaks were found in two sweeps and cut
// the word out of order: a slice-bounds panic on 4 of 122 real articles.
func TestLongTokensWithDashes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"draft-dejong-remotestorage-04", "draft-/de|jong-/re|mo|tes|tor|age-/04"},
		{`"application/x-www-form-urlencoded"`, `"application//x-/www-/form-/ur|len|coded"`},
		{`{"remotestorage-version":`, `{"re|mo|tes|tor|age-/ver|sion":`},
	} {
		if got := breaksOf(itemsFor(c.in, "en")); got != c.want {
			t.Errorf("%q: breaks %q, want %q", c.in, got, c.want)
		}
	}
	// And whole paragraphs of them, at every scale: every word comes back.
	text := `Send the form as "application/x-www-form-urlencoded" to the server described in draft-dejong-remotestorage-04, with {"remotestorage-version": 2}.`
	a := &article.Article{Title: "Tokens", Lang: "en", Body: []article.Block{article.Para(text)}}
	for _, scale := range []float64{0.5, 1, 1.75, 2.5} {
		doc, _ := mustLayout(t, a, opts(A4, scale))
		var got []string
		for _, pg := range doc.Pages {
			for _, tx := range bodyTexts(pg) {
				got = append(got, pdftest.Words(tx.S)...)
			}
		}
		if err := pdftest.CompareWords(fixture.Words(a), got); err != nil {
			t.Errorf("scale %g: %v", scale, err)
		}
	}
}

// TestBreakerWorkIsLinear holds the rule that no text costs the line
// breaker more than a constant per byte: for every adversarial shape, four
// times the text costs at most about four times the work. Work is counted,
// not timed (Stats.BreakerWork), so the test is exact on any machine. Before
// the active list was bounded and zero-width boxes were kept with their
// cluster, zero-width marks from two fonts made a 100 KB paragraph take 41 s.
func TestBreakerWorkIsLinear(t *testing.T) {
	work := func(s adversarial.Shape, n int) int64 {
		a, err := article.ParseText(adversarial.Article(s, n))
		if err != nil {
			t.Fatal(err)
		}
		_, st := mustLayout(t, a, opts(A4, 1))
		return st.BreakerWork
	}
	for _, s := range append([]adversarial.Shape{adversarial.Prose}, adversarial.Shapes...) {
		small, large := work(s, 25_000), work(s, 100_000)
		if ratio := float64(large) / float64(max(small, 1)); ratio > 4.4 {
			t.Errorf("%s: 4 times the text costs the line breaker %.1f times the work (%d, then %d)", s.Name, ratio, small, large)
		}
		// And a bound on the constant: with the active list thinned past
		// maxActive, the costliest shape (letters alternating between two
		// faces) examines 32 breakpoints per byte, prose 0.3. Pieces of 16
		// KiB keep even an unthinned list linear, but not cheap: marks
		// between spaces cost 243 per byte without thinning.
		if perByte := float64(large) / 100_000; perByte > 40 {
			t.Errorf("%s: the line breaker examines %.0f breakpoints per byte, more than 40", s.Name, perByte)
		}
	}
}

// TestMarksStayWithTheirLetter: a combining mark the letter's face lacks is
// drawn from another face, but a line never breaks between them, even in a
// word too wide for any line, whose boxes may otherwise break anywhere.
func TestMarksStayWithTheirLetter(t *testing.T) {
	word := strings.Repeat("W\u05B0", 100) // a Hebrew point, which Noto Serif lacks, on each W
	got := breaksOf(itemsFor(word, "en"))
	if strings.Contains(got, "/\u05B0") {
		t.Errorf("a break before a mark: %q", got)
	}
	if !strings.Contains(got, "/") {
		t.Errorf("the word, wider than the line, has no break at all: %q", got)
	}
}

// TestCancelStopsMidParagraph checks that a layout whose context ends in
// the middle of a long paragraph stops there, not at the paragraph's end: a
// 2 MiB paragraph once held a render slot for minutes past the timeout.
func TestCancelStopsMidParagraph(t *testing.T) {
	var shape adversarial.Shape
	for _, s := range adversarial.Shapes {
		if s.Name == "one-letter-words" {
			shape = s
		}
	}
	a, err := article.ParseText(adversarial.Article(shape, 200_000))
	if err != nil {
		t.Fatal(err)
	}
	_, whole := mustLayout(t, a, opts(A4, 1))
	ctx := testctx.AfterChecks(10)
	_, _, err = layoutArticle(ctx, a, opts(A4, 1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The context was asked again and again inside the one paragraph.
	if ctx.Calls() < 11 {
		t.Errorf("the context was checked %d times in a paragraph of %d units of work", ctx.Calls(), whole.BreakerWork)
	}
	// Internally: the breaker stopped within a few thousand breaks.
	l := testLayouter(a, opts(A4, 1))
	l.br = breaker{ctx: testctx.AfterChecks(2)}
	b := &l.bodyBlocks()[0]
	l.lines(l.spans(b), l.style(b.Style), paragraphOpts{measure: pts(451)}, 0)
	if !errors.Is(l.br.err, context.Canceled) || l.br.work > whole.BreakerWork/10 {
		t.Errorf("breaker error %v after %d of %d units of work; want context.Canceled within a tenth", l.br.err, l.br.work, whole.BreakerWork)
	}
}

// longParagraph is the sample's body as one paragraph, repeated to about n
// bytes: real words, real hyphenation.
func longParagraph(t testing.TB, n int) *article.Article {
	var b strings.Builder
	for b.Len() < n {
		for _, p := range sample(t).Paragraphs() {
			b.WriteString(p)
			b.WriteString(" ")
		}
	}
	return &article.Article{Title: "One long paragraph", Lang: "en", Body: []article.Block{article.Para(b.String())}}
}

// TestLongParagraphInPieces checks that a paragraph broken a piece at a time
// loses no word, has no overfull line, and reads like the same paragraph
// broken whole: about as many lines, and no more loose ones.
func TestLongParagraphInPieces(t *testing.T) {
	a := longParagraph(t, 120_000)
	pieces := len(a.Body[0].Runs[0].Text) / chunkBytes
	inPieces, _ := mustLayout(t, a, opts(A4, 1))
	saved := chunkBytes
	chunkBytes = 1 << 30
	whole, _ := mustLayout(t, a, opts(A4, 1))
	chunkBytes = saved

	var got []string
	for _, pg := range inPieces.Pages {
		for _, tx := range bodyTexts(pg) {
			got = append(got, pdftest.Words(tx.S)...)
		}
	}
	if err := pdftest.CompareWords(fixture.Words(a), got); err != nil {
		t.Fatalf("words lost or changed: %v", err)
	}
	space := newStyle(fonts.Serif, pts(11), 0, page.Color{}).spaceWidth()
	stats := func(doc *page.Document) (lines, loose, short int) {
		for _, pg := range doc.Pages {
			byY := map[page.Unit][]page.Text{}
			for _, tx := range bodyTexts(pg) {
				byY[tx.Y] = append(byY[tx.Y], tx)
			}
			for _, line := range byY {
				lines++
				widest, end := page.Unit(0), page.Unit(0)
				for i, tx := range line {
					end = max(end, tx.X+textWidth(tx))
					if end := tx.X + textWidth(tx); end > doc.Width-pts(72)+slack {
						t.Errorf("overfull line ending %q", tx.S)
					}
					if i > 0 {
						prev := line[i-1]
						widest = max(widest, tx.X-prev.X-textWidth(prev))
					}
				}
				if widest > 2*space {
					loose++
				}
				if end < doc.Width-pts(72)-pts(1) {
					short++ // not justified: the paragraph's end, or a seam
				}
			}
		}
		return lines, loose, short
	}
	nIn, looseIn, shortIn := stats(inPieces)
	nWhole, looseWhole, shortWhole := stats(whole)
	if shortIn != shortWhole {
		t.Errorf("%d lines short of the measure in pieces, %d whole (the title and the last line): a seam shows", shortIn, shortWhole)
	}
	if d := nIn - nWhole; d > pieces || d < -pieces {
		t.Errorf("%d lines in pieces, %d whole: more than one line per piece apart (%d pieces)", nIn, nWhole, pieces)
	}
	if looseIn > looseWhole+pieces {
		t.Errorf("%d loose lines in pieces, %d whole", looseIn, looseWhole)
	}
	t.Logf("%d pieces: %d lines (whole: %d), %d loose (whole: %d)", pieces, nIn, nWhole, looseIn, looseWhole)
}

func TestCutPoint(t *testing.T) {
	for _, c := range []struct {
		text    string
		pos, n  int
		want    int
		because string
	}{
		{"short", 0, 10, 5, "the rest fits"},
		{"aaaa bbbb cccc", 0, 3, 4, "the first space after n"},
		{"aaaa bbbb cccc", 5, 3, 9, "from pos"},
		{"aaaaaaaaaa bb", 0, 3, 6, "no space within 2n: a character boundary"},
		{"aaaa\u0301\u0301\u0301\u0301aa bb", 0, 3, 3, "never before a mark"},
		{"漢字漢字漢字漢字", 0, 4, 6, "a whole character"},
	} {
		if got := cutPoint(c.text, c.pos, c.n); got != c.want {
			t.Errorf("cutPoint(%q, %d, %d) = %d, want %d: %s", c.text, c.pos, c.n, got, c.want, c.because)
		}
	}
}

// TestFarTooLongStopsEarly checks that an article needing far more pages than
// allowed fails without being laid out whole, and says so.
func TestFarTooLongStopsEarly(t *testing.T) {
	a := longParagraph(t, 400_000)
	o := opts(A4, 1)
	_, whole := mustLayout(t, a, o)
	o.MaxPages = 5
	_, st, err := layoutArticle(context.Background(), a, o)
	if !errors.Is(err, ErrTooManyPages) || !strings.Contains(err.Error(), "more than 5 pages") {
		t.Fatalf("err = %v, want ErrTooManyPages saying more than 5 pages", err)
	}
	if whole.Pages < 50 {
		t.Fatalf("the article has only %d pages; the test needs a long one", whole.Pages)
	}
	if st.BreakerWork > whole.BreakerWork/5 {
		t.Errorf("stopping at 5 of %d pages took %d of the %d units of work of the whole layout", whole.Pages, st.BreakerWork, whole.BreakerWork)
	}
}
