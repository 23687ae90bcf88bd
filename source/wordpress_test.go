package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pdfexport/article"
)

// The WordPress answers in testdata/wordpress were saved from the fixture
// WordPress of testdata/wordpress (the repository's root), WordPress 6.1,
// with the requests Lookup sends: posts?slug=…&_embed=author,wp:featuredmedia.
// The tests here serve them from a stand-in server, to reach every rule
// (failures, timing, caching) deterministically; cmd/pdfexport's tests run
// against the real WordPress.

// fakeWP serves the saved answers, counts requests, and fails on demand.
type fakeWP struct {
	t     *testing.T
	srv   *httptest.Server
	files map[string]string // slug → saved answer
	posts []listEntry       // the listing
	// offset is the site's time zone: WordPress compares after and before
	// with a post's local date, date_gmt plus this.
	offset time.Duration
	// fail, when set, answers every request instead.
	fail     atomic.Pointer[func(http.ResponseWriter, *http.Request)]
	requests atomic.Int64
	mu       sync.Mutex
	queries  []url.Values
	auth     []string
}

func newFakeWP(t *testing.T) *fakeWP {
	f := &fakeWP{t: t, files: map[string]string{
		"gutenberg-showcase": "showcase.json", "amman-water": "arabic.json", "athens-water-reform-2": "plain.json",
		"password-protected": "protected.json", "busan-ferries-245": "autoexcerpt.json",
	}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeWP) serve(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	f.mu.Lock()
	f.queries = append(f.queries, r.URL.Query())
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.mu.Unlock()
	if fail := f.fail.Load(); fail != nil {
		(*fail)(w, r)
		return
	}
	f.answer(w, r)
}

// answer answers as the saved WordPress would.
func (f *fakeWP) answer(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/" && q.Get("feed") == "rss2":
		w.Write(readTestdata(f.t, "feed.xml"))
	case r.URL.Path == "/wp-json/wp/v2/posts" && q.Has("slug"):
		name, ok := f.files[q.Get("slug")]
		if strings.Contains(q.Get("status"), "draft") && q.Get("slug") == "a-draft-post" {
			name, ok = "draft.json", true
		}
		if !ok {
			w.Write([]byte("[]"))
			return
		}
		w.Write(readTestdata(f.t, name))
	case r.URL.Path == "/wp-json/wp/v2/posts/27":
		w.WriteHeader(http.StatusUnauthorized)
		w.Write(readTestdata(f.t, "forbidden.json"))
	case r.URL.Path == "/wp-json/wp/v2/posts/4242":
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"code":"rest_post_invalid_id","message":"Invalid post ID.","data":{"status":404}}`))
	case r.URL.Path == "/wp-json/wp/v2/posts":
		f.list(w, q)
	default:
		http.NotFound(w, r)
	}
}

// list answers a listing as WordPress does: pages of per_page, newest
// first, with X-WP-Total and X-WP-TotalPages; after and before compare the
// (here UTC) date.
func (f *fakeWP) list(w http.ResponseWriter, q url.Values) {
	per, _ := strconv.Atoi(q.Get("per_page"))
	page, _ := strconv.Atoi(q.Get("page"))
	var in []listEntry
	for _, p := range f.posts {
		gmt, _ := time.Parse("2006-01-02T15:04:05", p.DateGMT)
		local := gmt.Add(f.offset).Format("2006-01-02T15:04:05")
		if (q.Get("after") == "" || local > q.Get("after")) && (q.Get("before") == "" || local < q.Get("before")) {
			in = append(in, p)
		}
	}
	pages := (len(in) + per - 1) / per
	if page > max(pages, 1) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}`))
		return
	}
	w.Header().Set("X-WP-Total", strconv.Itoa(len(in)))
	w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	json.NewEncoder(w).Encode(in[min((page-1)*per, len(in)):min(page*per, len(in))])
}

func (f *fakeWP) failWith(h func(http.ResponseWriter, *http.Request)) { f.fail.Store(&h) }
func (f *fakeWP) recover()                                            { f.fail.Store(nil) }

