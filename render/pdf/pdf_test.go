package pdf

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"pdfexport/fonts"
	"pdfexport/internal/pdftest"
	"pdfexport/internal/testctx"
	"pdfexport/render/page"
	"pdfexport/render/text"
)

func testDoc() *page.Document {
	pt := page.Pt
	return &page.Document{
		Width: 595 * pt, Height: 842 * pt,
		Info: page.Info{Title: "Título “quoted”", Author: "Intersection", Subject: "A test", Creator: "pdfexport",
			Lang: "en-GB", Created: time.Date(2017, 1, 4, 0, 0, 0, 0, time.UTC)},
		Outline: []page.Bookmark{{Title: "Título", Page: 0, Y: 72 * pt}},
		Pages: []page.Page{
			{
				Texts: []page.Text{
					shaped(72*pt, 100*pt, "Hello, Ελλάδα and Россия"),
					shaped(72*pt, 120*pt, "https://example.org/a"),
				},
				Rules: []page.Rule{{X1: 72 * pt, Y1: 130 * pt, X2: 500 * pt, Y2: 130 * pt, Width: pt / 2}},
				Links: []page.Link{{X: 72 * pt, Y: 110 * pt, W: 100 * pt, H: 12 * pt, URL: "https://example.org/a"}},
			},
			{Texts: []page.Text{shaped(72*pt, 100*pt, "Second page")}},
		},
	}
}

// shaped is s set in Noto Serif at 11 pt, left to right, from (x, y).
func shaped(x, y page.Unit, s string) page.Text {
	sh := text.NewShaper()
	defer sh.Close()
	run := sh.Shape(text.Key{Face: fonts.Serif}, s)
	t := page.Text{X: x, Y: y, Face: fonts.Serif, Size: 11 * page.Pt, S: s}
	var pen int64
	upem := int64(fonts.Serif.Descriptor().UnitsPerEm)
	for _, g := range run.Glyphs {
		t.Glyphs = append(t.Glyphs, page.Glyph{ID: g.ID, X: page.Unit((pen + int64(g.XOff)) * int64(t.Size) / upem), Cluster: g.Cluster})
		pen += int64(g.Advance)
	}
	return t
}

