package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pdfexport/source"
)

// cmsSource is the fixture's source as a CMS: it can serve stale copies,
// fail its listing, and records the IDs it is told to drop.
type cmsSource struct {
	*fakeSource
	stale       map[string]time.Duration // ID → age of a stale copy
	listErr     error
	mu          sync.Mutex
	invalidated []string
}

func (c *cmsSource) Lookup(ctx context.Context, id string) (source.Doc, error) {
	doc, err := c.fakeSource.Lookup(ctx, id)
	if age, ok := c.stale[id]; ok && err == nil {
		doc.Stale, doc.Age = true, age
	}
	return doc, err
}

func (c *cmsSource) Listing(ctx context.Context, from, to time.Time) ([]source.Entry, error) {
	if c.listErr != nil {
		return nil, c.listErr
	}
	return c.fakeSource.Listing(ctx, from, to)
}

func (c *cmsSource) Invalidate(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.invalidated = append(c.invalidated, id)
}

func cmsFixture(t *testing.T, edit func(*Config)) (*fixture, *cmsSource) {
	t.Helper()
	var cms *cmsSource
	f := newFixture(t, func(c *Config) {
		cms = &cmsSource{fakeSource: c.Source.(*fakeSource), stale: map[string]time.Duration{}}
		c.Source = cms
		if edit != nil {
			edit(c)
		}
	})
	return f, cms
}

// A copy kept while the CMS is down is served, marked stale: Age, the
// Warning RFC 9111 names, and no-cache, so that no cache keeps it as if it
// were current. A current copy has none of them.
func TestStaleArticleIsMarked(t *testing.T) {
	f, cms := cmsFixture(t, nil)
	cms.stale["moscow"] = 95 * time.Second
	for _, path := range []string{"/v1/articles/moscow.pdf", "/v1/articles/moscow.html", "/articles/moscow"} {
		rec := serve(t, f.srv, req(http.MethodGet, path, "", ""))
		h := rec.Header()
		if rec.Code != http.StatusOK || h.Get("Age") != "95" || !strings.HasPrefix(h.Get("Warning"), "110 ") || h.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: %d, Age %q, Warning %q, Cache-Control %q", path, rec.Code, h.Get("Age"), h.Get("Warning"), h.Get("Cache-Control"))
		}
	}
	rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles/athens.pdf", "", ""))
	if h := rec.Header(); h.Get("Age") != "" || h.Get("Warning") != "" || !strings.HasPrefix(h.Get("Cache-Control"), "public") {
		t.Errorf("a current article: Age %q, Warning %q, Cache-Control %q", h.Get("Age"), h.Get("Warning"), h.Get("Cache-Control"))
	}
}

// POST /v1/articles/{id}/invalidate drops the article from the source's
// cache: 204, behind the token like the other write routes, with a bad ID
// refused before the source hears of it.
func TestInvalidateRoute(t *testing.T) {
	f, cms := cmsFixture(t, func(c *Config) { c.Token = "s3cret-token-of-some-length" })
	post := func(path, token string) int {
		r := req(http.MethodPost, path, "", "")
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		return serve(t, f.srv, r).Code
	}
	if code := post("/v1/articles/moscow/invalidate", ""); code != http.StatusUnauthorized {
		t.Errorf("without the token: %d", code)
	}
	if code := post("/v1/articles/moscow/invalidate", "wrong"); code != http.StatusUnauthorized {
		t.Errorf("with a wrong token: %d", code)
	}
	if code := post("/v1/articles/moscow/invalidate", "s3cret-token-of-some-length"); code != http.StatusNoContent {
		t.Errorf("with the token: %d", code)
	}
	// An ID the source does not have is dropped too (it may be cached
	// under its other name): nothing to report.
	if code := post("/v1/articles/12345/invalidate", "s3cret-token-of-some-length"); code != http.StatusNoContent {
		t.Errorf("an unknown ID: %d", code)
	}
	rec := serve(t, f.srv, func() *http.Request {
		r := req(http.MethodPost, "/v1/articles/a.b/invalidate", "", "")
		r.Header.Set("Authorization", "Bearer s3cret-token-of-some-length")
		return r
	}())
	checkProblem(t, rec, http.StatusBadRequest)
	if rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles/moscow/invalidate", "", "")); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", rec.Code)
	}
	if got := cms.invalidated; !slices.Equal(got, []string{"moscow", "12345"}) {
		t.Errorf("invalidated %q, want moscow and 12345", got)
	}
}

// The listing leaves out what the CMS lists but does not publish, and a
// CMS that is down fails it with 503 and Retry-After, never with 500.
func TestCMSListing(t *testing.T) {
	f, cms := cmsFixture(t, nil)
	cms.entries = append(cms.entries, source.Entry{ID: "locked", Title: "A protected post", NotPublic: "not public: post locked is password-protected"})
	rec := serve(t, f.srv, req(http.MethodGet, "/v1/articles", "", ""))
	var got []source.Entry
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got) != 3 || strings.Contains(rec.Body.String(), "locked") {
		t.Errorf("listing: %v %s", err, rec.Body.String())
	}
	if page := serve(t, f.srv, req(http.MethodGet, "/", "", "")).Body.String(); strings.Contains(page, "A protected post") {
		t.Error("the archive page lists a protected post")
	}
	cms.listErr = &source.UnavailableError{RetryAfter: 4 * time.Second, Err: errors.New("timeout")}
	rec = serve(t, f.srv, req(http.MethodGet, "/v1/articles", "", ""))
	checkProblem(t, rec, http.StatusServiceUnavailable)
	if rec.Header().Get("Retry-After") != "4" {
		t.Errorf("Retry-After = %q", rec.Header().Get("Retry-After"))
	}
	page := serve(t, f.srv, req(http.MethodGet, "/", "", ""))
	if page.Code != http.StatusServiceUnavailable || page.Header().Get("Retry-After") != "4" || !strings.Contains(page.Body.String(), "cannot be reached") {
		t.Errorf("archive page with the CMS down: %d %q", page.Code, page.Header().Get("Retry-After"))
	}
}

func (c *cmsSource) Rejected() []source.Rejected { return nil }

// An unpublished article's reader page says what its PDF route says: no
// such article, without the reason.
func TestNotPublicReaderPage(t *testing.T) {
	f, cms := cmsFixture(t, nil)
	cms.broken["secret"] = fmt.Errorf("%w: post secret is a draft (draft)", source.ErrNotPublic)
	rec := serve(t, f.srv, req(http.MethodGet, "/articles/secret", "", ""))
	if body := rec.Body.String(); rec.Code != http.StatusNotFound || !strings.Contains(body, notPublicDetail) || strings.Contains(body, "draft") {
		t.Errorf("%d %s", rec.Code, body)
	}
}

// A source without a listing cannot select by date: the export says so
// (422), and one by ID goes on.
func TestExportFromSourceWithoutListing(t *testing.T) {
	f, cms := cmsFixture(t, nil)
	cms.listErr = source.ErrNoListing
	rec := serve(t, f.srv, req(http.MethodPost, "/v1/exports", `{"from": "2024-01-01"}`, "application/json"))
	checkProblem(t, rec, http.StatusUnprocessableEntity, "select articles by ID")
	rec = serve(t, f.srv, req(http.MethodPost, "/v1/exports", `{"ids": ["moscow"]}`, "application/json"))
	if rec.Code != http.StatusOK {
		t.Errorf("an export by ID: %d", rec.Code)
	}
}
