package handlers

import (
	"html/template"
	"net/http"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/source"
)

func TestHomePage(t *testing.T) {
	f := newFixture(t, nil)
	rec := serve(t, f.srv, req(http.MethodGet, "/", "", ""))
	body := rec.Body.String()
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET / = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("no content security policy: %q", rec.Header().Get("Content-Security-Policy"))
	}
	for _, want := range []string{`<a href="/articles/moscow" dir="auto">` + moscowTitle + `</a> <time datetime="2017-01-04">`,
		`<a href="/articles/undated" dir="auto">`, "3 of 3 articles", `<label for="q">Search the archive</label>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the archive page lacks %q", want)
		}
	}
	// Every word of the query must appear in the title or the ID.
	rec = serve(t, f.srv, req(http.MethodGet, "/?q=ILLUSIONS+moscow", "", ""))
	if b := rec.Body.String(); !strings.Contains(b, "1 of 3 articles") || strings.Contains(b, "/articles/athens") ||
		!strings.Contains(b, `value="ILLUSIONS moscow"`) {
		t.Errorf("a search for two words:\n%s", b)
	}
	rec = serve(t, f.srv, req(http.MethodGet, "/?q=%3Cscript%3E", "", ""))
	if b := rec.Body.String(); strings.Contains(b, "<script>") || !strings.Contains(b, "0 of 3 articles") {
		t.Errorf("a query with markup:\n%s", b)
	}
	if rec := serve(t, f.srv, req(http.MethodHead, "/", "", "")); rec.Code != 200 {
		t.Errorf("HEAD / = %d", rec.Code)
	}
}

func TestReaderPage(t *testing.T) {
	f := newFixture(t, nil)
	f.src.articles["rich"] = &article.Article{Title: "Rich <b>title</b>", Lang: "de", Standfirst: "Kurz.",
		Rights: "© Somebody else", Body: []article.Block{
			article.Para("Erster Absatz."),
			{Kind: article.Heading, Runs: []article.Run{{Text: "Zwischentitel"}}},
			{Runs: []article.Run{{Text: "kursiv", Style: article.Italic}, {Text: " und ein "}, {Text: "Link", Link: "https://example.org/"}}},
		}}
	rec := serve(t, f.srv, req(http.MethodGet, "/articles/rich", "", ""))
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	for _, want := range []string{
		`<html lang="en">`, `<article class="reader" lang="de" dir="ltr">`, "<title>Rich &lt;b&gt;title&lt;/b&gt;</title>", `data-steps="0.85 1 1.15 1.3 1.5 1.75 2"`,
		`data-pdf="/v1/articles/rich.pdf"`, `<nav class="toolbar" aria-label="Article tools">`,
		`<a id="print" class="tool" href="/v1/articles/rich.pdf" target="_blank" rel="noopener">Print</a>`,
		`<a id="save" class="tool" href="/v1/articles/rich.pdf?disposition=attachment" download>Save as PDF</a>`,
		`aria-label="+A: larger text" title="Larger text">+A</button>`, `aria-label="A: reset text size" title="Reset text size">A</button>`,
		`aria-label="-A: smaller text" title="Smaller text">-A</button>`, `href="/v1/articles/rich.html"`, `<a class="skip" href="#content">`,
		"<h2>Zwischentitel</h2>", `<em>kursiv</em> und ein <a href="https://example.org/">Link</a>`,
		`<p class="rights">© Somebody else</p>`, `<p class="standfirst">Kurz.</p>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the reader page lacks %q", want)
		}
	}
	// The toolbar reads as the site's: Print, Save as PDF, +A A -A.
	var labels []string
	for _, l := range []string{">Print<", ">Save as PDF<", ">+A<", ">A<", ">-A<"} {
		if i := strings.Index(body, l); i >= 0 {
			labels = append(labels, l)
		}
	}
	if len(labels) != 5 || !(strings.Index(body, ">Print<") < strings.Index(body, ">Save as PDF<") &&
		strings.Index(body, ">Save as PDF<") < strings.Index(body, ">+A<") && strings.Index(body, ">+A<") < strings.Index(body, ">A<") &&
		strings.Index(body, ">A<") < strings.Index(body, ">-A<")) {
		t.Errorf("toolbar labels %v, out of the site's order", labels)
	}
}

func TestReaderPageErrors(t *testing.T) {
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/articles/nope", 404, "article not found: nope"},
		{"/articles/bad.id", 400, "invalid article ID"},
		{"/articles/broken", 500, "The article could not be shown; the failure has been logged."},
	} {
		f := newFixture(t, nil)
		rec := serve(t, f.srv, req(http.MethodGet, c.path, "", ""))
		if rec.Code != c.status || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%s = %d %s, want %d with %q:\n%s", c.path, rec.Code, rec.Header().Get("Content-Type"), c.status, c.want, rec.Body.String())
		}
		if strings.Contains(rec.Body.String(), "/srv/archive") {
			t.Errorf("%s shows the server's file path", c.path)
		}
	}
}