// failFeed has the site's feed answer 404, and the rest as usual.
func (f *fakeWP) failFeed() {
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("feed") != "" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		f.answer(w, r)
	})
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "wordpress", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// clock is a settable time for the cache's rules.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newWP(t *testing.T, f *fakeWP, edit func(*WordPressOptions)) (*WordPress, *clock) {
	t.Helper()
	c := &clock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	o := WordPressOptions{RemoteOptions: RemoteOptions{Now: c.Now, MaxAge: time.Minute}}
	if edit != nil {
		edit(&o)
	}
	wp, err := NewWordPress(f.srv.URL, o)
	if err != nil {
		t.Fatal(err)
	}
	return wp, c
}

func lookup(t *testing.T, wp *WordPress, id string) (Doc, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return wp.Lookup(ctx, id)
}

// A post becomes an article: every field from where the issue says, the
// body through the HTML mapping.
func TestWordPressPostToArticle(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, nil)
	doc, err := lookup(t, wp, "gutenberg-showcase")
	if err != nil {
		t.Fatal(err)
	}
	a := doc.Article
	if a.Title != "After 41 years, the last manual crane shift" || a.Standfirst != "The North Terminal hands its quay cranes to software." ||
		a.Byline != "By Maren Holt" || a.URL != "http://127.0.0.1:8765/gutenberg-showcase/" || a.Lang != "en-US" || doc.Stale {
		t.Errorf("title %q, standfirst %q, byline %q, URL %q, lang %q, stale %v", a.Title, a.Standfirst, a.Byline, a.URL, a.Lang, doc.Stale)
	}
	if got := a.Published.Format(time.RFC3339); got != "2024-05-13T21:30:00Z" {
		t.Errorf("published %s, want date_gmt as UTC", got)
	}
	if a.Lead == nil || a.Lead.Figure == nil || len(a.Lead.Figure.Images) != 1 ||
		a.Lead.Figure.Images[0].Src != "http://127.0.0.1:8765/wp-content/uploads/progressive-gradient.jpg" || a.Lead.Figure.Images[0].Alt == "" ||
		(article.Block{Runs: a.Lead.Figure.Caption}).Text() != "Dusk over the North Terminal, a progressive JPEG" {
		t.Errorf("lead image: %+v", a.Lead)
	}
	kinds := map[article.BlockKind]int{}
	for _, b := range a.Body {
		kinds[b.Kind]++
	}
	if kinds[article.Figure] < 2 || kinds[article.PullQuote] != 1 || kinds[article.Table] != 1 || kinds[article.Heading] < 2 {
		t.Errorf("body kinds: %v", kinds)
	}
}

// The site's language is the posts' unless a post is plainly in another;
// the flag's overrides both.
func TestWordPressLanguage(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, nil)
	for id, want := range map[string]string{"amman-water": "ar", "athens-water-reform-2": "el", "gutenberg-showcase": "en-US"} {
		doc, err := lookup(t, wp, id)
		if err != nil || doc.Article.Lang != want {
			t.Errorf("%s: lang %q, %v; want %q", id, doc.Article.Lang, err, want)
		}
	}
	wp, _ = newWP(t, f, func(o *WordPressOptions) { o.Lang = "en-GB" })
	if doc, err := lookup(t, wp, "amman-water"); err != nil || doc.Article.Lang != "en-GB" {
		t.Errorf("with the flag: %q %v", doc.Article.Lang, err)
	}
}

// WordPress's automatic excerpt (the body's first words) is no standfirst;
// a written one is.
func TestWordPressAutomaticExcerpt(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, nil)
	doc, err := lookup(t, wp, "busan-ferries-245")
	if err != nil || doc.Article.Standfirst != "" {
		t.Errorf("automatic excerpt: standfirst %q, %v", doc.Article.Standfirst, err)
	}
	doc, err = lookup(t, wp, "athens-water-reform-2")
	if err != nil || !strings.HasPrefix(doc.Article.Standfirst, "Με τους ταμιευτήρες") {
		t.Errorf("written excerpt: standfirst %q, %v", doc.Article.Standfirst, err)
	}
}

