//go:build unix

package atomicfile

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

// TestRemoveStale checks that the temporary files of dead writers go and
// those of live writers, and every other file, stay.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.zip")
	live, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	io.WriteString(live, "in progress")
	keep := []string{filepath.Base(live.Name()), "f.zip.123.tmp", ".f.zip.abc.tmp", ".f.zip.12.tmp.x", ".g.zip.77.tmp", "notes.txt"}
	stale := []string{".f.zip.123.tmp", ".f.zip.4294967295.tmp"}
	for _, name := range append(keep[1:], stale...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := RemoveStale(path); err != nil {
		t.Fatal(err)
	}
	got := names(t, dir)
	for _, name := range keep {
		if !slices.Contains(got, name) {
			t.Errorf("%s was removed", name)
		}
	}
	for _, name := range stale {
		if slices.Contains(got, name) {
			t.Errorf("the stale %s is still there", name)
		}
	}
	// The live writer is unharmed.
	if err := live.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "in progress" {
		t.Errorf("committed %q", b)
	}
	live.Abort() // a no-op after Commit
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after Commit removed the file: %v", err)
	}
}

// TestRemoveStaleUnder checks the tree-wide cleaning of a folder export.
func TestRemoveStaleUnder(t *testing.T) {
	root := t.TempDir()
	live, err := Create(filepath.Join(root, "2024", "05", "a.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	for _, p := range []string{"2024/05/.b.pdf.991.tmp", "undated/.c.pdf.5.tmp", ".manifest.jsonl.7.tmp"} {
		os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755)
		os.WriteFile(filepath.Join(root, p), nil, 0o600)
	}
	os.WriteFile(filepath.Join(root, "2024", "05", "b.pdf"), []byte("%PDF"), 0o644)
	if err := RemoveStaleUnder(root); err != nil {
		t.Fatal(err)
	}
	var left []string
	filepath.WalkDir(root, func(p string, de os.DirEntry, err error) error {
		if !de.IsDir() {
			rel, _ := filepath.Rel(root, p)
			left = append(left, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{"2024/05/" + filepath.Base(live.Name()), "2024/05/b.pdf"}
	if !slices.Equal(left, want) {
		t.Errorf("left %q, want %q", left, want)
	}
	if err := RemoveStaleUnder(filepath.Join(root, "missing")); err != nil {
		t.Errorf("a missing folder: %v", err)
	}
}

// TestStaleAfterKill kills a writer outright, as the out-of-memory killer
// would, and expects its temporary file to be taken for stale: the kernel
// drops a dead process's locks.
func TestStaleAfterKill(t *testing.T) {
	if os.Getenv("ATOMICFILE_HELPER") != "" {
		f, err := Create(os.Getenv("ATOMICFILE_HELPER"))
		if err != nil {
			os.Exit(3)
		}
		fmt.Println(f.Name())
		time.Sleep(time.Hour) // until killed
	}
	path := filepath.Join(t.TempDir(), "out.zip")
	cmd := exec.Command(os.Args[0], "-test.run=^TestStaleAfterKill$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_HELPER="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// A helper that hangs before it prints is killed, which ends the read.
	timer := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	var name string
	if _, err := fmt.Fscanln(out, &name); err != nil {
		t.Fatal(err)
	}
	// Alive: its file stays.
	if err := RemoveStale(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); err != nil {
		t.Fatalf("a live writer's file was removed: %v", err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if err := RemoveStale(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); err == nil {
		t.Error("a killed writer's file was left")
	}
}
