// Package article is the article model of pdfexport and its parsers: the site's
// archive plain text, the JSON article, HTML bodies as CMSs render them
// (ParseHTMLBody, also the JSON article's "html"), and Arc XP's ANS story
// documents (ParseANS, whose texts are HTML too). An Article is plain Go
// values; it knows nothing of fonts, pages or HTTP. Parsers validate everything
// a user can get wrong and say what to fix, wrapping ErrEmpty or ErrInvalid so
// that callers can map them to their own error codes with errors.Is.
package article

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Article is one news article, ready for layout.
type Article struct {
	Title      string
	Standfirst string    // the short summary under the title; may be empty
	Byline     string    // "By …"; may be empty
	Date       string    // the publication date as written in the source, e.g. "4 January 2017"
	Published  time.Time // the same date, parsed; zero when unknown
	URL        string    // canonical absolute http(s) URL; may be empty
	Lang       string    // BCP 47 language tag; empty means unknown
	Rights     string    // the republishing-rights line; empty means "use the configured default"
	Lead       *Block    // the lead image: a Figure block set in the title block; nil for none
	Body       []Block   // the text, block by block

	// Dropped counts what a parser of HTML left out, by kind ("script",
	// "form", "ad", …: a small fixed set, see DroppedKinds), so that a
	// render can log it and count it; nil when nothing was.
	Dropped map[string]int
}

// BlockKind says what a block is.
type BlockKind uint8

// The kinds of block.
const (
	Paragraph    BlockKind = iota
	Heading                // a section heading within the article
	Quote                  // a block quotation; Cite names its source
	ListItem               // one item of a bulleted or numbered list, Level deep
	PullQuote              // a quotation set off for display; Cite names who said it
	Figure                 // Figure: an image, or a gallery of several, with caption and credit
	Table                  // Table, with Caption
	Preformatted           // text whose line breaks and spaces are kept ("\n" ends a line)
	Divider                // a thematic break (<hr>); it has no text
	Embed                  // embedded media (a video, a social post): Embed
	Note                   // a correction or editor's note, set in a box; Label heads it
	Footnote               // the text of a note referenced by runs whose Note is its ID; Label is its mark
	numKinds
)

func (k BlockKind) String() string {
	switch k {
	case Paragraph:
		return "paragraph"
	case Heading:
		return "heading"
	case Quote:
		return "quote"
	case ListItem:
		return "list item"
	case PullQuote:
		return "pull quote"
	case Figure:
		return "figure"
	case Table:
		return "table"
	case Preformatted:
		return "preformatted text"
	case Divider:
		return "divider"
	case Embed:
		return "embed"
	case Note:
		return "note"
	case Footnote:
		return "footnote"
	}
	return fmt.Sprintf("BlockKind(%d)", k)
}

// Block is one unit of the body: a paragraph-like block whose text is a
// sequence of styled runs, or a figure, table, embed or divider with the
// fields of its kind.
type Block struct {
	Kind    BlockKind
	Ordered bool  // ListItem: numbered rather than bulleted
	Level   int16 // Heading: 2, 3 or 4 (0 counts as 2); ListItem: nesting depth, 0 outermost
	Number  int   // ListItem in a numbered list: the item's number
	Runs    []Run

	Cite   []Run // Quote, PullQuote: the source, without a leading dash
	Figure *FigureData
	Table  *TableData
	Embed  *EmbedData
	Label  string // Note: its heading ("Correction"); Footnote: its mark ("1")
	ID     string // Footnote: the name its references give (Run.Note)
	// Lang is the block's language where its source says it differs
	// from the article's (HTML's lang attribute); empty for the article's.
	Lang string
}

// FigureData is a figure's pictures (several make a gallery), its caption
// and its credit.
type FigureData struct {
	Images  []Image
	Caption []Run
	Credit  string // who made the pictures ("Photo: …")
}

// Image is one picture of a figure, as the source names it; fetching and
// decoding happen at render time, under the renderer's rules.
type Image struct {
	Src           string // an absolute http(s) URL, a data: URI, or a path relative to the article's folder
	Alt           string // what the picture shows, for a reader who cannot see it
	Width, Height int    // the declared size in CSS pixels; 0 when not given
}

