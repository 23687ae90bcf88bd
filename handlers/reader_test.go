package handlers

import (
	"bytes"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"pdfexport/article"
	fx "pdfexport/internal/fixture"
	"pdfexport/render/printhtml"
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

// imageSource is the fake source with a real articles folder's images
// beside its articles: Get answers from the fake, OpenImage from the folder.
type imageSource struct {
	*fakeSource
	arch *source.Archive
}

func (s imageSource) OpenImage(id, name string) (*source.Image, error) {
	return s.arch.OpenImage(id, name)
}

// secretPNG is a picture outside the articles folder, which no request
// may get.
const secretPNG = "\x89PNG\r\n\x1a\nthe secret picture"

// newImageFixture is newFixture whose source has the article "blocks"
// (fx.Blocks, with one more figure whose src leads out of the folder)
// and a folder holding it and its picture.
func newImageFixture(t *testing.T) *fixture {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "articles")
	for name, data := range map[string]string{
		"blocks.txt":       "Blocks\n\nA paragraph.",
		fx.BlocksImage:     string(fx.BlocksPNG()),
		"images/notes.txt": "not a picture",
		"images/fake.png":  "<svg><script>alert(1)</script></svg>",
		"../secret.png":    secretPNG,
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	arch, err := source.Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var f *fixture
	f = newFixture(t, func(c *Config) {
		c.Source = imageSource{fakeSource: c.Source.(*fakeSource), arch: arch}
	})
	a := fx.Blocks()
	a.Body = append(a.Body, article.Block{Kind: article.Figure, Figure: &article.FigureData{
		Images: []article.Image{{Src: "../secret.png", Alt: "A picture outside the folder"}}}})
	f.src.articles["blocks"] = a
	return f
}

// TestReaderPagesShowEveryBlock: the reader page and the print page show
// the same body, printhtml's, with the lead image in the title block and
// the picture beside the article fetched from the server.
func TestReaderPagesShowEveryBlock(t *testing.T) {
	f := newImageFixture(t)
	reader := serve(t, f.srv, req(http.MethodGet, "/articles/blocks", "", ""))
	print := serve(t, f.srv, req(http.MethodGet, "/v1/articles/blocks.html", "", ""))
	if reader.Code != 200 || print.Code != 200 {
		t.Fatalf("reader page %d, print page %d", reader.Code, print.Code)
	}
	a, _ := f.src.Get("blocks")
	body := string(printhtml.Body(a, f.srv.images("blocks")))
	for name, rec := range map[string]*httptest.ResponseRecorder{"reader page": reader, "print page": print} {
		page := rec.Body.String()
		if !strings.Contains(page, body) {
			t.Errorf("the %s does not show printhtml's body", name)
		}
		header, _, _ := strings.Cut(page[strings.Index(page, "<h1>"):], "</header>")
		if !strings.Contains(header, `<figure class="lead"><img src="data:image/png;base64,`) {
			t.Errorf("the %s has no lead image in its title block:\n%s", name, header)
		}
		for _, want := range []string{
			`<img src="/articles/blocks/files/images/harbour.png" alt="The new ferry at the pier" width="48" height="32" loading="lazy" decoding="async">`,
			`<figure class="gallery">`, `<figure class="pullquote">`, `<thead>`, `<th scope="col">Line</th>`, `<pre>`, `<hr>`,
			`<aside class="note" aria-label="Correction">`, `<section class="footnotes"`, `<h3>Morning boats</h3>`,
			// A src that leads out of the folder is not fetched: its alt text is shown.
			`<span class="noimage">A picture outside the folder</span>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the %s lacks %q", name, want)
			}
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https: http:") {
			t.Errorf("the %s's images are not allowed: %q", name, csp)
		}
		if strings.Contains(page, "secret.png") {
			t.Errorf("the %s links a file outside the folder", name)
		}
	}
	if !strings.Contains(reader.Body.String(), `<link rel="stylesheet" href="/static/body.css?v=`+staticVersion("body.css")+`">`) {
		t.Error("the reader page does not link the body's stylesheet")
	}
	if !strings.Contains(print.Body.String(), printhtml.Stylesheet()) {
		t.Error("the print page does not have the body's stylesheet")
	}
	css := serve(t, f.srv, req(http.MethodGet, "/static/body.css", "", ""))
	if css.Code != 200 || css.Header().Get("Content-Type") != "text/css; charset=utf-8" || css.Body.String() != printhtml.Stylesheet() {
		t.Errorf("/static/body.css = %d %q", css.Code, css.Header().Get("Content-Type"))
	}
	// The picture the page names is there.
	img := serve(t, f.srv, req(http.MethodGet, "/articles/blocks/files/images/harbour.png", "", ""))
	if img.Code != 200 || !bytes.Equal(img.Body.Bytes(), fx.BlocksPNG()) {
		t.Errorf("the page's picture: %d, %d bytes", img.Code, img.Body.Len())
	}
}

// TestArticleFiles: an image beside an article is served as it is on
// disk, with its type, cacheable, and nothing in it may run.
func TestArticleFiles(t *testing.T) {
	f := newImageFixture(t)
	const path = "/articles/blocks/files/images/harbour.png"
	rec := serve(t, f.srv, req(http.MethodGet, path, "", ""))
	h := rec.Header()
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), fx.BlocksPNG()) || h.Get("Content-Type") != "image/png" ||
		h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Security-Policy") != fileCSP ||
		h.Get("Cache-Control") != "public, max-age=300" || h.Get("Last-Modified") == "" {
		t.Fatalf("GET %s = %d, %d bytes, headers %v", path, rec.Code, rec.Body.Len(), h)
	}
	if rec := serve(t, f.srv, req(http.MethodHead, path, "", "")); rec.Code != 200 || rec.Body.Len() != 0 ||
		rec.Header().Get("Content-Length") != strconv.Itoa(len(fx.BlocksPNG())) {
		t.Errorf("HEAD %s = %d, %d bytes, Content-Length %q", path, rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	again := req(http.MethodGet, path, "", "")
	again.Header.Set("If-Modified-Since", h.Get("Last-Modified"))
	if rec := serve(t, f.srv, again); rec.Code != http.StatusNotModified {
		t.Errorf("GET %s with If-Modified-Since = %d, want 304", path, rec.Code)
	}
}

// TestArticleFileErrors: one case for each mistake a request can make, and
// the folder's own failure, which is logged and not explained.
func TestArticleFileErrors(t *testing.T) {
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/articles/blocks/files/.hidden/photo.png", 400, "names a hidden file or folder"},
		{"/articles/blocks/files/images/notes.txt", 400, "is not an image; only .jpg, .jpeg, .png, .gif, .webp and .avif files are served"},
		{"/articles/blocks/files/blocks.txt", 400, "is not an image"},
		{"/articles/blocks/files/images%5Charbour.png", 400, "has a backslash"},
		{"/articles/blocks/files/images/missing.png", 404, "there is no file images/missing.png beside article blocks"},
		{"/articles/nope/files/images/harbour.png", 404, "article not found: nope"},
		{"/articles/bad.id/files/images/harbour.png", 400, "invalid article ID"},
		{"/articles/blocks/files/images/fake.png", 500, "the failure has been logged"},
	} {
		f := newImageFixture(t)
		rec := serve(t, f.srv, req(http.MethodGet, c.path, "", ""))
		checkProblem(t, rec, c.status, c.want)
		if c.status == 500 && !strings.Contains(f.log.String(), "images/fake.png is not a JPEG, PNG, GIF, WebP or AVIF image") {
			t.Errorf("%s: the cause is not logged:\n%s", c.path, f.log.String())
		}
	}
}

// TestArticleFilesStayInside: a name with a ".." part is refused with the
// reason, however it is spelt, before the router would redirect it to the
// path made clean; no request gets the picture outside the folder.
func TestArticleFilesStayInside(t *testing.T) {
	f := newImageFixture(t)
	for _, path := range []string{
		"/articles/blocks/files/../../secret.png", "/articles/blocks/files/..%2F..%2F..%2Fsecret.png",
		"/articles/blocks/files/%2E%2E/%2E%2E/%2E%2E/secret.png", "/articles/blocks/files/images/../../../secret.png",
		"/articles/blocks/files/images/../harbour.png", // inside, but ".." is not allowed at all
	} {
		rec := serve(t, f.srv, req(http.MethodGet, path, "", ""))
		checkProblem(t, rec, 400, `leads out of the articles folder ("..")`)
		if strings.Contains(rec.Body.String(), "secret picture") {
			t.Errorf("GET %s gave the picture outside the folder", path)
		}
	}
	if v := testutil.ToFloat64(f.srv.metrics.requests.WithLabelValues(routeFile, "get", "400")); v != 5 {
		t.Errorf("%v refused requests counted under %s, want 5", v, routeFile)
	}
	// Other routes are made clean by the router as before.
	if rec := serve(t, f.srv, req(http.MethodGet, "/articles/x/../blocks", "", "")); rec.Code != http.StatusMovedPermanently {
		t.Errorf("GET /articles/x/../blocks = %d, want the router's redirect", rec.Code)
	}
}

// TestArticleFilesWithoutImageSource: a source that keeps no files beside
// its articles has none to serve, and its pages show alt text instead.
func TestArticleFilesWithoutImageSource(t *testing.T) {
	f := newFixture(t, nil)
	f.src.articles["blocks"] = fx.Blocks()
	checkProblem(t, serve(t, f.srv, req(http.MethodGet, "/articles/blocks/files/images/harbour.png", "", "")), 404, "keeps no files beside its articles")
	page := serve(t, f.srv, req(http.MethodGet, "/articles/blocks", "", "")).Body.String()
	if !strings.Contains(page, `<span class="noimage">The new ferry at the pier</span>`) || strings.Contains(page, "/files/") {
		t.Error("a picture the source cannot give is linked, or its alt text is not shown")
	}
}
