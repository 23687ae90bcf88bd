package render

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
	"pdfexport/render/compose"
	"pdfexport/render/layout"
	"pdfexport/render/pdf"
	"pdfexport/render/text"
)

func renderPDF(t testing.TB, a *article.Article, o Options) ([]byte, Result) {
	t.Helper()
	var buf bytes.Buffer
	res, err := Render(context.Background(), &buf, a, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes != int64(buf.Len()) {
		t.Fatalf("Result.Bytes = %d, wrote %d", res.Bytes, buf.Len())
	}
	return buf.Bytes(), res
}

func sortedIDs(m map[string]*article.Article) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// TestRoundTrip reads every fixture's PDF back with pdftotext -raw: the rights
// line and "page N of M" are on every page, the running head on every page
// after the first, and the text of the article comes back with nothing lost or
// added: word for word, in order, for left-to-right articles; character for
// character, in order, white space aside, for Hebrew (pdftotext restores the
// logical order of right-to-left text); as the same characters for Arabic,
// whose combining marks pdftotext places by position.
func TestRoundTrip(t *testing.T) {
	all := fixture.All(t)
	all["sample-tenfold"] = fixture.Tenfold(all["sample"])
	for _, id := range sortedIDs(all) {
		a := all[id]
		for _, o := range []Options{{Scale: 1}, {Scale: 0.5, Paper: "letter"}, {Scale: 2.5}} {
			if id == "sample-tenfold" && o.Scale != 1 {
				continue
			}
			t.Run(fmt.Sprintf("%s/%s-%g", id, o.Paper, o.Scale), func(t *testing.T) {
				pdf, res := renderPDF(t, a, o)
				pdftest.Check(t, pdf)
				if n := pdftest.Pages(t, pdf); n != res.Pages {
					t.Fatalf("pdfinfo says %d pages, Render said %d", n, res.Pages)
				}
				squash := func(s string) string { return strings.Join(pdftest.Words(pdftest.Normalize(s)), "") }
				rights := squash(cmp.Or(a.Rights, DefaultRights))
				head := squash(DefaultPublication + " · " + a.Title)
				var got []string
				var gotText strings.Builder
				for p := 1; p <= res.Pages; p++ {
					raw := pdftest.Normalize(pdftest.RawText(t, pdf, p))
					text := squash(raw)
					label := squash(fmt.Sprintf("page %d of %d", p, res.Pages))
					furniture := []string{rights, label}
					if p > 1 && a.Lang != "ar" { // Arabic heads are counted with the letters below
						furniture = append(furniture, head)
					}
					for _, f := range furniture {
						if n := strings.Count(text, f); n != 1 {
							t.Errorf("page %d: %q found %d times, want once", p, f, n)
						}
						text = strings.Replace(text, f, "", 1)
					}
					gotText.WriteString(text)
					// The same, word by word, for left-to-right text.
					words := strings.Join(pdftest.Words(raw), " ")
					for _, f := range []string{DefaultPublication + " · " + a.Title, cmp.Or(a.Rights, DefaultRights), fmt.Sprintf("page %d of %d", p, res.Pages)} {
						words = strings.Replace(words, strings.Join(pdftest.Words(pdftest.Normalize(f)), " "), "", 1)
					}
					got = append(got, pdftest.Words(words)...)
				}
				if fixture.HasBeyondBMP(a) {
					return // stand-ins replace some characters: see TestScripts
				}
				want := pdftest.Normalize(strings.Join(fixture.Words(a), " "))
				switch {
				case a.Lang == "ar":
					want += strings.Repeat(head, res.Pages-1)
					if fixture.Letters(gotText.String()) != fixture.Letters(want) {
						t.Error("the characters read back differ from the article's")
					}
				case fixture.HasRTL(a):
					// pdftotext orders the neutrals at the edges of a
					// right-to-left word by its own guess ('".' for '."'),
					// so the letters are compared, not their order.
					if w := squash(want); fixture.Letters(gotText.String()) != fixture.Letters(w) {
						t.Errorf("the letters read back differ:\n got %.300q\nwant %.300q", gotText.String(), w)
					}
				case a.Lang == "ja", a.Lang == "zh":
					if w := squash(want); gotText.String() != w {
						t.Errorf("text read back differs:\n got %.300q\nwant %.300q", gotText.String(), w)
					}
				default:
					if err := pdftest.CompareWords(pdftest.Words(want), got); err != nil {
						t.Error(err)
					}
				}
			})
		}
	}
}

// TestScripts renders the articles in other scripts: no character lacks a
// glyph, and the mixed article's words in every script, and its emoji stand-ins,
// come back out of the PDF.
func TestScripts(t *testing.T) {
	all := fixture.All(t)
	for _, id := range []string{"tokyo-night-trains", "shenzhen-harbour", "busan-ferries", "novosibirsk-science-city",
		"athens-water-reform", "haifa-desalination", "amman-water", "mekong-delta-salinity"} {
		_, res := renderPDF(t, all[id], Options{})
		if res.MissingGlyphs != 0 {
			t.Errorf("%s: %d characters without a glyph", id, res.MissingGlyphs)
		}
	}
	pdf, res := renderPDF(t, all["world-desk-mixed"], Options{})
	// 🙂 🎉 👍🏽 🇫🇷 𠀋: no face has them; each character is drawn as
	// .notdef, counted, and kept in the text.
	missing := 0
	for _, cl := range []string{"🙂", "🎉", "👍🏽", "🇫🇷", "𠀋"} {
		_, n := text.ClusterFace(fonts.Serif, []rune(cl))
		missing += n
	}
	if res.MissingGlyphs != missing {
		t.Errorf("mixed article: %d characters counted as missing, want %d", res.MissingGlyphs, missing)
	}
	text := pdftest.Normalize(pdftest.RawText(t, pdf, 0))
	for _, want := range []string{"Москва", "Αθήνα", "東京", "北京", "서울", "ירושלים", "القاهرة", "नमस्ते", "กรุงเทพ", "Hà Nội",
		"🙂", "🎉", "🇫🇷", "€", "¥", "∑", "≠", "∞", "→", "⇒", "☕", "✈"} {
		if !strings.Contains(text, pdftest.Normalize(want)) {
			t.Errorf("the mixed article's PDF lacks %q", want)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') {
		t.Error("the mixed article's PDF holds U+FFFD")
	}
}

// TestUnusedFontsCostNothing: a document embeds only the faces it draws with.
func TestUnusedFontsCostNothing(t *testing.T) {
	all := fixture.All(t)
	latin, _ := renderPDF(t, all["sample"], Options{})
	japanese, _ := renderPDF(t, all["tokyo-night-trains"], Options{})
	// A subset's name is a tag and the face's PostScript name ("/BaseFont
	// /ABCDEF+DroidSansFallbackFull").
	for _, name := range []string{"DroidSansFallback", "NanumMyeongjo", "NotoSerifHebrew-Regular", "NotoNaskhArabic-Regular", "DejaVuSans", "IPAexMincho", "UMingCN", "HanaMinB"} {
		if bytes.Contains(latin, []byte("+"+name+" ")) {
			t.Errorf("the English sample embeds %s, which it does not use", name)
		}
	}
	if !bytes.Contains(japanese, []byte("+IPAexMincho ")) {
		t.Error("the Japanese article does not embed the Japanese face")
	}
}

func TestScales(t *testing.T) {
	a := fixture.Sample(t)
	prev := 0
	for _, scale := range []float64{0.5, 1, 1.5, 2, 2.5} {
		_, res := renderPDF(t, a, Options{Scale: scale})
		if res.Pages < prev {
			t.Errorf("scale %g: %d pages, fewer than %d at a smaller scale", scale, res.Pages, prev)
		}
		prev = res.Pages
	}
	_, small := renderPDF(t, a, Options{Scale: 0.5})
	_, large := renderPDF(t, a, Options{Scale: 2.5})
	if large.Pages <= small.Pages {
		t.Errorf("scale 2.5 gives %d pages, scale 0.5 gives %d: the scale does not reflow", large.Pages, small.Pages)
	}
}

func TestDeterministicBytes(t *testing.T) {
	for id, a := range fixture.All(t) {
		first, _ := renderPDF(t, a, Options{Scale: 1.25, Paper: "letter"})
		second, _ := renderPDF(t, a, Options{Scale: 1.25, Paper: "letter"})
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two renders differ", id)
		}
	}
}

func TestMetadataAndLink(t *testing.T) {
	all := fixture.All(t)
	pdf, _ := renderPDF(t, all["copenhagen-bike-bridges"], Options{})
	info := pdftest.Info(t, pdf)
	if info["Title"] != "Copenhagen’s bridges built for bikes, not cars" || info["Author"] != "Maren Holt" ||
		!strings.HasPrefix(info["Subject"], "A string of slender crossings") {
		t.Errorf("metadata: %v", info)
	}
	for _, want := range []string{"/URI (https://example.org/articles/copenhagen-bike-bridges)", "/Lang (en)", "/Outlines", "D:20230914"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %s", want)
		}
	}
	// No byline, and no language detected: the publication and the default
	// language stand in.
	noLang := *all["sample"]
	noLang.Lang = ""
	pdf, _ = renderPDF(t, &noLang, Options{Publication: "The Daily", Lang: "en-GB"})
	if info := pdftest.Info(t, pdf); info["Author"] != "The Daily" {
		t.Errorf("Author = %q, want the publication", info["Author"])
	}
	if !bytes.Contains(pdf, []byte("/Lang (en-GB)")) {
		t.Error("the configured default language is not in the PDF")
	}
}

