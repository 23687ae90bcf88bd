package layout

import "pdfexport/render/doc"

// tagger gives each text of the block being set its element in the
// document's structure (doc.Document.Elems): the block's own, or, for the
// text of a link, the link's. Runs are cached and shared between blocks and
// documents (the shaper's word cache), so they cannot carry an element;
// instead the texts of a block are met in logical order (lines top to
// bottom, and a line's runs before setLine mirrors their positions), which
// is the order of its spans, so each run of link text takes the next
// link of the block's spans with its address.
type tagger struct {
	elem  int32      // the block's element
	links []linkElem // the block's links, in order
	next  int        // the first link of links not yet met
	cur   linkElem   // the link being drawn, while its texts follow one another
}

// linkElem is one link of a block: consecutive spans with one address and
// one element.
type linkElem struct {
	url  string
	elem int32
}

// begin starts a block whose text is elem's, with the given spans.
func (t *tagger) begin(elem int, spans []doc.Span) {
	t.elem, t.links, t.next, t.cur = int32(elem), t.links[:0], 0, linkElem{}
	for _, s := range spans {
		if s.Link == "" || s.Elem == 0 {
			continue
		}
		le := linkElem{s.Link, int32(s.Elem)}
		if n := len(t.links); n > 0 && t.links[n-1] == le {
			continue
		}
		t.links = append(t.links, le)
	}
}

// textElem is the element of a text about to be drawn with the given
// link ("" for none). A text of the link drawn last continues it (the
// link's next line, or its part in another style): adjacent links to one
// address are one link to a reader too.
func (t *tagger) textElem(link string) int32 {
	if link == "" {
		t.cur = linkElem{}
		return t.elem
	}
	if t.cur.url == link {
		return t.cur.elem
	}
	for i := t.next; i < len(t.links); i++ {
		if t.links[i].url == link {
			t.cur, t.next = t.links[i], i+1
			return t.cur.elem
		}
	}
	// A link the spans did not name as an element (a footnote's
	// reference): part of the block's text.
	t.cur = linkElem{}
	return t.elem
}
