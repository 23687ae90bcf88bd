package article

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestParseHTMLBodyErrors: what a body cannot be is an error wrapping
// ErrInvalid that says why, never an article that fails Validate.
func TestParseHTMLBodyErrors(t *testing.T) {
	gallery := func(n int) string {
		return "<figure>" + strings.Repeat(`<img src="https://e.org/a.jpg">`, n) + "</figure>"
	}
	table := func(cells int) string {
		return "<table><tr>" + strings.Repeat("<td>a", cells) + "</table>"
	}
	paragraphs := func(n int) string { return strings.Repeat("<p>a", n) }
	for _, c := range []struct {
		name      string
		html      string
		fragments []string
	}{
		{"too many nodes", strings.Repeat("<b>a</b>", MaxHTMLNodes/2+1), []string{"more than 100000 elements, attributes and texts"}},
		{"too many attributes", "<p" + strings.Repeat(" a", 10) + distinctAttrs(MaxHTMLNodes) + ">a", []string{"more than 100000 elements, attributes"}},
		{"nested too deep", strings.Repeat("<div>", 600) + "a", []string{"could not be parsed", "512"}},
		{"too many images", gallery(MaxImages + 1), []string{"more than 1000 images", "at most 1000"}},
		{"too many images in several figures", strings.Repeat(gallery(MaxImages/2), 2) + gallery(1), []string{"more than 1000 images"}},
		{"too many cells", table(MaxCells + 1), []string{"more than 20000 cells", "at most 20000"}},
		{"too many paragraphs", paragraphs(MaxParagraphs + 1), []string{"more than 20000 paragraphs"}},
	} {
		blocks, dropped, err := ParseHTMLBody([]byte(c.html), nil)
		if err == nil {
			t.Errorf("%s: no error; %d blocks", c.name, len(blocks))
			continue
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error %q does not wrap ErrInvalid", c.name, err)
		}
		if blocks != nil || dropped != nil {
			t.Errorf("%s: blocks or counts came with the error", c.name)
		}
		for _, f := range c.fragments {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("%s: error %q does not say %q", c.name, err, f)
			}
		}
	}
	// At the limits, the same bodies are articles.
	for _, c := range []struct{ name, html string }{
		{"MaxImages images", gallery(MaxImages)},
		{"MaxCells cells", table(MaxCells)},
		{"MaxParagraphs paragraphs", paragraphs(MaxParagraphs)},
		{"MaxHTMLNodes nodes", strings.Repeat("<b>a</b>", MaxHTMLNodes/2)},
		{"nested 500 deep", strings.Repeat("<div>", 500) + "a"},
	} {
		blocks, _, err := ParseHTMLBody([]byte(c.html), nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if err := (&Article{Title: "t", Body: blocks}).Validate(); err != nil {
			t.Errorf("%s: the blocks fail Validate: %v", c.name, err)
		}
	}
}

