package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"pdfexport/article"
	"pdfexport/internal/pdftest"
	"pdfexport/render"
	"pdfexport/source"
)

// ---------------------------------------------------------------------------
// Fakes

// fakePDF is what the fake renderer writes: enough of a PDF to be recognised.
const fakePDF = "%PDF-1.4\n% fake document for handler tests\n%%EOF\n"

// fakeSource implements Source. It validates IDs like source.Archive does and
// records every ID that reaches Get.
type fakeSource struct {
	entries  []source.Entry
	articles map[string]*article.Article
	broken   map[string]error // IDs whose Get fails with this (unwrapped) error

	mu   sync.Mutex
	gets []string
}

func (f *fakeSource) Listing(context.Context, time.Time, time.Time) ([]source.Entry, error) {
	return f.entries, nil
}

func (f *fakeSource) Lookup(_ context.Context, id string) (source.Doc, error) {
	a, err := f.Get(id)
	return source.Doc{Article: a}, err
}

func (f *fakeSource) Get(id string) (*article.Article, error) {
	f.mu.Lock()
	f.gets = append(f.gets, id)
	f.mu.Unlock()
	if !source.ValidID(id) {
		return nil, fmt.Errorf("%w: %q; IDs are letters, digits, '-' and '_'", source.ErrBadID, id)
	}
	if err, ok := f.broken[id]; ok {
		return nil, err
	}
	a, ok := f.articles[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", source.ErrNotFound, id)
	}
	cp := *a
	return &cp, nil
}

func (f *fakeSource) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.gets)
}

// recordingSource wraps a real Source and records the IDs that reach Get.
type recordingSource struct {
	Source
	mu   sync.Mutex
	gets []string
}

func (r *recordingSource) Lookup(ctx context.Context, id string) (source.Doc, error) {
	r.mu.Lock()
	r.gets = append(r.gets, id)
	r.mu.Unlock()
	return r.Source.Lookup(ctx, id)
}

func (r *recordingSource) calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.gets)
}

type renderCall struct {
	Title string
	Opts  render.Options
}

// fakeRenderer implements Renderer without fonts: it writes fakePDF (or
// partial output followed by err) and records what it was called with.
type fakeRenderer struct {
	mu      sync.Mutex
	calls   []renderCall
	err     error  // returned instead of a result
	partial string // written before err is returned
	missing int    // MissingGlyphs of the result
	// started and release, when set, make each call signal and then block.
	started chan struct{}
	release chan struct{}
}

func (f *fakeRenderer) render(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, renderCall{Title: a.Title, Opts: o})
	err, partial, missing := f.err, f.partial, f.missing
	started, release := f.started, f.release
	f.mu.Unlock()
	if started != nil {
		started <- struct{}{}
		<-release
	}
	if err != nil {
		io.WriteString(w, partial)
		return render.Result{}, err
	}
	n, werr := io.WriteString(w, fakePDF)
	return render.Result{Pages: 2, Bytes: int64(n), MissingGlyphs: missing}, werr
}

func (f *fakeRenderer) recorded() []renderCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeRenderer) setErr(err error, partial string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err, f.partial = err, partial
}

// syncBuffer is a log destination that is safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const (
	moscowTitle = "The illusions of Moscow-Tokyo rapprochement"
	moscowSlug  = "the-illusions-of-moscow-tokyo-rapprochement.pdf"
)

// fixture is a Server around the fakes.
type fixture struct {
	srv *Server
	src *fakeSource
	ren *fakeRenderer
	log *syncBuffer
}

func newFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	src := &fakeSource{
		entries: []source.Entry{
			{ID: "moscow", Title: moscowTitle, Date: "2017-01-04", URL: "https://example.org/moscow"},
			{ID: "athens", Title: "Η Αθήνα ξανασκέφτεται κάθε σταγόνα νερού", Date: "2024-03-12"},
			{ID: "undated", Title: "An article without a date"},
		},
		articles: map[string]*article.Article{
			"moscow":  {Title: moscowTitle, Body: []article.Block{article.Para("Russia and Japan fail again to make peace.")}},
			"athens":  {Title: "Η Αθήνα ξανασκέφτεται κάθε σταγόνα νερού", Lang: "el", Body: []article.Block{article.Para("Κείμενο.")}},
			"undated": {Title: "An article without a date", Body: []article.Block{article.Para("Text.")}},
		},
		broken: map[string]error{
			"broken": errors.New("open /srv/archive/broken.txt: input/output error"),
		},
	}
	ren := &fakeRenderer{}
	log := &syncBuffer{}
	cfg := Config{
		Source:   src,
		Renderer: ren.render,
		Log:      slog.New(slog.NewTextHandler(log, nil)),
		// Every request renders, without waiting for a slot, unless a test
		// turns the cache and the render limit on (see limits_test.go).
		CacheBytes: -1,
		MaxRenders: 64,
	}
	if edit != nil {
		edit(&cfg)
	}
	return &fixture{srv: New(cfg), src: src, ren: ren, log: log}
}

// ---------------------------------------------------------------------------
// Request helpers

// req builds a request; ctype "" sends no Content-Type at all.
func req(method, target, body, ctype string) *http.Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	return r
}

// serve runs one request through h, turning a handler panic into a test
// failure instead of a crashed test binary.
func serve(t *testing.T, h http.Handler, r *http.Request) (rec *httptest.ResponseRecorder) {
	t.Helper()
	rec = httptest.NewRecorder()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s %s: the handler panicked: %v", r.Method, r.URL, p)
		}
	}()
	h.ServeHTTP(rec, r)
	return rec
}

// checkProblem asserts an RFC 9457 problem response with the given status
// whose detail contains every string in want, and returns the detail.
func checkProblem(t *testing.T, rec *httptest.ResponseRecorder, status int, want ...string) string {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body: %s", rec.Code, status, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	var p problem
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("the body is not a problem document: %v\n%s", err, rec.Body.String())
	}
	if p.Status != status || p.Title != http.StatusText(status) || p.Type != "about:blank" {
		t.Errorf("problem = %+v, want status %d, title %q, type about:blank", p, status, http.StatusText(status))
	}
	if p.Detail == "" {
		t.Errorf("the problem has no detail")
	}
	for _, w := range want {
		if !strings.Contains(p.Detail, w) {
			t.Errorf("detail %q does not contain %q", p.Detail, w)
		}
	}
	if strings.HasPrefix(rec.Body.String(), "%PDF") {
		t.Errorf("an error response carries PDF bytes")
	}
	return p.Detail
}