func TestRightsLine(t *testing.T) {
	a := fixture.Sample(t)
	configured := "© The Daily - all rights reserved"
	pdf, _ := renderPDF(t, a, Options{Rights: configured})
	if text := pdftest.Text(t, pdf, 1); !strings.Contains(text, "Intersection - for republishing rights") || strings.Contains(text, "The Daily") {
		t.Error("an article's own rights line must win over the configured one")
	}
	b := *a
	b.Rights = ""
	pdf, _ = renderPDF(t, &b, Options{Rights: configured})
	if text := pdftest.Text(t, pdf, 1); !strings.Contains(text, configured) {
		t.Errorf("the configured rights line is missing from an article without one:\n%s", text)
	}
	pdf, _ = renderPDF(t, &b, Options{})
	if text := pdftest.Text(t, pdf, 1); !strings.Contains(text, DefaultRights) {
		t.Error("the default rights line is missing")
	}
}

func TestParseScale(t *testing.T) {
	for _, s := range []string{"0.5", "1", "1.25", " 2.5 ", "2.50"} {
		if _, err := ParseScale(s); err != nil {
			t.Errorf("ParseScale(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "abc", "NaN", "nan", "Inf", "-Inf", "+Inf", "1e308", "-0", "0", "0.49", "2.51", "1,5", "1.5x", "--1"} {
		_, err := ParseScale(s)
		if !errors.Is(err, ErrOption) {
			t.Errorf("ParseScale(%q) = %v, want an ErrOption", s, err)
			continue
		}
		if !strings.Contains(err.Error(), "0.5") || !strings.Contains(err.Error(), "2.5") {
			t.Errorf("ParseScale(%q): %q does not name the range", s, err)
		}
	}
}

func TestInvalidOptions(t *testing.T) {
	a := fixture.Sample(t)
	for _, o := range []Options{{Scale: 3}, {Scale: -1}, {Paper: "a5"}} {
		if _, err := Render(context.Background(), &bytes.Buffer{}, a, o); !errors.Is(err, ErrOption) {
			t.Errorf("%+v: err = %v, want ErrOption", o, err)
		}
	}
	if _, err := Render(context.Background(), &bytes.Buffer{}, &article.Article{}, Options{}); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("article without a title: err = %v, want article.ErrInvalid", err)
	}
}

// Benchmarks of whole renders; see also render/layout's BenchmarkLayoutSample.
// Run: go test ./render -run '^$' -bench . -benchmem
func BenchmarkRender(b *testing.B) {
	sample := fixture.Sample(b)
	cases := []struct {
		name  string
		a     *article.Article
		scale float64
		pdfa  string
	}{
		{"sample/scale-1", sample, 1, ""},
		{"sample/scale-2", sample, 2, ""},
		{"tenfold/scale-1", fixture.Tenfold(sample), 1, ""},
		{"cjk/scale-1", fixture.All(b)["tokyo-night-trains"], 1, ""},
		{"mixed/scale-1", fixture.All(b)["world-desk-mixed"], 1, ""},
		// What PDF/A adds (tagging is in every case above).
		{"sample/scale-1/pdfa-1b", sample, 1, "1b"},
		{"sample/scale-1/pdfa-2u", sample, 1, "2u"},
		{"tenfold/scale-1/pdfa-2u", fixture.Tenfold(sample), 1, "2u"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			var res Result
			for b.Loop() {
				buf.Reset()
				var err error
				if res, err = Render(context.Background(), &buf, c.a, Options{Scale: c.scale, PDFA: c.pdfa}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Pages), "pages")
			b.ReportMetric(float64(res.Bytes), "bytes")
		})
	}
}