func write(t *testing.T, doc *page.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, doc, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteIsReadBack(t *testing.T) {
	pdf := write(t, testDoc())
	pdftest.Check(t, pdf)
	if n := pdftest.Pages(t, pdf); n != 2 {
		t.Errorf("pages = %d, want 2", n)
	}
	if got := pdftest.Text(t, pdf, 1); !strings.Contains(got, "Hello, Ελλάδα and Россия") {
		t.Errorf("page 1 text %q lacks the Greek and Cyrillic words", got)
	}
	info := pdftest.Info(t, pdf)
	for k, want := range map[string]string{"Title": "Título “quoted”", "Author": "Intersection", "Subject": "A test", "Creator": "pdfexport", "Producer": Producer} {
		if info[k] != want {
			t.Errorf("%s = %q, want %q", k, info[k], want)
		}
	}
	for _, want := range []string{"/Lang (en-GB)", "/URI (https://example.org/a)", "/Outlines", "D:20170104000000"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %s", want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	if a, b := write(t, testDoc()), write(t, testDoc()); !bytes.Equal(a, b) {
		t.Error("two writes of the same document differ")
	}
}

func TestOnlyUsedFacesEmbedded(t *testing.T) {
	pdf := write(t, testDoc())
	// A subset is named by a tag and the face's PostScript name.
	name := func(f fonts.Face) []byte { return []byte("+" + f.Descriptor().PostScriptName + " ") }
	if !bytes.Contains(pdf, name(fonts.Serif)) {
		t.Error("the face in use is not embedded")
	}
	for _, f := range []fonts.Face{fonts.Sans, fonts.SansBold, fonts.SerifBold, fonts.SerifItalic} {
		if bytes.Contains(pdf, name(f)) {
			t.Errorf("%s is embedded but not used", f)
		}
	}
}

func TestNoPages(t *testing.T) {
	doc := testDoc()
	doc.Pages = nil
	if err := Write(context.Background(), &bytes.Buffer{}, doc, Options{}); !errors.Is(err, ErrNoPages) {
		t.Errorf("err = %v, want ErrNoPages", err)
	}
}

var errDiskFull = errors.New("disk full")

type failingWriter struct{ after, written int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.written+len(p) > w.after {
		n := w.after - w.written
		w.written = w.after
		return n, errDiskFull
	}
	w.written += len(p)
	return len(p), nil
}

func TestWriteErrorIsReturned(t *testing.T) {
	for _, after := range []int{0, 100, 5000} {
		w := &failingWriter{after: after}
		if err := Write(context.Background(), w, testDoc(), Options{}); !errors.Is(err, errDiskFull) {
			t.Errorf("failing after %d bytes: err = %v, want it to wrap the writer's error", after, err)
		}
		if w.written > after {
			t.Errorf("wrote %d bytes past the failure", w.written-after)
		}
	}
}

func TestCharacterBeyondBMPIsAnErrorNotAPanic(t *testing.T) {
	doc := testDoc()
	doc.Pages[0].Texts[0].S = "emoji 🙂"
	// The layout never hands such text over; if it ever did, the library's
	// panic must come back as an error.
	err := Write(context.Background(), &bytes.Buffer{}, doc, Options{})
	t.Logf("err = %v", err) // either outcome is acceptable; a panic is not
}

// TestCancelledBetweenPages checks that a document whose context ends while
// its pages are written stops there and writes nothing: a render past its
// deadline gives up its slot instead of finishing a PDF nobody will get.
func TestCancelledBetweenPages(t *testing.T) {
	doc := testDoc()
	for range 5 {
		doc.Pages = append(doc.Pages, doc.Pages[0])
	}
	ctx := testctx.AfterChecks(2) // done from the third page on
	var buf bytes.Buffer
	err := Write(ctx, &buf, doc, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if buf.Len() > 0 {
		t.Errorf("%d bytes written after the cancellation", buf.Len())
	}
	if ctx.Calls() != 3 {
		t.Errorf("the context was checked %d times for 6 pages before stopping at the third; want 3", ctx.Calls())
	}
}

// TestWriteReleasesPages checks the memory promise of Write: the page model
// is let go page by page, so it is not kept whole beside the PDF library's
// copy.
func TestWriteReleasesPages(t *testing.T) {
	doc := testDoc()
	doc.Pages = append(doc.Pages, doc.Pages[0], doc.Pages[0])
	if err := Write(context.Background(), &bytes.Buffer{}, doc, Options{}); err != nil {
		t.Fatal(err)
	}
	for n, pg := range doc.Pages {
		if len(pg.Texts) > 0 || len(pg.Rules) > 0 || len(pg.Links) > 0 {
			t.Errorf("page %d still holds its content after Write", n+1)
		}
	}
}

// The text layer says plain text through the ToUnicode map alone: a
// ligature's glyph maps to its letters, and no /ActualText span is written
// where none is needed (they are for clusters the map cannot say).
func TestToUnicodeWithoutActualText(t *testing.T) {
	doc := testDoc()
	doc.Pages[1].Texts = []page.Text{shaped(72*page.Pt, 100*page.Pt, "office affluent")}
	pdf := write(t, doc)
	if strings.Contains(pdftest.Uncompressed(t, pdf), "/ActualText") {
		t.Error("plain text written with /ActualText spans")
	}
	if got := pdftest.Text(t, pdf, 2); !strings.Contains(got, "office affluent") {
		t.Errorf("page 2 reads %q", got)
	}
}

// Planning the text layer allocates per face and per glyph page, not per
// Text: the clusters of each Text are found in buffers kept between Texts,
// and what each glyph stands for is kept in tables, not maps (a tenfold
// article's 1,049 Texts once took 9 MB of cluster lists).
func TestPlanTextAllocatesPerFace(t *testing.T) {
	plan := func(n int) float64 {
		doc := &page.Document{Pages: []page.Page{{}}}
		for i := range n {
			doc.Pages[0].Texts = append(doc.Pages[0].Texts, shaped(72*page.Pt, page.Unit(i)*page.Pt, "Hello, Ελλάδα and Россия, efficient"))
		}
		return testing.AllocsPerRun(20, func() { planText(doc) })
	}
	one, many := plan(1), plan(200)
	if many > one+2 {
		t.Errorf("planning 200 Texts allocates %v times, one Text %v: more than per face", many, one)
	}
}