// checkPDF asserts a successful PDF response and returns its body.
func checkPDF(t *testing.T, rec *httptest.ResponseRecorder) []byte {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body: %s", rec.Code, rec.Body.String())
	}
	h := rec.Header()
	if ct := h.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q, want application/pdf", ct)
	}
	if v := h.Get("X-Content-Type-Options"); v != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", v)
	}
	body := rec.Body.Bytes()
	if !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("the body does not start with %%PDF-: %.40q", body)
	}
	if cl := h.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length = %q, body has %d bytes", cl, len(body))
	}
	return body
}

// The generic details of server errors.
const (
	detailInternal = "the server could not produce the PDF; the failure has been logged"
	detailTimeout  = "the PDF took longer to render than the server allows"
)

const validText = "Title of a posted article\n\nThe one paragraph of the body.\n"

// routes runs a test against both rendering routes, which share the query
// options: GET of an archived article and POST of an article in the body.
var routes = []routeCase{
	{"GET article", func(q string) *http.Request { return req(http.MethodGet, "/v1/articles/moscow.pdf"+q, "", "") }},
	{"POST render", func(q string) *http.Request { return req(http.MethodPost, "/v1/render"+q, validText, "text/plain") }},
}

// routeCase is one of routes.
type routeCase struct {
	name string
	req  func(query string) *http.Request
}

// ---------------------------------------------------------------------------
// Listing

func TestListArticles(t *testing.T) {
	f := newFixture(t, nil)
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		t.Run(method, func(t *testing.T) {
			rec := serve(t, f.srv, req(method, "/v1/articles", "", ""))
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if v := rec.Header().Get("X-Content-Type-Options"); v != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", v)
			}
			var got []map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("the body is not a JSON array of objects of strings: %v\n%s", err, rec.Body.String())
			}
			want := []map[string]string{
				{"id": "moscow", "title": moscowTitle, "published": "2017-01-04", "url": "https://example.org/moscow"},
				{"id": "athens", "title": "Η Αθήνα ξανασκέφτεται κάθε σταγόνα νερού", "published": "2024-03-12"},
				{"id": "undated", "title": "An article without a date"},
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("listing =\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestListArticlesEmptyIsArray(t *testing.T) {
	f := newFixture(t, nil)
	f.src.entries = nil
	rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles", "", ""))
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Errorf("status %d, body %q; want 200 and []", rec.Code, rec.Body.String())
	}
}

func TestListArticlesEmbeddedArchive(t *testing.T) {
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Config{Source: arch, Renderer: (&fakeRenderer{}).render})
	rec := serve(t, srv, req(http.MethodGet, "/v1/articles", "", ""))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	var got []map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(arch.List()) || len(got) == 0 {
		t.Fatalf("%d entries, the archive has %d", len(got), len(arch.List()))
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	prev := "9999-99-99"
	for _, e := range got {
		for k, v := range e {
			if !slices.Contains([]string{"id", "title", "published", "url"}, k) {
				t.Errorf("entry %v has the unexpected key %q", e, k)
			}
			if _, ok := v.(string); !ok {
				t.Errorf("entry %v: %s is %T, want a string", e, k, v)
			}
		}
		id, _ := e["id"].(string)
		if !source.ValidID(id) || e["title"] == "" {
			t.Errorf("entry %v: bad id or empty title", e)
		}
		pub, _ := e["published"].(string)
		if !date.MatchString(pub) {
			t.Errorf("entry %s: published %q is not YYYY-MM-DD", id, pub)
		}
		if pub > prev {
			t.Errorf("entry %s (%s) comes after %s: the listing is not newest first", id, pub, prev)
		}
		prev = pub
	}
}

// ---------------------------------------------------------------------------
// GET /v1/articles/{id}.pdf

func TestArticlePDFResponse(t *testing.T) {
	tests := []struct {
		name, method, query string
		wantDisposition     string
	}{
		{"default is inline", http.MethodGet, "", "inline"},
		{"explicit inline", http.MethodGet, "?disposition=inline", "inline"},
		{"attachment", http.MethodGet, "?disposition=attachment", "attachment"},
		{"HEAD", http.MethodHead, "", "inline"},
		{"unknown query parameters are ignored", http.MethodGet, "?utm_source=x", "inline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := serve(t, f.srv, req(tt.method, "/v1/articles/moscow.pdf"+tt.query, "", ""))
			body := checkPDF(t, rec)
			if string(body) != fakePDF {
				t.Errorf("body = %q, want the renderer's output %q", body, fakePDF)
			}
			cd := rec.Header().Get("Content-Disposition")
			want := tt.wantDisposition + "; filename=" + moscowSlug +
				"; filename*=UTF-8''The%20illusions%20of%20Moscow-Tokyo%20rapprochement.pdf"
			if cd != want {
				t.Errorf("Content-Disposition =\n%s\nwant\n%s", cd, want)
			}
			calls := f.ren.recorded()
			if len(calls) != 1 || calls[0].Title != moscowTitle {
				t.Errorf("renderer calls = %+v, want one for %q", calls, moscowTitle)
			}
			if got := f.src.calls(); !slices.Equal(got, []string{"moscow"}) {
				t.Errorf("Get calls = %q, want [moscow]", got)
			}
		})
	}
}

// cdPattern is a Content-Disposition with an ASCII filename and an RFC 8187
// filename* whose value holds only attr-chars and percent escapes.
var cdPattern = regexp.MustCompile("^(inline|attachment); filename=(\"?)([^\"\\\\;\r\n]+)(\"?); filename\\*=UTF-8''((?:[A-Za-z0-9!#$&+\\-.^_`|~]|%[0-9A-F]{2})+)$")

