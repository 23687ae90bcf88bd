package article

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden dumps of the fixtures in testdata/html and testdata/ans")

// htmlFixtures are the CMS bodies in testdata/html, each with the base URL
// it is parsed against (none: its links are absolute, or stay text).
var htmlFixtures = []struct{ name, base string }{
	{"wordpress", ""},
	{"ghost", ""},
	{"arc", "https://news.example.com/2024/05/14/riverside-market-closes"},
}

// TestParseHTMLBodyFixtures parses bodies written from each CMS's
// documented markup and compares the blocks and dropped counts with the
// golden dumps beside them; -update rewrites the dumps (read the diff).
func TestParseHTMLBodyFixtures(t *testing.T) {
	for _, f := range htmlFixtures {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join("testdata", "html", f.name+".html")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var base *url.URL
			if f.base != "" {
				if base, err = url.Parse(f.base); err != nil {
					t.Fatal(err)
				}
			}
			blocks, dropped, err := ParseHTMLBody(data, base)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			checkGolden(t, strings.TrimSuffix(path, ".html")+".golden", dumpBlocks(blocks, dropped), "TestParseHTMLBodyFixtures")
		})
	}
}

// lineDiff lists the lines that differ between want and got, by number.
func lineDiff(want, got string) string {
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

// checkGolden compares got with the golden file, or writes it with
// -update; test names the test that writes it.
func checkGolden(t *testing.T, golden, got, test string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./article -run %s -update to write it)", err, test)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -update and read the diff):\n%s", golden, lineDiff(string(want), got))
	}
}
