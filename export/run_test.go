package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"pdfexport/article"
	"pdfexport/render"
)

// failingWriter fails every write.
type failingWriter struct{ writes int }

func (w *failingWriter) done(string, string) bool { return false }
func (w *failingWriter) close(bool) error         { return nil }
func (w *failingWriter) write(result) error {
	w.writes++
	return errors.New("no space left on device")
}

// TestFailedWriteIsNotCountedAsRendered checks the counts after a write
// fails: the article whose write failed is failed, in the summary, the
// metrics' entries and the progress, and the articles whose renders end
// after the failure, never written, are counted nowhere.
func TestFailedWriteIsNotCountedAsRendered(t *testing.T) {
	src := archive(t)
	n := len(src.List())
	var started atomic.Int32
	rend := func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
		if started.Add(1) > 1 {
			// Every render but the first ends once the failed write has
			// cancelled the export, and succeeds all the same, as one that
			// was finishing at that moment would: its result reaches the
			// writer after the failure.
			<-ctx.Done()
		}
		_, err := io.WriteString(w, "%PDF-1.7 fake")
		return render.Result{Pages: 1, Bytes: 13}, err
	}
	w := &failingWriter{}
	var mu sync.Mutex
	var entries []Entry
	var progress []int
	sum, err := run(context.Background(), src, Options{Workers: n, Renderer: rend,
		OnEntry:  func(e Entry) { mu.Lock(); entries = append(entries, e); mu.Unlock() },
		Progress: func(done, total int) { progress = append(progress, done) },
	}, w)
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("err = %v, want the write error", err)
	}
	if w.writes != 1 {
		t.Errorf("%d writes after the first failed", w.writes-1)
	}
	if sum.Rendered != 0 || sum.Failed != 1 || sum.Bytes != 0 {
		t.Errorf("summary %+v: nothing was written, and one article failed to be", sum)
	}
	if len(entries) != 1 || !strings.Contains(entries[0].Error, "no space left") {
		t.Errorf("entries observed: %+v, want one failure", entries)
	}
	if len(progress) != 1 || progress[0] != 1 {
		t.Errorf("progress %v, want one article done", progress)
	}
}

func TestNegativeWorkersIsAnError(t *testing.T) {
	for _, workers := range []int{-1, -8} {
		out := t.TempDir()
		sum, err := Run(context.Background(), archive(t), Options{Out: out, Workers: workers})
		if err == nil || !strings.Contains(err.Error(), "workers") || sum.Selected != 0 {
			t.Errorf("%d workers: %+v %v", workers, sum, err)
		}
	}
}

// TestRenderer checks that Options.Renderer renders every article, with the
// export's options, into the folder, the ZIP and the stream alike.
func TestRenderer(t *testing.T) {
	src := archive(t)
	opts := render.Options{Scale: 1.25, Paper: "letter", Publication: "P"}
	var mu sync.Mutex
	calls := 0
	rend := func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		if o != opts || ctx == nil {
			t.Errorf("rendered with %+v", o)
		}
		_, err := io.WriteString(w, "%PDF "+a.Title)
		return render.Result{Pages: 7, Bytes: int64(len("%PDF " + a.Title))}, err
	}
	n := len(src.List())
	check := func(what string, entries []Entry) {
		t.Helper()
		if calls != n || len(entries) != n {
			t.Errorf("%s: %d renders, %d lines, want %d", what, calls, len(entries), n)
		}
		for _, e := range entries {
			if e.Pages != 7 || e.Bytes != int64(len("%PDF "+e.Title)) {
				t.Errorf("%s: %+v does not come from the renderer", what, e)
			}
		}
		calls = 0
	}
	out := t.TempDir()
	if _, err := Run(context.Background(), src, Options{Out: out, Render: opts, Renderer: rend}); err != nil {
		t.Fatal(err)
	}
	check("folder", manifestOf(t, out))
	zipPath := filepath.Join(t.TempDir(), "x.zip")
	if _, err := Run(context.Background(), src, Options{Out: zipPath, Render: opts, Renderer: rend}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	mf, _ := zr.File[len(zr.File)-1].Open()
	check("zip", readManifest(t, mf))
	zr.Close()
	var buf bytes.Buffer
	if _, err := Stream(context.Background(), &buf, src, Options{Render: opts, Renderer: rend, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	zs, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	mf, _ = zs.File[len(zs.File)-1].Open()
	check("stream", readManifest(t, mf))
}
