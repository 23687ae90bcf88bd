package source

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// More of the CMS client's promises, each found unguarded by breaking the
// code on purpose.

// A range holds its first and last days whole, in UTC; an undated article
// is in no range.
func TestInRange(t *testing.T) {
	day := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	for at, want := range map[time.Time]bool{
		day: true, day.Add(24*time.Hour - time.Second): true, day.Add(24 * time.Hour): false,
		day.Add(-time.Second): false, {}: false,
	} {
		if InRange(at, day, day) != want {
			t.Errorf("InRange(%s, the day, the day) = %v", at, !want)
		}
	}
	if !InRange(time.Time{}, time.Time{}, time.Time{}) || !InRange(day, day, time.Time{}) || !InRange(day, time.Time{}, day) {
		t.Error("an open range")
	}
}

// A post that turned not public, or was deleted, is not given stale when
// the CMS then goes down: what WordPress last said of it is that it is gone.
func TestWithdrawnPostIsNotGivenStale(t *testing.T) {
	for _, gone := range []string{"draft", "deleted"} {
		f := newFakeWP(t)
		wp, c := newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.User, o.Password, o.Lang = 0, "editor", "pw", "en" })
		if _, err := lookup(t, wp, "gutenberg-showcase"); err != nil {
			t.Fatal(err)
		}
		if gone == "draft" {
			f.files["gutenberg-showcase"] = "draft.json"
		} else {
			delete(f.files, "gutenberg-showcase")
		}
		if _, err := lookup(t, wp, "gutenberg-showcase"); !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrNotPublic) {
			t.Fatalf("%s: %v", gone, err)
		}
		f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
		c.advance(time.Second)
		if doc, err := lookup(t, wp, "gutenberg-showcase"); err == nil {
			t.Errorf("%s, then the CMS down: given stale: %q", gone, doc.Article.Title)
		}
	}
}

// 429 is the CMS down like 503; its Retry-After may be a date, and is
// believed for at most five minutes; an answer ends the backoff.
func TestRetryAfter(t *testing.T) {
	f := newFakeWP(t)
	wp, c := newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.Lang = 0, "en" })
	for _, tc := range []struct {
		status     int
		retryAfter func() string
		want       time.Duration
	}{
		{http.StatusTooManyRequests, func() string { return "12" }, 12 * time.Second},
		{http.StatusServiceUnavailable, func() string { return c.Now().Add(90 * time.Second).Format(http.TimeFormat) }, 90 * time.Second},
		{http.StatusServiceUnavailable, func() string { return "3600" }, 5 * time.Minute},
	} {
		f.failWith(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", tc.retryAfter())
			w.WriteHeader(tc.status)
		})
		_, err := lookup(t, wp, "gutenberg-showcase")
		var down *UnavailableError
		if !errors.As(err, &down) || down.RetryAfter != tc.want {
			t.Errorf("%d with Retry-After %q: %v, want a wait of %s", tc.status, tc.retryAfter(), err, tc.want)
		}
		if down != nil {
			c.advance(down.RetryAfter)
		}
	}
	// Three failures, an answer, a failure: the wait starts again at 2 s.
	f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	for range 3 {
		_, err := lookup(t, wp, "gutenberg-showcase")
		var down *UnavailableError
		errors.As(err, &down)
		c.advance(down.RetryAfter)
	}
	f.recover()
	if _, err := lookup(t, wp, "gutenberg-showcase"); err != nil {
		t.Fatal(err)
	}
	f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	var down *UnavailableError
	if _, err := lookup(t, wp, "amman-water"); !errors.As(err, &down) || down.RetryAfter != 2*time.Second {
		t.Errorf("after the CMS answered again: %v", err)
	}
}

