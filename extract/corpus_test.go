package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"pdfexport/article"
)

// The real-world corpus: go-trafilatura's module ships the 947 web pages
// its authors compare extractors on (test-files/comparison), with, for
// most, where each was published and snippets of text its article has and
// has not (scripts/comparison/data.go). The module cache has them once the
// module is downloaded, which building this package does.

// corpusPage is one page of the corpus and what the comparison data says
// of it.
type corpusPage struct {
	file          string
	url           *url.URL
	title, date   string // as the comparison data has them; "" when it does not
	authors       []string
	with, without []string
}

// loadCorpus finds the pages through `go mod download`. Without them (no
// go command, no network, no module cache) the test is skipped, except
// under CI, where it fails: a check that skips there checks nothing.
func loadCorpus(t *testing.T) (dir string, pages []corpusPage) {
	t.Helper()
	dir, pages, err := findCorpus()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the go-trafilatura corpus is required under CI: %v", err)
		}
		t.Skipf("the go-trafilatura corpus is not at hand: %v", err)
	}
	return dir, pages
}

// findCorpus returns the folder of the pages and what the comparison data
// says of each, sorted by file name.
func findCorpus() (dir string, pages []corpusPage, err error) {
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/markusmobius/go-trafilatura").Output()
	if err != nil {
		return "", nil, fmt.Errorf("go mod download: %w", err)
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Error != "" || mod.Dir == "" {
		return "", nil, fmt.Errorf("go mod download: %v %s", err, mod.Error)
	}
	dir = filepath.Join(mod.Dir, "test-files", "comparison")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return "", nil, fmt.Errorf("no pages in %s (%v)", dir, err)
	}
	// Without the comparison data the run goes on, with no URLs and no
	// snippets.
	known, _ := comparisonData(filepath.Join(mod.Dir, "scripts", "comparison", "data.go"))
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		p := known[e.Name()]
		p.file = e.Name()
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].file < pages[j].file })
	return dir, pages, nil
}

// comparisonData reads the comparison script's map from URL to page: Go
// source, parsed rather than imported.
func comparisonData(path string) (map[string]corpusPage, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	strs := func(e ast.Expr) []string {
		lit, ok := e.(*ast.CompositeLit)
		if !ok {
			return nil
		}
		var out []string
		for _, el := range lit.Elts {
			if b, ok := el.(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, err := strconv.Unquote(b.Value); err == nil {
					out = append(out, s)
				}
			}
		}
		return out
	}
	pages := map[string]corpusPage{}
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		key, ok1 := kv.Key.(*ast.BasicLit)
		entry, ok2 := kv.Value.(*ast.CompositeLit)
		if !ok1 || !ok2 || key.Kind != token.STRING {
			return true
		}
		var p corpusPage
		for _, el := range entry.Elts {
			field, ok := el.(*ast.KeyValueExpr)
			id, ok2 := field.Key.(*ast.Ident)
			if !ok || !ok2 {
				continue
			}
			switch id.Name {
			case "File":
				if b, ok := field.Value.(*ast.BasicLit); ok {
					p.file, _ = strconv.Unquote(b.Value)
				}
			case "Title", "Date":
				if b, ok := field.Value.(*ast.BasicLit); ok {
					v, _ := strconv.Unquote(b.Value)
					if id.Name == "Title" {
						p.title = v
					} else {
						p.date = v
					}
				}
			case "Authors":
				p.authors = strs(field.Value)
			case "With":
				p.with = strs(field.Value)
			case "Without":
				p.without = strs(field.Value)
			}
		}
		if raw, err := strconv.Unquote(key.Value); err == nil && p.file != "" {
			if u, err := url.Parse(raw); err == nil && isHTTP(u) {
				p.url = u
			}
			pages[p.file] = p
		}
		return false
	})
	return pages, nil
}

