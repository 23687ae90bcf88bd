// Package icuseg asks ICU where the words of a text begin, for tests: it
// runs node's Intl.Segmenter with granularity "word", which is ICU's word
// break iterator with ICU's own dictionaries for Thai, Lao, Khmer and
// Burmese (node 20 on these machines carries ICU 78). It is the reference
// that package dictbreak, which reads an older copy of the same
// dictionaries, is measured against; a test cannot pass by agreeing with
// itself.
package icuseg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// script reads a JSON object {lang, texts} on standard input and writes,
// for each text, the byte offsets (in UTF-8) of the starts of ICU's
// segments after the first, and ICU's version.
const script = `
let input = '';
process.stdin.on('data', d => input += d);
process.stdin.on('end', () => {
  const {lang, texts} = JSON.parse(input);
  const seg = new Intl.Segmenter(lang, {granularity: 'word'});
  const out = texts.map(t => {
    const at = [];
    for (const s of seg.segment(t)) {
      if (s.index > 0) at.push(Buffer.byteLength(t.slice(0, s.index)));
    }
    return at;
  });
  process.stdout.write(JSON.stringify({icu: process.versions.icu, boundaries: out}));
});
`

// ErrNoNode is returned when node is not installed.
var ErrNoNode = errors.New("icuseg: node is not installed")

// Boundaries returns, for each text, the byte offsets inside it where ICU
// starts a word segment (white space and punctuation are segments of their
// own), and ICU's version.
func Boundaries(lang string, texts []string) ([][]int, string, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, "", ErrNoNode
	}
	in, err := json.Marshal(struct {
		Lang  string   `json:"lang"`
		Texts []string `json:"texts"`
	}{lang, texts})
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, "", fmt.Errorf("icuseg: node: %w: %s", err, stderr.String())
	}
	var res struct {
		ICU        string  `json:"icu"`
		Boundaries [][]int `json:"boundaries"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, "", fmt.Errorf("icuseg: %w", err)
	}
	if len(res.Boundaries) != len(texts) {
		return nil, "", fmt.Errorf("icuseg: %d answers for %d texts", len(res.Boundaries), len(texts))
	}
	return res.Boundaries, res.ICU, nil
}

// ForTest is Boundaries for a test: without node the test is skipped,
// except under CI (CI=true), where a check that skips checks nothing.
func ForTest(t testing.TB, lang string, texts []string) ([][]int, string) {
	t.Helper()
	b, v, err := Boundaries(lang, texts)
	if errors.Is(err, ErrNoNode) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node is required under CI (ICU's Intl.Segmenter is the reference): %v", err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b, v
}