func TestContentDispositionFilenames(t *testing.T) {
	long := strings.Repeat("Ölpreise ", 30) // 270 runes; the slug fills exactly 80 bytes
	tests := []struct {
		name, id, title string
		wantASCII       string // the filename parameter
	}{
		{"plain English", "moscow", moscowTitle, moscowSlug},
		{"quotes and semicolons", "q", `He said "no"; she said 'yes'; done`, "he-said-no-she-said-yes-done.pdf"},
		{"accents are dropped", "cafe", "Café déjà vu à Zürich", "cafe-deja-vu-a-zurich.pdf"},
		{"Greek falls back to the ID", "athens-water", "Η Αθήνα ξανασκέφτεται κάθε σταγόνα νερού", "athens-water.pdf"},
		{"Cyrillic falls back to the ID", "novosibirsk_1", "Академгородок ищет вторую молодость", "novosibirsk_1.pdf"},
		{"Greek with digits falls back to the ID", "g", "Ελλάδα 2024: κρίση", "g.pdf"},
		{"CR LF header injection", "crlf", "Evil\r\nSet-Cookie: session=stolen\r\n\r\n<html>", "evil-set-cookie-session-stolen-html.pdf"},
		{"percent signs and slashes", "pct", "100% of a/b\\c", "100-of-a-b-c.pdf"},
		{"only punctuation falls back to the ID", "punct", "«—»", "punct.pdf"},
		{"long title", "long", long, strings.TrimSuffix(strings.Repeat("olpreise-", 9), "-") + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.src.articles[tt.id] = &article.Article{Title: tt.title, Body: []article.Block{article.Para("x")}}
			rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles/"+tt.id+".pdf?disposition=attachment", "", ""))
			checkPDF(t, rec)
			cd := rec.Header().Get("Content-Disposition")
			if strings.ContainsAny(cd, "\r\n\x00") {
				t.Fatalf("Content-Disposition contains a line break or NUL: %q", cd)
			}
			m := cdPattern.FindStringSubmatch(cd)
			if m == nil {
				t.Fatalf("Content-Disposition %q is not disposition; filename=…; filename*=UTF-8''<attr-chars and %%XX>", cd)
			}
			if m[1] != "attachment" {
				t.Errorf("disposition = %q, want attachment", m[1])
			}
			if m[3] != tt.wantASCII {
				t.Errorf("filename = %q, want %q", m[3], tt.wantASCII)
			}
			if len(strings.TrimSuffix(m[3], ".pdf")) > 80 {
				t.Errorf("filename %q is too long", m[3])
			}
			decoded, err := url.PathUnescape(m[5])
			if err != nil {
				t.Fatalf("filename* %q does not decode: %v", m[5], err)
			}
			wantExt := []rune(strings.TrimSpace(tt.title))
			if len(wantExt) > 120 {
				wantExt = wantExt[:120]
			}
			if decoded != string(wantExt)+".pdf" {
				t.Errorf("filename* decodes to %q, want %q", decoded, string(wantExt)+".pdf")
			}
			// A standard parser must accept the header as a whole.
			if mt, params, err := mime.ParseMediaType(cd); err != nil || mt != "attachment" || params["filename"] == "" {
				t.Errorf("mime.ParseMediaType(%q) = %q, %q, %v", cd, mt, params, err)
			}
		})
	}
}

// A posted article has no ID: a title without ASCII letters gives
// "article.pdf".
func TestContentDispositionPostedArticle(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Академгородок ищет вторую молодость", "inline; filename=article.pdf; filename*=UTF-8''%D0%90%D0%BA%D0%B0%D0%B4%D0%B5%D0%BC%D0%B3%D0%BE%D1%80%D0%BE%D0%B4%D0%BE%D0%BA%20%D0%B8%D1%89%D0%B5%D1%82%20%D0%B2%D1%82%D0%BE%D1%80%D1%83%D1%8E%20%D0%BC%D0%BE%D0%BB%D0%BE%D0%B4%D0%BE%D1%81%D1%82%D1%8C.pdf"},
		{"Posted: a test", "inline; filename=posted-a-test.pdf; filename*=UTF-8''Posted%3A%20a%20test.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := serve(t, f.srv, req(http.MethodPost, "/v1/render", tt.title+"\n\nBody.\n", "text/plain"))
			checkPDF(t, rec)
			if got := rec.Header().Get("Content-Disposition"); got != tt.want {
				t.Errorf("Content-Disposition =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"empty", "", 80, ""},
		{"case and punctuation", "  Hello, World!  ", 80, "hello-world"},
		{"accents", "Ça déménage à Mälmo", 80, "ca-demenage-a-malmo"},
		{"non-Latin only", "Ελλάδα Россия", 80, ""},
		{"cut at max on a boundary", "abcd efgh", 4, "abcd"},
		{"no hyphen at either end", "--a--b--", 80, "a-b"},
		{"max bytes is a hard limit", strings.Repeat("a", 79) + " bcd", 80, strings.Repeat("a", 79)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slug(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("slug(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if len(got) > tt.max {
				t.Errorf("slug(%q, %d) is %d bytes long", tt.in, tt.max, len(got))
			}
		})
	}
}

func TestEncodeExtValue(t *testing.T) {
	in := "a\"b;c\r\nd é/%+ .pdf"
	got := encodeExtValue(in)
	if want := "a%22b%3Bc%0D%0Ad%20%C3%A9%2F%25+%20.pdf"; got != want {
		t.Errorf("encodeExtValue(%q) = %q, want %q", in, got, want)
	}
	if dec, err := url.PathUnescape(got); err != nil || dec != in {
		t.Errorf("decoding gives %q, %v; want %q", dec, err, in)
	}
	if !utf8.ValidString(got) || strings.ContainsAny(got, "\"; \r\n\\'") {
		t.Errorf("%q contains characters that are not attr-chars", got)
	}
}

// ---------------------------------------------------------------------------
// Query options

func TestScale(t *testing.T) {
	tests := []struct {
		name   string
		query  string // raw query, already escaped
		status int
		scale  float64 // what the renderer must receive when status is 200
		detail []string
	}{
		{"no scale keeps the configured default", "", 200, 1.5, nil},
		{"0.5 (minimum)", "scale=0.5", 200, 0.5, nil},
		{"1", "scale=1", 200, 1, nil},
		{"1.25", "scale=1.25", 200, 1.25, nil},
		{"2.5 (maximum)", "scale=2.5", 200, 2.5, nil},
		{"surrounding spaces are trimmed", "scale=%202%20", 200, 2, nil},
		{"hex float 0x1p-1 (0.5) is not a decimal number", "scale=0x1p-1", 400, 0, []string{"not a number", "0.5", "2.5"}},
		{"abc", "scale=abc", 400, 0, []string{"not a number", "0.5", "2.5"}},
		{"empty", "scale=", 400, 0, []string{"not a number", "0.5", "2.5"}},
		{"NaN", "scale=NaN", 400, 0, []string{"0.5", "2.5"}},
		{"Inf", "scale=Inf", 400, 0, []string{"0.5", "2.5"}},
		{"-Inf", "scale=-Inf", 400, 0, []string{"0.5", "2.5"}},
		{"+Inf", "scale=%2BInf", 400, 0, []string{"0.5", "2.5"}},
		{"1e308", "scale=1e308", 400, 0, []string{"not a number", "0.5", "2.5"}},
		{"exponent within range", "scale=1e0", 400, 0, []string{"not a number", "0.5", "2.5"}},
		{"1e309 overflows", "scale=1e309", 400, 0, []string{"0.5", "2.5"}},
		{"-0", "scale=-0", 400, 0, []string{"out of range", "0.5", "2.5"}},
		{"0", "scale=0", 400, 0, []string{"out of range", "0.5", "2.5"}},
		{"0.49", "scale=0.49", 400, 0, []string{"out of range", "0.5", "2.5"}},
		{"2.51", "scale=2.51", 400, 0, []string{"out of range", "0.5", "2.5"}},
		{"-1", "scale=-1", 400, 0, []string{"out of range", "0.5", "2.5"}},
		{"decimal comma 1,5", "scale=1%2C5", 400, 0, []string{"not a number", "0.5", "2.5"}},
		{"hex float 0x1p+2", "scale=0x1p%2B2", 400, 0, []string{"not a number", "0.5", "2.5"}},
		{"repeated", "scale=1&scale=2", 400, 0, []string{"scale", "2 times", "give it once"}},
		{"repeated with the same value", "scale=1&scale=1", 400, 0, []string{"scale", "give it once"}},
	}
	for _, route := range routes {
		for _, tt := range tests {
			t.Run(route.name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, func(c *Config) { c.Render.Scale = 1.5; c.Render.Publication = "Pub" })
				q := ""
				if tt.query != "" {
					q = "?" + tt.query
				}
				rec := serve(t, f.srv, route.req(q))
				calls := f.ren.recorded()
				if tt.status != http.StatusOK {
					checkProblem(t, rec, tt.status, tt.detail...)
					if len(calls) != 0 {
						t.Errorf("the renderer was called: %+v", calls)
					}
					if got := f.src.calls(); len(got) != 0 {
						t.Errorf("the source was asked for %q before the options were checked", got)
					}
					return
				}
				checkPDF(t, rec)
				if len(calls) != 1 {
					t.Fatalf("renderer calls = %+v, want 1", calls)
				}
				if calls[0].Opts.Scale != tt.scale {
					t.Errorf("renderer got scale %v, want %v", calls[0].Opts.Scale, tt.scale)
				}
				if calls[0].Opts.Publication != "Pub" {
					t.Errorf("the configured defaults did not reach the renderer: %+v", calls[0].Opts)
				}
			})
		}
	}
}

