package render

import (
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/internal/pdftest"
)

// A pull quote that repeats a sentence of the body is drawn but not in the
// text layer, so that copy and search meet the sentence once; one that
// says something of its own is text like the rest.
func TestPullQuoteNotRepeatedInTextLayer(t *testing.T) {
	sentence := "The river rose three metres in a single night, and nobody in the valley was ready for it."
	for _, tc := range []struct {
		name, quote string
		want        int
	}{
		{"repeats the body", "“The river rose three metres in a single night”", 1},
		{"its own words", "“Three metres in a single night is unheard of”", 2},
	} {
		a := &article.Article{Title: "Flood", Body: []article.Block{
			article.Para(sentence),
			{Kind: article.PullQuote, Runs: []article.Run{{Text: tc.quote}}, Cite: []article.Run{{Text: "A farmer"}}},
			article.Para("The water went down a week later."),
		}}
		pdf, _ := renderPDF(t, a, Options{})
		text := pdftest.Normalize(pdftest.Text(t, pdf, 0))
		if got := strings.Count(strings.ToLower(text), "three metres in a single night"); got != tc.want {
			t.Errorf("%s: the text layer has the sentence %d times; want %d:\n%s", tc.name, got, tc.want, text)
		}
		if got := strings.Count(text, "A farmer"); got != tc.want-1 {
			t.Errorf("%s: the citation is in the text layer %d times; want %d", tc.name, got, tc.want-1)
		}
	}
}
