// Package handlers is pdfexport's HTTP API: routes (gorilla/mux), request
// parsing, problem+json errors and Prometheus metrics. It turns requests into
// calls of render.Render and never touches fonts, layout or the PDF library.
package handlers

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/gorilla/mux"
	"golang.org/x/text/unicode/norm"

	"pdfexport/article"
	"pdfexport/extract"
	"pdfexport/render"
	"pdfexport/source"
)

// Defaults for Config.
const (
	DefaultMaxBodyBytes  = 2 << 20
	DefaultQueueWait     = 2 * time.Second
	DefaultRenderTimeout = 10 * time.Second
	DefaultCacheBytes    = 64 << 20
	DefaultCacheMaxAge   = 5 * time.Minute
	// DefaultResponseBudget is room for eight PDFs of 500 pages (3.6 MB
	// each) being downloaded at once, or hundreds of ordinary ones (60 KB).
	DefaultResponseBudget = 32 << 20
)

// Source is where articles are looked up by ID (see package source): a
// folder of files or a CMS.
type Source interface {
	// Listing lists the articles published within the days from and to
	// (zero: open), newest first.
	Listing(ctx context.Context, from, to time.Time) ([]source.Entry, error)
	// Lookup returns an article, perhaps a stale copy of a CMS that cannot
	// be reached (source.Doc).
	Lookup(ctx context.Context, id string) (source.Doc, error)
}

// Invalidator is a Source that caches articles and can drop one at once
// (POST /v1/articles/{id}/invalidate).
type Invalidator interface {
	Invalidate(id string)
}

// Renderer writes an article as a PDF; render.Render is the real one.
type Renderer func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error)

// Config configures a Server. Zero values mean the defaults.
type Config struct {
	Source            Source
	Renderer          Renderer       // nil means render.Render
	Render            render.Options // defaults and limits for every render: publication, rights, language, pages, characters
	MaxBodyBytes      int64          // limit on request bodies; DefaultMaxBodyBytes
	BodyBudget        int64          // bytes of request bodies admitted at once, each held until its answer is written; 2 × MaxRenders × MaxBodyBytes
	ResponseBudget    int64          // bytes of PDF being written to clients at once; DefaultResponseBudget
	MaxRenders        int            // renders at once; the number of CPUs
	MaxQueue          int            // requests waiting for a render slot beyond those (and as many for exports, and for reader pages); 2 × MaxRenders
	QueueWait         time.Duration  // how long a request may wait for a slot; DefaultQueueWait
	RenderTimeout     time.Duration  // how long one render may take; DefaultRenderTimeout
	CacheBytes        int64          // in-process PDF cache size; DefaultCacheBytes; negative disables it
	CacheMaxAge       time.Duration  // Cache-Control max-age of article PDFs; DefaultCacheMaxAge
	MaxExportArticles int            // articles per POST /v1/exports; DefaultMaxExport
	MaxExports        int            // exports at once, each holding one render slot; half of MaxRenders, at least 1
	MaxConns          int            // connections open at once on listeners from Listen; DefaultMaxConns
	MaxReaderPages    int            // reader pages (archive, article, print page) built at once, queued like renders; MaxRenders
	CORSOrigins       []string       // origins allowed to call the PDF routes from a browser
	Token             string         // bearer token for protected routes; empty: open
	Log               *slog.Logger   // nil discards
}

// Server is the HTTP API. It is ready (see /readyz) from creation until
// SetReady(false).
type Server struct {
	cfg        Config
	log        *slog.Logger
	metrics    *metrics
	handler    http.Handler
	router     *mux.Router
	ready      atomic.Bool
	limit      *limiter
	exports    *limiter // the exports' share of the render slots
	pages      *limiter // the reader pages
	bodies     *budget
	responses  *budget
	conns      *connLimit
	cache      *cache
	flights    flights
	etags      etagMemo
	lastRender atomic.Int64 // unix nanoseconds of the last render's end
}

// IdleSince reports when the last render ended (the server's start if none
// has), so the process can return memory to the system when idle.
func (s *Server) IdleSince() time.Time { return time.Unix(0, s.lastRender.Load()) }

