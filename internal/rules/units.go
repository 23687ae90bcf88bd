package rules

import (
	"fmt"
	"strings"

	"pdfexport/article"
)

// blockKind is what a unit of text is: a block of the body, a part of one
// (a quotation's citation, a figure's caption, a table's cell), or a field
// of the title block.
type blockKind uint8

const (
	titleField blockKind = iota
	paragraph
	heading
	quote
	listItem
	citation // a quotation's "— source" line
	pullQuote
	caption        // a figure's caption and credit, on their own line(s) under its pictures
	missingPicture // the framed "Image unavailable: alt" that stands for a picture that could not be had
	picture        // a picture drawn: no text, matched by its alt text
	note
	embed
	preformatted // one line of preformatted text
	footnote
	tableCaption
	tableCell
)

func (k blockKind) String() string {
	return [...]string{
		"title block", "paragraph", "heading", "quote", "list item", "citation", "pull quote",
		"figure caption", "missing picture", "picture", "note", "embed", "preformatted line",
		"footnote", "table caption", "table cell",
	}[k]
}

func kindOf(k article.BlockKind) blockKind {
	switch k {
	case article.Heading:
		return heading
	case article.Quote:
		return quote
	case article.ListItem:
		return listItem
	case article.PullQuote:
		return pullQuote
	case article.Note:
		return note
	case article.Embed:
		return embed
	case article.Footnote:
		return footnote
	}
	return paragraph
}

// bullets are the markers of list items by depth, as the house design sets
// them (a test of the checker would see a wrong one as wrong text).
var bullets = []string{"•", "◦", "▪"}

// figure is what the checker knows of one figure of the article: its units
// (a picture unit for each image, then a missing-picture unit for each,
// all optional because which images could be had is the renderer's
// business, then its caption) and, once the pages are read, where it was
// found.
type figure struct {
	block      int // in the body; -1: the lead image
	float      bool
	images     int
	start, end int // its units in the checker's list: units[start:end]
	state      figState
	place      int // the page on which the text before it ends, when it was not found there
}

type figState uint8

const (
	figAhead   figState = iota // not reached yet
	figInPlace                 // read where it stands in the text
	figPending                 // its place passed, not yet read
	figMoved                   // read after its place (it floated)
	figEarly                   // read before its place
)

func (f *figure) name() string {
	if f.block < 0 {
		return "the lead image"
	}
	return fmt.Sprintf("figure %d", f.block+1)
}

// table is what the checker knows of one table: its units, its header
// rows' cells, which must stand again at the top of every page it
// continues on, and the last page it was read on. A table set with the
// paper turned stands on pages of its own after the page where the text
// before it ends, the text going on on that page: it is read where it is
// found, as a floated figure is (see reader).
type table struct {
	block      int
	start, end int     // its units in the checker's list: units[start:end]
	head       []*unit // the header rows' cells, in order
	lastPage   int     // -1 before it is read
	state      figState
	place      int // the page on which the text before it ends, when it was not found there
}

func (t *table) name() string { return fmt.Sprintf("table %d", t.block+1) }

