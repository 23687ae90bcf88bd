//go:build unix

package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"pdfexport/source"
)

// brokenFolder is an articles folder with one good article and one file of
// each kind the archive cannot serve.
func brokenFolder(t *testing.T) *source.Archive {
	t.Helper()
	dir, _ := folder(t, map[string]string{
		"good.txt":   ownRights, // 2017-01-04
		"broken.txt": "4 January 2017\n\nA title\n\nA body with a \x01 control character",
		"big.txt":    "x",
		// Two files with one ID, both dated 2018.
		"twice.json":   plain,
		"twice.txt":    "3 February 2018\n\nTwice as text\n\nStandfirst\n\nBody.",
		"bad name.txt": ownRights,
	})
	if err := os.Truncate(filepath.Join(dir, "big.txt"), source.MaxFileBytes+1); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"dangling.txt": "missing.txt", "loop.txt": "loop.txt", "leak.txt": "/etc/passwd"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := source.Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// reasons is what each file must be reported with.
var reasons = map[string]string{
	"broken":   "broken.txt: invalid article",
	"big":      "big.txt is larger than the 16777216-byte limit",
	"twice":    "twice.txt has the ID of twice.json",
	"bad name": "bad name.txt: the name is not a valid article ID",
	"dangling": "dangling.txt is a symbolic link to a file that does not exist",
	"loop":     "loop.txt: too many levels of symbolic links",
	"leak":     "leak.txt is a symbolic link that does not lead to a file inside",
	"pipe":     "pipe.txt is a named pipe",
}

// TestEveryFileIsAccountedFor checks that an export reports every article
// file of its selection that it cannot export, with the real reason, as a
// failure: exporting all articles, some by ID, or a date range.
func TestEveryFileIsAccountedFor(t *testing.T) {
	a := brokenFolder(t)
	check := func(what string, o Options, rendered []string, failed ...string) {
		t.Helper()
		o.Out = t.TempDir()
		sum, err := Run(context.Background(), a, o)
		if (len(failed) > 0) != errors.Is(err, ErrFailed) {
			t.Errorf("%s: err = %v", what, err)
		}
		if sum.Selected != len(rendered)+len(failed) || sum.Rendered != len(rendered) || sum.Failed != len(failed) {
			t.Errorf("%s: summary %+v, want %d rendered and %d failed", what, sum, len(rendered), len(failed))
		}
		byID := map[string]Entry{}
		for _, e := range manifestOf(t, o.Out) {
			byID[e.ID] = e
		}
		if len(byID) != sum.Selected {
			t.Errorf("%s: %d manifest lines for %d articles", what, len(byID), sum.Selected)
		}
		for _, id := range rendered {
			if e := byID[id]; e.Error != "" || e.SHA256 == "" {
				t.Errorf("%s: %s: %+v, want it rendered", what, id, e)
			}
		}
		for _, id := range failed {
			want := reasons[id]
			if want == "" {
				want = "no such article"
			}
			if e := byID[id]; !strings.Contains(e.Error, want) {
				t.Errorf("%s: %s: error %q, want %q", what, id, e.Error, want)
			}
		}
	}
	all := []string{"bad name", "big", "broken", "dangling", "leak", "loop", "pipe", "twice"}
	check("all articles", Options{}, []string{"good"}, all...)
	check("by ID", Options{IDs: []string{"good", "broken", "twice", "dangling", "pipe", "nothing"}},
		[]string{"good"}, "broken", "twice", "dangling", "pipe", "nothing")
	// A date range: the files whose date cannot be read are in every range;
	// the second file of an ID, which parses, only in its own.
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	undated := []string{"bad name", "big", "broken", "dangling", "leak", "loop", "pipe"}
	check("2017", Options{From: day("2017-01-01"), To: day("2017-12-31")}, []string{"good"}, undated...)
	check("2018", Options{From: day("2018-01-01"), To: day("2018-12-31")}, nil, append(undated, "twice")...)
	if n, err := Count(context.Background(), a, Options{}); n != 9 || err != nil {
		t.Errorf("Count = %d, %v; want the 9 article files", n, err)
	}
}
