package handlers

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"pdfexport/article"
	"pdfexport/render"
	"pdfexport/render/printhtml"
	"pdfexport/source"
)

// The reader pages: the archive, an article with the site's toolbar (Print,
// Save as PDF, +A A -A), a paste-and-download page, and each article as a
// print-friendly HTML page. html/template, one stylesheet and one small
// script, no build step.

// ScaleSteps are the font scales +A and -A step through, as on the site.
var ScaleSteps = []float64{0.85, 1, 1.15, 1.3, 1.5, 1.75, 2}

//go:embed web/*.tmpl web/static
var webFiles embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"percent": func(v float64) string { return strconv.Itoa(int(v*100+0.5)) + "%" },
	"static":  func(name string) string { return "/static/" + name + "?v=" + staticVersion(name) },
}).ParseFS(webFiles, "web/*.tmpl"))

// staticFiles are the stylesheet and the script, read and hashed once: pages
// link to /static/NAME?v=VERSION, which browsers may keep for a year, and a
// new release's pages ask for the new file.
var staticFiles = func() map[string]staticAsset {
	des, err := fs.ReadDir(webFiles, "web/static")
	if err != nil {
		panic(err) // embedded at build time
	}
	out := make(map[string]staticAsset, len(des))
	for _, de := range des {
		data, err := fs.ReadFile(webFiles, "web/static/"+de.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		out[de.Name()] = staticAsset{data: data, version: hex.EncodeToString(sum[:6])}
	}
	return out
}()

type staticAsset struct {
	data    []byte
	version string // a hash of data
}

// staticVersion is the version in a static file's URL.
func staticVersion(name string) string {
	f, ok := staticFiles[name]
	if !ok {
		panic("handlers: no static file " + name) // a template names a file that is not there: a build defect
	}
	return f.version
}

// Route templates of the reader pages.
const (
	routeHome        = "/"
	routeReader      = "/articles/{id}"
	routePaste       = "/paste"
	routeStatic      = "/static/{file}"
	routeArticleHTML = "/v1/articles/{id}.html"
)

// pageCSP lets the reader pages load only their own stylesheet and script,
// and call only this server; the print page has its style inline.
const (
	pageCSP  = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
	printCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'self'"
)

func (s *Server) routeReaderPages(route func(string, http.Handler, ...string)) {
	// The paste page and the static files cost the same small work every
	// time; the others are built from the archive.
	route(routeHome, s.page(s.homePage, s.pageError), http.MethodGet, http.MethodHead)
	route(routeReader, s.page(s.readerPage, s.pageError), http.MethodGet, http.MethodHead)
	route(routePaste, http.HandlerFunc(s.pastePage), http.MethodGet, http.MethodHead)
	route(routeStatic, http.HandlerFunc(s.staticFile), http.MethodGet, http.MethodHead)
	route(routeArticleHTML, s.cors("GET, HEAD", s.page(s.printPage, s.writeProblem)), http.MethodGet, http.MethodHead, http.MethodOptions)
}

// pageData is what every page template gets; Extra holds the page's own.
type pageData struct {
	Lang, Title, Publication string
	Steps                    string    // ScaleSteps, space-separated, for the script
	StepList                 []float64 // ScaleSteps, for the paste form
	Query                    string
	TokenRequired            bool // POST /v1/render needs the bearer token: the paste page asks for it
	Entries                  []source.Entry
	Total                    int
	ID                       string
	A                        *article.Article
	Body                     template.HTML
	Rights, Message          string
	ArticleLang, Dir         string // the article's language and writing direction
}

func (s *Server) pageData(title string) pageData {
	steps := make([]string, len(ScaleSteps))
	for i, v := range ScaleSteps {
		steps[i] = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return pageData{
		Lang: cmp.Or(s.cfg.Render.Lang, render.DefaultLang), Title: title,
		Publication: s.cfg.Render.PublicationName(),
		Steps:       strings.Join(steps, " "), StepList: ScaleSteps,
		TokenRequired: s.cfg.Token != "",
	}
}

// writePage executes a page template into memory first, so a template
// failure is a clean 500 rather than half a page.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("page failed", requestID(r), "page", name, "error", err)
		http.Error(w, "the page could not be made; the failure has been logged", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pageError answers a reader page's failure as a page, in plain words.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, reason := s.classifyRequest(r, err)
	if status == statusClientClosed {
		s.clientGone(w, r, err)
		return
	}
	d := s.pageData(http.StatusText(status))
	d.Message = err.Error()
	switch {
	case reason == reasonOverloaded:
		w.Header().Set("Retry-After", "1")
		d.Message = "The server is busy; try again in a moment."
	case status >= 500:
		s.log.Error("page failed", requestID(r), "path", r.URL.Path, "error", err)
		d.Message = "The article could not be shown; the failure has been logged."
	}
	s.writePage(w, r, status, "error.html.tmpl", d)
}

// maxSearchWords bounds the words of an archive search: every word is
// looked for in every title, so 30,000 words over 10,000 articles cost two
// seconds of CPU. A person searching types a few.
const maxSearchWords = 16

// errSearch is a search the archive page refuses.
var errSearch = fmt.Errorf("%w: search", render.ErrOption)

// page runs a reader page's handler within the reader pages' limiter: they
// are not PDFs, but an article page or the archive of a large folder is
// real work, which must not run at any concurrency.
func (s *Server) page(serve func(http.ResponseWriter, *http.Request), fail func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		release, err := s.pages.acquire(r.Context())
		if err != nil {
			fail(w, r, err)
			return
		}
		defer release()
		serve(w, r)
	}
}

// homePage lists the archive, newest first, filtered by ?q= (every word must
// appear in the title or the ID); the script filters as the reader types.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	words := strings.Fields(strings.ToLower(q))
	if len(words) > maxSearchWords {
		s.pageError(w, r, fmt.Errorf("%w: the search has %d words; search for at most %d", errSearch, len(words), maxSearchWords))
		return
	}
	all := s.cfg.Source.List()
	d := s.pageData("Archive · " + s.cfg.Render.PublicationName())
	d.Query, d.Total = q, len(all)
	for _, e := range all {
		text := strings.ToLower(e.ID + " " + e.Title)
		match := true
		for _, w := range words {
			match = match && strings.Contains(text, w)
		}
		if match {
			d.Entries = append(d.Entries, e)
		}
	}
	s.writePage(w, r, http.StatusOK, "index.html.tmpl", d)
}

