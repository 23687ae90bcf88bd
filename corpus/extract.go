package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"

	"pdfexport/article"
)

// extraction is one page turned into a pdfexport JSON article, or the reason
// it could not be.
type extraction struct {
	JSON      []byte           // the article as pdfexport's JSON input
	Article   *article.Article // JSON as pdfexport/article.ParseJSON reads it
	TitleFrom string           // where the title came from: one of the titleFrom constants
	Declared  string           // the language trafilatura gave, "" when none
	Controls  map[rune]int     // control characters removed (see converter.clean)
	Dropped   int              // characters of trafilatura's text not in the blocks (see dropped)
	Reason    string           // why there is no article; "" when there is one

	blocks []block // the text as mapped, before the title is taken from it
}

// The places a title is taken from, in the order they are tried.
const (
	titleFromMetadata = "metadata"      // trafilatura: meta tags, JSON-LD, a lone h1, <title>, …
	titleFromHeading  = "first heading" // the first heading of the extracted text
	titleFromElement  = "<title>"       // the page's <title>, whole
)

// extractPage extracts the article of one HTML page with go-trafilatura and
// maps it onto pdfexport's JSON article. pageURL, when known, is where the
// page was published: trafilatura resolves relative links against it, and
// it is the article's url when the page names none.
func extractPage(page []byte, pageURL *url.URL) (ex extraction) {
	doc, err := html.Parse(strings.NewReader(decodePage(page)))
	if err != nil {
		return extraction{Reason: "HTML: " + err.Error()}
	}
	// The <title> element is read before trafilatura sees the tree, which
	// it prunes while it works.
	pageTitle := elementText(doc, atom.Title)
	// A failure inside the extraction library is a finding about the
	// library, not about pdfexport: it is recorded and the run goes on.
	defer func() {
		if r := recover(); r != nil {
			ex = extraction{Reason: fmt.Sprintf("trafilatura panicked: %v", r)}
		}
	}()
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL: pageURL,
		// The fallbacks (readability, DOM distiller) find the text of
		// pages trafilatura's own heuristics miss: more real text to render.
		EnableFallback:  true,
		IncludeLinks:    true,
		ExcludeComments: true, // readers' comments are not the article
	})
	if err != nil {
		return extraction{Reason: "trafilatura: " + err.Error()}
	}
	ex = buildArticle(res.Metadata, res.ContentNode, pageTitle, pageURL)
	ex.Dropped = dropped(res.ContentText, ex.blocks)
	return ex
}

