package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"pdfexport/article"
)

func TestSplitSrcset(t *testing.T) {
	got := splitSrcset(" a.jpg 300w, https://cdn.example.org/c_fill,w_720/b.jpg 720w,c.jpg, d.jpg 2x ,e.jpg (1) 9w")
	want := []srcsetCandidate{
		{"a.jpg", "300w", 300},
		{"https://cdn.example.org/c_fill,w_720/b.jpg", "720w", 720},
		{"c.jpg", "", 0},
		{"d.jpg", "2x", 0},
		{"e.jpg", "(1) 9w", 9},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestDimension(t *testing.T) {
	for s, want := range map[string]int{"600": 600, " 600px": 600, "50%": 0, "": 0, "auto": 0} {
		if got, _ := dimension(s); got != want {
			t.Errorf("dimension(%q) = %d, want %d", s, got, want)
		}
	}
}

func parseBody(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<body>" + s + "</body>"))
	if err != nil {
		t.Fatal(err)
	}
	return doc.FirstChild.LastChild
}

// TestRewriteImages: the sizes come from the page as published, whatever
// the extracted img kept; every URL goes to the server.
func TestRewriteImages(t *testing.T) {
	page := parseBody(t, `<base href="/news/">`+
		`<figure><img src="a.jpg" width="600" height="400" alt="A"></figure>`+
		`<img data-src="//cdn.example.org/b.jpg" srcset="//cdn.example.org/b-300.jpg 300w, //cdn.example.org/b-1200.jpg 1200w" width="300" height="200">`+
		`<picture><source srcset="c.webp" type="image/webp"><img src="c.jpg" width="50%"></picture>`)
	refs := readPageRefs(page)
	pageURL, _ := url.Parse("https://example.org/2024/story.html")
	base := pageURL.ResolveReference(&url.URL{Path: refs.base})
	if refs.base != "/news/" || base.String() != "https://example.org/news/" {
		t.Fatalf("base %q, %s", refs.base, base)
	}
	// What trafilatura leaves of them: src and alt, "//" made http.
	content := parseBody(t, `<p><img src="data:image/gif;base64,R0lGOD"></p>`+
		`<p><img src="a.jpg" alt="A"></p>`+
		`<p><img src="http://cdn.example.org/b.jpg" srcset="//cdn.example.org/b-300.jpg 300w, //cdn.example.org/b-1200.jpg 1200w"></p>`+
		`<p><img src="c.jpg"><img src="d.jpg"></p>`)
	st := rewriteImages(content, "127.0.0.1:8", base, refs.sizes(base))
	got, err := renderHTML(content)
	if err != nil {
		t.Fatal(err)
	}
	want := `<p><img src="data:image/gif;base64,R0lGOD"/></p>` +
		`<p><img src="http://127.0.0.1:8/img/600x400/ok/example.org/news/a.jpg" alt="A" width="600" height="400"/></p>` +
		`<p><img src="http://127.0.0.1:8/img/300x200/ok/cdn.example.org/b.jpg" srcset="http://127.0.0.1:8/img/300x200/ok/cdn.example.org/b-300.jpg 300w, http://127.0.0.1:8/img/1200x800/ok/cdn.example.org/b-1200.jpg 1200w" width="300" height="200"/></p>` +
		`<p><img src="http://127.0.0.1:8/img/0x0/ok/example.org/news/c.jpg"/><img src="http://127.0.0.1:8/img/0x0/ok/example.org/news/d.jpg"/></p>`
	if got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if want := (imageStats{Elements: 5, URLs: 6, Sized: 4, Data: 1}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	// Without a base, a relative source cannot be fetched: it stays.
	content = parseBody(t, `<img src="a.jpg">`)
	if st := rewriteImages(content, "127.0.0.1:8", nil, nil); st.Unresolved != 1 || st.URLs != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestFailPlan(t *testing.T) {
	// About one page in every, each mark in turn, the same every time.
	n := map[string]int{}
	for i := range 3000 {
		n[failPlan(fmt.Sprintf("page-%d.html", i), 30)]++
	}
	if n[""] < 2800 || n[markNotFound] == 0 || n[markSlow] == 0 || n[markTruncated] == 0 {
		t.Errorf("plan %v", n)
	}
	if failPlan("p", 0) != "" || failPlan("p", 1) == "" || failPlan("p", 1) != failPlan("p", 1) {
		t.Error("failPlan")
	}
}

func TestPlanImages(t *testing.T) {
	srv := "127.0.0.1:8"
	a, err := article.ParseJSON([]byte(`{"title":"T","html":` +
		`"<img src='http://127.0.0.1:8/img/0x0/ok/e.org/a.jpg'><img src='http://127.0.0.1:8/img/0x0/ok/e.org/a.jpg'>` +
		`<img src='http://127.0.0.1:8/img/0x0/slow/e.org/b.jpg'><img src='http://127.0.0.1:8/img/0x0/ok/e.org/c.svg'>` +
		`<img src='photo.jpg'><img src='data:image/png;base64,` + strings.Repeat("A", 300) + `'>"}`))
	if err != nil {
		t.Fatal(err)
	}
	p := planImages(a, srv)
	if p.InArticle != 6 || p.Distinct != 5 || p.Data != 1 {
		t.Errorf("plan %+v", p)
	}
	if p.Fail[expectSlow] != 1 || p.Fail[expectSVG] != 1 || p.Fail[expectRelative] != 1 || p.expected(false) != 3 {
		t.Errorf("with pictures: %v", p.Fail)
	}
	if p.FailBare[expectNotFetched] != 4 || p.FailBare[expectRelative] != 1 || p.expected(true) != 5 {
		t.Errorf("without: %v", p.FailBare)
	}
}

// TestMarkFailure: the failure goes to the first picture pdfexport will
// draw, the source it chose, not to an img it leaves out.
func TestMarkFailure(t *testing.T) {
	at := func(p string) string { return "http://127.0.0.1:8/img/0x0/ok/e.org/" + p }
	body := `<table><tr><td><img src="` + at("cell.jpg") + `" alt="in a cell"></td></tr></table><p><img src="` + at("logo.svg") + `"></p>` +
		`<p><img src="` + at("small.jpg?w=300&amp;q=80") + `" srcset="` + at("small.jpg?w=300&amp;q=80") + ` 300w, ` + at("big.jpg?w=1200&amp;q=80") + ` 1200w"></p>` +
		`<p><img src="` + at("next.jpg") + `"></p>`
	a, err := article.ParseJSON([]byte(`{"title":"T","html":` + strconv.Quote(body) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := markFailure(body, a, "127.0.0.1:8", markSlow)
	want := strings.Replace(body, at("big.jpg"), "http://127.0.0.1:8/img/0x0/slow/e.org/big.jpg", 1)
	if !ok || got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	a, _ = article.ParseJSON([]byte(`{"title":"T","html":"<p>No pictures.</p>"}`))
	if _, ok := markFailure("<p>No pictures.</p>", a, "127.0.0.1:8", markSlow); ok {
		t.Error("marked an article without pictures")
	}
}
