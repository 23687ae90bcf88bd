package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pdfexport/export"
	"pdfexport/internal/pdftest"
	"pdfexport/internal/wpfixture"
)

// The WordPress source against a real WordPress: the fixture site of
// testdata/wordpress (254 published posts, a draft, a password-protected
// post, an Arabic post, a post of 300 images, Gutenberg blocks), its web
// server stopped and started by the tests. The subtests share the site and
// run in order; each starts its own pdfexport serve with the flags it
// needs, as an operator would.
func TestWordPress(t *testing.T) {
	site := wpfixture.Start(t)
	password := filepath.Join(t.TempDir(), "app-password")
	if err := os.WriteFile(password, []byte(site.Password()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wpFlags := []string{"--wordpress", wpfixture.URL, "--wordpress-user", wpfixture.User, "--wordpress-password-file", password,
		"--image-allow-private"}

	t.Run("render by slug and by ID", func(t *testing.T) {
		base := wpServe(t, wpFlags...)
		pdf, h := fetch(t, base+"/v1/articles/gutenberg-showcase.pdf", 200)
		text := pdftest.Text(t, pdf, 0)
		for _, want := range []string{"After 41 years, the last manual crane shift", "The North Terminal hands its quay cranes to software.",
			"By Maren Holt", "Dusk over the North Terminal", "We used to know every crane driver by name", "412,000", "Throughput"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		if n := len(pdftest.Images(t, pdf)); n < 5 {
			t.Errorf("%d pictures drawn, want the featured image and the post's four", n)
		}
		id := site.PostID("gutenberg-showcase")
		byID, h2 := fetch(t, fmt.Sprintf("%s/v1/articles/%d.pdf", base, id), 200)
		if h2.Get("ETag") != h.Get("ETag") || !bytes.Equal(byID, pdf) {
			t.Errorf("by ID: ETag %s, by slug %s", h2.Get("ETag"), h.Get("ETag"))
		}
		arabic, _ := fetch(t, base+"/v1/articles/amman-water.pdf", 200)
		if text := pdftest.Text(t, arabic, 0); !strings.Contains(text, "عمّان") && !strings.Contains(text, "عمان") {
			t.Errorf("the Arabic post's PDF lacks its text:\n%.300s", text)
		}
		many, _ := fetch(t, base+"/v1/articles/three-hundred-images.pdf", 200)
		if n := len(pdftest.Images(t, many)); n != 300 {
			t.Errorf("the post of 300 images: %d drawn", n)
		}
		// Not public: 404 like a post that does not exist, by slug and by
		// number, even with credentials that let WordPress show them.
		for _, p := range []string{"a-draft-post", strconv.FormatInt(site.PostID("a-draft-post"), 10), "password-protected", "no-such-post"} {
			body, _ := fetch(t, base+"/v1/articles/"+p+".pdf", 404)
			if bytes.Contains(body, []byte("draft")) || bytes.Contains(body, []byte("password")) {
				t.Errorf("%s: the 404 tells why: %s", p, body)
			}
		}
	})

	t.Run("listing", func(t *testing.T) {
		base := wpServe(t, wpFlags...)
		body, _ := fetch(t, base+"/v1/articles", 200)
		var list []struct {
			ID        string `json:"id"`
			Published string `json:"published"`
		}
		if err := json.Unmarshal(body, &list); err != nil {
			t.Fatal(err)
		}
		total := wpTotal(t, "")
		ids := map[string]bool{}
		for i, e := range list {
			ids[e.ID] = true
			if i > 0 && e.Published > list[i-1].Published {
				t.Errorf("not newest first at %d: %s after %s", i, e.Published, list[i-1].Published)
			}
		}
		// Every published post but the protected one, each once, over the
		// three pages of 100 WordPress gives.
		if len(list) != total-1 || len(ids) != len(list) || total < 250 || ids["password-protected"] || ids["a-draft-post"] || !ids["amman-water"] {
			t.Errorf("%d entries (%d distinct) of %d published posts", len(list), len(ids), total)
		}
	})

	t.Run("an edited post is a new PDF", func(t *testing.T) {
		base := wpServe(t, append(wpFlags, "--source-max-age", "0")...)
		before, h := fetch(t, base+"/v1/articles/lyon-night-trains-11.pdf", 200)
		site.Edit(site.PostID("lyon-night-trains-11"), map[string]string{"content": "<!-- wp:paragraph -->\n<p>A correction was published: the night train leaves at 22:14.</p>\n<!-- /wp:paragraph -->"})
		after, h2 := fetch(t, base+"/v1/articles/lyon-night-trains-11.pdf", 200)
		if h2.Get("ETag") == h.Get("ETag") || bytes.Equal(before, after) || !strings.Contains(pdftest.Text(t, after, 0), "leaves at 22:14") {
			t.Errorf("after the edit: ETag %s (was %s)", h2.Get("ETag"), h.Get("ETag"))
		}
	})

	t.Run("the invalidation hook", func(t *testing.T) {
		const token = "a-token-for-the-webhook-of-the-cms"
		base := wpServe(t, append(wpFlags, "--source-max-age", "1h", "--token", token)...)
		_, h := fetch(t, base+"/v1/articles/busan-ferries-5.pdf", 200)
		id := site.PostID("busan-ferries-5")
		site.Edit(id, map[string]string{"title": "Busan ferries: the timetable changes"})
		if _, h2 := fetch(t, base+"/v1/articles/busan-ferries-5.pdf", 200); h2.Get("ETag") != h.Get("ETag") {
			t.Fatal("the post was not cached: the test shows nothing")
		}
		if code := post(t, base+fmt.Sprintf("/v1/articles/%d/invalidate", id), ""); code != http.StatusUnauthorized {
			t.Errorf("the hook without the token: %d", code)
		}
		if code := post(t, base+fmt.Sprintf("/v1/articles/%d/invalidate", id), token); code != http.StatusNoContent {
			t.Errorf("the hook: %d", code)
		}
		pdf, h3 := fetch(t, base+"/v1/articles/busan-ferries-5.pdf", 200)
		if h3.Get("ETag") == h.Get("ETag") || !strings.Contains(pdftest.Text(t, pdf, 0), "the timetable changes") {
			t.Errorf("after the hook: ETag %s (was %s)", h3.Get("ETag"), h.Get("ETag"))
		}
	})

	t.Run("WordPress down", func(t *testing.T) {
		base := wpServe(t, append(wpFlags, "--source-max-age", "0")...)
		fetch(t, base+"/v1/articles/gutenberg-showcase.pdf", 200)
		site.Down()
		defer site.Up()
		// Uncached: 503 with Retry-After, and the listing too; never 500.
		body, h := fetch(t, base+"/v1/articles/baltic-energy-islands-3.pdf", 503)
		if ra, err := strconv.Atoi(h.Get("Retry-After")); err != nil || ra < 1 || !bytes.Contains(body, []byte("retry in")) {
			t.Errorf("uncached, WordPress down: Retry-After %q, %s", h.Get("Retry-After"), body)
		}
		fetch(t, base+"/v1/articles", 503)
		// Cached: served, marked stale.
		_, h = fetch(t, base+"/v1/articles/gutenberg-showcase.pdf", 200)
		if h.Get("Warning") == "" || h.Get("Age") == "" || h.Get("Cache-Control") != "no-cache" {
			t.Errorf("cached, WordPress down: Warning %q, Age %q, Cache-Control %q", h.Get("Warning"), h.Get("Age"), h.Get("Cache-Control"))
		}
		// Back: served again once Retry-After has passed, as a client
		// that honours it finds.
		site.Up()
		for try := 0; ; try++ {
			resp, err := http.Get(base + "/v1/articles/baltic-energy-islands-3.pdf")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			ra, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			switch {
			case resp.StatusCode == 200 && resp.Header.Get("Warning") == "":
			case resp.StatusCode == 503 && ra >= 1 && try < 3:
				time.Sleep(time.Duration(ra) * time.Second)
				continue
			default:
				t.Errorf("WordPress is back: %d, Retry-After %q, Warning %q", resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Warning"))
			}
			break
		}
	})

	t.Run("a date-range export of every post, WordPress stopped in the middle, resumed", func(t *testing.T) {
		total := wpTotal(t, "&after=2023-12-31T23:59:59&before=2027-01-01T00:00:00")
		out := t.TempDir()
		// A short patience: the outage is recorded after 2 s of it, not the
		// default minute.
		args := append([]string{"export", "--out", out, "--from", "2024-01-01", "--to", "2026-12-31", "--workers", "2", "--source-patience", "2s"}, wpFlags...)
		manifest := filepath.Join(out, export.ManifestName)
		done := make(chan error, 1)
		var stderr string
		go func() {
			var err error
			_, stderr, err = runCmd(t, "", args...)
			done <- err
		}()
		// Stop WordPress once a few dozen posts are exported.
		for lines(manifest) < 30 {
			select {
			case err := <-done:
				t.Fatalf("the export ended before WordPress could be stopped: %v", err)
			case <-time.After(20 * time.Millisecond):
			}
		}
		site.Down()
		var err error
		select {
		case err = <-done:
		case <-time.After(5 * time.Minute):
			t.Fatal("the export did not end with WordPress down")
		}
		first := latest(t, manifest)
		failed := 0
		for _, e := range first {
			if e.Error != "" {
				failed++
			}
		}
		if err == nil || failed == 0 || len(first) != total {
			t.Fatalf("with WordPress stopped: %v; %d lines, %d failed, of %d posts\n%s", err, len(first), failed, total, stderr)
		}
		t.Logf("WordPress stopped after %d of %d posts: %d failed", len(first)-failed, total, failed)
		site.Up()
		if _, stderr, err = runCmd(t, "", args...); err != nil {
			t.Fatalf("the resumed export: %v\n%s", err, stderr)
		}
		want := fmt.Sprintf("%d selected: %d rendered, %d already done, 1 not public, 0 failed", total, failed, total-failed-1)
		if !strings.Contains(stderr, want) {
			t.Errorf("the resumed export says %q, want %q", strings.TrimSpace(stderr[strings.LastIndex(strings.TrimSpace(stderr), "\n")+1:]), want)
		}
		final := latest(t, manifest)
		for id, e := range final {
			switch {
			case id == "password-protected":
				if e.Skipped == "" || e.File != "" {
					t.Errorf("the protected post: %+v", e)
				}
			case e.Error != "" || e.File == "":
				t.Errorf("%s: %+v", id, e)
			default:
				if _, err := os.Stat(filepath.Join(out, e.File)); err != nil {
					t.Errorf("%s: %v", id, err)
				}
			}
		}
		if len(final) != total {
			t.Errorf("%d articles in the manifest, WordPress has %d", len(final), total)
		}
	})
}

// wpServe runs pdfexport serve with these flags until the test ends.
func wpServe(t *testing.T, flags ...string) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var log syncBuf
	// The post of 300 pictures takes 0.7 s; under the race detector, ten
	// times that and more, past the default render timeout.
	args := append([]string{"serve", "--addr", addr, "--render-timeout", "5m"}, flags...)
	go func() { done <- run(ctx, args, nil, io.Discard, &log) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
		if t.Failed() {
			t.Logf("serve's log:\n%s", log.String())
		}
	})
	waitUp(t, "http://"+addr+"/healthz")
	return "http://" + addr
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// fetch GETs url and expects the status.
func fetch(t *testing.T, url string, status int) ([]byte, http.Header) {
	t.Helper()
	c := &http.Client{Timeout: 60 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d\n%.500s", url, resp.StatusCode, status, body)
	}
	return body, resp.Header
}

func post(t *testing.T, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// wpTotal is WordPress's own count of its published posts (X-WP-Total),
// with a query's date range.
func wpTotal(t *testing.T, query string) int {
	t.Helper()
	resp, err := http.Get(wpfixture.URL + "/wp-json/wp/v2/posts?per_page=1&_fields=id" + query)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	n, err := strconv.Atoi(resp.Header.Get("X-WP-Total"))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// lines counts the lines of a file, 0 when it cannot be read.
func lines(path string) int {
	data, _ := os.ReadFile(path)
	return bytes.Count(data, []byte("\n"))
}

// latest reads a manifest: each ID's latest line.
func latest(t *testing.T, path string) map[string]export.Entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]export.Entry{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e export.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[e.ID] = e
	}
	return out
}