// units lists what the pages must hold, in order: the title block's fields
// and lead image, then the body's blocks (a list item with its marker, a
// quotation with its citation, a figure as its pictures, missing pictures
// and caption, a table as its caption and cells row by row, preformatted
// text line by line; a divider has no text), then the footnotes nothing
// refers to, each with its mark, as the house design gathers them at the
// end (a footnote a run refers to is at the foot of its reference's page:
// see checkFootnotes).
func (c *checker) units(a *article.Article, lang string) []*unit {
	var out, notes []*unit
	add := func(to *[]*unit, kind blockKind, block int, marker, text string) *unit {
		u := c.newUnit(kind, block, marker, text, isRTLText(text, lang))
		if len(u.atoms) == 0 {
			return nil
		}
		*to = append(*to, u)
		return u
	}
	for _, f := range []string{a.Date, a.Title, a.Standfirst, a.Byline, a.URL} {
		add(&out, titleField, -1, "", f)
	}
	refs := map[string]int{} // a footnote's ID: the block of its first reference
	for i, b := range a.Body {
		for _, r := range b.Runs {
			if _, ok := refs[r.Note]; r.Note != "" && !ok {
				refs[r.Note] = i
			}
		}
	}
	if a.Lead != nil && a.Lead.Figure != nil {
		out = c.figureUnits(out, a.Lead.Figure, -1, false, lang)
	}
	for i, b := range a.Body {
		switch b.Kind {
		case article.Divider:
			continue
		case article.Figure:
			if b.Figure != nil {
				out = c.figureUnits(out, b.Figure, i, true, lang)
			}
			continue
		case article.Table:
			if b.Table != nil {
				out = c.tableUnits(out, b.Table, i, lang)
			}
			continue
		case article.Preformatted:
			for _, l := range strings.Split(b.Text(), "\n") {
				add(&out, preformatted, i, "", l)
			}
			continue
		case article.Footnote:
			if ref, ok := refs[b.ID]; ok {
				c.notes = append(c.notes, pageNote{label: b.Label, text: b.Text(), ref: ref})
			} else {
				add(&notes, footnote, i, b.Label, b.Text()) // nothing refers to it: at the end
			}
			continue
		case article.Note:
			text := b.Text()
			if l := strings.TrimSpace(b.Label); l != "" {
				if !strings.HasSuffix(l, ":") {
					l += ":"
				}
				text = l + " " + text
			}
			add(&out, note, i, "", text)
			continue
		case article.Embed:
			if e := b.Embed; e != nil {
				text := e.Provider
				if text == "" {
					text = "Embedded content"
				}
				if e.Title != "" {
					text += ": " + e.Title
				}
				add(&out, embed, i, "", text+" "+e.URL)
			}
			continue
		}
		marker := ""
		if b.Kind == article.ListItem {
			marker = bullets[max(int(b.Level), 0)%len(bullets)]
			if b.Ordered {
				marker = fmt.Sprintf("%d.", b.Number)
			}
		}
		add(&out, kindOf(b.Kind), i, marker, b.Text())
		if len(b.Cite) > 0 { // set under any block of text that names a source, as compose sets it
			add(&out, citation, i, "", "— "+runsText(b.Cite))
		}
	}
	return append(out, notes...)
}

// figureUnits appends a figure's units: a picture for each image, a
// missing picture for each, then its caption and credit as one line.
func (c *checker) figureUnits(out []*unit, f *article.FigureData, block int, float bool, lang string) []*unit {
	fig := &figure{block: block, float: float, images: len(f.Images), start: len(out)}
	c.figures = append(c.figures, fig)
	for _, im := range f.Images {
		out = append(out, &unit{kind: picture, block: block, optional: true, alt: im.Alt, fig: fig})
	}
	for _, im := range f.Images {
		text := "Image unavailable"
		if alt := strings.TrimSpace(im.Alt); alt != "" {
			text += ": " + alt
		}
		u := c.newUnit(missingPicture, block, "", text, isRTLText(text, lang))
		u.optional, u.fig = true, fig
		out = append(out, u)
	}
	text := runsText(f.Caption)
	if f.Credit != "" {
		if text != "" {
			text += " "
		}
		text += f.Credit
	}
	if u := c.newUnit(caption, block, "", text, isRTLText(text, lang)); len(u.atoms) > 0 {
		u.fig = fig
		out = append(out, u)
	}
	fig.end = len(out)
	for _, u := range out[fig.start:fig.end] {
		u.inTitle = block < 0
	}
	return out
}

// tableUnits appends a table's caption and its cells, row by row; a cell
// with no text has no unit.
func (c *checker) tableUnits(out []*unit, t *article.TableData, block int, lang string) []*unit {
	tb := &table{block: block, lastPage: -1, start: len(out)}
	c.tables = append(c.tables, tb)
	if text := runsText(t.Caption); text != "" {
		if u := c.newUnit(tableCaption, block, "", text, isRTLText(text, lang)); len(u.atoms) > 0 {
			u.tbl = tb
			out = append(out, u)
		}
	}
	head := min(max(t.HeadRows, 0), len(t.Rows))
	for r, row := range t.Rows {
		for col, cell := range row.Cells {
			text := runsText(cell.Runs)
			u := c.newUnit(tableCell, block, "", text, isRTLText(text, lang))
			if len(u.atoms) == 0 {
				continue
			}
			u.tbl, u.row, u.col, u.header = tb, r, col, r < head
			out = append(out, u)
			if u.header {
				tb.head = append(tb.head, u)
			}
		}
	}
	if head == len(t.Rows) {
		tb.head = nil // no body rows: nothing to repeat it over
	}
	tb.end = len(out)
	return out
}

func runsText(runs []article.Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// copyHead returns fresh units for t's header rows, to read a repetition
// of them on a page the table continues on.
func (t *table) copyHead() []*unit {
	out := make([]*unit, len(t.head))
	for i, h := range t.head {
		u := *h
		u.lines = nil
		out[i] = &u
	}
	return out
}
