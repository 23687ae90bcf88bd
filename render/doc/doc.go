// Package doc is the neutral document that layout sets: blocks of styled
// spans with their spacing and their page-break rules (keep together, keep
// with the next lines, widows and orphans), and the page furniture (paper,
// margins, running head, footer line, page labels, metadata, language).
//
// It knows no article and no news conventions: package compose maps an
// article onto it, and any other source of text (an HTML body, a figure
// caption) can be mapped onto it the same way. Layout sets whatever it is
// given and decides nothing editorial.
package doc

import (
	"pdfexport/render/page"
	"pdfexport/render/text"
)

// Paper is a page size.
type Paper struct {
	Name          string
	Width, Height page.Unit
}

// The supported paper sizes.
var (
	A4     = Paper{"a4", page.FromPoints(595.276), page.FromPoints(841.890)}
	Letter = Paper{"letter", page.FromPoints(612), page.FromPoints(792)}
)

// Document is one document to set.
type Document struct {
	Paper   Paper
	Margins Margins
	Lang    string    // BCP 47: hyphenation, shaping, and the direction of text with no strong character
	Info    page.Info // metadata, written as it is
	Blocks  []Block
	Grid    page.Unit // the body's line height: the body area holds a whole number of these
	Head    RunningHead
	Footer  Footer

	// Notes are footnotes, by name: a note is set at the foot of the page
	// of the first line with a span whose Link is "#" and its name (the
	// reference, which the PDF does not write as a link to the web). The
	// lines of a page and of its notes share the body's height.
	Notes    map[string]Block
	NoteRule Rule // over a page's notes, a third of the measure long

	// Elems is the document's logical structure (see page.Elem), which
	// layout passes on to the page model for a tagged PDF; nil for none.
	// Blocks, spans, pictures and cells name their element by its index,
	// 0 (the root) meaning none: their text is an artifact.
	Elems []page.Elem
}

// Add appends an element of role under parent to d's structure and
// returns its index; the first element added is the root (parent -1).
func (d *Document) Add(role string, parent int) int {
	d.Elems = append(d.Elems, page.Elem{Role: role, Parent: parent})
	return len(d.Elems) - 1
}

// Margins place the body and the furniture on the page.
type Margins struct {
	Side      page.Unit // left and right: the measure is the paper's width less twice this
	Top       page.Unit // from the paper's top to the body's top
	Head      page.Unit // from the paper's top to the running head's baseline
	Foot      page.Unit // from the paper's bottom to the footer's last baseline
	FooterGap page.Unit // at least this between the body's last line and the footer's top
}

// Style is a face at a size, with its line height and colour, its baseline
// raised (superscript) or lowered (subscript, Rise negative), and possibly
// struck through.
type Style struct {
	Face    text.Face
	Size    page.Unit
	Leading page.Unit
	Color   page.Color
	Rise    page.Unit
	Strike  bool
}

// Span is a piece of a block's text in one style, possibly a link.
type Span struct {
	Text  string
	Style Style
	Link  string
	// Lang is the span's language where it differs from the document's:
	// what it is shaped and hyphenated in. Empty for the document's.
	Lang string
	// Elem is the span's own element under the block's: a Link, or a Span
	// in another language than its block's; 0 for the block's.
	// Consecutive spans with one link, language and Elem are one element.
	Elem int
}

// Rule is a horizontal line across the measure.
type Rule struct {
	Width page.Unit
	Color page.Color
}

