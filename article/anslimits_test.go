package article

import (
	"fmt"
	"strings"
	"testing"
)

// repeatItems is n copies of item, comma-separated, the items of a JSON
// array.
func repeatItems(item string, n int) string {
	return strings.TrimSuffix(strings.Repeat(item+",", n), ",")
}

// TestANSLimitsAreExact: a story at each of the article's limits is
// accepted, and one past it refused, however its blocks, images and
// cells are spread over elements: lists, galleries, the lead, tables,
// raw HTML.
func TestANSLimitsAreExact(t *testing.T) {
	text := `{"type":"text","content":"p"}`
	image := `{"type":"image","url":"https://e.org/a.jpg"}`
	cell := `{"type":"text","content":"c"}`
	lead := `"promo_items":{"basic":` + image + `},`
	withLead := func(elements string) string {
		return `{"headlines":{"basic":"T"},` + lead + `"content_elements":[` + elements + `]}`
	}
	for _, c := range []struct {
		name       string
		at, past   string
		fragments  []string
		wantBlocks int
	}{
		{"paragraphs", ansWith("", repeatItems(text, MaxParagraphs)), ansWith("", repeatItems(text, MaxParagraphs+1)),
			[]string{"paragraphs", fmt.Sprint(MaxParagraphs), fmt.Sprintf(`content_elements item %d ("text")`, MaxParagraphs+1)}, MaxParagraphs},
		{"list items", ansWith("", text+`,{"type":"list","items":[`+repeatItems(text, MaxParagraphs-1)+`]}`),
			ansWith("", text+`,{"type":"list","items":[`+repeatItems(text, MaxParagraphs)+`]}`),
			[]string{"paragraphs", fmt.Sprintf(`items item %d ("text")`, MaxParagraphs)}, MaxParagraphs},
		{"raw HTML's blocks", ansWith("", repeatItems(text, MaxParagraphs-2)+`,{"type":"raw_html","content":"<p>a</p><p>b</p>"}`),
			ansWith("", repeatItems(text, MaxParagraphs-1)+`,{"type":"raw_html","content":"<p>a</p><p>b</p>"}`),
			[]string{"paragraphs", `("raw_html")`}, MaxParagraphs},
		{"images in a gallery, with the lead", withLead(`{"type":"gallery","content_elements":[` + repeatItems(image, MaxImages-1) + `]}`),
			withLead(`{"type":"gallery","content_elements":[` + repeatItems(image, MaxImages) + `]}`),
			[]string{"images", fmt.Sprint(MaxImages), fmt.Sprintf(`content_elements item %d ("image")`, MaxImages)}, 1},
		{"images one a figure", ansWith("", repeatItems(image, MaxImages)), ansWith("", repeatItems(image, MaxImages+1)),
			[]string{"images", fmt.Sprint(MaxImages)}, MaxImages},
		{"images in raw HTML", ansWith("", repeatItems(image, MaxImages-1)+`,{"type":"raw_html","content":"<img src=https://e.org/b.jpg>"}`),
			ansWith("", repeatItems(image, MaxImages)+`,{"type":"raw_html","content":"<img src=https://e.org/b.jpg>"}`),
			[]string{"images", `("raw_html")`}, MaxImages},
		{"cells in a table", ansWith("", `{"type":"table","header":[`+cell+`],"rows":[[`+repeatItems(cell, MaxCells-1)+`]]}`),
			ansWith("", `{"type":"table","header":[`+cell+`],"rows":[[`+repeatItems(cell, MaxCells)+`]]}`),
			[]string{"cells", fmt.Sprint(MaxCells), `("table")`}, 1},
		{"cells in two tables", ansWith("", `{"type":"table","rows":[[`+repeatItems(cell, MaxCells/2)+`]]},{"type":"table","rows":[[`+repeatItems(cell, MaxCells/2)+`]]}`),
			ansWith("", `{"type":"table","rows":[[`+repeatItems(cell, MaxCells/2)+`]]},{"type":"table","rows":[[`+repeatItems(cell, MaxCells/2+1)+`]]}`),
			[]string{"cells", `content_elements item 2 ("table")`}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := ParseANS([]byte(c.at))
			if err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			if len(a.Body) != c.wantBlocks {
				t.Errorf("at the limit: %d blocks, want %d", len(a.Body), c.wantBlocks)
			}
			a, err = ParseANS([]byte(c.past))
			checkErr(t, c.name, a, err, ErrInvalid, c.fragments...)
		})
	}
}

// TestANSLimitStopsEarly: 2 MiB of one-letter texts hold several times
// MaxParagraphs. ParseANS must refuse them after counting past the limit,
// without mapping the rest, as ParseJSON does (TestParagraphLimitStopsEarly,
// whose bound this shares), and without a tree of HTML per paragraph.
func TestANSLimitStopsEarly(t *testing.T) {
	const size = 2 << 20
	for _, c := range []struct{ name, input string }{
		{"texts", repeatTo(size, `{"headlines":{"basic":"t"},"content_elements":[`, `{"type":"text","content":"a"},`, `{"type":"text","content":"a"}]}`)},
		{"list items", repeatTo(size, `{"headlines":{"basic":"t"},"content_elements":[{"type":"list","items":[`, `{"type":"text","content":"a"},`, `{"type":"text","content":"a"}]}]}`)},
		{"texts with markup", repeatTo(size, `{"headlines":{"basic":"t"},"content_elements":[`, `{"type":"text","content":"<b>a</b>"},`, `{"type":"text","content":"a"}]}`)},
	} {
		var err error
		var a *Article
		n := allocated(func() { a, err = ParseANS([]byte(c.input)) })
		checkErr(t, c.name, a, err, ErrInvalid, "paragraphs", fmt.Sprint(MaxParagraphs))
		// The input's copy and MaxParagraphs blocks, about 16 MiB.
		limit := uint64(24 << 20)
		if c.name == "texts with markup" {
			// Each text with markup is a fragment of its own (an
			// unclosed <b> must not run on into the next paragraph),
			// and the HTML parser's tokenizers cost about 11 KiB a
			// fragment, freed as it goes: 210 MiB for the 20,000
			// texts mapped before the limit, none of them held.
			limit = 256 << 20
		}
		if n > limit {
			t.Errorf("%s: refusing 2 MiB allocated %.1f MiB; want at most %d", c.name, float64(n)/(1<<20), limit>>20)
		}
	}
}
