package source

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// jsonCMS answers /api/articles/{id} with JSON articles, with an ETag and
// a Last-Modified, and honours If-None-Match and If-Modified-Since.
type jsonCMS struct {
	mu          sync.Mutex
	articles    map[string]string // ID → body
	etag        map[string]string
	conditional []string // the condition headers of each request
	paths       []string
}

func (c *jsonCMS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paths = append(c.paths, r.URL.EscapedPath())
	c.conditional = append(c.conditional, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
	id := strings.TrimPrefix(r.URL.Path, "/api/articles/")
	switch id {
	case "secret":
		w.WriteHeader(http.StatusForbidden)
		return
	case "broken":
		w.Write([]byte(`{"title": "Broken", "bogus": 1}`))
		return
	case "failing":
		w.WriteHeader(http.StatusInternalServerError)
		return
	case "locked":
		w.WriteHeader(http.StatusUnauthorized)
		return
	case "busy":
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	body, ok := c.articles[id]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", c.etag[id])
	w.Header().Set("Last-Modified", "Mon, 04 Jan 2021 10:00:00 GMT")
	if r.Header.Get("If-None-Match") == c.etag[id] {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write([]byte(body))
}

func TestJSONURL(t *testing.T) {
	cms := &jsonCMS{
		articles: map[string]string{
			"harbour": `{"title": "Harbour", "body": ["One.", "Two."]}`,
			"ans":     `{"type": "story", "headlines": {"basic": "An ANS story"}, "content_elements": [{"type": "text", "content": "One."}]}`,
		},
		etag: map[string]string{"harbour": `"v1"`, "ans": `"a1"`},
	}
	srv := httptest.NewServer(cms)
	defer srv.Close()
	src, err := NewJSONURL(srv.URL+"/api/articles/{id}", RemoteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := src.Lookup(ctx, "harbour")
	if err != nil || first.Article.Title != "Harbour" {
		t.Fatalf("%+v %v", first, err)
	}
	// MaxAge 0: asked again every time, conditionally; 304 keeps the
	// article, so the renderer's caches keyed by it hold.
	again, err := src.Lookup(ctx, "harbour")
	if err != nil || again.Article != first.Article {
		t.Errorf("after 304: %v, same article %v", err, again.Article == first.Article)
	}
	if got := cms.conditional[1]; got != `"v1"|Mon, 04 Jan 2021 10:00:00 GMT` {
		t.Errorf("the second request's conditions: %q", got)
	}
	cms.mu.Lock()
	cms.articles["harbour"], cms.etag["harbour"] = `{"title": "Harbour, corrected", "body": ["One."]}`, `"v2"`
	cms.mu.Unlock()
	if edited, err := src.Lookup(ctx, "harbour"); err != nil || edited.Article.Title != "Harbour, corrected" {
		t.Errorf("edited: %+v %v", edited, err)
	}
	if doc, err := src.Lookup(ctx, "ans"); err != nil || doc.Article.Title != "An ANS story" {
		t.Errorf("an ANS story: %+v %v", doc, err)
	}
	// One article failing (a 500) is that article's; wrong credentials
	// (401) are no article's state.
	for id, want := range map[string]error{"nope": ErrNotFound, "secret": ErrNotPublic, "broken": ErrUpstream, "a.b": ErrBadID, "failing": ErrUpstream, "locked": ErrUpstream} {
		if _, err := src.Lookup(ctx, id); !errors.Is(err, want) || errors.Is(err, ErrNotPublic) != (want == ErrNotPublic) {
			t.Errorf("%s: %v, want %v", id, err, want)
		}
	}
	var down *UnavailableError
	if _, err := src.Lookup(ctx, "busy"); !errors.As(err, &down) || down.RetryAfter != 30*time.Second {
		t.Errorf("a busy CMS: %v", err)
	}
	if _, err := src.Listing(ctx, time.Time{}, time.Time{}); !errors.Is(err, ErrNoListing) {
		t.Errorf("Listing: %v", err)
	}
}

func TestNewJSONURLErrors(t *testing.T) {
	for _, tmpl := range []string{"", "https://cms.example/api/articles", "https://cms.example/{id}/{id}", "cms.example/{id}", "file:///srv/{id}.json", "https://u:p@cms.example/{id}",
		// An ID must not choose the host.
		"https://{id}.cms.example/a", "https://cms.example{id}/a", "https://cms.example:{id}/a"} {
		if _, err := NewJSONURL(tmpl, RemoteOptions{}); err == nil {
			t.Errorf("%q: no error", tmpl)
		}
	}
	if _, err := NewJSONURL("https://cms.example/api/articles/{id}?format=pdfexport", RemoteOptions{}); err != nil {
		t.Errorf("a query in the template: %v", err)
	}
}
