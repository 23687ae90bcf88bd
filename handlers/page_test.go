package handlers

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"pdfexport/article"
	"pdfexport/render"
)

// htmlPage is a whole web page as a site serves it: its story among the
// site's menu and footer, a picture and a link relative to the page.
const htmlPage = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Ferry returns after twelve years | Harbour News</title>
<meta property="og:site_name" content="Harbour News">
<meta property="article:published_time" content="2024-03-11T06:30:00Z">
<meta name="author" content="Liisa Tamm">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Ferry returns after twelve years</h1>
<p>The overnight ferry between Helsinki and Tallinn will sail again from the first of June, twelve years after the last night crossing was cut for lack of passengers.</p>
<figure><img src="img/ferry.jpg" alt="The ferry at the terminal" width="1200" height="800"><figcaption>The ferry at the West Harbour terminal.</figcaption></figure>
<p>The operator says the slow timetable is the point: passengers sleep in a cabin and wake in the Old Town. See the <a href="/timetable">timetable</a> for the crossings of the summer.</p>
</article></main>
<footer><p>© 2024 Harbour News</p></footer>
</body></html>`

// pageRecorder is a Renderer that keeps the articles it is given.
type pageRecorder struct {
	mu       sync.Mutex
	articles []*article.Article
}

func (p *pageRecorder) render(_ context.Context, w io.Writer, a *article.Article, _ render.Options) (render.Result, error) {
	p.mu.Lock()
	p.articles = append(p.articles, a)
	p.mu.Unlock()
	n, err := io.WriteString(w, fakePDF)
	return render.Result{Pages: 1, Bytes: int64(n)}, err
}

// TestRenderPage posts a whole page: its article is extracted and
// rendered, with the url parameter as the page's address when given.
func TestRenderPage(t *testing.T) {
	tests := []struct {
		name, target      string
		picture, linkText string // the figure's source; the link's text and target
		url               string
	}{
		{"with url", "/v1/render?url=https://harbour.example/news/ferry", "https://harbour.example/news/img/ferry.jpg",
			`timetable → https://harbour.example/timetable`, "https://harbour.example/news/ferry"},
		{"url with spaces around it", "/v1/render?url=%20https://harbour.example/news/ferry%20", "https://harbour.example/news/img/ferry.jpg",
			`timetable → https://harbour.example/timetable`, "https://harbour.example/news/ferry"},
		// Without its address, the picture is a file beside the page and
		// the relative link is text.
		{"without url", "/v1/render", "img/ferry.jpg", "timetable", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &pageRecorder{}
			f := newFixture(t, func(c *Config) { c.Renderer = rec.render })
			checkPDF(t, serve(t, f.srv, req(http.MethodPost, tt.target, htmlPage, "text/html; charset=utf-8")))
			if len(rec.articles) != 1 {
				t.Fatalf("%d renders, want 1", len(rec.articles))
			}
			a := rec.articles[0]
			if a.Title != "Ferry returns after twelve years" || a.Byline != "By Liisa Tamm" || a.Date != "11 March 2024" || a.Lang != "en-GB" || a.URL != tt.url {
				t.Errorf("title %q, byline %q, date %q, lang %q, url %q", a.Title, a.Byline, a.Date, a.Lang, a.URL)
			}
			var picture, link string
			for _, b := range a.Body {
				if b.Kind == article.Figure {
					picture = b.Figure.Images[0].Src
				}
				for _, r := range b.Runs {
					switch {
					case r.Link != "" && r.Text == "timetable":
						link = r.Text + " → " + r.Link
					case r.Link == "" && strings.Contains(r.Text, " timetable "):
						link = "timetable" // in the text, no link
					}
				}
			}
			if picture != tt.picture || link != tt.linkText {
				t.Errorf("picture %q, link %q; want %q, %q", picture, link, tt.picture, tt.linkText)
			}
		})
	}
}

// TestRenderPageErrors: each way a posted page can be wrong is the
// client's error, with a status and a message that says what to fix.
func TestRenderPageErrors(t *testing.T) {
	login := `<!DOCTYPE html><html><head><title>Sign in</title></head><body><main><h1>Sign in</h1><p>Welcome back.</p>
<form method="post"><label>Email <input name="email"></label><button>Sign in</button></form><p><a href="/forgot">Forgot your password?</a></p></main></body></html>`
	var paragraphs strings.Builder
	for range 20000 {
		paragraphs.WriteString("<p>" + strings.Repeat("Words ", 15) + "</p>")
	}
	tests := []struct {
		name, target, ctype, body string
		status                    int
		detail                    []string
	}{
		{"url relative", "/v1/render?url=/news/ferry", "text/html", htmlPage, 400, []string{`url "/news/ferry"`, "absolute http or https"}},
		{"url not http", "/v1/render?url=ftp://harbour.example/ferry", "text/html", htmlPage, 400, []string{"absolute http or https"}},
		{"url given twice", "/v1/render?url=https://a.example/&url=https://b.example/", "text/html", htmlPage, 400, []string{"url is given 2 times"}},
		{"charset not UTF-8", "/v1/render", "text/html; charset=windows-1252", htmlPage, 415, []string{`"windows-1252"`, "UTF-8"}},
		{"empty", "/v1/render", "text/html", "", 400, []string{"no article found in the page"}},
		{"a page with no article", "/v1/render", "text/html", login, 400, []string{"no article found in the page"}},
		{"JSON sent as HTML", "/v1/render", "text/html", `{"title": "x", "body": ["y"]}`, 422, []string{"not an HTML page", `"{\"title\": \"x"`}},
		{"binary sent as HTML", "/v1/render", "text/html", "<\x00\x01\x02PNG", 422, []string{"not an HTML page", "binary"}},
		{"no title anywhere", "/v1/render", "text/html", "<html><body><main><p>" + strings.Repeat("Words of a story without any title. ", 12) + "</p></main></body></html>", 422, []string{"no title"}},
		{"nested too deep", "/v1/render", "text/html", "<html><body>" + strings.Repeat("<div>", 600), 422, []string{"512 deep"}},
		{"too many elements", "/v1/render", "text/html", "<html><body>" + strings.Repeat("<b>x</b>", 60000), 422, []string{"more than 100000 elements"}},
		{"too many paragraphs for their text", "/v1/render", "text/html", "<html><body>" + paragraphs.String(), 422, []string{"20000 paragraphs"}},
		{"larger than the body limit", "/v1/render", "text/html", "<html><body><p>" + strings.Repeat("a", DefaultMaxBodyBytes), 413, []string{"larger than the limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := serve(t, f.srv, req(http.MethodPost, tt.target, tt.body, tt.ctype))
			checkProblem(t, rec, tt.status, tt.detail...)
			if n := len(f.ren.recorded()); n != 0 {
				t.Errorf("the renderer was called %d times", n)
			}
		})
	}
}

// TestRenderPageWithTheRealRenderer: an extracted article goes through the
// real render (without an image loader, the picture is a box).
func TestRenderPageWithTheRealRenderer(t *testing.T) {
	if testing.Short() {
		t.Skip("a real render")
	}
	s := New(Config{Source: &fakeSource{}, CacheBytes: -1, Log: slog.New(slog.DiscardHandler)})
	rec := serve(t, s, req(http.MethodPost, "/v1/render?url=https://harbour.example/news/ferry", htmlPage, "text/html"))
	pdf := checkPDF(t, rec)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("not a PDF: %.20q", pdf)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "ferry-returns-after-twelve-years.pdf") {
		t.Errorf("Content-Disposition = %q", cd)
	}
}
