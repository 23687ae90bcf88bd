package pdf

import (
	"slices"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/render/page"
)

// The structure tree of a tagged PDF (PDF/UA-1). Every piece of page
// content is marked: text and pictures with the element of the page
// model's structure (page.Elem) they belong to, as marked content with an
// MCID that the element lists; everything else (the running head and
// footer, rules, the QR code's modules, a repeated table header) as an
// artifact, which a screen reader passes over. Links are annotations
// that their Link element lists (an OBJR).
//
// An element's kids are its content, in the order it is drawn (a
// paragraph's lines, page after page), and its child elements, in the
// order the page model lists them, which is the reading order: a figure
// floated to the next page stays where the text refers to it. Inline
// children (links, references, right-to-left runs) are in the order they
// are drawn, which within a paragraph is its logical order. Where an
// element has both content and children, each child goes before the
// first of its parent's content drawn after the child's own. Table cells
// are kept when empty; other elements without content are left out.

// tagger collects the marked content and annotations of a document as its
// pages are written.
type tagger struct {
	elems   []page.Elem
	actual  []string // per element: its ActualText (a right-to-left run's Span)
	content [][]mark // per element: its marked content, in drawing order
	annots  [][]int  // per element: its annotations' handles
	seq     int      // marks so far
	open    int32    // the element of the open sequence; -1 an artifact, -2 none
	pageNo  int
	f       *fpdf.Fpdf
}

// mark is one marked-content sequence: its page (from 1), MCID, and its
// place in drawing order.
type mark struct{ page, mcid, seq int }

func newTagger(f *fpdf.Fpdf, elems []page.Elem) *tagger {
	return &tagger{f: f, elems: slices.Clip(elems), actual: make([]string, len(elems)),
		content: make([][]mark, len(elems)), annots: make([][]int, len(elems)), open: -2}
}

// beginPage starts page n (from 1).
func (t *tagger) beginPage(n int) {
	if t != nil {
		t.pageNo, t.open = n, -2
	}
}

// mark makes what is drawn next content of element e (an artifact when e
// is 0, or out of range), continuing the open sequence when it is e's:
// the lines of a paragraph drawn one after another are one sequence.
func (t *tagger) mark(e int32) {
	if t == nil {
		return
	}
	if e <= 0 || int(e) >= len(t.elems) {
		e = -1
	}
	if e == t.open {
		return
	}
	t.end()
	t.open = e
	if e < 0 {
		t.f.BeginArtifact("")
		return
	}
	id := t.f.BeginMarkedContent(t.elems[e].Role)
	t.content[e] = append(t.content[e], mark{t.pageNo, id, t.seq})
	t.seq++
}

// text marks what is drawn next as text t. A right-to-left run is drawn
// in visual order, its glyphs read left to right; it is a Span of its own
// whose ActualText is its characters in logical order, which a reader of
// the structure tree takes instead (PDF 14.9.4), while text extraction
// from the page, which puts a line's characters in order by their places
// (poppler), reads the glyphs as before.
func (t *tagger) text(tx *page.Text) {
	if t == nil {
		return
	}
	if tx.Furniture != page.NotFurniture {
		t.furniture(tx.Furniture)
		return
	}
	e := tx.Elem
	if e <= 0 || int(e) >= len(t.elems) || !tx.RTL {
		t.mark(e)
		return
	}
	t.elems = append(t.elems, page.Elem{Role: "Span", Parent: int(e)})
	t.actual = append(t.actual, tx.S)
	t.content = append(t.content, nil)
	t.annots = append(t.annots, nil)
	t.mark(int32(len(t.elems) - 1))
}

// furniture marks what is drawn next as the page's running head or
// footer: a pagination artifact of that subtype.
func (t *tagger) furniture(kind page.Furniture) {
	open := -2 - int32(kind) // -3 the head, -4 the footer
	if t == nil || t.open == open {
		return
	}
	t.end()
	t.open = open
	if kind == page.Header {
		t.f.BeginArtifact("/Type /Pagination /Subtype /Header")
	} else {
		t.f.BeginArtifact("/Type /Pagination /Subtype /Footer")
	}
}

