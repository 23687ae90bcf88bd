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
	Body       []string  // paragraphs, each a single line of text
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
	for i, p := range a.Body {
		if err := checkText(fmt.Sprintf("paragraph %d", i+1), p); err != nil {
			return err
		}
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
