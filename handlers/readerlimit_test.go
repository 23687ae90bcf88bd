package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pdfexport/source"
)

// TestSearchWordsAreCapped: an archive search of more words than anyone
// types is refused in plain words before any title is searched.
func TestSearchWordsAreCapped(t *testing.T) {
	f := newFixture(t, nil)
	search := func(words int) string { return "/?q=" + url.QueryEscape(strings.Repeat("moscow ", words)) }
	rec := serve(t, f.srv, req(http.MethodGet, search(maxSearchWords), "", ""))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "1 of 3 articles") {
		t.Errorf("a search of %d words: %d", maxSearchWords, rec.Code)
	}
	for _, n := range []int{maxSearchWords + 1, 30000} {
		rec := serve(t, f.srv, req(http.MethodGet, search(n), "", ""))
		body := rec.Body.String()
		if rec.Code != http.StatusBadRequest || !strings.Contains(body, "at most 16") || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("a search of %d words: %d %s", n, rec.Code, body)
		}
	}
}

// slowSource blocks Get of the article "slow" until released.
type slowSource struct {
	*fakeSource
	entered chan struct{}
	release chan struct{}
}

func (s *slowSource) Lookup(ctx context.Context, id string) (source.Doc, error) {
	if id == "slow" {
		s.entered <- struct{}{}
		<-s.release
	}
	return s.fakeSource.Lookup(ctx, id)
}

// TestReaderPagesAreLimited: the archive page, an article page and the
// print page are built within a limit of their own; beyond it and the
// queue wait, they are answered 503 with Retry-After, as a page or a
// problem document, while the PDF routes go on.
func TestReaderPagesAreLimited(t *testing.T) {
	var slow *slowSource
	f := newFixture(t, func(c *Config) {
		slow = &slowSource{fakeSource: c.Source.(*fakeSource), entered: make(chan struct{}, 1), release: make(chan struct{})}
		slow.articles["slow"] = slow.articles["moscow"]
		c.Source, c.MaxReaderPages, c.QueueWait = slow, 1, 20*time.Millisecond
	})
	held := serveAsync(f, req(http.MethodGet, "/articles/slow", "", ""))
	select {
	case <-slow.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the article page did not start")
	}
	for _, target := range []string{"/", "/articles/moscow", "/v1/articles/moscow.html"} {
		rec := receive(t, serveAsync(f, req(http.MethodGet, target, "", "")))
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "busy") {
			t.Errorf("%s with the page slot taken: %d, Retry-After %q: %s", target, rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
		}
	}
	checkPDF(t, receive(t, serveAsync(f, req(http.MethodGet, articleURL, "", ""))))
	if rec := receive(t, serveAsync(f, req(http.MethodGet, "/paste", "", ""))); rec.Code != http.StatusOK {
		t.Errorf("the paste page, which is always the same: %d", rec.Code)
	}
	close(slow.release)
	if rec := receive(t, held); rec.Code != http.StatusOK {
		t.Errorf("the held page: %d", rec.Code)
	}
	if rec := receive(t, serveAsync(f, req(http.MethodGet, "/articles/moscow", "", ""))); rec.Code != http.StatusOK {
		t.Errorf("an article page after the slot is free: %d", rec.Code)
	}
}
