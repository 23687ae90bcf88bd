package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
