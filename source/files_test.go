//go:build unix

package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"pdfexport/internal/testctx"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func listed(a *Archive) []string {
	var ids []string
	for _, e := range a.List() {
		ids = append(ids, e.ID)
	}
	slices.Sort(ids)
	return ids
}

func rejectedByID(a *Archive) map[string]string {
	m := map[string]string{}
	for _, r := range a.Rejected() {
		m[r.ID] = r.Err.Error()
	}
	return m
}

// TestSymlinksStayInside checks the folder's rule for symbolic links: one
// that stays inside the folder is followed, one that leads out of it or to
// nothing is refused, at start-up and on every read.
func TestSymlinksStayInside(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "articles"), filepath.Join(base, "outside")
	write(t, filepath.Join(outside, "secret.txt"), string(text("Secret").Data))
	write(t, filepath.Join(dir, "story.txt"), string(text("Story").Data))
	symlink(t, "story.txt", filepath.Join(dir, "alias.txt"))
	// A Kubernetes ConfigMap volume: the files are links into ..data.
	write(t, filepath.Join(dir, "..2026_01_01", "cm.txt"), string(text("From a ConfigMap").Data))
	symlink(t, "..2026_01_01", filepath.Join(dir, "..data"))
	symlink(t, "..data/cm.txt", filepath.Join(dir, "cm.txt"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(dir, "leak.txt"))
	symlink(t, "../outside/secret.txt", filepath.Join(dir, "relative-leak.txt"))
	symlink(t, "../outside", filepath.Join(dir, "via"))
	symlink(t, "via/secret.txt", filepath.Join(dir, "indirect-leak.txt"))
	symlink(t, "/etc/passwd", filepath.Join(dir, "passwd.txt"))
	symlink(t, "missing.txt", filepath.Join(dir, "dangling.txt"))
	symlink(t, "..data", filepath.Join(dir, "folder.txt"))

	a, err := Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(listed(a), " "); got != "alias cm story" {
		t.Errorf("listed %q, want the regular file and the links inside the folder", got)
	}
	if art, err := a.Get("cm"); err != nil || art.Title != "Title From a ConfigMap" {
		t.Errorf("a ConfigMap-style link: %v, %v", art, err)
	}
	rej := rejectedByID(a)
	for id, want := range map[string]string{
		"leak": "does not lead to a file inside", "relative-leak": "does not lead to a file inside",
		"indirect-leak": "does not lead to a file inside", "passwd": "does not lead to a file inside",
		"dangling": "does not exist", "folder": "is a folder",
	} {
		if !strings.Contains(rej[id], want) || !strings.HasPrefix(rej[id], id+".txt ") {
			t.Errorf("%s: rejected as %q, want the file named and %q", id, rej[id], want)
		}
		if _, err := a.Get(id); err == nil {
			t.Errorf("Get(%s) succeeded", id)
		}
	}
	// A served file replaced by a link out of the folder after start-up.
	os.Remove(filepath.Join(dir, "story.txt"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(dir, "story.txt"))
	if art, err := a.Get("story"); err == nil || !strings.Contains(err.Error(), "does not lead to a file inside") {
		t.Errorf("a file swapped for a link out of the folder: %v, %v", art, err)
	}
}

// TestSpecialFilesDoNotBlock checks that a named pipe in the folder, there
// at start-up or swapped in later, is refused without waiting for a writer.
func TestSpecialFilesDoNotBlock(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "story.txt"), string(text("Story").Data))
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	symlink(t, "pipe.txt", filepath.Join(dir, "to-pipe.txt"))
	type opened struct {
		a   *Archive
		err error
	}
	o := testctx.Within(t, "opening a folder with a named pipe", func() opened { a, err := Dir(dir, nil); return opened{a, err} })
	if o.err != nil {
		t.Fatal(o.err)
	}
	a := o.a
	if got := strings.Join(listed(a), " "); got != "story" {
		t.Errorf("listed %q", got)
	}
	rej := rejectedByID(a)
	for _, id := range []string{"pipe", "to-pipe"} {
		if !strings.Contains(rej[id], "is a named pipe") {
			t.Errorf("%s: rejected as %q, want a named pipe", id, rej[id])
		}
	}
	// Swapped for a named pipe after start-up, with and without the memo.
	os.Remove(filepath.Join(dir, "story.txt"))
	if err := syscall.Mkfifo(filepath.Join(dir, "story.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, memo := range []bool{false, true} {
		if memo {
			a.Memoize(1 << 20)
		}
		err := testctx.Within(t, "Get of a named pipe", func() error { _, err := a.Get("story"); return err })
		if !errors.Is(err, errNotRegular) {
			t.Errorf("memo %v: Get of a file swapped for a named pipe: %v", memo, err)
		}
	}
	// Swapped between the type check and the open: the open itself must not
	// wait for a writer.
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	err = testctx.Within(t, "opening a named pipe", func() error {
		f, err := openRegular(root, "story.txt")
		if err == nil {
			f.Close()
		}
		return err
	})
	if !errors.Is(err, errNotRegular) {
		t.Errorf("openRegular of a named pipe: %v", err)
	}
}

// TestSpecialFilesOfAnyFS checks the same rule for other file systems.
func TestSpecialFilesOfAnyFS(t *testing.T) {
	a, err := Open(fstest.MapFS{
		"ok.txt":  text("ok"),
		"dev.txt": {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"p.json":  {Mode: fs.ModeNamedPipe},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rej := rejectedByID(a)
	if !strings.Contains(rej["dev"], "is a device") || !strings.Contains(rej["p"], "is a named pipe") || len(a.List()) != 1 {
		t.Errorf("listed %v, rejected %q", listed(a), rej)
	}
}

// TestImageLinksStayInside: an image that is a link out of the folder is
// refused like an article that is one; a link inside is followed.
func TestImageLinksStayInside(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "articles"), filepath.Join(base, "outside")
	write(t, filepath.Join(outside, "secret.png"), "\x89PNG\r\n\x1a\nsecret")
	write(t, filepath.Join(dir, "story.txt"), string(text("Story").Data))
	write(t, filepath.Join(dir, "images", "a.png"), "\x89PNG\r\n\x1a\npicture")
	symlink(t, "a.png", filepath.Join(dir, "images", "alias.png"))
	symlink(t, filepath.Join(outside, "secret.png"), filepath.Join(dir, "images", "leak.png"))
	symlink(t, "../outside", filepath.Join(dir, "via"))
	a, err := Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.OpenImage("story", "images/alias.png")
	if err != nil {
		t.Fatalf("a link inside the folder: %v", err)
	}
	img.Close()
	for _, name := range []string{"images/leak.png", "via/secret.png"} {
		img, err := a.OpenImage("story", name)
		if err == nil {
			img.Close()
			t.Errorf("%s: a link out of the folder was opened", name)
			continue
		}
		if errors.Is(err, ErrBadName) || errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v; a link out of the folder is the folder's fault, not the name's", name, err)
		}
	}
}
