package printhtml

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"pdfexport/article"
)

// The body is made in two steps: the article's blocks become a small view
// (below), in which everything HTML needs and the model does not say is
// decided in Go (which items nest in which list, which quote has a caption,
// which reference gets which id, where an image is fetched from); then
// body.html.tmpl writes the view. html/template does all the escaping, so
// no text or URL of an article can become markup.

//go:embed body.html.tmpl
var bodyText string

var bodyTemplates = template.Must(template.New("body").Parse(bodyText))

//go:embed body.css
var bodyCSS string

// Stylesheet returns the stylesheet of what Body and Lead write: figures,
// galleries, tables, quotes, lists, notes, embeds, footnotes and the inline
// styles, for the screen and for print. The print page has it inline; the
// reader pages link it as a file of their own, so both show the blocks
// alike.
func Stylesheet() string { return bodyCSS }

// Images says where a page fetches an image that is a file beside the
// article (its src a relative path, such as "images/harbour.jpg"): it
// returns the URL to use, or "" when the file cannot be served, and the
// image's alt text is shown in its place. A nil Images serves none.
// data: URIs of images and absolute http(s) URLs are used as they are.
type Images func(src string) string

// Body returns the article's body as HTML: paragraphs; h2 to h4 headings;
// block quotations, with their source in a figcaption; pull quotes; lists,
// nested by level, numbered from the model's numbers; figures and
// galleries with caption and credit; tables with caption, header rows
// and header cells' scope; preformatted text; dividers; embeds as a card;
// notes as a box; footnotes as a list with links back to their references.
// Runs are italic, bold, code, superscript, subscript, small, struck
// through, links and footnote references. Every character of the text is
// escaped.
func Body(a *article.Article, images Images) template.HTML {
	c := newConverter(a, images)
	c.lead() // the lead's caption comes first: its references are numbered first
	return c.execute("blocks", c.blocks(a.Body))
}

// Lead returns the article's lead image as a figure for the title block,
// or "" when it has none. It is fetched at once (not lazily): it is the
// first thing a reader sees.
func Lead(a *article.Article, images Images) template.HTML {
	c := newConverter(a, images)
	f := c.lead()
	if f == nil {
		return ""
	}
	return c.execute("figure", f)
}

// The view.

// block is one block of the body as the template writes it.
type block struct {
	Kind   string // p, h, quote, pullquote, list, figure, table, pre, hr, embed, note, footnotes
	Level  int    // h: 2 to 4
	Runs   []run
	Cite   []run // quote, pullquote: the source
	Label  string
	List   *list
	Figure *figure
	Table  *table
	Embed  *article.EmbedData
	Notes  []footnote
}

type list struct {
	Ordered bool
	Start   int // the first item's number; 1 is written as no start attribute
	Items   []*item
	next    int // the number the next item continues with
}

type item struct {
	Runs  []run
	Lists []*list // lists nested in this item, deeper by one level
}

type figure struct {
	Class   string // figure, gallery or lead
	Images  []image
	Caption []run
	Credit  string
}

type image struct {
	Src           any // a string (an http(s) or server URL) or a template.URL (a data: URI); nil: not shown
	Alt           string
	Width, Height int
	Lazy          bool // loading=lazy: every image but the lead
}

type table struct {
	Caption    []run
	Label      string // the caption's text, or "Table": the scrolling region's name
	Head, Body []row
}

type row struct{ Cells []cell }

type cell struct {
	Runs             []run
	Header           bool
	Scope            string // th: col, colgroup, row or rowgroup
	ColSpan, RowSpan int    // written when above 1
}

type footnote struct {
	note  string // the footnote's ID in the article
	ID    string // the list item's id
	Back  string // the id of its first reference; "" when nothing refers to it
	Label string // its mark
	Runs  []run
}

// run is a run of text as the template writes it: a link or a footnote
// reference around its styles, the styles nested in a fixed order.
type run struct {
	Text  string
	Style article.Style
	Link  string
	Ref   *ref // a footnote reference
}

// ref is a footnote reference: its own id and the footnote's.
type ref struct{ ID, Target string }

// styleTags are the inline styles, outermost first, and the element each
// is written as.
var styleTags = []struct {
	style article.Style
	tag   string
}{
	{article.Bold, "strong"}, {article.Italic, "em"}, {article.Strike, "s"}, {article.Small, "small"},
	{article.Code, "code"}, {article.Super, "sup"}, {article.Sub, "sub"},
}