func TestPaper(t *testing.T) {
	tests := []struct {
		name, query string
		status      int
		paper       string // as received by the renderer (case-insensitively)
		detail      []string
	}{
		{"default", "", 200, "", nil},
		{"a4", "paper=a4", 200, "a4", nil},
		{"letter", "paper=letter", 200, "letter", nil},
		{"A4 upper case", "paper=A4", 200, "a4", nil},
		{"Letter mixed case", "paper=Letter", 200, "letter", nil},
		{"empty", "paper=", 400, "", []string{"paper is empty", "a4 or letter"}},
		{"a5", "paper=a5", 400, "", []string{`"a5"`, "a4 or letter"}},
		{"legal", "paper=legal", 400, "", []string{"a4 or letter"}},
		{"repeated", "paper=a4&paper=letter", 400, "", []string{"paper", "give it once"}},
	}
	for _, route := range routes {
		for _, tt := range tests {
			t.Run(route.name+"/"+tt.name, func(t *testing.T) {
				o, ok := queryOption(t, route, tt.query, tt.status, tt.detail)
				if !ok {
					return
				}
				if !strings.EqualFold(o.Paper, tt.paper) {
					t.Errorf("renderer got paper %q, want %q", o.Paper, tt.paper)
				}
				if _, err := render.ParsePaper(o.Paper); err != nil {
					t.Errorf("the renderer got a paper it cannot use: %v", err)
				}
			})
		}
	}
}

// queryOption requests route with query and checks the answer: a problem
// of status with detail, the renderer not called; or, for 200, a PDF from
// one call, whose options it returns (ok is true then).
func queryOption(t *testing.T, route routeCase, query string, status int, detail []string) (render.Options, bool) {
	t.Helper()
	f := newFixture(t, nil)
	q := ""
	if query != "" {
		q = "?" + query
	}
	rec := serve(t, f.srv, route.req(q))
	calls := f.ren.recorded()
	if status != http.StatusOK {
		checkProblem(t, rec, status, detail...)
		if len(calls) != 0 {
			t.Errorf("the renderer was called: %+v", calls)
		}
		return render.Options{}, false
	}
	checkPDF(t, rec)
	if len(calls) != 1 {
		t.Fatalf("renderer calls = %+v, want 1", calls)
	}
	return calls[0].Opts, true
}

// ?pdfa= chooses the part of PDF/A; anything else is a 400 that names
// the parts there are, and the renderer is not called.
func TestPDFAParameter(t *testing.T) {
	tests := []struct {
		name, query string
		status      int
		pdfa        string // as received by the renderer
		detail      []string
	}{
		{"default", "", 200, "", nil},
		{"2u", "pdfa=2u", 200, "2u", nil},
		{"1B upper case", "pdfa=1B", 200, "1b", nil},
		{"3u", "pdfa=3u", 200, "3u", nil},
		{"none", "pdfa=none", 200, "", nil},
		{"2b", "pdfa=2b", 400, "", []string{`"2b"`, "1b, 2u, 3u or none"}},
		{"empty", "pdfa=", 400, "", []string{"pdfa is empty", "1b, 2u, 3u or none"}},
		{"repeated", "pdfa=1b&pdfa=2u", 400, "", []string{"pdfa", "give it once"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if o, ok := queryOption(t, routes[0], tt.query, tt.status, tt.detail); ok && o.PDFA != tt.pdfa {
				t.Errorf("renderer got pdfa %q, want %q", o.PDFA, tt.pdfa)
			}
		})
	}
}

func TestDisposition(t *testing.T) {
	tests := []struct {
		name, query string
		status      int
		want        string
		detail      []string
	}{
		{"inline", "disposition=inline", 200, "inline", nil},
		{"attachment", "disposition=attachment", 200, "attachment", nil},
		{"download", "disposition=download", 400, "", []string{`"download"`, "inline or attachment"}},
		{"empty", "disposition=", 400, "", []string{"inline or attachment"}},
		{"any case", "disposition=Attachment", 200, "attachment", nil},
		{"repeated", "disposition=inline&disposition=attachment", 400, "", []string{"disposition", "give it once"}},
	}
	for _, route := range routes {
		for _, tt := range tests {
			t.Run(route.name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, nil)
				rec := serve(t, f.srv, route.req("?"+tt.query))
				if tt.status != http.StatusOK {
					checkProblem(t, rec, tt.status, tt.detail...)
					if n := len(f.ren.recorded()); n != 0 {
						t.Errorf("the renderer was called %d times", n)
					}
					return
				}
				checkPDF(t, rec)
				if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, tt.want+"; filename=") {
					t.Errorf("Content-Disposition = %q, want %s", cd, tt.want)
				}
			})
		}
	}
}

