package article

import (
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The parser's tree can be far larger than the HTML's tags. When a
// paragraph closes around formatting elements left open (<p><b><i></p>),
// HTML's "active formatting elements" live on, and the parser re-creates
// them at the next text or inline tag: 100 bold elements of different ids,
// then "</p><p>x" repeated, made 40 KB of HTML into a tree that allocated
// 585 MiB. The spec's "Noah's Ark" clause keeps at most three alike (same
// tag and attributes), so sloppy HTML costs little; elements that differ
// are not limited. countNodes counts the tokens and models that list, adding
// at each token that would re-create elements the number it would.

// countNodes counts what the parser will build from what r reads: an
// element per start tag and one per attribute (an attribute costs the tree
// about as much as a node: one element of a million distinct attributes
// took 57 MiB), a node per text and comment, and the formatting elements
// re-created. It stops once past limit.
func countNodes(r io.Reader, limit int) int {
	z := html.NewTokenizer(r)
	var f formatting
	n := 0
	for n <= limit {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.TextToken:
			n += 1 + f.reconstruct()
		case html.CommentToken, html.DoctypeToken:
			n++
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			a := atom.Lookup(name)
			var key strings.Builder
			key.Write(name)
			n++
			attrs := 0
			for ; more && n <= limit; n++ {
				attrs++
				var k, v []byte
				k, v, more = z.TagAttr()
				if isFormatting(a) {
					key.WriteByte(0)
					key.Write(k)
					key.WriteByte('=')
					key.Write(v)
				}
			}
			switch {
			case closesParagraph[a]:
				f.closeAll()
				f.depth++
			case isFormatting(a):
				n += f.reconstruct()
				if (a == atom.A || a == atom.Nobr) && f.has(a) {
					// A second a or nobr ends the first (the adoption
					// agency), closing what was opened after it, which
					// is then opened again.
					n += f.end(a) + f.total()
				}
				f.push(formattingEntry{a, key.String(), 1 + attrs, f.depth})
			default:
				n += f.reconstruct()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); isFormatting(a) {
				n += f.end(a)
			} else {
				// Closing any other element may close formatting
				// elements inside it; counting it so may overcount,
				// never undercount.
				f.closeAll()
				f.depth = max(f.depth-1, 0)
			}
		}
	}
	return n
}

func isFormatting(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.Nobr, atom.S, atom.Small,
		atom.Strike, atom.Strong, atom.Tt, atom.U:
		return true
	}
	return false
}

// closesParagraph are the start tags that close an open p, and with it the
// formatting elements inside it.
var closesParagraph = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Center: true,
	atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Header: true, atom.Hgroup: true,
	atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Search: true,
	atom.Section: true, atom.Summary: true, atom.Ul: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Pre: true, atom.Listing: true, atom.Form: true,
	atom.Li: true, atom.Dd: true, atom.Dt: true, atom.Plaintext: true, atom.Table: true, atom.Hr: true,
	atom.Xmp: true,
}

// formatting models the list of active formatting elements: those still
// open, and a prefix of them closed, which the next text re-creates.
type formatting struct {
	entries []formattingEntry
	closed  int // entries[:closed] are closed: closing closes them all, re-creating opens them all
	weight  int // the nodes of the closed entries
	depth   int // blocks opened and not closed, roughly
}

type formattingEntry struct {
	tag    atom.Atom
	key    string // the tag and its attributes
	weight int    // its nodes: the element and its attributes, copied with it
	depth  int    // the blocks open when it was
}

// maxFormatting bounds the model: the parser refuses more than 512 open
// elements, and re-creating more would pass that.
const maxFormatting = 1024

func (f *formatting) closeAll() {
	for _, e := range f.entries[f.closed:] {
		f.weight += e.weight
	}
	f.closed = len(f.entries)
}

// reconstruct re-creates the closed entries, returning the nodes made.
// An entry keeps the depth it was first opened at: the adoption agency
// counted at its end tag is then the most it can copy.
func (f *formatting) reconstruct() int {
	n := f.weight
	f.closed, f.weight = 0, 0
	return n
}

func (f *formatting) has(tag atom.Atom) bool {
	for _, e := range f.entries {
		if e.tag == tag {
			return true
		}
	}
	return false
}

// total is the nodes of every entry.
func (f *formatting) total() int {
	n := 0
	for _, e := range f.entries {
		n += e.weight
	}
	return n
}

// push adds an open entry; a fourth alike removes the earliest (Noah's Ark).
func (f *formatting) push(entry formattingEntry) {
	alike, first := 0, -1
	for i, e := range f.entries {
		if e.key == entry.key {
			if first < 0 {
				first = i
			}
			alike++
		}
	}
	if alike >= 3 {
		f.removeAt(first)
	}
	if len(f.entries) < maxFormatting {
		f.entries = append(f.entries, entry)
	}
}

// end takes out the last entry of tag, as its end tag does, and returns
// the nodes the end tag may make. Ending a formatting element across blocks
// opened inside it (<b><p>x</b>) runs HTML's "adoption agency", which
// copies the element into the block, and up to three elements after it,
// once a block, at most eight times.
func (f *formatting) end(tag atom.Atom) int {
	for i := len(f.entries) - 1; i >= 0; i-- {
		e := f.entries[i]
		if e.tag != tag {
			continue
		}
		n := 0
		if blocks := min(f.depth-e.depth, 8); blocks > 0 {
			copied := 0
			for _, c := range f.entries[i:min(i+4, len(f.entries))] {
				copied += c.weight
			}
			n = blocks * copied
		}
		f.removeAt(i)
		return n
	}
	return 0
}

func (f *formatting) removeAt(i int) {
	if i < f.closed {
		f.closed--
		f.weight -= f.entries[i].weight
	}
	f.entries = append(f.entries[:i], f.entries[i+1:]...)
}

// CountHTMLNodes is countNodes for other packages that parse HTML under the
// same bound (extract, which parses whole pages): what the parser will build
// from what r reads, counted by the tokenizer before any tree is built, so
// that HTML whose tree would be too large is refused without building it.
// It stops counting once past limit.
func CountHTMLNodes(r io.Reader, limit int) int { return countNodes(r, limit) }
