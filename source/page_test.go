package source

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/article"
)

// savedPage is a story saved from the site with its pictures ("Save page
// as…, complete"): the picture saved beside it has a path relative to the
// page, the one left on the site a path from the site's root.
const savedPage = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Ferry returns after twelve years | Harbour News</title>
<link rel="canonical" href="https://harbour.example/2024/03/11/ferry-returns">
<meta property="og:site_name" content="Harbour News">
<meta property="article:published_time" content="2024-03-11T06:30:00Z">
<meta name="author" content="Liisa Tamm">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main><article>
<h1>Ferry returns after twelve years</h1>
<p>The overnight ferry between Helsinki and Tallinn will sail again from the first of June, twelve years after the last night crossing was cut for lack of passengers.</p>
<figure><img src="ferry_files/deck.jpg" alt="The deck at dusk"><figcaption>The deck at dusk.</figcaption></figure>
<p>The operator says the slow timetable is the point: passengers sleep in a cabin and wake in the Old Town in time for breakfast, two hours before the first fast ferry.</p>
<figure><img src="/img/terminal.jpg" alt="The terminal"><figcaption>The West Harbour terminal.</figcaption></figure>
<p>Tickets go on sale on the first of April, at the terminal and online.</p>
</article></main>
<footer><p>© 2024 Harbour News</p></footer>
</body></html>`

// TestSavedPages: .html and .htm files of a folder are whole pages whose
// article is extracted, read without an address: a picture saved beside
// the page is a file of the folder, one from the site's root the site's.
func TestSavedPages(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"ferry-returns.html":   savedPage,
		"ferry_files/deck.jpg": "\xff\xd8\xff\xe0 a JPEG's first bytes",
		"older.htm":            strings.NewReplacer("2024-03-11T06:30:00Z", "2019-06-02T08:00:00Z", "2024/03/11", "2019/06/02").Replace(savedPage),
		"sign-in.html":         `<!DOCTYPE html><html><head><title>Sign in</title></head><body><form><input name="email"><button>Sign in</button></form></body></html>`,
		"twice.html":           savedPage,
		"twice.txt":            "Twice as text\n\nA paragraph.\n",
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	a, err := Dir(dir, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, e := range a.List() {
		listed = append(listed, e.ID+" "+e.Date+" "+e.URL)
	}
	want := "ferry-returns 2024-03-11 https://harbour.example/2024/03/11/ferry-returns; twice 2024-03-11 https://harbour.example/2024/03/11/ferry-returns; older 2019-06-02 https://harbour.example/2019/06/02/ferry-returns"
	if got := strings.Join(listed, "; "); got != want {
		t.Errorf("listed\n%s\nwant\n%s", got, want)
	}
	var rejected []string
	for _, r := range a.Rejected() {
		rejected = append(rejected, r.File+": "+r.Err.Error())
	}
	if got := strings.Join(rejected, "\n"); !strings.Contains(got, "sign-in.html: empty article: no article found in the page") ||
		!strings.Contains(got, "twice.txt has the ID of twice.html") {
		t.Errorf("rejected:\n%s", got)
	}

	art, err := a.Get("ferry-returns")
	if err != nil {
		t.Fatal(err)
	}
	if art.Title != "Ferry returns after twelve years" || art.Byline != "By Liisa Tamm" || art.Lang != "en-GB" {
		t.Errorf("title %q, byline %q, lang %q", art.Title, art.Byline, art.Lang)
	}
	var pictures []string
	for _, b := range art.Body {
		if b.Kind == article.Figure {
			pictures = append(pictures, b.Figure.Images[0].Src)
		}
	}
	if got := strings.Join(pictures, " "); got != "ferry_files/deck.jpg https://harbour.example/img/terminal.jpg" {
		t.Errorf("pictures %q", got)
	}
	// The picture beside the page is one the folder serves.
	im, err := a.OpenImage("ferry-returns", pictures[0])
	if err != nil {
		t.Fatalf("OpenImage(%q): %v", pictures[0], err)
	}
	im.Close()
}
