// Package page is the neutral page model between layout and the PDF backend:
// pages of positioned text runs, rules and links, plus document information
// and an outline. It holds no layout logic and knows no PDF library, so layout
// can be tested without writing a PDF and the backend without laying out text.
package page

import (
	"fmt"
	"io"
	"strings"
	"time"

	"pdfexport/fonts"
)

// Unit is a length in fixed point: 65,536 units to the PostScript point (TeX's
// scaled point). Integer lengths keep layout exact and identical on every
// machine.
type Unit int64

// Pt is one PostScript point (1/72 inch).
const Pt Unit = 1 << 16

// Points returns u in points.
func (u Unit) Points() float64 { return float64(u) / float64(Pt) }

// FromPoints converts points to units, rounding to the nearest unit.
func FromPoints(p float64) Unit {
	if p < 0 {
		return -FromPoints(-p)
	}
	return Unit(p*float64(Pt) + 0.5)
}

func (u Unit) String() string { return fmt.Sprintf("%.2fpt", u.Points()) }

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// Document is a laid-out document: every page with everything on it.
type Document struct {
	Width, Height Unit // page size
	Pages         []Page
	Info          Info
	Outline       []Bookmark
	// Elems is the document's logical structure, which a tagged PDF
	// writes as its structure tree; nil for none. Texts, images and links
	// name their element by its index here, 0 (the root) meaning none:
	// they are artifacts, drawn but not content (furniture, rules,
	// decoration).
	Elems []Elem
}

// Elem is one element of a document's logical structure: what a piece of
// its text or a picture is (a paragraph, a heading, a list item's label, a
// table cell, a link), in reading order. Its role is a standard structure
// type of PDF (ISO 32000-1, 14.8.4): Document, P, H1 to H6, L, LI, Lbl,
// LBody, BlockQuote, Quote, Figure, Caption, Table, TR, TH, TD, Link,
// Note, Code.
//
// Elements are listed parents first, and siblings in reading order, which
// is the document's logical order wherever the page puts them (a figure
// floated to the next page, the words of a right-to-left line).
type Elem struct {
	Role   string
	Parent int    // index in Document.Elems; -1 for the root, which is the first
	Alt    string // a figure's alternate text: what it shows
	Lang   string // BCP 47, where it differs from the document's
	Scope  string // a header cell's: "Column" or "Row"
	ID     string // unique in the document, printable ASCII: a Note's

	ColSpan, RowSpan int // a table cell's columns and rows, when more than one
}

// Info is the document information dictionary.
type Info struct {
	Title, Author, Subject, Keywords, Creator string
	Lang                                      string    // BCP 47 tag, validated upstream
	Created                                   time.Time // fixed by the content, never the clock
}

// Page is one page. Coordinates are from the top-left corner, y growing down.
type Page struct {
	Landscape bool // the paper turned: Width and Height swap, and so does the page's content
	Texts     []Text
	Rules     []Rule
	Links     []Link
	Images    []Image
	Rects     []Rect
}

// Picture is an image as a PDF embeds it. Pictures with the same Key are
// the same picture, embedded once however often it is drawn.
type Picture struct {
	Key           string // a hash of the content
	Format        string // "jpeg" (embedded as it is, DCT) or "png" (decoded and deflated)
	Data          []byte
	Width, Height int // pixels
}

// Image draws a picture scaled into a box whose top-left corner is (X, Y).
type Image struct {
	X, Y, W, H Unit
	Pic        *Picture
	Alt        string // what it shows, for the tagged PDF and the trace
	Elem       int32  // its element in Document.Elems; 0: an artifact
}

// Rect is a filled rectangle (a QR code's dark modules).
type Rect struct {
	X, Y, W, H Unit
	Color      Color
}

