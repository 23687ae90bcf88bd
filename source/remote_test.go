package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// The rules of the CMS client (remote.go) that a reader of the code could
// break without WordPress's own tests noticing.

// An Invalidate that comes while the post is being fetched: the answer
// fetched before the edit is not kept, and the next request fetches again.
func TestInvalidateDuringFetch(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.MaxAge = time.Hour })
	lookup(t, wp, "athens-water-reform-2") // the feed is read
	entered, release := make(chan struct{}), make(chan struct{})
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		before := httptest.NewRecorder()
		f.answer(before, r) // the post as it is before the edit
		entered <- struct{}{}
		<-release
		w.Write(before.Body.Bytes())
	})
	done := make(chan struct{})
	go func() { defer close(done); lookup(t, wp, "gutenberg-showcase") }()
	<-entered
	f.recover()
	f.files["gutenberg-showcase"] = "plain.json" // the edit
	wp.Invalidate("gutenberg-showcase")          // and its webhook
	close(release)
	<-done
	if doc, err := lookup(t, wp, "gutenberg-showcase"); err != nil || !strings.HasPrefix(doc.Article.Title, "Η Αθήνα") {
		t.Errorf("after the webhook, the answer fetched before the edit is still served: %q %v", doc.Article.Title, err)
	}
}

// Requests failing together open one window of backoff, not one each.
func TestBackoffCountsWindows(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.Lang = 0, "en" })
	var wg sync.WaitGroup
	entered := make(chan struct{}, 8)
	release := make(chan struct{})
	f.failWith(func(w http.ResponseWriter, _ *http.Request) {
		entered <- struct{}{}
		<-release
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	errs := make([]error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = lookup(t, wp, "post-"+string(rune('a'+i))) }()
	}
	for range 8 {
		<-entered
	}
	close(release)
	wg.Wait()
	for _, err := range errs {
		var down *UnavailableError
		if !errors.As(err, &down) || down.RetryAfter > 2*time.Second {
			t.Errorf("eight requests failing at once: %v, want a wait of 2 s", err)
		}
	}
}

// A 500 is one page failing, not the CMS down: the next post is asked for.
func TestOnePageFailingIsNotTheCMSDown(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.Lang = "en" })
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("slug") == "gutenberg-showcase" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		f.answer(w, r)
	})
	if _, err := lookup(t, wp, "gutenberg-showcase"); !errors.Is(err, ErrUpstream) {
		t.Errorf("a post whose page fails: %v", err)
	}
	if _, err := lookup(t, wp, "amman-water"); err != nil {
		t.Errorf("the next post: %v", err)
	}
}

// A copy older than MaxStale is not given while the CMS is down; and one
// that grew too large to keep is not given in place of the newer answer.
func TestStaleLimits(t *testing.T) {
	f := newFakeWP(t)
	wp, c := newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.MaxStale, o.Lang = 0, time.Hour, "en" })
	lookup(t, wp, "gutenberg-showcase")
	f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	c.advance(59 * time.Minute)
	if doc, err := lookup(t, wp, "gutenberg-showcase"); err != nil || !doc.Stale {
		t.Errorf("59 minutes old: %v", err)
	}
	c.advance(2 * time.Minute)
	if _, err := lookup(t, wp, "gutenberg-showcase"); !errors.As(err, new(*UnavailableError)) {
		t.Errorf("61 minutes old, MaxStale an hour: %v", err)
	}

	f = newFakeWP(t)
	size := int64(len(readTestdata(t, "showcase.json")))
	wp, c = newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.CacheBytes, o.Lang = 0, 4*size+100, "en" })
	lookup(t, wp, "gutenberg-showcase")
	f.files["gutenberg-showcase"] = "plain.json" // edited, and now too large to keep
	if doc, _ := lookup(t, wp, "gutenberg-showcase"); !strings.HasPrefix(doc.Article.Title, "Η Αθήνα") {
		t.Fatal("the edit was not fetched")
	}
	f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	c.advance(time.Minute)
	if doc, err := lookup(t, wp, "gutenberg-showcase"); err == nil {
		t.Errorf("down: the text from before the edit is given stale: %q", doc.Article.Title)
	}
}

