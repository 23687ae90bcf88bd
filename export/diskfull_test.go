//go:build linux

package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"pdfexport/article"
	"pdfexport/render"
	"pdfexport/source"
)

// tmpfs mounts a file system of the given size (mount -o size=…) for the
// test. Mounting needs root, as the tests have here and in CI: the test is
// skipped without it, except under CI, where it fails.
func tmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot mount a tmpfs, which this test needs under CI (run as root): %v", err)
		}
		t.Skipf("cannot mount a tmpfs (run as root to test a full disk): %v", err)
	}
	// Registered after TempDir's own clean-up, so it runs first.
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
		}
	})
	return dir
}

// fill writes to a new file in dir until the file system is full, and
// returns the file's path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	for {
		if _, err := f.Write(page); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return path
		}
	}
}

// TestFullDiskLeavesWholeManifestLines fills a real file system while a
// manifest line is appended: the write fails part-way, and the partial line
// must be taken back, so that the next run appends after whole lines.
func TestFullDiskLeavesWholeManifestLines(t *testing.T) {
	root := filepath.Join(tmpfs(t, "64k"), "out")
	w, err := newDirWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	// Lines of 1,000 bytes: the fifth crosses from the first 4 KiB page of
	// the manifest into a second, which a full disk cannot give.
	line := func(i int) result {
		e := Entry{ID: fmt.Sprintf("a%d", i), Error: "x"}
		b, _ := jsonLine(e)
		e.Error = strings.Repeat("x", 1000-len(b)+1)
		return result{entry: e}
	}
	for i := range 4 {
		if err := w.write(line(i)); err != nil {
			t.Fatal(err)
		}
	}
	filler := fill(t, filepath.Dir(root))
	err = w.write(line(4))
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("appending on a full disk: %v, want ENOSPC", err)
	}
	if n := len(wholeLines(t, root)); n != 4 {
		t.Errorf("%d lines after the failed append, want the 4 before it", n)
	}
	w.close(false)
	os.Remove(filler)
	w, err = newDirWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.write(line(5)); err != nil {
		t.Fatal(err)
	}
	w.close(true)
	if n := len(wholeLines(t, root)); n != 5 {
		t.Errorf("%d lines after the next run's append, want 5", n)
	}
}

// TestExportOnFullDiskResumes runs a folder export into a file system too
// small for it, then again once there is room: the first run fails with the
// disk's error and leaves only whole files and lines; the second finishes
// the export.
func TestExportOnFullDiskResumes(t *testing.T) {
	mnt := tmpfs(t, "256k")
	dir := t.TempDir()
	const n = 40
	for i := range n {
		js := fmt.Sprintf(`{"title": "Article %d", "published": "2024-05-%02d", "body": ["Body."]}`, i, i%28+1)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%02d.json", i)), []byte(js), 0o644)
	}
	src, err := source.Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 16 KiB PDFs: the file system holds about fifteen.
	rend := func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
		pdf := append([]byte("%PDF "+a.Title), bytes.Repeat([]byte{' '}, 16<<10)...)
		_, err := w.Write(pdf)
		return render.Result{Pages: 1, Bytes: int64(len(pdf))}, err
	}
	out := filepath.Join(mnt, "out")
	sum, err := Run(context.Background(), src, Options{Out: out, Renderer: rend, Workers: 2})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	first := wholeLines(t, out)
	if sum.Rendered != len(first) || sum.Rendered == 0 || sum.Rendered >= n || sum.Failed != 1 {
		t.Errorf("first run: %+v with %d manifest lines", sum, len(first))
	}
	if err := syscall.Mount("tmpfs", mnt, "", syscall.MS_REMOUNT, "size=4m"); err != nil {
		t.Fatal(err)
	}
	sum, err = Run(context.Background(), src, Options{Out: out, Renderer: rend, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != len(first) || sum.Rendered != n-len(first) {
		t.Errorf("second run: %+v after %d lines", sum, len(first))
	}
	if lines := wholeLines(t, out); len(lines) != n {
		t.Errorf("%d manifest lines, want %d", len(lines), n)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if strings.HasSuffix(p, ".tmp") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}
