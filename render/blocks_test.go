package render

import (
	"os"
	"os/exec"
	"path/filepath"
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

// An embed's card carries a QR code that a phone reads back as the
// embed's address: the page drawn at 150 dpi and read by zbarimg (Debian's
// zbar-tools), a reader written by others.
func TestEmbedQRCodeReadsBack(t *testing.T) {
	zbar := pdftest.Tool(t, "zbarimg")
	const url = "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=42s"
	a := &article.Article{Title: "A video", Body: []article.Block{
		article.Para("The launch, as it was filmed."),
		{Kind: article.Embed, Embed: &article.EmbedData{URL: url, Provider: "YouTube", Title: "Big Buck Bunny"}},
	}}
	pdf, _ := renderPDF(t, a, Options{})
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftest.Tool(t, "pdftoppm"), "-r", "150", "-png", "-f", "1", "-l", "1", in, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(pngs) != 1 {
		t.Fatalf("pdftoppm wrote %v", pngs)
	}
	got, err := exec.Command(zbar, "--quiet", "--raw", pngs[0]).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	if strings.TrimSpace(string(got)) != url {
		t.Errorf("the QR code reads %q; want %q", got, url)
	}
	text := pdftest.Normalize(pdftest.Text(t, pdf, 1))
	for _, want := range []string{"YouTube", "Big Buck Bunny", url} {
		if !strings.Contains(text, want) {
			t.Errorf("the card's text lacks %q:\n%s", want, text)
		}
	}
}
