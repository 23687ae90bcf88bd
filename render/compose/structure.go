package compose

import (
	"cmp"
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
	// lang is the language of the block being composed where it differs
	// from the document's: what its spans are measured against.
	lang string
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
		if el.Lang != "" {
			continue // a footnote the block refers to, with its own
		}
		el.Lang = lang
	}
}

// setLang makes lang (a block's language; empty for the article's) the
// language of the blocks that follow.
func (s *structure) setLang(lang string) {
	if strings.EqualFold(lang, s.d.Lang) {
		lang = ""
	}
	s.lang = lang
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

// inline gives the spans of one text under parent their own elements: a
// link a Link (a Reference when it points inside the document), a span in
// another language than its block's a Span with its /Lang, a link in
// another language both. Spans with one address and language are one
// element when only white space is between them, as they are one link to
// a reader: the layout's tagger matches texts to these elements by the
// same two (see layout's tagger), and draws such white space as part of
// the text before it.
func (s *structure) inline(sp []doc.Span, parent int) {
	for i := range sp {
		l, foreign := sp[i].Link, !strings.EqualFold(sp[i].Lang, s.lang)
		if l == "" && !foreign || parent == 0 {
			continue
		}
		j := i - 1
		for j >= 0 && sp[j].Elem == 0 && sp[j].Link == "" && strings.TrimSpace(sp[j].Text) == "" {
			j--
		}
		if j >= 0 && sp[j].Elem != 0 && sp[j].Link == l && strings.EqualFold(sp[j].Lang, sp[i].Lang) {
			for k := j + 1; k <= i; k++ {
				sp[k].Elem = sp[j].Elem
			}
			continue
		}
		role := "Span"
		switch {
		case strings.HasPrefix(l, "#"):
			role = "Reference"
		case l != "":
			role = "Link"
		}
		sp[i].Elem = s.d.Add(role, parent)
		if foreign {
			// A span's language is relative to the document's; empty
			// is the document's.
			s.d.Elems[sp[i].Elem].Lang = cmp.Or(sp[i].Lang, s.d.Lang)
		}
	}
}

// tag gives block b the element role at the top level, and its links
// theirs.
func (s *structure) tag(b *doc.Block, role string) {
	b.Elem = s.block(role)
	s.inline(b.Spans, b.Elem)
}