// readerPage shows one article with the site's toolbar.
func (s *Server) readerPage(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	a, err := s.stored(id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := s.pageData(a.Title)
	d.ID, d.A, d.Body = id, a, printhtml.Body(a)
	d.ArticleLang = s.cfg.Render.Language(a) // the page around it is in the site's language
	d.Dir = printhtml.Dir(d.ArticleLang)
	d.Rights = s.cfg.Render.RightsLine(a)
	s.writePage(w, r, http.StatusOK, "article.html.tmpl", d)
}

func (s *Server) pastePage(w http.ResponseWriter, r *http.Request) {
	s.writePage(w, r, http.StatusOK, "paste.html.tmpl", s.pageData("Paste an article · "+s.cfg.Render.PublicationName()))
}

// staticFile serves the stylesheet and the script.
func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["file"]
	f, ok := staticFiles[name]
	if !ok {
		s.writeProblem(w, r, fmt.Errorf("%w: there is no file %s", source.ErrNotFound, r.URL.Path))
		return
	}
	ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}[path.Ext(name)]
	h := w.Header()
	h.Set("Content-Type", cmp.Or(ctype, "application/octet-stream"))
	if r.URL.Query().Get("v") == f.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable") // the URL changes with the content
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	_, _ = w.Write(f.data)
}

// printPage serves GET /v1/articles/{id}.html: the article as a standalone
// print-ready page at the requested scale and paper.
func (s *Server) printPage(w http.ResponseWriter, r *http.Request) {
	opts, _, err := s.options(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	a, err := s.stored(id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := printhtml.Write(&buf, a, opts); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", printCSP)
	h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(s.cfg.CacheMaxAge.Seconds())))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}