// Route templates: the values of the handler label of the HTTP metrics.
const (
	routeList    = "/v1/articles"
	routeArticle = "/v1/articles/{id}.pdf"
	routeRender  = "/v1/render"
	routeExports = "/v1/exports"
	// routeInvalidate is the CMS's "post updated" webhook.
	routeInvalidate = "/v1/articles/{id}/invalidate"
	routeHealth     = "/healthz"
	routeReady      = "/readyz"
	routeMetrics    = "/metrics"

	routeUnmatched = "unmatched" // requests that match no route, or not with their method
)

// New builds the API around cfg.
func New(cfg Config) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.Renderer == nil {
		cfg.Renderer = render.Render
	}
	cfg.MaxRenders = cmp.Or(max(cfg.MaxRenders, 0), runtime.NumCPU())
	cfg.MaxQueue = cmp.Or(max(cfg.MaxQueue, 0), 2*cfg.MaxRenders)
	cfg.QueueWait = cmp.Or(max(cfg.QueueWait, 0), DefaultQueueWait)
	cfg.RenderTimeout = cmp.Or(max(cfg.RenderTimeout, 0), DefaultRenderTimeout)
	cfg.CacheBytes = cmp.Or(cfg.CacheBytes, DefaultCacheBytes)
	cfg.CacheMaxAge = cmp.Or(max(cfg.CacheMaxAge, 0), DefaultCacheMaxAge)
	cfg.MaxExportArticles = cmp.Or(max(cfg.MaxExportArticles, 0), DefaultMaxExport)
	cfg.MaxConns = cmp.Or(max(cfg.MaxConns, 0), DefaultMaxConns)
	cfg.MaxReaderPages = cmp.Or(max(cfg.MaxReaderPages, 0), cfg.MaxRenders)
	// An export holds a render slot for minutes: by default exports get
	// half the slots (at least one), so that the site's buttons keep the
	// rest; never more than all of them.
	cfg.MaxExports = min(cmp.Or(max(cfg.MaxExports, 0), max(cfg.MaxRenders/2, 1)), cfg.MaxRenders)
	// Two bodies of the largest size per render slot: one rendering, one
	// waiting for the slot. Smaller bodies share the rest.
	cfg.BodyBudget = cmp.Or(max(cfg.BodyBudget, 0), 2*int64(cfg.MaxRenders)*cfg.MaxBodyBytes)
	cfg.ResponseBudget = cmp.Or(max(cfg.ResponseBudget, 0), DefaultResponseBudget)
	s := &Server{cfg: cfg, log: cfg.Log, metrics: newMetrics(), router: mux.NewRouter()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.limit = newLimiter(cfg.MaxRenders, cfg.MaxQueue, cfg.QueueWait, s.metrics.queued)
	s.exports = newLimiter(cfg.MaxExports, cfg.MaxQueue, cfg.QueueWait, nil)
	s.pages = newLimiter(cfg.MaxReaderPages, cfg.MaxQueue, cfg.QueueWait, nil)
	s.bodies = newBudget(cfg.BodyBudget, cfg.QueueWait, s.metrics.bodyBytes)
	s.responses = newBudget(cfg.ResponseBudget, cfg.QueueWait, s.metrics.responseBytes)
	s.conns = newConnLimit(cfg.MaxConns, s.metrics.conns)
	s.cache = newCache(cfg.CacheBytes, s.metrics)
	s.ready.Store(true)
	s.lastRender.Store(time.Now().UnixNano())
	route := func(tmpl string, h http.Handler, methods ...string) {
		s.router.Handle(tmpl, s.metrics.instrument(tmpl, h)).Methods(methods...)
	}
	route(routeList, http.HandlerFunc(s.listArticles), http.MethodGet, http.MethodHead)
	route(routeArticle, s.cors("GET, HEAD", http.HandlerFunc(s.renderArticle)), http.MethodGet, http.MethodHead, http.MethodOptions)
	route(routeRender, s.cors("POST", s.requireToken(http.HandlerFunc(s.renderBody))), http.MethodPost, http.MethodOptions)
	route(routeExports, s.requireToken(http.HandlerFunc(s.exportArchive)), http.MethodPost)
	route(routeInvalidate, s.requireToken(http.HandlerFunc(s.invalidate)), http.MethodPost)
	s.routeReaderPages(route)
	route(routeHealth, http.HandlerFunc(s.health), http.MethodGet, http.MethodHead)
	route(routeReady, http.HandlerFunc(s.readiness), http.MethodGet, http.MethodHead)
	s.router.Handle(routeMetrics, s.metrics.instrument(routeMetrics, s.metrics.handler())).Methods(http.MethodGet)
	s.router.NotFoundHandler = s.metrics.instrument(routeUnmatched, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeProblem(w, r, fmt.Errorf("%w: there is no route %s", source.ErrNotFound, r.URL.Path))
	}))
	s.router.MethodNotAllowedHandler = s.metrics.instrument(routeUnmatched, http.HandlerFunc(s.methodNotAllowed))
	s.handler = s.outermost(s.refuseEscapes(s.router))
	return s
}