// The cache holds CacheBytes of answers at most, dropping the least
// recently used.
func TestCacheEviction(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/a/")
		mu.Lock()
		asked = append(asked, id)
		mu.Unlock()
		fmt.Fprintf(w, `{"title": "Article %s", "body": ["%s"]}`, id, strings.Repeat("word ", 180)) // 940 bytes
	}))
	defer srv.Close()
	src, err := NewJSONURL(srv.URL+"/a/{id}", RemoteOptions{MaxAge: time.Hour, CacheBytes: 4000})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range []string{"a", "b", "c", "d", "a", "e", "a", "b"} {
		if _, err := src.Lookup(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	// a, b, c, d fill 3,760 bytes; a is used again; e makes room by
	// dropping b, the least recently used; a is still there, b is not.
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(asked, ""); got != "abcdeb" {
		t.Errorf("asked %q, want abcdeb", got)
	}
	if src.r.bytes > 4000 {
		t.Errorf("%d bytes held, over the bound of 4000", src.r.bytes)
	}
}

// With credentials WordPress may refuse the status parameter (a user who
// cannot edit posts): the lookup goes on without it. A draft sharing a
// published post's slug does not hide the published one.
func TestSlugLookupWithCredentials(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.User, o.Password, o.Lang = "reader", "pw", "en" })
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("status") {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"code":"rest_forbidden_status","message":"Status is forbidden.","data":{"status":403}}`))
			return
		}
		f.answer(w, r)
	})
	if doc, err := lookup(t, wp, "gutenberg-showcase"); err != nil || doc.Article.Title == "" {
		t.Errorf("status refused: %v", err)
	}
	f.recover()
	wp, _ = newWP(t, f, func(o *WordPressOptions) { o.User, o.Password, o.Lang = "editor", "pw", "en" })
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		draft := strings.Replace(string(readTestdata(t, "draft.json")), `"slug":"a-draft-post"`, `"slug":"gutenberg-showcase"`, 1)
		published := string(readTestdata(t, "showcase.json"))
		w.Write([]byte("[" + strings.Trim(draft, "[]\n") + "," + strings.Trim(published, "[]\n") + "]"))
	})
	if doc, err := lookup(t, wp, "gutenberg-showcase"); err != nil || !strings.HasPrefix(doc.Article.Title, "After 41 years") {
		t.Errorf("a draft sharing the slug: %v", err)
	}
}

// A post parsed while the site's language was unknown is parsed again once
// it is known.
func TestLanguageLearnedLater(t *testing.T) {
	f := newFakeWP(t)
	wp, c := newWP(t, f, nil)
	f.failFeed()
	if doc, _ := lookup(t, wp, "gutenberg-showcase"); doc.Article.Lang != "en" {
		t.Fatalf("without the site's language: %q", doc.Article.Lang)
	}
	f.recover()
	c.advance(2 * time.Minute)
	if doc, _ := lookup(t, wp, "gutenberg-showcase"); doc.Article.Lang != "en-US" {
		t.Errorf("the site's language known: %q", doc.Article.Lang)
	}
}

// Requests stay on the site: its scheme, host and port, a default port
// written out being the same.
func TestOnSite(t *testing.T) {
	r := newRemote(&url.URL{Scheme: "https", Host: "news.example"}, RemoteOptions{})
	for u, want := range map[string]bool{
		"https://news.example/a": true, "https://NEWS.example:443/a": true, "http://news.example/a": false,
		"https://news.example:8443/a": false, "https://user@news.example/a": false, "https://news.example.evil/a": false,
	} {
		p, _ := url.Parse(u)
		if r.onSite(p) != want {
			t.Errorf("onSite(%s) = %v", u, !want)
		}
	}
}

// A listing page kept from before the CMS went down is not given: a
// listing is given whole and current, or fails.
func TestListingNotStale(t *testing.T) {
	f := newFakeWP(t)
	var p listEntry
	p.ID, p.Slug, p.DateGMT = 1, "1984", "2025-01-01T10:00:00"
	f.posts = []listEntry{p}
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.MaxAge = 0 })
	list, err := wp.Listing(context.Background(), time.Time{}, time.Time{})
	if err != nil || len(list) != 1 || list[0].ID != "1" {
		t.Fatalf("a post with a slug of digits is listed by its number: %v %v", list, err)
	}
	f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	if _, err := wp.Listing(context.Background(), time.Time{}, time.Time{}); !errors.As(err, new(*UnavailableError)) {
		t.Errorf("CMS down: %v", err)
	}
}
