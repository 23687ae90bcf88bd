package article

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ansFixtures are the ANS stories in testdata/ans, written from the ANS
// schema (github.com/washingtonpost/ans-schema, 0.10.9) and Arc's
// examples, with a golden dump beside each.
var ansFixtures = []string{"story"}

// TestParseANSFixtures parses each fixture and compares the article with
// the golden dump beside it; -update rewrites the dumps (read the diff).
func TestParseANSFixtures(t *testing.T) {
	for _, name := range ansFixtures {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "ans", name+".json")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ParseANS(data)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			checkGolden(t, strings.TrimSuffix(path, ".json")+".golden", dumpArticle(a), "TestParseANSFixtures")
		})
	}
}

// dumpArticle writes an article's fields, then its lead image and body
// as dumpBlocks writes them.
func dumpArticle(a *Article) string {
	var sb strings.Builder
	for _, f := range []struct{ name, value string }{
		{"title", a.Title}, {"standfirst", a.Standfirst}, {"byline", a.Byline}, {"date", a.Date},
		{"url", a.URL}, {"lang", a.Lang}, {"rights", a.Rights},
	} {
		fmt.Fprintf(&sb, "%s: %q\n", f.name, f.value)
	}
	published := ""
	if !a.Published.IsZero() {
		published = a.Published.Format(time.RFC3339)
	}
	fmt.Fprintf(&sb, "published: %q\n", published)
	if a.Lead != nil {
		dumpBlock(&sb, "lead", *a.Lead)
	}
	sb.WriteString(dumpBlocks(a.Body, a.Dropped))
	return sb.String()
}
