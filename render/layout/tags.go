package layout

import (
	"strings"

	"github.com/go-text/typesetting/language"

	"pdfexport/render/doc"
)

// tagger gives each text of the block being set its element in the
// document's structure (doc.Document.Elems): the block's own, or the
// span's own element of a link or of a span in another language. Runs are
// cached and shared between blocks and documents (the shaper's word
// cache), so they cannot carry an element; instead the texts of a block
// are met in logical order (lines top to bottom, and a line's runs before
// setLine mirrors their positions), which is the order of its spans, so
// each run of a link's text, or of a language's, takes the next element
// of the block's spans with that address and language.
type tagger struct {
	elem  int32      // the block's element
	spans []spanElem // the block's spans with elements of their own, in order
	next  int        // the first of spans not yet met
	cur   spanElem   // the span being drawn, while its texts follow one another
}

// spanElem is one element of a block's spans: consecutive spans with one
// address, one language and one element.
type spanElem struct {
	url  string
	lang language.Language
	elem int32
}

// spanLang is a doc.Span's language as the layout's spans keep it.
func spanLang(lang string) language.Language {
	if lang == "" {
		return ""
	}
	return language.NewLanguage(lang)
}

// begin starts a block whose text is elem's, with the given spans.
func (t *tagger) begin(elem int, spans []doc.Span) {
	t.elem, t.spans, t.next, t.cur = int32(elem), t.spans[:0], 0, spanElem{}
	for _, s := range spans {
		if s.Elem == 0 || strings.TrimSpace(s.Text) == "" {
			// White space is drawn as part of the text before it,
			// never as a text of its own to match.
			continue
		}
		se := spanElem{s.Link, spanLang(s.Lang), int32(s.Elem)}
		if n := len(t.spans); n > 0 && t.spans[n-1] == se {
			continue
		}
		t.spans = append(t.spans, se)
	}
}

// textElem is the element of a text about to be drawn with the given link
// ("" for none) and language. A text of the element drawn last continues
// it (a link's next line, or its part in another style): adjacent links to
// one address are one link to a reader too.
func (t *tagger) textElem(link string, lang language.Language) int32 {
	if t.cur.elem != 0 && t.cur.url == link && t.cur.lang == lang {
		return t.cur.elem
	}
	for i := t.next; i < len(t.spans); i++ {
		if s := t.spans[i]; s.url == link && s.lang == lang {
			t.cur, t.next = s, i+1
			return s.elem
		}
	}
	// Text the spans did not give an element of its own (a footnote's
	// reference): part of the block's text.
	t.cur = spanElem{}
	return t.elem
}