// methodNotAllowed answers 405 with the Allow header RFC 9110 asks for.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions} {
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if s.router.Match(probe, &match) && match.MatchErr == nil {
			allowed = append(allowed, m)
		}
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusMethodNotAllowed)
	_ = json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: "Method Not Allowed",
		Status: http.StatusMethodNotAllowed, Detail: fmt.Sprintf("%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allowed, " or "))})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SetReady sets what /readyz answers; serve turns it off when shutting down.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

func (s *Server) readiness(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !s.ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "shutting down\n")
		return
	}
	io.WriteString(w, "ready\n")
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	entries, err := s.public(r.Context())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if entries == nil {
		entries = []source.Entry{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_ = json.NewEncoder(w).Encode(entries)
}

func isRenderRoute(r *http.Request) bool {
	route := mux.CurrentRoute(r)
	if route == nil { // a request that matched no route
		return false
	}
	tmpl, _ := route.GetPathTemplate()
	return tmpl == routeArticle || tmpl == routeRender || tmpl == routeExports
}

// renderArticle serves GET /v1/articles/{id}.pdf.
func (s *Server) renderArticle(w http.ResponseWriter, r *http.Request) {
	opts, disposition, err := s.options(r.URL.Query())
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
	s.render(w, r, doc, opts, originArchive, disposition, id)
}

// stored looks an article up in the source. A CMS that cannot be reached
// (503) or answers wrongly (502), a bad or unknown ID and a cancelled
// request are what they are; any other failure is the server's (a broken
// file, a failing disk): it is marked internal, so the client gets a 500
// and the cause goes to the log.
func (s *Server) stored(ctx context.Context, id string) (source.Doc, error) {
	doc, err := s.cfg.Source.Lookup(ctx, id)
	var down *source.UnavailableError
	switch {
	case err == nil, errors.Is(err, source.ErrNotFound), errors.Is(err, source.ErrNotPublic), errors.Is(err, source.ErrBadID), errors.Is(err, source.ErrUpstream),
		errors.As(err, &down), ctx.Err() != nil:
	default:
		err = fmt.Errorf("%w: stored article %s: %w", errInternal, id, err)
	}
	return doc, err
}

// public lists the source's public articles.
func (s *Server) public(ctx context.Context) ([]source.Entry, error) {
	all, err := s.cfg.Source.Listing(ctx, time.Time{}, time.Time{})
	if err != nil || !slices.ContainsFunc(all, func(e source.Entry) bool { return e.NotPublic != "" }) {
		return all, err
	}
	return slices.DeleteFunc(slices.Clone(all), func(e source.Entry) bool { return e.NotPublic != "" }), nil
}

// markStale says on a response that its article is a stale copy of a CMS
// that cannot be reached: RFC 9111's Age, the Warning 110 of RFC 7234
// (obsoleted by RFC 9111, but still what a reader of the headers looks
// for), and no-cache, so that a cache asks again next time.
func markStale(h http.Header, doc source.Doc) {
	if !doc.Stale {
		return
	}
	h.Set("Age", strconv.FormatInt(int64(doc.Age/time.Second), 10))
	h.Set("Warning", `110 pdfexport "Response is Stale"`)
	h.Set("Cache-Control", "no-cache")
}

// invalidate serves POST /v1/articles/{id}/invalidate: the source drops
// what it has cached of the article, so that the next request fetches it
// again (the CMS's "post updated" webhook). 204 whether or not anything
// was cached; a source that keeps nothing (a folder, read again when a file
// changes) has nothing to drop.
func (s *Server) invalidate(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if !source.ValidID(id) {
		s.writeProblem(w, r, fmt.Errorf("%w: %.64q; IDs are 1 to 200 letters, digits, '-' and '_'", source.ErrBadID, id))
		return
	}
	if inv, ok := s.cfg.Source.(Invalidator); ok {
		inv.Invalidate(id)
	}
	s.log.Info("invalidated", requestID(r), "id", id)
	w.WriteHeader(http.StatusNoContent)
}

// renderBody serves POST /v1/render: an article in the body, as the site's
// plain text, as JSON, as an Arc XP ANS story, or a whole web page whose
// article is extracted.
func (s *Server) renderBody(w http.ResponseWriter, r *http.Request) {
	opts, disposition, err := s.options(r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	parse, err := bodyParser(r.Header.Get("Content-Type"), r.URL.Query())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	data, release, err := s.readBody(w, r, s.cfg.MaxBodyBytes)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	defer release() // the article lives until the answer is written
	a, err := parse(data)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.render(w, r, source.Doc{Article: a}, opts, originRequest, disposition, "")
}

func bodyParser(contentType string, query url.Values) (func([]byte) (*article.Article, error), error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("%w: Content-Type %q; send text/plain (the site's plain-text format), application/json (an article object), application/vnd.arcxp.ans+json (an Arc XP ANS story) or text/html (a whole web page)", errMediaType, contentType)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, fmt.Errorf("%w: charset %q; the body must be UTF-8", errMediaType, cs)
	}
	switch mt {
	case "text/html":
		return pageParser(query)
	case "text/plain":
		return article.ParseText, nil
	case "application/json":
		return article.ParseJSON, nil
	case "application/vnd.arcxp.ans+json":
		return article.ParseANS, nil
	}
	return nil, fmt.Errorf("%w: %q; send text/plain (the site's plain-text format), application/json (an article object), application/vnd.arcxp.ans+json (an Arc XP ANS story) or text/html (a whole web page)", errMediaType, mt)
}

// pageParser extracts the article of a web page (package extract). The
// query's url, when given, is the page's address: its relative links and
// pictures are resolved against it, and it is the article's URL when the
// page names none.
func pageParser(query url.Values) (func([]byte) (*article.Article, error), error) {
	var base *url.URL
	switch v := query["url"]; {
	case len(v) > 1:
		return nil, fmt.Errorf("%w: url is given %d times; give it once", render.ErrOption, len(v))
	case len(v) == 1:
		u, err := url.Parse(strings.TrimSpace(v[0]))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%w: url %q is not an absolute http or https URL; give the page's address, such as https://example.com/news/story", render.ErrOption, truncateRunes(v[0], 200))
		}
		base = u
	}
	return func(page []byte) (*article.Article, error) { return extract.Page(page, base) }, nil
}