// BenchmarkScripts renders each article in another script once per
// iteration, reporting its pages, bytes and characters without a glyph.
// Run: go test ./render -run '^$' -bench Scripts -benchmem
func BenchmarkScripts(b *testing.B) {
	all := fixture.All(b)
	for _, id := range []string{"tokyo-night-trains", "shenzhen-harbour", "busan-ferries", "novosibirsk-science-city",
		"athens-water-reform", "haifa-desalination", "amman-water", "mekong-delta-salinity", "world-desk-mixed"} {
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			var res Result
			for b.Loop() {
				buf.Reset()
				var err error
				if res, err = Render(context.Background(), &buf, all[id], Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Pages), "pages")
			b.ReportMetric(float64(res.Bytes), "bytes")
			b.ReportMetric(float64(res.MissingGlyphs), "missing")
		})
	}
}

// BenchmarkStages times each stage of a render on its own: parsing the
// stored article (parse), laying it out into the page model (layout) and
// writing the page model as PDF (write), for the same articles as
// BenchmarkRender. Run: go test ./render -run '^$' -bench Stages -benchmem
func BenchmarkStages(b *testing.B) {
	sample, err := os.ReadFile(fixture.SamplePath())
	if err != nil {
		b.Fatal(err)
	}
	archive := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "source", "archive", name))
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	tenfold := func() []byte { // the sample's text with its body ten times over
		head, body, _ := strings.Cut(string(sample), "\n\nSeventy years")
		body, rights, _ := strings.Cut("Seventy years"+body, "\n\n©")
		return []byte(head + strings.Repeat("\n\n"+body, 10) + "\n\n©" + rights)
	}()
	cases := []struct {
		name  string
		data  []byte
		scale float64
	}{
		{"sample/scale-1", sample, 1},
		{"sample/scale-2", sample, 2},
		{"tenfold/scale-1", tenfold, 1},
		{"cjk/scale-1", archive("tokyo-night-trains.txt"), 1},
		{"mixed/scale-1", archive("world-desk-mixed.json"), 1},
	}
	for _, c := range cases {
		a, err := article.Parse(c.data)
		if err != nil {
			b.Fatal(err)
		}
		s, err := Options{Scale: c.scale}.settings(a)
		if err != nil {
			b.Fatal(err)
		}
		composed := compose.Article(a, s.Compose)
		doc, _, err := layout.Layout(context.Background(), composed, s.Layout)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("parse/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				if _, err := article.Parse(c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("layout/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := layout.Layout(context.Background(), composed, s.Layout); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(doc.Pages)), "pages")
		})
		b.Run("write/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				fresh := *doc // Write empties the pages it is given
				fresh.Pages = slices.Clone(doc.Pages)
				if err := pdf.Write(context.Background(), &buf, &fresh, pdf.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		})
	}
}

