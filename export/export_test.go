package export

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pdfexport/article"
	"pdfexport/render"
	"pdfexport/source"
)

// countingSource wraps the embedded archive, counts lookups, and can break
// articles.
type countingSource struct {
	*source.Archive
	mu     sync.Mutex
	gets   []string
	broken map[string]bool
}

func (c *countingSource) Lookup(ctx context.Context, id string) (source.Doc, error) {
	c.mu.Lock()
	c.gets = append(c.gets, id)
	c.mu.Unlock()
	if c.broken[id] {
		return source.Doc{}, fmt.Errorf("reading article %s: %w", id, article.ErrInvalid)
	}
	return c.Archive.Lookup(ctx, id)
}

func (c *countingSource) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Sorted(slices.Values(c.gets))
}

// renders counts the renders of an export, by title, through
// Options.Renderer.
type renders struct {
	mu     sync.Mutex
	titles []string
}

func (r *renders) render(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
	r.mu.Lock()
	r.titles = append(r.titles, a.Title)
	r.mu.Unlock()
	return render.Render(ctx, w, a, o)
}

func (r *renders) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(slices.Values(r.titles))
}

// titles returns the titles of the given articles, sorted, to compare with
// renders.got.
func titles(src Source, ids ...string) []string {
	var out []string
	listed, _ := src.Listing(context.Background(), time.Time{}, time.Time{})
	for _, e := range listed {
		if slices.Contains(ids, e.ID) {
			out = append(out, e.Title)
		}
	}
	slices.Sort(out)
	return out
}

func archive(t *testing.T) *countingSource {
	t.Helper()
	a, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &countingSource{Archive: a, broken: map[string]bool{}}
}

