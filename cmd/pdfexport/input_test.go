//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"pdfexport/internal/fixture"
	"pdfexport/internal/testctx"
	"pdfexport/source"
)

// countingReader is an input of n zero bytes that counts what was read.
type countingReader struct{ n, read int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	if c.read >= c.n {
		return 0, io.EOF
	}
	m := min(int64(len(p)), c.n-c.read)
	clear(p[:m])
	c.read += m
	return int(m), nil
}

// TestRenderInputIsLimited checks that render reads no more than its input
// limit from standard input, a named pipe, a device or a file, and says so.
func TestRenderInputIsLimited(t *testing.T) {
	run := func(stdin io.Reader, args ...string) error {
		return testctx.Within(t, fmt.Sprint(args), func() error {
			return run(context.Background(), append([]string{"render", "-o", filepath.Join(t.TempDir(), "x.pdf")}, args...), stdin, io.Discard, io.Discard)
		})
	}
	check := func(what string, err error) {
		t.Helper()
		if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "larger than the input limit") {
			t.Errorf("%s: %v, want the input limit's error (exit status 1)", what, err)
		}
	}
	// Standard input, at the default limit: an archive file's.
	in := &countingReader{n: 64 << 20}
	check("standard input", run(in))
	if in.read > source.MaxFileBytes+1 {
		t.Errorf("read %d bytes of standard input; the limit is %d", in.read, source.MaxFileBytes)
	}
	check("standard input with --max-input", run(strings.NewReader(strings.Repeat("x", 1001)), "--max-input", "1000"))
	// A named pipe whose writer would write 1 MiB.
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	wrote := make(chan int64, 1)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			wrote <- -1
			return
		}
		n, _ := io.Copy(f, &countingReader{n: 1 << 20}) // ends with EPIPE once the reader is gone
		f.Close()
		wrote <- n
	}()
	check("a named pipe", run(nil, "--max-input", "1000", fifo))
	if n := <-wrote; n >= 1<<20 {
		t.Errorf("the whole pipe was read (%d bytes)", n)
	}
	check("a device", run(nil, "--max-input", "1000", "/dev/zero"))
	big := filepath.Join(t.TempDir(), "big.txt")
	os.WriteFile(big, bytes.Repeat([]byte("word "), 300), 0o644)
	check("a file", run(nil, "--max-input", "1000", big))
	// At the limit is fine.
	sample, _ := os.ReadFile(fixture.SamplePath())
	if err := run(bytes.NewReader(sample), "--max-input", fmt.Sprint(len(sample))); err != nil {
		t.Errorf("an input of exactly the limit: %v", err)
	}
}

// TestRenderStopsWhileWaitingForInput checks that Ctrl-C or SIGTERM (the
// context) ends render while its input sends nothing.
func TestRenderStopsWhileWaitingForInput(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close() // ends the read left waiting
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = testctx.Within(t, "render waiting for input", func() error {
		return run(ctx, []string{"render", "-o", filepath.Join(t.TempDir(), "x.pdf")}, r, io.Discard, io.Discard)
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted while reading standard input") {
		t.Errorf("err = %v", err)
	}
}

// specialFolder is an articles folder with a good article, a named pipe and
// a link out of the folder.
func specialFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sample, err := os.ReadFile(fixture.SamplePath())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "good.txt"), sample, 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestServeFolderWithSpecialFiles checks that serve starts and stops with a
// named pipe and a link out of the folder among the articles, and serves
// neither.
func TestServeFolderWithSpecialFiles(t *testing.T) {
	dir := specialFolder(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--articles", dir}, nil, io.Discard, io.Discard)
	}()
	waitUp(t, "http://"+addr+"/healthz")
	resp, err := http.Get("http://" + addr + "/v1/articles")
	if err != nil {
		t.Fatal(err)
	}
	list, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(list), `"good"`) || strings.Contains(string(list), "leak") || strings.Contains(string(list), "pipe") {
		t.Errorf("listing: %s", list)
	}
	for _, id := range []string{"leak", "pipe"} {
		resp, err := http.Get("http://" + addr + "/v1/articles/" + id + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s.pdf: %d, want 404", id, resp.StatusCode)
		}
	}
	cancel()
	if err := testctx.Within(t, "serve after SIGTERM", func() error { return <-done }); err != nil {
		t.Errorf("serve: %v", err)
	}
}

// TestExportFolderWithSpecialFiles checks that export finishes, reports the
// pipe and the link with their reasons, and exits with status 1.
func TestExportFolderWithSpecialFiles(t *testing.T) {
	dir := specialFolder(t)
	for _, ids := range [][]string{nil, {"good", "leak", "pipe"}} {
		out := t.TempDir()
		args := append([]string{"export", "--articles", dir, "--out", out}, ids...)
		err := testctx.Within(t, "export", func() error { return run(context.Background(), args, nil, io.Discard, io.Discard) })
		if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "2 of 3") {
			t.Errorf("%v: %v, want 2 of 3 failed (exit status 1)", ids, err)
		}
		manifest, _ := os.ReadFile(filepath.Join(out, "manifest.jsonl"))
		for _, want := range []string{`"id":"good","title"`, "pipe.txt is a named pipe", "leak.txt is a symbolic link that does not lead to a file inside"} {
			if !strings.Contains(string(manifest), want) {
				t.Errorf("%v: the manifest lacks %q:\n%s", ids, want, manifest)
			}
		}
	}
}
