//go:build unix

package main

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
	"time"

	"pdfexport/internal/fixture"
	"pdfexport/source"
)

// within fails the test if f does not return within a generous bound: the
// rules these tests check are that nothing blocks or reads without end.
func within[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not return", what)
		panic("unreachable")
	}
}

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
		return within(t, fmt.Sprint(args), func() error {
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
	err = within(t, "render waiting for input", func() error {
		return run(ctx, []string{"render", "-o", filepath.Join(t.TempDir(), "x.pdf")}, r, io.Discard, io.Discard)
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted while reading standard input") {
		t.Errorf("err = %v", err)
	}
}
