package layout

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/internal/adversarial"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
	"pdfexport/internal/testctx"
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
	_, _, err = Layout(ctx, a, opts(A4, 1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The context was asked again and again inside the one paragraph.
	if ctx.Calls() < 11 {
		t.Errorf("the context was checked %d times in a paragraph of %d units of work", ctx.Calls(), whole.BreakerWork)
	}
	// Internally: the breaker stopped within a few thousand breaks.
	l := &layouter{opt: opts(A4, 1), st: newStyles(1), br: breaker{ctx: testctx.AfterChecks(2)}}
	l.lines(l.spans(a.Body[0].Runs, l.st.body), l.st.body, paragraphOpts{measure: pts(451)}, 0)
	if !errors.Is(l.br.err, context.Canceled) || l.br.work > whole.BreakerWork/10 {
		t.Errorf("breaker error %v after %d of %d units of work; want context.Canceled within a tenth", l.br.err, l.br.work, whole.BreakerWork)
	}
}