func readManifest(t *testing.T, r io.Reader) []Entry {
	t.Helper()
	var out []Entry
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("manifest line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

func manifestOf(t *testing.T, dir string) []Entry {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readManifest(t, f)
}

func TestDirectoryExport(t *testing.T) {
	src := archive(t)
	out := t.TempDir()
	sum, err := Run(context.Background(), src, Options{Out: out, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	n := len(src.List())
	if sum.Selected != n || sum.Rendered != n || sum.Failed != 0 || sum.Skipped != 0 {
		t.Errorf("summary %+v for %d articles", sum, n)
	}
	entries := manifestOf(t, out)
	if len(entries) != n {
		t.Fatalf("%d manifest lines, want %d", len(entries), n)
	}
	for _, e := range entries {
		pdf, err := os.ReadFile(filepath.Join(out, e.File))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(pdf); hex.EncodeToString(sum[:]) != e.SHA256 || int64(len(pdf)) != e.Bytes || e.Pages < 1 {
			t.Errorf("%s: manifest %+v does not match its file", e.ID, e)
		}
		if e.Published != "" && !strings.HasPrefix(e.File, strings.ReplaceAll(e.Published[:7], "-", "/")+"/") {
			t.Errorf("%s published %s is filed as %s", e.ID, e.Published, e.File)
		}
	}
}

func TestFailuresAreRecordedAndTheJobGoesOn(t *testing.T) {
	src := archive(t)
	src.broken["lyon-night-trains"] = true
	out := t.TempDir()
	sum, err := Run(context.Background(), src, Options{Out: out, IDs: []string{"lyon-night-trains", "no-such-id", "athens-water-reform"}})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	if sum.Rendered != 1 || sum.Failed != 2 {
		t.Errorf("summary %+v", sum)
	}
	byID := map[string]Entry{}
	for _, e := range manifestOf(t, out) {
		byID[e.ID] = e
	}
	if !strings.Contains(byID["lyon-night-trains"].Error, "invalid article") || !strings.Contains(byID["no-such-id"].Error, "no such article") || byID["athens-water-reform"].SHA256 == "" {
		t.Errorf("manifest: %+v", byID)
	}
}

func TestResumeRendersOnlyWhatIsMissing(t *testing.T) {
	out := t.TempDir()
	if _, err := Run(context.Background(), archive(t), Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	entries := manifestOf(t, out)
	// One PDF lost, one damaged, and the manifest's last line cut off.
	os.Remove(filepath.Join(out, entries[0].File))
	os.WriteFile(filepath.Join(out, entries[1].File), []byte("%PDF-1.3 truncated"), 0o644)
	raw, _ := os.ReadFile(filepath.Join(out, ManifestName))
	os.WriteFile(filepath.Join(out, ManifestName), raw[:len(raw)-20], 0o644)

	src := archive(t)
	var r renders
	sum, err := Run(context.Background(), src, Options{Out: out, Renderer: r.render})
	if err != nil {
		t.Fatal(err)
	}
	want := titles(src, entries[0].ID, entries[1].ID, entries[len(entries)-1].ID)
	if got := r.got(); !slices.Equal(got, want) {
		t.Errorf("re-rendered %q, want only %q", got, want)
	}
	if sum.Skipped != len(entries)-3 || sum.Rendered != 3 {
		t.Errorf("summary %+v", sum)
	}
}

func TestInterruptionLeavesNothingHalfWritten(t *testing.T) {
	for _, out := range []string{t.TempDir(), filepath.Join(t.TempDir(), "export.zip")} {
		ctx, cancel := context.WithCancel(context.Background())
		_, err := Run(ctx, archive(t), Options{Out: out, Workers: 2, Progress: func(done, total int) {
			if done == 2 {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want the interruption", out, err)
		}
		root := out
		if strings.HasSuffix(out, ".zip") {
			root = filepath.Dir(out)
			if _, err := os.Stat(out); err == nil {
				t.Error("an interrupted ZIP export left a ZIP")
			}
		}
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if strings.HasSuffix(p, ".tmp") {
				t.Errorf("half-written file left: %s", p)
			}
			return nil
		})
		if !strings.HasSuffix(out, ".zip") {
			for _, e := range manifestOf(t, out) {
				if e.Error != "" {
					t.Errorf("an interrupted article was recorded as failed: %+v", e)
				}
			}
		}
	}
}

func TestZipExport(t *testing.T) {
	src := archive(t)
	out := filepath.Join(t.TempDir(), "deep", "export.zip")
	if _, err := Run(context.Background(), src, Options{Out: out, Render: render.Options{Scale: 1.5, Paper: "letter"}}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("ZIP file mode: %v %v, want 0644 like the folder's PDFs", st.Mode(), err)
	}
	if des, _ := os.ReadDir(filepath.Dir(out)); len(des) != 1 {
		t.Errorf("files beside the ZIP: %v, want the ZIP alone", des)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	last := zr.File[len(zr.File)-1]
	if last.Name != ManifestName {
		t.Fatalf("last member %q, want the manifest", last.Name)
	}
	mf, _ := last.Open()
	entries := readManifest(t, mf)
	files := map[string]*zip.File{}
	for _, f := range zr.File[:len(zr.File)-1] {
		if f.Method != zip.Store {
			t.Errorf("%s is compressed; PDFs are stored", f.Name)
		}
		files[f.Name] = f
	}
	if len(entries) != len(src.List()) || len(files) != len(entries) {
		t.Fatalf("%d manifest lines, %d PDFs, %d articles", len(entries), len(files), len(src.List()))
	}
	for _, e := range entries {
		rc, err := files[e.File].Open()
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(rc)
		if sum := sha256.Sum256(pdf); hex.EncodeToString(sum[:]) != e.SHA256 {
			t.Errorf("%s: SHA-256 differs from the manifest", e.ID)
		}
	}
}

func TestShardsPartitionTheSelection(t *testing.T) {
	src := archive(t)
	var all []string
	for i := range 3 {
		ids, _, _ := selection(context.Background(), src, Options{Shard: Shard{i, 3}})
		all = append(all, ids...)
	}
	slices.Sort(all)
	if len(all) != len(src.List()) || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("three shards hold %d articles (%d distinct) of %d", len(all), len(slices.Compact(slices.Clone(all))), len(src.List()))
	}
	for _, bad := range []string{"3/3", "-1/2", "1", "a/b", "0/0", "1/2/3", " 0/2x"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, err := ParseShard("2/5"); err != nil || s != (Shard{2, 5}) {
		t.Errorf("ParseShard(2/5) = %v, %v", s, err)
	}
}

func TestSelectionByDate(t *testing.T) {
	src := archive(t)
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	ids, _, _ := selection(context.Background(), src, Options{From: from, To: to})
	if len(ids) == 0 {
		t.Fatal("nothing selected")
	}
	for _, e := range src.List() {
		in := slices.Contains(ids, e.ID)
		want := !e.Published.IsZero() && !e.Published.Before(from) && !e.Published.After(to)
		if in != want {
			t.Errorf("%s (%s): selected %v, want %v", e.ID, e.Date, in, want)
		}
	}
}

func jsonLine(e Entry) (string, error) {
	b, err := json.Marshal(e)
	return string(b) + "\n", err
}

// TestCheck: the selections no front-end may pass on, each refused with what
// is wrong, and the ones that are fine.
func TestCheck(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		o    Options
		want string // "" for none
	}{
		{Options{IDs: []string{"a", "b-2"}}, ""},
		{Options{From: day("2024-01-01"), To: day("2024-01-01")}, ""},
		{Options{IDs: []string{"a"}, From: day("2024-01-01")}, "not both"},
		{Options{IDs: []string{"a"}, To: day("2024-01-01")}, "not both"},
		{Options{IDs: []string{"a/b"}}, "not an article ID"},
		{Options{From: day("2024-02-01"), To: day("2024-01-01")}, "holds no day"},
		{Options{Workers: -1}, "workers"},
	} {
		err := c.o.Check()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.o, err)
		case c.want != "" && (!errors.Is(err, ErrSelection) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: err = %v, want ErrSelection saying %q", c.o, err, c.want)
		}
	}
}
