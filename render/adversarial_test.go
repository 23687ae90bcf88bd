package render

import (
	"context"
	"io"
	"testing"

	"pdfexport/article"
	"pdfexport/internal/adversarial"
)

// BenchmarkAdversarial renders every hostile text shape of
// internal/adversarial and ordinary prose of the same size, whole (the page
// and character limits raised out of the way). The rule it reports on: no
// input takes more than 10 times as long as prose of the same length. The
// ratio to prose is reported as x-prose (from a prose run of the same size
// measured first, so run the whole benchmark, not one shape). Before the
// line breaker was bounded, the marks-two-fonts shape took 41 s at 100 KB.
// Run: go test ./render -run '^$' -bench Adversarial -benchtime 3x
// (bench/adversarial.sh measures whole processes, with their peak memory.)
func BenchmarkAdversarial(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"100KB", 100_000}, {"2MiB", 2 << 20}} {
		var prose float64 // ns per render
		for _, s := range append([]adversarial.Shape{adversarial.Prose}, adversarial.Shapes...) {
			a, err := article.ParseText(adversarial.Article(s, size.n))
			if err != nil {
				b.Fatalf("%s: %v", s.Name, err)
			}
			b.Run(size.name+"/"+s.Name, func(b *testing.B) {
				b.ReportAllocs()
				var res Result
				for b.Loop() {
					var err error
					res, err = Render(context.Background(), io.Discard, a, Options{MaxPages: 1 << 20, MaxChars: 1 << 30})
					if err != nil {
						b.Fatal(err)
					}
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				if s.Name == adversarial.Prose.Name {
					prose = ns
				}
				if prose > 0 {
					b.ReportMetric(ns/prose, "x-prose")
				}
				b.ReportMetric(float64(res.Pages), "pages")
			})
		}
	}
}