// Not public is never rendered: it is not found, and the error says why,
// for an export's manifest.
func TestWordPressNotPublic(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, nil)
	for id, want := range map[string]string{"password-protected": "password-protected", "27": "not published", "a-draft-post": ""} {
		_, err := lookup(t, wp, id)
		switch {
		case want == "" && (!errors.Is(err, ErrNotFound) || errors.Is(err, ErrNotPublic)):
			t.Errorf("%s without credentials: %v, want not found", id, err)
		case want != "" && (!errors.Is(err, ErrNotPublic) || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want not public (%s)", id, err, want)
		}
	}
	// With credentials, WordPress shows the draft, which is refused as one.
	wp, _ = newWP(t, f, func(o *WordPressOptions) { o.User, o.Password = "editor", "abcd efgh" })
	if _, err := lookup(t, wp, "a-draft-post"); !errors.Is(err, ErrNotPublic) || !strings.Contains(err.Error(), "draft") {
		t.Errorf("a draft with credentials: %v", err)
	}
	f.mu.Lock()
	last, q := f.auth[len(f.auth)-1], f.queries[len(f.queries)-1]
	f.mu.Unlock()
	if last != "Basic ZWRpdG9yOmFiY2QgZWZnaA==" || !strings.Contains(q.Get("status"), "draft") {
		t.Errorf("credentials sent as %q, status %q", last, q.Get("status"))
	}
	if _, err := lookup(t, wp, "4242"); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrNotPublic) {
		t.Errorf("an unknown number: %v", err)
	}
	if _, err := lookup(t, wp, "no-such-post"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown slug: %v", err)
	}
	if _, err := lookup(t, wp, "../x"); !errors.Is(err, ErrBadID) {
		t.Errorf("a bad ID: %v", err)
	}
}

