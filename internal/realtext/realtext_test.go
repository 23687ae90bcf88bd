package realtext

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"pdfexport/article"
)

func TestTokensAreText(t *testing.T) {
	for _, p := range Pools {
		if len(p.Tokens) == 0 || len(p.Tokens) > 256 {
			t.Errorf("pool %s has %d tokens; a byte chooses among 1 to 256", p.Name, len(p.Tokens))
		}
		for _, tok := range p.Tokens {
			if !utf8.ValidString(tok) || strings.ContainsFunc(tok, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) {
				t.Errorf("pool %s: token %q has a control character or invalid UTF-8", p.Name, tok)
			}
			if !hasText(tok) {
				t.Errorf("pool %s: token %q is only white space", p.Name, tok)
			}
		}
	}
}

func TestLinksLangsRightsAreValid(t *testing.T) {
	for _, l := range Links {
		a := &article.Article{Title: "T", Body: []article.Block{{Runs: []article.Run{{Text: "x", Link: l}}}}}
		if err := a.Validate(); err != nil {
			t.Errorf("link %q: %v", l, err)
		}
	}
	for _, l := range Langs {
		if err := (&article.Article{Title: "T", Lang: l}).Validate(); err != nil {
			t.Errorf("lang %q: %v", l, err)
		}
	}
	for _, r := range Rights {
		if err := (&article.Article{Title: "T", Rights: r}).Validate(); err != nil {
			t.Errorf("rights %q: %v", r, err)
		}
	}
}

// TestEveryProgramIsAnArticle: the fuzz targets fail on an invalid article,
// so the builder must make a valid one of any bytes, the same one each time.
func TestEveryProgramIsAnArticle(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	programs := Seeds()
	for n := range 3000 {
		p := make([]byte, rng.IntN(1+n%600))
		for i := range p {
			p[i] = byte(rng.UintN(256))
			if rng.IntN(4) == 0 {
				p[i] |= 0xF0 // controls, often
			}
		}
		programs = append(programs, p)
	}
	programs = append(programs, nil, []byte{0xFF}, bytes.Repeat([]byte{0xFE}, 100), bytes.Repeat([]byte{0xF8}, 1000))
	for _, p := range programs {
		a := Article(p)
		if err := a.Validate(); err != nil {
			t.Fatalf("program %x: %v", p, err)
		}
		if len(a.Body) > maxBlocks {
			t.Fatalf("program %x: %d blocks", p, len(a.Body))
		}
		if b := Article(p); !reflect.DeepEqual(a, b) {
			t.Fatalf("program %x: two articles", p)
		}
	}
}

// TestSeedsUseEveryShape: each seed draws from its pool, and together they
// hold every kind of block and every control.
func TestSeedsUseEveryShape(t *testing.T) {
	seeds := Seeds()
	if len(seeds) != len(Pools)+1 {
		t.Fatalf("%d seeds for %d pools", len(seeds), len(Pools))
	}
	for i, p := range Pools {
		a := Article(seeds[i])
		text := strings.Join(append(a.Paragraphs(), a.Title, a.Standfirst), " ")
		found := false
		for _, tok := range p.Tokens {
			found = found || strings.Contains(text, tok)
		}
		if !found {
			t.Errorf("the seed of pool %s holds none of its tokens: %.200q", p.Name, text)
		}
		kinds := map[string]bool{}
		styles := map[article.Style]bool{}
		links := 0
		for _, b := range a.Body {
			kinds[b.Kind.String()+map[bool]string{true: " ordered"}[b.Ordered]] = true
			for _, r := range b.Runs {
				styles[r.Style] = true
				if r.Link != "" {
					links++
				}
			}
		}
		if len(kinds) != 5 || len(styles) != 4 || links == 0 || a.Standfirst == "" || a.Byline == "" || a.Date == "" || a.Rights == "" {
			t.Errorf("the seed of pool %s: blocks %v, styles %v, %d links, title block %q %q %q %q", p.Name, kinds, styles, links, a.Standfirst, a.Byline, a.Date, a.Rights)
		}
	}
}

// TestJSONParsesBack: the JSON of an article, parsed, is the article (but
// for its free-text date and the language the parser may detect).
func TestJSONParsesBack(t *testing.T) {
	for i, p := range Seeds() {
		a := Article(p)
		b, err := article.ParseJSON(JSON(a))
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", i, err, JSON(a))
		}
		a.Date = ""
		if a.Lang == "" {
			a.Lang = b.Lang
		}
		// The parser drops nothing but may merge runs; compare the text
		// and kinds of the blocks.
		if a.Title != b.Title || a.Standfirst != b.Standfirst || a.Byline != b.Byline || a.URL != b.URL || a.Rights != b.Rights || len(a.Body) != len(b.Body) {
			got, _ := json.Marshal(b)
			t.Fatalf("seed %d: parsed back as %s", i, got)
		}
		for j := range a.Body {
			x, y := a.Body[j], b.Body[j]
			if x.Kind != y.Kind || x.Ordered != y.Ordered || (x.Ordered && x.Number != y.Number) || strings.Join(strings.Fields(x.Text()), " ") != strings.Join(strings.Fields(y.Text()), " ") {
				t.Fatalf("seed %d, block %d: %+v parsed back as %+v", i, j, x, y)
			}
		}
	}
}
