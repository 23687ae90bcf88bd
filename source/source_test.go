package source

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"pdfexport/article"
)

const good = "Print Save as PDF +A A -A\n4 January 2017\n\nTitle %s\n\nStandfirst\n\nBody one.\n\nBody two.\n\n© Rights"

func text(title string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(strings.Replace(good, "%s", title, 1))}
}

func TestEmbeddedArchive(t *testing.T) {
	a, err := Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	list := a.List()
	if len(list) < 8 {
		t.Fatalf("%d articles in the embedded archive, want the sample and at least 7 more", len(list))
	}
	for i := 1; i < len(list); i++ {
		if list[i].Published.After(list[i-1].Published) {
			t.Errorf("listing not newest first: %s (%s) after %s (%s)", list[i].ID, list[i].Date, list[i-1].ID, list[i-1].Date)
		}
	}
	art, err := a.Get("illusions-of-moscow-tokyo-rapprochement")
	if err != nil {
		t.Fatal(err)
	}
	if art.Title != "The illusions of Moscow-Tokyo rapprochement" || len(art.Body) != 9 {
		t.Errorf("sample article: title %q, %d paragraphs", art.Title, len(art.Body))
	}
}

func TestGetErrors(t *testing.T) {
	a, err := Open(fstest.MapFS{"one.txt": text("one")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "../one", "a/b", "one.txt", ".hidden", "-x", "x y", "one\n", strings.Repeat("a", 201), "ünï"} {
		if _, err := a.Get(id); !errors.Is(err, ErrBadID) {
			t.Errorf("Get(%q) = %v, want ErrBadID", id, err)
		}
	}
	if _, err := a.Get("two"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := a.Get(strings.Repeat("a", 200)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a 200-character ID is valid: %v", err)
	}
}

func TestOpenSkipsWhatItCannotServe(t *testing.T) {
	var logs bytes.Buffer
	fsys := fstest.MapFS{
		"ok.txt":           text("ok"),
		"ok-json.json":     {Data: []byte(`{"title":"From JSON","published":"2020-05-01","body":["p"]}`)},
		"dup.txt":          text("dup text"),
		"dup.json":         {Data: []byte(`{"title":"dup json"}`)},
		"bad name.txt":     text("bad name"),
		"broken.txt":       {Data: []byte("\x00\x01")},
		"broken.json":      {Data: []byte(`{"title":`)},
		"notes.md":         text("markdown"),
		"sub/inner.txt":    text("inner"),
		"too-big.txt":      {Data: bytes.Repeat([]byte("a"), MaxFileBytes+1)},
		"UPPER_case-1.txt": text("upper"),
		".hidden.txt":      text("hidden"),
		"._ok.txt":         {Data: []byte("\x00\x05\x16\x07")}, // macOS's metadata beside a copied file
	}
	a, err := Open(fsys, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range a.List() {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, " "); got != "ok-json UPPER_case-1 ok dup" {
		t.Errorf("listed %q", got)
	}
	if e := a.List()[0]; e.Date != "2020-05-01" || e.Title != "From JSON" {
		t.Errorf("entry %+v", e)
	}
	for _, want := range []string{"bad name.txt", "broken.txt", "broken.json", "dup.txt", "too-big.txt"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("no warning names %s:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "hidden") || strings.Contains(logs.String(), "._ok") {
		t.Errorf("a hidden file is not an article file, yet it was warned about:\n%s", logs.String())
	}
	// The index remembers every file it skipped, with its reason, for exports.
	var got []string
	for _, r := range a.Rejected() {
		got = append(got, r.ID+" "+r.File+": "+r.Err.Error())
	}
	want := []string{
		"bad name bad name.txt: bad name.txt: the name is not a valid article ID",
		"broken broken.json: broken.json: invalid article",
		"broken broken.txt: broken.txt: invalid article",
		"dup dup.txt: dup.txt has the ID of dup.json, which is served instead",
		"too-big too-big.txt: too-big.txt is larger than the 16777216-byte limit",
	}
	if len(got) != len(want) {
		t.Fatalf("rejected:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("rejected %q, want %q…", got[i], want[i])
		}
	}
	// A second file with one ID parses: its date decides which date-range
	// exports report it.
	if r := a.Rejected()[3]; r.Published.Format("2006-01-02") != "2017-01-04" {
		t.Errorf("the duplicate's date: %v", r.Published)
	}
}

// TestOpenServesANSStories: a ".json" file may be an Arc XP ANS story as
// well as a JSON article; an ANS story that does not parse is rejected
// with the ANS parser's reason, not the JSON article's "unknown field".
func TestOpenServesANSStories(t *testing.T) {
	fsys := fstest.MapFS{
		"from-ans.json":    {Data: []byte(`{"type":"story","_id":"X","headlines":{"basic":"From ANS"},"display_date":"2019-03-02T10:00:00Z","content_elements":[{"type":"text","content":"p"}]}`)},
		"no-headline.json": {Data: []byte(`{"type":"story","content_elements":[]}`)},
		"ok-json.json":     {Data: []byte(`{"title":"From JSON","body":["p"]}`)},
	}
	a, err := Open(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	art, err := a.Get("from-ans")
	if err != nil || art.Title != "From ANS" || art.Date != "2 March 2019" || len(art.Body) != 1 {
		t.Fatalf("Get(from-ans) = %+v, %v", art, err)
	}
	if art, err := a.Get("ok-json"); err != nil || art.Title != "From JSON" {
		t.Fatalf("Get(ok-json) = %+v, %v", art, err)
	}
	rejected := a.Rejected()
	if len(rejected) != 1 || rejected[0].ID != "no-headline" || !strings.Contains(rejected[0].Err.Error(), "no headline") {
		t.Errorf("rejected %+v, want no-headline, for having no headline", rejected)
	}
}

func TestDirServesEditsAndNoticesRemovals(t *testing.T) {
	for _, memo := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "story.txt")
		if err := os.WriteFile(path, text("first").Data, 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := Dir(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if memo {
			a.Memoize(1 << 20)
		}
		if art, err := a.Get("story"); err != nil || art.Title != "Title first" {
			t.Fatalf("memo %v: %v, %v", memo, art, err)
		}
		// An edit of the same size: only the modification time tells.
		if err := os.WriteFile(path, text("fir2t").Data, 0o644); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Second)
		os.Chtimes(path, later, later)
		art, err := a.Get("story")
		if err != nil || art.Title != "Title fir2t" {
			t.Fatalf("memo %v, after an edit: %v, %v", memo, art, err)
		}
		if err := os.WriteFile(path, []byte("\x00"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Get("story"); err == nil || errors.Is(err, ErrNotFound) || !errors.Is(err, article.ErrInvalid) {
			t.Errorf("memo %v: a file broken after start: %v, want a parse error that is not ErrNotFound", memo, err)
		}
		os.Remove(path)
		if _, err := a.Get("story"); !errors.Is(err, ErrNotFound) {
			t.Errorf("memo %v: a removed file: %v, want ErrNotFound", memo, err)
		}
	}
}

// TestMemoSkipsFreshFiles checks the racy-timestamp rule: a file modified
// moments ago is read again on every call, since a second edit within the
// same clock tick would not show in its size and time.
func TestMemoSkipsFreshFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "story.txt")
	if err := os.WriteFile(path, text("fresh").Data, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.Memoize(1 << 20)
	first, _ := a.Get("story")
	if again, _ := a.Get("story"); again == first {
		t.Error("a file modified moments ago was memoized")
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
	first, _ = a.Get("story")
	if again, _ := a.Get("story"); again != first {
		t.Error("a file last modified an hour ago was not memoized")
	}
	// A same-size edit that keeps the old time cannot be seen; within the
	// window it never reaches the memo (this is the case the rule is for).
	if err := os.WriteFile(path, text("fr3sh").Data, 0o644); err != nil {
		t.Fatal(err)
	}
	if art, _ := a.Get("story"); art.Title != "Title fr3sh" {
		t.Errorf("after an edit: %q", art.Title)
	}
}

func TestMemoize(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 20 {
		fsys[fmt.Sprintf("a%02d.txt", i)] = text(fmt.Sprint(i))
	}
	a, err := Open(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	size := int64(len(text("0").Data))
	a.Memoize(5 * size) // room for five articles
	first, _ := a.Get("a00")
	if again, _ := a.Get("a00"); again != first {
		t.Error("a memoized article was parsed again")
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				n := (i*7 + w) % 20
				id := fmt.Sprintf("a%02d", n)
				if art, err := a.Get(id); err != nil || art.Title != fmt.Sprintf("Title %d", n) {
					t.Errorf("Get(%s) = %v, %v", id, art, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.memoBytes > 5*size || len(a.memo) > 5 || len(a.memo) == 0 {
		t.Errorf("the memo holds %d articles, %d bytes; the bound is 5 articles of %d bytes", len(a.memo), a.memoBytes, size)
	}
}

func TestDirErrors(t *testing.T) {
	if _, err := Dir(filepath.Join(t.TempDir(), "missing"), nil); err == nil {
		t.Error("a missing folder must be an error")
	}
	file := filepath.Join(t.TempDir(), "f.txt")
	os.WriteFile(file, nil, 0o644)
	if _, err := Dir(file, nil); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file instead of a folder: %v", err)
	}
}

// TestIndexDoesNotKeepArticleText checks that the archive's index holds
// each article's title and date, not its text: parsed strings share the
// file's bytes, so an index keeping them would hold the whole archive in
// memory (a 10,000-article export once peaked at 332 MiB for this reason).
func TestIndexDoesNotKeepArticleText(t *testing.T) {
	const n, size = 40, 256 << 10
	body := strings.Repeat("A long paragraph of the archive's text. ", size/40)
	fsys := fstest.MapFS{}
	for i := range n {
		fsys[fmt.Sprintf("a%02d.txt", i)] = &fstest.MapFile{Data: []byte("4 January 2017\n\nTitle\n\nStandfirst\n\n" + body)}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	a, err := Open(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(a)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > n*size/8 {
		t.Errorf("the index of %d articles of %d KiB holds %d KiB", n, size>>10, grown>>10)
	}
}