// TestParseHTMLBodySpanLimit: spans beyond MaxSpan are clamped, as
// browsers clamp them, so that a table in the HTML never fails Validate.
func TestParseHTMLBodySpanLimit(t *testing.T) {
	blocks, _, err := ParseHTMLBody([]byte(`<table><tr><td colspan="99999" rowspan="99999">a</td></tr>`+strings.Repeat("<tr><td>b</td></tr>", MaxSpan+5)+`</table>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 1 || blocks[0].Table == nil {
		t.Fatalf("got %d blocks, want one table", len(blocks))
	}
	cell := blocks[0].Table.Rows[0].Cells[0]
	if cell.ColSpan != MaxSpan || cell.RowSpan != MaxSpan {
		t.Errorf("colspan %d, rowspan %d; want both %d", cell.ColSpan, cell.RowSpan, MaxSpan)
	}
}

// TestHTMLNodeLimitStopsEarly: a body of tiny elements far past
// MaxHTMLNodes is refused by the tokenizer's count, before the parser
// builds a tree of it (130 MiB for 2 MiB of "<p>a").
func TestHTMLNodeLimitStopsEarly(t *testing.T) {
	input := []byte(repeatTo(2<<20, "", "<p>a", ""))
	var err error
	n := allocated(func() { _, _, err = ParseHTMLBody(input, nil) })
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("got error %v, want the node limit", err)
	}
	if n > 1<<20 {
		t.Errorf("refusing 2 MiB of paragraphs allocated %.1f MiB; want at most 1", float64(n)/(1<<20))
	}
}

// distinctAttrs writes n attributes of different names (the tokenizer
// drops repeated ones).
func distinctAttrs(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, " a%d", i)
	}
	return sb.String()
}

// TestHTMLBodyAllocations: a body at the limits (the most paragraphs, the
// most nodes) costs a bounded amount whatever its shape; each allocated
// 15 to 29 MiB in all when this was written (its heap peaked at 10 to
// 15 MiB), where mapping the tree of one node once more per node, or
// copying a paragraph per word, would cost many times more.
func TestHTMLBodyAllocations(t *testing.T) {
	for _, c := range []struct{ name, html string }{
		{"the most paragraphs", strings.Repeat("<p>a", MaxParagraphs)},
		{"the most nodes, refused by the paragraph limit", strings.Repeat("<p>a", MaxHTMLNodes/2)},
		{"the most nodes in one paragraph", strings.Repeat("<b>a</b>", MaxHTMLNodes/2)},
		{"the most nodes in lists", strings.Repeat("<ul><li>a</ul>", MaxHTMLNodes/3)},
		{"one paragraph of 2 MiB", repeatTo(2<<20, "<p>", "word ", "")},
	} {
		n := allocated(func() { ParseHTMLBody([]byte(c.html), nil) })
		if n > 40<<20 {
			t.Errorf("%s (%d bytes): allocated %.1f MiB; want at most 40", c.name, len(c.html), float64(n)/(1<<20))
		}
	}
}

// TestCountNodesBoundsTheTree: what countNodes counts before the parse is
// at least the tree the parser builds (its elements and attributes), for
// the shapes that make the parser build more than the tags it reads:
// formatting elements opened again after each paragraph, and the copies
// HTML's adoption agency makes of misnested ones. Without that model, 40 KB
// of the first shape made a tree that allocated 585 MiB.
func TestCountNodesBoundsTheTree(t *testing.T) {
	distinct := func(k int) string {
		var sb strings.Builder
		for i := range k {
			fmt.Fprintf(&sb, "<%s id=%d>", formattingTags[i%len(formattingTags)], i)
		}
		return sb.String()
	}
	ends := func(k int, reverse bool) string {
		var sb strings.Builder
		for i := range k {
			if reverse {
				i = k - 1 - i
			}
			fmt.Fprintf(&sb, "</%s>", formattingTags[i%len(formattingTags)])
		}
		return sb.String()
	}
	interleaved := func(k int) string {
		var sb strings.Builder
		for i := range k {
			fmt.Fprintf(&sb, "<%s id=%d><div>", formattingTags[i%len(formattingTags)], i)
		}
		return sb.String()
	}
	for _, c := range []struct{ name, html string }{
		{"formatting opened again after each paragraph", "<p>" + distinct(50) + strings.Repeat("</p><p>x", 200)},
		{"after each list item", "<ul>" + strings.Repeat("<li>"+distinct(20)+"x", 200)},
		{"after each table cell", "<table><tr>" + strings.Repeat("<td>"+distinct(20)+"x", 200)},
		{"alike elements, three kept", "<p>" + strings.Repeat("<b>", 50) + strings.Repeat("</p><p>x", 200)},
		{"misnested across a paragraph", strings.Repeat("<b id=1><p>x</b>y</p>", 500)},
		{"misnested across blocks", strings.Repeat("<i id=1 class=c><div><div>x</i>y</div></div>", 500)},
		{"misnested, eight deep", strings.Repeat(distinct(8)+"<div><div><div>x"+ends(8, false)+"</div></div></div>", 100)},
		{"interleaved with blocks", strings.Repeat(interleaved(8)+"x"+ends(8, false)+strings.Repeat("</div>", 8), 100)},
		{"interleaved, ended in reverse", strings.Repeat(interleaved(8)+"x"+ends(8, true)+strings.Repeat("</div>", 8), 100)},
		{"links across paragraphs", strings.Repeat("<a href=x id=y><div><p>x</a>y</p></div>", 500)},
	} {
		body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		nodes, err := html.ParseFragment(strings.NewReader(c.html), body)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		tree := 0
		for _, n := range nodes {
			tree += treeSize(n)
		}
		// The parser adds a few elements a count of tags cannot see (a
		// table's tbody); they are not multiplied.
		if counted := countNodes(strings.NewReader(c.html), 1<<30); counted+10 < tree {
			t.Errorf("%s: counted %d nodes; the parser built %d", c.name, counted, tree)
		}
	}
	// The first shape at the limit is refused before the parse, at once.
	bomb := "<p>" + distinct(100) + strings.Repeat("</p><p>x", 30000)
	var err error
	n := allocated(func() { _, _, err = ParseHTMLBody([]byte(bomb), nil) })
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "opens again") {
		t.Errorf("the reopening bomb: error %v", err)
	}
	if n > 1<<20 {
		t.Errorf("refusing the reopening bomb allocated %.1f MiB; want at most 1", float64(n)/(1<<20))
	}
}

var formattingTags = []string{"b", "i", "u", "s", "em", "strong", "small", "big", "tt", "code", "font", "nobr", "strike"}

// treeSize counts a parsed tree's nodes and attributes.
func treeSize(n *html.Node) int {
	c := 1 + len(n.Attr)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c += treeSize(ch)
	}
	return c
}