// TableData is a table's cells, row by row. Its first HeadRows rows are the
// header, repeated on every page the table spans.
type TableData struct {
	Rows     []TableRow
	HeadRows int
	Caption  []Run
}

// TableRow is one row of a table.
type TableRow struct{ Cells []TableCell }

// TableCell is one cell; ColSpan and RowSpan of 0 count as 1.
type TableCell struct {
	Runs             []Run
	Header           bool // a header cell (<th>)
	ColSpan, RowSpan int
}

// EmbedData is embedded media: what can be printed of it is its provider,
// its title and where to find it.
type EmbedData struct {
	URL      string // absolute http(s)
	Provider string // "YouTube", "X", …; may be empty
	Title    string // may be empty
}

// Style is a set of inline styles.
type Style uint8

// Inline styles, combinable.
const (
	Italic Style = 1 << iota
	Bold
	Code   // monospaced
	Super  // superscript
	Sub    // subscript
	Small  // smaller type (<small>: fine print, an aside)
	Strike // struck through (<s>, <del>: a correction shown)
)

// Run is text in one style, optionally a link or a footnote reference.
type Run struct {
	Text  string
	Style Style
	Link  string // absolute http(s) or mailto URL; empty for plain text
	Note  string // the ID of the Footnote this run refers to (its Text is the mark); empty for none
	// Lang is the run's language where its source says it differs from
	// its block's (HTML's lang attribute on a span, a JSON run's lang);
	// empty for the block's.
	Lang string
}

// eachRuns calls f with each of the block's texts: its runs, citation,
// caption and table cells.
func (b *Block) eachRuns(f func([]Run)) {
	f(b.Runs)
	f(b.Cite)
	if b.Figure != nil {
		f(b.Figure.Caption)
	}
	if t := b.Table; t != nil {
		f(t.Caption)
		for _, r := range t.Rows {
			for _, c := range r.Cells {
				f(c.Runs)
			}
		}
	}
}

// Para returns a plain paragraph block holding text.
func Para(text string) Block { return Block{Kind: Paragraph, Runs: []Run{{Text: text}}} }

// Text returns the block's text without styles.
func (b Block) Text() string {
	if len(b.Runs) == 1 {
		return b.Runs[0].Text
	}
	var sb strings.Builder
	for _, r := range b.Runs {
		sb.WriteString(r.Text)
	}
	return sb.String()
}

// Paragraphs returns the text of every block of the body, without styles.
func (a *Article) Paragraphs() []string {
	out := make([]string, len(a.Body))
	for i, b := range a.Body {
		out[i] = b.Text()
	}
	return out
}

// Errors wrapped by the parsers. ErrEmpty: there is nothing to render. ErrInvalid:
// there is input, but it is not a well-formed article; the message says why.
var (
	ErrEmpty   = errors.New("empty article")
	ErrInvalid = errors.New("invalid article")
)

// Limits on a single article, so that one request cannot ask for unbounded work.
const (
	MaxTitleRunes = 1000
	MaxParagraphs = 20000
	MaxImages     = 1000  // images in all figures and the lead
	MaxCells      = 20000 // table cells in all tables
)

var langPattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// Validate checks the invariants every parser guarantees; it is exported so that
// articles built in Go code (tests, other sources) are held to the same rules.
func (a *Article) Validate() error {
	if strings.TrimSpace(a.Title) == "" {
		return fmt.Errorf("%w: the article has no title", ErrInvalid)
	}
	if n := utf8.RuneCountInString(a.Title); n > MaxTitleRunes {
		return fmt.Errorf("%w: the title is %d characters long; at most %d are allowed", ErrInvalid, n, MaxTitleRunes)
	}
	if len(a.Body) > MaxParagraphs {
		return fmt.Errorf("%w: the article has %d paragraphs; at most %d are allowed", ErrInvalid, len(a.Body), MaxParagraphs)
	}
	if a.Lang != "" && !langPattern.MatchString(a.Lang) {
		return fmt.Errorf("%w: lang %q is not a language tag such as \"en\" or \"pt-BR\"", ErrInvalid, a.Lang)
	}
	if a.URL != "" {
		if err := checkURL(a.URL); err != nil {
			return err
		}
	}
	for _, f := range a.fields() {
		if err := checkText(f.name, f.text); err != nil {
			return err
		}
	}
	images, cells := 0, 0
	if a.Lead != nil {
		if a.Lead.Kind != Figure {
			return fmt.Errorf("%w: the lead is a %s, not a figure", ErrInvalid, a.Lead.Kind)
		}
		if err := a.Lead.validate(0); err != nil {
			return err
		}
		images += len(a.Lead.Figure.Images)
	}
	notes := map[string]bool{}
	for i, b := range a.Body {
		if err := b.validate(i + 1); err != nil {
			return err
		}
		if b.Figure != nil {
			images += len(b.Figure.Images)
		}
		if b.Table != nil {
			for _, r := range b.Table.Rows {
				cells += len(r.Cells)
			}
		}
		if b.Kind == Footnote {
			notes[b.ID] = true
		}
	}
	if images > MaxImages {
		return fmt.Errorf("%w: the article has %d images; at most %d are allowed", ErrInvalid, images, MaxImages)
	}
	if cells > MaxCells {
		return fmt.Errorf("%w: the article's tables have %d cells; at most %d are allowed", ErrInvalid, cells, MaxCells)
	}
	for i, b := range a.Body {
		for _, r := range b.Runs {
			if r.Note != "" && !notes[r.Note] {
				return fmt.Errorf("%w: %s %d refers to footnote %q, which the article does not have", ErrInvalid, b.Kind, i+1, r.Note)
			}
		}
	}
	return nil
}

// validate checks block n of the body (0: the lead).
func (b Block) validate(n int) error {
	name := fmt.Sprintf("%s %d", b.Kind, n)
	if n == 0 {
		name = "the lead image"
	}
	if b.Lang != "" && !langPattern.MatchString(b.Lang) {
		return fmt.Errorf("%w: %s: lang %q is not a language tag such as \"en\" or \"pt-BR\"", ErrInvalid, name, b.Lang)
	}
	if b.Kind >= numKinds {
		return fmt.Errorf("%w: block %d has an unknown kind", ErrInvalid, n)
	}
	switch b.Kind {
	case Divider:
		if b.Text() != "" {
			return fmt.Errorf("%w: %s has text; a divider has none", ErrInvalid, name)
		}
	case Figure:
		if b.Figure == nil || len(b.Figure.Images) == 0 {
			return fmt.Errorf("%w: %s has no image", ErrInvalid, name)
		}
		for _, im := range b.Figure.Images {
			if err := im.validate(name); err != nil {
				return err
			}
		}
		if err := checkText(name+"'s credit", b.Figure.Credit); err != nil {
			return err
		}
		if err := checkRuns(name+"'s caption", b.Figure.Caption, false); err != nil {
			return err
		}
	case Table:
		if err := b.Table.validate(name); err != nil {
			return err
		}
	case Embed:
		if b.Embed == nil {
			return fmt.Errorf("%w: %s has no URL", ErrInvalid, name)
		}
		if err := checkURL(b.Embed.URL); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, s := range []string{b.Embed.Provider, b.Embed.Title} {
			if err := checkText(name, s); err != nil {
				return err
			}
		}
	case Footnote:
		if b.ID == "" {
			return fmt.Errorf("%w: %s has no ID for its references", ErrInvalid, name)
		}
		fallthrough
	default:
		if strings.TrimSpace(b.Text()) == "" {
			return fmt.Errorf("%w: %s is empty", ErrInvalid, name)
		}
	}
	if err := checkRuns(name, b.Runs, b.Kind == Preformatted); err != nil {
		return err
	}
	if err := checkRuns(name+"'s citation", b.Cite, false); err != nil {
		return err
	}
	return checkText(name+"'s label", b.Label)
}