// A listing without X-WP-TotalPages is not WordPress's; an empty site
// (WordPress answers page 1 with 400 rest_post_invalid_page_number when
// it has no posts... or with an empty page) lists nothing.
func TestListingAnswers(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.MaxAge = 0 })
	f.failWith(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`[{"id": 1, "slug": "a", "date_gmt": "2025-01-01T00:00:00"}]`))
	})
	if _, err := wp.Listing(context.Background(), time.Time{}, time.Time{}); !errors.Is(err, ErrUpstream) {
		t.Errorf("no X-WP-TotalPages: %v", err)
	}
	f.failWith(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}`))
	})
	if list, err := wp.Listing(context.Background(), time.Time{}, time.Time{}); err != nil || len(list) != 0 {
		t.Errorf("no posts: %v %v", list, err)
	}
}

// A post without a title is named by its slug; the date is written in
// the site's language; the last known site language outlives a feed that
// fails.
func TestWordPressFallbacks(t *testing.T) {
	f := newFakeWP(t)
	wp, c := newWP(t, f, nil)
	untitled := regexp.MustCompile(`"title":\{"rendered":"[^"]*"\}`).ReplaceAllString(string(readTestdata(t, "plain.json")), `"title":{"rendered":""}`)
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("slug") == "untitled" {
			w.Write([]byte(untitled))
			return
		}
		f.answer(w, r)
	})
	doc, err := lookup(t, wp, "untitled")
	if err != nil || doc.Article.Title != "athens-water-reform-2" {
		t.Errorf("an untitled post: %q %v", doc.Article.Title, err)
	}
	doc, _ = lookup(t, wp, "gutenberg-showcase")
	if doc.Article.Lang != "en-US" || doc.Article.Date == "" {
		t.Errorf("lang %q, date %q", doc.Article.Lang, doc.Article.Date)
	}
	c.advance(61 * time.Minute)
	f.failFeed()
	if doc, _ := lookup(t, wp, "amman-water"); doc.Article.Lang != "ar" {
		t.Errorf("the Arabic post: %q", doc.Article.Lang)
	}
	if doc, _ := lookup(t, wp, "gutenberg-showcase"); doc.Article.Lang != "en-US" {
		t.Errorf("the feed failing, the last known language is forgotten: %q", doc.Article.Lang)
	}
}

// Invalidate drops the post it names, under any of its names, and the
// listings, and nothing else.
func TestInvalidateIsPrecise(t *testing.T) {
	f := newFakeWP(t)
	var p listEntry
	p.ID, p.Slug, p.DateGMT = 1, "a", "2025-01-01T00:00:00"
	f.posts = []listEntry{p}
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.Lang = time.Hour, "en" })
	ctx := context.Background()
	lookup(t, wp, "gutenberg-showcase")
	lookup(t, wp, "amman-water")
	wp.Listing(ctx, time.Time{}, time.Time{})
	var showcase struct {
		ID int64 `json:"id"`
	}
	decodeFirst(t, "showcase.json", &showcase)
	n := f.requests.Load()
	wp.Invalidate("0" + strconv.FormatInt(showcase.ID, 10)) // a number written with a leading zero is the same post
	lookup(t, wp, "amman-water")
	if f.requests.Load() != n {
		t.Error("Invalidate of one post dropped another")
	}
	lookup(t, wp, "gutenberg-showcase")
	wp.Listing(ctx, time.Time{}, time.Time{})
	if got := f.requests.Load() - n; got != 2 {
		t.Errorf("%d requests after Invalidate, want the post and the listing again", got)
	}
}

// JSONURL: 410 is gone; Invalidate refetches; a copy is given stale while
// the CMS is down; a 304 counts as the CMS confirming the copy.
func TestJSONURLCaching(t *testing.T) {
	var requests atomic.Int64
	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		switch {
		case down.Load():
			w.WriteHeader(http.StatusServiceUnavailable)
		case strings.HasSuffix(r.URL.Path, "/gone"):
			w.WriteHeader(http.StatusGone)
		case r.Header.Get("If-None-Match") == `"v1"`:
			w.WriteHeader(http.StatusNotModified)
		default:
			w.Header().Set("ETag", `"v1"`)
			w.Write([]byte(`{"title": "Harbour", "body": ["One."]}`))
		}
	}))
	defer srv.Close()
	c := &clock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	src, err := NewJSONURL(srv.URL+"/a/{id}", RemoteOptions{MaxAge: time.Minute, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := src.Lookup(ctx, "gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("410: %v", err)
	}
	src.Lookup(ctx, "harbour")
	c.advance(2 * time.Minute)
	src.Lookup(ctx, "harbour") // 304
	c.advance(30 * time.Second)
	n := requests.Load()
	src.Lookup(ctx, "harbour")
	if requests.Load() != n {
		t.Error("a 304 did not count as the CMS confirming the copy")
	}
	src.Invalidate("harbour")
	src.Lookup(ctx, "harbour")
	if requests.Load() != n+1 {
		t.Error("Invalidate did not drop the article")
	}
	down.Store(true)
	c.advance(2 * time.Minute)
	if doc, err := src.Lookup(ctx, "harbour"); err != nil || !doc.Stale || doc.Age != 2*time.Minute {
		t.Errorf("down: %+v %v", doc, err)
	}
}

// decodeFirst decodes the first post of a saved answer.
func decodeFirst(t *testing.T, name string, v any) {
	t.Helper()
	var ps []json.RawMessage
	if err := json.Unmarshal(readTestdata(t, name), &ps); err != nil || len(ps) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	if err := json.Unmarshal(ps[0], v); err != nil {
		t.Fatal(err)
	}
}
