package export

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wholeLines fails the test unless the manifest at dir is whole JSON lines.
func wholeLines(t *testing.T, dir string) []Entry {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		t.Errorf("the manifest ends in a partial line: …%q", raw[max(0, len(raw)-60):])
	}
	var out []Entry
	for _, line := range strings.SplitAfter(string(raw), "\n") {
		if line == "" {
			continue
		}
		var e Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil || e.ID == "" {
			t.Errorf("manifest line %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

// TestPartialLastLineIsRepaired checks what a run does with a manifest
// whose last line was cut short (a full disk, a killed process): a partial
// line is removed before anything is appended, and a complete entry that
// lacks only its newline is kept.
func TestPartialLastLineIsRepaired(t *testing.T) {
	_, a := folder(t, map[string]string{"own.txt": ownRights, "plain.json": plain})
	for _, cut := range []struct {
		what     string
		keep     func(line string) string
		rendered int
	}{
		{"half a line", func(line string) string { return line[:len(line)/2] }, 1},
		{"all but the newline", func(line string) string { return strings.TrimSuffix(line, "\n") }, 0},
	} {
		out := t.TempDir()
		if _, err := Run(context.Background(), a, Options{Out: out}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(out, ManifestName)
		raw, _ := os.ReadFile(path)
		lines := strings.SplitAfter(string(raw), "\n")
		os.WriteFile(path, []byte(lines[0]+cut.keep(lines[1])), 0o644)
		sum, err := Run(context.Background(), a, Options{Out: out})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rendered != cut.rendered {
			t.Errorf("%s: %d rendered again, want %d", cut.what, sum.Rendered, cut.rendered)
		}
		if entries := wholeLines(t, out); len(entries) != 2 {
			t.Errorf("%s: %d lines, want the first and the second's, whole", cut.what, len(entries))
		}
	}
}
