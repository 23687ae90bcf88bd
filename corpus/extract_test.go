package main

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"pdfexport/article"
)

func TestTrafilaturaTrees(t *testing.T) {
	// Trafilatura returns trees no HTML parser would build (cells in list
	// items, quotes and code, children in an img), with elements named but
	// not atomised. They are written as they are, and pdfexport's parser
	// keeps all their text.
	el := func(name string, kids ...*html.Node) *html.Node {
		n := &html.Node{Type: html.ElementNode, Data: name}
		for _, k := range kids {
			n.AppendChild(k)
		}
		return n
	}
	text := func(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }
	tree := el("body",
		el("li", text("Sign"), el("h3", text("Latest")), el("td", text("1")), el("td", text("Anna"))),
		el("blockquote", el("td", text("cell")), el("p", text("quoted"))),
		el("p", el("img", text("tail"))),
		el("ul", el("li", text("item"))))
	h, err := renderHTML(tree)
	if err != nil {
		t.Fatal(err)
	}
	want := `<li>Sign<h3>Latest</h3><td>1</td><td>Anna</td></li><blockquote><td>cell</td><p>quoted</p></blockquote><p><img/>tail</p><ul><li>item</li></ul>`
	if h != want {
		t.Errorf("\n got %s\nwant %s", h, want)
	}
	blocks, _, err := article.ParseHTMLBody([]byte(h), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := dropped("Sign Latest 1 Anna cell quoted tail item", blocks); n != 0 {
		t.Errorf("%d characters dropped: %q", n, modelText(blocks))
	}
}

func TestDecodePage(t *testing.T) {
	tests := []struct {
		name string
		page []byte
		want string
	}{
		{"UTF-8 whatever it declares", []byte(`<meta charset="iso-8859-1"><p>café</p>`), "café"},
		{"declared late in the head", append([]byte(`<title>x</title>`+strings.Repeat(" ", 2000)+`<meta http-equiv="Content-Type" content="text/html; charset=windows-1250"><p>`), 0xB9, 'c'), "ąc"},
		{"declared UTF-8 with a bad byte", []byte("<meta charset=utf-8><p>a\xffb"), "a\uFFFDb"},
		{"undeclared", []byte("<p>caf\xe9"), "café"},
		{"byte-order mark", []byte("\uFEFF<p>x"), "<p>x"},
	}
	for _, tt := range tests {
		if got := decodePage(tt.page); !strings.Contains(got, tt.want) || strings.HasPrefix(got, "\uFEFF") {
			t.Errorf("%s: %q does not contain %q", tt.name, got, tt.want)
		}
	}
}

func TestEveryCharacterOfTheTextIsKept(t *testing.T) {
	// Whatever the structure, the text's characters other than white
	// space reach the article's model.
	frag := `<h1>T</h1><p>a<b>b</b><i>c</i></p><ul><li>d<ol><li>e</li></ol>f</li></ul>` +
		`<blockquote>g<td>h</td></blockquote><table><tr><td>i<p>j</p></td></tr></table><dl><dt>k</dt><dd>l</dd></dl><pre>m
n</pre><p><img src="https://example.org/o.jpg" alt="alt">o</p>`
	blocks, _, err := article.ParseHTMLBody([]byte(frag), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := dropped("Tabcdefghijklmno", blocks); n != 0 {
		t.Errorf("dropped %d: %q", n, modelText(blocks))
	}
	if n := dropped("Tabcz", blocks); n != 1 {
		t.Errorf("dropped %d, want 1 (the z)", n)
	}
	// A footnote reference's mark is set without its brackets.
	blocks, _, err = article.ParseHTMLBody([]byte(`<p>Text<sup><a href="#n1">[1]</a></sup>.</p><ol><li id="n1">Note.</li></ol>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := dropped("Text[1]. Note.", blocks); n != 0 {
		t.Errorf("dropped %d, want 0: the brackets of the reference are its mark's", n)
	}
	if n := dropped("Text[1]. Note. [x]", blocks); n != 3 {
		t.Errorf("dropped %d, want 3: [x], whose brackets are no reference's", n)
	}
	// So is a reference to a note that is not there.
	blocks, _, err = article.ParseHTMLBody([]byte(`<p>Text<sup><a href="#cite_note-1">[1]</a></sup>.</p>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := dropped("Text[1].", blocks); n != 0 {
		t.Errorf("dropped %d, want 0: the brackets of the reference without its note are its mark's", n)
	}
}

func TestBuildArticle(t *testing.T) {
	content := func(s string) *html.Node {
		doc, err := html.Parse(strings.NewReader("<body>" + s + "</body>"))
		if err != nil {
			t.Fatal(err)
		}
		return doc.FirstChild.LastChild // the body
	}
	page, _ := url.Parse("https://example.org/a")
	date := time.Date(2023, 9, 14, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		meta      trafilatura.Metadata
		content   string
		pageTitle string
		check     func(t *testing.T, ex extraction)
	}{
		{"metadata", trafilatura.Metadata{Title: " Bridges ", Author: "Maren Holt; Ola Berg", Date: date,
			Description: "A string of slender crossings.", Language: "en_GB", URL: "https://example.org/b"},
			"<h1>Bridges</h1><p>Text.</p>", "",
			func(t *testing.T, ex extraction) {
				a := ex.Article
				if a.Title != "Bridges" || a.Byline != "Maren Holt, Ola Berg" || a.Standfirst != "A string of slender crossings." ||
					a.Lang != "en-GB" || a.URL != "https://example.org/b" || !a.Published.Equal(time.Date(2023, 9, 14, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("article = %+v", a)
				}
				if len(a.Body) != 1 || a.Body[0].Text() != "Text." {
					t.Errorf("the heading repeating the title is kept: %+v", a.Body)
				}
				if ex.TitleFrom != titleFromMetadata {
					t.Errorf("title from %q", ex.TitleFrom)
				}
			}},
		{"title from the first heading", trafilatura.Metadata{}, "<p>Intro.</p><h2>Heading</h2><p>Text.</p>", "Page | Site",
			func(t *testing.T, ex extraction) {
				if ex.Article.Title != "Heading" || ex.TitleFrom != titleFromHeading || len(ex.Article.Body) != 2 {
					t.Errorf("title %q from %q, body %+v", ex.Article.Title, ex.TitleFrom, ex.Article.Body)
				}
			}},
		{"title from <title>", trafilatura.Metadata{}, "<p>Text.</p>", " Page | Site ",
			func(t *testing.T, ex extraction) {
				if ex.Article.Title != "Page | Site" || ex.TitleFrom != titleFromElement {
					t.Errorf("title %q from %q", ex.Article.Title, ex.TitleFrom)
				}
			}},
		{"no title", trafilatura.Metadata{}, "<p>Text.</p>", "",
			func(t *testing.T, ex extraction) {
				if ex.Article != nil || ex.Reason != "no title" {
					t.Errorf("article %v, reason %q", ex.Article, ex.Reason)
				}
			}},
		{"description repeating the text is no standfirst", trafilatura.Metadata{Title: "T", Description: "First words of the …"},
			"<p>First  words of the text.</p>", "",
			func(t *testing.T, ex extraction) {
				if ex.Article.Standfirst != "" {
					t.Errorf("standfirst %q", ex.Article.Standfirst)
				}
			}},
		{"page URL when the page names none; bad language dropped", trafilatura.Metadata{Title: "T", URL: "/relative", Language: "not a tag"},
			"<p>x</p>", "",
			func(t *testing.T, ex extraction) {
				if ex.Article.URL != "https://example.org/a" {
					t.Errorf("url %q", ex.Article.URL)
				}
				if ex.Declared != "not a tag" {
					t.Errorf("declared %q", ex.Declared)
				}
			}},
		{"an article pdfexport refuses is reported", trafilatura.Metadata{Title: strings.Repeat("x", article.MaxTitleRunes+1)},
			"<p>x</p>", "",
			func(t *testing.T, ex extraction) {
				if ex.Article != nil || !strings.Contains(ex.Reason, "title is 1001 characters") {
					t.Errorf("reason %q", ex.Reason)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := content(tt.content)
			ex := buildArticle(tt.meta, c, textOf(c), tt.pageTitle, page, pageRefs{}, pictures{})
			if ex.Article == nil && tt.name != "no title" && !strings.Contains(tt.name, "refuses") {
				t.Fatalf("no article: %s", ex.Reason)
			}
			tt.check(t, ex)
		})
	}
}

func TestExtractPage(t *testing.T) {
	// The whole path through trafilatura, on a small page.
	page := `<!DOCTYPE html><html lang="en"><head><title>Night boats | Example</title>
<meta property="og:title" content="Night boats of the north">
<meta name="author" content="Maren Holt">
<meta name="description" content="Why ferries still sail after dark.">
<link rel="canonical" href="https://example.org/night-boats">
</head><body><nav><a href="/">Home</a></nav><article>
<h1>Night boats of the north</h1>
<p>The <i>Aurora Vell</i> leaves the quay at nine, as it has every evening since 1987, and
nobody on board is in a hurry: the crossing takes eleven hours, and the cabins are small.</p>
<h2>Boarding after dark</h2>
<p>Passengers arrive with bicycles, dogs and <a href="/timetable">printed timetables</a>; the crew
knows most of them by name, and the bar opens as soon as the ramp is up.</p>
<ul><li>a wool jumper</li><li>earplugs</li></ul>
<blockquote><p>You don’t take the night boat to save time.</p></blockquote>
<p>In winter the sea is rough, and the captain reads the forecast aloud at the door of the
saloon, which nobody minds, because the alternative is a day of driving.</p>
</article><footer>© Example</footer></body></html>`
	u, _ := url.Parse("https://example.org/night-boats")
	ex := extractPage([]byte(page), u, pictures{})
	if ex.Article == nil {
		t.Fatalf("no article: %s", ex.Reason)
	}
	a := ex.Article
	if a.Title != "Night boats of the north" || a.Byline != "Maren Holt" || a.URL != "https://example.org/night-boats" {
		t.Errorf("title %q, byline %q, url %q", a.Title, a.Byline, a.URL)
	}
	var kinds []string
	var link string
	for _, b := range a.Body {
		kinds = append(kinds, b.Kind.String())
		for _, r := range b.Runs {
			if r.Link != "" {
				link = r.Link
			}
		}
	}
	got := strings.Join(kinds, ",")
	for _, want := range []string{"heading", "list item", "quote"} {
		if !strings.Contains(got, want) {
			t.Errorf("body kinds %s: no %s\n%s", got, want, ex.JSON)
		}
	}
	if link != "https://example.org/timetable" {
		t.Errorf("link %q, want the relative link resolved", link)
	}
	if strings.Contains(string(ex.JSON), "Home") || strings.Contains(string(ex.JSON), "© Example") {
		t.Errorf("navigation or footer in the article:\n%s", ex.JSON)
	}
}

func TestExtractPagePictures(t *testing.T) {
	// Trafilatura keeps the pictures of the text (without their sizes);
	// each is sent to the image server with the size the page declares,
	// and the first one fails on purpose.
	page := `<!DOCTYPE html><html lang="en"><head><title>Night boats</title>
<meta property="og:title" content="Night boats of the north"></head><body><article>
<p>The <i>Aurora Vell</i> leaves the quay at nine, as it has every evening since 1987, and
nobody on board is in a hurry: the crossing takes eleven hours, and the cabins are small.</p>
<figure><img src="/photos/ferry.jpg" width="800" height="533" alt="The Aurora Vell at the quay">
<figcaption>The Aurora Vell at the quay.</figcaption></figure>
<p>Passengers arrive with bicycles, dogs and printed timetables; the crew knows most of them
by name, and the bar opens as soon as the ramp is up, whatever the weather.</p>
<p><img src="https://cdn.example.org/map.png" alt="The route"></p>
<p>In winter the sea is rough, and the captain reads the forecast aloud at the door of the
saloon, which nobody minds, because the alternative is a day of driving.</p>
</article></body></html>`
	u, _ := url.Parse("https://example.org/night-boats")
	ex := extractPage([]byte(page), u, pictures{server: "127.0.0.1:8", fail: markTruncated})
	if ex.Article == nil {
		t.Fatalf("no article: %s", ex.Reason)
	}
	var srcs []string
	for _, b := range ex.Article.Body {
		if b.Figure != nil {
			for _, im := range b.Figure.Images {
				srcs = append(srcs, fmt.Sprintf("%s %d×%d %q", im.Src, im.Width, im.Height, im.Alt))
			}
		}
	}
	want := []string{
		`http://127.0.0.1:8/img/800x533/truncated/example.org/photos/ferry.jpg 800×533 "The Aurora Vell at the quay"`,
		`http://127.0.0.1:8/img/0x0/ok/cdn.example.org/map.png 0×0 "The route"`,
	}
	if strings.Join(srcs, "\n") != strings.Join(want, "\n") {
		t.Errorf("pictures\n%s\nwant\n%s\n%s", strings.Join(srcs, "\n"), strings.Join(want, "\n"), ex.JSON)
	}
	if ex.Images.Marked != markTruncated || ex.Dropped != 0 {
		t.Errorf("stats %+v, dropped %d", ex.Images, ex.Dropped)
	}
}