// ---------------------------------------------------------------------------
// Article IDs

// TestArticleIDs runs malformed and unknown IDs against the real embedded
// archive (with the fake renderer) and checks the exact status and that no ID
// containing a path separator reaches Source.Get.
func TestArticleIDs(t *testing.T) {
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		status     int
		location   string   // for redirects
		gets       []string // the IDs that must reach Get, in order
		detail     []string
	}{
		{"known", "/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf", 200, "", []string{"illusions-of-moscow-tokyo-rapprochement"}, nil},
		{"unknown", "/v1/articles/no-such-article.pdf", 404, "", []string{"no-such-article"}, []string{"not found", "no-such-article"}},
		{"200 characters is valid but unknown", "/v1/articles/" + strings.Repeat("a", 200) + ".pdf", 404, "", []string{strings.Repeat("a", 200)}, []string{"not found"}},
		{"300 characters", "/v1/articles/" + strings.Repeat("a", 300) + ".pdf", 400, "", []string{strings.Repeat("a", 300)}, []string{"invalid article ID", "letters, digits"}},
		// mux cleans the decoded path and redirects; nothing reaches Get.
		{"encoded ../ traversal is redirected by the router", "/v1/articles/..%2F..%2Fetc.pdf", 301, "/etc.pdf", nil, nil},
		{"plain ../ traversal is redirected by the router", "/v1/articles/../../etc/passwd.pdf", 301, "/etc/passwd.pdf", nil, nil},
		{"encoded dot-dot as the ID", "/v1/articles/%2e%2e.pdf", 400, "", []string{".."}, []string{"invalid article ID", "letters, digits"}},
		{"a.b", "/v1/articles/a.b.pdf", 400, "", []string{"a.b"}, []string{"invalid article ID"}},
		{"x.pdf.pdf", "/v1/articles/x.pdf.pdf", 400, "", []string{"x.pdf"}, []string{"invalid article ID"}},
		{"-x", "/v1/articles/-x.pdf", 400, "", []string{"-x"}, []string{"invalid article ID"}},
		{"_x", "/v1/articles/_x.pdf", 400, "", []string{"_x"}, []string{"invalid article ID"}},
		{"backslash", "/v1/articles/a%5Cb.pdf", 400, "", []string{`a\b`}, []string{"invalid article ID"}},
		{"NUL", "/v1/articles/%00.pdf", 400, "", []string{"\x00"}, []string{"invalid article ID"}},
		{"space", "/v1/articles/a%20b.pdf", 400, "", []string{"a b"}, []string{"invalid article ID"}},
		{"non-ASCII", "/v1/articles/caf%C3%A9.pdf", 400, "", []string{"café"}, []string{"invalid article ID"}},
		{"encoded slash", "/v1/articles/a%2Fb.pdf", 404, "", nil, []string{"no route"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &recordingSource{Source: arch}
			srv := New(Config{Source: src, Renderer: (&fakeRenderer{}).render})
			rec := serve(t, srv, req(http.MethodGet, tt.path, "", ""))
			if rec.Code >= 500 {
				t.Fatalf("status = %d: a malformed ID is the client's error", rec.Code)
			}
			switch {
			case tt.status == 200:
				checkPDF(t, rec)
			case tt.status == 301:
				if rec.Code != tt.status {
					t.Fatalf("status = %d, want %d", rec.Code, tt.status)
				}
				if loc := rec.Header().Get("Location"); loc != tt.location {
					t.Errorf("Location = %q, want %q", loc, tt.location)
				}
			default:
				checkProblem(t, rec, tt.status, tt.detail...)
			}
			got := src.calls()
			for _, id := range got {
				if strings.Contains(id, "/") {
					t.Errorf("Get was called with %q, which contains a path separator", id)
				}
			}
			if !slices.Equal(got, tt.gets) {
				t.Errorf("Get calls = %q, want %q", got, tt.gets)
			}
		})
	}
}