// TestRenderAllocations guards what a render allocates, which sets both a
// server's memory and its garbage-collection time: the PDF library once
// parsed every whole font for every document, 30 MB for the sample and 43 MB
// for a Japanese article; subsets brought that to about 21 and 15 MB, and the
// in-tree PDF library's pooled compressors and binary font IDs to about 8
// and 6.5 MB. The bounds leave room for small changes, not for either to
// come back.
func TestRenderAllocations(t *testing.T) {
	all := fixture.All(t)
	for _, c := range []struct {
		id    string
		bound uint64
	}{{"sample", 11 << 20}, {"tokyo-night-trains", 9 << 20}} {
		a := all[c.id]
		renderPDF(t, a, Options{}) // fonts' metrics and tables are parsed once per process
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		renderPDF(t, a, Options{})
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > c.bound {
			t.Errorf("%s: one render allocated %.1f MiB, more than %.0f MiB", c.id, float64(got)/(1<<20), float64(c.bound)/(1<<20))
		}
	}
}

// An article over the page limit is a limit error that says how many pages
// at which scale, and still carries layout's figures.
func TestPageLimitError(t *testing.T) {
	a := fixture.Sample(t)
	for _, tt := range []struct {
		max  int
		want string
	}{
		{8, "limit exceeded: too many pages: the article needs 9 pages at scale 2; the limit is 8"},
		{1, "the article needs more than 1 pages at scale 2; the limit is 1"},
	} {
		_, err := Render(context.Background(), io.Discard, a, Options{Scale: 2, MaxPages: tt.max})
		var pl *layout.PageLimitError
		if !errors.Is(err, ErrLimit) || !errors.Is(err, layout.ErrTooManyPages) || !errors.As(err, &pl) || pl.Limit != tt.max {
			t.Fatalf("MaxPages %d: err = %v (%T), want a limit error with layout's page limit", tt.max, err, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("MaxPages %d: %q, want it to say %q", tt.max, err, tt.want)
		}
	}
}
