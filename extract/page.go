package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"

	"pdfexport/article"
)

// The page before extraction: its text, and what trafilatura does not say
// about it.

// metaCharset finds a declared encoding: <meta charset="…"> or the
// http-equiv form's "…; charset=…".
var metaCharset = regexp.MustCompile(`(?i)<meta\s[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// charsetWindow is how far into the page a declaration is looked for.
// HTML's prescan stops at 1,024 bytes; pages of go-trafilatura's corpus
// declare theirs after kilobytes of head, and a browser that reads them
// right has had the HTTP header say it.
const charsetWindow = 64 << 10

// decode returns the page as UTF-8 text, its byte order mark removed. A
// page that is valid UTF-8 is UTF-8, whatever it declares: sites that
// declare ISO-8859-1 and serve UTF-8 are common, and the reverse is not
// valid UTF-8 unless it is ASCII. Otherwise a byte order mark (UTF-16)
// decides, then a declared encoding, then windows-1252, HTML's default.
// Bytes the encoding cannot read become U+FFFD, as a browser shows them.
func decode(page []byte) string {
	if utf8.Valid(page) {
		return string(bytes.TrimPrefix(page, []byte("\uFEFF")))
	}
	if enc, _, certain := charset.DetermineEncoding(page, ""); certain {
		if s, err := enc.NewDecoder().Bytes(page); err == nil {
			return strings.TrimPrefix(string(s), "\uFEFF")
		}
	}
	if m := metaCharset.FindSubmatch(page[:min(len(page), charsetWindow)]); m != nil {
		if enc, name := charset.Lookup(string(m[1])); enc != nil && name != "utf-8" {
			if s, err := enc.NewDecoder().Bytes(page); err == nil {
				return string(s)
			}
		}
	}
	if s, err := charmap.Windows1252.NewDecoder().Bytes(page); err == nil {
		return string(s)
	}
	return string(bytes.ToValidUTF8(page, []byte("\uFFFD")))
}

// checkHTML refuses text that is no HTML page: one that does not start
// with markup (a doctype, a comment, a tag) once white space is skipped, as
// JSON, plain text, PDF and image files do not; and binary data, which
// holds NUL bytes where HTML never does.
func checkHTML(text string) error {
	t := strings.TrimLeft(text, " \t\n\r\f")
	if t == "" {
		return errNoArticle
	}
	if t[0] != '<' {
		start := []rune(t[:min(len(t), 40)])
		if len(start) > 12 {
			start = start[:12]
		}
		return fmt.Errorf("%w: this is not an HTML page: it starts with %q, not with markup such as <!DOCTYPE html> or <html>", article.ErrInvalid, string(start))
	}
	if strings.IndexByte(t[:min(len(t), 4096)], 0) >= 0 {
		return fmt.Errorf("%w: this is not an HTML page: it holds binary data (NUL bytes)", article.ErrInvalid)
	}
	return nil
}

// paragraphWork counts the page's p elements and the bytes of its text
// other than scripts' and styles' (see MaxParagraphWork).
func paragraphWork(text string) (paragraphs, bytes int) {
	z := html.NewTokenizer(strings.NewReader(text))
	hidden := 0 // script and style elements open
	for {
		switch z.Next() {
		case html.ErrorToken:
			return paragraphs, bytes
		case html.StartTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.P:
				paragraphs++
			case atom.Script, atom.Style:
				hidden++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); (a == atom.Script || a == atom.Style) && hidden > 0 {
				hidden--
			}
		case html.TextToken:
			if hidden == 0 {
				bytes += len(z.Raw())
			}
		}
	}
}

// pageFacts is what the page says that trafilatura's metadata does not
// carry: the language it declares (trafilatura replaces it with a guess
// from the text), the whole <title>, and the description of its Open Graph
// image.
type pageFacts struct {
	lang          string // <html lang>, else the content-language meta, else og:locale
	title         string // the <title> element's text
	imageAlt      string // og:image:alt or twitter:image:alt
	width, height int    // og:image:width and og:image:height
}

// readPage reads the facts from the parsed page.
func readPage(doc *html.Node) pageFacts {
	var f pageFacts
	var locale, contentLang string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Html:
			if f.lang == "" {
				f.lang = langTag(attr(n, "lang"))
			}
		case atom.Title:
			if f.title == "" && n.Namespace == "" {
				f.title = oneLine(textOf(n))
			}
			return false
		case atom.Meta:
			name := strings.ToLower(attr(n, "property"))
			if name == "" {
				name = strings.ToLower(attr(n, "name"))
			}
			content := attr(n, "content")
			switch name {
			case "og:image:alt", "twitter:image:alt":
				if f.imageAlt == "" {
					f.imageAlt = oneLine(content)
				}
			case "og:image:width":
				f.width = pixels(content)
			case "og:image:height":
				f.height = pixels(content)
			case "og:locale":
				locale = langTag(content)
			}
			if strings.EqualFold(attr(n, "http-equiv"), "content-language") {
				// It may list several; the first is the main one.
				first, _, _ := strings.Cut(content, ",")
				contentLang = langTag(first)
			}
		case atom.Body:
			// The metadata is in the head; a body is not searched for it.
			return false
		}
		return true
	})
	if f.lang == "" {
		f.lang = contentLang
	}
	if f.lang == "" {
		f.lang = locale
	}
	return f
}

// langPattern is the article model's shape of a language tag.
var langPattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// langTag returns s as a BCP 47 tag ("en_GB", Open Graph's form, is
// "en-GB"), or "" when it is none.
func langTag(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if !langPattern.MatchString(s) {
		return ""
	}
	return s
}

// pixels reads a size in pixels; anything else is no size.
func pixels(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 1<<20 {
		return 0
	}
	return n
}

// walk calls visit on n and its descendants in document order, entering a
// node's children only when visit returns true. It keeps its own stack:
// the parser allows 512 levels, and a walk per level would be as deep.
func walk(n *html.Node, visit func(*html.Node) bool) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !visit(n) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

// textOf is the text of n and its descendants, scripts and styles left
// out.
func textOf(n *html.Node) string {
	var sb strings.Builder
	walk(n, func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
		case html.ElementNode:
			return !invisible(n)
		}
		return true
	})
	return sb.String()
}

// invisible reports the elements whose text a reader does not see.
func invisible(n *html.Node) bool {
	switch tagOf(n) {
	case atom.Script, atom.Style, atom.Noscript, atom.Template:
		return true
	}
	return false
}

func attr(n *html.Node, key string) string { return attrOf(n.Attr, key) }
