package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"pdfexport/article"
)

// body converts an HTML fragment, as trafilatura's ContentNode would hold
// it, and returns the JSON body items.
func body(t *testing.T, fragment string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<body>" + fragment + "</body>"))
	if err != nil {
		t.Fatal(err)
	}
	c := &converter{}
	c.walk(doc)
	c.flush()
	b, err := json.Marshal(bodyJSON(c.blocks))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBodyMapping(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"paragraphs", `<p>One  two
			three.</p><p> </p><p>Four.</p>`,
			`["One two three.","Four."]`},
		{"heading", `<h2>Boarding after <em>dark</em></h2><p>Text.</p>`,
			`[{"type":"heading","runs":[{"text":"Boarding after "},{"text":"dark","italic":true}]},"Text."]`},
		{"styles and links", `<p>The <i>Aurora</i> leaves at <b>nine</b>; see the <a href="https://example.org/t">timetable</a>.</p>`,
			`[{"runs":[{"text":"The "},{"text":"Aurora","italic":true},{"text":" leaves at "},{"text":"nine","bold":true},{"text":"; see the "},{"text":"timetable","link":"https://example.org/t"},{"text":"."}]}]`},
		{"bold italic link", `<p><strong><em><a href="mailto:a@example.org">write</a></em></strong></p>`,
			`[{"runs":[{"text":"write","italic":true,"bold":true,"link":"mailto:a@example.org"}]}]`},
		{"unfollowable links keep their text", `<p><a href="#top">up</a> <a href="javascript:x()">run</a> <a href="/rel">rel</a></p>`,
			`["up run rel"]`},
		{"unordered list", `<ul><li>wool</li><li><i>earplugs</i></li></ul>`,
			`[{"type":"list","items":["wool",{"runs":[{"text":"earplugs","italic":true}]}]}]`},
		{"ordered list with start", `<ol start="3"><li>three</li><li>four</li></ol>`,
			`[{"type":"list","ordered":true,"start":3,"items":["three","four"]}]`},
		{"paragraphs in an item are one item", `<ul><li><p>a</p><p>b</p></li></ul>`,
			`[{"type":"list","items":["a b"]}]`},
		{"nested list", `<ol><li>one<ul><li>sub</li></ul>tail</li><li>two</li></ol>`,
			`[{"type":"list","ordered":true,"items":["one"]},{"type":"list","items":["sub"]},"tail",{"type":"list","ordered":true,"start":2,"items":["two"]}]`},
		{"items outside a list", `<li>x</li><li>y</li>`,
			`[{"type":"list","items":["x","y"]}]`},
		{"quote", `<blockquote><p>You don’t take</p><p>the night boat.</p></blockquote><p>After.</p>`,
			`[{"type":"quote","text":"You don’t take"},{"type":"quote","text":"the night boat."},"After."]`},
		{"line breaks split paragraphs", `<p>1 lemon<br>2 eggs<br><br>salt</p>`,
			`["1 lemon","2 eggs","salt"]`},
		{"line breaks in an item are spaces", `<ul><li>a<br>b</li></ul>`,
			`[{"type":"list","items":["a b"]}]`},
		{"table rows", `<table><tr><th>City</th><th>Trains</th></tr><tr><td>Lyon</td><td></td><td>12</td></tr></table>`,
			`["City | Trains","Lyon | 12"]`},
		{"loose text and divs", `text<div>in <span>div</span></div>more`,
			`["text","in div","more"]`},
		{"scripts and images are not text", `<p>a<script>var x</script><img alt="pic">b</p>`,
			`["ab"]`},
		{"no-break spaces are text", "<p>10\u00a0km</p>",
			`["10` + "\u00a0" + `km"]`},
		{"control characters removed", "<p>a\u0008b\u0085c</p>",
			`["abc"]`},
		{"spaces across runs are not doubled", `<p>a <b> b</b> c</p>`,
			`[{"runs":[{"text":"a "},{"text":"b","bold":true},{"text":" c"}]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := body(t, tt.html); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestTrafilaturaTrees(t *testing.T) {
	// Trafilatura returns trees no HTML parser would build (cells in list
	// items, quotes and code), with elements named but not atomised.
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
		el("ul", el("li", text("item"))))
	c := &converter{}
	c.walk(tree)
	c.flush()
	b, _ := json.Marshal(bodyJSON(c.blocks))
	want := `[{"type":"list","items":["Sign Latest | 1 | Anna"]},{"type":"quote","text":"cell"},{"type":"quote","text":"quoted"},{"type":"list","items":["item"]}]`
	if string(b) != want {
		t.Errorf("\n got %s\nwant %s", b, want)
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
	// space reach the article, in order.
	frag := `<h1>T</h1><p>a<b>b</b><i>c</i></p><ul><li>d<ol><li>e</li></ol>f</li></ul>` +
		`<blockquote>g<td>h</td></blockquote><table><tr><td>i<p>j</p></td></tr></table><dl><dt>k</dt><dd>l</dd></dl><pre>m
n</pre>`
	doc, _ := html.Parse(strings.NewReader(frag))
	c := &converter{}
	c.walk(doc)
	c.flush()
	var got strings.Builder
	for _, b := range c.blocks {
		for _, r := range strings.Fields(b.text()) {
			got.WriteString(strings.ReplaceAll(r, "|", ""))
		}
	}
	if got.String() != "Tabcdefghijklmn" {
		t.Errorf("text = %q", got.String())
	}
}

func TestBuildArticle(t *testing.T) {
	content := func(s string) *html.Node {
		doc, err := html.Parse(strings.NewReader("<body>" + s + "</body>"))
		if err != nil {
			t.Fatal(err)
		}
		return doc
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
			ex := buildArticle(tt.meta, content(tt.content), tt.pageTitle, page)
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
	ex := extractPage([]byte(page), u)
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

func TestDropped(t *testing.T) {
	blocks := []block{{runs: []jsonRun{{Text: "ab | c"}}}}
	if n := dropped("a b\nc\u0007", blocks); n != 0 {
		t.Errorf("dropped %d, want 0", n)
	}
	if n := dropped("a b d d", blocks); n != 2 {
		t.Errorf("dropped %d, want 2", n)
	}
}
