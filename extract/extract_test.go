package extract

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"pdfexport/article"
	"pdfexport/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden dumps of the pages in testdata")

// fixtures are the whole pages in testdata, each with the address it is
// extracted with ("": none, as an archive folder's saved page is).
var fixtures = []struct{ name, url string }{
	{"wordpress", ""},
	{"ghost", ""},
	{"news", "https://www.example-times.com/local/2024/05/14/riverside-market-closes"},
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseURL(t testing.TB, s string) *url.URL {
	t.Helper()
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestPageFixtures extracts each page of testdata and compares the article
// with the golden dump beside it; -update rewrites the dumps (read the
// diff).
func TestPageFixtures(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			a, err := Page(readFixture(t, f.name), parseURL(t, f.url))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", f.name+".golden"), dump(a), *update, "go test ./extract -run TestPageFixtures -update")
		})
	}
}

// TestPageDeterministic extracts each fixture many times, from several
// goroutines at once: every extraction must give the same article (the
// ETag of a posted page's PDF, and an archive's index, rely on it), and the
// library must be safe to use concurrently (run it with -race).
func TestPageDeterministic(t *testing.T) {
	for _, f := range fixtures {
		data, base := readFixture(t, f.name), parseURL(t, f.url)
		first, err := Page(data, base)
		if err != nil {
			t.Fatal(err)
		}
		want := dump(first)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 5 {
					a, err := Page(data, base)
					if err != nil {
						t.Error(err)
						return
					}
					if got := dump(a); got != want {
						t.Errorf("%s: an extraction differs from the first:\n%s", f.name, golden.LineDiff(want, got))
						return
					}
				}
			})
		}
		wg.Wait()
	}
}

// page wraps body in a page with a title and enough text around it to be
// an article.
func page(body string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour news</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main><article><h1>The night ferry returns</h1>
<p>The overnight ferry between the two capitals will sail again from the first of June, twelve years after the last night crossing was cut for lack of passengers.</p>
` + body + `
<p>The port expects the route to carry ninety thousand passengers in its first year, and tickets go on sale on the first of April at the terminal and online.</p>
</article></main><footer><p>© 2024 Harbour news</p></footer></body></html>`
}

func TestPageErrors(t *testing.T) {
	var paragraphs strings.Builder
	for range 20000 {
		paragraphs.WriteString("<p>" + strings.Repeat("Words ", 20) + "</p>")
	}
	deep := "<!DOCTYPE html><html><body>" + strings.Repeat("<div>", 600) + "<p>deep</p>" + "</body></html>"
	var many strings.Builder
	many.WriteString("<!DOCTYPE html><html><body>")
	for range MaxPageNodes / 2 {
		many.WriteString("<b>x</b>")
	}
	tests := []struct {
		name string
		page string
		url  string
		want error
		msg  string
	}{
		{"JSON", `{"title": "A JSON article", "body": ["One."]}`, "", article.ErrInvalid, `not an HTML page: it starts with "{\"title\": \"A"`},
		{"plain text", "A title\n\nA paragraph.\n", "", article.ErrInvalid, "not an HTML page"},
		{"PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "", article.ErrInvalid, "not an HTML page"},
		{"binary after a tag", "<html>\x00\x01\x02\x03", "", article.ErrInvalid, "binary data"},
		{"empty", "", "", article.ErrEmpty, "no article found in the page"},
		{"white space", " \n\t ", "", article.ErrEmpty, "no article found in the page"},
		{"too large", "<html>" + strings.Repeat(" ", MaxPageBytes), "", article.ErrInvalid, fmt.Sprintf("at most %d are allowed", MaxPageBytes)},
		{"too many elements", many.String(), "", article.ErrInvalid, fmt.Sprintf("more than %d elements", MaxPageNodes)},
		{"too many paragraphs for their text", "<html><body>" + paragraphs.String(), "", article.ErrInvalid, "20000 paragraphs holding 2400000 bytes of text"},
		{"nested too deep", deep, "", article.ErrInvalid, "nested at most 512 deep"},
		{"sign-in page", string(readFixture(t, "login")), "", article.ErrEmpty, "no article found in the page"},
		{"too little text", "<html><head><title>Brief</title></head><body><p>Short news in one line.</p></body></html>", "", article.ErrEmpty, "no article found"},
		{"no title anywhere", "<html><body><main><p>" + strings.Repeat("Words of a story without a heading or a title. ", 12) + "</p></main></body></html>", "", article.ErrInvalid, "no title"},
		{"relative page URL", page(""), "/news/story", article.ErrInvalid, "not an absolute http or https URL"},
		{"ftp page URL", page(""), "ftp://example.com/story", article.ErrInvalid, "not an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base *url.URL
			if tt.url != "" {
				base, _ = url.Parse(tt.url)
			}
			a, err := Page([]byte(tt.page), base)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want one wrapping %v (article %+v)", err, tt.want, a)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to say %q", err, tt.msg)
			}
		})
	}
}