// Block is a paragraph, a rule when Rule is set, or a row of pictures when
// Pictures is. Spacing before and after
// a block is breakable (dropped at the top of a page) unless the block is
// kept with its neighbour.
type Block struct {
	Spans []Span
	Style Style // the paragraph's own: its line height, and the style of its marker

	KeepSpaces  bool      // each white-space character keeps its width, none collapsed (preformatted text)
	Ragged      bool      // ragged right, never hyphenated but with Hyphenate (titles and headings never are); else justified
	Hyphenate   bool      // with Ragged: hyphenated where a line would otherwise stop far short (large print's body)
	FirstIndent page.Unit // of the first line
	Start, End  page.Unit // insets from the measure's start and end: left and right in a left-to-right paragraph
	Marker      string    // hung in the start inset on the first line (a list's bullet or number), widening the inset if it must

	// The elements (Document.Elems) of the block's text and of its
	// marker (a list item's label); 0: an artifact.
	Elem, MarkerElem int

	SpaceBefore, SpaceAfter page.Unit

	// Page-break rules.
	Whole     bool // never split across pages
	KeepNext  bool // no page break between this block and the next (nor in it)
	KeepLines int  // lines of what follows kept on this block's page (a heading's)
	Orphans   int  // at least this many lines at the foot of a page; 0 means 1
	Widows    int  // at least this many lines at the head of a page; 0 means 1

	// A rule block draws a rule across the measure at the foot of its
	// SpaceBefore, which is part of the block (never dropped at a page's
	// top); its spans and the rest of its fields are not used.
	Rule *Rule

	// After this block the flow is padded back onto the grid, with at least
	// a grid line of air: the first block that follows sits on a grid line
	// (a title block of odd heights above a body on a baseline grid).
	GridAfter bool

	// An outline entry for this block, when Bookmark is set; Level 0 is the
	// top.
	Bookmark string
	Level    int

	// A picture block draws its pictures side by side, their tops aligned,
	// the row centred in the measure between Start and End; its spans are
	// not used. Its height is the tallest picture's.
	Pictures []Picture
	Gap      page.Unit // between two pictures of the row

	// Float: this block and the blocks kept with it (KeepNext) are a
	// float, as a figure with its caption is: never split, and when they do
	// not fit where they fall, they go to the top of the next page and the
	// blocks after them fill this one (LaTeX's float placement, without
	// the page of floats: a float never waits more than one page).
	Float bool

	// Frame draws a box around the block: a rule at each side of every
	// line, Pad outside the text, and above the first line and below the
	// last. A framed block split across pages is open at the split.
	Frame *Frame

	// Decorative text is drawn but left out of the text layer: copy,
	// search and a screen reader do not meet it (a pull quote that
	// repeats a sentence of the body).
	Decorative bool

	// A table block sets its table; its spans are not used.
	Table *Table

	// Aside draws rectangles (a QR code) in the start inset, their top at
	// the top of the block's first line; the block is at least as tall.
	Aside *Aside
}

// Table is a table block's content: cells set ragged with the line
// breaker, in columns whose widths come from their content as a browser's
// automatic table layout finds them. Rows are never split across pages,
// nor are rows a cell spans; the header rows are repeated at the top of
// every page the table continues on.
type Table struct {
	Caption      []Span // set above the table, on its pages
	CaptionStyle Style
	CaptionElem  int // the caption's element; 0: an artifact
	Rows         []TableRow
	HeadRows     int
	Rule         Rule      // under each row; the header's is drawn twice as thick
	Pad          page.Unit // between a cell's text and its edges
	// A table wider than the measure at its size is set smaller, down to
	// MinShrink of it (0.7: 7.7 pt at scale 1); what is still too wide at
	// that size has its columns narrowed below their longest words, which
	// then break anywhere.
	MinShrink float64
}

// TableRow is one row of a table.
type TableRow struct{ Cells []TableCell }

// TableCell is one cell; a span of 0 counts as 1.
type TableCell struct {
	Spans            []Span
	Style            Style // the cell's line height
	ColSpan, RowSpan int
	Elem             int // the cell's element (a TH or TD); 0: an artifact
}

// Picture is one picture of a picture block, at the size it is drawn.
type Picture struct {
	Pic  *page.Picture
	W, H page.Unit
	Alt  string
	Elem int // its element (a Figure); 0: an artifact
}

// Frame is a box drawn around a block.
type Frame struct {
	Rule Rule
	Pad  page.Unit
}

// Aside is a drawing beside a block: filled rectangles placed from the top
// left of its W by H box.
type Aside struct {
	W, H  page.Unit
	Rects []page.Rect
}

// Text is the block's text: its spans joined.
func (b *Block) Text() string {
	if len(b.Spans) == 1 {
		return b.Spans[0].Text
	}
	n := 0
	for _, s := range b.Spans {
		n += len(s.Text)
	}
	buf := make([]byte, 0, n)
	for _, s := range b.Spans {
		buf = append(buf, s.Text...)
	}
	return string(buf)
}

// RunningHead is drawn at the top of every page after the first of a
// document of more than one page: Prefix and Title on one line, the title
// shortened with an ellipsis to fit, and a rule under it.
type RunningHead struct {
	Prefix, Title string
	Style         Style
	Rule          Rule
}

// Footer is drawn at the foot of every page: a rule, the footer text broken
// into ragged lines, and the page label flush with the measure's end on the
// last line.
type Footer struct {
	Text  string
	Style Style
	Rule  Rule
	// Label is the page label of page n of total ("page 3 of 12"), or
	// nil for none. Layout leaves room on the footer's last line for the
	// label of page 9999 of 9999.
	Label func(n, total int) string
}