// Outer is the element of the run's outermost style, "" for none; the
// template writes it around Inner.
func (r run) Outer() string {
	for _, s := range styleTags {
		if r.Style&s.style != 0 {
			return s.tag
		}
	}
	return ""
}

// Inner is the run without its outermost style.
func (r run) Inner() run {
	for _, s := range styleTags {
		if r.Style&s.style != 0 {
			r.Style &^= s.style
			return r
		}
	}
	return r
}

// converter turns an article's blocks into the view. It numbers footnote
// references in the order a reader meets them.
type converter struct {
	a      *article.Article
	images Images
	notes  map[string]bool // the article's footnote IDs
	refs   map[string]int  // references made so far, by footnote ID
}

func newConverter(a *article.Article, images Images) *converter {
	c := &converter{a: a, images: images, notes: map[string]bool{}, refs: map[string]int{}}
	for _, b := range a.Body {
		if b.Kind == article.Footnote && b.ID != "" {
			c.notes[b.ID] = true
		}
	}
	return c
}

func (c *converter) execute(name string, data any) template.HTML {
	var b bytes.Buffer
	if err := bodyTemplates.ExecuteTemplate(&b, name, data); err != nil {
		// The templates are fixed and the view is made here: a failure
		// is a defect of this package, not of an article.
		panic(fmt.Sprintf("printhtml: template %s: %v", name, err))
	}
	return template.HTML(b.String())
}

func (c *converter) lead() *figure {
	if c.a.Lead == nil || c.a.Lead.Figure == nil {
		return nil
	}
	f := c.figure(c.a.Lead.Figure, false)
	f.Class = "lead"
	return f
}

func (c *converter) blocks(bs []article.Block) []block {
	var out []block
	var open []*list // the lists open, outermost first
	for _, b := range bs {
		if b.Kind != article.ListItem {
			open = nil
		}
		switch b.Kind {
		case article.ListItem:
			var start *list
			open, start = c.listItem(open, b)
			if start != nil {
				out = append(out, block{Kind: "list", List: start})
			}
		case article.Heading:
			out = append(out, block{Kind: "h", Level: min(max(int(b.Level), 2), 4), Runs: c.runs(b.Runs)})
		case article.Quote, article.PullQuote:
			kind := map[bool]string{false: "quote", true: "pullquote"}[b.Kind == article.PullQuote]
			out = append(out, block{Kind: kind, Runs: c.runs(b.Runs), Cite: c.runs(b.Cite)})
		case article.Figure:
			if b.Figure != nil {
				out = append(out, block{Kind: "figure", Figure: c.figure(b.Figure, true)})
			}
		case article.Table:
			if b.Table != nil {
				out = append(out, block{Kind: "table", Table: c.table(b.Table)})
			}
		case article.Preformatted:
			out = append(out, block{Kind: "pre", Runs: c.runs(b.Runs)})
		case article.Divider:
			out = append(out, block{Kind: "hr"})
		case article.Embed:
			if b.Embed != nil {
				out = append(out, block{Kind: "embed", Embed: b.Embed})
			}
		case article.Note:
			out = append(out, block{Kind: "note", Label: b.Label, Runs: c.runs(b.Runs)})
		case article.Footnote:
			// Footnotes next to each other make one list, where the
			// model puts them (at the end, as a rule).
			if n := len(out); n == 0 || out[n-1].Kind != "footnotes" {
				out = append(out, block{Kind: "footnotes"})
			}
			out[len(out)-1].Notes = append(out[len(out)-1].Notes, footnote{
				note: b.ID, ID: noteID("fn", b.ID), Label: b.Label, Runs: c.runs(b.Runs),
			})
		default:
			out = append(out, block{Kind: "p", Runs: c.runs(b.Runs)})
		}
	}
	// A footnote links back to its first reference, which may come after
	// it: the back links are set once every reference has been met.
	for i := range out {
		for j, n := range out[i].Notes {
			if c.refs[n.note] > 0 {
				out[i].Notes[j].Back = noteID("fnref", n.note)
			}
		}
	}
	return out
}

