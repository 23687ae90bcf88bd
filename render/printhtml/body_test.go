package printhtml

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"pdfexport/article"
	"pdfexport/internal/fixture"
	"pdfexport/render"
)

var update = flag.Bool("update", false, "rewrite testdata/blocks.html, the print page of fixture.Blocks (the end-to-end tests load it in Chromium)")

// served is the Images of the tests: a file beside the article is fetched
// from files/.
func served(src string) string { return "files/" + src }

// parse parses a page or a fragment of one (a fragment is put in a body).
func parse(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// all returns the elements under n, in document order, that have the tag
// and every class in classes.
func all(n *html.Node, tag string, classes ...string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type != html.ElementNode || d.Data != tag {
			continue
		}
		have := strings.Fields(attr(d, "class"))
		ok := true
		for _, c := range classes {
			ok = ok && slices.Contains(have, c)
		}
		if ok {
			out = append(out, d)
		}
	}
	return out
}

// one returns the only element all finds, failing t when there is not
// exactly one.
func one(t *testing.T, n *html.Node, tag string, classes ...string) *html.Node {
	t.Helper()
	got := all(n, tag, classes...)
	if len(got) != 1 {
		t.Fatalf("%d <%s class=%q> elements, want 1:\n%s", len(got), tag, strings.Join(classes, " "), render1(n))
	}
	return got[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

// text is the text under n.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// children are n's element children's tags.
func children(n *html.Node) []string {
	var out []string
	for c := range n.ChildNodes() {
		if c.Type == html.ElementNode {
			out = append(out, c.Data)
		}
	}
	return out
}

func render1(n *html.Node) string {
	var b bytes.Buffer
	_ = html.Render(&b, n)
	return b.String()
}

func TestBlocksFixtureIsValid(t *testing.T) {
	if err := fixture.Blocks().Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestEveryBlock checks each kind of block and each inline style of
// fixture.Blocks on the print page, parsed as a browser would.
func TestEveryBlock(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, fixture.Blocks(), render.Options{}, served); err != nil {
		t.Fatal(err)
	}
	doc := parse(t, b.String())
	mainEl := one(t, doc, "main")

	t.Run("headings", func(t *testing.T) {
		for tag, want := range map[string]string{"h2": "The crossings", "h3": "Morning boats", "h4": "The first one"} {
			if got := text(one(t, mainEl, tag)); got != want {
				t.Errorf("<%s> = %q, want %q", tag, got, want)
			}
		}
	})
	t.Run("quotes", func(t *testing.T) {
		q := one(t, mainEl, "figure", "quote")
		if got := children(q); !slices.Equal(got, []string{"blockquote", "figcaption"}) {
			t.Errorf("a quote with its source holds %v, want a blockquote and a figcaption", got)
		}
		if got := text(one(t, q, "figcaption")); got != "— A commuter" {
			t.Errorf("the quote's source reads %q", got)
		}
		p := one(t, mainEl, "figure", "pullquote")
		if got := children(p); !slices.Equal(got, []string{"blockquote", "figcaption"}) {
			t.Errorf("a pull quote holds %v", got)
		}
		if got := text(one(t, p, "blockquote")); got != "The sea is our road again." {
			t.Errorf("the pull quote reads %q", got)
		}
	})
	t.Run("nested lists", func(t *testing.T) {
		ul := one(t, mainEl, "ul")
		items := all(ul, "li")
		if got := children(ul); !slices.Equal(got, []string{"li", "li"}) {
			t.Fatalf("the outer list holds %v, want two items", got)
		}
		ol := one(t, ul, "ol")
		if ol.Parent != items[0] || hasAttr(ol, "start") || !slices.Equal(children(ol), []string{"li", "li"}) {
			t.Errorf("the numbered list is not nested in the first item, numbered from 1:\n%s", render1(ul))
		}
		if got := strings.TrimSpace(text(ol)); got != "Morning\nEvening" {
			t.Errorf("the nested list reads %q", got)
		}
	})
	t.Run("figure", func(t *testing.T) {
		f := one(t, mainEl, "figure", "figure")
		img := one(t, f, "img")
		for k, want := range map[string]string{"src": "files/images/harbour.png", "alt": "The new ferry at the pier", "width": "48",
			"height": "32", "loading": "lazy", "decoding": "async"} {
			if got := attr(img, k); got != want {
				t.Errorf("the figure's img %s=%q, want %q", k, got, want)
			}
		}
		cap := one(t, f, "figcaption")
		if got := text(one(t, cap, "small", "credit")); got != "Photo: Harbour Authority" {
			t.Errorf("the credit reads %q", got)
		}
		if got := text(cap); got != "The new ferry at the pier. Photo: Harbour Authority" {
			t.Errorf("the caption reads %q", got)
		}
	})
	t.Run("gallery", func(t *testing.T) {
		g := one(t, mainEl, "figure", "gallery")
		imgs := all(g, "img")
		if len(imgs) != 3 {
			t.Fatalf("%d images in the gallery, want 3", len(imgs))
		}
		if !strings.HasPrefix(attr(imgs[0], "src"), "data:image/png;base64,iVBOR") || attr(imgs[1], "src") != "https://example.org/ferry.jpg" ||
			attr(imgs[2], "src") != "files/images/harbour.png" {
			t.Errorf("the gallery's sources: %q, %q, %q", attr(imgs[0], "src")[:30], attr(imgs[1], "src"), attr(imgs[2], "src"))
		}
		if hasAttr(imgs[0], "width") || attr(imgs[1], "width") != "640" {
			t.Error("an image's size is written only when it is known")
		}
	})
	t.Run("lead", func(t *testing.T) {
		header := one(t, doc, "header")
		lead := one(t, header, "figure", "lead")
		img := one(t, lead, "img")
		if hasAttr(img, "loading") || attr(img, "decoding") != "async" || attr(img, "alt") != "The harbour at dawn" ||
			attr(img, "width") != "480" || !strings.HasPrefix(attr(img, "src"), "data:image/png;base64,") {
			t.Errorf("the lead image: %s", render1(img))
		}
		if len(all(mainEl, "figure", "lead")) != 0 {
			t.Error("the lead is in the body too")
		}
	})
	t.Run("table", func(t *testing.T) {
		tbl := one(t, mainEl, "table")
		if got := children(tbl); !slices.Equal(got, []string{"caption", "thead", "tbody"}) {
			t.Errorf("the table holds %v, want caption, thead, tbody", got)
		}
		if got := text(one(t, tbl, "caption")); got != "Crossings a day" {
			t.Errorf("caption %q", got)
		}
		head := all(one(t, tbl, "thead"), "th")
		if len(head) != 2 || attr(head[0], "scope") != "col" || attr(head[1], "scope") != "colgroup" || attr(head[1], "colspan") != "2" {
			t.Errorf("header row: %s", render1(one(t, tbl, "thead")))
		}
		body := one(t, tbl, "tbody")
		th := one(t, body, "th")
		if attr(th, "scope") != "rowgroup" || attr(th, "rowspan") != "2" || text(th) != "Harbour line" {
			t.Errorf("row header: %s", render1(th))
		}
		if n := len(all(body, "td")); n != 4 {
			t.Errorf("%d data cells, want 4", n)
		}
		wrap := tbl.Parent
		if attr(wrap, "class") != "table" || attr(wrap, "role") != "region" || attr(wrap, "aria-label") != "Crossings a day" || attr(wrap, "tabindex") != "0" {
			t.Errorf("the table's scrolling region: %s", render1(wrap)[:120])
		}
	})
	t.Run("preformatted, divider, embed, note", func(t *testing.T) {
		if got := text(one(t, mainEl, "pre")); got != "departures:\n  07:10 pier 1\n  07:40 pier 2" {
			t.Errorf("pre = %q", got)
		}
		one(t, mainEl, "hr")
		e := one(t, mainEl, "div", "embed")
		a := one(t, e, "a")
		if text(one(t, e, "p", "provider")) != "YouTube" || text(one(t, e, "p", "title")) != "The first crossing" ||
			attr(a, "href") != "https://www.youtube.com/watch?v=harbour" || text(a) != attr(a, "href") {
			t.Errorf("embed: %s", render1(e))
		}
		n := one(t, mainEl, "aside", "note")
		if attr(n, "aria-label") != "Correction" || text(one(t, n, "p", "label")) != "Correction" ||
			!strings.Contains(text(n), "gave the wrong pier") {
			t.Errorf("note: %s", render1(n))
		}
	})
	t.Run("footnotes", func(t *testing.T) {
		refs := all(mainEl, "sup", "fnref")
		var got []string
		for _, r := range refs {
			a := one(t, r, "a")
			got = append(got, attr(a, "id")+">"+attr(a, "href")+":"+text(a))
		}
		want := []string{"fnref-n1>#fn-n1:1", "fnref-n1-2>#fn-n1:1", "fnref-n2>#fn-n2:*"}
		if !slices.Equal(got, want) {
			t.Errorf("references %v, want %v", got, want)
		}
		sec := one(t, mainEl, "section", "footnotes")
		items := all(one(t, sec, "ol"), "li")
		if len(items) != 2 || attr(items[0], "id") != "fn-n1" || attr(items[1], "id") != "fn-n2" {
			t.Fatalf("footnotes: %s", render1(sec))
		}
		for i, want := range []string{"#fnref-n1", "#fnref-n2"} {
			back := one(t, items[i], "a", "back")
			if attr(back, "href") != want || attr(back, "aria-label") == "" {
				t.Errorf("footnote %d's back link: %s", i+1, render1(back))
			}
		}
		if got := text(one(t, items[1], "span", "mark")); got != "*" {
			t.Errorf("the second footnote's mark is %q, want *", got)
		}
	})
	t.Run("inline styles", func(t *testing.T) {
		p := all(mainEl, "p")[0]
		for _, c := range []struct{ path, text string }{
			{"s", "diesel"}, {"em", "E = mc"}, {"em sup", "2"}, {"sub", "2"}, {"code", "crossings++"},
			{"small", "(timetable subject to change)"}, {"a strong", "see the operator"},
		} {
			var found bool
			for d := range p.Descendants() {
				tags := strings.Fields(c.path)
				if d.Type != html.ElementNode || d.Data != tags[len(tags)-1] || text(d) != c.text {
					continue
				}
				if len(tags) == 1 || d.Parent.Data == tags[0] {
					found = true
				}
			}
			if !found {
				t.Errorf("no <%s> holding %q in %s", c.path, c.text, render1(p))
			}
		}
		if got := attr(all(p, "a")[1], "href"); got != "https://example.org/ferries?line=1&day=2" {
			t.Errorf("link %q", got)
		}
	})
	t.Run("ids are unique", func(t *testing.T) {
		seen := map[string]bool{}
		for d := range doc.Descendants() {
			if id := attr(d, "id"); d.Type == html.ElementNode && id != "" {
				if seen[id] {
					t.Errorf("id %q twice", id)
				}
				seen[id] = true
			}
		}
	})
	t.Run("stylesheet", func(t *testing.T) {
		css := text(one(t, doc, "style"))
		for _, want := range []string{"figure { margin: 1.2em 0; break-inside: avoid; }", "max-width: 100%", "thead { display: table-header-group; }",
			"white-space: pre-wrap", "figure.pullquote", "aside.note", "figure.gallery { display: grid;"} {
			if !strings.Contains(css, want) {
				t.Errorf("the page's style lacks %q", want)
			}
		}
	})
}

// TestImageSources: data: URIs of images and absolute http(s) URLs are
// used as they are; a file beside the article only where Images serves
// it; nothing else becomes a src, and the alt text stands in.
func TestImageSources(t *testing.T) {
	none := func(string) string { return "" }
	for _, c := range []struct {
		src    string
		images Images
		want   string // the img's src; "" for no img
	}{
		{"data:image/png;base64,iVBORw0KGgo=", nil, "data:image/png;base64,iVBORw0KGgo="},
		{"https://example.org/a.jpg?w=1&h=2", nil, "https://example.org/a.jpg?w=1&h=2"},
		{"HTTP://example.org/a.jpg", nil, "HTTP://example.org/a.jpg"},
		{"images/a.jpg", served, "files/images/a.jpg"},
		{"images/a.jpg", nil, ""},
		{"images/a.jpg", none, ""},
		{"/etc/a.jpg", served, ""},
		{"//evil.example/a.jpg", served, ""},
		{"javascript:alert(1)", served, ""},
		{"data:text/html,<script>alert(1)</script>", served, ""},
		{"file:///etc/passwd", served, ""},
	} {
		a := &article.Article{Title: "T", Body: []article.Block{{Kind: article.Figure,
			Figure: &article.FigureData{Images: []article.Image{{Src: c.src, Alt: "What it shows"}}}}}}
		doc := parse(t, string(Body(a, c.images)))
		imgs := all(doc, "img")
		switch {
		case c.want == "" && len(imgs) > 0:
			t.Errorf("%q: an img with src %q, want none", c.src, attr(imgs[0], "src"))
		case c.want == "" && text(one(t, doc, "span", "noimage")) != "What it shows":
			t.Errorf("%q: the alt text does not stand in for the image", c.src)
		case c.want != "" && (len(imgs) != 1 || attr(imgs[0], "src") != c.want):
			t.Errorf("%q: %s, want src %q", c.src, render1(doc), c.want)
		}
	}
}

// TestBodyEscapesEveryField: markup in any field of the new blocks is
// text, never an element or an attribute.
func TestBodyEscapesEveryField(t *testing.T) {
	x := func(where string) string {
		return `"><script>alert("` + where + `")</script><img src=x onerror=alert(1)>`
	}
	r := func(where string) []article.Run { return []article.Run{{Text: x(where)}} }
	a := &article.Article{Title: "T",
		Lead: &article.Block{Kind: article.Figure, Figure: &article.FigureData{
			Images: []article.Image{{Src: "https://example.org/a.jpg", Alt: x("lead alt")}}, Caption: r("lead caption"), Credit: x("lead credit")}},
		Body: []article.Block{
			{Kind: article.Figure, Figure: &article.FigureData{
				Images:  []article.Image{{Src: `images/a.jpg"onerror="alert(1)`, Alt: x("alt")}},
				Caption: r("caption"), Credit: x("credit")}},
			{Kind: article.Table, Table: &article.TableData{Caption: r("table caption"), HeadRows: 1,
				Rows: []article.TableRow{{Cells: []article.TableCell{{Runs: r("th"), Header: true}}}, {Cells: []article.TableCell{{Runs: r("td")}}}}}},
			{Kind: article.Quote, Runs: r("quote"), Cite: r("cite")},
			{Kind: article.PullQuote, Runs: r("pull"), Cite: r("pull cite")},
			{Kind: article.Embed, Embed: &article.EmbedData{URL: `https://example.org/"><script>`, Provider: x("provider"), Title: x("title")}},
			{Kind: article.Note, Label: x("label"), Runs: r("note")},
			{Kind: article.Preformatted, Runs: r("pre")},
			{Kind: article.Paragraph, Runs: []article.Run{{Text: x("ref"), Note: `n"><script>`}}},
			{Kind: article.Footnote, ID: `n"><script>`, Label: x("mark"), Runs: r("footnote")},
		},
	}
	page := string(Body(a, served)) + string(Lead(a, served))
	if strings.Contains(page, "<script") || strings.Contains(page, "<img src=x") || strings.Contains(page, `"onerror=`) {
		t.Errorf("markup from the article reached the page:\n%s", page)
	}
	doc := parse(t, page)
	for d := range doc.Descendants() {
		if d.Type == html.ElementNode && (d.Data == "script" || hasAttr(d, "onerror")) {
			t.Errorf("an element from the article's text: %s", render1(d))
		}
	}
	body := text(doc)
	for _, where := range []string{"lead caption", "lead credit", "caption", "credit", "table caption", "th", "td", "quote", "cite",
		"pull", "pull cite", "provider", "title", "label", "note", "pre", "ref", "mark", "footnote"} {
		if !strings.Contains(body, x(where)) {
			t.Errorf("the text of the %s is not shown as it is", where)
		}
	}
	// The footnote's odd ID still links its reference and the note.
	ref := one(t, one(t, doc, "sup", "fnref"), "a")
	if target := strings.TrimPrefix(attr(ref, "href"), "#"); attr(one(t, one(t, doc, "section", "footnotes"), "li"), "id") != target {
		t.Errorf("the reference %s does not lead to its footnote", attr(ref, "href"))
	}
}

// TestNestedListNumbering: a list item nests one level deeper than the
// one before it at most; a nested numbered list that does not continue its
// numbering starts another, at its number; a list item back at level 0
// continues the outer list.
func TestNestedListNumbering(t *testing.T) {
	li := func(level int16, ordered bool, n int, text string) article.Block {
		return article.Block{Kind: article.ListItem, Level: level, Ordered: ordered, Number: n, Runs: []article.Run{{Text: text}}}
	}
	a := &article.Article{Title: "T", Body: []article.Block{
		li(0, true, 1, "one"),
		li(3, false, 0, "deep"), // three levels deeper than "one": one level
		li(1, true, 5, "five"),  // another kind at level 1: a list of its own
		li(1, true, 6, "six"),
		li(1, true, 9, "nine"), // the numbering breaks: another list
		li(0, true, 2, "two"),
		article.Para("after"),
		li(0, false, 0, "bullet"),
	}}
	got := string(Body(a, nil))
	want := "<ol>\n<li>one\n<ul>\n<li>deep</li>\n</ul>\n\n<ol start=\"5\">\n<li>five</li>\n<li>six</li>\n</ol>\n\n" +
		"<ol start=\"9\">\n<li>nine</li>\n</ol>\n</li>\n<li>two</li>\n</ol>\n<p>after</p>\n<ul>\n<li>bullet</li>\n</ul>\n"
	if got != want {
		t.Errorf("Body =\n%s\nwant\n%s", got, want)
	}
}

// TestGoldenPage: testdata/blocks.html is the print page of
// fixture.Blocks, kept in the repository so that a change of the markup
// shows in review, and so that the end-to-end tests can load it in
// Chromium, with the picture beside the article in testdata/files (where
// served puts it); -update rewrites both.
func TestGoldenPage(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, fixture.Blocks(), render.Options{}, served); err != nil {
		t.Fatal(err)
	}
	golden := map[string][]byte{
		filepath.Join("testdata", "blocks.html"):                                   b.Bytes(),
		filepath.Join("testdata", served(filepath.FromSlash(fixture.BlocksImage))): fixture.BlocksPNG(),
	}
	for path, data := range golden {
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./render/printhtml -run TestGoldenPage -update writes it)", err)
		}
		if !bytes.Equal(data, want) {
			t.Errorf("%s differs from what the code makes now; if the change is meant, rerun with -update and review the diff", path)
		}
	}
}
