package export

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pdfexport/source"
)

// cmsSource is the embedded archive as a CMS would give it: some articles
// not public, and a CMS that can be down for a number of lookups.
type cmsSource struct {
	*countingSource
	notPublic map[string]bool
	mu        sync.Mutex
	downFor   int // lookups left that find the CMS down
}

func (c *cmsSource) Lookup(ctx context.Context, id string) (source.Doc, error) {
	c.mu.Lock()
	if c.downFor > 0 {
		c.downFor--
		c.mu.Unlock()
		return source.Doc{}, &source.UnavailableError{RetryAfter: 20 * time.Millisecond, Err: errors.New("it answered 503 Service Unavailable")}
	}
	c.mu.Unlock()
	if c.notPublic[id] {
		return source.Doc{}, fmt.Errorf("%w: post %s is a draft (draft)", source.ErrNotPublic, id)
	}
	return c.countingSource.Lookup(ctx, id)
}

// A moment's 503 is waited out: every article is exported. An outage
// longer than the patience is recorded: the articles fail with the reason,
// and the next run does them.
func TestExportWaitsOutAMomentsOutage(t *testing.T) {
	src := &cmsSource{countingSource: archive(t), downFor: 3}
	out := t.TempDir()
	sum, err := Run(context.Background(), src, Options{Out: out, Workers: 2, Patience: time.Minute})
	if err != nil || sum.Failed != 0 || sum.Rendered != len(src.List()) {
		t.Errorf("a 503 for three lookups, patience a minute: %+v, %v", sum, err)
	}
	src = &cmsSource{countingSource: archive(t), downFor: 1 << 30}
	out = t.TempDir()
	sum, err = Run(context.Background(), src, Options{Out: out, Workers: 2, Patience: 50 * time.Millisecond})
	if !errors.Is(err, ErrFailed) || sum.Failed != len(src.List()) {
		t.Fatalf("an outage longer than the patience: %+v, %v", sum, err)
	}
	for _, e := range manifestOf(t, out) {
		if e.Error == "" || e.RenderKey != "" {
			t.Errorf("%s: %+v", e.ID, e)
		}
	}
	src.downFor = 0
	sum, err = Run(context.Background(), src, Options{Out: out, Workers: 2})
	if err != nil || sum.Rendered != len(src.List()) {
		t.Errorf("the next run: %+v, %v", sum, err)
	}
}

// An article the CMS has but does not publish is skipped with its reason:
// not a failure, no PDF, no render key; the next run asks again. A PDF it
// had from before stays: the CMS saying "not public" may be its set-up's
// mistake, and nothing is lost on its word.
func TestExportSkipsWhatIsNotPublic(t *testing.T) {
	src := &cmsSource{countingSource: archive(t), notPublic: map[string]bool{}}
	out := t.TempDir()
	if _, err := Run(context.Background(), src, Options{Out: out, IDs: []string{"lyon-night-trains", "athens-water-reform"}}); err != nil {
		t.Fatal(err)
	}
	src.notPublic["lyon-night-trains"] = true
	sum, err := Run(context.Background(), src, Options{Out: out, IDs: []string{"lyon-night-trains", "athens-water-reform"}})
	if err != nil || sum.NotPublic != 1 || sum.Failed != 0 || sum.Skipped != 1 {
		t.Errorf("summary %+v, %v", sum, err)
	}
	var skipped *Entry
	for _, e := range manifestOf(t, out) {
		if e.ID == "lyon-night-trains" {
			skipped = &e
		}
	}
	if skipped == nil || skipped.Skipped == "" || skipped.File != "" || skipped.RenderKey != "" || skipped.Error != "" {
		t.Errorf("the latest line of the draft: %+v", skipped)
	}
	pdfs, _ := filepath.Glob(filepath.Join(out, "*", "*", "lyon-night-trains.pdf"))
	if len(pdfs) != 1 {
		t.Errorf("the PDF from before: %v", pdfs)
	} else if _, err := os.Stat(pdfs[0]); err != nil {
		t.Error(err)
	}
}

// outcomes is a CMS whose listing has a protected post, one post a draft,
// one only a stale copy, and the rest public; or whose listing fails.
type outcomes struct {
	*countingSource
	listErr error
}

func (o *outcomes) Listing(ctx context.Context, from, to time.Time) ([]source.Entry, error) {
	if o.listErr != nil {
		return nil, o.listErr
	}
	list, _ := o.countingSource.Listing(ctx, from, to)
	list = append([]source.Entry(nil), list[:3]...)
	list[0].NotPublic = "not public: post " + list[0].ID + " is password-protected"
	return list, nil
}

func (o *outcomes) Lookup(ctx context.Context, id string) (source.Doc, error) {
	list, _ := o.countingSource.Listing(ctx, time.Time{}, time.Time{})
	switch id {
	case list[0].ID:
		panic("a post listed as not public was looked up")
	case list[1].ID:
		return source.Doc{}, fmt.Errorf("%w: post %s is a draft (draft)", source.ErrNotPublic, id)
	case list[2].ID:
		doc, err := o.countingSource.Lookup(ctx, id)
		doc.Stale, doc.Age = true, 5*time.Minute
		return doc, err
	}
	return o.countingSource.Lookup(ctx, id)
}

// What a CMS gives that is not an article to render: not public (listed
// so, or answered so) is skipped with its reason, without a PDF; a stale
// copy fails (an export is of the articles as they are); a listing that
// fails fails the export before anything is written. In a folder and in a
// ZIP alike.
func TestExportCMSOutcomes(t *testing.T) {
	for _, zip := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "out")
		if zip {
			out += ".zip"
		}
		src := &outcomes{countingSource: archive(t)}
		sum, err := Run(context.Background(), src, Options{Out: out, Workers: 2})
		if !errors.Is(err, ErrFailed) || sum.NotPublic != 2 || sum.Failed != 1 || sum.Rendered != 0 {
			t.Fatalf("zip %v: %+v, %v", zip, sum, err)
		}
		var lines []Entry
		if zip {
			lines = zipManifest(t, out)
		} else {
			lines = manifestOf(t, out)
			pdfs, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.pdf"))
			if len(pdfs) != 0 {
				t.Errorf("PDFs written: %v", pdfs)
			}
		}
		skipped, failed := 0, 0
		for _, e := range lines {
			switch {
			case e.Skipped != "" && e.File == "" && e.Error == "" && e.RenderKey == "":
				skipped++
			case strings.Contains(e.Error, "cannot be reached") && e.File == "":
				failed++
			default:
				t.Errorf("zip %v: a line %+v", zip, e)
			}
		}
		if skipped != 2 || failed != 1 {
			t.Errorf("zip %v: %d skipped, %d failed lines", zip, skipped, failed)
		}
		src.listErr = &source.UnavailableError{RetryAfter: time.Second, Err: errors.New("connection refused")}
		out2 := filepath.Join(t.TempDir(), "again")
		if sum, err := Run(context.Background(), src, Options{Out: out2}); err == nil || !errors.As(err, new(*source.UnavailableError)) || sum != (Summary{}) {
			t.Errorf("zip %v, the listing failing: %+v, %v", zip, sum, err)
		}
	}
}

// zipManifest reads the manifest of an export's ZIP, and fails on any
// other member (the tests using it expect no PDF).
func zipManifest(t *testing.T, path string) []Entry {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var lines []Entry
	for _, f := range zr.File {
		if f.Name != ManifestName {
			t.Errorf("a member %s", f.Name)
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		lines = readManifest(t, r)
		r.Close()
	}
	return lines
}
