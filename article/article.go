// Package article is the article model of pdfexport and its parsers: the site's
// archive plain text and the JSON article. An Article is plain Go values; it knows
// nothing of fonts, pages or HTTP. Parsers validate everything a user can get
// wrong and say what to fix, wrapping ErrEmpty or ErrInvalid so that callers can
// map them to their own error codes with errors.Is.
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
	Body       []Block   // the text, block by block
}

// BlockKind says what a block is.
type BlockKind uint8

// The kinds of block.
const (
	Paragraph BlockKind = iota
	Heading             // a section heading within the article
	Quote               // a block quotation
	ListItem            // one item of a bulleted or numbered list
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
	}
	return fmt.Sprintf("BlockKind(%d)", k)
}

// Block is one paragraph-like unit of the body: its text is a sequence of
// styled runs.
type Block struct {
	Kind    BlockKind
	Runs    []Run
	Ordered bool // ListItem: numbered rather than bulleted
	Number  int  // ListItem in a numbered list: the item's number
}

// Style is a set of inline styles.
type Style uint8

// Inline styles, combinable.
const (
	Italic Style = 1 << iota
	Bold
)

// Run is text in one style, optionally a link.
type Run struct {
	Text  string
	Style Style
	Link  string // absolute http(s) or mailto URL; empty for plain text
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
	for i, b := range a.Body {
		if err := b.validate(i + 1); err != nil {
			return err
		}
	}
	return nil
}

func (b Block) validate(n int) error {
	name := fmt.Sprintf("%s %d", b.Kind, n)
	if b.Kind > ListItem {
		return fmt.Errorf("%w: block %d has an unknown kind", ErrInvalid, n)
	}
	if strings.TrimSpace(b.Text()) == "" {
		return fmt.Errorf("%w: %s is empty", ErrInvalid, name)
	}
	for _, r := range b.Runs {
		if err := checkText(name, r.Text); err != nil {
			return err
		}
		if r.Link != "" {
			if err := checkLink(r.Link); err != nil {
				return fmt.Errorf("%s: %w", name, err)
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