// dropped counts the characters of trafilatura's plain text (other than
// white space and control characters) that the mapped blocks lack: the
// check that the mapping keeps all the text it was given. It is 0 on every
// page of the corpus.
func dropped(text string, blocks []block) int {
	n := map[rune]int{}
	for _, r := range text {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) {
			n[r]++
		}
	}
	for _, b := range blocks {
		for _, r := range b.text() {
			n[r]--
		}
	}
	missing := 0
	for _, c := range n {
		missing += max(c, 0)
	}
	return missing
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)`)

// decodePage returns the page's text. A page that is valid UTF-8 is UTF-8,
// whatever it declares (sites that declare ISO-8859-1 and serve UTF-8 are
// common; the reverse cannot be valid UTF-8 unless it is ASCII). Otherwise
// the page's declared charset is used, found anywhere in its first 64 KiB
// (the HTML standard's prescan stops at 1,024 bytes, and a corpus page
// declared windows-1250 after 7 KB of head would then be read as
// windows-1252); a page declared UTF-8 that is not gets U+FFFD for its bad
// bytes, as a browser shows it; an undeclared one is windows-1252, the
// standard's default.
//
// go-trafilatura's own reader is not used: it guesses the encoding
// statistically (it read a small UTF-8 page as windows-1252), and it
// removes soft hyphens and recomposes the text, which would hide what
// pdfexport does with them.
func decodePage(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if utf8.Valid(b) {
		return string(b)
	}
	head := b[:min(len(b), 64<<10)]
	var enc encoding.Encoding
	if m := metaCharset.FindSubmatch(head); m != nil {
		var name string
		if enc, name = charset.Lookup(string(m[1])); name == "utf-8" {
			return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
		}
	}
	if enc == nil {
		enc, _, _ = charset.DetermineEncoding(b, "")
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
	}
	return string(s)
}

// buildArticle maps trafilatura's metadata and extracted text onto a JSON
// article and checks it with pdfexport's own parser.
func buildArticle(meta trafilatura.Metadata, content *html.Node, pageTitle string, pageURL *url.URL) extraction {
	conv := &converter{}
	if content != nil {
		conv.walk(content)
		conv.flush()
	}
	blocks := conv.blocks
	ex := extraction{Declared: meta.Language, blocks: conv.blocks}

	// The title: trafilatura's own choice (it already falls back on a
	// lone h1, title selectors and the parts of <title>); else the first
	// heading of the text, moved out of the body so it is not printed
	// twice; else the whole <title>, site name and all, since a reader
	// would rather see that than nothing. No invented title: a page that
	// has none of these is counted as "no title".
	title := conv.tidy(meta.Title)
	ex.TitleFrom = titleFromMetadata
	if title == "" {
		for i, b := range blocks {
			if b.kind == kindHeading {
				title = b.text()
				blocks = append(blocks[:i:i], blocks[i+1:]...)
				ex.TitleFrom = titleFromHeading
				break
			}
		}
	}
	if title == "" {
		title = conv.tidy(pageTitle)
		ex.TitleFrom = titleFromElement
	}
	if title == "" {
		ex.Controls = conv.controls
		ex.Reason = "no title"
		return ex
	}
	// Pages often repeat their title as the first heading of the text; it
	// is already printed as the title.
	if len(blocks) > 0 && blocks[0].kind == kindHeading && sameText(blocks[0].text(), title) {
		blocks = blocks[1:]
	}

	ja := jsonArticle{Title: title, Body: bodyJSON(blocks)}
	// The page's description is its standfirst, unless it only repeats the
	// title or the start of the text (sites often use the first sentences).
	if d := conv.tidy(meta.Description); d != "" && !sameText(d, title) && !(len(blocks) > 0 && repeats(blocks[0].text(), d)) {
		ja.Standfirst = d
	}
	ja.Byline = strings.ReplaceAll(conv.tidy(meta.Author), "; ", ", ")
	if !meta.Date.IsZero() {
		ja.Published = meta.Date.Format("2006-01-02")
	}
	ja.Lang = languageTag(meta.Language)
	switch {
	case absoluteHTTP(meta.URL):
		ja.URL = meta.URL
	case pageURL != nil && absoluteHTTP(pageURL.String()):
		ja.URL = pageURL.String()
	}
	ex.Controls = conv.controls

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep the JSON readable: <, > and & as written
	enc.SetIndent("", " ")
	if err := enc.Encode(ja); err != nil {
		ex.Reason = "JSON: " + err.Error()
		return ex
	}
	ex.JSON = buf.Bytes()
	a, err := article.ParseJSON(ex.JSON)
	if err != nil {
		ex.Reason = err.Error()
		return ex
	}
	ex.Article = a
	return ex
}

// sameText reports whether a and b are the same words, ignoring case and
// spacing.
func sameText(a, b string) bool { return fold(a) == fold(b) }

// repeats reports whether the description d is the beginning of text,
// perhaps cut short with an ellipsis.
func repeats(text, d string) bool {
	d = strings.TrimRight(strings.TrimSpace(d), ".… ")
	return d != "" && strings.HasPrefix(fold(text), fold(d))
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// languageTag returns l as a BCP 47 tag, or "" (pdfexport then detects the
// language from the text) when it is not one.
func languageTag(l string) string {
	l = strings.ReplaceAll(strings.TrimSpace(l), "_", "-")
	if !langTag.MatchString(l) {
		return ""
	}
	return l
}

// absoluteHTTP reports what pdfexport accepts as an article's url.
func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// followable reports what pdfexport accepts as a link: absolute http(s), or
// mailto. Other hrefs (fragments, javascript:, relative paths that could
// not be resolved) lose their link, never their text.
func followable(s string) bool {
	if u, err := url.Parse(s); err == nil && u.Scheme == "mailto" && u.Opaque != "" {
		return true
	}
	return absoluteHTTP(s)
}

// elementText returns the text of the first element a in n, or "".
func elementText(n *html.Node, a atom.Atom) string {
	if n.Type == html.ElementNode && tag(n) == a {
		var sb strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				sb.WriteString(c.Data)
			}
		}
		return sb.String()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if s := elementText(c, a); s != "" {
			return s
		}
	}
	return ""
}

// The JSON article, as README "Input formats" describes it.
type jsonArticle struct {
	Title      string `json:"title"`
	Standfirst string `json:"standfirst,omitempty"`
	Byline     string `json:"byline,omitempty"`
	Published  string `json:"published,omitempty"`
	URL        string `json:"url,omitempty"`
	Lang       string `json:"lang,omitempty"`
	Body       []any  `json:"body"`
}

type jsonBlock struct {
	Type    string    `json:"type,omitempty"`
	Text    string    `json:"text,omitempty"`
	Runs    []jsonRun `json:"runs,omitempty"`
	Ordered bool      `json:"ordered,omitempty"`
	Start   *int      `json:"start,omitempty"`
	Items   []any     `json:"items,omitempty"`
}

type jsonRun struct {
	Text   string `json:"text"`
	Italic bool   `json:"italic,omitempty"`
	Bold   bool   `json:"bold,omitempty"`
	Link   string `json:"link,omitempty"`
}

// bodyJSON writes blocks as body items: plain text as strings, styled text
// as runs, consecutive items of one list as one list.
func bodyJSON(blocks []block) []any {
	body := []any{}
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		switch b.kind {
		case kindItem:
			l := jsonBlock{Type: "list", Ordered: b.ordered}
			if b.ordered && b.number != 1 {
				l.Start = &b.number
			}
			for ; i < len(blocks) && blocks[i].kind == kindItem && blocks[i].list == b.list; i++ {
				if text, ok := blocks[i].plain(); ok {
					l.Items = append(l.Items, text)
				} else {
					l.Items = append(l.Items, jsonBlock{Runs: blocks[i].runs})
				}
			}
			i--
			body = append(body, l)
		default:
			text, plain := b.plain()
			if b.kind == kindParagraph && plain {
				body = append(body, text)
				continue
			}
			jb := jsonBlock{Type: map[blockKind]string{kindHeading: "heading", kindQuote: "quote"}[b.kind]}
			if plain {
				jb.Text = text
			} else {
				jb.Runs = b.runs
			}
			body = append(body, jb)
		}
	}
	return body
}

type blockKind uint8

const (
	kindParagraph blockKind = iota
	kindHeading
	kindQuote
	kindItem
)

// block is one block of the extracted text, before it is written as JSON.
type block struct {
	kind    blockKind
	runs    []jsonRun
	list    int // kindItem: which list the item belongs to
	ordered bool
	number  int
}

func (b *block) text() string {
	var sb strings.Builder
	for _, r := range b.runs {
		sb.WriteString(r.Text)
	}
	return sb.String()
}

// plain returns the block's text when it has neither style nor link.
func (b *block) plain() (string, bool) {
	if len(b.runs) == 1 && b.runs[0] == (jsonRun{Text: b.runs[0].Text}) {
		return b.runs[0].Text, true
	}
	return "", false
}

// converter flattens trafilatura's HTML (paragraphs, headings, lists,
// quotes, tables, and the loose div soup its fallback extractors return)
// into pdfexport's flat sequence of blocks. Every character of text in the
// tree reaches a block, except control characters, which pdfexport refuses
// in an article (README "Input formats"): they are removed and counted.
//
// pdfexport has no nesting inside a block, so inside a list item, a table
// row or a heading (a "flat" container) every block element below becomes a
// separator: a space, or " | " between table cells. The one exception is a
// list inside a list item, which ends the item and becomes a list of its
// own; text after it in the same item continues as a paragraph.
type converter struct {
	blocks   []block
	cur      *block
	pending  string // separator to write before the next text of cur
	bold     int
	italic   int
	links    []string // innermost last; "" for a link pdfexport cannot follow
	quote    int
	flat     []atom.Atom // the flat containers we are in, innermost last
	lists    []*list
	orphans  map[*html.Node]*list // lists for list items outside any list
	nLists   int
	controls map[rune]int
}

type list struct {
	id      int
	ordered bool
	next    int
}

// Elements whose content is not text a reader sees.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Img: true, atom.Video: true, atom.Audio: true, atom.Picture: true,
	atom.Source: true, atom.Canvas: true, atom.Map: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Colgroup: true,
}

// Elements that end the text before them and start a new block.
var blockElements = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true,
	atom.Dialog: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true, atom.Legend: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true,
	atom.Tr: true, atom.Ul: true, atom.Menu: true,
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func (c *converter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data)
		return
	case html.ElementNode:
		c.element(n)
		return
	}
	c.children(n)
}

func (c *converter) children(n *html.Node) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch)
	}
}

func (c *converter) element(n *html.Node) {
	a := tag(n)
	switch {
	case skipped[a]:
		return
	case a == atom.Br:
		// Lines of a paragraph (a recipe's ingredients, a poem, an address)
		// become paragraphs; in a list item, heading or table row, which
		// must stay one block, a space.
		if len(c.flat) > 0 {
			c.text(" ")
		} else {
			c.flush() // the text after it opens a block of the same kind
		}
		return
	case a == atom.B || a == atom.Strong:
		c.bold++
		c.children(n)
		c.bold--
		return
	case a == atom.I || a == atom.Em || a == atom.Cite || a == atom.Dfn || a == atom.Var:
		c.italic++
		c.children(n)
		c.italic--
		return
	case a == atom.A:
		href := strings.TrimSpace(attr(n, "href"))
		if !followable(href) {
			href = ""
		}
		c.links = append(c.links, href)
		c.children(n)
		c.links = c.links[:len(c.links)-1]
		return
	case !blockElements[a]:
		c.children(n) // span, u, sup, code, unknown elements: their text, unstyled
		return
	}
	if len(c.flat) > 0 {
		c.inFlat(n)
		return
	}
	switch {
	case isHeading(a):
		c.container(n, block{kind: kindHeading})
	case a == atom.Ul || a == atom.Ol || a == atom.Menu:
		c.list(n)
	case a == atom.Li:
		l := c.currentList(n)
		b := block{kind: kindItem, list: l.id, ordered: l.ordered, number: l.next}
		l.next++
		c.container(n, b)
	case a == atom.Tr || a == atom.Td || a == atom.Th:
		// A row is one paragraph, its cells separated; a cell found outside
		// a row (trafilatura leaves some) is a row of its own.
		c.container(n, block{kind: c.paragraphKind()})
	case a == atom.Blockquote:
		c.flush()
		c.quote++
		c.children(n)
		c.quote--
		c.flush()
	default:
		c.flush()
		c.children(n)
		c.flush()
	}
}

// container lays out a flat container: one block for the element and all
// it holds.
func (c *converter) container(n *html.Node, b block) {
	c.flush()
	c.cur = &b
	c.flat = append(c.flat, tag(n))
	c.children(n)
	c.flat = c.flat[:len(c.flat)-1]
	c.flush()
}

// inFlat handles a block element inside a flat container.
func (c *converter) inFlat(n *html.Node) {
	a := tag(n)
	inner := c.flat[len(c.flat)-1]
	if (a == atom.Ul || a == atom.Ol || a == atom.Menu) && inner == atom.Li {
		saved := c.flat
		c.flush()
		c.flat = nil
		c.list(n)
		c.flat = saved
		return
	}
	sep := " "
	if a == atom.Td || a == atom.Th {
		sep = " | "
	}
	c.separate(sep)
	c.children(n)
	c.separate(" ")
}

func (c *converter) list(n *html.Node) {
	c.flush()
	c.nLists++
	l := &list{id: c.nLists, ordered: tag(n) == atom.Ol, next: 1}
	if l.ordered {
		if _, err := fmt.Sscanf(attr(n, "start"), "%d", &l.next); err != nil {
			l.next = 1
		}
	}
	c.lists = append(c.lists, l)
	c.children(n)
	c.lists = c.lists[:len(c.lists)-1]
	c.flush()
}

// currentList is the list a list item belongs to: the innermost list
// element, or for items outside any, one list per parent element so that
// sibling items stay together.
func (c *converter) currentList(li *html.Node) *list {
	if len(c.lists) > 0 {
		return c.lists[len(c.lists)-1]
	}
	if c.orphans == nil {
		c.orphans = map[*html.Node]*list{}
	}
	l := c.orphans[li.Parent]
	if l == nil {
		c.nLists++
		l = &list{id: c.nLists, next: 1}
		c.orphans[li.Parent] = l
	}
	return l
}

func (c *converter) paragraphKind() blockKind {
	if c.quote > 0 {
		return kindQuote
	}
	return kindParagraph
}

// separate asks for sep before the next text of the current block; the
// strongest separator asked for wins, and none is written at a block's edge.
func (c *converter) separate(sep string) {
	if c.cur != nil && len(sep) > len(c.pending) {
		c.pending = sep
	}
}

// text adds text to the current block, opening one if needed. White space
// is collapsed as HTML does (pdfexport would collapse it too); no-break
// and other Unicode spaces are kept, being text.
func (c *converter) text(s string) {
	s = c.clean(s)
	if s == "" {
		return
	}
	if c.cur == nil {
		if strings.TrimSpace(s) == "" {
			return
		}
		c.cur = &block{kind: c.paragraphKind()}
	}
	if c.pending != "" && strings.TrimSpace(s) != "" {
		if len(c.cur.runs) > 0 {
			c.appendRun(jsonRun{Text: c.pending})
		}
		c.pending = ""
	}
	r := jsonRun{Text: s, Bold: c.bold > 0, Italic: c.italic > 0}
	if len(c.links) > 0 {
		r.Link = c.links[len(c.links)-1]
	}
	c.appendRun(r)
}

// clean collapses HTML white space and removes control characters,
// counting them. Leading and trailing space is kept: it separates runs.
func (c *converter) clean(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f':
			space = true
			continue
		case unicode.IsControl(r):
			if c.controls == nil {
				c.controls = map[rune]int{}
			}
			c.controls[r]++
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	if space {
		sb.WriteByte(' ')
	}
	return sb.String()
}

// tidy is clean for a one-line field: trimmed.
func (c *converter) tidy(s string) string { return strings.TrimSpace(c.clean(s)) }

// appendRun adds r to the current block, joining it to the last run when
// they look the same, and never doubling a space between them.
func (c *converter) appendRun(r jsonRun) {
	b := c.cur
	if n := len(b.runs); n > 0 {
		last := &b.runs[n-1]
		if strings.HasSuffix(last.Text, " ") {
			r.Text = strings.TrimPrefix(r.Text, " ")
			if r.Text == "" {
				return
			}
		}
		if last.Bold == r.Bold && last.Italic == r.Italic && last.Link == r.Link {
			last.Text += r.Text
			return
		}
	}
	b.runs = append(b.runs, r)
}

// flush ends the current block: trimmed, and kept only when it has text.
func (c *converter) flush() {
	b := c.cur
	c.cur, c.pending = nil, ""
	if b == nil {
		return
	}
	for len(b.runs) > 0 {
		b.runs[0].Text = strings.TrimLeftFunc(b.runs[0].Text, unicode.IsSpace)
		if b.runs[0].Text != "" {
			break
		}
		b.runs = b.runs[1:]
	}
	for len(b.runs) > 0 {
		last := &b.runs[len(b.runs)-1]
		last.Text = strings.TrimRightFunc(last.Text, unicode.IsSpace)
		if last.Text != "" {
			break
		}
		b.runs = b.runs[:len(b.runs)-1]
	}
	if len(b.runs) == 0 {
		return
	}
	c.blocks = append(c.blocks, *b)
}

// tag is the element's name as an atom. Trafilatura builds many of the
// elements it returns by name alone, leaving DataAtom zero.
func tag(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
