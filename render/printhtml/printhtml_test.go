package printhtml

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/internal/fixture"
	"pdfexport/render"
)

func write(t *testing.T, a *article.Article, o render.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, a, o, nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPrintPage(t *testing.T) {
	a := fixture.Sample(t)
	page := write(t, a, render.Options{})
	for _, want := range []string{
		`<html lang="en" dir="ltr">`, "<title>The illusions of Moscow-Tokyo rapprochement</title>",
		"size: A4;", "margin: 60pt 72pt 66pt;", "--text: 11pt;",
		`@bottom-left { content: "\a9  Intersection \2d  for republishing rights\2c  please`, `counter(page) " of " counter(pages)`,
		`<p class="rights">© Intersection - for republishing rights`,
		`<p class="standfirst">Russia and Japan fail again to make peace</p>`,
		"<p>Seventy years after the end of the Second World War",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the print page lacks %q", want)
		}
	}
	for _, w := range fixture.Words(a) {
		if !strings.Contains(page, escaped(w)) {
			t.Errorf("word %q is missing", w)
			break
		}
	}
	big := write(t, a, render.Options{Scale: 2, Paper: "letter"})
	for _, want := range []string{"size: letter;", "margin: 60pt 54pt 66pt;", "--text: 22pt;"} {
		if !strings.Contains(big, want) {
			t.Errorf("at scale 2 on letter the page lacks %q", want)
		}
	}
}

// escaped is how a word of the text appears in the page: escaped.
func escaped(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

func TestBodyBlocks(t *testing.T) {
	a := &article.Article{Title: "T", Body: []article.Block{
		article.Para("First."),
		{Kind: article.Heading, Runs: []article.Run{{Text: "A heading"}}},
		{Kind: article.Quote, Runs: []article.Run{{Text: "Quoted."}}},
		{Kind: article.ListItem, Runs: []article.Run{{Text: "one"}}},
		{Kind: article.ListItem, Runs: []article.Run{{Text: "two"}}},
		{Kind: article.ListItem, Ordered: true, Number: 3, Runs: []article.Run{{Text: "third"}}},
		{Kind: article.ListItem, Ordered: true, Number: 4, Runs: []article.Run{{Text: "fourth"}}},
		{Kind: article.ListItem, Ordered: true, Number: 1, Runs: []article.Run{{Text: "again"}}},
		{Kind: article.ListItem, Ordered: true, Number: 2, Runs: []article.Run{{Text: "next"}}},
		{Kind: article.ListItem, Ordered: true, Number: 7, Runs: []article.Run{{Text: "seventh"}}},
		{Kind: article.ListItem, Ordered: true, Number: 0, Runs: []article.Run{{Text: "zero"}}},
		{Runs: []article.Run{{Text: "it", Style: article.Italic}, {Text: " and "}, {Text: "bold", Style: article.Bold},
			{Text: " and ", Link: ""}, {Text: "a link", Link: "https://example.org/?a=1&b=2"}, {Text: " no", Link: "javascript:alert(1)"}}},
	}}
	got := string(Body(a, nil))
	want := "<p>First.</p>\n<h2>A heading</h2>\n<blockquote><p>Quoted.</p></blockquote>\n" +
		"<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>\n<ol>\n<li>again</li>\n<li>next</li>\n</ol>\n" +
		"<ol start=\"7\">\n<li>seventh</li>\n</ol>\n<ol start=\"0\">\n<li>zero</li>\n</ol>\n" +
		"<p><em>it</em> and <strong>bold</strong> and <a href=\"https://example.org/?a=1&amp;b=2\">a link</a> no</p>\n"
	if got != want {
		t.Errorf("Body =\n%s\nwant\n%s", got, want)
	}
}

// TestEscaping checks that no text of the article can break out of the page's
// HTML or out of the CSS string that puts the rights line in the margin.
func TestEscaping(t *testing.T) {
	a := &article.Article{
		Title:  `</title><script>alert(1)</script>`,
		Rights: `x"; } body { display: none } </style><script>alert(2)</script>`,
		Body:   []article.Block{article.Para(`<img src=x onerror=alert(3)>`)},
	}
	page := write(t, a, render.Options{})
	if strings.Contains(page, "<script>") || strings.Contains(page, "<img") || strings.Contains(page, `x"; }`) ||
		!strings.Contains(page, `content: "x\22 \3b  \7d  body`) {
		t.Errorf("markup from the article reached the page:\n%s", page)
	}
}

func TestBadOptions(t *testing.T) {
	a := fixture.Sample(t)
	for _, o := range []render.Options{{Scale: 3}, {Paper: "a5"}} {
		if err := Write(&bytes.Buffer{}, a, o, nil); !errors.Is(err, render.ErrOption) {
			t.Errorf("%+v: err = %v, want render.ErrOption", o, err)
		}
	}
}

func TestDirection(t *testing.T) {
	for lang, want := range map[string]string{"ar": "rtl", "he-IL": "rtl", "fa": "rtl", "en": "ltr", "": "ltr", "de-CH": "ltr", "AR": "rtl",
		"ckb": "rtl", "ku": "ltr", "ku-Arab": "rtl", "az-Latn": "ltr", "pa-Arab-PK": "rtl", "ar-Latn": "ltr"} {
		if got := Dir(lang); got != want {
			t.Errorf("Dir(%q) = %s, want %s", lang, got, want)
		}
	}
	page := write(t, &article.Article{Title: "שלום", Lang: "he", Body: []article.Block{article.Para("טקסט")}}, render.Options{})
	if !strings.Contains(page, `<html lang="he" dir="rtl">`) {
		t.Error("a Hebrew print page is not right to left")
	}
	// The rights line starts where the text starts: on the right.
	if !strings.Contains(page, `@bottom-right { content: "\a9 `) || !strings.Contains(page, `@bottom-left { content: "page " counter(page)`) {
		t.Errorf("the margin boxes of a right-to-left page are not swapped:\n%.900s", page)
	}
}
