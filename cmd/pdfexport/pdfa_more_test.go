package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/internal/pdftest"
)

// serve --pdfa is the part every PDF is written to unless ?pdfa= says
// otherwise.
func TestServePDFAFlag(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--pdfa", "1b"}, nil, io.Discard, io.Discard)
	}()
	defer func() { cancel(); <-done }()
	waitUp(t, "http://"+addr+"/healthz")
	get := func(query string) []byte {
		resp, err := http.Get(fmt.Sprintf("http://%s/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf%s", addr, query))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", query, resp.StatusCode)
		}
		return b
	}
	if pdf := get(""); !bytes.Contains(pdf, []byte("<pdfaid:part>1</pdfaid:part>")) {
		t.Error("serve --pdfa 1b: the PDF is not PDF/A-1")
	}
	if pdf := get("?pdfa=none"); bytes.Contains(pdf, []byte("pdfaid:part")) {
		t.Error("?pdfa=none under serve --pdfa 1b: the PDF is PDF/A")
	}
}

// A PDF/A-3 document made from standard input attaches it as JSON when it
// is JSON.
func TestPDFA3uStdinJSONType(t *testing.T) {
	qpdf := pdftest.Tool(t, "qpdf")
	pdf := filepath.Join(t.TempDir(), "stdin.pdf")
	if _, stderr, err := runCmd(t, `{"title": "From stdin", "body": ["Text."]}`, "render", "--pdfa", "3u", "-o", pdf, "-"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	list, err := exec.Command(qpdf, "--list-attachments", "--verbose", pdf).CombinedOutput()
	if err != nil || !strings.Contains(string(list), "article.json") || !strings.Contains(string(list), "application/json") {
		t.Errorf("attachments of the 3u PDF from standard input (%v):\n%s", err, list)
	}
}