// end closes the open sequence, if any.
func (t *tagger) end() {
	if t == nil {
		return
	}
	if t.open != -2 {
		t.f.EndMarkedContent()
		t.open = -2
	}
}

// link adds a link annotation, listed by its element when it has one.
func (t *tagger) link(l page.Link) {
	h := t.f.LinkURL(l.X.Points(), l.Y.Points(), l.W.Points(), l.H.Points(), l.URL, l.URL)
	if l.Elem > 0 && int(l.Elem) < len(t.elems) {
		t.annots[l.Elem] = append(t.annots[l.Elem], h)
	}
}

// tree builds the structure tree: the page model's elements that hold
// content, directly or below them, each with its kids in reading order.
func (t *tagger) tree() []fpdf.StructElem {
	n := len(t.elems)
	children := make([][]int, n)
	for i := 1; i < n; i++ {
		if p := t.elems[i].Parent; p >= 0 && p < i {
			children[p] = append(children[p], i)
		}
	}
	// first[i]: the first mark of i's subtree in drawing order, or -1
	// when it has no content at all, and is left out.
	first := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		first[i] = -1
		if len(t.content[i]) > 0 {
			first[i] = t.content[i][0].seq
		} else if len(t.annots[i]) > 0 {
			first[i] = t.seq // annotations only: after everything drawn
		}
		for _, c := range children[i] {
			if f := first[c]; f >= 0 && (first[i] < 0 || f < first[i]) {
				first[i] = f
			}
		}
	}
	index := make([]int, n) // page model index → tree index
	var out []fpdf.StructElem
	for i := range n {
		index[i] = -1
		parent := -1
		if i > 0 {
			p := t.elems[i].Parent
			if (first[i] < 0 && !cell[t.elems[i].Role]) || p < 0 || p >= i || index[p] < 0 {
				continue
			}
			parent = index[p]
		}
		e := t.elems[i]
		index[i] = len(out)
		out = append(out, fpdf.StructElem{Type: e.Role, Parent: parent, Alt: e.Alt, Lang: e.Lang, Scope: e.Scope, ID: e.ID,
			ColSpan: e.ColSpan, RowSpan: e.RowSpan, ActualText: t.actual[i]})
	}
	for i := range n {
		if index[i] < 0 {
			continue
		}
		var kids []fpdf.StructKid
		own := t.content[i]
		if inlineOnly(t.elems, children[i]) {
			// A paragraph's links, references and right-to-left runs are
			// read where they are drawn among its text.
			slices.SortStableFunc(children[i], func(a, b int) int { return first[a] - first[b] })
		}
		for _, c := range children[i] {
			if index[c] < 0 {
				continue
			}
			for len(own) > 0 && own[0].seq < first[c] {
				kids = append(kids, fpdf.ContentKid(own[0].page, own[0].mcid))
				own = own[1:]
			}
			kids = append(kids, fpdf.ElemKid(index[c]))
		}
		for _, m := range own {
			kids = append(kids, fpdf.ContentKid(m.page, m.mcid))
		}
		for _, a := range t.annots[i] {
			kids = append(kids, fpdf.AnnotKid(a))
		}
		out[index[i]].Kids = kids
	}
	return out
}

// cell are the roles of a table's grid, kept without content: an empty
// cell still holds its place in its row, or the cells after it would be
// read under the wrong column's header.
var cell = map[string]bool{"TR": true, "TH": true, "TD": true}

// inlineOnly reports whether the elements kids are all inline: links,
// references, and the Spans of right-to-left runs.
func inlineOnly(elems []page.Elem, kids []int) bool {
	for _, c := range kids {
		switch elems[c].Role {
		case "Link", "Reference", "Span":
		default:
			return false
		}
	}
	return true
}
