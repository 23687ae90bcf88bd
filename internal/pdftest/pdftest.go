// Package pdftest reads PDFs back for tests: text with poppler's pdftotext,
// page counts with pdfinfo, structure checks with qpdf. Tests that need a tool
// skip on a developer machine without it but fail under CI (CI=true), where
// .ci/run installs every tool.
package pdftest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tool returns the path of an external program. When it is missing the test is
// skipped, except under CI, where it fails.
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI but not installed (see .ci/run)", name)
	}
	t.Skipf("%s not installed; install poppler-utils and qpdf to run this test", name)
	return ""
}

func writeTemp(t testing.TB, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runTool(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(Tool(t, name), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// Text returns the text of one page (1-based), or of the whole document when
// page is 0, in reading order as pdftotext reconstructs it. Note that this
// mode drops a hyphen that ends a line and joins the word ("non-" + "nuclear"
// gives "nonnuclear"), whoever wrote the PDF; RawText keeps it.
func Text(t testing.TB, pdf []byte, page int) string {
	t.Helper()
	return text(t, pdf, page)
}

// RawText is Text in content-stream order (pdftotext -raw), which keeps every
// character as drawn: the mode for checking that nothing was lost or added.
func RawText(t testing.TB, pdf []byte, page int) string {
	t.Helper()
	return text(t, pdf, page, "-raw")
}

func text(t testing.TB, pdf []byte, page int, extra ...string) string {
	t.Helper()
	path := writeTemp(t, pdf)
	args := append([]string{"-enc", "UTF-8"}, extra...)
	if page > 0 {
		p := strconv.Itoa(page)
		args = append(args, "-f", p, "-l", p)
	}
	return runTool(t, "pdftotext", append(args, path, "-")...)
}

// Pages returns the document's page count as pdfinfo reports it.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	out := runTool(t, "pdfinfo", writeTemp(t, pdf))
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: %q", line)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo reported no page count:\n%s", out)
	return 0
}

// Info returns pdfinfo's fields (Title, Author, …).
func Info(t testing.TB, pdf []byte) map[string]string {
	t.Helper()
	out := runTool(t, "pdfinfo", writeTemp(t, pdf))
	info := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// Fonts returns the names of the fonts pdffonts lists, subset tags
// ("ABCDEF+") removed, in its order.
func Fonts(t testing.TB, pdf []byte) []string {
	t.Helper()
	out := runTool(t, "pdffonts", writeTemp(t, pdf))
	var names []string
	for i, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if i < 2 || len(f) == 0 {
			continue // the heading and its rule
		}
		name := f[0]
		if tag, rest, ok := strings.Cut(name, "+"); ok && len(tag) == 6 {
			name = rest
		}
		names = append(names, name)
	}
	return names
}

// Trace returns mutool trace's account of the document: every glyph drawn,
// with its font, glyph ID and character, as XML.
func Trace(t testing.TB, pdf []byte) string {
	t.Helper()
	return runTool(t, "mutool", "trace", writeTemp(t, pdf))
}

// MuText returns the document's text as MuPDF extracts it (mutool draw -F
// txt): a second reader beside pdftotext, which reads every space glyph a
// PDF draws, even one of no width.
func MuText(t testing.TB, pdf []byte) string {
	t.Helper()
	return runTool(t, "mutool", "draw", "-q", "-F", "txt", "-o", "-", writeTemp(t, pdf))
}

// Check runs qpdf --check and fails the test on any error or warning.
func Check(t testing.TB, pdf []byte) {
	t.Helper()
	out := runTool(t, "qpdf", "--check", writeTemp(t, pdf))
	if strings.Contains(strings.ToLower(out), "warning") {
		t.Fatalf("qpdf --check warns:\n%s", out)
	}
}

// Words splits text into words at any white space, no-break spaces included.
func Words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00A0' || r == '\u202F' })
}

// Normalize prepares text read back from a PDF, or the text it was made
// from, for comparison: the bidirectional controls that pdftotext wraps
// right-to-left words in are dropped, and compatibility forms (Arabic
// presentation forms, which the PDF draws) become the letters they stand for.
func Normalize(text string) string {
	text = strings.Map(func(r rune) rune {
		if r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return -1
		}
		return r
	}, text)
	return norm.NFKC.String(text)
}

// CompareWords checks that got holds exactly the words of want, in order. A
// word of want may come back in pieces, split at a line end (after a hyphen
// of its own, or with a hyphen added by hyphenation); nothing else may differ.
func CompareWords(want, got []string) error {
	j := 0
	for i, w := range want {
		if j >= len(got) {
			return fmt.Errorf("word %d %q is missing; the output ends early", i+1, w)
		}
		acc := got[j]
		j++
		for acc != w {
			next := ""
			if j < len(got) {
				next = got[j]
			}
			switch {
			case next != "" && strings.HasPrefix(w, acc):
				acc += next
			case next != "" && strings.HasSuffix(acc, "-") && strings.HasPrefix(w, acc[:len(acc)-1]):
				acc = acc[:len(acc)-1] + next
			default:
				return fmt.Errorf("word %d: want %q, got %q (context: %q)", i+1, w, acc, context(got, j))
			}
			j++
		}
	}
	if j < len(got) {
		return fmt.Errorf("%d extra words after the last one, starting %q", len(got)-j, context(got, j+1))
	}
	return nil
}

func context(words []string, j int) string {
	lo, hi := max(0, j-4), min(len(words), j+4)
	return strings.Join(words[lo:hi], " ")
}

// Uncompressed returns the PDF with its streams decompressed (qpdf --qdf),
// so that a test can look at content-stream operators.
func Uncompressed(t testing.TB, pdf []byte) string {
	t.Helper()
	in := writeTemp(t, pdf)
	out := in + ".qdf"
	runTool(t, "qpdf", "--qdf", "--object-streams=disable", in, out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Image is one image of a PDF as pdfimages -list describes it.
type Image struct {
	Page          int
	Type          string // "image", "smask", …
	Width, Height int
	Enc           string // "jpeg", "image" (Flate), …
}

// Images lists the images a PDF draws, as pdfimages (poppler-utils) reads
// them: one entry per drawing of an image.
func Images(t testing.TB, pdf []byte) []Image {
	t.Helper()
	out := runTool(t, "pdfimages", "-list", writeTemp(t, pdf))
	var imgs []Image
	for i, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if i < 2 || len(f) < 9 {
			continue // the header and its rule
		}
		var im Image
		im.Page, _ = strconv.Atoi(f[0])
		im.Type = f[2]
		im.Width, _ = strconv.Atoi(f[3])
		im.Height, _ = strconv.Atoi(f[4])
		im.Enc = f[8]
		imgs = append(imgs, im)
	}
	return imgs
}