// options reads the render options from the query: scale, paper, pdfa
// and disposition, each at most once.
func (s *Server) options(q url.Values) (render.Options, string, error) {
	opts := s.cfg.Render
	for _, key := range []string{"scale", "paper", "pdfa", "disposition"} {
		if n := len(q[key]); n > 1 {
			return opts, "", fmt.Errorf("%w: %s is given %d times; give it once", render.ErrOption, key, n)
		}
	}
	if v, ok := q["scale"]; ok {
		scale, err := render.ParseScale(v[0])
		if err != nil {
			return opts, "", err
		}
		opts.Scale = scale
	}
	if v, ok := q["paper"]; ok {
		if strings.TrimSpace(v[0]) == "" {
			return opts, "", fmt.Errorf("%w: paper is empty; use a4 or letter", render.ErrOption)
		}
		paper, err := render.ParsePaper(v[0])
		if err != nil {
			return opts, "", err
		}
		opts.Paper = paper.Name
	}
	if v, ok := q["pdfa"]; ok {
		if strings.TrimSpace(v[0]) == "" {
			return opts, "", fmt.Errorf("%w: pdfa is empty; use 1b, 2u, 3u or none", render.ErrOption)
		}
		pdfa, err := render.ParsePDFA(v[0])
		if err != nil {
			return opts, "", err
		}
		opts.PDFA = pdfa
	}
	disposition := "inline"
	if v, ok := q["disposition"]; ok {
		switch d := strings.ToLower(v[0]); d {
		case "inline", "attachment":
			disposition = d
		default:
			return opts, "", fmt.Errorf("%w: disposition %q is not supported; use inline or attachment", render.ErrOption, v[0])
		}
	}
	return opts, disposition, nil
}