func TestPastePage(t *testing.T) {
	f := newFixture(t, nil)
	rec := serve(t, f.srv, req(http.MethodGet, "/paste", "", ""))
	body := rec.Body.String()
	for _, want := range []string{`<form id="paste" action="/v1/render" method="post"`, `<label for="text">Article text</label>`,
		`<option value="0.85">85%</option>`, `<option value="1" selected>100%</option>`, `<option value="2">200%</option>`,
		`<option value="letter">US Letter</option>`, `accept=".txt,.json,text/plain,application/json"`, `role="alert"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the paste page lacks %q", want)
		}
	}
}

func TestPastePageAsksForTheToken(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Token = "s3cret" })
	body := serve(t, f.srv, req(http.MethodGet, "/paste", "", "")).Body.String()
	if !strings.Contains(body, `<label for="token">Access token</label>`) || strings.Contains(body, "s3cret") {
		t.Errorf("with a token configured, the paste page should ask for it (and never show it):\n%s", body)
	}
	open := newFixture(t, nil)
	if strings.Contains(serve(t, open.srv, req(http.MethodGet, "/paste", "", "")).Body.String(), `id="token"`) {
		t.Error("the paste page asks for a token the server does not need")
	}
}

func TestStaticFiles(t *testing.T) {
	f := newFixture(t, nil)
	for path, ctype := range map[string]string{"/static/reader.css": "text/css; charset=utf-8", "/static/reader.js": "text/javascript; charset=utf-8"} {
		rec := serve(t, f.srv, req(http.MethodGet, path, "", ""))
		if rec.Code != 200 || rec.Header().Get("Content-Type") != ctype || rec.Body.Len() == 0 || rec.Header().Get("Cache-Control") != "public, max-age=300" {
			t.Errorf("%s = %d %q %q, %d bytes", path, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"), rec.Body.Len())
		}
		// Pages link to the file with its content's hash, which may be kept for good.
		page := serve(t, f.srv, req(http.MethodGet, "/paste", "", "")).Body.String()
		versioned := path + "?v=" + staticVersion(strings.TrimPrefix(path, "/static/"))
		if !strings.Contains(page, versioned) {
			t.Errorf("the page does not link %s", versioned)
		}
		if rec := serve(t, f.srv, req(http.MethodGet, versioned, "", "")); rec.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", versioned, rec.Header().Get("Cache-Control"))
		}
	}
	for _, path := range []string{"/static/nope.js", "/static/..%2Fhandlers.go", "/static/layout.html.tmpl"} {
		if rec := serve(t, f.srv, req(http.MethodGet, path, "", "")); rec.Code == 200 || strings.Contains(rec.Body.String(), "{{") {
			t.Errorf("%s = %d, want no file", path, rec.Code)
		}
	}
}

func TestPrintFriendlyHTML(t *testing.T) {
	f := newFixture(t, nil)
	rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles/moscow.html?scale=1.5&paper=letter", "", ""))
	body := rec.Body.String()
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d %s: %s", rec.Code, rec.Header().Get("Content-Type"), body)
	}
	for _, want := range []string{"size: letter;", "--text: 16.5pt;", "<h1>" + moscowTitle + "</h1>", `class="rights"`, "@bottom-left"} {
		if !strings.Contains(body, want) {
			t.Errorf("the print page lacks %q", want)
		}
	}
	if !strings.HasPrefix(rec.Header().Get("Cache-Control"), "public, max-age=") {
		t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/v1/articles/moscow.html?scale=9", 400, "out of range"},
		{"/v1/articles/moscow.html?paper=a5", 400, "a4 or letter"},
		{"/v1/articles/nope.html", 404, "nope"},
	} {
		rec := serve(t, f.srv, req(http.MethodGet, c.path, "", ""))
		checkProblem(t, rec, c.status, c.want)
	}
}

// TestEveryArchiveArticleHasPages opens the reader page and the print page of
// every article of the embedded archive, whatever its script or blocks.
func TestEveryArchiveArticleHasPages(t *testing.T) {
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Source: arch})
	for _, e := range arch.List() {
		for _, path := range []string{"/articles/" + e.ID, "/v1/articles/" + e.ID + ".html?scale=2"} {
			rec := serve(t, s, req(http.MethodGet, path, "", ""))
			title := template.HTMLEscapeString(e.Title)
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), title) {
				t.Errorf("%s = %d, title %q shown: %v", path, rec.Code, e.Title, strings.Contains(rec.Body.String(), title))
			}
		}
	}
}
