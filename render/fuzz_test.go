package render

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"pdfexport/article"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
)

// fuzzSeeds are the archive's articles and a few hostile shapes.
func fuzzSeeds(tb testing.TB) [][]byte {
	paths, _ := filepath.Glob("../source/archive/*")
	paths = append(paths, fixture.SamplePath())
	var seeds [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return append(seeds,
		[]byte("T\n\nA\u00adB soft\u00adhyphen https://example.org/a/b?c=d e@example.org NATO 1,234"),
		[]byte("T\n\n"+string(bytes.Repeat([]byte("x"), 3000))),
		[]byte(`{"title":"T","body":[{"type":"list","ordered":true,"items":["a",{"runs":[{"text":"b","link":"https://x.org"}]}]},{"type":"heading","text":"H"},{"type":"quote","text":"Q"}]}`),
		[]byte("שלום עולם\n\nمرحبا بالعالم (2024) 東京の夜。🙂🇫🇷"),
	)
}

// FuzzRender runs arbitrary input through the whole path: parse, lay out,
// write. A valid article must render (or hit a documented limit), into
// something shaped like a PDF, without a panic.
// Run: go test ./render -run '^$' -fuzz FuzzRender -fuzztime 2m
func FuzzRender(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	scales := []float64{0.5, 1, 1.5, 2, 2.5}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := article.Parse(data)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		var buf bytes.Buffer
		res, err := Render(ctx, &buf, a, Options{Scale: scales[len(data)%len(scales)], Paper: []string{"a4", "letter"}[len(data)%2]})
		if errors.Is(err, ErrLimit) {
			return
		}
		if err != nil {
			t.Fatalf("a valid article did not render: %v", err)
		}
		pdf := buf.Bytes()
		if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
			t.Fatalf("output is not shaped like a PDF: %.20q … %q", pdf, pdf[max(0, len(pdf)-20):])
		}
		if res.Pages < 1 || res.Bytes != int64(len(pdf)) {
			t.Fatalf("result %+v for %d bytes", res, len(pdf))
		}
	})
}

// TestFuzzSeedsPassQpdf renders every fuzz seed, and every input the fuzzer
// has saved under testdata/fuzz/FuzzRender, and has qpdf check the PDF.
func TestFuzzSeedsPassQpdf(t *testing.T) {
	inputs := fuzzSeeds(t)
	saved, _ := filepath.Glob("testdata/fuzz/FuzzRender/*")
	for _, p := range saved {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := fixture.CorpusBytes(b); ok {
			inputs = append(inputs, v)
		}
	}
	for i, data := range inputs {
		a, err := article.Parse(data)
		if err != nil {
			continue
		}
		var buf bytes.Buffer
		if _, err := Render(context.Background(), &buf, a, Options{}); err != nil {
			if !errors.Is(err, ErrLimit) {
				t.Errorf("input %d: %v", i, err)
			}
			continue
		}
		pdftest.Check(t, buf.Bytes())
	}
}
