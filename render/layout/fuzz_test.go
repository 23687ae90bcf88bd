package layout

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"pdfexport/article"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
)

// plainText reports whether every word of a should come back unchanged in
// the page model: left-to-right text the text faces draw, without characters
// that layout drops or stands in for.
func plainText(a *article.Article) bool {
	all := strings.Join(append(a.Paragraphs(), a.Title, a.Standfirst, a.Byline, a.Date), " ")
	return !strings.ContainsFunc(all, func(r rune) bool {
		return r > 0x24F && !unicode.IsSpace(r) && !strings.ContainsRune("‘’“”–—…€•‐", r)
	})
}

// FuzzLayout lays out arbitrary input at every scale. Invariants: no panic;
// at least one page; every run drawable by its face and inside the page; the
// same input lays out the same way twice; and for plain Latin text, every
// word of the input back in the page model, in order.
// Run: go test ./render/layout -run '^$' -fuzz FuzzLayout -fuzztime 2m
func FuzzLayout(f *testing.F) {
	paths, _ := filepath.Glob("../../source/archive/*")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("T\n\nA\u00adB soft\u00adhyphen https://example.org/a/b?c=d e@example.org NATO 1,234 " + strings.Repeat("y", 700)))
	f.Add([]byte(`{"title":"T","body":[{"type":"heading","text":"H"},{"type":"list","items":["a","b"]},{"type":"quote","text":"Q"}]}`))
	f.Add([]byte("T\n\nrenewable\u2002acceleration\u3000areas")) // found by the fuzzer: every Unicode space is a space
	scales := []float64{0.5, 1, 1.5, 2, 2.5}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := article.Parse(data)
		if err != nil {
			return
		}
		o := opts([]Paper{A4, Letter}[len(data)%2], scales[len(data)%len(scales)])
		o.MaxPages = 200
		doc, _, err := layoutArticle(context.Background(), a, o)
		if err != nil {
			return // only the page limit can fail a layout
		}
		if len(doc.Pages) == 0 {
			t.Fatal("no pages")
		}
		var words []string
		for _, pg := range doc.Pages {
			for _, tx := range pg.Texts {
				if err := notdefCheck(tx); err != nil {
					t.Fatalf("%v", err)
				}
				if tx.X < 0 || tx.X+textWidth(tx) > doc.Width || tx.Y < 0 || tx.Y > doc.Height {
					t.Fatalf("run %q at (%s, %s) leaves the page", tx.S, tx.X, tx.Y)
				}
			}
			for _, tx := range bodyTexts(pg) {
				words = append(words, pdftest.Words(tx.S)...)
			}
		}
		again, _, _ := layoutArticle(context.Background(), a, o)
		var t1, t2 bytes.Buffer
		doc.WriteTrace(&t1)
		again.WriteTrace(&t2)
		if !bytes.Equal(t1.Bytes(), t2.Bytes()) {
			t.Fatal("two layouts of the same input differ")
		}
		if plainText(a) {
			if err := pdftest.CompareWords(fixture.Words(a), words); err != nil {
				t.Fatalf("words lost or changed: %v", err)
			}
		}
	})
}