// listItem adds a list item to the open lists, which it returns, with the
// list it starts at the outermost level if it does (a new block of the
// body). A list ends at its first item of another kind, at a numbered item
// that does not continue its numbering, and at any block that is not a
// list item; an item deeper than the one before it nests in that one's
// last item, one level deeper at most.
func (c *converter) listItem(open []*list, b article.Block) ([]*list, *list) {
	level := min(max(int(b.Level), 0), len(open))
	open = open[:min(len(open), level+1)]
	if level < len(open) {
		l := open[level]
		if l.Ordered != b.Ordered || (b.Ordered && b.Number != l.next) {
			open = open[:level] // the list ends; another starts at its level
		}
	}
	var started *list
	if level == len(open) {
		l := &list{Ordered: b.Ordered, Start: 1}
		if b.Ordered {
			l.Start, l.next = b.Number, b.Number
		}
		if level == 0 {
			started = l
		} else {
			parent := open[level-1]
			last := parent.Items[len(parent.Items)-1]
			last.Lists = append(last.Lists, l)
		}
		open = append(open, l)
	}
	l := open[level]
	l.Items = append(l.Items, &item{Runs: c.runs(b.Runs)})
	l.next++
	return open, started
}

func (c *converter) figure(f *article.FigureData, lazy bool) *figure {
	out := &figure{Class: "figure", Caption: c.runs(f.Caption), Credit: f.Credit}
	if len(f.Images) > 1 {
		out.Class = "gallery"
	}
	for _, im := range f.Images {
		out.Images = append(out.Images, image{
			Src: c.src(im.Src), Alt: im.Alt, Width: im.Width, Height: im.Height, Lazy: lazy,
		})
	}
	return out
}

// src is an image's src as the page gives it: a data: URI of an image
// and an absolute http(s) URL as they are, a file beside the article
// where Images serves it; nil for anything else (another scheme, a
// protocol-relative URL, a file that cannot be served).
func (c *converter) src(s string) any {
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "data:image/"):
		return template.URL(s) // html/template would refuse a data: URI given as a string
	case strings.HasPrefix(low, "http://"), strings.HasPrefix(low, "https://"):
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(s, "/") || c.images == nil {
		return nil
	}
	if served := c.images(s); served != "" {
		return served
	}
	return nil
}

func (c *converter) table(t *article.TableData) *table {
	out := &table{Caption: c.runs(t.Caption), Label: plain(t.Caption)}
	if out.Label == "" {
		out.Label = "Table"
	}
	for i, r := range t.Rows {
		head := i < t.HeadRows
		var cells []cell
		for _, tc := range r.Cells {
			ce := cell{Runs: c.runs(tc.Runs), Header: tc.Header || head, ColSpan: tc.ColSpan, RowSpan: tc.RowSpan}
			if ce.Header {
				switch {
				case head && tc.ColSpan > 1:
					ce.Scope = "colgroup"
				case head:
					ce.Scope = "col"
				case tc.RowSpan > 1:
					ce.Scope = "rowgroup"
				default:
					ce.Scope = "row"
				}
			}
			cells = append(cells, ce)
		}
		if head {
			out.Head = append(out.Head, row{cells})
		} else {
			out.Body = append(out.Body, row{cells})
		}
	}
	return out
}

// runs converts runs, numbering the footnote references among them.
func (c *converter) runs(rs []article.Run) []run {
	if len(rs) == 0 {
		return nil
	}
	out := make([]run, len(rs))
	for i, r := range rs {
		out[i] = run{Text: r.Text, Style: r.Style}
		if safeLink(r.Link) { // the parsers allow no other links, but a Source might
			out[i].Link = r.Link
		}
		if r.Note != "" && c.notes[r.Note] {
			c.refs[r.Note]++
			id := noteID("fnref", r.Note)
			if n := c.refs[r.Note]; n > 1 {
				id += "-" + strconv.Itoa(n) // a footnote referred to again: each reference has an id of its own
			}
			out[i].Ref = &ref{ID: id, Target: noteID("fn", r.Note)}
			out[i].Style &^= article.Super // a reference is set in a sup of its own
			out[i].Link = ""
		}
	}
	return out
}

// noteID makes an element id of a footnote's ID: ASCII letters and digits
// and '-' are kept, every other byte is written "_XX", so that two IDs
// never give one id and the id needs no escaping in a URL's fragment.
func noteID(prefix, id string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte('-')
	for i := 0; i < len(id); i++ {
		ch := id[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' {
			b.WriteByte(ch)
			continue
		}
		fmt.Fprintf(&b, "_%02x", ch)
	}
	return b.String()
}

// plain is the text of runs without their styles.
func plain(rs []article.Run) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
	}
	return strings.TrimSpace(b.String())
}