// Text is a run of glyphs in one face and size, drawn from its baseline
// origin (X, Y), and the characters they stand for.
//
// The fields are ordered largest first, so that a Text takes 88 bytes, not
// 104: a page of letters alternating between two scripts holds one per
// letter.
type Text struct {
	X, Y   Unit
	Size   Unit
	W      Unit    // the advance width of the run
	S      string  // the characters, in logical order: what the text layer gives back
	Glyphs []Glyph // in visual order
	Face   fonts.Face
	Color  Color
	// Elem is the text's element in Document.Elems; 0: an artifact.
	Elem int32
	// Furniture is the running head's or footer's text, a pagination
	// artifact, or none.
	Furniture Furniture
	// RTL text is set right to left: its glyphs, in visual order, read
	// backwards.
	RTL bool
	// Decorative text is drawn but not in the text layer (its ActualText
	// is empty): a pull quote that repeats a sentence of the body.
	Decorative bool
}

// Furniture is what part of a page's furniture a text is.
type Furniture uint8

const (
	NotFurniture Furniture = iota
	Header                 // the running head
	Footer                 // the footer: the rights line and the page label
)

// Glyph is one glyph of a Text, placed relative to the Text's origin (Y
// grows down, as on the page). Its cluster is the stretch of S from Cluster
// to the next cluster's start (in logical order): a ligature stands for
// several characters, a conjunct's glyphs for one cluster together.
//
// The fields are ordered largest first, so that a glyph takes 24 bytes, not
// 32: a page holds thousands.
type Glyph struct {
	X, Y    Unit
	Cluster int32 // byte offset in S
	ID      uint16
}

// Rule is a straight line of the given thickness.
type Rule struct {
	X1, Y1, X2, Y2 Unit
	Width          Unit
	Color          Color
}

// Link is a clickable rectangle leading to URL.
type Link struct {
	X, Y, W, H Unit
	URL        string
	Elem       int32 // its Link element in Document.Elems; 0: none
}

// Bookmark is one outline entry pointing at a position on a page (0-based).
type Bookmark struct {
	Title string
	Level int
	Page  int
	Y     Unit
}

// WriteTrace writes a plain-text trace of the document: per page, one line
// per baseline with its position, first face and size, and its runs joined by
// " | " where they are drawn apart (so a changed line break or glue shows up),
// then the rules and links. Traces are what golden tests compare, so that a
// layout change is a readable diff rather than changed PDF bytes.
func (d *Document) WriteTrace(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "document %s x %s, %d pages\n", d.Width, d.Height, len(d.Pages))
	for _, o := range d.Outline {
		fmt.Fprintf(&b, "outline %d page %d y %s %q\n", o.Level, o.Page+1, o.Y, o.Title)
	}
	for i, p := range d.Pages {
		if p.Landscape {
			fmt.Fprintf(&b, "page %d landscape\n", i+1)
		} else {
			fmt.Fprintf(&b, "page %d\n", i+1)
		}
		for j := 0; j < len(p.Texts); {
			first := p.Texts[j]
			runs := []string{first.S}
			k := j + 1
			for ; k < len(p.Texts) && p.Texts[k].Y == first.Y; k++ {
				runs = append(runs, p.Texts[k].S)
			}
			fmt.Fprintf(&b, "  y %s x %s %s %s | %s\n", first.Y, first.X, first.Face, first.Size, strings.Join(runs, " | "))
			j = k
		}
		for _, r := range p.Rules {
			fmt.Fprintf(&b, "  rule %s %s %s %s\n", r.X1, r.Y1, r.X2, r.Y2)
		}
		for _, l := range p.Links {
			fmt.Fprintf(&b, "  link %s %s %s %s %s\n", l.X, l.Y, l.W, l.H, l.URL)
		}
		for _, im := range p.Images {
			fmt.Fprintf(&b, "  image %s %s %s %s %dx%d %q\n", im.X, im.Y, im.W, im.H, im.Pic.Width, im.Pic.Height, im.Alt)
		}
		if len(p.Rects) > 0 {
			fmt.Fprintf(&b, "  %d rects from %s %s\n", len(p.Rects), p.Rects[0].X, p.Rects[0].Y)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