// render answers with the PDF of a: 304 when the client already has it
// (If-None-Match), from the in-process cache when it is there, else rendered
// once however many requests ask for it at the same moment, within the
// render-slot limit and the render timeout. The PDF is built in memory, so a
// failure can still be answered with a problem document and the response
// carries its length.
func (s *Server) render(w http.ResponseWriter, r *http.Request, doc source.Doc, opts render.Options, origin, disposition, id string) {
	a := doc.Article
	etagOf := render.ETag // a request's article is new every time
	if origin == originArchive {
		etagOf = s.etags.get // the same article comes back while its file is unchanged
	}
	etag, err := etagOf(a, opts)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ri := info(r)
	h := w.Header()
	h.Set("ETag", etag)
	if origin == originArchive {
		h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(s.cfg.CacheMaxAge.Seconds())))
	} else {
		h.Set("Cache-Control", "no-store")
	}
	markStale(h, doc)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		// RFC 9110 §13.1.2: a condition that fails is answered 304 on GET
		// and HEAD, and 412 on any other method. For POST /v1/render, the
		// representation is the PDF of the posted article and options:
		// "*" matches it as soon as the article is valid (which is checked
		// first, §13.2.1), and a listed tag when it is that PDF's, so a
		// client that re-posts an article it has already rendered is told
		// so without a render. Nothing else it could mean would be useful.
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.writeProblem(w, r, errPrecondition)
			return
		}
		ri.cache = "not-modified"
		w.WriteHeader(http.StatusNotModified)
		return
	}
	v, hit := s.cache.get(etag)
	ri.cache = "hit"
	if !hit {
		var shared bool
		v, shared, err = s.flights.do(r.Context(), etag, func(ctx context.Context) (cached, error) {
			return s.renderNow(ctx, r, a, opts, origin, id, etag)
		})
		ri.cache = "miss"
		if shared {
			ri.cache = "shared"
		}
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
	}
	if err := r.Context().Err(); err != nil {
		// The client left while a render it shared went on for others.
		s.writeProblem(w, r, err)
		return
	}
	if r.Method != http.MethodHead {
		// Once rendered, a PDF is held until its client has read it, which
		// a slow one may take the write timeout to do: the PDFs being
		// written take their size from a budget, so that their total is
		// bounded (a cached PDF is charged to each of its readers).
		release, err := s.responses.acquire(r.Context(), int64(len(v.pdf)))
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		defer release()
	}
	ri.pages = v.pages
	if v.degraded {
		// A picture could not be had: these are not the bytes the ETag
		// promises, and the client is not to keep them.
		h.Del("ETag")
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.Itoa(len(v.pdf)))
	h.Set("Content-Disposition", contentDisposition(disposition, a.Title, id))
	_, _ = w.Write(v.pdf)
}

// renderNow renders a in a render slot, observes the render metrics and
// caches the result. ctx is the shared work's (see flights), not r's: it
// ends when every request waiting for this PDF has gone, and the render
// gets the render timeout on top.
func (s *Server) renderNow(ctx context.Context, r *http.Request, a *article.Article, opts render.Options, origin, id, etag string) (cached, error) {
	release, err := s.limit.acquire(ctx)
	if err != nil {
		return cached{}, err
	}
	defer release()
	var buf bytes.Buffer
	res, elapsed, err := s.renderWithin(ctx, &buf, a, opts, origin)
	if err != nil {
		return cached{}, err
	}
	s.metrics.renderDuration.WithLabelValues(origin).Observe(elapsed.Seconds())
	attrs := []any{requestID(r), "origin", origin, "id", id, "pages", res.Pages, "bytes", res.Bytes,
		"missing_glyphs", res.MissingGlyphs, "ms", float64(elapsed.Microseconds()) / 1000}
	attrs = append(attrs, imageAttrs(res, a)...)
	s.log.Info("rendered", attrs...)
	v := cached{pdf: buf.Bytes(), pages: res.Pages, degraded: res.ImagesFailed() > 0}
	if !v.degraded {
		// A PDF with a picture missing is not kept: the next request
		// tries the picture again, and its ETag is not sent (see render).
		s.cache.put(etag, v)
	}
	return v, nil
}

