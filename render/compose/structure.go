package compose

import (
	"strings"

	"pdfexport/render/doc"
)

// The logical structure of an article (doc.Document.Elems), which a tagged
// PDF gives a screen reader and which reflows: the title a first-level
// heading; the date, standfirst, byline, link and paragraphs P; headings
// H2 to H4 below it, never skipping a level; consecutive quotes with their
// citation one BlockQuote; consecutive list items a list (L) of items (LI),
// each its label (Lbl) and body (LBody), a nested list inside its item's
// body; a figure a Figure with its alternate text and its Caption; a table
// a Table of rows of header (TH) and data (TD) cells; a link a Link inside
// its paragraph; a footnote a Note. What only decorates is left out, as an
// artifact: rules, the running head and footer, and a pull quote that
// repeats the body.
//
// Elements are made in the article's order, which is the reading order,
// wherever layout puts their text (a figure floated to the next page).

// structure builds the element tree of one document.
type structure struct {
	d       *doc.Document
	root    int
	heading int   // level of the last heading: 1 after the title
	quote   int   // the open BlockQuote, or 0
	lists   []int // the open lists, outermost first
	items   []int // the last item's body of each open list
	notes   int   // footnotes so far
}

func newStructure(d *doc.Document) *structure {
	s := &structure{d: d}
	s.root = d.Add("Document", -1)
	return s
}

// language gives the outermost of the elements made from index from on
// for one block the block's language, where it differs from the
// document's (PDF's /Lang on a structure element). A list or a block
// quote the block opened is passed over for what is in it: the next item
// or paragraph may be in another language.
func (s *structure) language(from int, lang string) {
	if lang == "" || strings.EqualFold(lang, s.d.Lang) {
		return
	}
	group := map[int]bool{}
	for e := from; e < len(s.d.Elems); e++ {
		el := &s.d.Elems[e]
		if el.Parent >= from && !group[el.Parent] {
			continue
		}
		if el.Role == "L" || el.Role == "BlockQuote" {
			group[e] = true
			continue
		}
		el.Lang = lang
	}
}

// close ends open quotes and lists: a block of another kind follows.
func (s *structure) close() {
	s.quote, s.lists, s.items = 0, s.lists[:0], s.items[:0]
}

// block adds an element of role at the top level, closing open groups.
func (s *structure) block(role string) int {
	s.close()
	return s.d.Add(role, s.root)
}

// headingElem adds a heading of the given level (2 for a section's), made no
// deeper than one below the heading before it, so that a reader's list of
// headings has no gaps (h2 then h4 in the source reads as H2, H3).
func (s *structure) headingElem(level int) int {
	level = min(level, s.heading+1, 6)
	s.heading = level
	return s.block("H" + string(rune('0'+level)))
}

// quoted adds a paragraph of a block quote, opening one unless the block
// before was one.
func (s *structure) quoted() int {
	q := s.quote
	if q == 0 {
		q = s.block("BlockQuote")
	}
	s.quote = q
	return s.d.Add("P", q)
}

// item adds a list item at depth (0 for the outermost list) and returns
// its label and body.
func (s *structure) item(depth int) (lbl, body int) {
	s.quote = 0
	if len(s.lists) == 0 {
		s.lists = append(s.lists, s.d.Add("L", s.root))
		s.items = append(s.items, 0)
	}
	for depth >= len(s.lists) && s.items[len(s.items)-1] != 0 {
		// A deeper list belongs to the item before it.
		s.lists = append(s.lists, s.d.Add("L", s.items[len(s.items)-1]))
		s.items = append(s.items, 0)
	}
	if depth < len(s.lists)-1 {
		s.lists, s.items = s.lists[:depth+1], s.items[:depth+1]
	}
	li := s.d.Add("LI", s.lists[len(s.lists)-1])
	lbl, body = s.d.Add("Lbl", li), s.d.Add("LBody", li)
	s.items[len(s.items)-1] = body
	return lbl, body
}

// links gives the link spans of a block whose element is parent their own
// Link elements: consecutive spans to one address are one link. A
// footnote's reference mark ("#" and the note's name) is a Reference: it
// leads to no address, the note being on the same page.
func (s *structure) links(sp []doc.Span, parent int) {
	prev := ""
	for i := range sp {
		l := sp[i].Link
		if l == "" || parent == 0 {
			prev = ""
			continue
		}
		if l == prev {
			sp[i].Elem = sp[i-1].Elem
			continue
		}
		role := "Link"
		if strings.HasPrefix(l, "#") {
			role = "Reference"
		}
		sp[i].Elem = s.d.Add(role, parent)
		prev = l
	}
}

// tag gives block b the element role at the top level, and its links
// theirs.
func (s *structure) tag(b *doc.Block, role string) {
	b.Elem = s.block(role)
	s.links(b.Spans, b.Elem)
}
