package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
)

// An export is PDF/A-2u unless told otherwise, and says so in its
// manifest; render writes no part unless asked; 3u carries the input file
// it was made from, byte for byte.
func TestPDFAParts(t *testing.T) {
	qpdf := pdftest.Tool(t, "qpdf")
	out := t.TempDir()
	if _, stderr, err := runCmd(t, "", "export", "--out", out, "lyon-night-trains"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var line struct {
		File    string `json:"file"`
		Options struct {
			PDFA string `json:"pdfa"`
		} `json:"options"`
	}
	m, _ := os.ReadFile(filepath.Join(out, "manifest.jsonl"))
	if err := json.Unmarshal(bytes.TrimSpace(m), &line); err != nil || line.Options.PDFA != "2u" {
		t.Errorf("the export's manifest line %s (%v): want options.pdfa 2u", m, err)
	}
	exported, _ := os.ReadFile(filepath.Join(out, line.File))
	if !bytes.Contains(exported, []byte("<pdfaid:part>2</pdfaid:part>")) || !bytes.Contains(exported, []byte("<pdfaid:conformance>U</pdfaid:conformance>")) {
		t.Error("the exported PDF does not identify itself as PDF/A-2u")
	}

	plain, _, err := runCmd(t, "", "render", fixture.SamplePath())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain, "pdfaid:part") || !strings.Contains(plain, "<pdfuaid:part>1</pdfuaid:part>") {
		t.Error("render without --pdfa: want PDF/UA-1 and no PDF/A part")
	}

	src := filepath.Join(t.TempDir(), "story.json")
	input := []byte(`{"title": "Attached", "lang": "en", "body": ["The source of this PDF is inside it."]}`)
	os.WriteFile(src, input, 0o644)
	pdf := filepath.Join(t.TempDir(), "story.pdf")
	if _, stderr, err := runCmd(t, "", "render", "--pdfa", "3u", "-o", pdf, src); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	list, err := exec.Command(qpdf, "--list-attachments", "--verbose", pdf).CombinedOutput()
	if err != nil || !strings.Contains(string(list), "story.json") || !strings.Contains(string(list), "application/json") {
		t.Fatalf("attachments of the 3u PDF (%v):\n%s", err, list)
	}
	// fpdf keys a document's attachments "Attachement1", "Attachement2", …
	got, err := exec.Command(qpdf, "--show-attachment=Attachement1", pdf).Output()
	if err != nil || !bytes.Equal(got, input) {
		t.Errorf("the attached source is %q (%v), want the input file", got, err)
	}
}
