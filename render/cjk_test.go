package render

import (
	"slices"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/internal/pdftest"
)

// hanParagraph is set in Japanese, Simplified and Traditional Chinese
// alike: ideographs every one of them writes, among them 骨, 直, 角 and 令,
// whose standard forms differ between Tokyo, Beijing and Taipei.
const hanParagraph = "古人以骨角為器，直至今日，令人深思。"

// TestHanFormsByLanguage checks the rule of fonts.Locale through the whole
// path: the same paragraph of ideographs, declared Japanese, Simplified
// Chinese or Traditional Chinese, is drawn in three different faces, each
// the one made for that language, and reads back the same.
func TestHanFormsByLanguage(t *testing.T) {
	for _, c := range []struct {
		lang, want string
		not        []string
	}{
		{"ja", "IPAexMincho", []string{"UMingCN", "UMingTW", "UMingHK"}},
		{"zh-Hans", "UMingCN", []string{"IPAexMincho", "UMingTW", "UMingHK"}},
		{"zh-Hant", "UMingTW", []string{"IPAexMincho", "UMingCN", "UMingHK"}},
		{"zh-TW", "UMingTW", []string{"IPAexMincho", "UMingCN", "UMingHK"}},
		{"zh-HK", "UMingHK", []string{"IPAexMincho", "UMingCN", "UMingTW"}},
		{"en", "UMingCN", []string{"IPAexMincho", "UMingTW", "UMingHK"}}, // ideographs in another language: Chinese
	} {
		a := &article.Article{Title: "Han", Lang: c.lang, Body: []article.Block{article.Para(hanParagraph)}}
		pdf, _ := renderPDF(t, a, Options{})
		fonts := pdftest.Fonts(t, pdf)
		if !slices.ContainsFunc(fonts, func(f string) bool { return strings.Contains(f, c.want) }) {
			t.Errorf("%s: pdffonts lists %v, without %s", c.lang, fonts, c.want)
		}
		for _, n := range c.not {
			if slices.ContainsFunc(fonts, func(f string) bool { return strings.Contains(f, n) }) {
				t.Errorf("%s: pdffonts lists %s (%v)", c.lang, n, fonts)
			}
		}
		if got := strings.Join(strings.Fields(pdftest.Text(t, pdf, 1)), ""); !strings.Contains(got, hanParagraph) {
			t.Errorf("%s: the paragraph does not read back:\n%s", c.lang, got)
		}
		// No space between ideographs in the text layer: the glue that
		// justifies them is not white space (a search for 骨角 must find it).
		if mu := pdftest.MuText(t, pdf); !strings.Contains(mu, hanParagraph) {
			t.Errorf("%s: MuPDF reads the paragraph as:\n%s", c.lang, mu)
		}
	}
}

// TestBeyondTheBMP checks that ideographs of CJK Extension B in a name (𠮷
// of 𠮷田, 𡈽) are drawn with real glyphs, not .notdef boxes, and come back
// from the text layer, in a Japanese, a Chinese and an English article.
func TestBeyondTheBMP(t *testing.T) {
	for _, lang := range []string{"ja", "zh-Hant", "en"} {
		name := "𠮷田𡈽子"
		a := &article.Article{Title: "Names", Lang: lang, Byline: name,
			Body: []article.Block{article.Para("The chef " + name + " (" + name + ") opened a shop.")}}
		pdf, res := renderPDF(t, a, Options{})
		if res.MissingGlyphs != 0 {
			t.Errorf("%s: %d characters without a glyph", lang, res.MissingGlyphs)
		}
		trace := pdftest.Trace(t, pdf)
		for _, r := range name {
			if !strings.Contains(trace, `unicode="`+string(r)+`"`) {
				t.Errorf("%s: mutool trace draws no glyph for %U", lang, r)
			}
		}
		if n := strings.Count(trace, ` glyph="0"`) + strings.Count(trace, ` glyph=".notdef"`); n != 0 {
			t.Errorf("%s: %d .notdef glyphs drawn", lang, n)
		}
		if got := pdftest.Text(t, pdf, 1); strings.Count(got, name) < 2 {
			t.Errorf("%s: %q does not read back twice:\n%s", lang, name, got)
		}
	}
}
