package article

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/internal/golden"
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

// checkGolden compares got with the golden file, or writes it with
// -update; test names the test that writes it.
func checkGolden(t *testing.T, path, got, test string) {
	t.Helper()
	golden.Check(t, path, got, *update, "go test ./article -run "+test+" -update")
}