// Wrong credentials are the operator's mistake, told as such (502), not a
// post that is not public.
func TestWordPressWrongCredentials(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, nil)
	f.failWith(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"code":"incorrect_password","message":"The provided password is an invalid application password.","data":{"status":401}}`))
	})
	_, err := lookup(t, wp, "27")
	if !errors.Is(err, ErrUpstream) || errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "application password") {
		t.Errorf("wrong credentials: %v", err)
	}
}

// Within MaxAge a post is not asked for again; after it, it is, and the
// same bytes keep the same article (so the renderer's caches keyed by it
// hold), while changed bytes are a new article.
func TestWordPressCache(t *testing.T) {
	f := newFakeWP(t)
	wp, c := newWP(t, f, nil)
	first, _ := lookup(t, wp, "gutenberg-showcase")
	n := f.requests.Load()
	again, _ := lookup(t, wp, "gutenberg-showcase")
	if f.requests.Load() != n || again.Article != first.Article {
		t.Errorf("within MaxAge: %d requests more, same article %v", f.requests.Load()-n, again.Article == first.Article)
	}
	c.advance(2 * time.Minute)
	again, _ = lookup(t, wp, "gutenberg-showcase")
	if f.requests.Load() != n+1 || again.Article != first.Article {
		t.Errorf("after MaxAge, the same bytes: %d requests more, same article %v", f.requests.Load()-n, again.Article == first.Article)
	}
	f.files["gutenberg-showcase"] = "plain.json" // the post was edited
	c.advance(2 * time.Minute)
	edited, _ := lookup(t, wp, "gutenberg-showcase")
	if edited.Article == first.Article || edited.Article.Title == first.Article.Title {
		t.Errorf("an edited post gave the old article %q", edited.Article.Title)
	}
}

// Invalidate drops a post at once, by its slug or its number, whichever
// it was fetched by.
func TestWordPressInvalidate(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.MaxAge = time.Hour })
	first, _ := lookup(t, wp, "gutenberg-showcase")
	f.files["gutenberg-showcase"] = "plain.json"
	if again, _ := lookup(t, wp, "gutenberg-showcase"); again.Article != first.Article {
		t.Fatal("not cached")
	}
	var showcase struct {
		ID int64 `json:"id"`
	}
	var ps []json.RawMessage
	json.Unmarshal(readTestdata(t, "showcase.json"), &ps)
	json.Unmarshal(ps[0], &showcase)
	wp.Invalidate(strconv.FormatInt(showcase.ID, 10)) // the webhook names posts by number
	if again, _ := lookup(t, wp, "gutenberg-showcase"); again.Article == first.Article {
		t.Error("still cached after Invalidate by number")
	}
	f.files["gutenberg-showcase"] = "showcase.json"
	wp.Invalidate("gutenberg-showcase")
	if again, _ := lookup(t, wp, "gutenberg-showcase"); again.Article.Title != first.Article.Title {
		t.Error("still cached after Invalidate by slug")
	}
}

// A CMS that is down: a cached post is given stale, with its age; another
// fails with the time to retry; no request goes out until then; and the
// first one after it finds the CMS back.
func TestWordPressDown(t *testing.T) {
	f := newFakeWP(t)
	wp, c := newWP(t, f, func(o *WordPressOptions) { o.MaxAge = 0 })
	if _, err := lookup(t, wp, "gutenberg-showcase"); err != nil {
		t.Fatal(err)
	}
	f.failWith(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c.advance(90 * time.Second)
	doc, err := lookup(t, wp, "gutenberg-showcase")
	if err != nil || !doc.Stale || doc.Age != 90*time.Second {
		t.Errorf("cached, CMS down: stale %v, age %s, %v", doc.Stale, doc.Age, err)
	}
	n := f.requests.Load()
	_, err = lookup(t, wp, "amman-water")
	var down *UnavailableError
	if !errors.As(err, &down) || down.RetryAfter != 7*time.Second || f.requests.Load() != n {
		t.Errorf("uncached, CMS down: %v; %d requests sent while it is down", err, f.requests.Load()-n)
	}
	f.recover()
	c.advance(8 * time.Second)
	if doc, err := lookup(t, wp, "amman-water"); err != nil || doc.Stale {
		t.Errorf("after Retry-After: %v, stale %v", err, doc.Stale)
	}
}

// Without a Retry-After, the wait doubles from 2 s to at most a minute; a
// server that does not answer at all, or too slowly, is down like one that
// answers 5xx.
func TestWordPressBackoff(t *testing.T) {
	f := newFakeWP(t)
	wp, c := newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.Timeout = 0, 200*time.Millisecond })
	f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	var waits []time.Duration
	for range 8 {
		_, err := lookup(t, wp, "gutenberg-showcase")
		var down *UnavailableError
		if !errors.As(err, &down) {
			t.Fatalf("%v", err)
		}
		waits = append(waits, down.RetryAfter)
		c.advance(down.RetryAfter)
	}
	if fmt.Sprint(waits) != "[2s 4s 8s 16s 32s 1m0s 1m0s 1m0s]" {
		t.Errorf("waits %v", waits)
	}
	f.recover()
	release := make(chan struct{})
	f.failWith(func(http.ResponseWriter, *http.Request) { <-release })
	_, err := lookup(t, wp, "gutenberg-showcase")
	if !errors.As(err, new(*UnavailableError)) {
		t.Errorf("a CMS that does not answer in time: %v", err)
	}
	close(release)
	f.srv.Close()
	c.advance(2 * time.Minute)
	if _, err := lookup(t, wp, "gutenberg-showcase"); !errors.As(err, new(*UnavailableError)) {
		t.Errorf("a CMS that refuses connections: %v", err)
	}
}

// Requests stay on the site: a redirect elsewhere is refused, one on the
// site followed; an answer over the size limit is refused.
func TestWordPressLimits(t *testing.T) {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("[]")) }))
	defer elsewhere.Close()
	f := newFakeWP(t)
	wp, _ := newWP(t, f, func(o *WordPressOptions) { o.MaxAge, o.MaxBytes = 0, 10000 })
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), http.StatusFound)
	})
	_, err := lookup(t, wp, "gutenberg-showcase")
	if !errors.Is(err, ErrUpstream) || !strings.Contains(err.Error(), "off the site") {
		t.Errorf("a redirect off the site: %v", err)
	}
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("moved") == "" {
			http.Redirect(w, r, r.URL.RequestURI()+"&moved=1", http.StatusMovedPermanently)
			return
		}
		w.Write(readTestdata(t, "protected.json"))
	})
	if _, err := lookup(t, wp, "password-protected"); !errors.Is(err, ErrNotPublic) {
		t.Errorf("a redirect on the site was not followed: %v", err)
	}
	for name, h := range map[string]func(http.ResponseWriter, *http.Request){
		"with a length": func(w http.ResponseWriter, _ *http.Request) { w.Write(readTestdata(t, "plain.json")) },
		"chunked": func(w http.ResponseWriter, _ *http.Request) {
			data := readTestdata(t, "plain.json")
			for i := 0; i < len(data); i += 1000 {
				w.Write(data[i:min(i+1000, len(data))])
				w.(http.Flusher).Flush()
			}
		},
	} {
		f.failWith(h)
		if _, err := lookup(t, wp, "gutenberg-showcase"); !errors.Is(err, ErrUpstream) || !strings.Contains(err.Error(), "limit") {
			t.Errorf("an answer over the limit, %s: %v", name, err)
		}
	}
	f.failWith(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`[{"id": "not a number"`)) })
	if _, err := lookup(t, wp, "gutenberg-showcase"); !errors.Is(err, ErrUpstream) {
		t.Errorf("broken JSON: %v", err)
	}
}

// Concurrent requests for one post share one fetch, which goes on for the
// others when the request that started it leaves.
func TestWordPressSharedFetch(t *testing.T) {
	f := newFakeWP(t)
	wp, _ := newWP(t, f, nil)
	entered, release := make(chan struct{}), make(chan struct{})
	f.failWith(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("feed") == "" {
			entered <- struct{}{}
			<-release
		}
		f.answer(w, r)
	})
	first, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 2)
	go func() { _, err := wp.Lookup(first, "gutenberg-showcase"); errc <- err }()
	select {
	case <-entered:
	case <-time.After(20 * time.Second):
		t.Fatal("no request reached the CMS")
	}
	go func() { _, err := lookup(t, wp, "gutenberg-showcase"); errc <- err }()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("the request that left: %v", err)
	}
	close(release)
	if err := <-errc; err != nil {
		t.Errorf("the request that stayed: %v", err)
	}
	if n := f.requests.Load(); n != 2 { // the feed and the post
		t.Errorf("%d requests, want one fetch of the post", n)
	}
}

// Listing pages through X-WP-TotalPages, newest first, and applies a date
// range to date_gmt; a protected post is listed as not public.
func TestWordPressListing(t *testing.T) {
	f := newFakeWP(t)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 254 {
		var p listEntry
		p.ID, p.Slug, p.DateGMT = int64(1000+i), fmt.Sprintf("post-%d", i), start.Add(time.Duration(i)*73*time.Hour).Format("2006-01-02T15:04:05")
		p.Title.Rendered = fmt.Sprintf("Post &amp; %d", i)
		p.Content.Protected = i == 7
		f.posts = append([]listEntry{p}, f.posts...) // newest first
	}
	f.posts[3].Slug = "%d8%b9%d9%85%d8%a7%d9%86" // a slug of Arabic letters is no ID
	// Two posts by the edges of a range below, within a time zone of them.
	for i, at := range []string{"2025-01-01T02:00:00", "2025-03-31T20:00:00"} {
		var p listEntry
		p.ID, p.Slug, p.DateGMT = int64(5000+i), fmt.Sprintf("edge-%d", i), at
		f.posts = append(f.posts, p)
	}
	slices.SortStableFunc(f.posts, func(a, b listEntry) int { return strings.Compare(b.DateGMT, a.DateGMT) })
	wp, _ := newWP(t, f, nil)
	ctx := context.Background()
	all, err := wp.Listing(ctx, time.Time{}, time.Time{})
	if err != nil || len(all) != 256 || all[0].ID != "post-253" || all[0].Title != "Post & 253" || all[255].ID != "post-0" {
		t.Fatalf("%d entries, %v", len(all), err)
	}
	byID := map[string]Entry{}
	for _, e := range all {
		byID[e.ID] = e
	}
	if _, ok := byID["1250"]; !ok || byID["post-7"].NotPublic == "" || byID["post-8"].NotPublic != "" {
		t.Errorf("the post of an Arabic slug is listed by its number: %v; protected %q", ok, byID["post-7"].NotPublic)
	}
	pages := 0
	f.mu.Lock()
	for _, q := range f.queries {
		if q.Get("page") != "" {
			pages++
		}
	}
	f.mu.Unlock()
	if pages != 3 {
		t.Errorf("%d pages asked for, want 3", pages)
	}
	// A range is of UTC days, whatever the site's time zone (WordPress's
	// after and before are of local dates): Kiribati's and Baker Island's.
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	want := 0
	for _, e := range all {
		if !e.Published.Before(from) && e.Published.Before(to.AddDate(0, 0, 1)) {
			want++
		}
	}
	for _, offset := range []time.Duration{14 * time.Hour, -12 * time.Hour} {
		f.offset = offset
		wp, _ := newWP(t, f, nil)
		in, err := wp.Listing(ctx, from, to)
		if err != nil || len(in) != want || want == 0 {
			t.Errorf("a range, the site %s from UTC: %d entries, want %d; %v", offset, len(in), want, err)
		}
	}
	f.offset = 0
	f.posts = nil
	wp, _ = newWP(t, f, nil)
	if none, err := wp.Listing(ctx, time.Time{}, time.Time{}); err != nil || len(none) != 0 {
		t.Errorf("an empty site: %v %v", none, err)
	}
}

// The site's address is checked when the source is made.
func TestNewWordPressErrors(t *testing.T) {
	for _, site := range []string{"", "news.example", "ftp://news.example", "https://user:pw@news.example", "https://news.example/?p=1", "https://news.example/#top"} {
		if _, err := NewWordPress(site, WordPressOptions{}); err == nil {
			t.Errorf("%q: no error", site)
		}
	}
	for site, api := range map[string]string{
		"https://news.example":          "https://news.example/wp-json/wp/v2/",
		"https://news.example/blog/":    "https://news.example/blog/wp-json/wp/v2/",
		"https://news.example/wp-json/": "https://news.example/wp-json/wp/v2/",
	} {
		wp, err := NewWordPress(site, WordPressOptions{})
		if err != nil || wp.api.String() != api {
			t.Errorf("%q: API %v, %v; want %s", site, wp.api, err, api)
		}
	}
}

func TestHTMLText(t *testing.T) {
	for in, want := range map[string]string{
		"Caf&eacute; &#8211; <em>Lyon</em>&nbsp;!":                                "Café – Lyon\u00a0!",
		"<p>One.</p>\n<p>Two<br>three</p>":                                        "One. Two three",
		"<p>Shown<script>var hidden = 1;</script> and <style>p{}</style>kept</p>": "Shown and kept",
		"<p>An excerpt [&hellip;]</p>":                                            "An excerpt […]",
		"":                                                                        "",
		"<<<>>>":                                                                  "<<<>>>",
	} {
		if got := htmlText(in); got != want {
			t.Errorf("htmlText(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzWordPressPost: whatever a CMS answers, a post is an article or an
// error, never a panic; an article is a valid one.
func FuzzWordPressPost(f *testing.F) {
	for _, name := range []string{"showcase.json", "arabic.json", "plain.json", "protected.json", "autoexcerpt.json", "draft.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "wordpress", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	wp, err := NewWordPress("https://news.example", WordPressOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := wp.decodePost(&response{status: http.StatusOK, body: body}, "a-post", "en-GB")
		if err != nil {
			return
		}
		if err := d.value.(*article.Article).Validate(); err != nil {
			t.Errorf("an invalid article: %v", err)
		}
	})
}