// renderWithin runs the configured renderer as every render of the server
// runs, a PDF route's or an export's article: within the render timeout,
// counted in the in-flight gauge, its pages, bytes and missing glyphs
// observed, and the time of the last render kept (IdleSince). It returns
// how long the render took; the caller observes that where it belongs.
func (s *Server) renderWithin(ctx context.Context, w io.Writer, a *article.Article, o render.Options, origin string) (render.Result, time.Duration, error) {
	defer func() { s.lastRender.Store(time.Now().UnixNano()) }()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RenderTimeout)
	defer cancel()
	m := s.metrics
	m.inFlight.Inc()
	defer m.inFlight.Dec()
	start := time.Now()
	res, err := s.cfg.Renderer(ctx, w, a, o)
	if err != nil {
		return res, 0, err
	}
	m.renderPages.WithLabelValues(origin).Observe(float64(res.Pages))
	m.renderBytes.WithLabelValues(origin).Observe(float64(res.Bytes))
	m.missingGlyphs.Add(float64(res.MissingGlyphs))
	for _, o := range res.Images {
		m.images.WithLabelValues(o.Result).Inc()
	}
	for kind, n := range a.Dropped {
		m.dropped.WithLabelValues(kind).Add(float64(n))
	}
	return res, time.Since(start), nil
}

// maxLoggedImageErrors bounds the image errors a render's log line names.
const maxLoggedImageErrors = 5

// imageAttrs are the log attributes of a render's pictures and of what its
// HTML left out: counts, and the first failures by name.
func imageAttrs(res render.Result, a *article.Article) []any {
	var out []any
	if len(res.Images) > 0 {
		out = append(out, "images", len(res.Images), "images_failed", res.ImagesFailed())
		if errs := res.ImageErrors(maxLoggedImageErrors); len(errs) > 0 {
			out = append(out, "image_errors", errs)
		}
	}
	if len(a.Dropped) > 0 {
		out = append(out, "html_dropped", a.Dropped)
	}
	return out
}

// etagMatches applies If-None-Match: "*" or any listed tag equal to etag,
// weak tags compared weakly (RFC 9110 §13.1.2).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// contentDisposition names the file after the article's title: an ASCII
// file name (accents dropped, other characters turned into hyphens; the ID or
// "article" when nothing is left) and the exact title in UTF-8 for clients
// that read RFC 6266's filename*.
func contentDisposition(disposition, title, id string) string {
	ascii := slug(title, 80)
	if !strings.ContainsFunc(ascii, unicode.IsLetter) && id != "" {
		ascii = id // a title in another script says nothing in ASCII; the ID does
	}
	if ascii == "" {
		ascii = "article"
	}
	v := mime.FormatMediaType(disposition, map[string]string{"filename": ascii + ".pdf"})
	if t := strings.TrimSpace(title); t != "" {
		v += "; filename*=UTF-8''" + encodeExtValue(truncateRunes(t, 120)+".pdf")
	}
	return v
}

// encodeExtValue percent-encodes s as an RFC 8187 ext-value: every byte
// that is not an attr-char is escaped, so quotes, semicolons and line breaks
// cannot reach the header.
func encodeExtValue(s string) string {
	const attrChar = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 128 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || strings.IndexByte(attrChar, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// asciiLetters spells letters that have no decomposition into an ASCII letter
// and a mark.
var asciiLetters = map[rune]string{
	'Đ': "D", 'đ': "d", 'Ł': "L", 'ł': "l", 'Ø': "O", 'ø': "o", 'ß': "ss", 'ẞ': "SS",
	'Æ': "AE", 'æ': "ae", 'Œ': "OE", 'œ': "oe", 'Þ': "Th", 'þ': "th", 'ı': "i", 'Ð': "D", 'ð': "d",
}

// slug keeps the ASCII letters and digits of s (after dropping accents),
// lower-cased, joined by single hyphens, at most max bytes long. Apostrophes
// join rather than split ("Baltic’s" gives "baltics").
func slug(s string, max int) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(s) {
		var add string
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			continue
		case asciiLetters[r] != "":
			add = asciiLetters[r]
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			add = string(r)
		default:
			hyphen = true
			continue
		}
		if hyphen && b.Len() > 0 {
			add = "-" + add
		}
		if b.Len()+len(add) > max {
			break
		}
		hyphen = false
		b.WriteString(strings.ToLower(add))
	}
	return b.String()
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
