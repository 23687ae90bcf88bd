package render

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"testing"
	"time"

	"pdfexport/internal/pdftest"
	"pdfexport/internal/realtext"
)

// fuzzing reports whether the test binary is fuzzing (-test.fuzz set), as
// opposed to replaying the seed corpus, as every go test run does.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// FuzzRenderStructured renders articles built of the shapes of real web text
// (package realtext; see FuzzLayoutStructured in render/layout for the
// layout's invariants) at a fuzzed scale from 0.5 to 2.5 on A4 or Letter,
// through the whole path: layout and PDF writing. Invariants: no panic; the
// render succeeds or fails only with a documented limit; the output is
// shaped like a PDF and its Result says so; the same input gives the same
// bytes twice. When the corpus is replayed (go test), qpdf --check also
// passes every PDF; it is too slow to run on every input while fuzzing.
// Run: go test ./render -run '^$' -fuzz '^FuzzRenderStructured$' -fuzztime 3m -fuzzminimizetime 20x
// (the default minute spent minimising each new input stalls the run).
func FuzzRenderStructured(f *testing.F) {
	for i, p := range realtext.Seeds() {
		f.Add(uint16(i*53), i%2 == 0, p)
	}
	f.Fuzz(func(t *testing.T, scale uint16, letter bool, program []byte) {
		a := realtext.Article(program)
		o := Options{Scale: 0.5 + float64(scale%201)/100, Paper: "a4"}
		if letter {
			o.Paper = "letter"
		}
		repro := func() string {
			return fmt.Sprintf("scale %g, %s; the article:\n%s", o.Scale, o.Paper, realtext.JSON(a))
		}
		render := func() []byte {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var buf bytes.Buffer
			res, err := Render(ctx, &buf, a, o)
			if errors.Is(err, ErrLimit) {
				return nil
			}
			if err != nil {
				t.Fatalf("a valid article did not render: %v\n%s", err, repro())
			}
			pdf := buf.Bytes()
			if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
				t.Fatalf("output is not shaped like a PDF: %.20q … %q\n%s", pdf, pdf[max(0, len(pdf)-20):], repro())
			}
			if res.Pages < 1 || res.Bytes != int64(len(pdf)) {
				t.Fatalf("result %+v for %d bytes\n%s", res, len(pdf), repro())
			}
			return pdf
		}
		pdf := render()
		if pdf == nil {
			return
		}
		if !bytes.Equal(pdf, render()) {
			t.Fatalf("two renders of the same input differ\n%s", repro())
		}
		if !fuzzing() {
			pdftest.Check(t, pdf)
		}
	})
}
