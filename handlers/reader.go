package handlers

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
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
// print-friendly HTML page, with the images beside an article that its
// figures name. html/template, the site's stylesheet, the article body's
// (printhtml's, which the print page has inline) and one small script, no
// build step.

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
	// The body's blocks look as they do on the print page.
	body := []byte(printhtml.Stylesheet())
	sum := sha256.Sum256(body)
	out["body.css"] = staticAsset{data: body, version: hex.EncodeToString(sum[:6])}
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
	routeFile        = "/articles/{id}/files/{name:.+}"
)

// pageCSP lets the reader pages load only their own stylesheet and script,
// and call only this server; the print page has its style inline. Both
// show an article's images, which may be on the web (absolute http(s)
// URLs), data: URIs, or files beside the article served here.
const (
	pageCSP  = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: https: http:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
	printCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https: http:; base-uri 'none'; frame-ancestors 'self'"
	// fileCSP is an image's: nothing it could hold may run.
	fileCSP = "default-src 'none'; sandbox"
)

func (s *Server) routeReaderPages(route func(string, http.Handler, ...string)) {
	// The paste page and the static files cost the same small work every
	// time; the others are built from the archive.
	route(routeHome, s.page(s.homePage, s.pageError), http.MethodGet, http.MethodHead)
	route(routeReader, s.page(s.readerPage, s.pageError), http.MethodGet, http.MethodHead)
	route(routePaste, http.HandlerFunc(s.pastePage), http.MethodGet, http.MethodHead)
	route(routeStatic, http.HandlerFunc(s.staticFile), http.MethodGet, http.MethodHead)
	route(routeArticleHTML, s.cors("GET, HEAD", s.page(s.printPage, s.writeProblem)), http.MethodGet, http.MethodHead, http.MethodOptions)
	// An image is a file read from disk, written as it is read: a page of
	// twenty pictures asks for twenty at once, which the reader pages'
	// limiter would turn away.
	route(routeFile, http.HandlerFunc(s.articleFile), http.MethodGet, http.MethodHead)
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
	Lead, Body               template.HTML
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
	case reason == reasonSourceDown, reason == reasonBadGateway:
		s.log.Warn("page failed", requestID(r), "path", r.URL.Path, "error", err)
		d.Message = sourceDetail(w, err)
	case errors.Is(err, source.ErrNotPublic):
		d.Message = notPublicDetail
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
	all, err := s.public(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
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
	doc, err := s.stored(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	a := doc.Article
	d := s.pageData(a.Title)
	images := s.images(id)
	d.ID, d.A, d.Lead, d.Body = id, a, printhtml.Lead(a, images), printhtml.Body(a, images)
	d.ArticleLang = s.cfg.Render.Language(a) // the page around it is in the site's language
	d.Dir = printhtml.Dir(d.ArticleLang)
	d.Rights = s.cfg.Render.RightsLine(a)
	markStale(w.Header(), doc)
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
	doc, err := s.stored(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	a := doc.Article
	var buf bytes.Buffer
	if err := printhtml.Write(&buf, a, opts, s.images(id)); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", printCSP)
	h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(s.cfg.CacheMaxAge.Seconds())))
	markStale(h, doc)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// ImageSource is a Source that can open the image files beside its
// articles, which their figures name by relative paths; source.Archive is
// one. With another Source such images are not shown (their alt text is).
type ImageSource interface {
	OpenImage(id, name string) (*source.Image, error)
}

// images says where the pages of article id fetch the images beside it:
// at routeFile, under the image's path made clean ("./a.jpg" is "a.jpg");
// nowhere when the source has no files or the path is one OpenImage would
// refuse (one that leads out of the folder, a hidden file, not an image).
// A relative src is a URL reference, as in a web page beside the file:
// "my%20photo.jpg" names "my photo.jpg", and a query is no part of the name.
func (s *Server) images(id string) printhtml.Images {
	if _, ok := s.cfg.Source.(ImageSource); !ok {
		return nil
	}
	return func(src string) string {
		u, err := url.Parse(src)
		if err != nil || u.Path == "" {
			return ""
		}
		name := path.Clean(u.Path)
		if source.CheckImageName(name) != nil {
			return ""
		}
		parts := strings.Split(name, "/")
		for i, p := range parts {
			parts[i] = url.PathEscape(p)
		}
		return "/articles/" + url.PathEscape(id) + "/files/" + strings.Join(parts, "/")
	}
}

// filesPrefix is the start of routeFile's paths.
var filesPrefix = regexp.MustCompile(`^/articles/[^/]+/files/`)

// refuseEscapes answers a request for a file beside an article whose name
// has a ".." part with the reason it is refused, as the route would answer
// any other name it refuses. Without it the router would answer with a
// redirect to the path made clean, which says nothing of why.
func (s *Server) refuseEscapes(next http.Handler) http.Handler {
	refuse := s.metrics.instrument(routeFile, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[len(filesPrefix.FindString(r.URL.Path)):]
		s.writeProblem(w, r, source.CheckImageName(name))
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := filesPrefix.FindString(r.URL.Path); p != "" && slices.Contains(strings.Split(r.URL.Path[len(p):], "/"), "..") {
			refuse.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// articleFile serves GET /articles/{id}/files/{name}: an image beside an
// article, as it is on disk, with its type from its first bytes. It may be
// kept as long as an article's PDF; Last-Modified, If-Modified-Since and
// ranges come from http.ServeContent.
func (s *Server) articleFile(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	src, ok := s.cfg.Source.(ImageSource)
	if !ok {
		s.writeProblem(w, r, fmt.Errorf("%w: this server keeps no files beside its articles", source.ErrNotFound))
		return
	}
	img, err := src.OpenImage(vars["id"], vars["name"])
	if err != nil {
		if !errors.Is(err, source.ErrNotFound) && !errors.Is(err, source.ErrBadID) && !errors.Is(err, source.ErrBadName) {
			// A file too large, not an image, a link out of the folder:
			// the archive's to fix, not the reader's.
			err = fmt.Errorf("%w: article %s, file %s: %w", errInternal, vars["id"], vars["name"], err)
		}
		s.writeProblem(w, r, err)
		return
	}
	defer img.Close()
	h := w.Header()
	h.Set("Content-Type", img.Type)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", fileCSP)
	h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(s.cfg.CacheMaxAge.Seconds())))
	http.ServeContent(w, r, "", img.ModTime, img)
}