// A stored article that cannot be read is the service's fault: 500, with a
// generic detail; the real error goes to the log only.
func TestSourceErrors(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		detail string
		hidden []string // must not appear in the response
	}{
		{"broken stored file", errors.New("open /srv/archive/broken.txt: input/output error"), 500, detailInternal,
			[]string{"/srv", "input/output", "broken.txt"}},
		{"parse error of a stored file", fmt.Errorf("reading article broken: %w", fmt.Errorf("%w: the text contains the control character U+0007 on line 3", article.ErrInvalid)), 500, detailInternal,
			[]string{"U+0007", "control character"}},
		{"file gone is not found", fmt.Errorf("%w: broken (its file is gone)", source.ErrNotFound), 404, "article not found: broken (its file is gone)", nil},
		// A CMS: down is 503 with Retry-After, a wrong answer 502, an
		// unpublished post 404 as if it did not exist; never a 500, and
		// never the CMS's address or the post's state in the response.
		{"CMS down", &source.UnavailableError{RetryAfter: 2500 * time.Millisecond, Err: errors.New("dial tcp 10.1.2.3:443: connection refused")}, 503,
			"the article source (the CMS) cannot be reached; retry in 3 s", []string{"10.1.2.3", "connection refused"}},
		{"CMS answer unusable", fmt.Errorf("%w: a redirect to https://evil.example/x, off the site cms.internal, is not followed", source.ErrUpstream), 502,
			"the article source (the CMS) gave an answer for this article that cannot be used; the failure has been logged", []string{"evil.example", "cms.internal"}},
		{"not public", fmt.Errorf("%w: post broken is a draft (draft)", source.ErrNotPublic), 404, notPublicDetail, []string{"draft"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.src.broken["broken"] = tt.err
			rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles/broken.pdf", "", ""))
			detail := checkProblem(t, rec, tt.status)
			if detail != tt.detail {
				t.Errorf("detail = %q, want %q", detail, tt.detail)
			}
			if ra := rec.Header().Get("Retry-After"); (tt.status == 503) != (ra == "3") {
				t.Errorf("Retry-After = %q with status %d", ra, tt.status)
			}
			for _, h := range tt.hidden {
				if strings.Contains(rec.Body.String(), h) {
					t.Errorf("the response leaks %q: %s", h, rec.Body.String())
				}
				if !strings.Contains(f.log.String(), h) {
					t.Errorf("the log does not record %q:\n%s", h, f.log.String())
				}
			}
			if n := len(f.ren.recorded()); n != 0 {
				t.Errorf("the renderer was called %d times", n)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// POST /v1/render

func TestRenderBody(t *testing.T) {
	const jsonArticle = `{"title": "A JSON article", "body": ["One.", "Two."]}`
	const ansStory = `{"type": "story", "headlines": {"basic": "An ANS story"}, "content_elements": [{"type": "text", "content": "One."}]}`
	tests := []struct {
		name, ctype, body string
		status            int
		title             string // the title the renderer must get
		detail            []string
	}{
		{"text/plain", "text/plain", validText, 200, "Title of a posted article", nil},
		{"text/plain; charset=utf-8", "text/plain; charset=utf-8", validText, 200, "Title of a posted article", nil},
		{"charset=UTF-8 upper case", "text/plain; charset=UTF-8", validText, 200, "Title of a posted article", nil},
		{"TEXT/PLAIN upper case", "TEXT/PLAIN", validText, 200, "Title of a posted article", nil},
		{"application/json", "application/json", jsonArticle, 200, "A JSON article", nil},
		{"application/json; charset=utf-8", "application/json; charset=utf-8", jsonArticle, 200, "A JSON article", nil},
		{"ANS", "application/vnd.arcxp.ans+json", ansStory, 200, "An ANS story", nil},
		{"ANS; charset=utf-8", "application/vnd.arcxp.ans+json; charset=utf-8", ansStory, 200, "An ANS story", nil},
		{"site text with chrome, date and rights", "text/plain",
			"Print Save as PDF +A A -A\n4 January 2017\n\nThe title\n\nParagraph.\n\n© Someone - rights\n", 200, "The title", nil},
		{"text/html", "text/html", htmlPage, 200, "Ferry returns after twelve years", nil},
		{"text/html; charset=utf-8", "text/html; charset=utf-8", htmlPage, 200, "Ferry returns after twelve years", nil},
		{"application/xml", "application/xml", "<article><title>x</title></article>", 415, "", []string{`"application/xml"`, "text/plain", "application/json", "application/vnd.arcxp.ans+json", "text/html"}},
		{"missing Content-Type", "", validText, 415, "", []string{"text/plain", "application/json", "application/vnd.arcxp.ans+json", "text/html"}},
		{"charset=latin1", "text/plain; charset=latin1", validText, 415, "", []string{`"latin1"`, "UTF-8"}},
		{"charset on JSON", "application/json; charset=iso-8859-1", jsonArticle, 415, "", []string{"UTF-8"}},
		{"malformed Content-Type", "text/plain; charset", validText, 415, "", []string{"text/plain", "application/json", "text/html"}},
		{"malformed Content-Type without subtype", "text/", validText, 415, "", []string{"text/plain", "application/json"}},
		{"application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "title=x", 415, "", []string{"text/plain"}},
		{"empty text", "text/plain", "", 400, "", []string{"empty"}},
		{"white-space text", "text/plain", " \n\t\r\n  \n", 400, "", []string{"empty"}},
		{"empty JSON", "application/json", "", 400, "", []string{"empty"}},
		{"white-space JSON", "application/json", "  \n ", 400, "", []string{"empty"}},
		{"JSON without title", "application/json", `{"body": ["text"]}`, 422, "", []string{"no title"}},
		{"JSON with blank title", "application/json", `{"title": "   "}`, 422, "", []string{"no title"}},
		{"malformed JSON", "application/json", `{"title": "x",`, 422, "", []string{"JSON"}},
		{"JSON syntax error", "application/json", `{"title" "x"}`, 422, "", []string{"malformed", "byte"}},
		{"JSON unknown field", "application/json", `{"title": "x", "autor": "y"}`, 422, "", []string{"autor", "allowed fields"}},
		{"JSON wrong type", "application/json", `{"title": "x", "body": "one"}`, 422, "", []string{"body", "an array of paragraphs"}},
		{"JSON array", "application/json", `["x"]`, 422, "", []string{"object"}},
		{"JSON trailing data", "application/json", `{"title": "x"} {}`, 422, "", []string{"after the JSON object"}},
		{"text with a control character", "text/plain", "Title\n\nBell \a here\n", 422, "", []string{"U+0007", "line 3"}},
		{"text that is not UTF-8", "text/plain", "Titl\xe9\n\nBody\n", 422, "", []string{"UTF-8", "line 1"}},
		{"text with only the chrome line", "text/plain", "Print Save as PDF +A A -A\n", 422, "", []string{"no title"}},
		{"empty ANS", "application/vnd.arcxp.ans+json", "", 400, "", []string{"empty"}},
		{"ANS without a headline", "application/vnd.arcxp.ans+json", `{"type": "story", "content_elements": []}`, 422, "", []string{"no headline"}},
		{"ANS of the wrong type", "application/vnd.arcxp.ans+json", `{"type": "story", "headlines": {"basic": 5}}`, 422, "", []string{"headlines.basic", "a string"}},
		{"a JSON article sent as ANS", "application/vnd.arcxp.ans+json", jsonArticle, 422, "", []string{"no headline"}},
		{"an ANS story sent as a JSON article", "application/json", ansStory, 422, "", []string{`unknown field "type"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := serve(t, f.srv, req(http.MethodPost, "/v1/render", tt.body, tt.ctype))
			calls := f.ren.recorded()
			if tt.status != http.StatusOK {
				checkProblem(t, rec, tt.status, tt.detail...)
				if len(calls) != 0 {
					t.Errorf("the renderer was called: %+v", calls)
				}
				return
			}
			checkPDF(t, rec)
			if len(calls) != 1 || calls[0].Title != tt.title {
				t.Errorf("renderer calls = %+v, want one with title %q", calls, tt.title)
			}
			if got := f.src.calls(); len(got) != 0 {
				t.Errorf("a posted article was looked up in the source: %q", got)
			}
		})
	}
}

// textOfSize returns a valid plain-text article of exactly n bytes.
func textOfSize(n int) string {
	head := "Title\n\n"
	return head + strings.Repeat("a", n-len(head))
}

func TestRenderBodyTooLarge(t *testing.T) {
	const limit = 1024
	tests := []struct {
		name   string
		body   string
		ctype  string
		status int
	}{
		{"exactly the limit", textOfSize(limit), "text/plain", 200},
		{"one byte over", textOfSize(limit + 1), "text/plain", 413},
		{"far over", textOfSize(64 << 10), "text/plain", 413},
		{"JSON over", `{"title": "x", "body": ["` + strings.Repeat("a", 2*limit) + `"]}`, "application/json", 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.MaxBodyBytes = limit })
			rec := serve(t, f.srv, req(http.MethodPost, "/v1/render", tt.body, tt.ctype))
			if tt.status == http.StatusOK {
				checkPDF(t, rec)
				return
			}
			detail := checkProblem(t, rec, tt.status, "1024 bytes")
			if want := "the request body is larger than the limit of 1024 bytes"; detail != want {
				t.Errorf("detail = %q, want %q", detail, want)
			}
			if n := len(f.ren.recorded()); n != 0 {
				t.Errorf("the renderer was called %d times", n)
			}
		})
	}
}

func TestDefaultMaxBodyBytes(t *testing.T) {
	f := newFixture(t, nil) // MaxBodyBytes 0
	if f.srv.cfg.MaxBodyBytes != DefaultMaxBodyBytes {
		t.Fatalf("MaxBodyBytes = %d, want the default %d", f.srv.cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	}
	rec := serve(t, f.srv, req(http.MethodPost, "/v1/render", textOfSize(64<<10), "text/plain"))
	checkPDF(t, rec)
	rec = serve(t, f.srv, req(http.MethodPost, "/v1/render", textOfSize(DefaultMaxBodyBytes+1), "text/plain"))
	checkProblem(t, rec, 413, strconv.Itoa(DefaultMaxBodyBytes))
}

// ---------------------------------------------------------------------------
// Renderer errors

func TestRendererErrors(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		partial string // output written before the error
		status  int
		detail  string   // exact detail
		hidden  []string // must not appear in the response
	}{
		// A cancellation while the client is still there is none of its doing.
		{"context.Canceled", fmt.Errorf("layout aborted at page 3: %w", context.Canceled), "", 500, detailInternal, []string{"layout aborted", "page 3"}},
		{"context.DeadlineExceeded", fmt.Errorf("layout: %w", context.DeadlineExceeded), "", 503, detailTimeout, []string{"layout:"}},
		{"ErrOption is the client's", fmt.Errorf("%w: scale 9 is out of range; use a number from 0.5 to 2.5", render.ErrOption), "", 400,
			"invalid option: scale 9 is out of range; use a number from 0.5 to 2.5", nil},
		{"ErrInvalid is the client's", fmt.Errorf("%w: lang %q is not a language tag", article.ErrInvalid, "x y"), "", 422,
			`invalid article: lang "x y" is not a language tag`, nil},
		{"unexpected", errors.New("fpdf: /srv/fonts/NotoSerif-Regular.ttf: corrupt glyf table"), "", 500, detailInternal,
			[]string{"fpdf", "/srv/fonts", "glyf"}},
		{"unexpected after partial output", errors.New("pdf: write failed: disk quota"), "%PDF-1.4\n1 0 obj", 500, detailInternal,
			[]string{"disk quota", "%PDF", "obj"}},
	}
	for _, route := range routes {
		for _, tt := range tests {
			t.Run(route.name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, nil)
				f.ren.setErr(tt.err, tt.partial)
				rec := serve(t, f.srv, route.req(""))
				detail := checkProblem(t, rec, tt.status)
				if detail != tt.detail {
					t.Errorf("detail = %q, want %q", detail, tt.detail)
				}
				for _, h := range tt.hidden {
					if strings.Contains(rec.Body.String(), h) {
						t.Errorf("the response leaks %q: %s", h, rec.Body.String())
					}
				}
				if tt.status >= 500 && !strings.Contains(f.log.String(), tt.err.Error()) {
					t.Errorf("the log does not record the error %q:\n%s", tt.err, f.log.String())
				}
				for _, k := range []string{"Content-Disposition", "Content-Length"} {
					if v := rec.Header().Get(k); v != "" {
						t.Errorf("an error response has %s %q", k, v)
					}
				}
			})
		}
	}
}

// The renderer gets the request's context, so a client that goes away
// cancels the render.
// TestRendererContext: a render is bounded by the render timeout, and is not
// abandoned when its client leaves (other requests may be waiting for it);
// a request cancelled before it gets a render slot is not rendered.
func TestRendererContext(t *testing.T) {
	var got context.Context
	f := newFixture(t, func(c *Config) {
		c.RenderTimeout = 3 * time.Second
		c.Renderer = func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			got = ctx
			return render.Result{}, ctx.Err()
		}
	})
	rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles/moscow.pdf", "", ""))
	if rec.Code != 200 || got == nil {
		t.Fatalf("status %d, renderer called: %v", rec.Code, got != nil)
	}
	if d, ok := got.Deadline(); !ok || time.Until(d) > 3*time.Second {
		t.Errorf("the render context has no deadline within the render timeout: %v %v", d, ok)
	}
}

// ---------------------------------------------------------------------------
// Routing

func TestUnknownRoute(t *testing.T) {
	tests := []string{
		"/index.html",
		"/articles/",
		"/articles/a/b",
		"/static/",
		"/v1",
		"/v1/articles/",
		"/v1/articles/moscow",
		"/v1/articles/moscow.txt",
		"/v1/articles/moscow.PDF",
		"/v1/articles/.pdf",
		"/v1/articles/a%2Fb.pdf",
		"/v2/render",
		"/metrics/extra",
	}
	for _, path := range tests {
		t.Run(path, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := serve(t, f.srv, req(http.MethodGet, path, "", ""))
			u, _ := url.Parse(path)
			checkProblem(t, rec, http.StatusNotFound, "no route", u.Path)
			if got := f.src.calls(); len(got) != 0 {
				t.Errorf("Get was called: %q", got)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	tests := []struct {
		method, path string
		allow        string
	}{
		{http.MethodGet, "/v1/render", "POST, OPTIONS"},
		{http.MethodPut, "/v1/render", "POST, OPTIONS"},
		{http.MethodPost, "/v1/articles", "GET, HEAD"},
		{http.MethodDelete, "/v1/articles/moscow.pdf", "GET, HEAD, OPTIONS"},
		{http.MethodPost, "/healthz", "GET, HEAD"},
		{http.MethodPost, "/metrics", "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := serve(t, f.srv, req(tt.method, tt.path, "", ""))
			checkProblem(t, rec, http.StatusMethodNotAllowed, tt.method+" is not allowed on "+tt.path)
			if n := len(f.ren.recorded()) + len(f.src.calls()); n != 0 {
				t.Errorf("the request reached the source or renderer")
			}
		})
	}
	t.Run("Allow header", func(t *testing.T) {
		for _, tt := range tests {
			f := newFixture(t, nil)
			rec := serve(t, f.srv, req(tt.method, tt.path, "", ""))
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Errorf("%s %s: Allow = %q, want %q", tt.method, tt.path, got, tt.allow)
			}
		}
	})
}

// ---------------------------------------------------------------------------
// Health and readiness

func TestHealthAndReadiness(t *testing.T) {
	f := newFixture(t, nil)
	steps := []struct {
		name, method, path string
		setReady           *bool
		status             int
		body               string
	}{
		{"healthz", http.MethodGet, "/healthz", nil, 200, "ok\n"},
		{"healthz HEAD", http.MethodHead, "/healthz", nil, 200, "ok\n"},
		{"ready at start", http.MethodGet, "/readyz", nil, 200, "ready\n"},
		{"not ready", http.MethodGet, "/readyz", ptr(false), 503, "shutting down\n"},
		{"healthz while not ready", http.MethodGet, "/healthz", nil, 200, "ok\n"},
		{"not ready HEAD", http.MethodHead, "/readyz", nil, 503, "shutting down\n"},
		{"ready again", http.MethodGet, "/readyz", ptr(true), 200, "ready\n"},
	}
	for _, st := range steps {
		if st.setReady != nil {
			f.srv.SetReady(*st.setReady)
		}
		rec := serve(t, f.srv, req(st.method, st.path, "", ""))
		if rec.Code != st.status || rec.Body.String() != st.body {
			t.Errorf("%s: %s %s = %d %q, want %d %q", st.name, st.method, st.path, rec.Code, rec.Body.String(), st.status, st.body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("%s: Content-Type = %q", st.name, ct)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// ---------------------------------------------------------------------------
// Concurrency (run with -race)

func TestConcurrentRequests(t *testing.T) {
	f := newFixture(t, nil)
	const n = 32
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			var r *http.Request
			switch i % 3 {
			case 0:
				r = req(http.MethodGet, "/v1/articles/moscow.pdf?scale=1.25", "", "")
			case 1:
				r = req(http.MethodPost, "/v1/render?paper=letter", validText, "text/plain")
			default:
				r = req(http.MethodGet, "/v1/articles/nope.pdf", "", "")
			}
			f.srv.ServeHTTP(rec, r)
			codes[i] = rec.Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		want := []int{200, 200, 404}[i%3]
		if c != want {
			t.Errorf("request %d: status %d, want %d", i, c, want)
		}
	}
	// Identical requests at the same moment may share a render: at least one
	// render per distinct PDF, at most one per successful request.
	if got, most := len(f.ren.recorded()), n-n/3; got < 2 || got > most {
		t.Errorf("%d renders for %d successful requests of 2 distinct PDFs", got, most)
	}
}

// ---------------------------------------------------------------------------
// Integration: the real renderer and the real embedded archive. These need
// fonts (embedded) and, for reading the PDF back, poppler (pdftest).

func newRealServer(t *testing.T) (*Server, *source.Archive) {
	t.Helper()
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	return New(Config{Source: arch}), arch
}

// words normalises text to single spaces, so that line breaks in the PDF do
// not matter.
func words(s string) string { return strings.Join(pdftest.Words(s), " ") }

const rightsLine = "© Intersection - for republishing rights"

func TestIntegrationArchivePDF(t *testing.T) {
	srv, _ := newRealServer(t)
	ts := httptest.NewServer(srv)
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf?disposition=attachment")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q", ct)
	}
	if !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", body)
	}
	if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) || resp.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length = %q, body has %d bytes", cl, len(body))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename="+moscowSlug+"; filename*=UTF-8''") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	text := words(pdftest.Text(t, body, 0))
	for _, want := range []string{rightsLine, "The illusions of Moscow-Tokyo rapprochement", "4 January 2017"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text does not contain %q:\n%.600s", want, text)
		}
	}
}

// Every article of the embedded archive renders through the API.
func TestIntegrationWholeArchive(t *testing.T) {
	srv, arch := newRealServer(t)
	for _, e := range arch.List() {
		t.Run(e.ID, func(t *testing.T) {
			rec := serve(t, srv, req(http.MethodGet, "/v1/articles/"+e.ID+".pdf", "", ""))
			body := checkPDF(t, rec)
			if pdftest.Pages(t, body) < 1 {
				t.Errorf("no pages")
			}
		})
	}
}

func TestIntegrationPostedArticle(t *testing.T) {
	tests := []struct {
		name, ctype, body string
		want              []string
		notWant           []string
	}{
		{"text without rights gets the default rights line", "text/plain; charset=utf-8",
			"A posted article about bridges\n\nThe first paragraph of a posted article.\n",
			[]string{"A posted article about bridges", "The first paragraph of a posted article.", rightsLine}, nil},
		{"JSON with its own rights line", "application/json",
			`{"title": "Posted as JSON", "body": ["Body text here."], "rights": "© Example Press 2024"}`,
			[]string{"Posted as JSON", "Body text here.", "© Example Press 2024"}, []string{rightsLine}},
	}
	srv, _ := newRealServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, srv, req(http.MethodPost, "/v1/render", tt.body, tt.ctype))
			body := checkPDF(t, rec)
			text := words(pdftest.Text(t, body, 0))
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("the PDF text does not contain %q:\n%s", w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("the PDF text contains %q:\n%s", w, text)
				}
			}
		})
	}
}

// Scale and paper reach the real renderer: a larger scale gives more pages,
// letter gives letter-sized pages.
func TestIntegrationOptions(t *testing.T) {
	srv, _ := newRealServer(t)
	get := func(q string) []byte {
		t.Helper()
		rec := serve(t, srv, req(http.MethodGet, "/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf"+q, "", ""))
		return checkPDF(t, rec)
	}
	small, large := get("?scale=0.5"), get("?scale=2.5")
	if ps, pl := pdftest.Pages(t, small), pdftest.Pages(t, large); pl <= ps {
		t.Errorf("scale 2.5 gives %d pages, scale 0.5 gives %d; want more at 2.5", pl, ps)
	}
	sizes := map[string]string{"?paper=A4": "A4", "?paper=letter": "letter"}
	keys := make([]string, 0, len(sizes))
	for k := range sizes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, q := range keys {
		if size := pdftest.Info(t, get(q))["Page size"]; !strings.Contains(size, sizes[q]) {
			t.Errorf("%s: page size %q, want %s", q, size, sizes[q])
		}
	}
}

// HEAD through a real HTTP server sends the headers of the PDF and no body.
func TestIntegrationHead(t *testing.T) {
	srv, _ := newRealServer(t)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	resp, err := http.Head(ts.URL + "/v1/articles/lyon-night-trains.pdf")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || len(body) != 0 {
		t.Errorf("HEAD = %d %q with %d body bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
	if n, err := strconv.Atoi(resp.Header.Get("Content-Length")); err != nil || n < 1000 {
		t.Errorf("Content-Length = %q", resp.Header.Get("Content-Length"))
	}
}