// TestCorpus extracts every page of the corpus, twice: no page may fail
// but for want of an article, every article must be valid, and the two
// extractions must be the same. It reports how many pages give an article,
// their pictures, and how much of the comparison data's text the articles
// have (the snippets they should have, and those of the page around the
// article they should not).
func TestCorpus(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("the corpus takes a minute, ten under -race; not with -short or -race")
	}
	dir, pages := loadCorpus(t)
	type result struct {
		a    *article.Article
		err  error
		same bool
	}
	results := make([]result, len(pages))
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				data, err := os.ReadFile(filepath.Join(dir, pages[i].file))
				if err != nil {
					results[i].err = err
					continue
				}
				a, err := Page(data, pages[i].url)
				again, err2 := Page(data, pages[i].url)
				results[i] = result{a: a, err: err, same: (err == nil) == (err2 == nil) && (err != nil || dump(a) == dump(again))}
			}
		})
	}
	for i := range pages {
		work <- i
	}
	close(work)
	wg.Wait()

	var articles, empty, invalid, figures, images, withImages, leads, dated, runes int
	var s score
	for i, r := range results {
		name := pages[i].file
		if !r.same {
			t.Errorf("%s: two extractions differ", name)
		}
		switch {
		case errors.Is(r.err, article.ErrEmpty):
			empty++
		case errors.Is(r.err, article.ErrInvalid):
			invalid++
			t.Logf("%s: %v", name, r.err)
		case r.err != nil:
			t.Errorf("%s: %v", name, r.err)
		}
		s.add(pages[i], r.a)
		if r.err != nil {
			continue
		}
		if err := r.a.Validate(); err != nil {
			t.Errorf("%s: the article is not valid: %v", name, err)
		}
		articles++
		runes += bodyRunes(r.a.Body)
		if !r.a.Published.IsZero() {
			dated++
		}
		n := 0
		if r.a.Lead != nil {
			leads++
			n++
		}
		for _, b := range r.a.Body {
			if b.Kind == article.Figure {
				figures++
				n += len(b.Figure.Images)
			}
		}
		images += n
		if n > 0 {
			withImages++
		}
	}
	t.Logf("%d pages: %d articles, %d without an article, %d refused as invalid", len(pages), articles, empty, invalid)
	t.Logf("%d articles are dated; their text is %d characters on average", dated, runes/max(articles, 1))
	t.Logf("pictures: %d in all (%d leads, %d in %d figures of the text); %d articles have at least one", images, leads, images-leads, figures, withImages)
	t.Logf("against the comparison data: %s", s)
}

// score compares articles with what the comparison data says of their
// pages. A page without an article has none of it.
type score struct {
	with, withFound, without, withoutFound int
	titles, titlesSame                     int
	dates, datesSame, datesWrong           int
	authors, authorsFound                  int
}

func (s *score) add(p corpusPage, a *article.Article) {
	var text, title, date, byline string
	if a != nil {
		text, title, byline = fold(articleText(a)), a.Title, fold(a.Byline)
		if !a.Published.IsZero() {
			date = a.Published.Format("2006-01-02")
		}
	}
	for _, w := range p.with {
		s.with++
		if text != "" && strings.Contains(text, fold(w)) {
			s.withFound++
		}
	}
	for _, w := range p.without {
		s.without++
		if text != "" && strings.Contains(text, fold(w)) {
			s.withoutFound++
		}
	}
	if p.title != "" {
		s.titles++
		if sameText(p.title, title) {
			s.titlesSame++
		}
	}
	if p.date != "" {
		s.dates++
		switch {
		case date == p.date:
			s.datesSame++
		case date != "":
			s.datesWrong++
		}
	}
	for _, au := range p.authors {
		s.authors++
		if byline != "" && strings.Contains(byline, fold(au)) {
			s.authorsFound++
		}
	}
}

func (s score) String() string {
	pc := func(n, of int) string {
		return fmt.Sprintf("%d of %d (%.1f%%)", n, of, 100*float64(n)/float64(max(of, 1)))
	}
	return fmt.Sprintf("text that belongs to the article: %s found; text that does not: %s found; titles: %s the same; dates: %s right, %d wrong; authors: %s named",
		pc(s.withFound, s.with), pc(s.withoutFound, s.without), pc(s.titlesSame, s.titles), pc(s.datesSame, s.dates), s.datesWrong, pc(s.authorsFound, s.authors))
}

// articleText is everything an article prints as text, for the snippets.
func articleText(a *article.Article) string {
	var sb strings.Builder
	add := func(rs []article.Run) {
		for _, r := range rs {
			sb.WriteString(r.Text)
		}
		sb.WriteString(" ")
	}
	sb.WriteString(a.Title + " " + a.Standfirst + " " + a.Byline + " ")
	for _, b := range a.Body {
		add(b.Runs)
		add(b.Cite)
		if b.Figure != nil {
			add(b.Figure.Caption)
			sb.WriteString(b.Figure.Credit + " ")
		}
		if b.Table != nil {
			add(b.Table.Caption)
			for _, r := range b.Table.Rows {
				for _, c := range r.Cells {
					add(c.Runs)
				}
			}
		}
		if b.Embed != nil {
			sb.WriteString(b.Embed.Title + " ")
		}
	}
	return sb.String()
}