// checkRuns checks the text and links of runs; lines says whether line
// breaks are allowed in their text (preformatted text).
func checkRuns(name string, runs []Run, lines bool) error {
	for _, r := range runs {
		t := r.Text
		if lines {
			t = strings.ReplaceAll(t, "\n", " ")
		}
		if err := checkText(name, t); err != nil {
			return err
		}
		if r.Link != "" {
			if err := checkLink(r.Link); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if r.Lang != "" && !langPattern.MatchString(r.Lang) {
			return fmt.Errorf("%w: %s: lang %q is not a language tag such as \"en\" or \"pt-BR\"", ErrInvalid, name, r.Lang)
		}
	}
	return nil
}

func (im Image) validate(name string) error {
	if im.Src == "" {
		return fmt.Errorf("%w: %s has an image without a source", ErrInvalid, name)
	}
	if im.Width < 0 || im.Height < 0 {
		return fmt.Errorf("%w: %s has an image of negative size %d×%d", ErrInvalid, name, im.Width, im.Height)
	}
	if !strings.HasPrefix(im.Src, "data:") {
		if err := checkText(name+"'s image source", im.Src); err != nil {
			return err
		}
	}
	return checkText(name+"'s alt text", im.Alt)
}

// MaxSpan bounds a cell's colspan and rowspan, as browsers do (HTML caps
// colspan at 1000 and rowspan at 65534; a table that wide cannot be printed).
const MaxSpan = 1000

func (t *TableData) validate(name string) error {
	if t == nil || len(t.Rows) == 0 {
		return fmt.Errorf("%w: %s has no rows", ErrInvalid, name)
	}
	if err := checkRuns(name+"'s caption", t.Caption, false); err != nil {
		return err
	}
	if t.HeadRows < 0 || t.HeadRows > len(t.Rows) {
		return fmt.Errorf("%w: %s has %d header rows of %d", ErrInvalid, name, t.HeadRows, len(t.Rows))
	}
	for i, r := range t.Rows {
		for _, c := range r.Cells {
			if c.ColSpan < 0 || c.ColSpan > MaxSpan || c.RowSpan < 0 || c.RowSpan > MaxSpan {
				return fmt.Errorf("%w: %s, row %d: a cell spans %d columns and %d rows; at most %d of each are allowed", ErrInvalid, name, i+1, c.ColSpan, c.RowSpan, MaxSpan)
			}
			if err := checkRuns(fmt.Sprintf("%s, row %d", name, i+1), c.Runs, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkLink accepts what a reader can follow from a PDF: http(s) and mailto.
func checkLink(s string) error {
	if u, err := url.Parse(s); err == nil && u.Scheme == "mailto" && u.Opaque != "" {
		return nil
	}
	if err := checkURL(s); err != nil {
		return fmt.Errorf("%w: link %q is not an absolute http, https or mailto URL", ErrInvalid, s)
	}
	return nil
}

type field struct{ name, text string }

// fields lists the single-line text fields in a fixed order, so that the first
// error reported is always the same one.
func (a *Article) fields() []field {
	return []field{
		{"title", a.Title}, {"standfirst", a.Standfirst}, {"byline", a.Byline},
		{"date", a.Date}, {"rights", a.Rights},
	}
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: url %q is not an absolute http or https URL", ErrInvalid, s)
	}
	return nil
}

// checkText rejects text that cannot be typeset: invalid UTF-8 and control
// characters. Tabs are allowed (they are white space); line breaks are not,
// because every field is a single line by the time it reaches here.
func checkText(field, s string) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validAt(s, i):
			return fmt.Errorf("%w: %s is not valid UTF-8 (byte %d)", ErrInvalid, field, i)
		case r == '\t':
		case unicode.IsControl(r):
			return fmt.Errorf("%w: %s contains the control character U+%04X at byte %d", ErrInvalid, field, r, i)
		}
	}
	return nil
}

func validAt(s string, i int) bool {
	r, size := utf8.DecodeRuneInString(s[i:])
	return r != utf8.RuneError || size == 3 // U+FFFD itself is valid
}
