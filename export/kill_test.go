//go:build unix

package export

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"pdfexport/article"
	"pdfexport/render"
)

// TestKilledZipExportIsCleanedUp kills a ZIP export outright (SIGKILL, as
// the out-of-memory killer or a lost node would) while it renders. Its
// temporary files must survive another export running beside it, and be
// removed by the next export to the same ZIP once it is dead.
func TestKilledZipExportIsCleanedUp(t *testing.T) {
	if out := os.Getenv("EXPORT_KILL_HELPER"); out != "" {
		// The export to kill: it blocks in its first render.
		src := archive(t)
		rend := func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
			os.Stdout.WriteString("rendering\n")
			time.Sleep(time.Hour) // until killed; a select{} would be a deadlock, which the runtime ends
			return render.Result{}, nil
		}
		Run(context.Background(), src, Options{Out: out, Renderer: rend, Workers: 1})
		return
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "archive.zip")
	// What an older version left: its named manifest scratch file.
	os.WriteFile(filepath.Join(dir, ".archive.zip.manifest.12345.tmp"), []byte("{}\n"), 0o600)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledZipExportIsCleanedUp$")
	cmd.Env = append(os.Environ(), "EXPORT_KILL_HELPER="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	timer := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() }) // ends the read below if the helper hangs
	defer timer.Stop()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "rendering\n" {
		t.Fatalf("the helper export did not start: %q %v", line, err)
	}
	temps := func() []string {
		des, _ := os.ReadDir(dir)
		var out []string
		for _, de := range des {
			if strings.HasSuffix(de.Name(), ".tmp") {
				out = append(out, de.Name())
			}
		}
		return out
	}
	live := temps()
	if len(live) == 0 {
		t.Fatal("the helper export has no temporary file")
	}

	// Another export to the same ZIP while the first is alive.
	fast := func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
		n, err := io.WriteString(w, "%PDF "+a.Title)
		return render.Result{Pages: 1, Bytes: int64(n)}, err
	}
	src := archive(t)
	if _, err := Run(context.Background(), src, Options{Out: out, Renderer: fast}); err != nil {
		t.Fatal(err)
	}
	for _, name := range live {
		if name != ".archive.zip.manifest.12345.tmp" && !slices.Contains(temps(), name) {
			t.Errorf("%s of a running export was removed", name)
		}
	}

	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if _, err := Run(context.Background(), src, Options{Out: out, Renderer: fast}); err != nil {
		t.Fatal(err)
	}
	if left := temps(); len(left) > 0 {
		t.Errorf("temporary files left by the killed export: %q", left)
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Errorf("files beside the ZIP: %v", des)
	}
}

// TestKilledFolderExportIsCleanedUp checks that a folder export removes the
// temporary PDFs that a killed run left in its tree.
func TestKilledFolderExportIsCleanedUp(t *testing.T) {
	_, a := folder(t, map[string]string{"plain.json": plain})
	out := t.TempDir()
	stale := filepath.Join(out, "2018", "02", ".plain.pdf.4242.tmp")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	os.WriteFile(stale, []byte("%PDF half"), 0o600)
	if _, err := Run(context.Background(), a, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a killed run's temporary PDF was left")
	}
}
