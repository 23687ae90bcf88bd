// Package golden compares a test's text output with a golden file beside
// the test, or rewrites the file when the package's -update flag is set, and
// shows a difference line by line. The tests of article and extract use it
// for their dumps of parsed articles.
package golden

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Check compares got with the file at path, or writes got there when update
// is set. rerun is the command that writes the file, named when it is
// missing.
func Check(t testing.TB, path, got string, update bool, rerun string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (%s writes it)", err, rerun)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -update and read the diff):\n%s", path, LineDiff(string(want), got))
	}
}

// LineDiff lists the lines that differ between want and got, by number.
func LineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			fmt.Fprintf(&sb, "line %d:\n  want %s\n  got  %s\n", i+1, a, b)
		}
	}
	return sb.String()
}
